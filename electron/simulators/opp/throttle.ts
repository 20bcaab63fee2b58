/**
 * OPP's throttle on status questions: Peach's OPPWA table allows two
 * `GET /v1/payments/{id}` a minute per transaction, and two on each query
 * form. The window rolls over simulated time; only answered questions count,
 * so a till that is turned away is not locked out for longer by asking.
 */

export const THROTTLE_WINDOW_MS = 60_000;

export interface Throttle {
  /** Whether one more question under `key` is allowed now; an allowed one is counted. */
  allow(key: string, nowMs: number): boolean;
  reset(): void;
}

export function createThrottle(perWindow: number): Throttle {
  if (!Number.isInteger(perWindow) || perWindow < 1) {
    throw new RangeError(`statusPerMinute must be a whole number from 1 (got ${String(perWindow)}).`);
  }
  let asked = new Map<string, number[]>();
  return {
    allow(key, nowMs) {
      const recent = (asked.get(key) ?? []).filter((at) => at > nowMs - THROTTLE_WINDOW_MS);
      const allowed = recent.length < perWindow;
      if (allowed) recent.push(nowMs);
      asked.set(key, recent);
      return allowed;
    },
    reset() {
      asked = new Map();
    },
  };
}
