/**
 * The timers the HQ sync and the relay wait on, passed in so their tests
 * step through hours of retries by hand instead of sleeping (a loopback HTTP
 * exchange needs the real event loop, so the timers are faked here rather
 * than globally).
 */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The pause before try number `failures + 1` after that many failures in a row: doubling from `firstMs`
 * up to `maxMs`, then jittered down by up to half, so a chain's tills that lost HQ together do not all
 * come back at the same second. `random` is Math.random's range, [0, 1).
 */
export function backoffMs(failures: number, firstMs: number, maxMs: number, random: () => number): number {
  const full = Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
  return Math.round(full * (0.5 + random() * 0.5));
}
