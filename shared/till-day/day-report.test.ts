import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lineRefundAmount,
  planParts,
  spreadOverRates,
  vatRows,
  type CompletedRefund,
  CompletedRefundSchema,
  type RecordedRefundTender,
} from '../refunds/refund.ts';
import { type CartLine, cartTotals, type LineDiscount } from '../sale/cart.ts';
import { type CompletedSale, CompletedSaleSchema, type RecordedTender, recordedLine } from '../sale/completed-sale.ts';
import { type CashMove, type DayFigures, dayReport, DayReportSchema, type TillDay, zReport } from './day-report.ts';

// ── fixtures: records made the way the till makes them ─────────────────────

const DAY: TillDay = {
  dayNumber: 12,
  mode: 'live',
  openedAt: '2025-03-14T08:00:00.000Z',
  openedBy: 'anna',
  floatMinor: 15_000,
  floatCounted: true,
};

let nextLine = 0;
function item(
  unitPriceMinor: number,
  vatBasisPoints: number,
  quantity = 1,
  discount?: LineDiscount,
  name = 'Item',
): CartLine {
  nextLine += 1;
  return {
    lineId: `l${nextLine}`,
    sku: `SKU-${nextLine}`,
    name,
    unitPriceMinor,
    quantity,
    vatBasisPoints,
    ...(discount === undefined ? {} : { discount }),
  };
}

interface Payment {
  /** Card payments, in the order they paid. */
  cards?: readonly number[];
  /** Cash handed over for what the cards left; the rest is change. */
  cashTendered?: number;
}

/** A completed sale as the sale journal records it: totals and VAT from `cartTotals`, cash less change. */
function sale(receiptNumber: string, lines: readonly CartLine[], payment: Payment): CompletedSale {
  const totals = cartTotals({ saleId: `sale-${receiptNumber}`, currency: 'EUR', lines });
  const tenders: RecordedTender[] = [];
  let due = totals.totalMinor;
  (payment.cards ?? []).forEach((amountMinor, index) => {
    tenders.push({ kind: 'card', attemptId: `${receiptNumber}-card-${index}`, amountMinor });
    due -= amountMinor;
  });
  let changeMinor = 0;
  if (payment.cashTendered !== undefined) {
    const amountMinor = Math.min(due, payment.cashTendered);
    changeMinor = payment.cashTendered - amountMinor;
    tenders.push({ kind: 'cash', tenderedMinor: payment.cashTendered, amountMinor, changeMinor });
    due -= amountMinor;
  }
  if (due !== 0) throw new Error(`fixture ${receiptNumber} is not paid exactly: ${due} due`);
  return CompletedSaleSchema.parse({
    saleId: `sale-${receiptNumber}`,
    receiptNumber,
    completedAt: '2025-03-14T10:00:00.000Z',
    tillId: 'T1',
    currency: 'EUR',
    lines: lines.map(recordedLine),
    totalMinor: totals.totalMinor,
    discountMinor: totals.discountMinor,
    itemCount: totals.itemCount,
    vat: totals.vat,
    tenders,
    changeMinor,
  });
}

let nextRefund = 0;
/** A completed refund as the refund service plans it: line amounts, VAT by `vatRows`, tenders by `planParts`. */
function refund(
  original: CompletedSale,
  what: { lines: readonly [lineIndex: number, quantity: number][] } | { amountMinor: number },
  tenders?: readonly RecordedRefundTender[],
): CompletedRefund {
  nextRefund += 1;
  const lines: CompletedRefund['lines'] = [];
  let grossByRate: Map<number, number>;
  let totalMinor: number;
  if ('lines' in what) {
    grossByRate = new Map();
    for (const [lineIndex, quantity] of what.lines) {
      const sold = original.lines[lineIndex];
      if (sold === undefined) throw new Error(`no line ${lineIndex}`);
      const amountMinor = lineRefundAmount(sold, 0, quantity);
      lines.push({
        lineIndex,
        sku: sold.sku,
        name: sold.name,
        quantity,
        vatBasisPoints: sold.vatBasisPoints,
        amountMinor,
      });
      grossByRate.set(sold.vatBasisPoints, (grossByRate.get(sold.vatBasisPoints) ?? 0) + amountMinor);
    }
    totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  } else {
    totalMinor = what.amountMinor;
    grossByRate = spreadOverRates(totalMinor, original);
  }
  return CompletedRefundSchema.parse({
    refundId: `refund-${nextRefund}`,
    refundNumber: `T1-R${nextRefund}`,
    originalReceiptNumber: original.receiptNumber,
    completedAt: '2025-03-14T15:00:00.000Z',
    tillId: 'T1',
    mode: 'live',
    currency: 'EUR',
    lines,
    totalMinor,
    vat: vatRows(grossByRate),
    tenders: tenders ?? tendersFor(original, totalMinor),
    reason: 'customer changed their mind',
    by: 'manager-bo',
  });
}

/** Where the money of a refund goes, as `planParts` decides from the sale's tenders. */
function tendersFor(original: CompletedSale, totalMinor: number): RecordedRefundTender[] {
  const cashTaken = original.tenders.reduce((sum, t) => sum + (t.kind === 'cash' ? t.amountMinor : 0), 0);
  const parts = planParts(totalMinor, [
    ...original.tenders.flatMap((t) =>
      t.kind === 'card' ? [{ kind: 'card' as const, attemptId: t.attemptId, refundableMinor: t.amountMinor }] : [],
    ),
    { kind: 'cash', refundableMinor: cashTaken },
  ]);
  if (parts === undefined) throw new Error('fixture refund cannot be covered');
  return parts.map((part, index): RecordedRefundTender => {
    switch (part.kind) {
      case 'card':
        return {
          kind: 'card',
          attemptId: `refund-${nextRefund}-${index}`,
          originalAttemptId: part.originalAttemptId,
          amountMinor: part.amountMinor,
        };
      case 'any_card':
        return { kind: 'card', attemptId: `refund-${nextRefund}-${index}`, amountMinor: part.amountMinor };
      case 'cash':
        return { kind: 'cash', amountMinor: part.amountMinor };
      case 'online':
        return {
          kind: 'online',
          attemptId: `refund-${nextRefund}-${index}`,
          amountMinor: part.amountMinor,
          gateway: part.gateway,
          paymentId: part.paymentId,
        };
    }
  });
}

function move(kind: 'in' | 'out', amountMinor: number, reason: string): CashMove {
  return { at: '2025-03-14T12:00:00.000Z', kind, amountMinor, reason, by: 'anna' };
}

function figures(partial: Partial<DayFigures>): DayFigures {
  return {
    tillId: 'T1',
    currency: 'EUR',
    day: DAY,
    sales: [],
    refunds: [],
    cashMoves: [],
    voids: { count: 0, totalMinor: 0 },
    generatedAt: '2025-03-14T18:00:00.000Z',
    ...partial,
  };
}

function vatAt(report: { vat: readonly { vatBasisPoints: number }[] }, rate: number) {
  return report.vat.find((row) => row.vatBasisPoints === rate);
}

// ── a day at the till, in exact numbers ───────────────────────────────────

describe('dayReport', () => {
  // 2 × coffee 12.99 at 9 % and a red wine 8.99 at 21 %, paid with a 50.00 note.
  const s1 = sale('T1-101', [item(1299, 900, 2, undefined, 'Coffee'), item(899, 2100, 1, undefined, 'Red wine')], {
    cashTendered: 5000,
  });
  // A corkscrew 14.95 at 21 % less 10 % (1.495, a half: 1.50), by card.
  const s2 = sale('T1-102', [item(1495, 2100, 1, { kind: 'percent', basisPoints: 1000 }, 'Corkscrew')], {
    cards: [1345],
  });
  // A newspaper 2.50 at 0 % and 3 × chocolate 1.99 at 9 %: 5.00 on a card, the rest from a 5.00 note.
  const s3 = sale('T1-103', [item(250, 0, 1, undefined, 'Newspaper'), item(199, 900, 3, undefined, 'Chocolate')], {
    cards: [500],
    cashTendered: 500,
  });
  // One coffee comes back, in cash; 2.00 goodwill on the corkscrew, to the card.
  const r1 = refund(s1, { lines: [[0, 1]] });
  const r2 = refund(s2, { amountMinor: 200 });
  const moves = [move('in', 2000, 'change from the bank'), move('out', 5000, 'to the safe')];
  const x = dayReport(
    figures({ sales: [s1, s2, s3], refunds: [r1, r2], cashMoves: moves, voids: { count: 1, totalMinor: 899 } }),
  );

  it('builds its fixtures the way the till does', () => {
    expect(s1).toMatchObject({ totalMinor: 3497, changeMinor: 1503 });
    expect(s1.vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 2598, vatMinor: 215, netMinor: 2383 }, // 214.51
      { vatBasisPoints: 2100, grossMinor: 899, vatMinor: 156, netMinor: 743 }, // 156.02
    ]);
    expect(s2).toMatchObject({ totalMinor: 1345, discountMinor: 150 });
    expect(s2.vat).toEqual([{ vatBasisPoints: 2100, grossMinor: 1345, vatMinor: 233, netMinor: 1112 }]); // 233.43
    expect(s3.tenders).toEqual([
      { kind: 'card', attemptId: 'T1-103-card-0', amountMinor: 500 },
      { kind: 'cash', tenderedMinor: 500, amountMinor: 347, changeMinor: 153 },
    ]);
    expect(s3.vat).toEqual([
      { vatBasisPoints: 0, grossMinor: 250, vatMinor: 0, netMinor: 250 },
      { vatBasisPoints: 900, grossMinor: 597, vatMinor: 49, netMinor: 548 }, // 49.29
    ]);
    expect(r1).toMatchObject({ totalMinor: 1299, tenders: [{ kind: 'cash', amountMinor: 1299 }] });
    expect(r1.vat).toEqual([{ vatBasisPoints: 900, grossMinor: 1299, vatMinor: 107, netMinor: 1192 }]); // 107.26
    expect(r2).toMatchObject({ totalMinor: 200, tenders: [{ kind: 'card', amountMinor: 200 }] });
    expect(r2.vat).toEqual([{ vatBasisPoints: 2100, grossMinor: 200, vatMinor: 35, netMinor: 165 }]); // 34.71
  });

  it('passes the day, the till and the voids through, as an X report', () => {
    expect(x).toMatchObject({
      kind: 'X',
      tillId: 'T1',
      currency: 'EUR',
      day: DAY,
      generatedAt: '2025-03-14T18:00:00.000Z',
      voids: { count: 1, totalMinor: 899 },
    });
    expect(x).not.toHaveProperty('zNumber');
    expect(x).not.toHaveProperty('differenceMinor');
    expect(x.cashMoves).toEqual(moves);
    expect(DayReportSchema.parse(x)).toEqual(x);
  });

  it('counts sales and refunds', () => {
    expect(x.sales).toEqual({ count: 3, itemCount: 8, totalMinor: 5689, discountMinor: 150 });
    expect(x.refunds).toEqual({ count: 2, totalMinor: 1499 });
    expect(x.netTakingsMinor).toBe(4190);
  });

  it('totals each tender, cash as what stayed in the drawer', () => {
    expect(x.tenders).toEqual([
      // 34.97 of the 50.00 note and 3.47 of the 5.00 note; the coffee's 12.99 went back.
      { kind: 'cash', salesMinor: 3844, refundsMinor: 1299, netMinor: 2545 },
      { kind: 'card', salesMinor: 1845, refundsMinor: 200, netMinor: 1645 },
    ]);
  });

  it('puts what was paid by link on its own line, and only on a day that had any', () => {
    const byLink = CompletedSaleSchema.parse({
      ...s2,
      saleId: 'sale-T1-104',
      receiptNumber: 'T1-104',
      tenders: [{ kind: 'card', attemptId: 'T1-104-link', amountMinor: 1345, byLink: true }],
    });
    const withLink = dayReport(figures({ sales: [s1, s2, s3, byLink], refunds: [r1, r2], cashMoves: moves }));
    expect(withLink.tenders).toEqual([
      { kind: 'cash', salesMinor: 3844, refundsMinor: 1299, netMinor: 2545 },
      { kind: 'card', salesMinor: 1845, refundsMinor: 200, netMinor: 1645 },
      { kind: 'link', salesMinor: 1345, refundsMinor: 0, netMinor: 1345 },
    ]);
    expect(withLink.netTakingsMinor).toBe(x.netTakingsMinor + 1345);
    expect(x.tenders.map((tender) => tender.kind)).toEqual(['cash', 'card']);
  });

  it('puts online payments refunded in store on their own line, out of the drawer and off the terminal', () => {
    // A webshop order refunded here: no sale of this till, no lines, the VAT for the accountant.
    const webshop = CompletedRefundSchema.parse({
      ...r2,
      refundId: 'refund-online',
      refundNumber: 'T1-R99',
      originalReceiptNumber: undefined,
      totalMinor: 1500,
      vat: [],
      tenders: [
        {
          kind: 'online',
          attemptId: 'a-online',
          amountMinor: 1500,
          gateway: 'worldline-direct',
          paymentId: '3136405348',
        },
      ],
    });
    const withOnline = dayReport(figures({ sales: [s1, s2, s3], refunds: [r1, r2, webshop], cashMoves: moves }));
    expect(withOnline.tenders).toEqual([
      ...x.tenders,
      { kind: 'online', salesMinor: 0, refundsMinor: 1500, netMinor: -1500 },
    ]);
    expect(withOnline.cash).toEqual(x.cash);
    expect(withOnline.netTakingsMinor).toBe(x.netTakingsMinor - 1500);
    expect(withOnline.vat).toEqual(x.vat);
  });

  it('gives the VAT per rate as the sales’ rows less the refunds’ rows, nothing rounded again', () => {
    expect(x.vat).toEqual([
      { vatBasisPoints: 0, grossMinor: 250, vatMinor: 0, netMinor: 250 },
      // 25.98 + 5.97 − 12.99; 2.15 + 0.49 − 1.07.
      { vatBasisPoints: 900, grossMinor: 1896, vatMinor: 157, netMinor: 1739 },
      // 8.99 + 13.45 − 2.00; 1.56 + 2.33 − 0.35.
      { vatBasisPoints: 2100, grossMinor: 2044, vatMinor: 354, netMinor: 1690 },
    ]);
  });

  it('works out the cash that should be in the drawer', () => {
    expect(x.cash).toEqual({
      floatMinor: 15_000,
      salesMinor: 3844,
      refundsMinor: 1299,
      inMinor: 2000,
      outMinor: 5000,
      // 150.00 + 38.44 − 12.99 + 20.00 − 50.00
      expectedMinor: 14_545,
    });
  });

  it('adds up several moves each way', () => {
    const report = dayReport(
      figures({
        cashMoves: [move('in', 1000, 'coins'), move('out', 300, 'window cleaner'), move('in', 250, 'coins')],
      }),
    );
    expect(report.cash).toMatchObject({ inMinor: 1250, outMinor: 300, expectedMinor: 15_000 + 1250 - 300 });
  });

  it('reports an empty day as its float', () => {
    const empty = dayReport(figures({}));
    expect(empty.sales).toEqual({ count: 0, itemCount: 0, totalMinor: 0, discountMinor: 0 });
    expect(empty.refunds).toEqual({ count: 0, totalMinor: 0 });
    expect(empty.vat).toEqual([]);
    expect(empty.tenders).toEqual([
      { kind: 'cash', salesMinor: 0, refundsMinor: 0, netMinor: 0 },
      { kind: 'card', salesMinor: 0, refundsMinor: 0, netMinor: 0 },
    ]);
    expect(empty.cash.expectedMinor).toBe(15_000);
    expect(empty.netTakingsMinor).toBe(0);
  });

  it('counts a cash sale by what it took, not by the note handed over', () => {
    const report = dayReport(figures({ sales: [sale('T1-1', [item(1, 2100)], { cashTendered: 10_000 })] }));
    expect(report.tenders[0]).toEqual({ kind: 'cash', salesMinor: 1, refundsMinor: 0, netMinor: 1 });
    expect(report.cash.expectedMinor).toBe(15_001);
  });

  it('keeps each record’s rounded VAT on cent sales, and shows a refund of another day as a negative row', () => {
    // Three sales of 0.03 at 21 %: 0.52 cent of VAT each, so 0.01 each: 0.03 for the day,
    // where 0.09 rounded once would have said 0.02. A 0.06 at 21 % has 1.04 cent: 0.01.
    // 0.06 at 9 % has 0.495 cent: none; 0.07 at 9 % has 0.578: 0.01. 0.01 at either: none.
    const cents = [
      sale('T1-1', [item(3, 2100)], { cashTendered: 3 }),
      sale('T1-2', [item(3, 2100)], { cashTendered: 5 }),
      sale('T1-3', [item(3, 2100)], { cards: [3] }),
      sale('T1-4', [item(6, 2100), item(6, 900)], { cashTendered: 20 }),
      sale('T1-5', [item(7, 900), item(1, 900, 1), item(1, 2100)], { cards: [9] }),
    ];
    expect(cents.map((each) => each.vat.map((row) => row.vatMinor))).toEqual([[1], [1], [1], [0, 1], [1, 0]]);
    // Yesterday's 9 % / 21 % sale, one line of each back today, in cash.
    const yesterday = sale('T1-0', [item(1299, 900), item(1210, 2100)], { cashTendered: 2509 });
    const back = refund(yesterday, { lines: [[1, 1]] });
    const report = dayReport(figures({ sales: cents, refunds: [back] }));
    expect(report.vat).toEqual([
      // 0.06 + 0.07 + 0.01
      { vatBasisPoints: 900, grossMinor: 14, vatMinor: 1, netMinor: 13 },
      // 0.03 × 3 + 0.06 + 0.01 − 12.10 (of which 2.10 VAT)
      { vatBasisPoints: 2100, grossMinor: 16 - 1210, vatMinor: 4 - 210, netMinor: 12 - 1000 },
    ]);
    expect(report.tenders).toEqual([
      { kind: 'cash', salesMinor: 3 + 3 + 12, refundsMinor: 1210, netMinor: 18 - 1210 },
      { kind: 'card', salesMinor: 3 + 9, refundsMinor: 0, netMinor: 12 },
    ]);
    expect(report.netTakingsMinor).toBe(30 - 1210);
    expect(report.cash.expectedMinor).toBe(15_000 + 18 - 1210);
  });

  it('adds a 9 % and 21 % mix the way each receipt rounded it', () => {
    // Each sale: 1.09 at 9 % (0.09 VAT) and 1.21 at 21 % (0.21 VAT) exactly, then odd prices.
    const mix = [
      sale('T1-1', [item(109, 900), item(121, 2100)], { cards: [230] }),
      sale('T1-2', [item(1, 900, 7), item(1, 2100, 6)], { cashTendered: 20 }), // 0.578 → 1, 1.04 → 1
      sale('T1-3', [item(555, 900), item(555, 2100)], { cards: [1110] }), // 45.83 → 46, 96.32 → 96
    ];
    const report = dayReport(figures({ sales: mix }));
    expect(report.vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 109 + 7 + 555, vatMinor: 9 + 1 + 46, netMinor: 100 + 6 + 509 },
      { vatBasisPoints: 2100, grossMinor: 121 + 6 + 555, vatMinor: 21 + 1 + 96, netMinor: 100 + 5 + 459 },
    ]);
  });

  it('reports a sale refunded in full as nothing left at its rates', () => {
    const whole = sale('T1-1', [item(1299, 900, 3), item(899, 2100, 1)], { cards: [1000], cashTendered: 4000 });
    const back = refund(whole, {
      lines: [
        [0, 3],
        [1, 1],
      ],
    });
    expect(back.tenders).toEqual([
      { kind: 'card', attemptId: expect.any(String) as string, originalAttemptId: 'T1-1-card-0', amountMinor: 1000 },
      { kind: 'cash', amountMinor: 3796 },
    ]);
    const report = dayReport(figures({ sales: [whole], refunds: [back] }));
    expect(report.vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 0, vatMinor: 0, netMinor: 0 },
      { vatBasisPoints: 2100, grossMinor: 0, vatMinor: 0, netMinor: 0 },
    ]);
    expect(report.tenders.map((tender) => tender.netMinor)).toEqual([0, 0]);
    expect(report.netTakingsMinor).toBe(0);
    expect(report.cash.expectedMinor).toBe(15_000);
  });
});

describe('zReport', () => {
  const x = dayReport(
    figures({
      sales: [sale('T1-1', [item(1299, 900, 2)], { cashTendered: 3000 })],
      cashMoves: [move('out', 1000, 'to the safe')],
    }),
  );

  it('closes the X report with its number, the count and who closed it', () => {
    expect(x.cash.expectedMinor).toBe(15_000 + 2598 - 1000);
    const z = zReport(x, 7, 16_598, 'bo');
    expect(z).toEqual({ ...x, kind: 'Z', zNumber: 7, closedBy: 'bo', countedCashMinor: 16_598, differenceMinor: 0 });
    expect(DayReportSchema.parse(z)).toEqual(z);
    expect(x.kind).toBe('X');
    expect(x).not.toHaveProperty('zNumber');
  });

  it('gives the difference as counted less expected: negative is cash missing', () => {
    expect(zReport(x, 7, 16_593).differenceMinor).toBe(-5);
    expect(zReport(x, 7, 16_600).differenceMinor).toBe(2);
    expect(zReport(x, 7, 0).differenceMinor).toBe(-16_598);
  });

  it('leaves out who closed it when nobody is named', () => {
    expect(zReport(x, 1, 16_598)).not.toHaveProperty('closedBy');
  });
});

// ── the sums always agree ──────────────────────────────────────────────────

describe('dayReport, for any day', () => {
  const RATES = [0, 900, 2100] as const;
  const lineArb = fc.record({
    unitPriceMinor: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 50_000 })),
    quantity: fc.integer({ min: 1, max: 12 }),
    vatBasisPoints: fc.constantFrom(...RATES),
    discount: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  });
  const saleArb = fc.record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }),
    /** How much of the total the cards pay, in per mille, split over up to two cards. */
    cardShare: fc.integer({ min: 0, max: 1000 }),
    twoCards: fc.boolean(),
    extraCash: fc.nat(5000),
    refund: fc.oneof(
      fc.constant(undefined),
      fc.record({ kind: fc.constant('lines' as const), pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('amount' as const), perMille: fc.integer({ min: 1, max: 1000 }) }),
    ),
  });
  const dayArb = fc.record({
    sales: fc.array(saleArb, { maxLength: 8 }),
    moves: fc.array(fc.record({ kind: fc.constantFrom('in' as const, 'out' as const), amountMinor: fc.nat(20_000) }), {
      maxLength: 4,
    }),
    floatMinor: fc.nat(50_000),
  });

  it('has VAT gross per rate and tender nets that both add up to the net takings', () => {
    fc.assert(
      fc.property(dayArb, (drawn) => {
        const sales: CompletedSale[] = [];
        const refunds: CompletedRefund[] = [];
        drawn.sales.forEach((draft, index) => {
          const lines = draft.lines.map((line) =>
            item(
              line.unitPriceMinor,
              line.vatBasisPoints,
              line.quantity,
              line.discount === undefined ? undefined : { kind: 'percent', basisPoints: line.discount },
            ),
          );
          const total = cartTotals({ saleId: 'x', currency: 'EUR', lines }).totalMinor;
          const cardPaid = Math.floor((total * draft.cardShare) / 1000);
          const firstCard = draft.twoCards ? Math.floor(cardPaid / 2) : cardPaid;
          const cards = [firstCard, cardPaid - firstCard].filter((amount) => amount > 0);
          const cashDue = total - cardPaid;
          // A sale discounted to nothing is finished with no tender at all.
          const payment: Payment = cashDue > 0 ? { cards, cashTendered: cashDue + draft.extraCash } : { cards };
          const recorded = sale(`T1-${index + 1}`, lines, payment);
          sales.push(recorded);
          if (draft.refund === undefined || recorded.totalMinor === 0) return;
          if (draft.refund.kind === 'lines') {
            const wanted = new Map<number, number>();
            for (const pick of draft.refund.pick) {
              const lineIndex = pick % recorded.lines.length;
              const sold = recorded.lines[lineIndex]?.quantity ?? 0;
              wanted.set(lineIndex, Math.min(sold, (wanted.get(lineIndex) ?? 0) + 1 + (pick % sold)));
            }
            const back = refund(recorded, { lines: [...wanted] });
            if (back.totalMinor > 0) refunds.push(back);
          } else {
            const amountMinor = Math.max(1, Math.floor((recorded.totalMinor * draft.refund.perMille) / 1000));
            refunds.push(refund(recorded, { amountMinor }));
          }
        });
        const cashMoves = drawn.moves.map((each) => move(each.kind, each.amountMinor, 'float top-up'));
        const day = { ...DAY, floatMinor: drawn.floatMinor };
        const report = dayReport(figures({ day, sales, refunds, cashMoves }));

        const salesTotal = sales.reduce((sum, each) => sum + each.totalMinor, 0);
        const refundsTotal = refunds.reduce((sum, each) => sum + each.totalMinor, 0);
        expect(report.sales.totalMinor).toBe(salesTotal);
        expect(report.refunds).toEqual({ count: refunds.length, totalMinor: refundsTotal });
        expect(report.netTakingsMinor).toBe(salesTotal - refundsTotal);
        expect(report.vat.reduce((sum, row) => sum + row.grossMinor, 0)).toBe(salesTotal - refundsTotal);
        expect(report.tenders.reduce((sum, tender) => sum + tender.netMinor, 0)).toBe(report.netTakingsMinor);

        for (const row of report.vat) {
          expect(row.vatMinor + row.netMinor).toBe(row.grossMinor);
          const rowOf = (records: readonly { vat: CompletedSale['vat'] }[]) =>
            records.reduce(
              (sum, record) =>
                sum + (record.vat.find((each) => each.vatBasisPoints === row.vatBasisPoints)?.vatMinor ?? 0),
              0,
            );
          expect(row.vatMinor).toBe(rowOf(sales) - rowOf(refunds));
        }
        expect(report.vat.map((row) => row.vatBasisPoints)).toEqual(
          RATES.filter((rate) => [...sales, ...refunds].some((record) => vatAt(record, rate) !== undefined)),
        );

        const cashIn = cashMoves.reduce((sum, each) => sum + (each.kind === 'in' ? each.amountMinor : 0), 0);
        const cashOut = cashMoves.reduce((sum, each) => sum + (each.kind === 'out' ? each.amountMinor : 0), 0);
        const cash = report.tenders.find((tender) => tender.kind === 'cash');
        expect(report.cash.salesMinor).toBe(cash?.salesMinor);
        expect(report.cash.refundsMinor).toBe(cash?.refundsMinor);
        expect(report.cash.expectedMinor).toBe(
          drawn.floatMinor + (cash?.salesMinor ?? 0) - (cash?.refundsMinor ?? 0) + cashIn - cashOut,
        );
        const changeGiven = sales.reduce((sum, each) => sum + each.changeMinor, 0);
        const handedOver = sales.reduce(
          (sum, each) => sum + each.tenders.reduce((inner, t) => inner + (t.kind === 'cash' ? t.tenderedMinor : 0), 0),
          0,
        );
        expect(cash?.salesMinor).toBe(handedOver - changeGiven);
        expect(DayReportSchema.safeParse(report).success).toBe(true);
      }),
    );
  });
});
