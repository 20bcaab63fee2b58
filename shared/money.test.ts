import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyExponent,
  CurrencyCodeSchema,
  decimalStringToMinor,
  divideRounded,
  formatMoney,
  minorToDecimalString,
  roundToIncrement,
} from './money.ts';

const currencies = ['EUR', 'GBP', 'JPY', 'KWD', 'ISK', 'USD', 'CHF', 'BHD', 'CLP'] as const;

describe('money', () => {
  it('knows the ISO 4217 exponent of each currency', () => {
    expect(currencies.map((code) => currencyExponent(code))).toEqual([2, 2, 0, 3, 0, 2, 2, 3, 0]);
  });

  it('accepts only active ISO 4217 codes in capitals', () => {
    expect(CurrencyCodeSchema.safeParse('EUR').success).toBe(true);
    for (const code of ['eur', 'EURO', 'XXX', 'DEM', ''])
      expect(CurrencyCodeSchema.safeParse(code).success).toBe(false);
  });

  it.each([
    [1234, 'EUR', '12.34'],
    [5, 'EUR', '0.05'],
    [-5, 'EUR', '-0.05'],
    [0, 'EUR', '0.00'],
    [1200, 'JPY', '1200'],
    [1, 'KWD', '0.001'],
    [-123456, 'BHD', '-123.456'],
  ] as const)('writes %i minor units of %s as "%s"', (minor, currency, text) => {
    expect(minorToDecimalString(minor, currency)).toBe(text);
    expect(decimalStringToMinor(text, currency)).toBe(minor);
  });

  it('round-trips every safe amount in every currency exactly', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(...currencies), (minor, currency) => {
        expect(decimalStringToMinor(minorToDecimalString(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it('refuses amounts it would have to round, or cannot read', () => {
    expect(() => decimalStringToMinor('12.345', 'EUR')).toThrow(/more decimals/);
    expect(() => decimalStringToMinor('1.5', 'JPY')).toThrow(/more decimals/);
    for (const text of ['', '12,34', '1e3', '--1', '.5', 'ten']) {
      expect(() => decimalStringToMinor(text, 'EUR')).toThrow(RangeError);
    }
    expect(() => decimalStringToMinor('90071992547409.92', 'EUR')).toThrow(/too large/);
    expect(() => minorToDecimalString(1.5, 'EUR')).toThrow(RangeError);
  });

  it('reads short fractions as the currency’s minor units', () => {
    expect(decimalStringToMinor('12.3', 'EUR')).toBe(1230);
    expect(decimalStringToMinor('12', 'EUR')).toBe(1200);
    expect(decimalStringToMinor('-0.0', 'EUR')).toBe(0);
  });
});

/** The rule spelled out a second way, on BigInt: round(n / d) = floor((2|n| + d) / 2d) with n's sign. */
function referenceDivideRounded(numerator: number, denominator: number): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return Number(n < 0n ? -magnitude : magnitude);
}

describe('divideRounded', () => {
  it.each([
    [10, 4, 3], // 2.5: a half goes away from zero
    [-10, 4, -3],
    [9, 4, 2], // 2.25
    [-9, 4, -2],
    [11, 4, 3], // 2.75
    [-11, 4, -3],
    [1, 2, 1], // 0.5
    [-1, 2, -1],
    [1, 3, 0], // 0.333…
    [-1, 3, 0],
    [2, 3, 1], // 0.666…
    [-2, 3, -1],
    [0, 7, 0],
    [12, 4, 3], // exact
    [-12, 4, -3],
    [7, 1, 7],
    [2100 * 121, 12_100, 21], // the VAT in 1.21 at 21 %: exactly 0.21
    [1999 * 2100, 12_100, 347], // the VAT in 19.99 at 21 %: 346.94…
    [5 * 2100, 12_100, 1], // the VAT in 0.05 at 21 %: 0.867…
    [3 * 2100, 12_100, 1], // 0.520…
    [2 * 2100, 12_100, 0], // 0.347…
    [1 * 1500, 10_000, 0], // 15 % of 0.01: 0.15
    [5 * 1000, 10_000, 1], // 10 % of 0.05: 0.5, a half
    [-5 * 1000, 10_000, -1],
  ])('rounds %i / %i to %i', (numerator, denominator, expected) => {
    expect(divideRounded(numerator, denominator)).toBe(expected);
  });

  it('never answers negative zero', () => {
    expect(Object.is(divideRounded(-1, 3), 0)).toBe(true);
    expect(Object.is(divideRounded(-0, 3), 0)).toBe(true);
  });

  it('is exact at the edges of the safe integers, where floating point is not', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991
    expect(divideRounded(max, 1)).toBe(max);
    expect(divideRounded(-max, 1)).toBe(-max);
    expect(divideRounded(max, 2)).toBe(4503599627370496); // 4503599627370495.5 rounds up
    expect(divideRounded(-max, 2)).toBe(-4503599627370496);
    expect(divideRounded(max - 1, 2)).toBe(4503599627370495);
    expect(divideRounded(max, max)).toBe(1);
    expect(divideRounded(1, max)).toBe(0);
    // 9007199254740991 / 10 = 900719925474099.1; Math.round(max / 10) agrees, but
    // 9007199254740985 / 10 = 900719925474098.5 is a half floating point cannot see.
    expect(divideRounded(9007199254740985, 10)).toBe(900719925474099);
    expect(divideRounded(-9007199254740985, 10)).toBe(-900719925474099);
  });

  it('agrees with an independent BigInt reference for every safe numerator and denominator', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.oneof(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        (numerator, denominator) => {
          expect(divideRounded(numerator, denominator)).toBe(referenceDivideRounded(numerator, denominator));
        },
      ),
    );
  });

  it('lands within half a unit, breaks ties away from zero, and is symmetric around zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (numerator, denominator) => {
        const result = divideRounded(numerator, denominator);
        const error = BigInt(result) * BigInt(denominator) - BigInt(numerator); // result − exact, times d
        expect(2n * (error < 0n ? -error : error) <= BigInt(denominator)).toBe(true);
        if (2n * (error < 0n ? -error : error) === BigInt(denominator)) {
          // a tie: rounded away from zero, so the error points the same way as the numerator
          expect(Math.sign(Number(error))).toBe(Math.sign(numerator));
        }
        expect(divideRounded(-numerator, denominator)).toBe(-result || 0);
      }),
    );
  });

  it('refuses what it cannot divide exactly', () => {
    for (const [numerator, denominator] of [
      [1, 0],
      [1, -3],
      [1.5, 2],
      [1, 2.5],
      [Number.MAX_SAFE_INTEGER + 1, 3],
      [-Number.MAX_SAFE_INTEGER - 1, 3],
      [1, Number.MAX_SAFE_INTEGER + 1],
      [Number.NaN, 3],
      [3, Number.NaN],
      [Number.POSITIVE_INFINITY, 3],
      [3, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(() => divideRounded(numerator, denominator), `${numerator} / ${denominator}`).toThrow(RangeError);
    }
  });
});

describe('formatMoney', () => {
  /** ICU separates symbol and digits with no-break spaces; compare the words, not the kind of space. */
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

  it.each([
    [1234, 'EUR', 'en-US', '€12.34'],
    [123456, 'EUR', 'de-DE', '1.234,56 €'],
    [5, 'EUR', 'en-US', '€0.05'],
    [-5, 'EUR', 'en-US', '-€0.05'],
    [0, 'EUR', 'en-US', '€0.00'],
    [1200, 'EUR', 'en-US', '€12.00'], // whole amounts keep their cents
    [1234, 'GBP', 'en-GB', '£12.34'],
    [1200, 'JPY', 'en-US', '¥1,200'], // exponent 0: no decimals at all
    [1, 'JPY', 'en-US', '¥1'],
    [1234, 'KWD', 'en-US', 'KWD 1.234'], // exponent 3: always three decimals
    [1000, 'KWD', 'en-US', 'KWD 1.000'],
    [1, 'KWD', 'en-US', 'KWD 0.001'],
  ] as const)('shows %i minor units of %s in %s as "%s"', (minor, currency, locale, expected) => {
    expect(plain(formatMoney(minor, currency, locale))).toBe(expected);
  });

  it('shows amounts too large for a float to the last minor unit', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en-US')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'KWD', 'en-US').replace(/\u00a0/g, ' ')).toBe(
      'KWD 9,007,199,254,740.991',
    );
    expect(formatMoney(-9007199254740985, 'EUR', 'en-US')).toBe('-€90,071,992,547,409.85');
  });

  it('keeps formatters apart per locale and currency', () => {
    expect(plain(formatMoney(1234, 'EUR', 'de-DE'))).toBe('12,34 €');
    expect(plain(formatMoney(1234, 'USD', 'de-DE'))).toBe('12,34 $');
    expect(plain(formatMoney(1234, 'EUR', 'en-US'))).toBe('€12.34');
    expect(plain(formatMoney(1234, 'EUR', 'de-DE'))).toBe('12,34 €');
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => formatMoney(12.5, 'EUR', 'en-US')).toThrow(RangeError);
    expect(() => formatMoney(Number.MAX_SAFE_INTEGER + 1, 'EUR', 'en-US')).toThrow(RangeError);
  });

  it('shows every safe amount with exactly the digits of minorToDecimalString', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(...currencies), (minor, currency) => {
        const shown = formatMoney(minor, currency, 'en-US');
        const digitsShown = shown.replace(/[^0-9.-]/g, '');
        expect(digitsShown).toBe(minorToDecimalString(minor, currency));
      }),
    );
  });
});

describe('roundToIncrement (cash rounding)', () => {
  it.each([
    [1230, 1230],
    [1231, 1230],
    [1232, 1230],
    [1233, 1235],
    [1234, 1235],
    [1235, 1235],
    [1236, 1235],
    [1237, 1235],
    [1238, 1240],
    [1239, 1240],
    [1, 0],
    [2, 0],
    [3, 5],
  ])('rounds %i to %i at 0.05, as the Dutch rule does', (minor, expected) => {
    expect(roundToIncrement(minor, 5)).toBe(expected);
  });

  it('rounds halves up', () => {
    expect(roundToIncrement(1245, 10)).toBe(1250);
    expect(roundToIncrement(1244, 10)).toBe(1240);
    expect(roundToIncrement(150, 100)).toBe(200);
  });

  it('changes nothing at an increment of 1, and refuses an increment that is not a positive integer', () => {
    expect(roundToIncrement(1234, 1)).toBe(1234);
    expect(() => roundToIncrement(1234, 0)).toThrow(RangeError);
    expect(() => roundToIncrement(1234, 2.5)).toThrow(RangeError);
  });

  it('lands on the nearest multiple, never more than half an increment away, and keeps multiples as they are', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.constantFrom(1, 2, 5, 10, 20, 25, 50, 100),
        (minor, increment) => {
          const rounded = roundToIncrement(minor, increment);
          expect(rounded % increment).toBe(0);
          const off = rounded - minor;
          // Within half an increment; a half exactly goes up.
          expect(2 * Math.abs(off)).toBeLessThanOrEqual(increment);
          if (2 * Math.abs(off) === increment) expect(off).toBeGreaterThan(0);
          expect(roundToIncrement(rounded, increment)).toBe(rounded);
          // Monotone: a larger amount never rounds to less.
          expect(roundToIncrement(minor + 1, increment)).toBeGreaterThanOrEqual(rounded);
        },
      ),
    );
  });
});
