import { z } from 'zod';

/**
 * The JSON shapes Adyen documents for what comes back from the cloud
 * (TerminalAPI-v1.yaml, CloudDeviceService-v1.yaml and Adyen's library mocks),
 * written out here so the tests read replies as a till would: as unknown JSON
 * checked against the documented fields, never as the simulator's own objects.
 * Objects are loose: Adyen adds fields freely.
 */

const DateTime = z.iso.datetime({ offset: true });

export const TransactionIdentificationSchema = z.looseObject({ TransactionID: z.string().min(1), TimeStamp: DateTime });

export const ResponseHeaderSchema = z.looseObject({
  ProtocolVersion: z.literal('3.0'),
  MessageClass: z.literal('Service'),
  MessageCategory: z.string(),
  MessageType: z.literal('Response'),
  ServiceID: z.string(),
  SaleID: z.string(),
  POIID: z.string(),
});

export const ResponseSchema = z.looseObject({
  Result: z.enum(['Success', 'Failure', 'Partial']),
  ErrorCondition: z.string().optional(),
  AdditionalResponse: z.string().optional(),
});

export const PaymentReceiptSchema = z.looseObject({
  DocumentQualifier: z.enum(['CashierReceipt', 'CustomerReceipt']),
  RequiredSignatureFlag: z.boolean().optional(),
  OutputContent: z.looseObject({
    OutputFormat: z.literal('Text'),
    OutputText: z
      .array(
        z.looseObject({
          Text: z.string(),
          CharacterStyle: z.enum(['Bold', 'Italic', 'Normal', 'Underline']).optional(),
          EndOfLineFlag: z.boolean().optional(),
        }),
      )
      .min(1),
  }),
});
export type PaymentReceiptShape = z.infer<typeof PaymentReceiptSchema>;

const POIDataSchema = z.looseObject({
  POITransactionID: TransactionIdentificationSchema,
  POIReconciliationID: z.string().optional(),
});

export const PaymentResponseSchema = z.looseObject({
  Response: ResponseSchema,
  SaleData: z.looseObject({ SaleTransactionID: TransactionIdentificationSchema }).optional(),
  POIData: POIDataSchema.optional(),
  PaymentResult: z
    .looseObject({
      PaymentType: z.enum(['Normal', 'Refund']).optional(),
      OnlineFlag: z.boolean().optional(),
      AmountsResp: z.looseObject({ AuthorizedAmount: z.number(), Currency: z.string() }).optional(),
      PaymentInstrumentData: z
        .looseObject({
          PaymentInstrumentType: z.literal('Card'),
          CardData: z
            .looseObject({
              MaskedPan: z.string().optional(),
              PaymentBrand: z.string().optional(),
              EntryMode: z.array(z.string()).optional(),
            })
            .optional(),
        })
        .optional(),
      PaymentAcquirerData: z
        .looseObject({
          ApprovalCode: z.string().optional(),
          MerchantID: z.string().optional(),
          AcquirerPOIID: z.string().optional(),
          AcquirerTransactionID: TransactionIdentificationSchema.optional(),
        })
        .optional(),
    })
    .optional(),
  PaymentReceipt: z.array(PaymentReceiptSchema).optional(),
});
export type PaymentResponseShape = z.infer<typeof PaymentResponseSchema>;

export const ReversalResponseSchema = z.looseObject({
  Response: ResponseSchema,
  POIData: POIDataSchema.optional(),
  OriginalPOITransaction: z
    .looseObject({ POITransactionID: TransactionIdentificationSchema, POIID: z.string().optional() })
    .optional(),
  ReversedAmount: z.number().optional(),
  PaymentReceipt: z.array(PaymentReceiptSchema).optional(),
});

const MessageReferenceSchema = z.looseObject({
  MessageCategory: z.string().optional(),
  SaleID: z.string().optional(),
  ServiceID: z.string().optional(),
});

export const TransactionStatusResponseSchema = z.looseObject({
  Response: ResponseSchema,
  MessageReference: MessageReferenceSchema.optional(),
  RepeatedMessageResponse: z
    .looseObject({
      MessageHeader: ResponseHeaderSchema,
      RepeatedResponseMessageBody: z.looseObject({
        PaymentResponse: PaymentResponseSchema.optional(),
        ReversalResponse: ReversalResponseSchema.optional(),
      }),
    })
    .optional(),
});

export const SaleToPOIResponseSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    MessageHeader: ResponseHeaderSchema,
    PaymentResponse: PaymentResponseSchema.optional(),
    ReversalResponse: ReversalResponseSchema.optional(),
    TransactionStatusResponse: TransactionStatusResponseSchema.optional(),
  }),
});
export type SaleToPOIResponseShape = z.infer<typeof SaleToPOIResponseSchema>;

const NotificationHeaderSchema = z.looseObject({
  ProtocolVersion: z.literal('3.0'),
  MessageClass: z.enum(['Event', 'Device']),
  MessageCategory: z.string(),
  MessageType: z.enum(['Notification', 'Request']),
  ServiceID: z.string().optional(),
  DeviceID: z.string(),
  SaleID: z.string(),
  POIID: z.string(),
});

/** A terminal or cloud event: `SaleToPOIRequest.EventNotification` (a Reject, NetworkConnected, …). */
export const EventNotificationSchema = z.looseObject({
  SaleToPOIRequest: z.looseObject({
    MessageHeader: NotificationHeaderSchema.extend({
      MessageClass: z.literal('Event'),
      MessageCategory: z.literal('Event'),
      MessageType: z.literal('Notification'),
    }),
    EventNotification: z.looseObject({
      EventToNotify: z.string(),
      EventDetails: z.string().optional(),
      RejectedMessage: z.string().optional(),
      TimeStamp: DateTime,
    }),
  }),
});
export type EventNotificationShape = z.infer<typeof EventNotificationSchema>;

/** A display notification: progress of a tender, `event=` in the form-encoded ReferenceID. */
export const DisplayNotificationSchema = z.looseObject({
  SaleToPOIRequest: z.looseObject({
    MessageHeader: NotificationHeaderSchema.extend({
      MessageClass: z.literal('Device'),
      MessageCategory: z.literal('Display'),
      MessageType: z.literal('Request'),
      ServiceID: z.string(),
    }),
    DisplayRequest: z.looseObject({
      DisplayOutput: z
        .array(
          z.looseObject({
            Device: z.enum(['CashierDisplay', 'CustomerDisplay']),
            InfoQualify: z.enum(['Status', 'Display']),
            OutputContent: z.looseObject({
              OutputFormat: z.literal('MessageRef'),
              PredefinedContent: z.looseObject({ ReferenceID: z.string() }),
            }),
          }),
        )
        .min(1),
    }),
  }),
});
export type DisplayNotificationShape = z.infer<typeof DisplayNotificationSchema>;

/** Cloud device API errors: RFC 7807 problem details. */
export const ProblemSchema = z.looseObject({
  type: z.url(),
  title: z.string().min(1),
  status: z.number().int(),
  errorCode: z.string(),
  detail: z.string().optional(),
  requestId: z.string().optional(),
  invalidFields: z
    .array(z.looseObject({ name: z.string(), value: z.string().optional(), message: z.string() }))
    .optional(),
});

export const DeviceStatusSchema = z.strictObject({ deviceId: z.string(), status: z.enum(['ONLINE', 'OFFLINE']) });
export const ConnectedDevicesSchema = z.strictObject({ uniqueDeviceIds: z.array(z.string()) });

/** `GET /_simulator/terminals/{POIID}/transactions`, the simulator's own control API. */
export const TransactionsListingSchema = z.looseObject({
  transactions: z.array(
    z.looseObject({
      category: z.enum(['Payment', 'Reversal']),
      kind: z.enum(['payment', 'refund', 'reversal']),
      saleId: z.string(),
      serviceId: z.string(),
      saleTransactionId: z.string().optional(),
      amountMinor: z.number(),
      currency: z.string(),
      finished: z.boolean(),
      reported: z.boolean(),
      refundedMinor: z.number(),
    }),
  ),
});
