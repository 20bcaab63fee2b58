import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, CurrencyCodeSchema, decimalStringToMinor, minorToDecimalString } from './money.ts';

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
