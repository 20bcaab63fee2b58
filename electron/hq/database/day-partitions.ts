import { z } from 'zod';
import { addDays } from './business-day.ts';
import { DAY_PARTITIONED_TABLES } from './hq-schema.ts';
import { rowsOf, type SqlClient } from './sql-client.ts';

/**
 * Which business days get a partition of their own, and making them. The
 * days around today are made ahead of their records (at start, and when the
 * calendar moves on), so a normal day's rows never wait for one. A day a push
 * brings from further back (a till that was offline, history sent at
 * enrolment) gets its partition then, so history is filed by day too rather
 * than piling up in the default partition, which every new partition must
 * scan and every report must read. Days beyond the horizon (a till whose
 * clock is years out) go to the default partition.
 */

/** Days before and after today made ahead of their records. */
const DAYS_BEHIND = 1;
const DAYS_AHEAD = 3;
/** How far back a pushed day still gets a partition of its own: about a year of history. */
const HORIZON_DAYS_BACK = 366;

/** The days around `today` (YYYY-MM-DD) that get their partitions ahead of their records. */
export function daysAround(today: string): string[] {
  const days: string[] = [];
  for (let offset = -DAYS_BEHIND; offset <= DAYS_AHEAD; offset++) days.push(addDays(today, offset));
  return days;
}

/** Whether a record's day gets a partition of its own, seen from `today`. */
export function withinHorizon(day: string, today: string): boolean {
  return day >= addDays(today, -HORIZON_DAYS_BACK) && day <= addDays(today, DAYS_AHEAD);
}

/**
 * Makes the partitions these days lack. One short transaction per partition:
 * making one locks its table against writes for a moment, and a transaction
 * holding several such locks could deadlock with a push that writes the same
 * tables in another order.
 */
export async function ensureDayPartitions(client: SqlClient, days: readonly string[]): Promise<void> {
  const missing = rowsOf(
    z.object({ parent: z.string(), day: z.string() }),
    await client.query(
      `SELECT t.parent, d.day FROM json_array_elements_text($1::json) AS t(parent),
         json_array_elements_text($2::json) AS d(day)
       WHERE to_regclass(hq_day_partition(t.parent, d.day::date)) IS NULL`,
      [JSON.stringify(DAY_PARTITIONED_TABLES), JSON.stringify(days)],
    ),
  );
  for (const { parent, day } of missing) {
    await client.transaction(async (tx) => {
      // Two instances making the same partition at once would collide in the catalogue: they take turns.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('kassa-hq partitions'))`);
      await tx.query('SELECT hq_ensure_day_partition($1, $2::date)', [parent, day]);
    });
  }
}

/**
 * One store's memory of the days it has made partitions for, so a push asks
 * the database only about days new to this instance; pushes that bring the
 * same new day at once wait for one making of it.
 */
export function dayPartitions(client: SqlClient): (days: readonly string[]) => Promise<void> {
  const made = new Map<string, Promise<void>>();
  return async (days) => {
    const missing = [...new Set(days)].filter((day) => !made.has(day));
    if (missing.length > 0) {
      const making = ensureDayPartitions(client, missing);
      for (const day of missing) made.set(day, making);
      // A failure (the database was away) is forgotten, so the next push tries again.
      making.catch(() => {
        for (const day of missing) if (made.get(day) === making) made.delete(day);
      });
    }
    await Promise.all(days.map((day) => made.get(day) ?? Promise.resolve()));
  };
}
