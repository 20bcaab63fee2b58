import { randomUUID } from 'node:crypto';
import type {
  MessageReference,
  SaleToPOIServiceRequest,
  TransactionIdentification,
  WorldlineHeader,
} from '../../../../shared/payments/worldline/nexo.ts';

/**
 * Terminal API requests as a till sends them, typed by the shared wire
 * definitions, for the simulator's tests. Amounts are in major units, as on
 * the wire.
 */

export const WORLDLINE_UTID = '60001234';
export const WORLDLINE_OTHER_UTID = '60005678';
export const INITIATING_PARTY = 'KassaTill1';

let counter = 0;

/** A fresh ExchangeIdentification: 32 hex digits, as Kassa makes them. */
export function newExchangeId(): string {
  return randomUUID().replaceAll('-', '');
}

/** A fresh sale reference. */
export function newReference(): string {
  counter += 1;
  return `sale-${String(counter).padStart(6, '0')}-${randomUUID().slice(0, 8)}`;
}

export interface HeaderOptions {
  exchangeId?: string;
  /** Async requests: where the result goes. */
  webhookUrl?: string;
  numberOfRetries?: number;
}

export function requestHeader(options: HeaderOptions = {}): WorldlineHeader {
  return {
    MessageFunction: 'SaleFinancialServiceRequest',
    ProtocolVersion: '5.1-WL1.0.0',
    ExchangeIdentification: options.exchangeId ?? newExchangeId(),
    CreationDateTime: new Date().toISOString(),
    InitiatingParty: { Identification: INITIATING_PARTY, Type: 'Merchant' },
    ...(options.webhookUrl === undefined ? {} : { WebhookUrl: options.webhookUrl }),
    ...(options.numberOfRetries === undefined ? {} : { NumberOfRetries: options.numberOfRetries }),
  };
}

function environment(utid: string) {
  return { POI: { Identification: { Identification: utid } } };
}

export interface PaymentOptions extends HeaderOptions {
  /** Major units. */
  amount: number;
  currency?: string;
  utid?: string;
  type?: 'CardPayment' | 'Refund';
  reference?: string;
  /** A refund's original payment. */
  original?: TransactionIdentification;
}

export function paymentRequest(options: PaymentOptions): SaleToPOIServiceRequest {
  return {
    SaleToPOIServiceRequest: {
      Header: requestHeader(options),
      ServiceRequest: {
        Environment: environment(options.utid ?? WORLDLINE_UTID),
        ServiceContent: 'FinancialPaymentRequest',
        PaymentRequest: {
          PaymentTransaction: {
            TransactionType: options.type ?? 'CardPayment',
            TransactionIdentification: {
              TransactionDateTime: new Date().toISOString(),
              TransactionReference: options.reference ?? newReference(),
            },
            TransactionDetails: { Currency: options.currency ?? 'EUR', TotalAmount: options.amount },
            ...(options.original === undefined
              ? {}
              : { OriginalTransaction: { TransactionIdentification: options.original } }),
          },
        },
      },
    },
  };
}

export function refundRequest(options: Omit<PaymentOptions, 'type'>): SaleToPOIServiceRequest {
  return paymentRequest({ ...options, type: 'Refund' });
}

export interface ReversalOptions extends HeaderOptions {
  original: TransactionIdentification;
  /** Major units; without it the whole of what is left. */
  amount?: number;
  currency?: string;
  utid?: string;
}

export function reversalRequest(options: ReversalOptions): SaleToPOIServiceRequest {
  return {
    SaleToPOIServiceRequest: {
      Header: requestHeader(options),
      ServiceRequest: {
        Environment: environment(options.utid ?? WORLDLINE_UTID),
        ServiceContent: 'ReversalRequest',
        ReversalRequest: {
          ReversalTransaction: {
            TransactionType: 'CardPayment',
            OriginalTransaction: { TransactionIdentification: options.original },
            ...(options.amount === undefined
              ? {}
              : { TransactionDetails: { Currency: options.currency ?? 'EUR', TotalAmount: options.amount } }),
          },
          ReversalReason: 'MerchantCancellation',
        },
      },
    },
  };
}

export interface StatusOptions extends HeaderOptions {
  /** The ExchangeIdentification of the request asked about. */
  about: string;
  transactionReference?: string;
  utid?: string;
}

export function statusRequest(options: StatusOptions): SaleToPOIServiceRequest {
  const reference: MessageReference = {
    ExchangeIdentification: options.about,
    ...(options.transactionReference === undefined ? {} : { TransactionReference: options.transactionReference }),
  };
  return {
    SaleToPOIServiceRequest: {
      Header: requestHeader(options),
      ServiceRequest: {
        Environment: environment(options.utid ?? WORLDLINE_UTID),
        ServiceContent: 'TransactionStatusRequest',
        TransactionStatusRequest: { MessageReference: reference },
      },
    },
  };
}

export function exchangeIdOf(request: SaleToPOIServiceRequest): string {
  return request.SaleToPOIServiceRequest.Header.ExchangeIdentification;
}

export function utidOf(request: SaleToPOIServiceRequest): string {
  return request.SaleToPOIServiceRequest.ServiceRequest.Environment.POI.Identification.Identification;
}

/** A payment's TransactionIdentification, as a refund or reversal names it. */
export function identificationOf(request: SaleToPOIServiceRequest): TransactionIdentification {
  const transaction = request.SaleToPOIServiceRequest.ServiceRequest.PaymentRequest?.PaymentTransaction;
  if (transaction === undefined) throw new Error('Not a payment request');
  return transaction.TransactionIdentification;
}

/**
 * A copy with one field set (or removed, for `undefined`), `path` counted
 * from inside SaleToPOIServiceRequest: for requests the shared types forbid.
 */
export function withField(request: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(request as Record<string, unknown>);
  const keys = ['SaleToPOIServiceRequest', ...path.split('.')];
  const last = keys.pop() ?? '';
  let node = copy;
  for (const key of keys) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new Error(`The request has no ${path}`);
    node = next as Record<string, unknown>;
  }
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}
