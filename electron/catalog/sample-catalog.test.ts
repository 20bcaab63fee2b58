import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex } from '../../shared/catalog/catalog-index.ts';
import { isValidEan13 } from '../../shared/catalog/ean13.ts';
import { parseCatalogFile } from './parse-catalog.ts';
import { SAMPLE_CATALOG_FILE } from './sample-catalog.ts';

describe('the sample catalogue', () => {
  const parsed = parseCatalogFile(SAMPLE_CATALOG_FILE, 'EUR');
  const items = parsed.ok ? parsed.items : [];

  it('is an absolute path to a file that exists', () => {
    expect(path.isAbsolute(SAMPLE_CATALOG_FILE)).toBe(true);
    expect(existsSync(SAMPLE_CATALOG_FILE)).toBe(true);
  });

  it('parses with no problems and has at least 300 items', () => {
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(300);
  });

  it('gives every item at least one EAN-13 barcode with a valid check digit', () => {
    for (const item of items) {
      expect(item.barcodes.length, item.sku).toBeGreaterThan(0);
      for (const barcode of item.barcodes) expect(isValidEan13(barcode), `${item.sku} ${barcode}`).toBe(true);
    }
  });

  it('uses the Dutch VAT rates, SKUs like BAK-001, and a category for every item', () => {
    expect(new Set(items.map((item) => item.vatBasisPoints))).toEqual(new Set([900, 2100]));
    for (const item of items) {
      expect(item.sku).toMatch(/^[A-Z]{3}-\d{3}$/);
      expect(item.category).toBeDefined();
      expect(item.priceMinor).toBeGreaterThan(0);
    }
    const index = buildCatalogIndex(items);
    expect(index.categories).toEqual(
      expect.arrayContaining(['Bakery', 'Dairy', 'Fruit & Veg', 'Drinks', 'Snacks', 'Household', 'Personal care']),
    );
    expect(index.search('creme').map((item) => item.name)).toContain('Crème fraîche 125 ml');
  });
});
