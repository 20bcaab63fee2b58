import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';
import { manualTime } from './testing/manual-time.ts';

describe('the login throttle', () => {
  it('refuses a name after five failures until the window has passed, and forgets on success', () => {
    const time = manualTime();
    const throttle = createLoginThrottle({ clock: time });
    for (let failure = 0; failure < 5; failure += 1) {
      expect(throttle.allowed('Anna')).toBe(true);
      throttle.failed('anna');
    }
    expect(throttle.allowed('ANNA')).toBe(false);
    expect(throttle.allowed('ben')).toBe(true);
    time.advance(15 * 60_000);
    expect(throttle.allowed('anna')).toBe(true);
    throttle.failed('anna');
    throttle.succeeded('anna');
    for (let failure = 0; failure < 4; failure += 1) throttle.failed('anna');
    expect(throttle.allowed('anna')).toBe(true);
  });

  it('forgets the stalest names beyond its limit, so posted names cannot fill memory', () => {
    const throttle = createLoginThrottle({ clock: manualTime(), maxFailures: 1, maxNames: 2 });
    throttle.failed('a');
    throttle.failed('b');
    throttle.failed('c');
    expect(throttle.allowed('a')).toBe(true);
    expect(throttle.allowed('b')).toBe(false);
    expect(throttle.allowed('c')).toBe(false);
  });
});
