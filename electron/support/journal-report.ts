import { existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { UNSETTLED_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { checkDatabaseIntegrity } from '../till-database/integrity-check.ts';
import { MIGRATIONS } from '../till-database/migrations.ts';

/**
 * What support needs to know about a till's journal without reading anyone's
 * sales: whether SQLite finds it sound, its schema version and size, and the
 * counts that say whether something is stuck (payments not settled, results
 * that matched nothing, receipts waiting, refunds open, the till day). Read
 * through a read-only connection; nothing in it names a card or a customer.
 */

export interface JournalReport {
  readonly file: string;
  readonly exists: boolean;
  readonly sizeBytes?: number;
  readonly integrity?: 'sound' | 'damaged' | 'unchecked';
  readonly finding?: string;
  readonly schemaVersion?: number;
  readonly schemaVersionOfThisKassa: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly unsettledPayments?: readonly {
    attemptId: string;
    kind: string;
    state: string;
    updatedAt: string;
    reason?: string;
  }[];
  readonly openDays?: readonly { mode: string; openedAt: string }[];
  readonly lastZ?: readonly { mode: string; zNumber: number; closedAt: string }[];
  /** A table this Kassa expects is missing, or a query failed: the report says so rather than stopping. */
  readonly problem?: string;
}

const COUNTS: Readonly<Record<string, string>> = {
  completedSales: 'SELECT COUNT(*) AS n FROM completed_sales',
  paymentAttempts: 'SELECT COUNT(*) AS n FROM payment_attempts',
  unmatchedResults: "SELECT COUNT(*) AS n FROM inbox WHERE outcome = 'unmatched'",
  unhandledNotifications: 'SELECT COUNT(*) AS n FROM inbox WHERE outcome IS NULL',
  receiptsWaiting: "SELECT COUNT(*) AS n FROM print_jobs WHERE status <> 'printed'",
  refundsOpen: "SELECT COUNT(*) AS n FROM refunds WHERE state = 'open'",
  /** A sale left on the till (after a crash, or a cashier who walked away): it reopens at the next start. */
  salesOpen: "SELECT COUNT(*) AS n FROM open_sales WHERE state = 'open'",
  salesParked: "SELECT COUNT(*) AS n FROM open_sales WHERE state = 'parked'",
  auditEntries: 'SELECT COUNT(*) AS n FROM audit_log',
};

export async function journalReport(file: string): Promise<JournalReport> {
  const base = { file, schemaVersionOfThisKassa: MIGRATIONS.length };
  if (!existsSync(file)) return { ...base, exists: false };
  const check = await checkDatabaseIntegrity(file).result;
  const report = {
    ...base,
    exists: true,
    sizeBytes: statSync(file).size,
    integrity: check.kind,
    ...(check.kind === 'damaged' ? { finding: check.error.message } : {}),
    ...(check.kind === 'unchecked' ? { finding: check.reason } : {}),
  };
  let database: DatabaseSync | undefined;
  try {
    database = new DatabaseSync(file, { readOnly: true, timeout: 5_000 });
    const db = database;
    const count = (sql: string) => Number(db.prepare(sql).get()?.n ?? 0);
    return {
      ...report,
      schemaVersion: Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0),
      counts: Object.fromEntries(Object.entries(COUNTS).map(([name, sql]) => [name, count(sql)])),
      unsettledPayments: db
        .prepare(
          `SELECT id, kind, state, updated_at, reason FROM payment_attempts
           WHERE state IN (${UNSETTLED_PAYMENT_STATES.map(() => '?').join(', ')}) ORDER BY created_at`,
        )
        .all(...UNSETTLED_PAYMENT_STATES)
        .map((row) => ({
          attemptId: String(row.id),
          kind: String(row.kind),
          state: String(row.state),
          updatedAt: String(row.updated_at),
          ...(row.reason === null ? {} : { reason: String(row.reason) }),
        })),
      openDays: db
        .prepare('SELECT mode, opened_at FROM till_days WHERE closed_at IS NULL ORDER BY seq')
        .all()
        .map((row) => ({ mode: String(row.mode), openedAt: String(row.opened_at) })),
      lastZ: db
        .prepare('SELECT mode, MAX(z_number) AS z, closed_at FROM z_reports GROUP BY mode ORDER BY mode')
        .all()
        .map((row) => ({ mode: String(row.mode), zNumber: Number(row.z), closedAt: String(row.closed_at) })),
    };
  } catch (error) {
    return { ...report, problem: (error as Error).message };
  } finally {
    database?.close();
  }
}
