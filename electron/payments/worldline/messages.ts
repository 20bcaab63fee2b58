import { randomUUID } from 'node:crypto';
import { minorToDecimalString } from '../../../shared/money.ts';
import {
  WORLDLINE_PROTOCOL_VERSION,
  type SaleToPOIServiceRequest,
  type ServiceRequest,
  type TransactionIdentification,
  type WorldlineHeader,
} from '../../../shared/payments/worldline/nexo.ts';
import type { PaymentRequestIds } from '../terminal-provider.ts';

/**
 * The requests Kassa sends to Worldline's Terminal API, built from what the
 * payment service persisted. One attempt is one exchange: its
 * ExchangeIdentification is the attempt's ServiceID and also its
 * TransactionReference, so a result, a status answer and the terminal's own
 * transaction list all name the same attempt, never just the sale.
 */

/** A fresh ExchangeIdentification: 32 hex digits, inside nexo's 35-character limit. */
export function newExchangeId(): string {
  return randomUUID().replaceAll('-', '');
}

export interface Sender {
  readonly terminalId: string;
  readonly initiatingPartyId: string;
}

/** Where and how often the cloud posts the result of an asynchronous request. */
export interface Callback {
  readonly webhookUrl: string;
  readonly retries: number;
}

/** ISO 8601 with an explicit offset, as the nexo examples write it. */
export function isoWithOffset(when: Date): string {
  return when.toISOString().replace('Z', '+00:00');
}

function header(sender: Sender, exchangeId: string, when: Date, callback: Callback | undefined): WorldlineHeader {
  return {
    MessageFunction: 'SaleFinancialServiceRequest',
    ProtocolVersion: WORLDLINE_PROTOCOL_VERSION,
    ExchangeIdentification: exchangeId,
    CreationDateTime: isoWithOffset(when),
    InitiatingParty: { Identification: sender.initiatingPartyId, Type: 'Merchant' },
    ...(callback === undefined ? {} : { WebhookUrl: callback.webhookUrl, NumberOfRetries: callback.retries }),
  };
}

function envelope(
  sender: Sender,
  exchangeId: string,
  when: Date,
  callback: Callback | undefined,
  request: Omit<ServiceRequest, 'Environment'>,
): SaleToPOIServiceRequest {
  return {
    SaleToPOIServiceRequest: {
      Header: header(sender, exchangeId, when, callback),
      ServiceRequest: { Environment: { POI: { Identification: { Identification: sender.terminalId } } }, ...request },
    },
  };
}

/** Major units as a JSON number: 1250 EUR → 12.5, exact for every amount the till allows. */
function totalAmount(request: PaymentRequestIds): number {
  return Number(minorToDecimalString(request.amountMinor, request.currency));
}

function originalOf(request: PaymentRequestIds): { TransactionIdentification: TransactionIdentification } {
  if (request.original === undefined) throw new Error('A referenced refund needs the original transaction');
  return {
    TransactionIdentification: {
      TransactionDateTime: request.original.timeStamp,
      TransactionReference: request.original.transactionId,
    },
  };
}

/**
 * Whether money back by reference goes as a reversal (the whole payment, the
 * same day: a void before the bank settles it) rather than a refund naming
 * the original, which Worldline takes for any amount at any later time.
 */
export function reversesWholePayment(request: PaymentRequestIds, now: Date): boolean {
  if (request.kind !== 'reversal' || request.original === undefined) return false;
  const paidOn = new Date(request.original.timeStamp);
  return (
    request.originalAmountMinor === request.amountMinor &&
    !Number.isNaN(paidOn.getTime()) &&
    paidOn.toDateString() === now.toDateString()
  );
}

/** A payment, a refund (named original or none), or a reversal, as one FinancialPaymentRequest or ReversalRequest. */
export function moneyRequest(
  sender: Sender,
  request: PaymentRequestIds,
  when: Date,
  callback: Callback | undefined,
): SaleToPOIServiceRequest {
  const identification: TransactionIdentification = {
    TransactionDateTime: isoWithOffset(when),
    TransactionReference: request.serviceId,
  };
  const details = { Currency: request.currency, TotalAmount: totalAmount(request) };
  if (reversesWholePayment(request, when)) {
    return envelope(sender, request.serviceId, when, callback, {
      ServiceContent: 'ReversalRequest',
      ReversalRequest: {
        ReversalTransaction: {
          TransactionType: 'CardPayment',
          OriginalTransaction: originalOf(request),
          TransactionDetails: details,
        },
        ReversalReason: 'MerchantCancellation',
      },
    });
  }
  return envelope(sender, request.serviceId, when, callback, {
    ServiceContent: 'FinancialPaymentRequest',
    PaymentRequest: {
      PaymentTransaction: {
        TransactionType: request.kind === 'payment' ? 'CardPayment' : 'Refund',
        TransactionIdentification: identification,
        TransactionDetails: details,
        ...(request.kind === 'reversal' ? { OriginalTransaction: originalOf(request) } : {}),
      },
    },
  });
}

/** Asks about an earlier exchange, on /payments/sync, with an ExchangeIdentification of its own. */
export function statusRequest(
  sender: Sender,
  request: PaymentRequestIds,
  exchangeId: string,
  when: Date,
): SaleToPOIServiceRequest {
  return envelope(sender, exchangeId, when, undefined, {
    ServiceContent: 'TransactionStatusRequest',
    TransactionStatusRequest: {
      MessageReference: { ExchangeIdentification: request.serviceId, TransactionReference: request.serviceId },
    },
  });
}
