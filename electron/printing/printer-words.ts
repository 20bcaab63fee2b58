import type { Language } from '../../shared/config/schema.ts';
import { PAPER_LOW_WORDS, PRINTER_WORDS, type PrinterCondition } from './printer-status.ts';

/**
 * What the printer service tells the cashier about the receipt printer: the
 * status bar's detail, a job's problem, a drawer that did not open. Each
 * sentence says what to do about it. (`kassa print-test` and the doctor speak
 * to IT and keep PRINTER_WORDS in English.)
 */
export interface PrinterWords {
  readonly conditions: Readonly<Record<PrinterCondition, string>>;
  readonly paperLow: string;
  /** A printer that cannot say how it is, printing all the same. */
  readonly printingTo: (description: string) => string;
  /** Receipts in the queue, after the printer's state; never called with 0. */
  readonly waiting: (count: number) => string;
  /** `condition` is one of `conditions`, already a sentence. */
  readonly drawerFailed: (condition: string) => string;
}

export const printerWords: PrinterWords = {
  conditions: PRINTER_WORDS,
  paperLow: PAPER_LOW_WORDS,
  printingTo: (description) => `Printing to ${description}.`,
  waiting: (count) =>
    count === 1 ? '1 receipt is waiting to print.' : `${String(count)} receipts are waiting to print.`,
  drawerFailed: (condition) => `The drawer did not open. ${condition} Open the drawer with its key.`,
};

/** The same in Dutch, as a Dutch shop's till says it: "bonprinter", "bon", "kassalade", "rol". */
export const printerWordsNl: PrinterWords = {
  conditions: {
    ready: 'De bonprinter is klaar.',
    cover_open: 'De klep van de bonprinter staat open: doe hem dicht om af te drukken.',
    paper_out: 'De bonprinter heeft geen papier meer: plaats een nieuwe rol.',
    offline: 'De bonprinter is offline: kijk of er een foutlampje knippert en zet hem dan uit en weer aan.',
    unreachable: 'De bonprinter antwoordt niet: controleer of hij aanstaat en de kabel erin zit.',
    unknown: 'Op deze aansluiting is niet te zien hoe de bonprinter erbij staat.',
  },
  paperLow: 'Het papier raakt op: houd een nieuwe rol klaar.',
  printingTo: (description) => `Bonnen worden afgedrukt op ${description}.`,
  waiting: (count) =>
    count === 1
      ? 'Er wacht 1 bon om afgedrukt te worden.'
      : `Er wachten ${String(count)} bonnen om afgedrukt te worden.`,
  drawerFailed: (condition) => `De kassalade ging niet open. ${condition} Open de lade met de sleutel.`,
};

/** The printer's words in the till's configured language. */
export function printerWordsFor(language: Language): PrinterWords {
  switch (language) {
    case 'en':
      return printerWords;
    case 'nl':
      return printerWordsNl;
  }
}
