import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeAmount, MAX_EXACT_MINOR, toMajor, toMinor } from './amounts.ts';

/** TotalAmount is a JSON number in major units; the simulator must read it exactly or refuse it. */

describe('amounts', () => {
  it('reads every whole number of minor units back exactly, in currencies of 0, 2 and 3 decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_EXACT_MINOR }),
        fc.constantFrom('JPY', 'EUR', 'KWD'),
        (minor, currency) => {
          expect(toMinor(toMajor(minor, currency), currency)).toBe(minor);
          // What JSON makes of it on the way.
          expect(toMinor(JSON.parse(JSON.stringify(toMajor(minor, currency))) as number, currency)).toBe(minor);
        },
      ),
    );
  });

  it('refuses more decimals than the currency has', () => {
    expect(toMinor(12.345, 'EUR')).toBeUndefined();
    expect(toMinor(0.1 + 0.2, 'EUR')).toBeUndefined();
    expect(toMinor(100.5, 'JPY')).toBeUndefined();
    expect(toMinor(1.0005, 'KWD')).toBeUndefined();
    expect(toMinor(1.005, 'KWD')).toBe(1005);
    expect(toMinor(12.5, 'EUR')).toBe(1250);
  });

  it('refuses amounts too large to travel exactly as a JSON number', () => {
    expect(toMinor(toMajor(MAX_EXACT_MINOR, 'EUR'), 'EUR')).toBe(MAX_EXACT_MINOR);
    expect(toMinor(89983043060773.56, 'EUR')).toBeUndefined();
    expect(toMinor(1e300, 'EUR')).toBeUndefined();
  });

  it('writes amounts for people with the currency’s decimals', () => {
    expect(describeAmount(1000, 'EUR')).toBe('10.00 EUR');
    expect(describeAmount(1500, 'JPY')).toBe('1500 JPY');
  });
});
