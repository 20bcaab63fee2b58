/**
 * A rate limit on the payment endpoints, off unless a test turns it on: at
 * most `requestsPerSecond` admitted in any rolling second, across all
 * terminals. It counts real time, not simulated time (it is about how fast
 * a client sends, which the time scale does not change), and only admitted
 * requests count, so a client that backs off for the Retry-After gets in.
 */

export interface RateLimit {
  /** null when off. */
  readonly requestsPerSecond: number | null;
  set(requestsPerSecond: number | null): void;
  /** True, and counted, if a request may go ahead now. */
  admit(): boolean;
}

const WINDOW_MS = 1_000;

export function createRateLimit(now: () => number = () => performance.now()): RateLimit {
  let limit: number | null = null;
  let admitted: number[] = [];
  return {
    get requestsPerSecond() {
      return limit;
    },
    set(requestsPerSecond) {
      limit = requestsPerSecond;
      admitted = [];
    },
    admit() {
      if (limit === null) return true;
      const at = now();
      admitted = admitted.filter((time) => at - time < WINDOW_MS);
      if (admitted.length >= limit) return false;
      admitted.push(at);
      return true;
    },
  };
}
