import type { Timers } from '../hq-timers.ts';

/**
 * Timers a test fires by hand: every pause the sync or the relay asks for is
 * kept with its length, and runs only when the test says so. Hours of retries
 * pass in a moment, and the test reads how long each pause would have been.
 */
export interface ManualTimers extends Timers {
  /** The pauses waiting to run, oldest first. */
  readonly pending: readonly { readonly ms: number }[];
  /** Runs the oldest waiting pause now; throws when none waits. */
  fire(): void;
}

export function manualTimers(): ManualTimers {
  const waiting: { ms: number; run: () => void; handle: object }[] = [];
  return {
    get pending() {
      return waiting.map(({ ms }) => ({ ms }));
    },
    setTimeout(run, ms) {
      const handle = {};
      waiting.push({ ms, run, handle });
      return handle;
    },
    clearTimeout(handle) {
      const index = waiting.findIndex((timer) => timer.handle === handle);
      if (index >= 0) waiting.splice(index, 1);
    },
    fire() {
      const next = waiting.shift();
      if (next === undefined) throw new Error('No pause is waiting');
      next.run();
    },
  };
}
