import { describe, expect, it } from 'vitest';
import { parseTypedAmount } from './amount-input.ts';

describe('an amount typed by the cashier', () => {
  it('takes whole and decimal amounts with a dot or a comma', () => {
    expect(parseTypedAmount('20', 'EUR')).toBe(2_000);
    expect(parseTypedAmount('12.5', 'EUR')).toBe(1_250);
    expect(parseTypedAmount(' 12,05 ', 'EUR')).toBe(1_205);
    expect(parseTypedAmount('1500', 'JPY')).toBe(1_500);
  });

  it('refuses what is not an amount of the currency', () => {
    for (const text of ['', 'abc', '-5', '1.2.3', '12.345', '1e3', '12,50,1']) {
      expect(parseTypedAmount(text, 'EUR')).toBeUndefined();
    }
    expect(parseTypedAmount('10.5', 'JPY')).toBeUndefined();
  });
});
