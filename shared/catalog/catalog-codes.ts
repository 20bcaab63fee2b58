import type { CatalogItem } from './catalog-item.ts';

/**
 * The catalogue as main looks up what the screen names: a scanned barcode
 * (exact, after trimming) or an SKU (case-insensitive, after trimming), the
 * first item in the file winning, as in the screen's search index
 * (catalog-index.ts). Two maps, no search structures: main never searches by
 * name, and a till with a large catalogue should not pay at start for an
 * index it does not use.
 */
export interface CatalogCodes {
  byBarcode(code: string): CatalogItem | undefined;
  bySku(sku: string): CatalogItem | undefined;
}

export function catalogCodes(items: readonly CatalogItem[]): CatalogCodes {
  const barcodes = new Map<string, CatalogItem>();
  const skus = new Map<string, CatalogItem>();
  for (const item of items) {
    const sku = item.sku.trim().toLowerCase();
    if (!skus.has(sku)) skus.set(sku, item);
    for (const barcode of item.barcodes) if (!barcodes.has(barcode)) barcodes.set(barcode, item);
  }
  return {
    byBarcode: (code) => barcodes.get(code.trim()),
    bySku: (sku) => skus.get(sku.trim().toLowerCase()),
  };
}
