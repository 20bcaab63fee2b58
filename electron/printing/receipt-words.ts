import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * What main says to the cashier about finding a receipt (the F6 panel, the
 * journal): what happened and what to do next. The screen's own words are in
 * renderer/i18n/messages.ts; the printed receipt's are in receipt-document.ts.
 */
export const receiptWords = {
  notANumber: (typed: string) =>
    `“${typed}” is not a receipt number. Type the number printed under the receipt, or just its last digits (R and the digits for a refund).`,
  notFound: (receiptNumber: string) =>
    `There is no receipt ${receiptNumber} on this till. Check the number on the receipt; a receipt from another till can only be found there.`,
  /** The journal's shorter form: the number came from a search of this till, not from paper to check. */
  notInJournal: (receiptNumber: string) => `There is no receipt ${receiptNumber} on this till.`,
} as const;

/** A translation of the receipt-finding words: every key, each function with the same parameters. */
export type ReceiptLookupWords = Translation<typeof receiptWords>;

/** The same in Dutch, as a Dutch shop's till says them: a receipt is a "bon", a refund a "terugbetaling". */
export const receiptWordsNl = {
  notANumber: (typed: string) =>
    `“${typed}” is geen bonnummer. Typ het nummer dat onder de bon staat, of alleen de laatste cijfers (R en de cijfers voor een terugbetaling).`,
  notFound: (receiptNumber: string) =>
    `Er is geen bon ${receiptNumber} op deze kassa. Controleer het nummer op de bon; een bon van een andere kassa is alleen daar te vinden.`,
  notInJournal: (receiptNumber: string) => `Er is geen bon ${receiptNumber} op deze kassa.`,
} satisfies ReceiptLookupWords;

/** Main's words about finding a receipt, in the till's configured language. */
export function receiptLookupWordsFor(language: Language): ReceiptLookupWords {
  switch (language) {
    case 'en':
      return receiptWords;
    case 'nl':
      return receiptWordsNl;
  }
}
