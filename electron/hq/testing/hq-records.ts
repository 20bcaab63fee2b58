import type { AttentionItem, SyncItem, TillStatus } from '../../../shared/hq/hq-contract.ts';
import { vatRows, type CompletedRefund, type RecordedRefundTender } from '../../../shared/refunds/refund.ts';
import { cartTotals, type CartLine } from '../../../shared/sale/cart.ts';
import { recordedLine, type CompletedSale, type RecordedTender } from '../../../shared/sale/completed-sale.ts';
import { dayReport, zReport, type CashMove, type DayReport } from '../../../shared/till-day/day-report.ts';

/**
 * Records as a till makes them, for HQ's tests: totals and VAT from the
 * till's own arithmetic (cartTotals, vatRows, dayReport), so what HQ sums is
 * checked against what the till would print.
 */

export interface LineSpec {
  readonly priceMinor: number;
  readonly vatBasisPoints: number;
  readonly quantity: number;
}

/** How a sale was paid: each part in minor units; cash takes whatever the others leave. */
export interface PaySpec {
  readonly cardMinor?: number;
  readonly linkMinor?: number;
}

export function saleRecord(spec: {
  readonly receiptNumber: string;
  readonly completedAt: string;
  readonly tillId?: string;
  readonly currency?: string;
  readonly lines: readonly LineSpec[];
  readonly pay?: PaySpec;
}): CompletedSale {
  const currency = spec.currency ?? 'EUR';
  const lines: CartLine[] = spec.lines.map((line, index) => ({
    lineId: `line-${index}`,
    sku: `SKU-${index}`,
    name: `Item ${index}`,
    unitPriceMinor: line.priceMinor,
    quantity: line.quantity,
    vatBasisPoints: line.vatBasisPoints,
  }));
  const totals = cartTotals({ saleId: spec.receiptNumber, currency, lines });
  const card = Math.min(spec.pay?.cardMinor ?? 0, totals.totalMinor);
  const link = Math.min(spec.pay?.linkMinor ?? 0, totals.totalMinor - card);
  const cash = totals.totalMinor - card - link;
  const tenders: RecordedTender[] = [];
  if (card > 0) tenders.push({ kind: 'card', attemptId: `${spec.receiptNumber}-card`, amountMinor: card });
  if (link > 0)
    tenders.push({ kind: 'card', attemptId: `${spec.receiptNumber}-link`, amountMinor: link, byLink: true });
  if (cash > 0 || tenders.length === 0) {
    tenders.push({ kind: 'cash', tenderedMinor: cash, amountMinor: cash, changeMinor: 0 });
  }
  return {
    saleId: `sale-${spec.receiptNumber}`,
    receiptNumber: spec.receiptNumber,
    completedAt: spec.completedAt,
    tillId: spec.tillId ?? 'T1',
    currency,
    lines: lines.map(recordedLine),
    totalMinor: totals.totalMinor,
    discountMinor: totals.discountMinor,
    itemCount: totals.itemCount,
    vat: totals.vat,
    tenders,
    changeMinor: 0,
  };
}

/** A refund of part of a sale's money, to the tenders given (cash, card, online), VAT spread by rate as given. */
export function refundRecord(spec: {
  readonly refundNumber: string;
  readonly completedAt: string;
  readonly tillId?: string;
  readonly currency?: string;
  /** Gross refunded per VAT rate. */
  readonly grossByRate: ReadonlyMap<number, number>;
  readonly to: readonly ('cash' | 'card' | 'online')[];
}): CompletedRefund {
  const totalMinor = [...spec.grossByRate.values()].reduce((sum, gross) => sum + gross, 0);
  // The first tender takes any remainder of an uneven split.
  const share = Math.floor(totalMinor / spec.to.length);
  const tenders = spec.to.map((kind, index): RecordedRefundTender => {
    const amountMinor = index === 0 ? totalMinor - share * (spec.to.length - 1) : share;
    const attemptId = `${spec.refundNumber}-${index}`;
    if (kind === 'cash') return { kind, amountMinor };
    if (kind === 'card') return { kind, attemptId, amountMinor };
    return { kind, attemptId, amountMinor, gateway: 'worldline', paymentId: `pay-${attemptId}` };
  });
  return {
    refundId: `refund-${spec.refundNumber}`,
    refundNumber: spec.refundNumber,
    completedAt: spec.completedAt,
    tillId: spec.tillId ?? 'T1',
    mode: 'live',
    currency: spec.currency ?? 'EUR',
    lines: [],
    totalMinor,
    vat: vatRows(spec.grossByRate),
    tenders,
    reason: 'goodwill',
  };
}

/** The Z report a till prints over these records. */
export function zReportRecord(spec: {
  readonly tillId?: string;
  readonly zNumber: number;
  readonly closedAt: string;
  readonly sales: readonly CompletedSale[];
  readonly refunds: readonly CompletedRefund[];
  readonly cashMoves?: readonly CashMove[];
  readonly countedCashMinor: number;
}): DayReport {
  const x = dayReport({
    tillId: spec.tillId ?? 'T1',
    currency: 'EUR',
    day: { dayNumber: spec.zNumber, mode: 'live', openedAt: spec.closedAt, floatMinor: 10_000, floatCounted: true },
    sales: spec.sales,
    refunds: spec.refunds,
    cashMoves: spec.cashMoves ?? [],
    voids: { count: 0, totalMinor: 0 },
    generatedAt: spec.closedAt,
  });
  return zReport(x, spec.zNumber, spec.countedCashMinor, 'anna');
}

export function attentionItem(attemptId: string, state: string, at = '2025-03-14T10:00:00.000Z'): AttentionItem {
  return {
    attemptId,
    saleId: `sale-of-${attemptId}`,
    kind: 'payment',
    provider: 'adyen',
    terminalId: 'P400Plus-123456789',
    amountMinor: 1250,
    currency: 'EUR',
    state,
    attention: state === 'needs_attention' ? 'no_final_answer' : null,
    reason: null,
    createdAt: at,
    updatedAt: at,
  };
}

export function tillStatus(poiIds: readonly string[] = []): TillStatus {
  return {
    appVersion: '0.1.0',
    printer: { health: 'ok' },
    terminal: { health: 'ok' },
    waiting: 0,
    routes: poiIds.map((poiId) => ({ provider: 'adyen', poiId })),
  };
}

/** One outbox item around a record: recorded at `at` (the record's own time when not given), live unless said. */
export function syncItem(
  seq: number,
  kind: SyncItem['kind'],
  payload: object,
  options: { at?: string; mode?: SyncItem['mode'] } = {},
): SyncItem {
  const own = 'completedAt' in payload ? payload.completedAt : 'at' in payload ? payload.at : undefined;
  return {
    seq,
    kind,
    at: options.at ?? (typeof own === 'string' ? own : '2025-03-14T12:00:00.000Z'),
    mode: options.mode ?? 'live',
    payload: { ...payload },
  };
}
