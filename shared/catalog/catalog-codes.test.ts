import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogCodes } from './catalog-codes.ts';
import { buildCatalogIndex } from './catalog-index.ts';
import type { CatalogItem } from './catalog-item.ts';

/** Main and the screen must find the same item for the same code: the look-ups agree with the search index. */
describe('catalogue codes', () => {
  const item = fc.record({
    sku: fc.constantFrom('A-1', 'a-1', 'B-2', ' C-3', 'D-4'),
    barcodes: fc.array(fc.constantFrom('4006381333931', '8713021110000', '1234'), { maxLength: 2 }),
    name: fc.constantFrom('Bread', 'Milk', 'Cheese'),
    priceMinor: fc.nat(1_000),
    vatBasisPoints: fc.constantFrom(0, 900, 2_100),
  });

  it('find what the search index finds, by barcode and by SKU, whatever the catalogue', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (items: CatalogItem[]) => {
        const codes = catalogCodes(items);
        const index = buildCatalogIndex(items);
        for (const code of ['4006381333931', ' 8713021110000 ', '1234', '9999']) {
          expect(codes.byBarcode(code)).toBe(index.byBarcode(code));
        }
        for (const sku of ['A-1', 'a-1 ', 'b-2', 'C-3', 'E-5']) {
          expect(codes.bySku(sku)).toBe(index.bySku(sku));
        }
      }),
    );
  });
});
