import { z } from 'zod';

/**
 * The parts of Worldline Direct's JSON the till reads, as zod schemas shared
 * by the webhook reader and the API client. Field names and types follow the
 * official SDK's generated domain types (onlinepayments-sdk-nodejs 6.2.0,
 * `generated/model/domain`), in which every field may be absent or null: a
 * null is read as absent. Objects are loose: Direct adds fields often, and a
 * new field must not turn a payment into an unreadable reply.
 *
 * Amounts are integer minor units on the wire; a fraction is refused, not
 * rounded.
 */

/** Absent or null, read as undefined. */
const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

export const AmountOfMoney = z.looseObject({
  amount: opt(z.number().int()),
  currencyCode: opt(z.string()),
});

export const References = z.looseObject({
  merchantReference: opt(z.string()),
});

export const ApiError = z.looseObject({
  code: opt(z.string()),
  errorCode: opt(z.string()),
  id: opt(z.string()),
  category: opt(z.string()),
  propertyName: opt(z.string()),
  message: opt(z.string()),
  httpStatusCode: opt(z.number()),
});
export type ApiError = z.infer<typeof ApiError>;

/** Direct's error body: `{errorId, errors:[…]}`; also what a refused refund or payment wraps. */
export const ErrorResponse = z.looseObject({
  errorId: opt(z.string()),
  errors: opt(z.array(ApiError)),
});

export const StatusOutput = z.looseObject({
  statusCategory: opt(z.string()),
  statusCode: opt(z.number()),
  isCancellable: opt(z.boolean()),
  isAuthorized: opt(z.boolean()),
  isRefundable: opt(z.boolean()),
  errors: opt(z.array(ApiError)),
});

export const PaymentResponse = z.looseObject({
  id: z.string().min(1),
  status: opt(z.string()),
  statusOutput: opt(StatusOutput),
  paymentOutput: opt(
    z.looseObject({
      amountOfMoney: opt(AmountOfMoney),
      acquiredAmount: opt(AmountOfMoney),
      references: opt(References),
      paymentMethod: opt(z.string()),
    }),
  ),
  hostedCheckoutSpecificOutput: opt(z.looseObject({ hostedCheckoutId: opt(z.string()) })),
});
export type PaymentResponse = z.infer<typeof PaymentResponse>;

export const RefundResponse = z.looseObject({
  id: z.string().min(1),
  status: opt(z.string()),
  statusOutput: opt(StatusOutput),
  refundOutput: opt(
    z.looseObject({
      amountOfMoney: opt(AmountOfMoney),
      references: opt(References),
      operationReferences: opt(References),
    }),
  ),
});
export type RefundResponse = z.infer<typeof RefundResponse>;

export const RefundsResponse = z.looseObject({
  refunds: opt(z.array(RefundResponse)).transform((refunds) => refunds ?? []),
});

export const PaymentLinkEvent = z.looseObject({
  dateTime: opt(z.string()),
  type: opt(z.string()),
  details: opt(z.string()),
});

export const PaymentLinkResponse = z.looseObject({
  paymentLinkId: z.string().min(1),
  redirectionUrl: opt(z.string()),
  status: opt(z.string()),
  expirationDate: opt(z.string()),
  paymentId: opt(z.string()),
  paymentLinkEvents: opt(z.array(PaymentLinkEvent)),
  paymentLinkOrder: opt(
    z.looseObject({
      amount: opt(AmountOfMoney),
      merchantReference: opt(z.string()),
    }),
  ),
  isReusableLink: opt(z.boolean()),
});
export type PaymentLinkResponse = z.infer<typeof PaymentLinkResponse>;

/** A link just made must be showable: its address is required, the rest may follow on a GET. */
export const CreatedPaymentLink = PaymentLinkResponse.extend({
  redirectionUrl: z.string().min(1),
});

export const CancelPaymentResponse = z.looseObject({
  payment: opt(PaymentResponse),
});

export const TestConnection = z.looseObject({
  result: opt(z.string()),
});

/**
 * `3136405348_2` → payment 3136405348, operation 2 (0 the authorisation or
 * sale, then one per capture, refund…). An id without a numeric suffix is
 * its own base, with no operation.
 */
export function splitOperationId(id: string): { readonly base: string; readonly operation: number | undefined } {
  const match = /^(.+)_(\d{1,9})$/.exec(id);
  if (match?.[1] === undefined || match[2] === undefined) return { base: id, operation: undefined };
  return { base: match[1], operation: Number(match[2]) };
}
