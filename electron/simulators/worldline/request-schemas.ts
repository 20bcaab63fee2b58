import { z } from 'zod';
import { CurrencyCodeSchema, currencyExponent } from '../../../shared/money.ts';
import { MAX_EXACT_MINOR, toMinor } from './amounts.ts';

/**
 * How the simulated cloud reads a `SaleToPOIServiceRequest`: the simulator's
 * own schemas, written from Worldline's migration guide and the third-party
 * clients it was checked against (docs/WORLDLINE.md), not shared with Kassa's
 * payment client. Objects are loose: unknown fields are ignored, as v2 fields
 * sent to v1 would be. Anything wrong is one `400 {"message"}` naming every
 * problem by its path.
 */

/** Written out here rather than imported: a wrong constant in the client must not pass unnoticed. */
export const PROTOCOL_VERSION = '5.1-WL1.0.0';
/** Worldline documents only the minimum (1); 10, Kassa's own limit, keeps the 5·3ⁿ s schedule under two days. */
export const MAX_NUMBER_OF_RETRIES = 10;

const Max35Text = z.string().min(1, 'must not be empty').max(35, 'must be at most 35 characters');
const DateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time with an offset' });

const TransactionIdentificationSchema = z.looseObject({
  TransactionDateTime: DateTime,
  TransactionReference: Max35Text,
});
export type ParsedTransactionIdentification = z.infer<typeof TransactionIdentificationSchema>;

const HeaderSchema = z.looseObject({
  MessageFunction: z.literal('SaleFinancialServiceRequest', { error: 'must be "SaleFinancialServiceRequest"' }),
  ProtocolVersion: z.literal(PROTOCOL_VERSION, { error: `must be "${PROTOCOL_VERSION}"` }),
  ExchangeIdentification: Max35Text,
  CreationDateTime: DateTime,
  InitiatingParty: z.looseObject({
    Identification: z.string().min(1, 'must not be empty'),
    Type: z.enum(['Merchant', 'Acquirer', 'Sale']),
  }),
  WebhookUrl: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).optional(),
  NumberOfRetries: z.number().int().min(1).max(MAX_NUMBER_OF_RETRIES).optional(),
});
export type ParsedHeader = z.infer<typeof HeaderSchema>;

/** Amounts in major units, exact in the currency's minor units; `amountMinor` is added for the simulator. */
const TransactionDetailsSchema = z
  .looseObject({
    Currency: CurrencyCodeSchema,
    TotalAmount: z.number().positive('must be positive'),
  })
  .transform((details, context) => {
    const amountMinor = toMinor(details.TotalAmount, details.Currency);
    if (amountMinor === undefined) {
      const exponent = currencyExponent(details.Currency);
      const tooLarge = details.TotalAmount * 10 ** exponent > MAX_EXACT_MINOR;
      context.issues.push({
        code: 'custom',
        path: ['TotalAmount'],
        input: details.TotalAmount,
        message: tooLarge
          ? `must be at most ${String(MAX_EXACT_MINOR)} ${details.Currency} minor units (15 digits), as more cannot travel exactly`
          : `must be a whole number of ${details.Currency} minor units (at most ${String(exponent)} decimals)`,
      });
      return z.NEVER;
    }
    return { ...details, amountMinor };
  });
export type ParsedTransactionDetails = z.infer<typeof TransactionDetailsSchema>;

const OriginalTransactionSchema = z.looseObject({ TransactionIdentification: TransactionIdentificationSchema });

const PaymentTransactionSchema = z
  .looseObject({
    TransactionType: z.enum(['CardPayment', 'Refund']),
    TransactionIdentification: TransactionIdentificationSchema,
    TransactionDetails: TransactionDetailsSchema,
    OriginalTransaction: OriginalTransactionSchema.optional(),
  })
  .refine((transaction) => transaction.TransactionType === 'Refund' || transaction.OriginalTransaction === undefined, {
    path: ['OriginalTransaction'],
    message: 'only a Refund names an original transaction',
  });
export type ParsedPaymentTransaction = z.infer<typeof PaymentTransactionSchema>;

const ReversalRequestSchema = z.looseObject({
  ReversalTransaction: z.looseObject({
    TransactionType: z.literal('CardPayment', { error: 'must be "CardPayment"' }),
    OriginalTransaction: OriginalTransactionSchema,
    TransactionDetails: TransactionDetailsSchema.optional(),
  }),
  ReversalReason: z.literal('MerchantCancellation', { error: 'must be "MerchantCancellation"' }),
});
export type ParsedReversalRequest = z.infer<typeof ReversalRequestSchema>;

const MessageReferenceSchema = z.looseObject({
  ExchangeIdentification: Max35Text,
  TransactionReference: Max35Text.optional(),
});
export type ParsedMessageReference = z.infer<typeof MessageReferenceSchema>;

const EnvironmentSchema = z.looseObject({
  POI: z.looseObject({ Identification: z.looseObject({ Identification: z.string().min(1, 'must not be empty') }) }),
});

/** A sub-object that does not go with the ServiceContent: refused rather than silently ignored. */
function absentWith(content: string) {
  return z.undefined({ error: `must be absent when ServiceContent is ${content}` }).optional();
}

const SERVICE_CONTENTS = [
  'FinancialPaymentRequest',
  'ReversalRequest',
  'FinancialReversalRequest',
  'TransactionStatusRequest',
];

const ServiceRequestSchema = z.discriminatedUnion(
  'ServiceContent',
  [
    z.looseObject({
      Environment: EnvironmentSchema,
      ServiceContent: z.literal('FinancialPaymentRequest'),
      PaymentRequest: z.looseObject({ PaymentTransaction: PaymentTransactionSchema }),
      ReversalRequest: absentWith('FinancialPaymentRequest'),
      TransactionStatusRequest: absentWith('FinancialPaymentRequest'),
    }),
    // Worldline's guide names `ReversalRequest`; every third-party client sends nexo's `FinancialReversalRequest`.
    z.looseObject({
      Environment: EnvironmentSchema,
      ServiceContent: z.enum(['ReversalRequest', 'FinancialReversalRequest']),
      ReversalRequest: ReversalRequestSchema,
      PaymentRequest: absentWith('a reversal'),
      TransactionStatusRequest: absentWith('a reversal'),
    }),
    z.looseObject({
      Environment: EnvironmentSchema,
      ServiceContent: z.literal('TransactionStatusRequest'),
      TransactionStatusRequest: z.looseObject({ MessageReference: MessageReferenceSchema }),
      PaymentRequest: absentWith('TransactionStatusRequest'),
      ReversalRequest: absentWith('TransactionStatusRequest'),
    }),
  ],
  { error: `must be one of ${SERVICE_CONTENTS.join(', ')}` },
);

const EnvelopeSchema = z.looseObject({
  SaleToPOIServiceRequest: z.looseObject({ Header: HeaderSchema, ServiceRequest: ServiceRequestSchema }),
});

export interface PoiIdentity {
  POI: { Identification: { Identification: string } };
}

interface CommonRequest {
  header: ParsedHeader;
  /** Echoed in the response. */
  environment: PoiIdentity;
}

export type ParsedRequest = CommonRequest &
  (
    | { content: 'payment'; transaction: ParsedPaymentTransaction }
    | { content: 'reversal'; reversal: ParsedReversalRequest }
    | { content: 'status'; reference: ParsedMessageReference }
  );

/** The fault category a request falls in. */
export function categoryOf(request: ParsedRequest): 'Payment' | 'Reversal' | 'TransactionStatus' {
  switch (request.content) {
    case 'payment':
      return 'Payment';
    case 'reversal':
      return 'Reversal';
    case 'status':
      return 'TransactionStatus';
  }
}

/** Reads a request posted to terminal `utid`; the error message names every problem found. */
export function readRequest(
  document: unknown,
  utid: string,
): { ok: true; request: ParsedRequest } | { ok: false; message: string } {
  const result = EnvelopeSchema.safeParse(document, { reportInput: true });
  if (!result.success) {
    return { ok: false, message: `Invalid request: ${result.error.issues.map(describeIssue).join('; ')}` };
  }
  const { Header: header, ServiceRequest: service } = result.data.SaleToPOIServiceRequest;
  const poi = service.Environment.POI.Identification.Identification;
  if (poi !== utid) {
    return {
      ok: false,
      message: `Invalid request: SaleToPOIServiceRequest.ServiceRequest.Environment.POI.Identification.Identification: must be the terminal in the path (${utid}), not ${poi}`,
    };
  }
  const common: CommonRequest = { header, environment: { POI: { Identification: { Identification: poi } } } };
  switch (service.ServiceContent) {
    case 'FinancialPaymentRequest':
      return {
        ok: true,
        request: { ...common, content: 'payment', transaction: service.PaymentRequest.PaymentTransaction },
      };
    case 'ReversalRequest':
    case 'FinancialReversalRequest':
      return { ok: true, request: { ...common, content: 'reversal', reversal: service.ReversalRequest } };
    case 'TransactionStatusRequest':
      return {
        ok: true,
        request: { ...common, content: 'status', reference: service.TransactionStatusRequest.MessageReference },
      };
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  // `input` is there only because the parse asked for it (reportInput); undefined means the field is missing.
  const missing = issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;
  return `${path === '' ? '(body)' : path}: ${missing ? 'missing' : issue.message}`;
}
