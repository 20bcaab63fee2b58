/**
 * The business days the overview shows: `?from=YYYY-MM-DD&to=YYYY-MM-DD`,
 * both included, today in HQ's time zone when not given.
 */

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** A year of days is plenty for one page; a longer range would make the database read every partition. */
export const MAX_RANGE_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date it is now in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function dayNumber(day: string): number | undefined {
  const match = DAY.exec(day);
  if (match === null) return undefined;
  const [, year, month, date] = match.map(Number);
  const time = Date.UTC(year ?? 0, (month ?? 1) - 1, date ?? 1);
  // Date.UTC rolls 2026-02-30 over into March: a date that does not round-trip does not exist.
  return new Date(time).toISOString().slice(0, 10) === day ? time / 86_400_000 : undefined;
}

/** A parameter's value, or undefined when absent or left empty (a form sends empty fields). */
function given(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The range asked for, or a sentence saying what is wrong with it. */
export function readDayRange(
  params: URLSearchParams,
  today: string,
): { ok: true; range: DayRange } | { ok: false; problem: string } {
  const from = given(params, 'from') ?? today;
  const to = given(params, 'to') ?? from;
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === undefined || last === undefined) {
    return { ok: false, problem: 'Dates must be real days written as YYYY-MM-DD, such as 2026-03-31.' };
  }
  if (last < first) return { ok: false, problem: 'The first day must not be after the last day.' };
  if (last - first + 1 > MAX_RANGE_DAYS) {
    return { ok: false, problem: `Choose at most ${MAX_RANGE_DAYS} days at a time.` };
  }
  return { ok: true, range: { from, to } };
}
