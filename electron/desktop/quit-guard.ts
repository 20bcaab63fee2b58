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

export function guardWindowWhilePaying(options: {
  window: GuardedWindow;
  inFlight: () => number;
  ask: AskToClose;
  logger: Logger;
  /** Called when a manager closes anyway: the till writes it to the audit log. */
  onOverride?: (paymentsInFlight: number) => void;
}): void {
  const { window, inFlight, ask, logger } = options;
  let overridden = false;
  window.on('close', (event) => {
    const count = inFlight();
    if (count === 0 || overridden) return;
    event.preventDefault();
    const choice = ask({
      message: QUIT_WORDS.message,
      detail: QUIT_WORDS.detail,
      buttons: [QUIT_WORDS.keepOpen, QUIT_WORDS.override],
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
