import { z } from 'zod';

/**
 * How Adyen's cloud reads a `SaleToPOIRequest`: the simulator's own schemas,
 * written from `TerminalAPI-v1.yaml` and Adyen's error-scenario docs, not
 * shared with Kassa's payment client. Objects are loose (Adyen ignores fields
 * it does not use); a missing or wrong field is reported the way Adyen words
 * it in `AdditionalResponse`: `errors=At SaleToPOIRequest.PaymentRequest.
 * PaymentTransaction.AmountsReq, field Currency: Missing`.
 */

const Text = z.string().min(1);
const DateTime = z.iso.datetime({ offset: true });

/** Cloud ServiceIDs: 1–10 alphanumeric characters (Adyen staff, adyen-node-api-library #1036). */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9]{1,10}$/;

export const MessageHeaderSchema = z.looseObject({
  ProtocolVersion: z.string().optional(),
  MessageClass: z.enum(['Service', 'Device', 'Event']),
  MessageCategory: z.string().min(1),
  MessageType: z.literal('Request'),
  ServiceID: z.string().regex(SERVICE_ID_PATTERN, 'Invalid value, must be 1-10 alphanumeric characters'),
  SaleID: Text,
  POIID: Text,
});
export type RequestHeader = z.infer<typeof MessageHeaderSchema>;

const TransactionIdentificationSchema = z.looseObject({ TransactionID: Text, TimeStamp: DateTime });

const SaleDataSchema = z.looseObject({
  SaleTransactionID: TransactionIdentificationSchema,
  SaleToAcquirerData: z.string().optional(),
  SaleReferenceID: z.string().optional(),
});

const MajorAmount = z.number().positive('Invalid value, must be positive').max(99_999_999.999999);

export const PaymentRequestSchema = z.looseObject({
  SaleData: SaleDataSchema,
  PaymentTransaction: z.looseObject({
    AmountsReq: z.looseObject({
      Currency: z.string().regex(/^[A-Z]{3}$/, 'Invalid value, must be an ISO 4217 code'),
      RequestedAmount: MajorAmount,
    }),
  }),
  PaymentData: z.looseObject({ PaymentType: z.enum(['Normal', 'Refund']).optional() }).optional(),
});
export type ParsedPaymentRequest = z.infer<typeof PaymentRequestSchema>;

export const ReversalRequestSchema = z.looseObject({
  OriginalPOITransaction: z.looseObject({
    POITransactionID: TransactionIdentificationSchema,
    POIID: z.string().optional(),
  }),
  ReversalReason: z.enum(['CustCancel', 'Malfunction', 'MerchantCancel', 'Unable2Compl']),
  ReversedAmount: MajorAmount.optional(),
  SaleData: SaleDataSchema.optional(),
});
export type ParsedReversalRequest = z.infer<typeof ReversalRequestSchema>;

const MessageReferenceSchema = z.looseObject({
  MessageCategory: z.enum(['Payment', 'Reversal', 'StoredValue', 'CardAcquisition', 'Input']).optional(),
  SaleID: z.string().optional(),
  ServiceID: z.string().optional(),
  POIID: z.string().optional(),
});

export const TransactionStatusRequestSchema = z.looseObject({
  ReceiptReprintFlag: z.boolean().optional(),
  DocumentQualifier: z.array(z.enum(['CashierReceipt', 'CustomerReceipt'])).optional(),
  MessageReference: MessageReferenceSchema.optional(),
});
export type ParsedTransactionStatusRequest = z.infer<typeof TransactionStatusRequestSchema>;

export const AbortRequestSchema = z.looseObject({
  AbortReason: Text,
  MessageReference: MessageReferenceSchema.extend({ ServiceID: Text }),
});
export type ParsedAbortRequest = z.infer<typeof AbortRequestSchema>;

const SUPPORTED_CATEGORIES = ['Payment', 'Reversal', 'TransactionStatus', 'Abort'] as const;
export type SupportedCategory = (typeof SUPPORTED_CATEGORIES)[number];

export function isSupportedCategory(category: string): category is SupportedCategory {
  return (SUPPORTED_CATEGORIES as readonly string[]).includes(category);
}

export type ParsedBody =
  | { category: 'Payment'; body: ParsedPaymentRequest }
  | { category: 'Reversal'; body: ParsedReversalRequest }
  | { category: 'TransactionStatus'; body: ParsedTransactionStatusRequest }
  | { category: 'Abort'; body: ParsedAbortRequest };

/** Reads the body a category must carry (`PaymentRequest` for Payment, …); errors in Adyen's wording. */
export function parseBody(
  category: SupportedCategory,
  message: Readonly<Record<string, unknown>>,
): { ok: true; parsed: ParsedBody } | { ok: false; errors: string } {
  const read = <T>(field: string, schema: z.ZodType<T>) => {
    // reportInput: without it zod leaves `input` off every issue, and a wrong type would read as Missing.
    const result = schema.safeParse(message[field], { reportInput: true });
    return result.success
      ? { ok: true as const, body: result.data }
      : { ok: false as const, errors: adyenErrors(`SaleToPOIRequest.${field}`, result.error) };
  };
  switch (category) {
    case 'Payment': {
      const result = read('PaymentRequest', PaymentRequestSchema);
      return result.ok ? { ok: true, parsed: { category, body: result.body } } : result;
    }
    case 'Reversal': {
      const result = read('ReversalRequest', ReversalRequestSchema);
      return result.ok ? { ok: true, parsed: { category, body: result.body } } : result;
    }
    case 'TransactionStatus': {
      const result = read('TransactionStatusRequest', TransactionStatusRequestSchema);
      return result.ok ? { ok: true, parsed: { category, body: result.body } } : result;
    }
    case 'Abort': {
      const result = read('AbortRequest', AbortRequestSchema);
      return result.ok ? { ok: true, parsed: { category, body: result.body } } : result;
    }
  }
}

/** Adyen's wording for one schema problem: `At <object path>, field <name>: Missing`. */
export function describeAsAdyen(prefix: string, issue: z.core.$ZodIssue): string {
  // A problem with the object itself (path []) is reported on its parent: At SaleToPOIRequest, field PaymentRequest.
  const segments = [...prefix.split('.'), ...issue.path.map(String)];
  const field = segments.pop() ?? '';
  const at = segments.join('.');
  // `input` is there only when the parse asked for it (reportInput); absent means unknown, not missing.
  const missing = issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;
  return `At ${at}, field ${field}: ${missing ? 'Missing' : issue.message}`;
}

export function adyenErrors(prefix: string, error: z.ZodError): string {
  return error.issues.map((issue) => describeAsAdyen(prefix, issue)).join('; ');
}
