import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, minorToDecimalString } from './money.ts';

describe('formatAmount', () => {
  it.each([
    [1234, 'EUR', 'en-GB', '12.34'],
    [1234, 'EUR', 'nl-NL', '12,34'],
    [123_456, 'EUR', 'nl-NL', '1.234,56'],
    [123_456, 'EUR', 'de-DE', '1.234,56'],
    [123_456, 'GBP', 'en-GB', '1,234.56'],
    [5, 'EUR', 'en-GB', '0.05'],
    [0, 'EUR', 'nl-NL', '0,00'],
    [-2_550, 'EUR', 'nl-NL', '-25,50'],
    [1_200, 'JPY', 'ja-JP', '1,200'],
    [1, 'KWD', 'en-GB', '0.001'],
    [1_000, 'ISK', 'is-IS', '1.000'],
  ] as const)('%i %s in %s is "%s"', (minor, currency, locale, text) => {
    expect(formatAmount(minor, currency, locale)).toBe(text);
  });

  it('shows no currency sign or code, only the amount', () => {
    for (const [currency, locale] of [
      ['EUR', 'nl-NL'],
      ['GBP', 'en-GB'],
      ['USD', 'en-US'],
      ['JPY', 'ja-JP'],
      ['SEK', 'sv-SE'],
    ] as const) {
      expect(formatAmount(12_345, currency, locale)).toMatch(/^[\d.,\s\u00a0\u202f’'-]+$/);
      expect(formatMoney(12_345, currency, locale)).not.toBe(formatAmount(12_345, currency, locale));
    }
  });

  it('is the amount formatMoney shows, without its sign', () => {
    expect(formatMoney(123_456, 'EUR', 'nl-NL').replace(/€\s?/, '')).toBe(formatAmount(123_456, 'EUR', 'nl-NL'));
    expect(formatMoney(123_456, 'GBP', 'en-GB').replace('£', '')).toBe(formatAmount(123_456, 'GBP', 'en-GB'));
  });

  it('keeps every minor unit of the largest safe amount', () => {
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'EUR', 'en-GB')).toBe('90,071,992,547,409.91');
    expect(formatAmount(-Number.MAX_SAFE_INTEGER, 'KWD', 'en-GB')).toBe('-9,007,199,254,740.991');
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'JPY', 'en-GB')).toBe('9,007,199,254,740,991');
  });

  it('shows exactly the digits of the decimal amount, whatever the amount', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, currency) => {
        const digits = minorToDecimalString(minor, currency).replace(/\D/g, '');
        expect(formatAmount(minor, currency, 'en-GB').replace(/\D/g, '')).toBe(digits);
      }),
    );
  });

  it('refuses amounts that are not whole minor units, and locales Intl does not know', () => {
    expect(() => formatAmount(12.5, 'EUR', 'en-GB')).toThrow(RangeError);
    expect(() => formatAmount(Number.MAX_SAFE_INTEGER + 1, 'EUR', 'en-GB')).toThrow(RangeError);
    expect(() => formatAmount(100, 'EUR', 'not a locale!')).toThrow(RangeError);
  });

  it('does not mix up the cached formats of two currencies in one locale', () => {
    expect(formatAmount(1_000, 'JPY', 'en-GB')).toBe('1,000');
    expect(formatAmount(1_000, 'EUR', 'en-GB')).toBe('10.00');
    expect(formatAmount(1_000, 'KWD', 'en-GB')).toBe('1.000');
    expect(formatAmount(1_000, 'JPY', 'en-GB')).toBe('1,000');
  });
});
