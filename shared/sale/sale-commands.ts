import { z } from 'zod';
import { MinorUnitsSchema } from '../money.ts';
import { ManagerApprovalSchema } from '../staff/staff.ts';
import { LineDiscountSchema, MAX_LINE_QUANTITY } from './cart.ts';
import { FinishedSaleSchema, ParkedSaleSchema, SaleIdSchema } from './completed-sale.ts';
import { OpenSaleViewSchema } from './open-sale.ts';

/**
 * What the screen may ask of the open sale. Every command names the sale it
 * was made on, so a second tab or a reply that crossed a change cannot touch
 * another sale. No command carries a catalogue price, a name or a VAT rate:
 * main looks the item up itself. The only amounts a cashier types are money
 * handed over, a price for an open item and a price override, and the last
 * two are limited by role and audited.
 */

const OnSale = { saleId: SaleIdSchema };
/** A command that changes the open sale in place, and may be answered with what changed. */
const ChangesSale = {
  saleId: SaleIdSchema,
  /**
   * The revision of the sale the screen holds. When the command changes that
   * revision, main answers with only the lines that changed (`linesSince`);
   * without it, or if the sale had moved on, with the whole sale.
   */
  knownRevision: z.number().int().min(0).optional(),
};
const LineId = z.string().min(1).max(64);
const Quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);
const PositiveMinor = MinorUnitsSchema.refine((minor) => minor > 0, 'must be more than zero');

/** A manager's name and PIN, typed at the till to allow a change above the cashier's limits. */
export const ApprovalSchema = ManagerApprovalSchema;
export type Approval = z.infer<typeof ApprovalSchema>;

export const AddItemSchema = z
  .object({
    ...ChangesSale,
    /** A scanned barcode or an SKU, as the scanner or the product tile gives it. */
    code: z.string().trim().min(1).max(40),
    /** What `code` is; absent: a barcode, or else an SKU (a scanner may read either). */
    by: z.enum(['barcode', 'sku']).optional(),
    quantity: Quantity.optional(),
  })
  .strict();

export const AddOpenItemSchema = z
  .object({
    ...ChangesSale,
    /** The open item's key from the configuration (`selling.openItems[].sku`). */
    sku: z.string().trim().min(1).max(40),
    /** The price typed for it, VAT included. */
    priceMinor: PositiveMinor,
    quantity: Quantity.optional(),
  })
  .strict();

export const SetQuantitySchema = z
  .object({ ...ChangesSale, lineId: LineId, quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY) })
  .strict();

export const RemoveLineSchema = z.object({ ...ChangesSale, lineId: LineId }).strict();

export const SetDiscountSchema = z
  .object({
    ...ChangesSale,
    lineId: LineId,
    /** null clears the line's discount. */
    discount: LineDiscountSchema.nullable(),
    approval: ApprovalSchema.optional(),
  })
  .strict();

export const OverridePriceSchema = z
  .object({
    ...ChangesSale,
    lineId: LineId,
    /** VAT included; null goes back to the catalogue's price. */
    priceMinor: MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative').nullable(),
    approval: ApprovalSchema.optional(),
  })
  .strict();

export const PayCashSchema = z.object({ ...ChangesSale, tenderedMinor: PositiveMinor }).strict();

export const SaleRefSchema = z.object(OnSale).strict();

export const ParkSchema = z
  .object({
    ...OnSale,
    /** A word from the cashier to find it again by: "man in blue coat". */
    note: z.string().trim().max(60).optional(),
  })
  .strict();

export const VoidSchema = z
  .object({
    ...OnSale,
    reason: z.string().trim().max(200).optional(),
    /** A sale a card has paid for is given up only by a manager, or with a manager's approval. */
    approval: ApprovalSchema.optional(),
  })
  .strict();

/**
 * What every sale command answers: the sale on the till now and, when the
 * command finished one (the last of the money came in), that sale as
 * recorded. After a finish, a park or a void, `sale` is the next, empty one.
 */
export const SaleStepSchema = z.object({
  /** The sale now. With `linesSince`, its `lines` are only those added or changed since that revision. */
  sale: OpenSaleViewSchema,
  /** Present only when the request named the revision the screen holds and the answer is a change to it. */
  linesSince: z.object({ revision: z.number().int().min(0), removed: z.array(z.string()) }).optional(),
  /** The line the command added or changed (a rescan raises an earlier line), for the screen to select. */
  lineId: z.string().optional(),
  finished: FinishedSaleSchema.optional(),
});
export type SaleStep = z.infer<typeof SaleStepSchema>;

export const ParkedListSchema = z.array(ParkedSaleSchema);

/** A key for goods without a code, as the screen offers it: the cashier types the price, up to the maximum. */
export const OpenItemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  vatBasisPoints: z.number().int().min(0).max(10_000),
  maxPriceMinor: MinorUnitsSchema,
});
export type OpenItem = z.infer<typeof OpenItemSchema>;
