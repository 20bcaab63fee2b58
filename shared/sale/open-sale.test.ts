import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CartLine } from './cart.ts';
import {
  applySaleEvent,
  newOpenSale,
  NO_CARDS,
  openSaleView,
  SaleEventSchema,
  type OpenSale,
  type SaleEvent,
} from './open-sale.ts';

const AT = '2026-12-04T09:00:00.000Z';
const bread: CartLine = {
  lineId: 'L1',
  sku: 'BAK-001',
  name: 'White bread',
  unitPriceMinor: 189,
  quantity: 1,
  vatBasisPoints: 900,
};
const wine: CartLine = {
  lineId: 'L2',
  sku: 'WIN-001',
  name: 'Red wine',
  unitPriceMinor: 1_250,
  quantity: 1,
  vatBasisPoints: 2_100,
};

const replay = (events: readonly SaleEvent[]): OpenSale => events.reduce(applySaleEvent, newOpenSale('S-1', 'EUR', AT));

describe('an open sale, change by change', () => {
  it('adds lines, changes them, takes cash, and says what is due', () => {
    const sale = replay([
      { type: 'line_added', line: bread },
      { type: 'line_added', line: wine },
      { type: 'quantity_set', lineId: 'L1', quantity: 3 },
      { type: 'discount_set', lineId: 'L2', discount: { kind: 'percent', basisPoints: 2_000 }, approvedBy: 'bo' },
      { type: 'price_set', lineId: 'L1', priceMinor: 150 },
      { type: 'cash_taken', tenderedMinor: 500, amountMinor: 500, changeMinor: 0 },
    ]);
    // 150 × 3 = 450; 1 250 less 20 % = 1 000; 1 450 in all, 500 paid.
    const view = openSaleView(sale, NO_CARDS);
    expect(view).toMatchObject({
      saleId: 'S-1',
      revision: 6,
      totals: { totalMinor: 1_450, discountMinor: 250, itemCount: 4 },
      paidMinor: 500,
      dueMinor: 950,
      linesLocked: true,
      approvals: [{ lineId: 'L2', discount: 'bo' }],
    });
    expect(view.tenders).toEqual([{ kind: 'cash', tenderedMinor: 500, amountMinor: 500, changeMinor: 0 }]);
  });

  it('forgets who approved a discount once it is taken off, and a removed line with it', () => {
    const approved = replay([
      { type: 'line_added', line: wine },
      { type: 'discount_set', lineId: 'L2', discount: { kind: 'amount', minor: 300 }, approvedBy: 'bo' },
    ]);
    expect([...approved.approvals]).toEqual([['L2', { discount: 'bo' }]]);
    expect([...applySaleEvent(approved, { type: 'discount_set', lineId: 'L2', discount: null }).approvals]).toEqual([]);
    expect([...applySaleEvent(approved, { type: 'line_removed', lineId: 'L2' }).approvals]).toEqual([]);
  });

  it('counts card approvals as paid and a card still going as holding the lines', () => {
    const sale = replay([{ type: 'line_added', line: wine }]);
    const view = openSaleView(sale, {
      approved: [{ kind: 'card', attemptId: 'A-1', amountMinor: 1_000 }],
      unsettled: { attemptId: 'A-2', state: 'in_progress' },
    });
    expect(view).toMatchObject({ paidMinor: 1_000, dueMinor: 250, card: { attemptId: 'A-2' }, linesLocked: true });
  });

  it('refuses a change that does not fit the sale, as a journal that is not what main wrote', () => {
    const sale = replay([{ type: 'line_added', line: bread }]);
    expect(() => applySaleEvent(sale, { type: 'line_added', line: bread })).toThrow(RangeError);
    expect(() => applySaleEvent(sale, { type: 'quantity_set', lineId: 'L9', quantity: 2 })).toThrow(
      'That line is no longer in the sale.',
    );
    expect(() =>
      applySaleEvent(sale, { type: 'discount_set', lineId: 'L1', discount: { kind: 'amount', minor: 190 } }),
    ).toThrow(/more than/);
  });

  it('moves between open, parked, voided and completed', () => {
    const parked = replay([
      { type: 'line_added', line: bread },
      { type: 'parked', note: 'blue coat' },
    ]);
    expect(parked).toMatchObject({ status: 'parked', note: 'blue coat' });
    expect(applySaleEvent(parked, { type: 'recalled' }).status).toBe('open');
    expect(applySaleEvent(parked, { type: 'voided', reason: null }).status).toBe('voided');
    expect(applySaleEvent(parked, { type: 'completed', receiptNumber: 'T-1-000001' }).status).toBe('completed');
  });
});

describe('a sale read back from the journal', () => {
  const ITEMS = [bread, wine, { ...bread, sku: 'CHE-001', name: 'Cheese', unitPriceMinor: 350 }];
  type Step =
    | { kind: 'add'; item: number; quantity: number }
    | { kind: 'quantity'; line: number; quantity: number }
    | { kind: 'remove'; line: number }
    | { kind: 'discount'; line: number; percent: number | null }
    | { kind: 'price'; line: number; price: number | null };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), item: fc.nat(2), quantity: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('quantity' as const), line: fc.nat(9), quantity: fc.integer({ min: 1, max: 20 }) }),
    fc.record({ kind: fc.constant('remove' as const), line: fc.nat(9) }),
    fc.record({
      kind: fc.constant('discount' as const),
      line: fc.nat(9),
      percent: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    }),
    fc.record({
      kind: fc.constant('price' as const),
      line: fc.nat(9),
      price: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
    }),
  );

  it('is the sale that was on screen: every change survives the trip to disk and back', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let sale = newOpenSale('S-1', 'EUR', AT);
        const written: string[] = [];
        for (const [index, next] of steps.entries()) {
          const line = (n: number) => sale.cart.lines[n % Math.max(1, sale.cart.lines.length)];
          let event: SaleEvent | undefined;
          if (next.kind === 'add') {
            const item = ITEMS[next.item] ?? bread;
            event = { type: 'line_added', line: { ...item, lineId: `L${String(index)}`, quantity: next.quantity } };
          } else {
            const target = line(next.line);
            if (target === undefined) continue;
            if (next.kind === 'quantity')
              event = { type: 'quantity_set', lineId: target.lineId, quantity: next.quantity };
            if (next.kind === 'remove') event = { type: 'line_removed', lineId: target.lineId };
            if (next.kind === 'discount') {
              const discount = next.percent === null ? null : { kind: 'percent' as const, basisPoints: next.percent };
              event = { type: 'discount_set', lineId: target.lineId, discount };
            }
            if (next.kind === 'price') event = { type: 'price_set', lineId: target.lineId, priceMinor: next.price };
          }
          if (event === undefined) continue;
          sale = applySaleEvent(sale, event);
          written.push(JSON.stringify(event));
        }
        const readBack = replay(written.map((text) => SaleEventSchema.parse(JSON.parse(text))));
        expect(openSaleView(readBack, NO_CARDS)).toEqual(openSaleView(sale, NO_CARDS));
      }),
    );
  });
});
