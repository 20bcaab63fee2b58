import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import { abortRequest, categoryOf, paymentRequest, reversalRequest, transactionStatusRequest } from './messages.ts';
import { SIGNATURE_KEY, signatureMatches, signRequest } from './request-signature.ts';

/**
 * The requests the till sends, checked field by field against Adyen's
 * documented shapes (shared/reference/adyen-terminal-api.md §2.2, §2.4–§2.6):
 * a payment, an unreferenced refund (a PaymentRequest with PaymentType
 * Refund), a referenced refund (ReversalRequest), and the status and abort
 * requests that name each of them by their own category.
 */

const AT = new Date('2019-08-15T12:00:00.000Z');
const SIGNATURE = 'c2lnbmF0dXJl-_x';

/** The payment of Adyen's documented examples. */
const PAYMENT: PaymentRequestIds = {
  terminalId: 'V400m-324688179',
  saleSystemId: 'POSSystemID12345',
  serviceId: '0207111104',
  saleTransactionId: '27908',
  amountMinor: 1234,
  currency: 'EUR',
  kind: 'payment',
};

/** The payment as the terminal named it in its PaymentResponse (POIData.POITransactionID). */
const ORIGINAL = { transactionId: 'pZtU001251034513719.881566567357804C', timeStamp: '2019-08-12T15:40:03+00:00' };

/** The partial referenced refund of §2.6: part of that payment back to its card. */
const REVERSAL: PaymentRequestIds = {
  ...PAYMENT,
  serviceId: '207111108',
  saleTransactionId: '27911',
  amountMinor: 600,
  kind: 'reversal',
  original: ORIGINAL,
};

/** Money back to whatever card is presented. */
const REFUND: PaymentRequestIds = { ...PAYMENT, serviceId: '207111109', saleTransactionId: 'R-1', kind: 'refund' };

const HEADER = {
  ProtocolVersion: '3.0',
  MessageClass: 'Service',
  MessageType: 'Request',
  SaleID: PAYMENT.saleSystemId,
  POIID: PAYMENT.terminalId,
};

describe('a payment request', () => {
  it('is a PaymentRequest with the amount in major units and no PaymentData (Normal is the default)', () => {
    expect(paymentRequest(PAYMENT, SIGNATURE, AT)).toEqual({
      SaleToPOIRequest: {
        MessageHeader: { ...HEADER, MessageCategory: 'Payment', ServiceID: '0207111104' },
        PaymentRequest: {
          SaleData: {
            SaleTransactionID: { TransactionID: '27908', TimeStamp: '2019-08-15T12:00:00.000Z' },
            SaleToAcquirerData: `${SIGNATURE_KEY}=${SIGNATURE}`,
          },
          PaymentTransaction: { AmountsReq: { Currency: 'EUR', RequestedAmount: 12.34 } },
        },
      },
    });
    expect(paymentRequest(PAYMENT, SIGNATURE, AT).SaleToPOIRequest.PaymentRequest).not.toHaveProperty('PaymentData');
  });
});

describe('an unreferenced refund', () => {
  it('is a PaymentRequest with PaymentData.PaymentType Refund, in the Payment category', () => {
    expect(paymentRequest(REFUND, SIGNATURE, AT)).toEqual({
      SaleToPOIRequest: {
        MessageHeader: { ...HEADER, MessageCategory: 'Payment', ServiceID: '207111109' },
        PaymentRequest: {
          SaleData: {
            SaleTransactionID: { TransactionID: 'R-1', TimeStamp: '2019-08-15T12:00:00.000Z' },
            SaleToAcquirerData: `${SIGNATURE_KEY}=${SIGNATURE}`,
          },
          PaymentTransaction: { AmountsReq: { Currency: 'EUR', RequestedAmount: 12.34 } },
          PaymentData: { PaymentType: 'Refund' },
        },
      },
    });
  });

  it('names no original transaction: it goes to whatever card is presented', () => {
    const text = JSON.stringify(paymentRequest({ ...REFUND, original: ORIGINAL }, SIGNATURE, AT));
    expect(text).not.toContain(ORIGINAL.transactionId);
    expect(text).not.toContain('Reversal');
  });
});

describe('a referenced refund (ReversalRequest)', () => {
  it('has the shape of Adyen’s partial refund example, with the till’s signature beside the currency', () => {
    expect(reversalRequest(REVERSAL, SIGNATURE, AT)).toEqual({
      SaleToPOIRequest: {
        MessageHeader: { ...HEADER, MessageCategory: 'Reversal', ServiceID: '207111108' },
        ReversalRequest: {
          OriginalPOITransaction: {
            POITransactionID: {
              TransactionID: 'pZtU001251034513719.881566567357804C',
              TimeStamp: '2019-08-12T15:40:03+00:00',
            },
          },
          ReversalReason: 'MerchantCancel',
          ReversedAmount: 6,
          SaleData: {
            SaleTransactionID: { TransactionID: '27911', TimeStamp: '2019-08-15T12:00:00.000Z' },
            SaleToAcquirerData: `currency=EUR&${SIGNATURE_KEY}=${SIGNATURE}`,
          },
        },
      },
    });
  });

  it('carries the currency and a signature that matches the refund, in form-encoded SaleToAcquirerData', () => {
    const key = randomBytes(32);
    const signature = signRequest(key, REVERSAL);
    const data = reversalRequest(REVERSAL, signature, AT).SaleToPOIRequest.ReversalRequest?.SaleData
      ?.SaleToAcquirerData;
    const fields = new URLSearchParams(data);

    expect([...fields.keys()]).toEqual(['currency', SIGNATURE_KEY]);
    expect(fields.get('currency')).toBe('EUR');
    expect(fields.get(SIGNATURE_KEY)).toBe(signature);
    expect(signatureMatches(key, REVERSAL, fields.get(SIGNATURE_KEY) ?? '')).toBe(true);
    // The refund's own identifiers, not the original payment's.
    expect(signatureMatches(key, { ...REVERSAL, serviceId: PAYMENT.serviceId }, signature)).toBe(false);
  });

  it.each([
    { amountMinor: 1234, currency: 'EUR', reversed: 12.34 },
    { amountMinor: 1, currency: 'EUR', reversed: 0.01 },
    { amountMinor: 10, currency: 'EUR', reversed: 0.1 },
    { amountMinor: 600, currency: 'EUR', reversed: 6 },
    { amountMinor: 99_999_999, currency: 'EUR', reversed: 999_999.99 },
    { amountMinor: 1200, currency: 'JPY', reversed: 1200 },
    { amountMinor: 1234, currency: 'KWD', reversed: 1.234 },
  ])('states $amountMinor minor units of $currency as ReversedAmount $reversed, exactly', (amount) => {
    const ids = { ...REVERSAL, amountMinor: amount.amountMinor, currency: amount.currency };
    const body = reversalRequest(ids, SIGNATURE, AT).SaleToPOIRequest.ReversalRequest;

    expect(body?.ReversedAmount).toBe(amount.reversed);
    expect(new URLSearchParams(body?.SaleData?.SaleToAcquirerData).get('currency')).toBe(amount.currency);
  });

  it('always states ReversedAmount, even for the whole payment (absent would mean "all that is left")', () => {
    const whole = reversalRequest({ ...REVERSAL, amountMinor: 1234 }, SIGNATURE, AT).SaleToPOIRequest;
    expect(whole.ReversalRequest).toHaveProperty('ReversedAmount', 12.34);
  });

  it('refuses to build a reversal without the original transaction', () => {
    const withoutOriginal: PaymentRequestIds = { ...PAYMENT, kind: 'reversal' };
    expect(() => reversalRequest(withoutOriginal, SIGNATURE, AT)).toThrow(/original transaction/);
  });

  it('is no PaymentRequest', () => {
    expect(reversalRequest(REVERSAL, SIGNATURE, AT).SaleToPOIRequest).not.toHaveProperty('PaymentRequest');
  });
});

describe('status and abort requests name the attempt by its own category', () => {
  it.each([
    { kind: 'payment', ids: PAYMENT, category: 'Payment' },
    { kind: 'refund', ids: REFUND, category: 'Payment' },
    { kind: 'reversal', ids: REVERSAL, category: 'Reversal' },
  ] as const)('a $kind is asked about as $category', ({ ids, category }) => {
    expect(categoryOf(ids)).toBe(category);

    expect(transactionStatusRequest(ids, 'STATUS0001')).toEqual({
      SaleToPOIRequest: {
        MessageHeader: { ...HEADER, MessageCategory: 'TransactionStatus', ServiceID: 'STATUS0001' },
        TransactionStatusRequest: {
          ReceiptReprintFlag: true,
          DocumentQualifier: ['CashierReceipt', 'CustomerReceipt'],
          MessageReference: { MessageCategory: category, SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
        },
      },
    });
  });

  it.each([
    { kind: 'payment', ids: PAYMENT, category: 'Payment' },
    { kind: 'refund', ids: REFUND, category: 'Payment' },
    { kind: 'reversal', ids: REVERSAL, category: 'Reversal' },
  ] as const)('a $kind is aborted as $category', ({ ids, category }) => {
    expect(abortRequest(ids, 'ABORT00001')).toEqual({
      SaleToPOIRequest: {
        MessageHeader: { ...HEADER, MessageCategory: 'Abort', ServiceID: 'ABORT00001' },
        AbortRequest: {
          AbortReason: 'MerchantAbort',
          MessageReference: { MessageCategory: category, SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
        },
      },
    });
  });
});
