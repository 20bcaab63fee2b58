import type { Language } from '../../shared/config/schema.ts';
import {
  enDay,
  enDeposit,
  enDisplay,
  enJournal,
  enRefund,
  enShell,
  type DayWords,
  type DepositWords,
  type DisplayWords,
  type JournalWords,
  type RefundWords,
  type ShellWords,
} from './en-areas.ts';
import { en, type Messages } from './messages.ts';
import { nlDay, nlDeposit, nlDisplay, nlJournal, nlRefund, nlShell } from './nl-areas.ts';
import { nl } from './nl.ts';
import type { Translation } from '../../shared/i18n/translation.ts';

/** Every word the cashier reads, in one language: the screen's messages and each area's words. */
export interface Catalogue {
  readonly messages: Translation<Messages>;
  readonly shell: ShellWords;
  readonly journal: JournalWords;
  readonly day: DayWords;
  readonly refund: RefundWords;
  readonly deposit: DepositWords;
  /** The customer display's words (the second screen, facing the customer). */
  readonly display: DisplayWords;
}

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = {
  en: {
    messages: en,
    shell: enShell,
    journal: enJournal,
    day: enDay,
    refund: enRefund,
    deposit: enDeposit,
    display: enDisplay,
  },
  nl: {
    messages: nl,
    shell: nlShell,
    journal: nlJournal,
    day: nlDay,
    refund: nlRefund,
    deposit: nlDeposit,
    display: nlDisplay,
  },
};

/** The words for the till's configured language (`till.getInfo`'s `language`); English until main has said. */
export function chooseCatalogue(language: Language | undefined): Catalogue {
  return CATALOGUES[language ?? 'en'];
}
