import type { Clock } from '../../clock.ts';

/**
 * Slows password guessing on the head-office page: after `maxFailures` wrong
 * passwords for a name within `windowMs`, that name is refused until the
 * window has passed, right password or not. Kept in memory, per HQ instance:
 * with several instances behind a load balancer an attacker gets that many
 * tries per window, and a restart forgets. Acceptable beside scrypt and
 * long passwords; a shared counter would need the database.
 */

export interface LoginThrottleOptions {
  clock: Clock;
  maxFailures?: number;
  windowMs?: number;
  /** Names are chosen by whoever posts the form; the oldest are forgotten beyond this many. */
  maxNames?: number;
}

export interface LoginThrottle {
  /** Whether a login for this name may be tried now. */
  allowed(name: string): boolean;
  failed(name: string): void;
  succeeded(name: string): void;
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const maxNames = options.maxNames ?? 10_000;
  /** Per name (case folded): times of recent failures, oldest first. */
  const failures = new Map<string, number[]>();
  const key = (name: string) => name.trim().toLowerCase();

  function recent(name: string): number[] {
    const since = options.clock.now().getTime() - windowMs;
    const times = (failures.get(key(name)) ?? []).filter((time) => time > since);
    if (times.length === 0) failures.delete(key(name));
    else failures.set(key(name), times);
    return times;
  }

  return {
    allowed: (name) => recent(name).length < maxFailures,
    failed(name) {
      const times = recent(name);
      failures.delete(key(name));
      failures.set(key(name), [...times, options.clock.now().getTime()]);
      // A Map iterates in insertion order, and a name is re-inserted at each failure: the first is the stalest.
      while (failures.size > maxNames) {
        const stalest = failures.keys().next().value;
        if (stalest === undefined) break;
        failures.delete(stalest);
      }
    },
    succeeded: (name) => failures.delete(key(name)),
  };
}
