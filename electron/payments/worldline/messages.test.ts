import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorNumberToMinor } from '../../../shared/money.ts';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import {
  isoWithOffset,
  moneyRequest,
  newExchangeId,
  reversesWholePayment,
  statusRequest,
  type Sender,
} from './messages.ts';
import { readMoneyReply } from './replies.ts';

const SENDER: Sender = { terminalId: '50012345', initiatingPartyId: 'KASSA-TILL-1' };
const SERVICE_ID = '7c1e0b2a9d4f4e6b8a3c5d7e9f1a2b3c';

/**
 * Times built from local parts: "the same day" is the till's own day, so the
 * tests hold in every time zone they might run in.
 */
const NOW = new Date(2025, 2, 14, 15, 30);
const THIS_MORNING = new Date(2025, 2, 14, 0, 5).toISOString();
const YESTERDAY_EVENING = new Date(2025, 2, 13, 23, 55).toISOString();

const PAYMENT: PaymentRequestIds = {
  terminalId: SENDER.terminalId,
  saleSystemId: SENDER.initiatingPartyId,
  serviceId: SERVICE_ID,
  saleTransactionId: 'S-2025-0042',
  amountMinor: 1250,
  currency: 'EUR',
  kind: 'payment',
};

const ORIGINAL = { transactionId: '3e5a7c9b1d2f4a6c8e0b1d3f5a7c9e1b', timeStamp: THIS_MORNING };
const WHOLE_REVERSAL: PaymentRequestIds = {
  ...PAYMENT,
  kind: 'reversal',
  original: ORIGINAL,
  originalAmountMinor: 1250,
};

const CALLBACK = { webhookUrl: 'https://shop.example/worldline/result?exchange=x&token=y', retries: 5 };

/** The request as it goes on the wire: what the JSON carries, nothing more. */
function wire(request: PaymentRequestIds, callback?: typeof CALLBACK) {
  return JSON.parse(JSON.stringify(moneyRequest(SENDER, request, NOW, callback))) as ReturnType<typeof moneyRequest>;
}

describe('the header', () => {
  it('names the exchange by the attempt’s serviceId, the protocol and the merchant', () => {
    const { Header, ServiceRequest } = wire(PAYMENT).SaleToPOIServiceRequest;
    expect(Header).toEqual({
      MessageFunction: 'SaleFinancialServiceRequest',
      ProtocolVersion: '5.1-WL1.0.0',
      ExchangeIdentification: SERVICE_ID,
      CreationDateTime: isoWithOffset(NOW),
      InitiatingParty: { Identification: 'KASSA-TILL-1', Type: 'Merchant' },
    });
    expect(ServiceRequest.Environment).toEqual({ POI: { Identification: { Identification: '50012345' } } });
  });

  it('asks for a webhook, and how often to try it, only for an asynchronous request', () => {
    const asynchronous = wire(PAYMENT, CALLBACK).SaleToPOIServiceRequest.Header;
    expect(asynchronous.WebhookUrl).toBe(CALLBACK.webhookUrl);
    expect(asynchronous.NumberOfRetries).toBe(5);

    // A synchronous request with a WebhookUrl would have its result posted twice.
    const synchronous = moneyRequest(SENDER, PAYMENT, NOW, undefined).SaleToPOIServiceRequest.Header;
    expect(synchronous).not.toHaveProperty('WebhookUrl');
    expect(synchronous).not.toHaveProperty('NumberOfRetries');
  });

  it('writes times in ISO 8601 with an explicit offset', () => {
    expect(isoWithOffset(new Date('2025-03-14T09:30:00.123Z'))).toBe('2025-03-14T09:30:00.123+00:00');
  });

  it('makes exchange identifiers of 32 hex digits, within nexo’s 35, never the same twice', () => {
    const ids = Array.from({ length: 1_000 }, newExchangeId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a payment', () => {
  it('is a FinancialPaymentRequest for a CardPayment whose reference is the attempt’s serviceId', () => {
    const { ServiceRequest } = wire(PAYMENT).SaleToPOIServiceRequest;
    expect(ServiceRequest.ServiceContent).toBe('FinancialPaymentRequest');
    expect(ServiceRequest).not.toHaveProperty('ReversalRequest');
    expect(ServiceRequest.PaymentRequest).toEqual({
      PaymentTransaction: {
        TransactionType: 'CardPayment',
        TransactionIdentification: { TransactionDateTime: isoWithOffset(NOW), TransactionReference: SERVICE_ID },
        TransactionDetails: { Currency: 'EUR', TotalAmount: 12.5 },
      },
    });
  });

  it.each([
    [1250, 'EUR', 12.5],
    [1, 'EUR', 0.01],
    [100, 'EUR', 1],
    [123_456_789, 'EUR', 1_234_567.89],
    [1200, 'JPY', 1200],
    [7, 'JPY', 7],
    [1234, 'KWD', 1.234],
    [999, 'GBP', 9.99],
  ])('sends %i minor units of %s as TotalAmount %d in major units', (amountMinor, currency, total) => {
    const details = wire({ ...PAYMENT, amountMinor, currency }).SaleToPOIServiceRequest.ServiceRequest.PaymentRequest
      ?.PaymentTransaction.TransactionDetails;
    expect(details).toEqual({ Currency: currency, TotalAmount: total });
  });
});

describe('money back', () => {
  it('sends a refund to any card as a Refund without an original', () => {
    const transaction = wire({ ...PAYMENT, kind: 'refund' }).SaleToPOIServiceRequest.ServiceRequest.PaymentRequest
      ?.PaymentTransaction;
    expect(transaction?.TransactionType).toBe('Refund');
    expect(transaction?.TransactionIdentification.TransactionReference).toBe(SERVICE_ID);
    expect(transaction).not.toHaveProperty('OriginalTransaction');
  });

  it('sends part of a payment back as a Refund naming the original, as the terminal named it', () => {
    const partial = { ...WHOLE_REVERSAL, amountMinor: 500 };
    const { ServiceRequest } = wire(partial).SaleToPOIServiceRequest;
    expect(ServiceRequest.ServiceContent).toBe('FinancialPaymentRequest');
    expect(ServiceRequest.PaymentRequest?.PaymentTransaction).toEqual({
      TransactionType: 'Refund',
      TransactionIdentification: { TransactionDateTime: isoWithOffset(NOW), TransactionReference: SERVICE_ID },
      TransactionDetails: { Currency: 'EUR', TotalAmount: 5 },
      OriginalTransaction: {
        TransactionIdentification: {
          TransactionDateTime: ORIGINAL.timeStamp,
          TransactionReference: ORIGINAL.transactionId,
        },
      },
    });
  });

  it('voids a whole payment made the same day with a ReversalRequest, before the bank settles it', () => {
    const message = wire(WHOLE_REVERSAL, CALLBACK).SaleToPOIServiceRequest;
    expect(message.Header.ExchangeIdentification).toBe(SERVICE_ID);
    expect(message.Header.WebhookUrl).toBe(CALLBACK.webhookUrl);
    expect(message.ServiceRequest.ServiceContent).toBe('ReversalRequest');
    expect(message.ServiceRequest).not.toHaveProperty('PaymentRequest');
    expect(message.ServiceRequest.ReversalRequest).toEqual({
      ReversalTransaction: {
        TransactionType: 'CardPayment',
        OriginalTransaction: {
          TransactionIdentification: {
            TransactionDateTime: ORIGINAL.timeStamp,
            TransactionReference: ORIGINAL.transactionId,
          },
        },
        TransactionDetails: { Currency: 'EUR', TotalAmount: 12.5 },
      },
      ReversalReason: 'MerchantCancellation',
    });
  });

  it.each<[string, Partial<PaymentRequestIds>, boolean]>([
    ['the whole payment, made this morning', {}, true],
    ['the whole payment, made yesterday evening', { original: { ...ORIGINAL, timeStamp: YESTERDAY_EVENING } }, false],
    ['part of the payment', { amountMinor: 1249 }, false],
    ['an unknown original amount', { originalAmountMinor: undefined }, false],
    ['an original time that is not a time', { original: { ...ORIGINAL, timeStamp: 'yesterday' } }, false],
    ['a refund to any card of the same amount', { kind: 'refund' }, false],
    ['a payment', { kind: 'payment' }, false],
  ])('reverses the whole payment for %s: %s', (_what, change, whole) => {
    const request = { ...WHOLE_REVERSAL, ...change };
    expect(reversesWholePayment(request, NOW)).toBe(whole);
    // What is not reversed goes as a referenced Refund (or, for a payment, as itself).
    expect(moneyRequest(SENDER, request, NOW, undefined).SaleToPOIServiceRequest.ServiceRequest.ServiceContent).toBe(
      whole ? 'ReversalRequest' : 'FinancialPaymentRequest',
    );
  });

  it('refuses to send money back by reference without the original to name', () => {
    const withoutOriginal: PaymentRequestIds = { ...PAYMENT, kind: 'reversal', originalAmountMinor: 1250 };
    expect(() => moneyRequest(SENDER, withoutOriginal, NOW, undefined)).toThrow(/original transaction/);
    expect(reversesWholePayment(withoutOriginal, NOW)).toBe(false);
  });
});

describe('a status question', () => {
  it('asks about the attempt by its exchange, as an exchange of its own, and never asks for a webhook', () => {
    const statusId = newExchangeId();
    const { Header, ServiceRequest } = statusRequest(SENDER, PAYMENT, statusId, NOW).SaleToPOIServiceRequest;
    expect(Header.ExchangeIdentification).toBe(statusId);
    expect(Header).not.toHaveProperty('WebhookUrl');
    expect(Header).not.toHaveProperty('NumberOfRetries');
    expect(Header.ProtocolVersion).toBe('5.1-WL1.0.0');
    expect(ServiceRequest).toEqual({
      Environment: { POI: { Identification: { Identification: '50012345' } } },
      ServiceContent: 'TransactionStatusRequest',
      TransactionStatusRequest: {
        MessageReference: { ExchangeIdentification: SERVICE_ID, TransactionReference: SERVICE_ID },
      },
    });
  });
});

/** The approval a terminal would send back for `request`, quoting the TotalAmount it was sent. */
function approvalOf(request: PaymentRequestIds, totalAmount: number): string {
  return JSON.stringify({
    SaleToPOIServiceResponse: {
      Header: { ExchangeIdentification: request.serviceId },
      ServiceResponse: {
        ServiceContent: 'FinancialPaymentResponse',
        Response: { Result: 'Success' },
        PaymentResponse: {
          PaymentTransaction: {
            TransactionIdentification: {
              TransactionDateTime: isoWithOffset(NOW),
              TransactionReference: request.serviceId,
            },
            TransactionDetails: { Currency: request.currency, TotalAmount: totalAmount },
            TransactionResponse: { AuthorisationResult: { ResponseToAuthorisation: { Response: 'Approved' } } },
          },
        },
      },
    },
  });
}

describe('amounts survive the trip through major units', () => {
  function roundTrip(amountMinor: number, currency: string) {
    const request = { ...PAYMENT, amountMinor, currency };
    const total =
      wire(request).SaleToPOIServiceRequest.ServiceRequest.PaymentRequest?.PaymentTransaction.TransactionDetails
        .TotalAmount;
    if (total === undefined) throw new Error('no TotalAmount');
    // Through JSON text, as the terminal reads it and writes it back.
    const echoed = JSON.parse(JSON.stringify(total)) as number;
    expect(majorNumberToMinor(echoed, currency)).toBe(amountMinor);
    const reply = readMoneyReply(approvalOf(request, echoed), request);
    expect(reply).toMatchObject({ kind: 'outcome', outcome: { state: 'approved', authorisedMinor: amountMinor } });
  }

  it('for every amount of up to a million euros', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), (amountMinor) => roundTrip(amountMinor, 'EUR')));
  });

  it('for currencies with no decimals or three', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.constantFrom('JPY', 'KWD', 'BHD', 'ISK'), roundTrip),
    );
  });

  it('for the amounts where binary fractions go wrong', () => {
    // 0.1 + 0.2 territory: these have no exact binary form, and must still come back exact.
    for (const amountMinor of [1, 3, 7, 10, 29, 30, 57, 99, 101, 1_005, 435, 815, 99_999_999, 100_000_000]) {
      roundTrip(amountMinor, 'EUR');
    }
  });
});
