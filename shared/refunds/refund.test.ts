import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded } from '../money.ts';
import {
  type CartLine,
  cartTotals,
  type LineDiscount,
  lineAmounts,
  MAX_LINE_QUANTITY,
  MAX_SALE_AMOUNT_MINOR,
} from '../sale/cart.ts';
import type { CompletedSale } from '../sale/completed-sale.ts';
import {
  lineRefundAmount,
  planParts,
  type RefundPartPlan,
  spreadOverRates,
  StartRefundSchema,
  StartUnreferencedRefundSchema,
  vatRows,
} from './refund.ts';

type VatRow = CompletedSale['vat'][number];
type PlanTender = Parameters<typeof planParts>[1][number];

/** A sale line as the record holds it: the cart line with what it came to. */
function soldLine(line: CartLine): CompletedSale['lines'][number] {
  const amounts = lineAmounts(line);
  return { ...line, totalMinor: amounts.totalMinor, discountMinor: amounts.discountMinor };
}

function line(
  lineId: string,
  unitPriceMinor: number,
  quantity: number,
  vatBasisPoints: number,
  discount?: LineDiscount,
): CartLine {
  return {
    lineId,
    sku: `SKU-${lineId}`,
    name: `Item ${lineId}`,
    unitPriceMinor,
    quantity,
    vatBasisPoints,
    ...(discount === undefined ? {} : { discount }),
  };
}

/** The VAT part of a sale record, worked out by the cart as the till does when it records a sale. */
function saleOf(lines: readonly CartLine[]): Pick<CompletedSale, 'vat' | 'totalMinor' | 'lines'> {
  const totals = cartTotals({ saleId: 's1', currency: 'EUR', lines });
  return { vat: totals.vat, totalMinor: totals.totalMinor, lines: lines.map(soldLine) };
}

function vatRow(vatBasisPoints: number, grossMinor: number): VatRow {
  // Only rate and gross matter to the spread; the VAT is what cartTotals would say.
  const vatMinor = divideRounded(grossMinor * vatBasisPoints, 10_000 + vatBasisPoints);
  return { vatBasisPoints, grossMinor, vatMinor, netMinor: grossMinor - vatMinor };
}

function saleWithRates(
  ...rows: [vatBasisPoints: number, grossMinor: number][]
): Pick<CompletedSale, 'vat' | 'totalMinor'> {
  const vat = rows.map(([rate, gross]) => vatRow(rate, gross));
  return { vat, totalMinor: vat.reduce((sum, row) => sum + row.grossMinor, 0) };
}

/** Random cut points turn a quantity into a split: [1, 2, 3] of 6, [6], [1, 1, 1, 1, 1, 1], … */
function splitsOf(quantity: number): fc.Arbitrary<number[]> {
  if (quantity === 1) return fc.constant([1]);
  return fc
    .uniqueArray(fc.integer({ min: 1, max: quantity - 1 }), { maxLength: Math.min(quantity - 1, 40) })
    .map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), quantity];
      return points.slice(1).map((point, index) => point - (points[index] ?? 0));
    });
}

// ── lineRefundAmount ───────────────────────────────────────────────────────

describe('lineRefundAmount', () => {
  const threeForTen = { totalMinor: 1000, quantity: 3 };

  it('gives each unit the difference of two rounded cumulative shares, adding up to the line', () => {
    // Shares: round(1000/3) = 333, round(2000/3) = 667, 1000.
    expect(lineRefundAmount(threeForTen, 0, 1)).toBe(333);
    expect(lineRefundAmount(threeForTen, 1, 1)).toBe(334);
    expect(lineRefundAmount(threeForTen, 2, 1)).toBe(333);
    expect(lineRefundAmount(threeForTen, 0, 2)).toBe(667);
    expect(lineRefundAmount(threeForTen, 2, 1) + lineRefundAmount(threeForTen, 0, 2)).toBe(1000);
    expect(lineRefundAmount(threeForTen, 0, 3)).toBe(1000);
  });

  it('rounds a half share away from zero, with the till’s one rule', () => {
    // 5 cents for two: the first unit back is round(2.5) = 3, the second what is left.
    expect(lineRefundAmount({ totalMinor: 5, quantity: 2 }, 0, 1)).toBe(3);
    expect(lineRefundAmount({ totalMinor: 5, quantity: 2 }, 1, 1)).toBe(2);
    // 1 cent for three: 0, 1, 0.
    const cent = { totalMinor: 1, quantity: 3 };
    expect([0, 1, 2].map((already) => lineRefundAmount(cent, already, 1))).toEqual([0, 1, 0]);
  });

  it('refunds what the customer paid for a discounted line, not its shelf price', () => {
    // 3 × 12.99 less 10 % = 38.97 − 3.90 = 35.07.
    const sold = soldLine(line('l1', 1299, 3, 900, { kind: 'percent', basisPoints: 1000 }));
    expect(sold.totalMinor).toBe(3507);
    expect([0, 1, 2].map((already) => lineRefundAmount(sold, already, 1))).toEqual([1169, 1169, 1169]);
    // An amount discount of 1.00 on 2 × 4.99: 8.98, so 4.49 a unit.
    const amountOff = soldLine(line('l2', 499, 2, 2100, { kind: 'amount', minor: 100 }));
    expect(lineRefundAmount(amountOff, 0, 1)).toBe(449);
    expect(lineRefundAmount(amountOff, 1, 1)).toBe(449);
  });

  it('gives nothing back for a free line', () => {
    const free = soldLine(line('l1', 250, 4, 900, { kind: 'percent', basisPoints: 10_000 }));
    expect(free.totalMinor).toBe(0);
    expect(lineRefundAmount(free, 0, 4)).toBe(0);
  });

  it('refuses more units than were sold, counting what already went back', () => {
    expect(() => lineRefundAmount(threeForTen, 0, 4)).toThrow(RangeError);
    expect(() => lineRefundAmount(threeForTen, 2, 2)).toThrow(RangeError);
    expect(() => lineRefundAmount(threeForTen, 3, 1)).toThrow(/more units than were sold/);
  });

  it('adds up to exactly the line total in any split, each part within a cent of its fair share', () => {
    const lineArb = fc.integer({ min: 1, max: MAX_LINE_QUANTITY }).chain((quantity) =>
      fc.record({
        quantity: fc.constant(quantity),
        totalMinor: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: MAX_SALE_AMOUNT_MINOR })),
        split: splitsOf(quantity),
      }),
    );
    fc.assert(
      fc.property(lineArb, ({ quantity, totalMinor, split }) => {
        const sold = { quantity, totalMinor };
        let already = 0;
        let given = 0;
        for (const units of split) {
          const part = lineRefundAmount(sold, already, units);
          expect(part).toBeGreaterThanOrEqual(0);
          // |part − total × units / quantity| ≤ 1, in integers.
          expect(Math.abs(part * quantity - totalMinor * units)).toBeLessThanOrEqual(quantity);
          already += units;
          given += part;
          expect(given).toBe(divideRounded(totalMinor * already, quantity));
          expect(given).toBeLessThanOrEqual(totalMinor);
        }
        expect(already).toBe(quantity);
        expect(given).toBe(totalMinor);
      }),
    );
  });

  it('never gives back more than was paid, and refuses any quantity beyond what is left', () => {
    const arb = fc.integer({ min: 1, max: 500 }).chain((quantity) =>
      fc.record({
        quantity: fc.constant(quantity),
        totalMinor: fc.integer({ min: 0, max: 10_000_000 }),
        already: fc.integer({ min: 0, max: quantity }),
        asked: fc.integer({ min: 1, max: 2 * quantity }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ quantity, totalMinor, already, asked }) => {
        const sold = { quantity, totalMinor };
        if (already + asked > quantity) {
          expect(() => lineRefundAmount(sold, already, asked)).toThrow(RangeError);
        } else {
          const before = already === 0 ? 0 : lineRefundAmount(sold, 0, already);
          const part = lineRefundAmount(sold, already, asked);
          expect(part).toBeGreaterThanOrEqual(0);
          expect(before + part).toBeLessThanOrEqual(totalMinor);
        }
      }),
    );
  });
});

// ── vatRows ────────────────────────────────────────────────────────────────

describe('vatRows', () => {
  it('takes the VAT out of each rate’s gross once, ascending by rate', () => {
    expect(
      vatRows(
        new Map([
          [2100, 1210],
          [0, 250],
          [900, 109],
        ]),
      ),
    ).toEqual([
      { vatBasisPoints: 0, grossMinor: 250, vatMinor: 0, netMinor: 250 },
      { vatBasisPoints: 900, grossMinor: 109, vatMinor: 9, netMinor: 100 },
      { vatBasisPoints: 2100, grossMinor: 1210, vatMinor: 210, netMinor: 1000 },
    ]);
  });

  it('rounds cent amounts by the till’s rule', () => {
    // 0.01 at 21 %: 0.17 of a cent, so none; 0.06: 1.04, so 0.01; 0.03 at 21 %: 0.52, so 0.01.
    expect(vatRows(new Map([[2100, 1]]))).toEqual([{ vatBasisPoints: 2100, grossMinor: 1, vatMinor: 0, netMinor: 1 }]);
    expect(vatRows(new Map([[2100, 6]]))[0]?.vatMinor).toBe(1);
    expect(vatRows(new Map([[2100, 3]]))[0]?.vatMinor).toBe(1);
    // 0.06 at 9 %: 0.495, so none; 0.07: 0.578, so 0.01.
    expect(vatRows(new Map([[900, 6]]))[0]?.vatMinor).toBe(0);
    expect(vatRows(new Map([[900, 7]]))[0]?.vatMinor).toBe(1);
    // A rate given nothing keeps its (zero) row.
    expect(vatRows(new Map([[900, 0]]))).toEqual([{ vatBasisPoints: 900, grossMinor: 0, vatMinor: 0, netMinor: 0 }]);
    expect(vatRows(new Map())).toEqual([]);
  });

  it('gives the sale’s own VAT rows for a refund of a whole sale', () => {
    // Two 0.03 lines at 21 %: 0.01 VAT each if rounded per line, 0.01 together when rounded per rate.
    const sale = saleOf([
      line('l1', 3, 1, 2100),
      line('l2', 3, 1, 2100),
      line('l3', 1299, 3, 900, { kind: 'percent', basisPoints: 1000 }),
      line('l4', 250, 1, 0),
    ]);
    const byRate = new Map<number, number>();
    for (const sold of sale.lines) {
      byRate.set(
        sold.vatBasisPoints,
        (byRate.get(sold.vatBasisPoints) ?? 0) + lineRefundAmount(sold, 0, sold.quantity),
      );
    }
    expect(vatRows(byRate)).toEqual(sale.vat);
    expect(sale.vat.find((row) => row.vatBasisPoints === 2100)).toEqual({
      vatBasisPoints: 2100,
      grossMinor: 6,
      vatMinor: 1,
      netMinor: 5,
    });
  });

  const rateArb = fc.constantFrom(0, 500, 600, 900, 1200, 2100, 2500, 10_000);
  const discountArb: fc.Arbitrary<LineDiscount | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 1, max: 10_000 }) }),
    fc.record({ kind: fc.constant('amount' as const), minor: fc.integer({ min: 1, max: 5_000 }) }),
  );
  const linesArb = fc
    .array(
      fc.record({
        unitPriceMinor: fc.integer({ min: 0, max: 100_000 }),
        quantity: fc.integer({ min: 1, max: 50 }),
        vatBasisPoints: rateArb,
        discount: discountArb,
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((drafts) =>
      drafts.map((draft, index) => {
        const gross = draft.unitPriceMinor * draft.quantity;
        // An amount discount fits in its line, as the cart insists.
        const discount = draft.discount?.kind === 'amount' && draft.discount.minor > gross ? undefined : draft.discount;
        return line(`l${index}`, draft.unitPriceMinor, draft.quantity, draft.vatBasisPoints, discount);
      }),
    )
    .chain((lines) => fc.tuple(fc.constant(lines), fc.tuple(...lines.map((each) => splitsOf(each.quantity)))));

  it('gives the sale’s VAT rows for a whole sale refunded line by line in any split', () => {
    fc.assert(
      fc.property(linesArb, ([lines, splits]) => {
        const sale = saleOf(lines);
        const byRate = new Map<number, number>();
        sale.lines.forEach((sold, index) => {
          let already = 0;
          for (const units of splits[index] ?? []) {
            const part = lineRefundAmount(sold, already, units);
            already += units;
            byRate.set(sold.vatBasisPoints, (byRate.get(sold.vatBasisPoints) ?? 0) + part);
          }
        });
        expect(vatRows(byRate)).toEqual(sale.vat);
      }),
    );
  });
});

// ── spreadOverRates ────────────────────────────────────────────────────────

describe('spreadOverRates', () => {
  it('spreads an amount over the rates in proportion, the last rate taking the remainder', () => {
    // 10.90 at 9 % and 24.20 at 21 %: 1000 × 1090 / 3510 = 310.54, so 311 and 689.
    const sale = saleWithRates([900, 1090], [2100, 2420]);
    expect(spreadOverRates(1000, sale)).toEqual(
      new Map([
        [900, 311],
        [2100, 689],
      ]),
    );
    // 1 cent over two equal rates: round(0.5) = 1 goes to the first, the last gets what is left.
    expect(spreadOverRates(1, saleWithRates([900, 500], [2100, 500]))).toEqual(
      new Map([
        [900, 1],
        [2100, 0],
      ]),
    );
    // Three rates: 100 × 250/1500 = 16.67 → 17; 100 × 500/1500 = 33.33 → 33; 50 left.
    expect(spreadOverRates(100, saleWithRates([0, 250], [900, 500], [2100, 750]))).toEqual(
      new Map([
        [0, 17],
        [900, 33],
        [2100, 50],
      ]),
    );
  });

  it('puts the whole amount on the only rate', () => {
    expect(spreadOverRates(1234, saleWithRates([900, 5000]))).toEqual(new Map([[900, 1234]]));
  });

  it('gives nothing to a rate whose lines came to nothing, even the last one', () => {
    // The 21 % line was discounted to nothing: the remainder goes to the last rate that sold something.
    const sale = saleOf([
      line('l1', 1000, 1, 900),
      line('l2', 500, 1, 0),
      line('l3', 899, 1, 2100, { kind: 'percent', basisPoints: 10_000 }),
    ]);
    expect(sale.vat.map((row) => row.grossMinor)).toEqual([500, 1000, 0]);
    const spread = spreadOverRates(301, sale);
    expect(spread.get(2100) ?? 0).toBe(0);
    expect(spread).toEqual(
      new Map([
        [0, 100], // 301 × 500 / 1500 = 100.33
        [900, 201],
      ]),
    );
  });

  it('puts the amount on the first rate of a sale that came to nothing', () => {
    expect(spreadOverRates(100, saleWithRates([900, 0], [2100, 0]))).toEqual(new Map([[900, 100]]));
  });

  it('gives back each rate’s gross for the whole sale', () => {
    const sale = saleOf([line('l1', 1299, 3, 900), line('l2', 899, 1, 2100), line('l3', 250, 2, 0)]);
    expect(spreadOverRates(sale.totalMinor, sale)).toEqual(
      new Map(sale.vat.map((row) => [row.vatBasisPoints, row.grossMinor])),
    );
  });

  const saleArb = (maxRates: number) =>
    fc
      .uniqueArray(fc.constantFrom(0, 600, 900, 1200, 2100), { minLength: 1, maxLength: maxRates })
      .chain((rates) =>
        fc.tuple(...rates.sort((a, b) => a - b).map((rate) => fc.tuple(fc.constant(rate), fc.nat(1_000_000)))),
      )
      .filter((rows) => rows.some(([, gross]) => gross > 0))
      .map((rows) => saleWithRates(...rows))
      .chain((sale) => fc.tuple(fc.constant(sale), fc.integer({ min: 1, max: sale.totalMinor })));

  it('always sums to the amount, each running total rounded by the till’s rule, no share below 0 or above its gross', () => {
    fc.assert(
      fc.property(saleArb(5), ([sale, amount]) => {
        const spread = spreadOverRates(amount, sale);
        const sold = sale.vat.filter((row) => row.grossMinor > 0);
        expect([...spread.keys()]).toEqual(sold.map((row) => row.vatBasisPoints));
        expect([...spread.values()].reduce((sum, share) => sum + share, 0)).toBe(amount);
        let cumulative = 0;
        let given = 0;
        for (const row of sold) {
          cumulative += row.grossMinor;
          given += spread.get(row.vatBasisPoints) ?? 0;
          expect(given).toBe(divideRounded(amount * cumulative, sale.totalMinor));
          expect(spread.get(row.vatBasisPoints)).toBeGreaterThanOrEqual(0);
          expect(spread.get(row.vatBasisPoints)).toBeLessThanOrEqual(row.grossMinor);
        }
        expect(spreadOverRates(sale.totalMinor, sale)).toEqual(
          new Map(sold.map((row) => [row.vatBasisPoints, row.grossMinor])),
        );
      }),
    );
  });

  it('gives each of up to three rates its fair share to within a cent, never below 0 nor above its gross', () => {
    fc.assert(
      fc.property(saleArb(3), ([sale, amount]) => {
        const spread = spreadOverRates(amount, sale);
        for (const row of sale.vat.filter((each) => each.grossMinor > 0)) {
          const share = spread.get(row.vatBasisPoints) ?? 0;
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(row.grossMinor);
          expect(Math.abs(share * sale.totalMinor - amount * row.grossMinor)).toBeLessThan(sale.totalMinor);
        }
      }),
    );
  });

  // Four rates (Belgium 0/6/12/21 %, Ireland, Italy…): rounding each rate on its own and giving the
  // last what is left once booked 0.50 as 0.17 + 0.17 + 0.17 − 0.01, and 35.75 as 0.11 back on a rate
  // that sold 0.10. Cumulative shares keep every share between 0 and its rate's gross.
  it.each([
    [50, '0.50'],
    [3575, '35.75'],
  ])('never books a negative share, nor more than a rate sold, with four rates (%i, %s)', (amount) => {
    const sale = saleWithRates([0, 1250], [600, 1250], [1200, 1250], [2100, 10]);
    const spread = spreadOverRates(amount, sale);
    expect([...spread.values()].reduce((sum, share) => sum + share, 0)).toBe(amount);
    for (const row of sale.vat) {
      const share = spread.get(row.vatBasisPoints) ?? 0;
      expect(share, `share at ${row.vatBasisPoints} bp`).toBeGreaterThanOrEqual(0);
      expect(share, `share at ${row.vatBasisPoints} bp`).toBeLessThanOrEqual(row.grossMinor);
    }
  });

  // amount × gross passes 2^53 long before the till's sale limit: the product is kept in BigInt.
  it('spreads an amount over a large sale the till accepted', () => {
    const sale = saleWithRates([900, 100_000_000], [2100, 100_000_000]);
    expect(sale.totalMinor).toBeLessThanOrEqual(MAX_SALE_AMOUNT_MINOR);
    expect(spreadOverRates(100_000_000, sale)).toEqual(
      new Map([
        [900, 50_000_000],
        [2100, 50_000_000],
      ]),
    );
  });
});

// ── planParts ──────────────────────────────────────────────────────────────

describe('planParts', () => {
  const card = (attemptId: string, refundableMinor: number): PlanTender => ({
    kind: 'card',
    attemptId,
    refundableMinor,
  });
  const cash = (refundableMinor: number): PlanTender => ({ kind: 'cash', refundableMinor });

  it('gives back on the card that paid, up to what is left on it', () => {
    expect(planParts(600, [card('a1', 1000)])).toEqual([{ kind: 'card', originalAttemptId: 'a1', amountMinor: 600 }]);
    expect(planParts(1000, [card('a1', 1000)])).toEqual([{ kind: 'card', originalAttemptId: 'a1', amountMinor: 1000 }]);
  });

  it('takes the cards in the order they paid, each capped, before any cash', () => {
    expect(planParts(1000, [card('a1', 500), card('a2', 800)])).toEqual([
      { kind: 'card', originalAttemptId: 'a1', amountMinor: 500 },
      { kind: 'card', originalAttemptId: 'a2', amountMinor: 500 },
    ]);
    // Cash listed first still comes last.
    expect(planParts(800, [cash(1000), card('a1', 300)])).toEqual([
      { kind: 'card', originalAttemptId: 'a1', amountMinor: 300 },
      { kind: 'cash', amountMinor: 500 },
    ]);
    // Cards that cover it leave the cash alone, and a later card alone.
    expect(planParts(300, [card('a1', 300), cash(1000), card('a2', 500)])).toEqual([
      { kind: 'card', originalAttemptId: 'a1', amountMinor: 300 },
    ]);
  });

  it('skips tenders with nothing left to give back', () => {
    expect(planParts(200, [card('a1', 0), card('a2', 500)])).toEqual([
      { kind: 'card', originalAttemptId: 'a2', amountMinor: 200 },
    ]);
    expect(planParts(200, [card('a1', 0), cash(0), cash(500)])).toEqual([{ kind: 'cash', amountMinor: 200 }]);
  });

  it('gives cash back as one part, up to the cash taken', () => {
    expect(planParts(450, [cash(200), cash(300)])).toEqual([{ kind: 'cash', amountMinor: 450 }]);
    expect(planParts(500, [cash(500)])).toEqual([{ kind: 'cash', amountMinor: 500 }]);
  });

  it('cannot give back to a card payment it has no reference for', () => {
    expect(planParts(200, [{ kind: 'card', refundableMinor: 500 }])).toBeUndefined();
    expect(planParts(200, [{ kind: 'card', refundableMinor: 500 }, cash(200)])).toEqual([
      { kind: 'cash', amountMinor: 200 },
    ]);
  });

  it('answers undefined when the tenders cannot cover the amount', () => {
    expect(planParts(1001, [card('a1', 1000)])).toBeUndefined();
    expect(planParts(801, [card('a1', 300), cash(500)])).toBeUndefined();
    expect(planParts(1, [card('a1', 0), cash(0)])).toBeUndefined();
    expect(planParts(1, [])).toBeUndefined();
  });

  const tendersArb = fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('card' as const),
        attemptId: fc.uuid(),
        refundableMinor: fc.oneof(fc.constant(0), fc.nat(100_000)),
      }),
      fc.record({ kind: fc.constant('cash' as const), refundableMinor: fc.oneof(fc.constant(0), fc.nat(100_000)) }),
    ),
    { maxLength: 6 },
  );

  it('covers any amount the tenders hold, cards first and greedily, exactly', () => {
    const arb = tendersArb
      .map((tenders) => ({ tenders, most: tenders.reduce((sum, tender) => sum + tender.refundableMinor, 0) }))
      .filter(({ most }) => most > 0)
      .chain(({ tenders, most }) => fc.tuple(fc.constant(tenders), fc.integer({ min: 1, max: most })));
    fc.assert(
      fc.property(arb, ([tenders, amount]) => {
        const parts = planParts(amount, tenders);
        expect(parts).toBeDefined();
        const plan = parts ?? [];
        expect(plan.reduce((sum, part) => sum + part.amountMinor, 0)).toBe(amount);
        for (const part of plan) expect(part.amountMinor).toBeGreaterThan(0);

        // Cards in the order they paid, each as much as it can until the amount is covered.
        const cards = tenders.flatMap((tender) =>
          tender.kind === 'card' && tender.refundableMinor > 0 ? [tender] : [],
        );
        const expected: RefundPartPlan[] = [];
        let left = amount;
        for (const tender of cards) {
          if (left === 0) break;
          const take = Math.min(left, tender.refundableMinor);
          expected.push({ kind: 'card', originalAttemptId: tender.attemptId, amountMinor: take });
          left -= take;
        }
        if (left > 0) expected.push({ kind: 'cash', amountMinor: left });
        expect(plan).toEqual(expected);
        const cashTaken = tenders.reduce((sum, t) => sum + (t.kind === 'cash' ? t.refundableMinor : 0), 0);
        expect(left).toBeLessThanOrEqual(cashTaken);
      }),
    );
  });

  it('answers undefined for any amount beyond what the tenders hold', () => {
    fc.assert(
      fc.property(tendersArb, fc.integer({ min: 1, max: 100_000 }), (tenders, extra) => {
        const most = tenders.reduce((sum, tender) => sum + tender.refundableMinor, 0);
        expect(planParts(most + extra, tenders)).toBeUndefined();
      }),
    );
  });
});

// ── request schemas ────────────────────────────────────────────────────────

describe('StartRefundSchema', () => {
  const byLines = { receiptNumber: 'T1-42', lines: [{ lineIndex: 0, quantity: 1 }], reason: 'broken on arrival' };
  const byAmount = { receiptNumber: 'T1-42', amountMinor: 500, reason: 'price match' };
  const accepts = (request: unknown) => StartRefundSchema.safeParse(request).success;

  it('takes lines, or an amount', () => {
    expect(StartRefundSchema.parse(byLines)).toEqual(byLines);
    expect(StartRefundSchema.parse(byAmount)).toEqual(byAmount);
    expect(
      accepts({
        ...byLines,
        lines: [
          { lineIndex: 0, quantity: 2 },
          { lineIndex: 3, quantity: 1 },
        ],
      }),
    ).toBe(true);
    // No lines is the same as none given.
    expect(accepts({ ...byAmount, lines: [] })).toBe(true);
  });

  it('refuses both lines and an amount, and neither', () => {
    const both = StartRefundSchema.safeParse({ ...byLines, amountMinor: 500 });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toMatch(/either lines or an amount/);
    expect(accepts({ receiptNumber: 'T1-42', reason: 'no idea' })).toBe(false);
    expect(accepts({ receiptNumber: 'T1-42', lines: [], reason: 'no idea' })).toBe(false);
  });

  it('wants a reason of at least 3 characters, not counting spaces around it', () => {
    expect(accepts({ ...byAmount, reason: 'ab' })).toBe(false);
    expect(accepts({ ...byAmount, reason: '  ab   ' })).toBe(false);
    expect(accepts({ ...byAmount, reason: '' })).toBe(false);
    expect(accepts({ ...byAmount, reason: 'x'.repeat(201) })).toBe(false);
    expect(StartRefundSchema.parse({ ...byAmount, reason: '  abc ' }).reason).toBe('abc');
    expect(accepts({ receiptNumber: 'T1-42', amountMinor: 500 })).toBe(false);
  });

  it('takes only positive whole amounts', () => {
    for (const amountMinor of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, '500']) {
      expect(accepts({ ...byAmount, amountMinor }), String(amountMinor)).toBe(false);
    }
    expect(accepts({ ...byAmount, amountMinor: 1 })).toBe(true);
  });

  it('checks each line', () => {
    for (const wanted of [
      { lineIndex: -1, quantity: 1 },
      { lineIndex: 1000, quantity: 1 },
      { lineIndex: 0, quantity: 0 },
      { lineIndex: 0, quantity: 10_000 },
      { lineIndex: 0.5, quantity: 1 },
      { lineIndex: 0, quantity: 1, amountMinor: 100 },
      { lineIndex: 0 },
    ]) {
      expect(accepts({ ...byLines, lines: [wanted] }), JSON.stringify(wanted)).toBe(false);
    }
  });

  it('refuses keys it does not know and a missing receipt', () => {
    expect(accepts({ ...byAmount, tenders: [] })).toBe(false);
    expect(accepts({ ...byLines, totalMinor: 100 })).toBe(false);
    expect(accepts({ ...byAmount, receiptNumber: '' })).toBe(false);
    expect(accepts({ amountMinor: 500, reason: 'price match' })).toBe(false);
  });
});

describe('StartUnreferencedRefundSchema', () => {
  const request = { amountMinor: 2500, reason: 'customer lost the receipt', confirmed: true };
  const accepts = (value: unknown) => StartUnreferencedRefundSchema.safeParse(value).success;

  it('takes an amount and a reason the manager confirmed', () => {
    expect(StartUnreferencedRefundSchema.parse(request)).toEqual(request);
  });

  it('wants the confirmation to be literally true', () => {
    for (const confirmed of [false, 'true', 1, null]) {
      expect(accepts({ ...request, confirmed }), String(confirmed)).toBe(false);
    }
    expect(accepts({ amountMinor: 2500, reason: 'customer lost the receipt' })).toBe(false);
  });

  it('refuses a zero amount, a short reason, and keys it does not know', () => {
    expect(accepts({ ...request, amountMinor: 0 })).toBe(false);
    expect(accepts({ ...request, amountMinor: -100 })).toBe(false);
    expect(accepts({ ...request, reason: ' no ' })).toBe(false);
    expect(accepts({ ...request, receiptNumber: 'T1-42' })).toBe(false);
  });
});
