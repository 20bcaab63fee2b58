import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { CardDetailsSchema } from '../payments/payment-state.ts';
import { TerminalReceiptsSchema } from '../payments/terminal-receipt.ts';
import { DrawerResultSchema, PrintJobViewSchema } from '../printing/print-job.ts';
import { CartLineSchema, lineAmounts, MAX_LINE_QUANTITY, type CartLine } from './cart.ts';

/**
 * A finished sale as main records it and hands it back: the record a receipt
 * is printed from. Main builds it from its own open sale, recomputes every
 * total from the lines and takes every card tender from the payment journal.
 */

export const SaleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,36}$/, 'must be 1–36 letters, digits, dots, dashes or underscores');

/** A cart never holds more lines than this; a longer sale is split by the cashier. */
export const MAX_SALE_LINES = 1_000;

export const RecordedTenderSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('card'),
    attemptId: z.string(),
    amountMinor: MinorUnitsSchema,
    terminalReference: z.string().optional(),
    card: CardDetailsSchema.optional(),
    /** What the terminal printed for this payment, to go on the till's receipt. */
    receipts: TerminalReceiptsSchema.optional(),
    /** Paid by a payment link on the customer's phone (the online gateway), not on the card terminal. */
    byLink: z.literal(true).optional(),
  }),
  z.object({
    kind: z.literal('cash'),
    tenderedMinor: MinorUnitsSchema,
    amountMinor: MinorUnitsSchema,
    changeMinor: MinorUnitsSchema,
    /** Cash rounding on this tender (tendered = amount + rounding + change); absent when none. */
    roundingMinor: MinorUnitsSchema.optional(),
  }),
]);
export type RecordedTender = z.infer<typeof RecordedTenderSchema>;

export const VatRowSchema = z.object({
  vatBasisPoints: z.number().int(),
  grossMinor: MinorUnitsSchema,
  vatMinor: MinorUnitsSchema,
  netMinor: MinorUnitsSchema,
});

export const CompletedSaleSchema = z.object({
  saleId: SaleIdSchema,
  /** `<till id>-<sequence>`, unique on this till, printed on the receipt. */
  receiptNumber: z.string(),
  completedAt: z.iso.datetime(),
  tillId: z.string(),
  currency: CurrencyCodeSchema,
  lines: z.array(
    CartLineSchema.extend({
      /** What the line came to after override and discount. */
      totalMinor: MinorUnitsSchema,
      discountMinor: MinorUnitsSchema,
    }),
  ),
  totalMinor: MinorUnitsSchema,
  discountMinor: MinorUnitsSchema,
  itemCount: z
    .number()
    .int()
    .min(1)
    .max(MAX_LINE_QUANTITY * MAX_SALE_LINES),
  vat: z.array(VatRowSchema),
  tenders: z.array(RecordedTenderSchema),
  /** Cash to hand back to the customer. */
  changeMinor: MinorUnitsSchema,
  /**
   * Cash rounding (a till with `selling.cashRounding`): what the cash paid
   * above the total, or below it when negative; the sale's total and VAT stay
   * exact. Absent when nothing was rounded. Never from a card.
   */
  roundingMinor: MinorUnitsSchema.optional(),
});
export type CompletedSale = z.infer<typeof CompletedSaleSchema>;

/** A cart line as a completed sale records it: with what it came to after override and discount. */
export function recordedLine(line: CartLine): CompletedSale['lines'][number] {
  const amounts = lineAmounts(line);
  return { ...line, totalMinor: amounts.totalMinor, discountMinor: amounts.discountMinor };
}

/**
 * What `sales.complete` answers: the recorded sale, what the cash drawer did
 * and where its receipt is. The drawer and the printer are hardware, so their
 * outcome is not part of the sale's permanent record.
 */
export const FinishedSaleSchema = z.object({
  sale: CompletedSaleSchema,
  drawer: DrawerResultSchema,
  /** The receipt's print job; null when the till has no printer. */
  receipt: PrintJobViewSchema.nullable(),
});
export type FinishedSale = z.infer<typeof FinishedSaleSchema>;

export const ParkedSaleSchema = z.object({
  saleId: SaleIdSchema,
  parkedAt: z.iso.datetime(),
  note: z.string().optional(),
  lineCount: z.number().int().min(1),
  totalMinor: MinorUnitsSchema,
  /** The name of whoever parked it, on a till with staff. */
  parkedBy: z.string().optional(),
  /** Parked by main when its cashier locked the till (or it locked itself): it comes back when they log in. */
  atLock: z.boolean().optional(),
});
export type ParkedSale = z.infer<typeof ParkedSaleSchema>;
