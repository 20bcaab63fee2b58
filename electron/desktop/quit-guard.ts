import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';
import type { Logger } from '../logging/logger.ts';

/**
 * Keeps the till's window open while a card payment is out at the terminal:
 * closing then would leave the payment unknown until the next start. A
 * manager can still close it; that choice is logged.
 */

/** The parts of a BrowserWindow and of Electron's dialog the guard uses, so it can be tested without Electron. */
export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
}

export type AskToClose = (details: { message: string; detail: string; buttons: string[] }) => number;

export const QUIT_WORDS = {
  message: 'A card payment is in progress.',
  detail:
    'Closing Kassa now leaves it unknown whether the customer paid until Kassa starts again. ' +
    'Wait for the terminal to finish.',
  keepOpen: 'Keep Kassa open',
  override: 'Close anyway (manager)',
} as const;

/** A translation of the dialog's words: every key. */
export type QuitWords = Translation<typeof QUIT_WORDS>;

/** The same dialog in Dutch, as a Dutch shop's till says it: a "pinbetaling" on the "pinautomaat". */
export const QUIT_WORDS_NL = {
  message: 'Er loopt een pinbetaling.',
  detail:
    'Als je Kassa nu sluit, is niet bekend of de klant heeft betaald tot Kassa weer start. ' +
    'Wacht tot de pinautomaat klaar is.',
  keepOpen: 'Kassa open laten',
  override: 'Toch sluiten (manager)',
} satisfies QuitWords;

/** The dialog's words in the till's configured language. */
export function quitWordsFor(language: Language): QuitWords {
  switch (language) {
    case 'en':
      return QUIT_WORDS;
    case 'nl':
      return QUIT_WORDS_NL;
  }
}

export function guardWindowWhilePaying(options: {
  window: GuardedWindow;
  inFlight: () => number;
  ask: AskToClose;
  logger: Logger;
  /** Called when a manager closes anyway: the till writes it to the audit log. */
  onOverride?: (paymentsInFlight: number) => void;
  /** The dialog's words, in the till's language; English when absent. */
  words?: QuitWords;
}): void {
  const { window, inFlight, ask, logger } = options;
  const words = options.words ?? QUIT_WORDS;
  let overridden = false;
  window.on('close', (event) => {
    const count = inFlight();
    if (count === 0 || overridden) return;
    event.preventDefault();
    const choice = ask({
      message: words.message,
      detail: words.detail,
      buttons: [words.keepOpen, words.override],
    });
    if (choice !== 1) {
      logger.info('app.close_refused', { paymentsInFlight: count });
      return;
    }
    logger.warn('app.close_overridden', { paymentsInFlight: count });
    options.onOverride?.(count);
    overridden = true;
    window.close();
  });
}
