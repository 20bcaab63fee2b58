import { describe, expect, it } from 'vitest';
import { buildCatalogIndex } from '../../shared/catalog/catalog-index.ts';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import { pageOf, tileAfter } from './product-pages.ts';

const item = (index: number, category = 'Shelf'): CatalogItem => ({
  sku: `SKU-${String(index).padStart(4, '0')}`,
  barcodes: [],
  name: `Product ${String(index).padStart(4, '0')}`,
  priceMinor: 100 + index,
  vatBasisPoints: 900,
  category,
});

describe('a page of products', () => {
  const items = Array.from({ length: 2_500 }, (_, index) => item(index + 1, index % 2 === 0 ? 'Even' : 'Odd'));
  const catalog = buildCatalogIndex(items);

  it('"All" reaches every product, the last on the last page, in the catalogue’s order', () => {
    const first = pageOf(catalog, '', undefined, 0);
    expect(first.items.map((shown) => shown.sku)).toEqual(items.slice(0, 60).map((shown) => shown.sku));
    expect(first).toMatchObject({ more: true, pages: 42 });
    const last = pageOf(catalog, '', undefined, 41);
    expect(last.items).toHaveLength(2_500 - 41 * 60);
    expect(last.items.at(-1)?.name).toBe('Product 2500');
    expect(last.more).toBe(false);
    const seen = new Set(Array.from({ length: 42 }, (_, page) => pageOf(catalog, '', undefined, page).items).flat());
    expect(seen.size).toBe(2_500);
  });

  it('a page past the end shows the last one', () => {
    expect(pageOf(catalog, '', undefined, 99).items.at(-1)?.name).toBe('Product 2500');
  });

  it('pages a category, sorted once by the caller', () => {
    const odd = catalog.inCategory('Odd');
    const second = pageOf(catalog, '', odd, 1, 500);
    expect(second.items[0]).toBe(odd[500]);
    expect(second).toMatchObject({ more: true, pages: 3 });
    expect(pageOf(catalog, '', [], 0)).toMatchObject({ items: [], more: false, pages: 1 });
  });

  it('pages a search without counting its matches past the next page', () => {
    const first = pageOf(catalog, 'product 1', undefined, 0);
    expect(first.items).toHaveLength(60);
    expect(first.items.every((shown) => shown.name.startsWith('Product 1'))).toBe(true);
    expect(first).toMatchObject({ more: true, pages: undefined });
    // Names are "Product 0001"…"Product 2500": a word starting with 1 is 1000–1999, 17 pages, the last of 40.
    const last = pageOf(catalog, 'product 1', undefined, 16);
    expect(last.items).toHaveLength(1_000 - 16 * 60);
    expect(last.items.at(-1)?.name).toBe('Product 1999');
    expect(last.more).toBe(false);
  });
});

describe('the highlight in the tiles', () => {
  // Ten tiles, four to a row: rows at 0, 100 and 200 px, the last row two tiles.
  const tiles = Array.from({ length: 10 }, (_, index) => ({ offsetTop: Math.floor(index / 4) * 100 }));

  it('moves along a row and down and up a column', () => {
    expect(tileAfter(tiles, 0, 'ArrowRight')).toBe(1);
    expect(tileAfter(tiles, 1, 'ArrowLeft')).toBe(0);
    expect(tileAfter(tiles, 1, 'ArrowDown')).toBe(5);
    expect(tileAfter(tiles, 5, 'ArrowUp')).toBe(1);
  });

  it('goes back to the search up from the first row, and stops at the ends', () => {
    expect(tileAfter(tiles, 2, 'ArrowUp')).toBe('search');
    expect(tileAfter(tiles, 0, 'ArrowLeft')).toBeUndefined();
    expect(tileAfter(tiles, 9, 'ArrowRight')).toBeUndefined();
    expect(tileAfter(tiles, 9, 'ArrowDown')).toBeUndefined();
  });

  it('down into a short last row lands on its last tile', () => {
    expect(tileAfter(tiles, 7, 'ArrowDown')).toBe(9);
    expect(tileAfter(tiles, 3, 'End')).toBe(9);
    expect(tileAfter(tiles, 3, 'Home')).toBe(0);
  });

  it('ignores other keys', () => {
    expect(tileAfter(tiles, 3, 'a')).toBeUndefined();
  });
});
