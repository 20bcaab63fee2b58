import type { z } from 'zod';
import {
  AttentionItemSchema,
  AuditPayloadSchema,
  type OutboxKind,
  type SyncItem,
} from '../../shared/hq/hq-contract.ts';
import { CompletedRefundSchema } from '../../shared/refunds/refund.ts';
import { CompletedSaleSchema } from '../../shared/sale/completed-sale.ts';
import { CashMoveSchema, DayReportSchema } from '../../shared/till-day/day-report.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { LocalTime } from './database/business-day.ts';

/**
 * A push's items, checked and turned into the rows HQ stores: each payload
 * validated against its kind's shared schema, its business day and hour
 * worked out, its money split by tender line the way the till's Z report
 * splits it. Pure, so a bad item is found before anything is written.
 */

/** An item whose payload is not what its kind promises: the whole push is refused and nothing of it written. */
export class HqBadPushError extends Error {
  readonly seq: number;
  readonly kind: OutboxKind;

  constructor(seq: number, kind: OutboxKind, issues: string) {
    super(`item ${seq} (${kind}) is not a valid ${kind}: ${issues}`);
    this.name = 'HqBadPushError';
    this.seq = seq;
    this.kind = kind;
  }
}

const ZReportSchema = DayReportSchema.refine((report) => report.kind === 'Z' && report.zNumber !== undefined, {
  message: 'must be a Z report, with its number',
});

/** Columns every record row has besides the till's (which the statement adds once for the batch). */
interface RecordColumns {
  readonly seq: number;
  readonly business_day: string;
  readonly mode: SyncItem['mode'];
  readonly recorded_at: string;
}

interface TenderColumns {
  cash_minor: number;
  card_minor: number;
  link_minor: number;
  online_minor: number;
}

/** The rows of one push, by table, with column names as the tables have them. */
export interface PushRows {
  readonly sales: (RecordColumns & TenderColumns & Record<string, unknown>)[];
  readonly refunds: (RecordColumns & TenderColumns & Record<string, unknown>)[];
  readonly vat_lines: (RecordColumns & Record<string, unknown>)[];
  readonly z_reports: (RecordColumns & Record<string, unknown>)[];
  readonly cash_moves: (RecordColumns & Record<string, unknown>)[];
  readonly audit_entries: (RecordColumns & Record<string, unknown>)[];
  /** At most one per attempt: the batch's latest word on it. */
  readonly attention: { seq: number; mode: string; attempt_id: string; waiting: boolean; item: unknown }[];
  /** The highest sequence in the batch, 0 when it is empty. */
  readonly maxSeq: number;
  /** The business days the batch's records fall on. */
  readonly days: ReadonlySet<string>;
}

function parsed<Schema extends z.ZodType>(schema: Schema, item: SyncItem): z.infer<Schema> {
  const result = schema.safeParse(item.payload);
  if (!result.success) throw new HqBadPushError(item.seq, item.kind, describeIssues(result.error));
  return result.data;
}

/** Money by the Z report's tender lines: a card paid by link counts as link. */
function splitTenders(
  tenders: readonly { kind: string; amountMinor: number; byLink?: true | undefined }[],
): TenderColumns {
  const split: TenderColumns = { cash_minor: 0, card_minor: 0, link_minor: 0, online_minor: 0 };
  for (const tender of tenders) {
    if (tender.kind === 'cash') split.cash_minor += tender.amountMinor;
    else if (tender.kind === 'online') split.online_minor += tender.amountMinor;
    else if (tender.byLink === true) split.link_minor += tender.amountMinor;
    else split.card_minor += tender.amountMinor;
  }
  return split;
}

export function pushRows(items: readonly SyncItem[], localTime: (iso: string) => LocalTime): PushRows {
  const days = new Set<string>();
  const rows: PushRows = {
    sales: [],
    refunds: [],
    vat_lines: [],
    z_reports: [],
    cash_moves: [],
    audit_entries: [],
    attention: [],
    maxSeq: items.reduce((max, item) => Math.max(max, item.seq), 0),
    days,
  };
  // A record falls on the day of its own time (a sale's completion), not of when it was queued:
  // history queued at enrolment still lands on the days it happened.
  const record = (item: SyncItem, at: string): RecordColumns => {
    const day = localTime(at).day;
    days.add(day);
    return { seq: item.seq, business_day: day, mode: item.mode, recorded_at: item.at };
  };
  const vatLines = (item: SyncItem, at: string, source: 'sale' | 'refund', currency: string, vat: VatRows) =>
    vat.map((row, index) => ({
      ...record(item, at),
      line_no: index,
      source,
      currency,
      vat_basis_points: row.vatBasisPoints,
      gross_minor: row.grossMinor,
      vat_minor: row.vatMinor,
      net_minor: row.netMinor,
    }));
  const attention = new Map<string, PushRows['attention'][number]>();

  const seqs = new Set<number>();
  for (const item of items) {
    // A sequence names one record: a batch that names two with it is not a till's outbox.
    if (seqs.has(item.seq)) throw new HqBadPushError(item.seq, item.kind, 'its sequence appears twice in the batch');
    seqs.add(item.seq);
    switch (item.kind) {
      case 'sale': {
        const sale = parsed(CompletedSaleSchema, item);
        rows.sales.push({
          ...record(item, sale.completedAt),
          completed_at: sale.completedAt,
          local_hour: localTime(sale.completedAt).hour,
          sale_id: sale.saleId,
          receipt_number: sale.receiptNumber,
          currency: sale.currency,
          total_minor: sale.totalMinor,
          discount_minor: sale.discountMinor,
          item_count: sale.itemCount,
          ...splitTenders(sale.tenders),
          record: sale,
        });
        rows.vat_lines.push(...vatLines(item, sale.completedAt, 'sale', sale.currency, sale.vat));
        break;
      }
      case 'refund': {
        const refund = parsed(CompletedRefundSchema, item);
        rows.refunds.push({
          ...record(item, refund.completedAt),
          completed_at: refund.completedAt,
          local_hour: localTime(refund.completedAt).hour,
          refund_id: refund.refundId,
          refund_number: refund.refundNumber,
          original_receipt_number: refund.originalReceiptNumber ?? null,
          currency: refund.currency,
          total_minor: refund.totalMinor,
          ...splitTenders(refund.tenders),
          record: refund,
        });
        rows.vat_lines.push(...vatLines(item, refund.completedAt, 'refund', refund.currency, refund.vat));
        break;
      }
      case 'z_report': {
        const report = parsed(ZReportSchema, item);
        rows.z_reports.push({
          ...record(item, report.generatedAt),
          z_number: report.zNumber,
          closed_at: report.generatedAt,
          currency: report.currency,
          net_takings_minor: report.netTakingsMinor,
          difference_minor: report.differenceMinor ?? null,
          record: report,
        });
        break;
      }
      case 'cash_move': {
        const move = parsed(CashMoveSchema, item);
        rows.cash_moves.push({
          ...record(item, move.at),
          moved_at: move.at,
          kind: move.kind,
          amount_minor: move.amountMinor,
          reason: move.reason,
          moved_by: move.by ?? null,
        });
        break;
      }
      case 'audit': {
        const entry = parsed(AuditPayloadSchema, item);
        rows.audit_entries.push({
          ...record(item, entry.at),
          audit_seq: entry.seq,
          at: entry.at,
          action: entry.action,
          actor: entry.actor,
          reason: entry.reason,
          detail: entry.detail ?? null,
        });
        break;
      }
      case 'attempt_attention':
      case 'attempt_settled': {
        const attempt = parsed(AttentionItemSchema, item);
        const earlier = attention.get(attempt.attemptId);
        // One row per attempt per statement (an upsert may not touch a row twice): the later word wins.
        if (earlier === undefined || earlier.seq < item.seq) {
          attention.set(attempt.attemptId, {
            seq: item.seq,
            mode: item.mode,
            attempt_id: attempt.attemptId,
            waiting: item.kind === 'attempt_attention',
            item: attempt,
          });
        }
        break;
      }
    }
  }
  rows.attention.push(...attention.values());
  return rows;
}

type VatRows = readonly { vatBasisPoints: number; grossMinor: number; vatMinor: number; netMinor: number }[];
