/**
 * Waiting, as HQ's long-polls do it. The server takes its timers like its
 * clock, so tests move time on instead of sleeping through a 25-second hold.
 */
export interface Timers {
  /** Calls `run` once after `ms`; answers a function that cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemTimers: Timers = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};
