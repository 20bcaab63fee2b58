import { describe, expect, it } from 'vitest';
import { dateOrder, formatTypedDateTime, parseTypedDateTime } from './date-input.ts';

const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(y, m - 1, d, h, min, s);

describe('dates typed in the till’s locale', () => {
  it('knows which comes first: the day in Dutch and British English, the month in American English', () => {
    expect(dateOrder('nl-NL')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('en-GB')).toEqual(['day', 'month', 'year']);
    expect(dateOrder('en-US')).toEqual(['month', 'day', 'year']);
  });

  it('shows an example the way the locale writes it, never mm/dd/yyyy on a Dutch till', () => {
    expect(formatTypedDateTime(local(2026, 11, 21, 9, 5), 'nl-NL')).toBe('21-11-2026, 09:05');
    expect(formatTypedDateTime(local(2026, 11, 21, 9, 5), 'en-GB')).toBe('21/11/2026, 09:05');
  });

  it('reads a date and time in the locale’s order', () => {
    expect(parseTypedDateTime('21-11-2026 09:05', 'nl-NL')).toEqual(local(2026, 11, 21, 9, 5));
    expect(parseTypedDateTime('3/4/2026 17:30', 'en-GB')).toEqual(local(2026, 4, 3, 17, 30));
    expect(parseTypedDateTime('3/4/2026 17:30', 'en-US')).toEqual(local(2026, 3, 4, 17, 30));
  });

  it('takes a date alone as the start of the day, or its end for “to”', () => {
    expect(parseTypedDateTime('21-11-2026', 'nl-NL')).toEqual(local(2026, 11, 21));
    expect(parseTypedDateTime('21-11-2026', 'nl-NL', { endOfDay: true })).toEqual(local(2026, 11, 21, 23, 59, 59));
  });

  it('takes an ISO date in any locale, and a two-digit year as this century', () => {
    expect(parseTypedDateTime('2026-11-21T09:00', 'en-US')).toEqual(local(2026, 11, 21, 9, 0));
    expect(parseTypedDateTime('21-11-26', 'nl-NL')).toEqual(local(2026, 11, 21));
  });

  it('refuses what is not a date: words, a 31st of November, a 25th hour', () => {
    expect(parseTypedDateTime('yesterday', 'nl-NL')).toBeUndefined();
    expect(parseTypedDateTime('31-11-2026', 'nl-NL')).toBeUndefined();
    expect(parseTypedDateTime('21-11-2026 25:00', 'nl-NL')).toBeUndefined();
    expect(parseTypedDateTime('21-11', 'nl-NL')).toBeUndefined();
  });
});
