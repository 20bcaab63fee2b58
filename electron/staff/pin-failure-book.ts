import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * Wrong PINs in a row, per person, and how long they are locked out for, in
 * the till's database: a lockout that a restart (or pulling the plug) undid
 * would give a guesser five more tries per restart.
 */

export interface PinFailures {
  /** Wrong PINs since the last right one (or the last lockout). */
  count: number;
  /** Epoch milliseconds until which the person may not log in; 0 when not locked out. */
  lockedUntil: number;
}

export interface PinFailureBook {
  get(staffId: string): PinFailures | undefined;
  set(staffId: string, failures: PinFailures): void;
  clear(staffId: string): void;
}

export function createPinFailureBook(database: TillDatabase): PinFailureBook {
  const statements = {
    get: database.connection.prepare('SELECT failures, locked_until FROM staff_pin_failures WHERE staff_id = ?'),
    set: database.connection.prepare(
      `INSERT INTO staff_pin_failures (staff_id, failures, locked_until) VALUES (?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
    ),
    clear: database.connection.prepare('DELETE FROM staff_pin_failures WHERE staff_id = ?'),
  };
  return {
    get(staffId) {
      const row = statements.get.get(staffId);
      if (row === undefined) return undefined;
      const lockedUntil = row.locked_until === null ? 0 : Date.parse(String(row.locked_until));
      return { count: Number(row.failures), lockedUntil: Number.isFinite(lockedUntil) ? lockedUntil : 0 };
    },
    set(staffId, failures) {
      statements.set.run(
        staffId,
        failures.count,
        failures.lockedUntil > 0 ? new Date(failures.lockedUntil).toISOString() : null,
      );
    },
    clear(staffId) {
      statements.clear.run(staffId);
    },
  };
}

/** The same, kept in memory: a till without a database (tests, the bench). */
export function createMemoryPinFailureBook(): PinFailureBook {
  const failures = new Map<string, PinFailures>();
  return {
    get: (staffId) => failures.get(staffId),
    set: (staffId, record) => void failures.set(staffId, { ...record }),
    clear: (staffId) => void failures.delete(staffId),
  };
}
