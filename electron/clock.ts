/** Time as the till sees it; tests pass their own so time-dependent rules are checked without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
