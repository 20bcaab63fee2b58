import { describe, expect, it } from 'vitest';
import { createRateLimit } from './rate-limit.ts';

describe('the rate limit', () => {
  it('admits n requests in any rolling second, counting only those it admitted', () => {
    let now = 0;
    const limit = createRateLimit(() => now);
    expect(limit.admit()).toBe(true);
    limit.set(2);
    expect([limit.admit(), limit.admit(), limit.admit()]).toEqual([true, true, false]);
    now = 500;
    expect(limit.admit()).toBe(false);
    now = 999;
    expect(limit.admit()).toBe(false);
    now = 1_000;
    expect([limit.admit(), limit.admit(), limit.admit()]).toEqual([true, true, false]);
    limit.set(null);
    expect(limit.admit()).toBe(true);
    expect(limit.requestsPerSecond).toBeNull();
  });

  it('admits nothing at 0', () => {
    const limit = createRateLimit(() => 0);
    limit.set(0);
    expect(limit.admit()).toBe(false);
  });
});
