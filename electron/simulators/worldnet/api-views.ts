import { majorNumber } from './amounts.ts';
import type { Transaction } from './platform.ts';

/**
 * The Merchant API's resources as the contract's [SDK] rows name them
 * (JSON names): Payment, Refund, the search's TransactionCompact, and the
 * error body. Amounts are JSON numbers in major units; a refund's are
 * negative. Hypermedia links are left out (`enableHypermedia` false), which
 * the contract allows.
 */

export interface ErrorDetail {
  errorCode: string;
  errorMessage: string;
  source?: { location: string; resource?: string; property?: string; value?: string; expected?: string };
}

/** An answer a Merchant API route gives by throwing. Error codes are the simulator's own: Worldnet's are unpublished. */
export class ApiError extends Error {
  readonly status: number;
  readonly details: readonly ErrorDetail[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, details: readonly ErrorDetail[], headers: Readonly<Record<string, string>> = {}) {
    super(details.map((detail) => detail.errorMessage).join('; '));
    this.status = status;
    this.details = details;
    this.headers = headers;
  }
}

export const apiError = (status: number, errorCode: string, errorMessage: string, headers?: Record<string, string>) =>
  new ApiError(status, [{ errorCode, errorMessage }], headers);

/** What a refund's or a payment's amount is in REST's sign convention. */
function signed(one: Transaction, minor: number): number {
  const major = majorNumber(minor, one.currency);
  return one.type === 'REFUND' && major !== 0 ? -major : major;
}

function transactionResult(one: Transaction) {
  return {
    type: one.type,
    status: one.status,
    ...(one.approvalCode === '' ? {} : { approvalCode: one.approvalCode }),
    dateTime: one.dateTime.toISOString(),
    currency: one.currency,
    authorizedAmount: signed(one, one.authorizedMinor),
    resultCode: one.resultCode,
    resultMessage: one.resultMessage,
  };
}

function customerAccount(one: Transaction) {
  return {
    cardType: one.card.cardType,
    maskedPan: one.card.maskedPan,
    expiryDate: one.card.expiryDate,
    entryMethod: 'KEYED',
  };
}

export function paymentView(payment: Transaction) {
  return {
    uniqueReference: payment.uniqueReference,
    terminal: payment.terminalId,
    ...(payment.operator === undefined ? {} : { operator: payment.operator }),
    order: {
      orderId: payment.orderId,
      currency: payment.currency,
      totalAmount: majorNumber(payment.amountMinor, payment.currency),
    },
    customerAccount: customerAccount(payment),
    transactionResult: transactionResult(payment),
  };
}

export function refundView(refund: Transaction) {
  return {
    uniqueReference: refund.uniqueReference,
    terminal: refund.terminalId,
    operator: refund.operator ?? '',
    orderId: refund.orderId,
    refundReason: refund.refundReason ?? '',
    customerAccount: customerAccount(refund),
    transactionResult: transactionResult(refund),
  };
}

export function compactView(one: Transaction) {
  return {
    uniqueReference: one.uniqueReference,
    terminal: one.terminalId,
    ...(one.operator === undefined ? {} : { operator: one.operator }),
    orderId: one.orderId,
    dateTime: one.dateTime.toISOString(),
    maskedPan: one.card.maskedPan,
    type: one.type,
    resultCode: one.resultCode,
    status: one.status,
    currency: one.currency,
    amount: signed(one, one.amountMinor),
  };
}
