import type { CardDetails } from '../../shared/payments/payment-state.ts';

/**
 * What the refund service asks of an online gateway about a payment it did
 * not necessarily take (a webshop order, a link): what was paid and what has
 * gone back already. Each gateway answers from its own API (Worldline Direct:
 * `GET …/payments/{id}` and `GET …/refunds`); the refund service decides the
 * cap from these figures, never from what the screen says.
 */

/** One refund the gateway lists on the payment. */
export interface GatewayRefund {
  readonly amountMinor: number;
  /** requested: taken, not final (counts against what is left); refunded: gone back; rejected: nothing went back. */
  readonly state: 'requested' | 'refunded' | 'rejected';
  /** The refund's own merchant reference: a till's refund attempt is found by its ServiceID here. */
  readonly merchantReference: string | undefined;
}

export interface GatewayPayment {
  /** The gateway's id without an operation suffix: what a refund quotes. */
  readonly paymentId: string;
  readonly merchantReference: string | undefined;
  readonly currency: string;
  readonly paidMinor: number;
  /** Whether the gateway will take a refund on it at all (a payment still pending or cancelled will not). */
  readonly refundable: boolean;
  /** The gateway's status word, for the manager when nothing can go back. */
  readonly status: string;
  readonly card: CardDetails | undefined;
  readonly refunds: readonly GatewayRefund[];
}

export type GatewayPaymentLookup =
  | { readonly kind: 'found'; readonly payment: GatewayPayment }
  /** The gateway knows no such payment. */
  | { readonly kind: 'not_found' }
  /** No answer that says (timeout, 5xx, refused credentials): try again, nothing is decided. */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface OnlinePayments {
  /** The gateway's name as config and the records say it: `worldline-direct`. */
  readonly gateway: string;
  /** The gateway as the payment book names it: a link's attempts are found under it by their ServiceID. */
  readonly terminalId: string;
  /** A payment id as the manager may type it (`3136405348_0`) made the id a refund quotes; undefined if it cannot be one. */
  paymentIdOf(typed: string): string | undefined;
  find(paymentId: string, signal?: AbortSignal): Promise<GatewayPaymentLookup>;
}
