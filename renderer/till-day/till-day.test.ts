import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money.ts';
import { differenceWords, parseZNumber } from './till-day.ts';

const money = (minor: number) => formatMoney(minor, 'EUR', 'en-GB');

describe('the drawer count on a Z report', () => {
  it('says which way the drawer is off, and by how much, never as a bare sign', () => {
    expect(differenceWords(-250, money)).toBe('Cash short by €2.50');
    expect(differenceWords(1, money)).toBe('Cash over by €0.01');
    expect(differenceWords(0, money)).toBe('No difference: the drawer matches');
  });
});

describe('a Z number as typed', () => {
  it('takes a whole number from 1', () => {
    expect(parseZNumber(' 12 ')).toBe(12);
    for (const text of ['', '0', '-1', '1.5', 'Z12']) expect(parseZNumber(text)).toBeUndefined();
  });
});
