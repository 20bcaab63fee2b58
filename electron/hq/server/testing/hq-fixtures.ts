import type { AttentionItem, SyncItem, TillStatus } from '../../../../shared/hq/hq-contract.ts';
import type { CompletedSale } from '../../../../shared/sale/completed-sale.ts';
import type { DayReport } from '../../../../shared/till-day/day-report.ts';

/** Records as a till would push them, checked by the same shared schemas HQ checks them with. */

export function tillStatus(overrides: Partial<TillStatus> = {}): TillStatus {
  return {
    appVersion: '0.1.0',
    printer: { health: 'ok' },
    terminal: { health: 'ok' },
    waiting: 0,
    routes: [],
    ...overrides,
  };
}

/** A live sale of one line at 21% VAT, paid in full by card (or cash). */
export function saleItem(
  seq: number,
  options: { completedAt: string; totalMinor: number; tender?: 'card' | 'cash'; tillId?: string },
): SyncItem {
  const { completedAt, totalMinor } = options;
  const vatMinor = Math.round((totalMinor * 2100) / 12_100);
  const sale: CompletedSale = {
    saleId: `sale-${seq}`,
    receiptNumber: `${options.tillId ?? 'T-1'}-${seq}`,
    completedAt,
    tillId: options.tillId ?? 'T-1',
    currency: 'EUR',
    lines: [
      {
        lineId: 'l1',
        sku: 'COFFEE',
        name: 'Coffee',
        unitPriceMinor: totalMinor,
        quantity: 1,
        vatBasisPoints: 2100,
        totalMinor,
        discountMinor: 0,
      },
    ],
    totalMinor,
    discountMinor: 0,
    itemCount: 1,
    vat: [{ vatBasisPoints: 2100, grossMinor: totalMinor, vatMinor, netMinor: totalMinor - vatMinor }],
    tenders:
      options.tender === 'cash'
        ? [{ kind: 'cash', tenderedMinor: totalMinor, amountMinor: totalMinor, changeMinor: 0 }]
        : [{ kind: 'card', attemptId: `attempt-${seq}`, amountMinor: totalMinor }],
    changeMinor: 0,
  };
  return { seq, kind: 'sale', at: completedAt, mode: 'live', payload: sale };
}

/** A Z report whose drawer count was `differenceMinor` off what was expected. */
export function zReportItem(
  seq: number,
  options: { closedAt: string; zNumber: number; netTakingsMinor: number; differenceMinor: number },
): SyncItem {
  const expectedMinor = 10_000;
  const report: DayReport = {
    kind: 'Z',
    tillId: 'T-1',
    currency: 'EUR',
    day: {
      dayNumber: options.zNumber,
      mode: 'live',
      openedAt: options.closedAt,
      floatMinor: 10_000,
      floatCounted: true,
    },
    generatedAt: options.closedAt,
    sales: { count: 1, itemCount: 1, totalMinor: options.netTakingsMinor, discountMinor: 0 },
    refunds: { count: 0, totalMinor: 0 },
    voids: { count: 0, totalMinor: 0 },
    tenders: [
      { kind: 'card', salesMinor: options.netTakingsMinor, refundsMinor: 0, netMinor: options.netTakingsMinor },
    ],
    vat: [],
    cash: { floatMinor: 10_000, salesMinor: 0, refundsMinor: 0, inMinor: 0, outMinor: 0, expectedMinor },
    cashMoves: [],
    netTakingsMinor: options.netTakingsMinor,
    zNumber: options.zNumber,
    countedCashMinor: expectedMinor + options.differenceMinor,
    differenceMinor: options.differenceMinor,
  };
  return { seq, kind: 'z_report', at: options.closedAt, mode: 'live', payload: report };
}

/** A card payment the till could not settle: it waits for a manager. */
export function attentionItem(seq: number, options: { at: string; amountMinor: number; attemptId: string }): SyncItem {
  const attempt: AttentionItem = {
    attemptId: options.attemptId,
    saleId: `sale-${seq}`,
    kind: 'payment',
    provider: 'adyen',
    terminalId: 'P400Plus-100000001',
    amountMinor: options.amountMinor,
    currency: 'EUR',
    state: 'needs_attention',
    attention: 'unconfirmed',
    reason: 'The terminal did not answer',
    createdAt: options.at,
    updatedAt: options.at,
  };
  return { seq, kind: 'attempt_attention', at: options.at, mode: 'live', payload: attempt };
}

/** A Terminal API event as Adyen posts it to an event URL. */
export function adyenEvent(poiId: string, serviceId: string): unknown {
  return {
    SaleToPOIResponse: {
      MessageHeader: {
        ProtocolVersion: '3.0',
        MessageClass: 'Service',
        MessageCategory: 'Payment',
        MessageType: 'Response',
        ServiceID: serviceId,
        SaleID: 'KassaTill1',
        POIID: poiId,
      },
      PaymentResponse: { Response: { Result: 'Success', AdditionalResponse: 'pspReference=ABC123' } },
    },
  };
}
