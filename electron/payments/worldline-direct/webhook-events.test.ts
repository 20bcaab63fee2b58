import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWebhookEvent, type DirectWebhookEvent, type WebhookReading } from './webhook-events.ts';
import { splitOperationId } from './wire-schemas.ts';

const envelope = {
  apiVersion: 'v1',
  id: '34b8a607-1fce-4003-b3ae-a4d29e92b232',
  created: '2026-12-05T11:24:14.040+0100',
  merchantId: 'KassaShop1',
};

/** A Direct payment webhook as the docs show one: a pending capture on operation 0. */
const pendingCapture = {
  ...envelope,
  type: 'payment.pending_capture',
  payment: {
    id: '3254564313_0',
    paymentOutput: {
      amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
      references: { merchantReference: 'K-0042-7' },
      paymentMethod: 'card',
    },
    status: 'PENDING_CAPTURE',
    statusOutput: { isCancellable: true, statusCategory: 'PENDING_MERCHANT', statusCode: 5, isAuthorized: true },
  },
};

function eventOf(reading: WebhookReading): DirectWebhookEvent {
  if (reading.kind !== 'event') throw new Error(`refused: ${reading.reason} ${reading.message}`);
  return reading.event;
}

describe('payment events', () => {
  it('reads the payment, its base id and its operation', () => {
    expect(eventOf(readWebhookEvent(JSON.stringify(pendingCapture)))).toEqual({
      kind: 'payment',
      eventId: envelope.id,
      type: 'payment.pending_capture',
      created: envelope.created,
      merchantId: 'KassaShop1',
      paymentId: '3254564313_0',
      basePaymentId: '3254564313',
      operation: 0,
      status: 'PENDING_CAPTURE',
      statusCategory: 'PENDING_MERCHANT',
      merchantReference: 'K-0042-7',
      amountMinor: 1250,
      currency: 'EUR',
    });
  });

  it('reads the SDK’s own vector body (bytes as signed)', () => {
    const vector = JSON.parse(readFileSync(new URL('./testing/webhook-vector.json', import.meta.url), 'utf8')) as {
      body: unknown;
    };
    const event = eventOf(readWebhookEvent(Buffer.from(JSON.stringify(vector.body, null, 2))));
    expect(event).toMatchObject({
      kind: 'payment',
      type: 'payment.paid',
      paymentId: '00000200000143570012',
      basePaymentId: '00000200000143570012',
      operation: undefined,
      status: 'PAID',
      statusCategory: 'COMPLETED',
      amountMinor: 1000,
      currency: 'EUR',
      merchantReference: undefined,
    });
  });

  it('reads nulls as absent, as the SDK’s types allow them', () => {
    const body = {
      ...pendingCapture,
      payment: { id: '1_2', status: null, statusOutput: null, paymentOutput: { amountOfMoney: null } },
    };
    expect(eventOf(readWebhookEvent(JSON.stringify(body)))).toMatchObject({
      paymentId: '1_2',
      operation: 2,
      status: undefined,
      statusCategory: undefined,
      amountMinor: undefined,
    });
  });

  it('refuses an amount that is not whole minor units', () => {
    const body = structuredClone(pendingCapture);
    body.payment.paymentOutput.amountOfMoney.amount = 12.5;
    expect(readWebhookEvent(JSON.stringify(body))).toMatchObject({ kind: 'refused', reason: 'malformed' });
  });

  it('refuses a payment event without a payment', () => {
    const bare = { ...pendingCapture, payment: undefined };
    expect(readWebhookEvent(JSON.stringify(bare))).toMatchObject({ kind: 'refused', reason: 'malformed' });
  });
});

describe('refund events', () => {
  it('reads the refund and the payment it belongs to', () => {
    const body = {
      ...envelope,
      type: 'refund.refund_requested',
      refund: {
        id: '3254564313_2',
        refundOutput: {
          amountOfMoney: { amount: 500, currencyCode: 'EUR' },
          operationReferences: { merchantReference: 'K-R-0042-1' },
        },
        status: 'REFUND_REQUESTED',
        statusOutput: { statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY', statusCode: 81 },
      },
    };
    expect(eventOf(readWebhookEvent(JSON.stringify(body)))).toEqual({
      kind: 'refund',
      eventId: envelope.id,
      type: 'refund.refund_requested',
      created: envelope.created,
      merchantId: 'KassaShop1',
      refundId: '3254564313_2',
      basePaymentId: '3254564313',
      operation: 2,
      status: 'REFUND_REQUESTED',
      statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY',
      merchantReference: 'K-R-0042-1',
      amountMinor: 500,
      currency: 'EUR',
    });
  });
});

describe('payment link events (assumed shape)', () => {
  const link = {
    paymentLinkId: 'pl_6f0c2a',
    status: 'ACTIVE',
    redirectionUrl: 'https://payment.preprod.direct.worldline-solutions.com/pl/6f0c2a',
    paymentLinkOrder: { merchantReference: 'K-0042-7', amount: { amount: 1250, currencyCode: 'EUR' } },
    paymentLinkEvents: [{ type: 'CREATED' }, { type: 'CLICKED' }],
  };

  it.each(['paymentLink', 'paymentlink'])('reads a link under %s, the event word from the type', (key) => {
    const body = { ...envelope, type: 'paymentlink.clicked', [key]: link };
    expect(eventOf(readWebhookEvent(JSON.stringify(body)))).toEqual({
      kind: 'paymentLink',
      eventId: envelope.id,
      type: 'paymentlink.clicked',
      created: envelope.created,
      merchantId: 'KassaShop1',
      linkId: 'pl_6f0c2a',
      status: 'ACTIVE',
      linkEvent: 'CLICKED',
      merchantReference: 'K-0042-7',
      paymentId: undefined,
    });
  });

  it('takes the event word from the link’s last event when the type has none, and carries the payment id', () => {
    const paid = { ...link, status: 'PAID', paymentId: '3254564313_0', paymentLinkEvents: [{ type: 'PAID' }] };
    const body = { ...envelope, type: 'paymentLink', paymentLink: paid };
    expect(eventOf(readWebhookEvent(JSON.stringify(body)))).toMatchObject({
      kind: 'paymentLink',
      linkEvent: 'PAID',
      paymentId: '3254564313_0',
    });
  });
});

describe('anything else', () => {
  it('is `other`, with its type, so the caller can log and acknowledge it', () => {
    const body = { ...envelope, type: 'token.created', token: { id: 't' } };
    expect(eventOf(readWebhookEvent(JSON.stringify(body)))).toEqual({
      kind: 'other',
      eventId: envelope.id,
      type: 'token.created',
      created: envelope.created,
      merchantId: 'KassaShop1',
    });
  });
});

describe('refusals', () => {
  it.each<[string, string, string]>([
    ['not JSON', '{"apiVersion":', 'not_json'],
    ['another API version', JSON.stringify({ ...pendingCapture, apiVersion: 'v2' }), 'api_version_mismatch'],
    ['no API version', JSON.stringify({ ...pendingCapture, apiVersion: undefined }), 'api_version_mismatch'],
    ['a numeric API version', JSON.stringify({ ...pendingCapture, apiVersion: 1 }), 'api_version_mismatch'],
    ['no event id', JSON.stringify({ ...pendingCapture, id: undefined }), 'malformed'],
    ['no type', JSON.stringify({ ...pendingCapture, type: '' }), 'malformed'],
    ['a JSON array', '[]', 'malformed'],
  ])('refuses %s', (_what, body, reason) => {
    expect(readWebhookEvent(body)).toMatchObject({ kind: 'refused', reason });
  });

  it('does not quote the body’s values in its reason', () => {
    const body = structuredClone(pendingCapture);
    body.payment.paymentOutput.amountOfMoney.amount = 12.5;
    const reading = readWebhookEvent(JSON.stringify(body));
    expect(reading.kind === 'refused' && reading.message).toBe(
      'payment: paymentOutput.amountOfMoney.amount: invalid_type',
    );
  });
});

describe('splitOperationId', () => {
  it.each<[string, string, number | undefined]>([
    ['3136405348_0', '3136405348', 0],
    ['3136405348_12', '3136405348', 12],
    ['00000200000143570012', '00000200000143570012', undefined],
    ['abc_def', 'abc_def', undefined],
    ['_1', '_1', undefined],
  ])('%s → %s, %s', (id, base, operation) => {
    expect(splitOperationId(id)).toEqual({ base, operation });
  });
});
