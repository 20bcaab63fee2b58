import { z } from 'zod';

/**
 * The request bodies the simulator reads, as Worldline Direct's API
 * (contract 2.461.1) defines them. Only the fields the simulator acts on are
 * checked; others pass unread, as the platform takes many more.
 */

export const AmountOfMoneySchema = z.object({
  amount: z.number().int().min(0).max(999_999_999_999),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
});

const MerchantReference = z.string().min(1).max(40);
const WebhookUrl = z.url().max(325);

const FeedbacksSchema = z.object({
  webhookUrl: WebhookUrl.optional(),
  webhooksUrls: z.array(WebhookUrl).optional(),
});

/** An ISO 8601 date with an explicit UTC offset, as the API demands of an expirationDate. */
const DateWithOffset = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'a date with its UTC offset');

export const CreatePaymentLinkSchema = z.object({
  order: z.object({
    amountOfMoney: AmountOfMoneySchema,
    references: z.object({ merchantReference: MerchantReference.optional() }).optional(),
  }),
  paymentLinkSpecificInput: z
    .object({
      expirationDate: DateWithOffset.optional(),
      description: z.string().max(1000).optional(),
      recipientName: z.string().max(100).optional(),
    })
    .optional(),
  /** Deprecated by Worldline in favour of order.references, still read. */
  paymentLinkOrder: z.object({ merchantReference: MerchantReference.optional() }).optional(),
  feedbacks: FeedbacksSchema.optional(),
  isReusableLink: z.boolean().optional(),
  /** In the API since 2024; the official Node SDK 6.2.0's request schema does not know it yet. */
  displayQRCode: z.boolean().optional(),
});
export type CreatePaymentLinkRequest = z.infer<typeof CreatePaymentLinkSchema>;

export const CreatePaymentSchema = z.object({
  cardPaymentMethodSpecificInput: z.object({
    card: z.object({
      cardNumber: z.string().regex(/^\d{12,19}$/),
      expiryDate: z.string().regex(/^(0[1-9]|1[0-2])\d{2}$/, 'MMYY'),
      cvv: z
        .string()
        .regex(/^\d{3,4}$/)
        .optional(),
      cardholderName: z.string().max(51).optional(),
    }),
    authorizationMode: z.enum(['FINAL_AUTHORIZATION', 'PRE_AUTHORIZATION', 'SALE']).optional(),
    paymentProductId: z.number().int().optional(),
  }),
  order: z.object({
    amountOfMoney: AmountOfMoneySchema,
    references: z.object({ merchantReference: MerchantReference.optional() }).optional(),
  }),
  feedbacks: FeedbacksSchema.optional(),
});
export type CreatePaymentRequest = z.infer<typeof CreatePaymentSchema>;

export const RefundSchema = z.object({
  amountOfMoney: AmountOfMoneySchema.optional(),
  reason: z.string().max(100).optional(),
  omnichannelRefundSpecificInput: z.object({ operatorId: z.string().max(30).optional() }).optional(),
  operationReferences: z.object({ merchantReference: MerchantReference.optional() }).optional(),
});
export type RefundRequest = z.infer<typeof RefundSchema>;

export const CancelPaymentSchema = z.object({
  amountOfMoney: AmountOfMoneySchema.optional(),
  isFinal: z.boolean().optional(),
});

/** Control API: pay a link as the customer would, optionally forcing the outcome. */
export const ControlPaySchema = z
  .object({
    outcome: z.enum(['approved', 'declined']).optional(),
    /**
     * The race a till must survive: the customer's payment was already on its way to the bank when the
     * link was cancelled or expired, and it goes through anyway. The link keeps its end state; the
     * payment is attached to it and its webhook is sent.
     */
    afterLinkEnded: z.boolean().optional(),
    cardNumber: z
      .string()
      .regex(/^\d{12,19}$/)
      .optional(),
  })
  .strict();
export type ControlPay = z.infer<typeof ControlPaySchema>;
