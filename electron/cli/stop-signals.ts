/**
 * How a till run from a terminal stops. Ctrl+C while a card payment is out at
 * the terminal would leave it unknown whether the customer paid until the
 * next start, so the first Ctrl+C warns and waits for the payment to finish,
 * as closing the desktop window does; a second Ctrl+C stops at once (logged
 * and audited as an override). SIGTERM, what a service manager sends, stops
 * at once: whoever sends it has decided, and the next start checks the payment.
 */

export const STOP_WORDS = {
  waiting: (count: number) =>
    `${count === 1 ? 'A card payment is' : `${String(count)} card payments are`} in progress on the terminal. ` +
    'Kassa stops as soon as the terminal has finished.\n' +
    'Press Ctrl+C again to stop now: whether the customer paid is then only known when Kassa starts again.',
  finished: 'The card payment has finished. Stopping Kassa.',
  overridden: 'Stopping now. Kassa checks the unfinished payment with the terminal when it starts again.',
} as const;

/** The part of `process` this needs, so it can be tested with an EventEmitter. */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface StopOptions {
  signals: SignalSource;
  /** Card payments out at the terminal now. */
  inFlight: () => number;
  /** Prints one friendly line for the person at the terminal. */
  say: (text: string) => void;
  /** A second Ctrl+C stopped the till with payments still out: the caller logs and audits it. */
  onOverride: (paymentsInFlight: number) => void;
  /** How often to look whether the payment has finished. */
  pollMs?: number;
}

/** Resolves when the till should stop. */
export function untilStopAsked(options: StopOptions): Promise<void> {
  const { signals, inFlight, say } = options;
  const pollMs = options.pollMs ?? 250;
  return new Promise<void>((resolve) => {
    let poll: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      if (poll !== undefined) clearInterval(poll);
      signals.off('SIGINT', onInterrupt);
      signals.off('SIGTERM', stop);
      resolve();
    };
    function onInterrupt() {
      const count = inFlight();
      if (count === 0) {
        stop();
      } else if (poll !== undefined) {
        say(STOP_WORDS.overridden);
        options.onOverride(count);
        stop();
      } else {
        say(STOP_WORDS.waiting(count));
        poll = setInterval(() => {
          if (inFlight() > 0) return;
          say(STOP_WORDS.finished);
          stop();
        }, pollMs);
      }
    }
    signals.on('SIGINT', onInterrupt);
    signals.on('SIGTERM', stop);
  });
}
