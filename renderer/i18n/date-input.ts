/**
 * Dates and times typed the way the till's locale writes them (nl-NL
 * "21-11-2026 09:00", en-GB "21/11/2026 09:00", en-US "11/21/2026, 09:00"),
 * not the browser's own date picker, which follows the computer's language
 * and shows mm/dd/yyyy on most tills. Pure: the locale's order comes from Intl.
 */

type Part = 'day' | 'month' | 'year';

const SAMPLE = new Date(2026, 10, 21, 9, 5);

function numericDateTime(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** The order the locale writes day, month and year in. */
export function dateOrder(locale: string): Part[] {
  return numericDateTime(locale)
    .formatToParts(SAMPLE)
    .map((part) => part.type)
    .filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');
}

/** A date and time as the locale writes it in numbers: the example in a box's placeholder. */
export function formatTypedDateTime(when: Date, locale: string): string {
  return numericDateTime(locale).format(when);
}

/**
 * The moment typed, in the till's local time; undefined when it is not a
 * date. Day, month and year in the locale's order, then an optional hh:mm;
 * `endOfDay`: a date without a time means its last minute (for "to").
 * An ISO date (2026-11-21T09:00, year first) is taken in any locale.
 */
export function parseTypedDateTime(text: string, locale: string, { endOfDay = false } = {}): Date | undefined {
  const numbers = text.match(/\d+/g)?.map(Number) ?? [];
  if (!/^[\d\s./:,T-]+$/.test(text.trim()) || (numbers.length !== 3 && numbers.length !== 5)) return undefined;
  const yearFirst = /^\s*\d{4}\D/.test(text);
  const order: Part[] = yearFirst ? ['year', 'month', 'day'] : dateOrder(locale);
  const value = (part: Part) => numbers[order.indexOf(part)] ?? Number.NaN;
  let year = value('year');
  if (year < 100) year += 2000;
  const month = value('month');
  const day = value('day');
  const [hour, minute] = numbers.length === 5 ? [numbers[3] ?? 0, numbers[4] ?? 0] : endOfDay ? [23, 59] : [0, 0];
  const when = new Date(year, month - 1, day, hour, minute, numbers.length === 3 && endOfDay ? 59 : 0);
  const same =
    when.getFullYear() === year &&
    when.getMonth() === month - 1 &&
    when.getDate() === day &&
    when.getHours() === hour &&
    when.getMinutes() === minute;
  return same ? when : undefined;
}
