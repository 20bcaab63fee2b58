import { z } from 'zod';
import { MinorUnitsSchema } from '../money.ts';

/**
 * One thing the till sells, as the catalogue names it. The catalogue is read
 * from a file IT maintains (see electron/catalog/parse-catalog.ts), so every
 * field is checked here and unknown keys are refused.
 */
export const CatalogItemSchema = z
  .object({
    sku: z.string().trim().min(1).max(40),
    barcodes: z.array(z.string().regex(/^[0-9A-Za-z]{4,32}$/, 'must be 4–32 letters or digits')).max(20),
    name: z.string().trim().min(1).max(80),
    /** VAT-inclusive, in the till currency's minor units. */
    priceMinor: MinorUnitsSchema.refine((minor) => minor >= 0, { message: 'must not be negative' }),
    /** Basis points: 2100 = 21 %. */
    vatBasisPoints: z.number().int().min(0).max(10_000),
    category: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

export const CatalogSchema = z
  .object({
    items: z.array(CatalogItemSchema),
    /** Where it came from, for the UI: "the sample catalogue" or a file name. */
    source: z.string(),
  })
  .strict();
export type Catalog = z.infer<typeof CatalogSchema>;

/** A catalogue file may hold at most this many items. */
export const MAX_CATALOG_ITEMS = 200_000;
/** A catalogue file may be at most this large, in bytes. */
export const MAX_CATALOG_FILE_BYTES = 50 * 1024 * 1024;
