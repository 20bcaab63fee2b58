import { describe, expect, it } from 'vitest';
import type { OpenSaleView } from '../../../shared/sale/open-sale.ts';
import { emptySaleView, keepUnchangedLines, patchedSale } from './sale-view.ts';

/** What the screen works out from main's answers, on plain values: no till, no store. */

describe('a change main answered with', () => {
  const line = (lineId: string, quantity = 1) => ({
    lineId,
    sku: lineId,
    name: lineId,
    unitPriceMinor: 100,
    quantity,
    vatBasisPoints: 0,
  });
  const held: OpenSaleView = {
    ...emptySaleView('EUR'),
    saleId: 'S-1',
    revision: 7,
    lines: [line('L1'), line('L2'), line('L3')],
  };

  it('puts changed lines in their place, new ones last, and drops removed ones', () => {
    const patched = patchedSale(held, {
      sale: { ...held, revision: 8, lines: [line('L2', 5), line('L4')] },
      linesSince: { revision: 7, removed: ['L1'] },
    });
    expect(patched?.lines).toEqual([line('L2', 5), line('L3'), line('L4')]);
    expect(patched?.lines[1]).toBe(held.lines[2]);
    expect(patched?.revision).toBe(8);
  });

  it('is not applied to a sale the screen no longer holds as it was', () => {
    const change = { sale: { ...held, revision: 8, lines: [] }, linesSince: { revision: 6, removed: [] } };
    expect(patchedSale(held, change)).toBeUndefined();
    expect(
      patchedSale(held, {
        ...change,
        linesSince: { revision: 7, removed: [] },
        sale: { ...change.sale, saleId: 'S-2' },
      }),
    ).toBeUndefined();
  });
});

describe('keeping rows', () => {
  it('gives back the same lines array when nothing in the lines changed', () => {
    const base: OpenSaleView = {
      ...emptySaleView('EUR'),
      saleId: 'S-1',
      lines: [{ lineId: 'L1', sku: 'A', name: 'A', unitPriceMinor: 1, quantity: 1, vatBasisPoints: 0 }],
    };
    const next = structuredClone({ ...base, revision: 2, dueMinor: 1 });
    expect(keepUnchangedLines(base, next).lines).toBe(base.lines);
    // Another sale shares nothing with the last one.
    expect(keepUnchangedLines(base, { ...next, saleId: 'S-2' }).lines).toBe(next.lines);
  });
});
