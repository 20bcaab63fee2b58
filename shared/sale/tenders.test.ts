import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent } from '../money.ts';
import { SaleRuleError } from './cart.ts';
import {
  balanceDue,
  cashTender,
  cashToPay,
  MAX_QUICK_CASH_AMOUNTS,
  paidMinor,
  quickCashAmounts,
  type Tender,
  TenderSchema,
} from './tenders.ts';

const card = (amountMinor: number, attemptId = 'a1'): Tender => ({ kind: 'card', attemptId, amountMinor });

function ruleCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof SaleRuleError) return error.code;
    throw error;
  }
  return undefined;
}

describe('the tender schema', () => {
  it('takes card and cash tenders as they are recorded', () => {
    for (const tender of [
      card(1234),
      { kind: 'cash', tenderedMinor: 2000, amountMinor: 1234, changeMinor: 766 },
      { kind: 'cash', tenderedMinor: 500, amountMinor: 500, changeMinor: 0 },
    ]) {
      expect(TenderSchema.safeParse(tender).success, JSON.stringify(tender)).toBe(true);
    }
  });

  it('refuses amounts that are not positive whole minor units, unknown fields, and cash that does not add up', () => {
    for (const tender of [
      card(0),
      card(-1),
      card(12.5),
      card(100, ''),
      card(100, 'x'.repeat(65)),
      { ...card(100), tip: 5 },
      { kind: 'cash', tenderedMinor: 0, amountMinor: 0, changeMinor: 0 },
      { kind: 'cash', tenderedMinor: 2000, amountMinor: 1234, changeMinor: 765 }, // 1 short
      { kind: 'cash', tenderedMinor: 2000, amountMinor: 2100, changeMinor: -100 },
      { kind: 'cash', tenderedMinor: 2000, amountMinor: 2000 },
      { kind: 'voucher', amountMinor: 100 },
    ]) {
      expect(TenderSchema.safeParse(tender).success, JSON.stringify(tender)).toBe(false);
    }
  });
});

describe('what is paid and what is due', () => {
  it('adds up what the tenders applied, not the cash handed over', () => {
    const tenders = [card(1000), cashTender(234, 500)];
    expect(paidMinor([])).toBe(0);
    expect(paidMinor(tenders)).toBe(1234);
    expect(balanceDue(1234, tenders)).toBe(0);
    expect(balanceDue(2000, tenders)).toBe(766);
    expect(balanceDue(2000, [])).toBe(2000);
  });

  it('never asks for a negative balance', () => {
    expect(balanceDue(1000, [card(1200)])).toBe(0);
    expect(balanceDue(0, [])).toBe(0);
  });
});

describe('cash tenders', () => {
  it.each([
    // due, handed over → applied, change
    [1234, 2000, 1234, 766],
    [1234, 1234, 1234, 0],
    [1234, 1000, 1000, 0], // partial: all of it applied, the rest stays due
    [1, 5000, 1, 4999],
    [5000, 1, 1, 0],
  ])('with %i due and %i handed over applies %i and gives %i change', (due, tendered, amountMinor, changeMinor) => {
    const tender = cashTender(due, tendered);
    expect(tender).toEqual({ kind: 'cash', tenderedMinor: tendered, amountMinor, changeMinor });
    expect(TenderSchema.safeParse(tender).success).toBe(true);
  });

  it('pays a sale off in several cash tenders', () => {
    const total = 4250;
    const tenders: Tender[] = [];
    for (const handed of [1000, 2000, 5000]) tenders.push(cashTender(balanceDue(total, tenders), handed));
    expect(tenders.map((t) => (t.kind === 'cash' ? [t.amountMinor, t.changeMinor] : []))).toEqual([
      [1000, 0],
      [2000, 0],
      [1250, 3750],
    ]);
    expect(balanceDue(total, tenders)).toBe(0);
  });

  it('refuses cash when nothing is due, or when no cash was handed over', () => {
    expect(ruleCode(() => cashTender(0, 500))).toBe('nothing_due');
    for (const tendered of [0, -100, 12.5, Number.NaN])
      expect(ruleCode(() => cashTender(1000, tendered))).toBe('tender_invalid');
    expect(() => cashTender(-1, 500)).toThrow(RangeError);
    expect(() => cashTender(1.5, 500)).toThrow(RangeError);
  });

  it('always splits what was handed over into applied + change, applying no more than is due', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 1, max: 1e12 }), (due, tendered) => {
        const tender = cashTender(due, tendered);
        expect(tender.tenderedMinor).toBe(tendered);
        expect(tender.amountMinor + tender.changeMinor).toBe(tendered);
        expect(tender.amountMinor).toBeLessThanOrEqual(due);
        expect(tender.changeMinor).toBe(Math.max(0, tendered - due));
        expect(balanceDue(due, [tender])).toBe(Math.max(0, due - tendered));
        expect(TenderSchema.safeParse(tender).success).toBe(true);
      }),
    );
  });
});

describe('what is due, for any tenders', () => {
  const tendersArb = fc.array(
    fc.oneof(
      fc.integer({ min: 1, max: 1e9 }).map((amount) => card(amount)),
      fc
        .tuple(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }))
        .map(([due, tendered]) => cashTender(due, tendered)),
    ),
    { maxLength: 8 },
  );

  it('balance + paid covers the total exactly until it is paid, and the balance is never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), tendersArb, (total, tenders) => {
        const paid = paidMinor(tenders);
        const due = balanceDue(total, tenders);
        expect(paid).toBe(tenders.reduce((sum, t) => sum + t.amountMinor, 0));
        expect(due).toBeGreaterThanOrEqual(0);
        expect(due + paid).toBeGreaterThanOrEqual(total);
        if (paid <= total) expect(due + paid).toBe(total);
        else expect(due).toBe(0);
      }),
    );
  });
});

describe('quick-cash amounts', () => {
  it.each([
    [1234, 'EUR', [1234, 1300, 1500, 2000, 5000]],
    [4100, 'EUR', [4100, 4500, 5000, 6000, 10000]], // 60 in twenties comes before 100
    [2000, 'EUR', [2000, 5000, 10000, 20000, 50000]], // already round: the next notes up
    [1, 'EUR', [1, 100, 500, 1000, 2000]],
    [9999, 'EUR', [9999, 10000, 20000, 50000, 100000]],
    [1234, 'JPY', [1234, 1235, 1240, 1250, 1300]], // exponent 0: a major unit is one yen
    [1000, 'JPY', [1000, 2000, 5000, 10000, 20000]],
    [12345, 'KWD', [12345, 13000, 15000, 20000, 50000]], // exponent 3: a dinar is 1000 fils
    [1, 'KWD', [1, 1000, 5000, 10000, 20000]],
  ] as const)('offers %i %s as %j', (due, currency, expected) => {
    expect(quickCashAmounts(due, currency)).toEqual(expected);
  });

  it('offers nothing when nothing is due, and refuses a due amount that is not whole or negative', () => {
    expect(quickCashAmounts(0, 'EUR')).toEqual([]);
    expect(() => quickCashAmounts(-1, 'EUR')).toThrow(RangeError);
    expect(() => quickCashAmounts(12.5, 'EUR')).toThrow(RangeError);
  });

  it('stays within the safe integers near the top', () => {
    expect(quickCashAmounts(Number.MAX_SAFE_INTEGER, 'JPY')).toEqual([Number.MAX_SAFE_INTEGER]);
    expect(quickCashAmounts(9_007_199_254_740_000, 'EUR')).toEqual([9_007_199_254_740_000]);
    expect(quickCashAmounts(9_007_199_254_739_901, 'EUR')).toEqual([9_007_199_254_739_901, 9_007_199_254_740_000]);
  });

  it('always starts with the exact amount, then whole round amounts above it, ascending and distinct', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e12 }),
        fc.constantFrom('EUR', 'GBP', 'JPY', 'KWD', 'BHD', 'CHF'),
        (due, currency) => {
          const amounts = quickCashAmounts(due, currency);
          const major = 10 ** currencyExponent(currency);
          expect(amounts[0]).toBe(due);
          expect(amounts.length).toBeGreaterThanOrEqual(2);
          expect(amounts.length).toBeLessThanOrEqual(MAX_QUICK_CASH_AMOUNTS);
          for (let i = 1; i < amounts.length; i++) {
            const amount = amounts[i] ?? Number.NaN;
            expect(amount).toBeGreaterThan(amounts[i - 1] ?? Number.NaN);
            expect(amount % major).toBe(0);
          }
          // the next whole major unit is the first offer above an amount that is not whole
          const nextWhole = Math.ceil(due / major) * major;
          if (nextWhole !== due) expect(amounts[1]).toBe(nextWhole);
          // and with a 50 in the steps, the next multiple of 50 major units is offered
          // unless five smaller offers came first
          const nextFifty = Math.ceil(due / (50 * major)) * 50 * major;
          if (amounts.length === MAX_QUICK_CASH_AMOUNTS && (amounts[4] ?? 0) < nextFifty) return;
          expect(amounts).toContain(nextFifty);
        },
      ),
    );
  });
});

describe('cash rounding to 0.05', () => {
  it.each([
    // due, handed over → applied, rounding, change
    [1238, 2000, 1238, 2, 760], // 12.38 is 12.40 in cash
    [1242, 2000, 1242, -2, 760], // 12.42 is 12.40 in cash
    [1240, 2000, 1240, undefined, 760],
    [1242, 1240, 1242, -2, 0], // exactly what cash pays
    [1238, 1238, 1238, undefined, 0], // the exact amount is taken as it is
    [1238, 1239, 1238, 1, 0], // between the exact and the rounded amount: nothing more is asked
    [1243, 1241, 1243, -2, 0], // the two cents left would round to nothing in cash
    [1243, 1000, 1000, undefined, 0], // part of a split: the rest stays due
    [2, 500, 2, -2, 500], // two cents left after a card: nothing to pay in cash
  ])(
    'with %i due and %i handed over applies %i, rounds by %s and gives %i change',
    (due, tendered, amountMinor, roundingMinor, changeMinor) => {
      const tender = cashTender(due, tendered, 5);
      expect(tender).toEqual({
        kind: 'cash',
        tenderedMinor: tendered,
        amountMinor,
        changeMinor,
        ...(roundingMinor === undefined ? {} : { roundingMinor }),
      });
      expect(TenderSchema.safeParse(tender).success).toBe(true);
    },
  );

  it('says what cash pays: the due amount rounded, halves up; without rounding, the due amount', () => {
    expect([1231, 1232, 1233, 1234, 1236, 1237, 1238, 1239].map((due) => cashToPay(due, 5))).toEqual([
      1230, 1230, 1235, 1235, 1235, 1235, 1240, 1240,
    ]);
    expect(cashToPay(1238)).toBe(1238);
  });

  it('refuses a tender whose parts do not add up to the cash handed over', () => {
    const tender = { kind: 'cash', tenderedMinor: 2000, amountMinor: 1238, roundingMinor: 2, changeMinor: 762 };
    expect(TenderSchema.safeParse(tender).success).toBe(false);
    expect(TenderSchema.safeParse({ ...tender, changeMinor: 760 }).success).toBe(true);
  });

  it('settles a sale with cash that covers what cash pays, never rounding by half an increment or more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e12 }),
        fc.integer({ min: 1, max: 1e12 }),
        fc.constantFrom(5, 10, 50),
        (due, tendered, increment) => {
          const tender = cashTender(due, tendered, increment);
          const rounding = tender.roundingMinor ?? 0;
          expect(tender.amountMinor + rounding + tender.changeMinor).toBe(tendered);
          expect(tender.amountMinor).toBeLessThanOrEqual(due);
          expect(2 * Math.abs(rounding)).toBeLessThanOrEqual(increment);
          if (tendered >= cashToPay(due, increment)) {
            // Settled: the sale gets what was due, the drawer keeps what cash pays.
            expect(tender.amountMinor).toBe(due);
            expect(tender.amountMinor + rounding).toBe(cashToPay(due, increment));
          }
          // A tender that leaves something due rounds nothing.
          if (tender.amountMinor < due) expect(rounding).toBe(0);
        },
      ),
    );
  });
});
