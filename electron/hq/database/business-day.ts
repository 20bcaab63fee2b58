/**
 * HQ's business day: the calendar day a record's time falls on in HQ's time
 * zone (one zone for the chain, `timeZone` in HQ's config). It is worked out
 * here, once, when a record is written, and stored with it: the database
 * partitions and groups by it and never converts a time zone itself, so the
 * server and the embedded engine cannot disagree.
 */
export interface LocalTime {
  /** YYYY-MM-DD. */
  readonly day: string;
  /** 0–23. */
  readonly hour: number;
}

export function localClock(timeZone: string): (iso: string) => LocalTime {
  // Throws a RangeError for a zone Intl does not know: HQ refuses to start rather than file days wrongly.
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const parts = new Map(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
    const part = (type: Intl.DateTimeFormatPartTypes) => {
      const value = parts.get(type);
      if (value === undefined) throw new RangeError(`no ${type} in ${iso}`);
      return value;
    };
    return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
  };
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
