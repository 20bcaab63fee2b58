import { z } from 'zod';
import { AMOUNT_PATTERN } from './money.ts';

/**
 * What the simulator reads from a request, checked at the HTTP boundary.
 * POST parameters arrive form-encoded, so every value is a string; GET and
 * DELETE carry theirs in the query. Unknown parameters pass unread, as OPP
 * takes many more (customParameters, billing, risk…) than Kassa sends.
 */

const EntityId = z.string().min(1).max(32);
const Amount = z.string().regex(AMOUNT_PATTERN, 'an amount like 12.34');
const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const MerchantTransactionId = z.string().min(1).max(255);

export const EntityQuerySchema = z.object({ entityId: EntityId });

export const QueryByReferenceSchema = z.object({ entityId: EntityId, merchantTransactionId: MerchantTransactionId });

/** `POST /v1/payments`: a card debit or pre-authorisation, the way a webshop (here: a test) sends it. */
export const PaymentFormSchema = z.object({
  entityId: EntityId,
  amount: Amount,
  currency: Currency,
  paymentType: z.enum(['DB', 'PA']),
  paymentBrand: z.string().regex(/^[A-Z0-9_]{1,32}$/, 'a brand such as VISA'),
  'card.number': z.string().regex(/^\d{12,19}$/, '12 to 19 digits'),
  'card.holder': z.string().min(1).max(128).optional(),
  'card.expiryMonth': z.string().regex(/^(0[1-9]|1[0-2])$/, 'MM'),
  'card.expiryYear': z.string().regex(/^\d{4}$/, 'YYYY'),
  'card.cvv': z
    .string()
    .regex(/^\d{3,4}$/, '3 or 4 digits')
    .optional(),
  merchantTransactionId: MerchantTransactionId.optional(),
});
export type PaymentForm = z.infer<typeof PaymentFormSchema>;

const BackOfficeBase = { entityId: EntityId, merchantTransactionId: MerchantTransactionId.optional() };

/** `POST /v1/payments/{id}`: capture, refund (both with an amount) or reversal (without). */
export const BackOfficeFormSchema = z.discriminatedUnion('paymentType', [
  z.object({ ...BackOfficeBase, paymentType: z.literal('CP'), amount: Amount, currency: Currency }),
  z.object({ ...BackOfficeBase, paymentType: z.literal('RF'), amount: Amount, currency: Currency }),
  z.object({ ...BackOfficeBase, paymentType: z.literal('RV') }),
]);
export type BackOfficeForm = z.infer<typeof BackOfficeFormSchema>;

/** `POST /v1/paybylink` (Kassa's path, docs/OPP.md). ACI's default lifetime is 90 days. */
export const LinkFormSchema = z.object({
  entityId: EntityId,
  amount: Amount,
  currency: Currency,
  paymentType: z.enum(['DB', 'PA']),
  merchantTransactionId: MerchantTransactionId,
  validUntil: z
    .string()
    .regex(/^[1-9]\d{0,3}$/, 'a whole number from 1')
    .default('90'),
  validUntilUnit: z.enum(['HOUR', 'DAY']).default('DAY'),
});
export type LinkForm = z.infer<typeof LinkFormSchema>;

/** The customer's page posts the card number (spaces allowed, as people type it). */
export const PayPageFormSchema = z.object({
  cardNumber: z
    .string()
    .transform((text) => text.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, '12 to 19 digits'))
    .optional(),
});

/** Control API: pay a link as the shopper, with another card than the prefilled one if wanted. */
export const ControlPaySchema = z
  .object({
    cardNumber: z
      .string()
      .regex(/^\d{12,19}$/)
      .optional(),
  })
  .strict();
export type ControlPay = z.infer<typeof ControlPaySchema>;

export const ControlWebhookUrlSchema = z.object({ url: z.url().nullable() }).strict();
