import { z } from 'zod';
import { isWorldnetDateTime } from './datetime.ts';

/**
 * Everything the simulator reads from a request, checked at the HTTP
 * boundary. Messages name the field, since the hosted page's 400 and the
 * REST API's error details say which check failed.
 */

/** A form field that must be there and not be empty. */
const required = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is missing` : `${name} must be text`) })
    .min(1, `${name} is missing`);

/** An optional URL field: absent, or an http(s) URL (an empty value is a mistake, not an absence). */
const optionalUrl = (name: string) =>
  z
    .string()
    .refine((text) => /^https?:\/\//i.test(text) && URL.canParse(text), `${name} must be an http or https URL`)
    .optional();

/**
 * The hosted payment page's request (POST form or GET query). CURRENCY and
 * AMOUNT are checked against each other afterwards (`amounts.ts`); unknown
 * fields (DESCRIPTION, custom fields) pass unread, as Worldnet takes many
 * more than Kassa sends.
 */
export const PaymentPageRequestSchema = z.object({
  TERMINALID: required('TERMINALID').max(50, 'TERMINALID must be at most 50 characters'),
  ORDERID: required('ORDERID').max(24, 'ORDERID must be at most 24 characters'),
  CURRENCY: required('CURRENCY'),
  AMOUNT: required('AMOUNT'),
  DATETIME: required('DATETIME').refine(
    isWorldnetDateTime,
    'DATETIME must be DD-MM-YYYY:HH:MM:SS:SSS (day and month of one or two digits) and a real date',
  ),
  HASH: required('HASH').regex(/^[0-9a-f]{128}$/, 'HASH must be 128 lowercase hexadecimal characters (SHA-512)'),
  RECEIPTPAGEURL: optionalUrl('RECEIPTPAGEURL'),
  VALIDATIONURL: optionalUrl('VALIDATIONURL'),
  AUTOREADY: z.enum(['Y', 'N'], { error: 'AUTOREADY must be Y or N' }).optional(),
});
export type PaymentPageRequest = z.infer<typeof PaymentPageRequestSchema>;

/** What the page's buttons post. */
export const PageActionSchema = z.object({ action: z.enum(['pay', 'cancel']) });

const ResponseCodeSchema = z.enum(['A', 'E', 'D', 'R', 'C']);

/** Control API: pay an order as the customer would, with a chosen result instead of the amount's. */
export const ControlPaySchema = z
  .object({
    responseCode: ResponseCodeSchema.optional(),
    /** RESPONSETEXT is 0–48 characters; empty is hashed in the dropped form. */
    responseText: z.string().max(48).optional(),
  })
  .strict()
  .refine((pay) => pay.responseText === undefined || pay.responseCode !== undefined, {
    error: 'responseText needs a responseCode',
  });
export type ControlPay = z.infer<typeof ControlPaySchema>;

export const HttpUrlSchema = z
  .string()
  .refine((text) => /^https?:\/\//i.test(text) && URL.canParse(text), 'an http or https URL');

export const ControlValidationUrlSchema = z.object({ url: HttpUrlSchema.nullable() }).strict();

/** A week is far beyond any schedule worth simulating; twenty retries likewise. */
const RetryDelaySchema = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);
export const RetryScheduleSchema = z.array(RetryDelaySchema).max(20);
export const ControlRetryScheduleSchema = z.object({ delaysMs: RetryScheduleSchema }).strict();

/** `POST …/transaction/payments/{uniqueReference}/refunds`. A missing refundReason is a 422, checked before this. */
export const RefundRequestSchema = z.object({
  refundAmount: z.number().positive(),
  refundReason: z.string().min(1).max(100),
  operator: z.string().min(1).max(50).optional(),
});
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

const IsoDate = z
  .string()
  .refine(
    (text) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text),
    'an ISO 8601 date or date-time',
  )
  .refine((text) => !Number.isNaN(Date.parse(text)), 'a real date');

/** `GET …/transaction/transactions`: `terminal` required, the rest filters. */
export const TransactionSearchSchema = z.object({
  terminal: z.string({ error: 'terminal is required' }).min(1, 'terminal is required'),
  afterDate: IsoDate.optional(),
  beforeDate: IsoDate.optional(),
  batchType: z.enum(['OPEN', 'CLOSED']).optional(),
  resourceType: z.enum(['PAYMENT', 'REFUND']).optional(),
  orderId: z.string().min(1).optional(),
  uniqueReference: z.string().min(1).optional(),
  operator: z.string().min(1).optional(),
  statusGroup: z.enum(['APPROVAL', 'REVERSAL', 'ACCEPTED', 'DECLINED', 'REFERRAL']).optional(),
  pageSize: z
    .string()
    .regex(/^\d{1,3}$/, 'a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'at least 1').max(100, 'at most 100'))
    .default(10),
  next: z
    .string()
    .regex(/^\d{1,9}$/, 'the next value of a previous page')
    .transform(Number)
    .optional(),
});
export type TransactionSearch = z.infer<typeof TransactionSearchSchema>;
