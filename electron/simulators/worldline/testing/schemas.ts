import { z } from 'zod';

/**
 * What comes back from the simulated cloud, written out as the tests expect
 * it (the shapes third-party clients read, docs/WORLDLINE.md), so replies
 * are read as unknown JSON the way a till reads them, never as the
 * simulator's own objects. Worldline's objects are loose; the simulator's
 * own control answers are strict.
 */

const DateTime = z.iso.datetime({ offset: true });

export const TransactionIdentificationSchema = z.looseObject({
  TransactionDateTime: DateTime,
  TransactionReference: z.string().min(1),
});

export const ResponseSummarySchema = z.looseObject({
  Result: z.enum(['Success', 'Failure', 'Partial']),
  ResponseReason: z.string().optional(),
  AdditionalResponseInformation: z.string().optional(),
});

export const TransactionResultSchema = z.looseObject({
  TransactionIdentification: TransactionIdentificationSchema,
  TransactionDetails: z.looseObject({ Currency: z.string().length(3), TotalAmount: z.number() }).optional(),
  TransactionResponse: z
    .looseObject({
      AuthorisationResult: z
        .looseObject({
          ResponseToAuthorisation: z.looseObject({ Response: z.string() }).optional(),
          AuthorisationCode: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  PaymentCard: z.looseObject({ Brand: z.string().optional(), MaskedPAN: z.string().optional() }).optional(),
});
export type TransactionResultShape = z.infer<typeof TransactionResultSchema>;

const PaymentResponseSchema = z.looseObject({ PaymentTransaction: TransactionResultSchema });
const ReversalResponseSchema = z.looseObject({ ReversalTransaction: TransactionResultSchema });

const MessageReferenceSchema = z.looseObject({
  ExchangeIdentification: z.string(),
  TransactionReference: z.string().optional(),
});

export const ServiceResponseSchema = z.looseObject({
  Environment: z.looseObject({
    POI: z.looseObject({ Identification: z.looseObject({ Identification: z.string() }) }),
  }),
  ServiceContent: z.enum(['FinancialPaymentResponse', 'ReversalResponse', 'TransactionStatusResponse']),
  Response: ResponseSummarySchema,
  PaymentResponse: PaymentResponseSchema.optional(),
  ReversalResponse: ReversalResponseSchema.optional(),
  TransactionStatusResponse: z
    .looseObject({
      MessageReference: MessageReferenceSchema,
      RepeatedResponse: z
        .looseObject({
          ServiceContent: z.enum(['FinancialPaymentResponse', 'ReversalResponse']),
          Response: ResponseSummarySchema,
          PaymentResponse: PaymentResponseSchema.optional(),
          ReversalResponse: ReversalResponseSchema.optional(),
        })
        .optional(),
    })
    .optional(),
});
export type ServiceResponseShape = z.infer<typeof ServiceResponseSchema>;

export const ResponseHeaderSchema = z.looseObject({
  MessageFunction: z.literal('SaleFinancialServiceResponse'),
  ProtocolVersion: z.literal('5.1-WL1.0.0'),
  ExchangeIdentification: z.string().min(1).max(35),
  CreationDateTime: DateTime,
  InitiatingParty: z.looseObject({ Identification: z.string(), Type: z.string() }),
});

export const ServiceResponseEnvelopeSchema = z.looseObject({
  SaleToPOIServiceResponse: z.looseObject({ Header: ResponseHeaderSchema, ServiceResponse: ServiceResponseSchema }),
});
export type ServiceResponseEnvelopeShape = z.infer<typeof ServiceResponseEnvelopeSchema>;

/** The webhook: the result inside a `data` envelope, nothing else. */
export const WebhookBodySchema = z.object({ data: ServiceResponseEnvelopeSchema }).strict();

export const AcceptedSchema = z.object({ requestId: z.uuid() }).strict();

export const ErrorBodySchema = z.object({ message: z.string().min(1) }).strict();

export const ListedTransactionSchema = z
  .object({
    kind: z.enum(['payment', 'refund', 'reversal']),
    exchangeId: z.string(),
    /** The request header's InitiatingParty: the sale system that sent it. */
    initiatingParty: z.string(),
    requestId: z.uuid().optional(),
    transactionReference: z.string(),
    transactionDateTime: DateTime,
    amountMinor: z.number().int().min(0),
    currency: z.string().nullable(),
    state: z.enum(['running', 'done']),
    response: ServiceResponseSchema.optional(),
    channel: z.enum(['sync', 'async']),
    webhookAttempts: z.number().int().min(0),
    webhookDelivered: z.boolean(),
  })
  .strict();
export type ListedTransaction = z.infer<typeof ListedTransactionSchema>;

export const TransactionsListingSchema = z
  .object({ transactions: z.array(ListedTransactionSchema), duplicates: z.number().int().min(0) })
  .strict();
export type TransactionsListing = z.infer<typeof TransactionsListingSchema>;
