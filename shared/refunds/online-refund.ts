import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { CardDetailsSchema } from '../payments/payment-state.ts';
import { ManagerApprovalSchema } from '../staff/staff.ts';
import { RefundReasonSchema } from './refund.ts';

/**
 * Refunds of payments made online (a webshop order, a link paid on a phone),
 * given at the till: "omnichannel returns". The manager names the payment by
 * the gateway's payment id or by its merchant reference; main asks the
 * gateway what was paid and what has gone back already, and refunds to the
 * card that paid, capped at what is left. The gateway, not the screen, says
 * what the payment is worth.
 */

/** A gateway payment id (Worldline Direct: digits, maybe with its `_0` operation) or a merchant reference. */
export const OnlinePaymentReferenceSchema = z
  .string()
  .trim()
  .min(1, 'type the payment id or the order reference')
  .max(40, 'a payment id or order reference has at most 40 characters')
  .regex(/^[\x21-\x7e]+$/, 'a payment id or order reference has no spaces or special characters');

export const FindOnlinePaymentSchema = z
  .object({ reference: OnlinePaymentReferenceSchema, approval: ManagerApprovalSchema.optional() })
  .strict();

/** One refund the gateway knows of on the payment, or one this till has on its way. */
export const OnlineRefundSeenSchema = z.object({
  amountMinor: MinorUnitsSchema,
  /** requested: asked for, not final yet (REFUND_REQUESTED); refunded: final; rejected: no money went back. */
  state: z.enum(['requested', 'refunded', 'rejected']),
  /** This till's refund number, when it was given here. */
  refundNumber: z.string().optional(),
});

/** What the gateway says of a payment, as the manager sees it before refunding. */
export const OnlinePaymentViewSchema = z.object({
  gateway: z.string(),
  /** The gateway's payment id, without an operation suffix: what a refund quotes. */
  paymentId: z.string(),
  merchantReference: z.string().optional(),
  currency: CurrencyCodeSchema,
  /** What the customer paid. */
  paidMinor: MinorUnitsSchema,
  /** Gone back for good. */
  refundedMinor: MinorUnitsSchema,
  /** Asked for and not final yet: counts against what is left. */
  requestedMinor: MinorUnitsSchema,
  /** What can still go back: paid less refunded less requested; 0 when the payment cannot be refunded. */
  refundableMinor: MinorUnitsSchema,
  card: CardDetailsSchema.optional(),
  /** When it was paid by link at this till: that sale's receipt. */
  receiptNumber: z.string().optional(),
  refunds: z.array(OnlineRefundSeenSchema),
  /** What the manager should read: why nothing can go back, or how much can. */
  message: z.string(),
});
export type OnlinePaymentView = z.infer<typeof OnlinePaymentViewSchema>;

export const StartOnlineRefundSchema = z
  .object({
    /** As `refunds.findOnline` answered it; main asks the gateway again before any money moves. */
    paymentId: OnlinePaymentReferenceSchema,
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero'),
    reason: RefundReasonSchema,
    approval: ManagerApprovalSchema.optional(),
  })
  .strict();
export type StartOnlineRefund = z.infer<typeof StartOnlineRefundSchema>;
