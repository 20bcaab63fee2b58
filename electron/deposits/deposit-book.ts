import { z } from 'zod';
import type { TillMode } from '../../shared/config/schema.ts';
import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * The deposits book on the till's database: who left a deposit, for how much
 * and why, and which hold (a pre-authorisation by link) reserves it. Where a
 * deposit stands is never written here: it is read from its attempts in the
 * payment book (the hold, and any capture or release of it), so the two can
 * never disagree.
 */

export interface DepositRecord {
  readonly id: string;
  /** The per-till sequence behind the number people read. */
  readonly seq: number;
  /** D-0001. */
  readonly number: string;
  readonly mode: TillMode;
  readonly customer: string;
  readonly contact: string | undefined;
  readonly note: string | undefined;
  readonly amountMinor: number;
  readonly currency: string;
  readonly createdAt: string;
  readonly createdBy: string | undefined;
  /** Absent only between the row and its hold (a crash there is put right at start). */
  readonly holdAttemptId: string | undefined;
}

export type NewDeposit = Pick<
  DepositRecord,
  'id' | 'mode' | 'customer' | 'contact' | 'note' | 'amountMinor' | 'currency' | 'createdAt' | 'createdBy'
>;

/** A deposit's attempt the gateway approved, with when: what the day report counts. */
export interface DepositSettlement {
  readonly kind: 'hold' | 'capture' | 'release';
  readonly amountMinor: number;
  readonly approvedAt: string;
}

export interface DepositBook {
  /** Writes a deposit under the next number; before its hold, so the hold's request never leaves for a deposit the book lacks. */
  create(deposit: NewDeposit): DepositRecord;
  /** Names the hold that reserves the deposit; once only. */
  attachHold(depositId: string, holdAttemptId: string): DepositRecord;
  /** Takes back a deposit whose hold was never made (the payment service refused it); its number is free again. */
  discard(depositId: string): void;
  deposit(depositId: string): DepositRecord | undefined;
  /**
   * The deposits of `mode` still worth a look: a hold not ended without money, and no capture or release
   * of it approved. Oldest first.
   */
  open(mode: TillMode): DepositRecord[];
  /** Deposits whose row was written and whose hold was never named (the till stopped in between). */
  withoutHold(): DepositRecord[];
  /** Holds, captures and releases of `mode`'s deposits first approved after `from` and at or before `to`. */
  settledBetween(mode: TillMode, from: string, to: string): DepositSettlement[];
}

const DepositRowSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  mode: z.enum(['live', 'training', 'demo']),
  customer: z.string(),
  contact: z.string().nullable(),
  note: z.string().nullable(),
  amount_minor: z.number().int(),
  currency: z.string(),
  created_at: z.string(),
  created_by: z.string().nullable(),
  hold_attempt_id: z.string().nullable(),
});

const SettlementRowSchema = z.object({
  kind: z.enum(['hold', 'capture', 'release']),
  amount: z.number().int(),
  approved_at: z.string(),
});

/** D-0001: what is printed and said; four digits at least, more when a till takes more. */
export function depositNumber(seq: number): string {
  return `D-${String(seq).padStart(4, '0')}`;
}

function toDeposit(row: unknown): DepositRecord {
  const r = DepositRowSchema.parse(row);
  return {
    id: r.id,
    seq: r.seq,
    number: depositNumber(r.seq),
    mode: r.mode,
    customer: r.customer,
    contact: r.contact ?? undefined,
    note: r.note ?? undefined,
    amountMinor: r.amount_minor,
    currency: r.currency,
    createdAt: r.created_at,
    createdBy: r.created_by ?? undefined,
    holdAttemptId: r.hold_attempt_id ?? undefined,
  };
}

/** Every statement the book runs, by name. */
export const DEPOSIT_BOOK_SQL = {
  nextSeq: 'SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM deposits',
  insert: `INSERT INTO deposits (id, seq, mode, customer, contact, note, amount_minor, currency, created_at, created_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  attachHold: 'UPDATE deposits SET hold_attempt_id = ? WHERE id = ? AND hold_attempt_id IS NULL RETURNING *',
  discard: 'DELETE FROM deposits WHERE id = ? AND hold_attempt_id IS NULL',
  deposit: 'SELECT * FROM deposits WHERE id = ?',
  open: `SELECT d.* FROM deposits d JOIN payment_attempts h ON h.id = d.hold_attempt_id
    WHERE d.mode = ? AND h.state NOT IN ('declined', 'cancelled', 'failed')
      AND NOT EXISTS (SELECT 1 FROM payment_attempts a WHERE a.original_attempt_id = h.id
        AND a.kind IN ('capture', 'release') AND a.state = 'approved')
    ORDER BY d.seq`,
  withoutHold: 'SELECT * FROM deposits WHERE hold_attempt_id IS NULL ORDER BY seq',
  settled: `SELECT kind, amount, approved_at FROM (
      SELECT a.kind AS kind, COALESCE(a.authorised_minor, a.amount_minor) AS amount,
        (SELECT MIN(e.at) FROM attempt_events e WHERE e.attempt_id = a.id AND e.to_state = 'approved') AS approved_at
      FROM deposits d JOIN payment_attempts a ON a.sale_id = d.id
      WHERE d.mode = ? AND a.state = 'approved' AND a.kind IN ('hold', 'capture', 'release'))
    WHERE approved_at > ? AND approved_at <= ? ORDER BY approved_at`,
} as const;

export function createDepositBook(database: TillDatabase): DepositBook {
  const statements = Object.fromEntries(
    Object.entries(DEPOSIT_BOOK_SQL).map(([name, sql]) => [name, database.connection.prepare(sql)]),
  ) as Record<keyof typeof DEPOSIT_BOOK_SQL, ReturnType<typeof database.connection.prepare>>;

  return {
    create(deposit) {
      return database.transaction(() => {
        const seq = Number(statements.nextSeq.get()?.next ?? 1);
        return toDeposit(
          statements.insert.get(
            deposit.id,
            seq,
            deposit.mode,
            deposit.customer,
            deposit.contact ?? null,
            deposit.note ?? null,
            deposit.amountMinor,
            deposit.currency,
            deposit.createdAt,
            deposit.createdBy ?? null,
          ),
        );
      });
    },

    attachHold(depositId, holdAttemptId) {
      const row = statements.attachHold.get(holdAttemptId, depositId);
      if (row === undefined) throw new Error(`Deposit ${depositId} has a hold already, or is not in the book.`);
      return toDeposit(row);
    },

    discard(depositId) {
      statements.discard.run(depositId);
    },

    deposit(depositId) {
      const row = statements.deposit.get(depositId);
      return row === undefined ? undefined : toDeposit(row);
    },

    open: (mode) => statements.open.all(mode).map(toDeposit),

    withoutHold: () => statements.withoutHold.all().map(toDeposit),

    settledBetween(mode, from, to) {
      return statements.settled.all(mode, from, to).map((row) => {
        const r = SettlementRowSchema.parse(row);
        return { kind: r.kind, amountMinor: r.amount, approvedAt: r.approved_at };
      });
    },
  };
}
