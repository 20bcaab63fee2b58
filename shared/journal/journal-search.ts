import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import {
  AttemptKindSchema,
  CardDetailsSchema,
  PaymentAttemptViewSchema,
  PaymentStateSchema,
} from '../payments/payment-state.ts';
import { PrintJobViewSchema } from '../printing/print-job.ts';
import { RefundableSchema, RefundViewSchema } from '../refunds/refund.ts';
import { CompletedSaleSchema } from '../sale/completed-sale.ts';

/**
 * Looking back through the journal: find a finished sale by its receipt
 * number, a time range, its amount or the last four digits of the card that
 * paid, and see everything the till knows about it.
 */

export const JournalSearchSchema = z
  .object({
    receiptNumber: z.string().trim().min(1).max(40).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    amountMinor: MinorUnitsSchema.refine((amount) => amount >= 0, 'cannot be negative').optional(),
    cardLast4: z
      .string()
      .regex(/^\d{4}$/, 'four digits')
      .optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
export type JournalSearch = z.input<typeof JournalSearchSchema>;

export const SaleSummarySchema = z.object({
  receiptNumber: z.string(),
  saleId: z.string(),
  completedAt: z.iso.datetime(),
  currency: CurrencyCodeSchema,
  totalMinor: MinorUnitsSchema,
  itemCount: z.number().int(),
  cards: z.array(CardDetailsSchema),
  paidInCash: z.boolean(),
});
export type SaleSummary = z.infer<typeof SaleSummarySchema>;

export const AttemptEventViewSchema = z.object({
  at: z.iso.datetime(),
  from: PaymentStateSchema.optional(),
  to: PaymentStateSchema,
  /** In words: why, what the terminal said, who. */
  note: z.string(),
});

/** What a sale's attempts ask of the card: a deposit's hold, capture and release never belong to a sale. */
export const SaleAttemptKindSchema = AttemptKindSchema.extract(['payment', 'reversal', 'refund']);

export const AttemptHistorySchema = PaymentAttemptViewSchema.extend({
  kind: SaleAttemptKindSchema.optional(),
  events: z.array(AttemptEventViewSchema),
});
export type AttemptHistory = z.infer<typeof AttemptHistorySchema>;

export const SaleDetailSchema = z.object({
  sale: CompletedSaleSchema,
  /** Every card attempt of the sale, declined and cancelled ones too, with its history. */
  attempts: z.array(AttemptHistorySchema),
  printJobs: z.array(PrintJobViewSchema),
  refunds: z.array(RefundViewSchema),
  refundable: RefundableSchema,
});
export type SaleDetail = z.infer<typeof SaleDetailSchema>;
