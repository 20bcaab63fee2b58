import { describe, expect, it } from 'vitest';
import {
  classifyHostedCheckout,
  classifyPayment,
  classifyPaymentLink,
  classifyRefund,
  isFinalPayment,
  PAYMENT_STATUSES,
  type PaymentReading,
} from './payment-status.ts';

describe('classifyPayment', () => {
  it.each([
    ['CAPTURED', 'COMPLETED', 'approved'],
    ['PENDING_CAPTURE', 'PENDING_MERCHANT', 'approved'],
    ['CAPTURE_REQUESTED', 'PENDING_CONNECT_OR_3RD_PARTY', 'approved'],
    ['PAID', 'COMPLETED', 'approved'],
    ['REJECTED', 'UNSUCCESSFUL', 'declined'],
    ['REJECTED_CAPTURE', 'UNSUCCESSFUL', 'declined'],
    ['CANCELLED', 'UNSUCCESSFUL', 'cancelled'],
    ['REVERSED', 'REVERSED', 'cancelled'],
    ['CREATED', 'CREATED', 'pending'],
    ['REDIRECTED', 'PENDING_PAYMENT', 'pending'],
    ['PENDING_PAYMENT', 'PENDING_PAYMENT', 'pending'],
    ['PENDING_COMPLETION', 'PENDING_MERCHANT', 'pending'],
    ['AUTHORIZATION_REQUESTED', 'PENDING_CONNECT_OR_3RD_PARTY', 'pending'],
    ['REFUND_REQUESTED', 'PENDING_CONNECT_OR_3RD_PARTY', 'refund_requested'],
    ['REFUNDED', 'REFUNDED', 'refunded'],
  ])('%s (%s) is %s', (status, statusCategory, kind) => {
    expect(classifyPayment({ status, statusCategory })).toEqual({ kind, status });
  });

  it.each([
    ['COMPLETED', 'approved'],
    ['UNSUCCESSFUL', 'declined'],
    ['REVERSED', 'cancelled'],
    ['REFUNDED', 'refunded'],
    ['PENDING_MERCHANT', 'pending'],
  ])('falls back on the category %s (%s) for a status it does not know', (statusCategory, kind) => {
    expect(classifyPayment({ status: 'SOMETHING_NEW', statusCategory }).kind).toBe(kind);
    expect(classifyPayment({ statusCategory }).kind).toBe(kind);
  });

  it.each<[string, { status?: string; statusCategory?: string }]>([
    ['nothing', {}],
    ['a status and a category it does not know', { status: 'SOMETHING_NEW', statusCategory: 'ALSO_NEW' }],
    ['a hosted checkout status', { status: 'PAYMENT_CREATED' }],
    ['an approval the category calls unsuccessful', { status: 'CAPTURED', statusCategory: 'UNSUCCESSFUL' }],
    ['a prototype key', { status: 'constructor', statusCategory: 'toString' }],
  ])('is unknown for %s', (_what, payment) => {
    expect(classifyPayment(payment).kind).toBe('unknown');
  });

  it('calls final only what nothing more will change by itself', () => {
    const final = Object.keys(PAYMENT_STATUSES).filter((status) => isFinalPayment(classifyPayment({ status })));
    expect(final.sort()).toEqual(
      [
        'CANCELLED',
        'CAPTURED',
        'CAPTURE_REQUESTED',
        'PAID',
        'PENDING_CAPTURE',
        'REFUNDED',
        'REJECTED',
        'REJECTED_CAPTURE',
        'REVERSED',
      ].sort(),
    );
    const unknown: PaymentReading = { kind: 'unknown', status: undefined, statusCategory: undefined };
    expect(isFinalPayment(unknown)).toBe(false);
  });
});

describe('classifyRefund', () => {
  it.each([
    ['REFUND_REQUESTED', undefined, 'refund_requested'],
    ['CREATED', undefined, 'refund_requested'],
    ['REFUNDED', 'REFUNDED', 'refunded'],
    ['REJECTED', 'UNSUCCESSFUL', 'refund_declined'],
    ['CANCELLED', undefined, 'refund_cancelled'],
    [undefined, 'REFUNDED', 'refunded'],
    [undefined, 'UNSUCCESSFUL', 'refund_declined'],
    ['REFUNDED', 'UNSUCCESSFUL', 'unknown'],
    ['WHATEVER', undefined, 'unknown'],
  ])('%s (%s) is %s', (status, statusCategory, kind) => {
    expect(classifyRefund({ status, statusCategory }).kind).toBe(kind);
  });
});

describe('classifyHostedCheckout', () => {
  it('never takes PAYMENT_CREATED for paid', () => {
    expect(classifyHostedCheckout({ status: 'PAYMENT_CREATED' })).toEqual({ kind: 'check_payment' });
    expect(classifyHostedCheckout({ status: 'PAYMENT_CREATED', payment: { status: 'REJECTED' } })).toEqual({
      kind: 'payment',
      payment: { kind: 'declined', status: 'REJECTED' },
    });
    expect(classifyHostedCheckout({ status: 'PAYMENT_CREATED', payment: { status: 'CAPTURED' } })).toEqual({
      kind: 'payment',
      payment: { kind: 'approved', status: 'CAPTURED' },
    });
  });

  it.each([
    ['IN_PROGRESS', 'in_progress'],
    ['CANCELLED_BY_CONSUMER', 'no_payment'],
    ['NEW_THING', 'unknown'],
  ])('%s is %s', (status, kind) => {
    expect(classifyHostedCheckout({ status }).kind).toBe(kind);
  });
});

describe('classifyPaymentLink', () => {
  it.each<[string, Parameters<typeof classifyPaymentLink>[0], ReturnType<typeof classifyPaymentLink>]>([
    ['a fresh link', { status: 'ACTIVE', paymentLinkEvents: [{ type: 'CREATED' }] }, { kind: 'waiting' }],
    ['a link without events', { status: 'ACTIVE' }, { kind: 'waiting' }],
    [
      'a clicked link',
      { status: 'ACTIVE', paymentLinkEvents: [{ type: 'CREATED' }, { type: 'CLICKED' }] },
      { kind: 'opened', declinedAttempts: 0 },
    ],
    [
      'a link with a declined card, still usable',
      { status: 'ACTIVE', paymentLinkEvents: [{ type: 'CLICKED' }, { type: 'PAYMENT_DECLINED' }] },
      { kind: 'opened', declinedAttempts: 1 },
    ],
    ['a paid link', { status: 'PAID', paymentId: '3136405348_0' }, { kind: 'paid', paymentId: '3136405348_0' }],
    ['a paid link not yet naming its payment', { status: 'PAID' }, { kind: 'paid', paymentId: undefined }],
    ['an expired link', { status: 'EXPIRED' }, { kind: 'expired', paymentId: undefined }],
    ['a cancelled link', { status: 'CANCELLED', paymentId: '1_0' }, { kind: 'cancelled', paymentId: '1_0' }],
    ['a status it does not know', { status: 'ARCHIVED' }, { kind: 'unknown', status: 'ARCHIVED' }],
  ])('reads %s', (_what, link, reading) => {
    expect(classifyPaymentLink(link)).toEqual(reading);
  });
});
