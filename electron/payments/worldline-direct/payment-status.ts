/**
 * What a Worldline Direct status means at the till. Pure functions, one table
 * each, read by the code and by the tests.
 *
 * Sources: the Direct API contract 2.461.1 (payment `status` and
 * `statusOutput.statusCategory` enums, payment-link statuses and event types)
 * and Direct's statuses guide (authorisation success is PENDING_CAPTURE /
 * PENDING_MERCHANT / 5; a direct sale is CAPTURED / COMPLETED / 9). PAID and
 * the PENDING_*_APPROVAL statuses are Connect's, kept because a white-label
 * host may still send them.
 *
 * Rules the tables keep:
 * - Money counts as taken only on a status that says so. PENDING_CAPTURE is
 *   an authorisation: the money is held for the shop, which for a till is
 *   "approved" (capture follows, by the shop or automatically).
 * - REFUND_REQUESTED is not a refund; only REFUNDED is.
 * - A hosted checkout's PAYMENT_CREATED says a payment exists, not that it
 *   succeeded: the payment's own status decides.
 * - Anything not in a table is `unknown`, so the till asks again rather than
 *   guessing; and a status that says approved while the category says
 *   UNSUCCESSFUL is `unknown` too, never approved.
 */

export type PaymentOutcome = 'approved' | 'declined' | 'cancelled' | 'pending' | 'refund_requested' | 'refunded';

export type PaymentReading =
  | { readonly kind: PaymentOutcome; readonly status: string }
  | { readonly kind: 'unknown'; readonly status: string | undefined; readonly statusCategory: string | undefined };

/** Payment `status` → outcome. */
export const PAYMENT_STATUSES: Readonly<Record<string, PaymentOutcome>> = {
  CAPTURED: 'approved',
  PAID: 'approved',
  CAPTURE_REQUESTED: 'approved',
  PENDING_CAPTURE: 'approved',
  REJECTED: 'declined',
  REJECTED_CAPTURE: 'declined',
  CANCELLED: 'cancelled',
  REVERSED: 'cancelled',
  CREATED: 'pending',
  REDIRECTED: 'pending',
  PENDING_PAYMENT: 'pending',
  PENDING_COMPLETION: 'pending',
  PENDING_APPROVAL: 'pending',
  PENDING_FRAUD_APPROVAL: 'pending',
  AUTHORIZATION_REQUESTED: 'pending',
  REFUND_REQUESTED: 'refund_requested',
  REFUNDED: 'refunded',
};

/** `statusOutput.statusCategory` → outcome, used only when the status is missing or not in the table above. */
export const PAYMENT_CATEGORIES: Readonly<Record<string, PaymentOutcome>> = {
  COMPLETED: 'approved',
  UNSUCCESSFUL: 'declined',
  REVERSED: 'cancelled',
  REFUNDED: 'refunded',
  CREATED: 'pending',
  PENDING_PAYMENT: 'pending',
  PENDING_MERCHANT: 'pending',
  PENDING_CONNECT_OR_3RD_PARTY: 'pending',
};

const own = <T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

export function classifyPayment(payment: {
  readonly status?: string | undefined;
  readonly statusCategory?: string | undefined;
}): PaymentReading {
  const { status, statusCategory } = payment;
  const byStatus = own(PAYMENT_STATUSES, status);
  if (byStatus !== undefined && status !== undefined) {
    if (byStatus === 'approved' && statusCategory === 'UNSUCCESSFUL')
      return { kind: 'unknown', status, statusCategory };
    return { kind: byStatus, status };
  }
  const byCategory = own(PAYMENT_CATEGORIES, statusCategory);
  if (byCategory !== undefined && statusCategory !== undefined)
    return { kind: byCategory, status: status ?? statusCategory };
  return { kind: 'unknown', status, statusCategory };
}

/** Final for the payment itself: nothing more will happen without someone acting. */
export function isFinalPayment(reading: PaymentReading): boolean {
  switch (reading.kind) {
    case 'approved':
    case 'declined':
    case 'cancelled':
    case 'refunded':
      return true;
    case 'pending':
    case 'refund_requested':
    case 'unknown':
      return false;
  }
}

export type RefundOutcome = 'refund_requested' | 'refunded' | 'refund_declined' | 'refund_cancelled';

export type RefundReading =
  | { readonly kind: RefundOutcome; readonly status: string }
  | { readonly kind: 'unknown'; readonly status: string | undefined; readonly statusCategory: string | undefined };

/** A refund's own `status` (GET …/refunds, refund webhooks) → outcome. */
export const REFUND_STATUSES: Readonly<Record<string, RefundOutcome>> = {
  CREATED: 'refund_requested',
  PENDING_APPROVAL: 'refund_requested',
  REFUND_REQUESTED: 'refund_requested',
  // Connect's refund status for "confirmed online", before REFUNDED "paid out": nothing can undo it.
  CAPTURED: 'refunded',
  REFUNDED: 'refunded',
  REJECTED: 'refund_declined',
  CANCELLED: 'refund_cancelled',
};

export const REFUND_CATEGORIES: Readonly<Record<string, RefundOutcome>> = {
  REFUNDED: 'refunded',
  COMPLETED: 'refunded',
  UNSUCCESSFUL: 'refund_declined',
  CREATED: 'refund_requested',
  PENDING_PAYMENT: 'refund_requested',
  PENDING_MERCHANT: 'refund_requested',
  PENDING_CONNECT_OR_3RD_PARTY: 'refund_requested',
};

export function classifyRefund(refund: {
  readonly status?: string | undefined;
  readonly statusCategory?: string | undefined;
}): RefundReading {
  const { status, statusCategory } = refund;
  const byStatus = own(REFUND_STATUSES, status);
  if (byStatus !== undefined && status !== undefined) {
    if (byStatus === 'refunded' && statusCategory === 'UNSUCCESSFUL')
      return { kind: 'unknown', status, statusCategory };
    return { kind: byStatus, status };
  }
  const byCategory = own(REFUND_CATEGORIES, statusCategory);
  if (byCategory !== undefined && statusCategory !== undefined)
    return { kind: byCategory, status: status ?? statusCategory };
  return { kind: 'unknown', status, statusCategory };
}

/**
 * A hosted checkout's status. IN_PROGRESS: the customer may still pay.
 * CANCELLED_BY_CONSUMER: cancelled or expired, and no payment exists, so no
 * money moved (not "declined"). PAYMENT_CREATED: read the payment.
 */
export type HostedCheckoutReading =
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'no_payment' }
  | { readonly kind: 'payment'; readonly payment: PaymentReading }
  | { readonly kind: 'check_payment' }
  | { readonly kind: 'unknown'; readonly status: string | undefined };

export function classifyHostedCheckout(checkout: {
  readonly status?: string | undefined;
  readonly payment?: { readonly status?: string | undefined; readonly statusCategory?: string | undefined } | undefined;
}): HostedCheckoutReading {
  switch (checkout.status ?? '') {
    case 'IN_PROGRESS':
      return { kind: 'in_progress' };
    case 'CANCELLED_BY_CONSUMER':
      return { kind: 'no_payment' };
    case 'PAYMENT_CREATED':
      // Never paid on this word alone: with no payment to read, ask for it.
      return checkout.payment === undefined
        ? { kind: 'check_payment' }
        : { kind: 'payment', payment: classifyPayment(checkout.payment) };
    default:
      return { kind: 'unknown', status: checkout.status };
  }
}

/**
 * A payment link's state for the till.
 * - ACTIVE: `waiting`, or `opened` once a CLICKED event shows the customer
 *   has it open; `declinedAttempts` counts PAYMENT_DECLINED events (the link
 *   stays usable after a declined card).
 * - PAID: the link says paid, but the money is the payment's: `paid` carries
 *   its id for a GET …/payments/{id}, and is never an approval by itself.
 * - EXPIRED, CANCELLED: final for the link. A payment id, when present, is
 *   carried too: a payment started just before the end is still to be read.
 */
export type PaymentLinkReading =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'opened'; readonly declinedAttempts: number }
  | { readonly kind: 'paid'; readonly paymentId: string | undefined }
  | { readonly kind: 'expired'; readonly paymentId: string | undefined }
  | { readonly kind: 'cancelled'; readonly paymentId: string | undefined }
  | { readonly kind: 'unknown'; readonly status: string | undefined };

export function classifyPaymentLink(link: {
  readonly status?: string | undefined;
  readonly paymentId?: string | undefined;
  readonly paymentLinkEvents?: readonly { readonly type?: string | undefined }[] | undefined;
}): PaymentLinkReading {
  const events = link.paymentLinkEvents ?? [];
  switch (link.status ?? '') {
    case 'ACTIVE': {
      const declinedAttempts = events.filter((event) => event.type === 'PAYMENT_DECLINED').length;
      const opened = declinedAttempts > 0 || events.some((event) => event.type === 'CLICKED');
      return opened ? { kind: 'opened', declinedAttempts } : { kind: 'waiting' };
    }
    case 'PAID':
      return { kind: 'paid', paymentId: link.paymentId };
    case 'EXPIRED':
      return { kind: 'expired', paymentId: link.paymentId };
    case 'CANCELLED':
      return { kind: 'cancelled', paymentId: link.paymentId };
    default:
      return { kind: 'unknown', status: link.status };
  }
}
