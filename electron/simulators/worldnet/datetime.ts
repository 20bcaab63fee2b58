/**
 * Worldnet's `DATETIME`, `DD-MM-YYYY:HH:MM:SS:SSS`. Worldnet's own examples
 * do not zero-pad day and month (`15-3-2006:10:43:01:673`), so the request
 * check takes one or two digits for both, and what the simulator sends is
 * written unpadded, so a till that reformats before hashing fails here as
 * it would at Worldnet. Time of day is UTC: Worldnet's zone is unverified,
 * and UTC keeps a test's expectations the same on every machine.
 */

const DATETIME = /^(\d{1,2})-(\d{1,2})-(\d{4}):(\d{2}):(\d{2}):(\d{2}):(\d{3})$/;

/** Whether `text` is a DATETIME naming a real moment (no 31-2-2026, no 24:00). */
export function isWorldnetDateTime(text: string): boolean {
  const match = DATETIME.exec(text);
  if (match === null) return false;
  const [day, month, year, hours, minutes, seconds] = match.slice(1, 7).map(Number);
  if (
    day === undefined ||
    month === undefined ||
    year === undefined ||
    hours === undefined ||
    minutes === undefined ||
    seconds === undefined
  ) {
    return false;
  }
  if (hours > 23 || minutes > 59 || seconds > 59 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** The simulator's own DATETIME for `at`: day and month unpadded, the rest padded, UTC. */
export function worldnetDateTime(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${String(at.getUTCDate())}-${String(at.getUTCMonth() + 1)}-${String(at.getUTCFullYear())}:` +
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}:` +
    String(at.getUTCMilliseconds()).padStart(3, '0')
  );
}
