import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { PaymentRequestIds } from '../terminal-provider.ts';

/**
 * Our mark on a payment request, so a result that comes back through the
 * public webhook can be told from a forged one. It goes out in
 * SaleToAcquirerData as `metadata.kassaSignature` and Adyen echoes every
 * `metadata.*` key in the result's AdditionalResponse. It covers the
 * identifiers that tie a result to one request: SaleID, ServiceID, POIID and
 * the sale's TransactionID. The key is the payment book's own, made on first use.
 */

export const SIGNATURE_KEY = 'metadata.kassaSignature';

export function signRequest(key: Buffer | KeyObject, request: PaymentRequestIds): string {
  return createHmac('sha256', key)
    .update([request.saleSystemId, request.serviceId, request.terminalId, request.saleTransactionId].join('\n'))
    .digest('base64url');
}

export function signatureMatches(key: Buffer | KeyObject, request: PaymentRequestIds, signature: string): boolean {
  const expected = Buffer.from(signRequest(key, request));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
