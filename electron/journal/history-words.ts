import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';
import { retellIn } from '../payments/recorded-words.ts';

/**
 * The words F7's card payment history joins its notes with ("from the reply;
 * reference PSP-1; settled by Mia"), in the till's language. What was recorded
 * (a reason, a terminal's status) is retold as the payment words do.
 */
export const historyWords = {
  from: (source: string) => `from the ${source}`,
  reference: (reference: string) => `reference ${reference}`,
  settledBy: (name: string) => `settled by ${name}`,
  askedTo: (action: string) => `asked to ${action}`,
  terminalSaid: (status: string) => `terminal said ${status}`,
  retell: retellIn('en'),
} as const;

/** A translation of the history words: every key, each function with the same parameters. */
export type HistoryWords = Translation<typeof historyWords>;

/** Where a result came from, as the payment run names it, in Dutch. */
const BRON: Readonly<Record<string, string>> = {
  reply: 'het antwoord op het verzoek',
  notification: 'een melding',
  status: 'een statusvraag',
  manager: 'een manager',
};

const HANDELING: Readonly<Record<string, string>> = { abort: 'af te breken' };

export const historyWordsNl = {
  from: (source: string) => `via ${BRON[source] ?? source}`,
  reference: (reference: string) => `referentie ${reference}`,
  settledBy: (name: string) => `afgehandeld door ${name}`,
  askedTo: (action: string) => `gevraagd ${HANDELING[action] ?? action}`,
  terminalSaid: (status: string) => `pinautomaat zei ${status}`,
  retell: retellIn('nl'),
} satisfies HistoryWords;

/** The history's words in the till's configured language. */
export function historyWordsFor(language: Language): HistoryWords {
  switch (language) {
    case 'en':
      return historyWords;
    case 'nl':
      return historyWordsNl;
  }
}
