import { z } from 'zod';
import {
  CompletedRefundSchema,
  RefundPlanSchema,
  type CompletedRefund,
  type RefundPlan,
} from '../../shared/refunds/refund.ts';
import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * Refunds in the till's database. A refund is written with its plan (what comes back
 * and on which tender) before any money moves, so every later refund of the
 * same sale sees it and the caps hold across restarts; it gets its number and
 * its record, and counts in the day, only when the last part is done.
 * Triggers keep a completed or cancelled refund as it is.
 */

export type RefundRowState = 'open' | 'completed' | 'cancelled';

export interface RefundRow {
  readonly id: string;
  readonly originalSaleId: string | undefined;
  readonly state: RefundRowState;
  readonly createdAt: string;
  readonly createdBy: string | undefined;
  readonly reason: string;
  readonly plan: RefundPlan;
  readonly refundNumber: string | undefined;
  readonly completedAt: string | undefined;
  readonly record: CompletedRefund | undefined;
  readonly cancelledReason: string | undefined;
}

export interface RefundBook {
  create(refund: {
    id: string;
    originalSaleId: string | undefined;
    createdAt: string;
    createdBy: string | undefined;
    reason: string;
    plan: RefundPlan;
  }): RefundRow;
  get(id: string): RefundRow | undefined;
  /** The refunds of a sale that are not cancelled: what they plan counts against what is left. */
  ofSale(saleId: string): RefundRow[];
  /** Every refund of a sale, cancelled ones too, for the till's database view. */
  allOfSale(saleId: string): RefundRow[];
  open(): RefundRow[];
  /** A completed refund by the number on its receipt. */
  completedByNumber(refundNumber: string): CompletedRefund | undefined;
  /** The next refund number's sequence: gap-free, since completed refunds are never deleted. */
  nextNumber(): number;
  complete(id: string, record: CompletedRefund, daySeq: number): RefundRow;
  cancel(id: string, reason: string): RefundRow;
}

const RowSchema = z.object({
  id: z.string(),
  original_sale_id: z.string().nullable(),
  state: z.enum(['open', 'completed', 'cancelled']),
  created_at: z.string(),
  created_by: z.string().nullable(),
  reason: z.string(),
  plan: z.string(),
  refund_number: z.string().nullable(),
  completed_at: z.string().nullable(),
  record: z.string().nullable(),
  cancelled_reason: z.string().nullable(),
});

function toRow(row: unknown): RefundRow {
  const r = RowSchema.parse(row);
  return {
    id: r.id,
    originalSaleId: r.original_sale_id ?? undefined,
    state: r.state,
    createdAt: r.created_at,
    createdBy: r.created_by ?? undefined,
    reason: r.reason,
    plan: RefundPlanSchema.parse(JSON.parse(r.plan)),
    refundNumber: r.refund_number ?? undefined,
    completedAt: r.completed_at ?? undefined,
    record: r.record === null ? undefined : CompletedRefundSchema.parse(JSON.parse(r.record)),
    cancelledReason: r.cancelled_reason ?? undefined,
  };
}

export function createRefundBook(database: TillDatabase): RefundBook {
  const statements = {
    insert: database.connection.prepare(
      `INSERT INTO refunds (id, original_sale_id, state, created_at, created_by, reason, total_minor, plan)
       VALUES (?, ?, 'open', ?, ?, ?, ?, ?)`,
    ),
    get: database.connection.prepare('SELECT * FROM refunds WHERE id = ?'),
    ofSale: database.connection.prepare(
      "SELECT * FROM refunds WHERE original_sale_id = ? AND state <> 'cancelled' ORDER BY created_at, rowid",
    ),
    allOfSale: database.connection.prepare(
      'SELECT * FROM refunds WHERE original_sale_id = ? ORDER BY created_at, rowid',
    ),
    open: database.connection.prepare("SELECT * FROM refunds WHERE state = 'open' ORDER BY created_at, rowid"),
    byNumber: database.connection.prepare("SELECT * FROM refunds WHERE refund_number = ? AND state = 'completed'"),
    completedCount: database.connection.prepare("SELECT COUNT(*) AS count FROM refunds WHERE state = 'completed'"),
    complete: database.connection.prepare(
      `UPDATE refunds SET state = 'completed', refund_number = ?, completed_at = ?, day_seq = ?, record = ?
       WHERE id = ? AND state = 'open'`,
    ),
    cancel: database.connection.prepare(
      "UPDATE refunds SET state = 'cancelled', cancelled_reason = ? WHERE id = ? AND state = 'open'",
    ),
  };

  function get(id: string): RefundRow | undefined {
    const row = statements.get.get(id);
    return row === undefined ? undefined : toRow(row);
  }

  function must(id: string): RefundRow {
    const row = get(id);
    if (row === undefined) throw new Error(`No refund ${id} in the journal.`);
    return row;
  }

  return {
    create(refund) {
      statements.insert.run(
        refund.id,
        refund.originalSaleId ?? null,
        refund.createdAt,
        refund.createdBy ?? null,
        refund.reason,
        refund.plan.totalMinor,
        JSON.stringify(refund.plan),
      );
      return must(refund.id);
    },
    get,
    ofSale: (saleId) => statements.ofSale.all(saleId).map(toRow),
    allOfSale: (saleId) => statements.allOfSale.all(saleId).map(toRow),
    open: () => statements.open.all().map(toRow),
    completedByNumber(refundNumber) {
      const row = statements.byNumber.get(refundNumber);
      return row === undefined ? undefined : toRow(row).record;
    },
    nextNumber: () => Number(statements.completedCount.get()?.count ?? 0) + 1,
    complete(id, record, daySeq) {
      statements.complete.run(record.refundNumber, record.completedAt, daySeq, JSON.stringify(record), id);
      return must(id);
    },
    cancel(id, reason) {
      statements.cancel.run(reason, id);
      return must(id);
    },
  };
}
