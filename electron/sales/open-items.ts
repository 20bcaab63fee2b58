import { catalogCodes } from '../../shared/catalog/catalog-codes.ts';
import type { Catalog } from '../../shared/catalog/catalog-item.ts';
import { percentToBasisPoints, type SellingConfig } from '../../shared/config/schema.ts';
import { decimalStringToMinor, type CurrencyCode } from '../../shared/money.ts';
import type { OpenItem } from '../../shared/sale/sale-commands.ts';
import { ConfigError } from '../config/load-config.ts';

/**
 * The open items of a till from its configuration, checked against its
 * catalogue: an open item's SKU must not be an item's, or a scan and a key
 * would mean two things.
 */
export function openItemsOf(selling: SellingConfig | undefined, catalog: Catalog, currency: CurrencyCode): OpenItem[] {
  const codes = catalogCodes(catalog.items);
  return (selling?.openItems ?? []).map((item) => {
    if (codes.bySku(item.sku) !== undefined) {
      throw new ConfigError(
        `selling.openItems: "${item.sku}" is also an SKU in the catalogue. Give the open item a code of its own.`,
      );
    }
    return {
      sku: item.sku,
      name: item.name,
      vatBasisPoints: percentToBasisPoints(item.vatRate),
      maxPriceMinor: decimalStringToMinor(item.maxPrice, currency),
    };
  });
}
