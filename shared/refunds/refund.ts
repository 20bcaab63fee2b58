import { z } from 'zod';
import { TillModeSchema } from '../config/schema.ts';
import { CurrencyCodeSchema, divideRounded, MinorUnitsSchema, scaleRounded } from '../money.ts';
import { CardDetailsSchema, PaymentAttemptViewSchema } from '../payments/payment-state.ts';
import { TerminalReceiptsSchema } from '../payments/terminal-receipt.ts';
import { BASIS_POINTS } from '../sale/cart.ts';
import { VatRowSchema, type CompletedSale } from '../sale/completed-sale.ts';
import { ManagerApprovalSchema } from '../staff/staff.ts';

/**
 * Refunds: what a manager asks for, how the till plans it, and the record it
 * keeps. The arithmetic lives here, pure, so the screen and main cannot
 * disagree about what a line is worth when part of it goes back.
 *
 * A refund with an original sale gives money back on that sale's tenders:
 * card tenders first, each by a referenced refund to the card that paid,
 * capped at what is left on it; the rest in cash, capped at the cash taken.
 * A refund without an original (an unreferenced card refund) is a manager's
 * decision with a reason, and goes to whatever card the customer presents.
 */

export const RefundReasonSchema = z
  .string()
  .trim()
  .min(3, 'say why the money goes back (at least 3 characters)')
  .max(200);

export const RefundLineRequestSchema = z
  .object({
    /** The line's position on the original receipt, from 0. */
    lineIndex: z.number().int().min(0).max(999),
    quantity: z.number().int().min(1).max(9_999),
  })
  .strict();

export const StartRefundSchema = z
  .object({
    receiptNumber: z.string().min(1).max(40),
    /** The lines and quantities coming back; or, with none, `amountMinor` as a goodwill amount. */
    lines: z.array(RefundLineRequestSchema).max(1_000).optional(),
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero').optional(),
    reason: RefundReasonSchema,
    /** A cashier gives money back only with a manager's name and PIN. */
    approval: ManagerApprovalSchema.optional(),
  })
  .strict()
  .refine((request) => (request.lines ?? []).length > 0 !== (request.amountMinor !== undefined), {
    message: 'refund either lines or an amount, not both and not neither',
  });
export type StartRefund = z.infer<typeof StartRefundSchema>;

export const StartUnreferencedRefundSchema = z
  .object({
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero'),
    reason: RefundReasonSchema,
    /** The manager saw the amount and the terminal on the confirmation and said yes. */
    confirmed: z.literal(true),
    approval: ManagerApprovalSchema.optional(),
  })
  .strict();

/** One line coming back, at what the customer paid for it. */
export const RefundLineSchema = z.object({
  lineIndex: z.number().int().min(0),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().min(1),
  vatBasisPoints: z.number().int(),
  amountMinor: MinorUnitsSchema,
});
export type RefundLine = z.infer<typeof RefundLineSchema>;

/** Where a part of the money goes back: one card payment (by reference), any card, or the drawer. */
export const RefundPartPlanSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('card'), originalAttemptId: z.string(), amountMinor: MinorUnitsSchema }),
  z.object({ kind: z.literal('any_card'), amountMinor: MinorUnitsSchema }),
  z.object({ kind: z.literal('cash'), amountMinor: MinorUnitsSchema }),
  /** A payment made online (a webshop order, a link): back to the card that paid, by the gateway. */
  z.object({
    kind: z.literal('online'),
    gateway: z.string(),
    paymentId: z.string(),
    amountMinor: MinorUnitsSchema,
    card: CardDetailsSchema.optional(),
  }),
]);
export type RefundPartPlan = z.infer<typeof RefundPartPlanSchema>;

export const RefundPlanSchema = z.object({
  originalReceiptNumber: z.string().optional(),
  currency: CurrencyCodeSchema,
  /** Empty for an amount refund and for a refund without an original. */
  lines: z.array(RefundLineSchema),
  totalMinor: MinorUnitsSchema,
  vat: z.array(VatRowSchema),
  parts: z.array(RefundPartPlanSchema).min(1),
});
export type RefundPlan = z.infer<typeof RefundPlanSchema>;

export const RecordedRefundTenderSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('card'),
    attemptId: z.string(),
    amountMinor: MinorUnitsSchema,
    /** The payment it went back on; absent for a refund to any card. */
    originalAttemptId: z.string().optional(),
    terminalReference: z.string().optional(),
    card: CardDetailsSchema.optional(),
    receipts: TerminalReceiptsSchema.optional(),
  }),
  z.object({ kind: z.literal('cash'), amountMinor: MinorUnitsSchema }),
  /** Money back on a payment made online, by its gateway: the day shows it on its own line. */
  z.object({
    kind: z.literal('online'),
    attemptId: z.string(),
    amountMinor: MinorUnitsSchema,
    gateway: z.string(),
    paymentId: z.string(),
    card: CardDetailsSchema.optional(),
  }),
]);
export type RecordedRefundTender = z.infer<typeof RecordedRefundTenderSchema>;

/** A finished refund as its receipt shows it; written once, never changed. */
export const CompletedRefundSchema = z.object({
  refundId: z.string(),
  /** `<till id>-R<sequence>`, gap-free, printed on the refund receipt. */
  refundNumber: z.string(),
  originalReceiptNumber: z.string().optional(),
  completedAt: z.iso.datetime(),
  tillId: z.string(),
  mode: TillModeSchema,
  currency: CurrencyCodeSchema,
  lines: z.array(RefundLineSchema),
  totalMinor: MinorUnitsSchema,
  vat: z.array(VatRowSchema),
  tenders: z.array(RecordedRefundTenderSchema),
  reason: z.string(),
  /** Who gave the money back. */
  by: z.string().optional(),
});
export type CompletedRefund = z.infer<typeof CompletedRefundSchema>;

export const RefundStateSchema = z.enum(['open', 'completed', 'cancelled']);

export const RefundPartViewSchema = z.object({
  kind: z.enum(['card', 'any_card', 'cash', 'online']),
  amountMinor: MinorUnitsSchema,
  /** card: the original payment's card, to show which card the money goes to. */
  card: CardDetailsSchema.optional(),
  /** done: the money went back; waiting: a card refund is at the terminal; failed: it did not, see `attempt`. */
  state: z.enum(['to_do', 'waiting', 'done', 'failed', 'needs_attention']),
  attempt: PaymentAttemptViewSchema.optional(),
});
export type RefundPartView = z.infer<typeof RefundPartViewSchema>;

export const RefundViewSchema = z.object({
  refundId: z.string(),
  state: RefundStateSchema,
  refundNumber: z.string().optional(),
  originalReceiptNumber: z.string().optional(),
  currency: CurrencyCodeSchema,
  totalMinor: MinorUnitsSchema,
  lines: z.array(RefundLineSchema),
  parts: z.array(RefundPartViewSchema),
  reason: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().optional(),
  completedAt: z.iso.datetime().optional(),
  /** What the manager should read and do now. */
  message: z.string(),
});
export type RefundView = z.infer<typeof RefundViewSchema>;

/** What is still refundable on a sale, line by line and tender by tender. */
export const RefundableSchema = z.object({
  lines: z.array(
    z.object({ lineIndex: z.number().int(), soldQuantity: z.number().int(), refundableQuantity: z.number().int() }),
  ),
  tenders: z.array(
    z.object({
      kind: z.enum(['card', 'cash']),
      attemptId: z.string().optional(),
      card: CardDetailsSchema.optional(),
      paidMinor: MinorUnitsSchema,
      refundableMinor: MinorUnitsSchema,
    }),
  ),
  totalMinor: MinorUnitsSchema,
});
export type Refundable = z.infer<typeof RefundableSchema>;

// ── the arithmetic ─────────────────────────────────────────────────────────

/**
 * What `quantity` more units of a line come to when `alreadyRefunded` units
 * went back before: the difference of two cumulative shares of the line's
 * total, each rounded by the till's one rule. Refunding a line unit by unit
 * therefore adds up to exactly what was paid for it, never a cent more.
 */
export function lineRefundAmount(
  line: Pick<CompletedSale['lines'][number], 'totalMinor' | 'quantity'>,
  alreadyRefunded: number,
  quantity: number,
): number {
  if (alreadyRefunded + quantity > line.quantity) throw new RangeError('more units than were sold');
  const share = (units: number) => scaleRounded(line.totalMinor, units, line.quantity);
  return share(alreadyRefunded + quantity) - share(alreadyRefunded);
}

/** VAT rows for an amount per rate, worked out as a sale's are: once per rate, VAT included. */
export function vatRows(grossByRate: ReadonlyMap<number, number>): z.infer<typeof VatRowSchema>[] {
  return [...grossByRate]
    .map(([vatBasisPoints, grossMinor]) => {
      const vatMinor = divideRounded(grossMinor * vatBasisPoints, BASIS_POINTS + vatBasisPoints);
      return { vatBasisPoints, grossMinor, vatMinor, netMinor: grossMinor - vatMinor };
    })
    .sort((a, b) => a.vatBasisPoints - b.vatBasisPoints);
}

/**
 * An amount given back without lines (goodwill, a price match) is spread over
 * the VAT rates in proportion to what is left at each (pass the sale's rows
 * less what earlier refunds gave back), so the VAT return stays right. The
 * shares are differences of cumulative shares, each rounded by the till's one
 * rule, so they add up to the amount exactly and none is negative or more
 * than its rate holds.
 */
export function spreadOverRates(
  amountMinor: number,
  sale: Pick<CompletedSale, 'vat' | 'totalMinor'>,
): Map<number, number> {
  const spread = new Map<number, number>();
  const rows = sale.vat.filter((row) => row.grossMinor > 0);
  if (rows.length === 0 || sale.totalMinor === 0) return new Map([[sale.vat[0]?.vatBasisPoints ?? 0, amountMinor]]);
  let cumulative = 0;
  let given = 0;
  for (const row of rows) {
    cumulative += row.grossMinor;
    const upTo = scaleRounded(amountMinor, cumulative, sale.totalMinor);
    spread.set(row.vatBasisPoints, upTo - given);
    given = upTo;
  }
  return spread;
}

/**
 * Splits a refund over the sale's tenders: cards first (in the order they
 * paid), each up to what is left on it, then cash up to what is left of the
 * cash taken. Undefined when the tenders cannot cover it.
 */
export function planParts(
  amountMinor: number,
  tenders: readonly { kind: 'card' | 'cash'; attemptId?: string | undefined; refundableMinor: number }[],
): RefundPartPlan[] | undefined {
  const parts: RefundPartPlan[] = [];
  let left = amountMinor;
  for (const tender of tenders.filter((t) => t.kind === 'card')) {
    if (left === 0) break;
    const take = Math.min(left, tender.refundableMinor);
    if (take > 0 && tender.attemptId !== undefined) {
      parts.push({ kind: 'card', originalAttemptId: tender.attemptId, amountMinor: take });
      left -= take;
    }
  }
  const cash = tenders.filter((t) => t.kind === 'cash').reduce((sum, t) => sum + t.refundableMinor, 0);
  if (left > 0 && cash > 0) {
    const take = Math.min(left, cash);
    parts.push({ kind: 'cash', amountMinor: take });
    left -= take;
  }
  return left === 0 ? parts : undefined;
}
