import type { Clock } from '../../../clock.ts';
import type { Timers } from '../timers.ts';

/**
 * A clock and timers that move only when a test says so: a 25-second
 * long-poll or a seven-day code is checked in no time, and exactly.
 */
export interface ManualTime extends Clock, Timers {
  /** Moves time on, running every timer that falls due on the way, in order. */
  advance(ms: number): void;
  /** Timers waiting to run. */
  pending(): number;
}

export function manualTime(start = new Date('2026-03-02T10:00:00.000Z')): ManualTime {
  let now = start.getTime();
  let nextId = 0;
  const timers = new Map<number, { due: number; run: () => void }>();
  return {
    now: () => new Date(now),
    after(ms, run) {
      const id = nextId++;
      timers.set(id, { due: now + ms, run });
      return () => timers.delete(id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers]
          .filter(([, timer]) => timer.due <= until)
          .sort(([a, x], [b, y]) => x.due - y.due || a - b)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].due;
        due[1].run();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}
