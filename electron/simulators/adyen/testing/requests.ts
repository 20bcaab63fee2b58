import type {
  DocumentQualifier,
  MessageCategory,
  MessageHeader,
  MessageReference,
  SaleToPOIRequest,
  TransactionIdentification,
} from '../../../../shared/payments/adyen/nexo.ts';

/**
 * Terminal API requests as a till sends them, built from Adyen's documented
 * shapes (TerminalAPI-v1.yaml), for the simulator's tests.
 */

export const POIID = 'P400Plus-100000001';
export const OTHER_POIID = 'V400m-200000002';
export const SALE_ID = 'KassaTill1';

let counter = 0;

/** A fresh cloud ServiceID: 1–10 alphanumeric characters. */
export function newServiceId(): string {
  counter += 1;
  return `S${counter.toString(36).padStart(6, '0')}`;
}

export interface HeaderOptions {
  poiid?: string;
  saleId?: string;
  serviceId?: string;
}

export function requestHeader(category: MessageCategory, options: HeaderOptions = {}): MessageHeader {
  return {
    ProtocolVersion: '3.0',
    MessageClass: 'Service',
    MessageCategory: category,
    MessageType: 'Request',
    SaleID: options.saleId ?? SALE_ID,
    ServiceID: options.serviceId ?? newServiceId(),
    POIID: options.poiid ?? POIID,
  };
}

export function saleTransactionId(id = `order-${newServiceId()}`): TransactionIdentification {
  return { TransactionID: id, TimeStamp: new Date().toISOString() };
}

export interface PaymentOptions extends HeaderOptions {
  /** Major units, as the Terminal API carries them. */
  amount: number;
  currency?: string;
  saleToAcquirerData?: string;
  paymentType?: 'Normal' | 'Refund';
  transactionId?: string;
}

export function paymentRequest(options: PaymentOptions): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: requestHeader('Payment', options),
      PaymentRequest: {
        SaleData: {
          SaleTransactionID: saleTransactionId(options.transactionId),
          ...(options.saleToAcquirerData === undefined ? {} : { SaleToAcquirerData: options.saleToAcquirerData }),
        },
        PaymentTransaction: { AmountsReq: { Currency: options.currency ?? 'EUR', RequestedAmount: options.amount } },
        ...(options.paymentType === undefined ? {} : { PaymentData: { PaymentType: options.paymentType } }),
      },
    },
  };
}

export interface StatusOptions extends HeaderOptions {
  /** The request asked about; without it the terminal reports its most recent transaction. */
  reference?: MessageReference;
  receiptReprint?: boolean;
  documentQualifier?: DocumentQualifier[];
}

export function statusRequest(options: StatusOptions = {}): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: requestHeader('TransactionStatus', options),
      TransactionStatusRequest: {
        ...(options.receiptReprint === undefined ? {} : { ReceiptReprintFlag: options.receiptReprint }),
        ...(options.documentQualifier === undefined ? {} : { DocumentQualifier: options.documentQualifier }),
        ...(options.reference === undefined ? {} : { MessageReference: options.reference }),
      },
    },
  };
}

export function abortRequest(options: HeaderOptions & { reference: MessageReference }): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: requestHeader('Abort', options),
      AbortRequest: { AbortReason: 'MerchantAbort', MessageReference: options.reference },
    },
  };
}

export interface ReversalOptions extends HeaderOptions {
  original: TransactionIdentification;
  /** Major units; the whole remaining amount when absent. */
  amount?: number;
  saleToAcquirerData?: string;
}

export function reversalRequest(options: ReversalOptions): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: requestHeader('Reversal', options),
      ReversalRequest: {
        OriginalPOITransaction: { POITransactionID: options.original },
        ReversalReason: 'MerchantCancel',
        ...(options.amount === undefined ? {} : { ReversedAmount: options.amount }),
        SaleData: {
          SaleTransactionID: saleTransactionId(),
          ...(options.saleToAcquirerData === undefined ? {} : { SaleToAcquirerData: options.saleToAcquirerData }),
        },
      },
    },
  };
}

export function headerOf(request: SaleToPOIRequest): MessageHeader & { ServiceID: string } {
  const header = request.SaleToPOIRequest.MessageHeader;
  const serviceId = header.ServiceID;
  if (serviceId === undefined) throw new Error('The request has no ServiceID');
  return { ...header, ServiceID: serviceId };
}

/** The MessageReference a status or abort request uses to name `request`. */
export function referenceTo(request: SaleToPOIRequest): MessageReference {
  const header = headerOf(request);
  const category = header.MessageCategory;
  if (category !== 'Payment' && category !== 'Reversal') throw new Error(`Cannot refer to a ${category} request`);
  return { MessageCategory: category, SaleID: header.SaleID, ServiceID: header.ServiceID };
}
