import { describe, expect, it, vi } from 'vitest';
import {
  cardPaymentBody,
  field,
  linkBody,
  minutesAhead,
  startTestDirectSimulator,
  startWebhookReceiver,
  TEST_SECRET_API_KEY,
} from './testing/harness.ts';

/** The API over plain fetch: authentication, bodies, links, payments and refunds. */

describe('authentication', () => {
  it('accepts a correctly signed request', async () => {
    const { client } = await startTestDirectSimulator();
    const reply = await client.call('GET', 'services/testconnection');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ result: 'OK' });
  });

  it.each([
    ['a wrong signature', { secretApiKey: `${TEST_SECRET_API_KEY}x` }],
    ['an unknown key id', { apiKeyId: 'NOT-OUR-KEY' }],
    ['a Date six minutes old', { date: new Date(Date.now() - 6 * 60_000).toUTCString() }],
    ['a Date six minutes ahead', { date: new Date(Date.now() + 6 * 60_000).toUTCString() }],
  ])('refuses %s with 401 and Worldline’s error body', async (_what, options) => {
    const { client, simulator } = await startTestDirectSimulator();
    const reply = await client.call('POST', 'paymentlinks', { body: linkBody(1000), ...options });
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({
      errorId: expect.any(String) as unknown,
      errors: [
        {
          code: '9002',
          id: 'MISSING_OR_INVALID_AUTHORIZATION',
          category: 'DIRECT_PLATFORM_ERROR',
          httpStatusCode: 401,
          message: 'MISSING_OR_INVALID_AUTHORIZATION',
        },
      ],
    });
    expect(simulator.control.links()).toEqual([]);
  });

  it('refuses a request without Authorization, and one whose signed X-GCS header was changed', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    expect((await client.raw('GET', `/v2/${simulator.merchantId}/services/testconnection`)).status).toBe(401);
    const signed = await client.call('GET', 'services/testconnection', { headers: { 'X-GCS-ClientMetaInfo': 'a' } });
    expect(signed.status).toBe(200);
    // Signed with one X-GCS value, sent with another: those headers are part of the signature.
    const tampered = await client.call('GET', 'services/testconnection', {
      headers: { 'X-GCS-ClientMetaInfo': 'a' },
      tamper: { 'X-GCS-ClientMetaInfo': 'b' },
    });
    expect(tampered.status).toBe(401);
  });

  it('accepts a Date four minutes off', async () => {
    const { client } = await startTestDirectSimulator();
    const date = new Date(Date.now() - 4 * 60_000).toUTCString();
    expect((await client.call('GET', 'services/testconnection', { date })).status).toBe(200);
  });

  it('answers 403 for another merchant’s path', async () => {
    const { client } = await startTestDirectSimulator();
    const reply = await client.call('GET', 'services/testconnection', { merchantId: 'SomeoneElse' });
    expect(reply.status).toBe(403);
    expect(field(reply.json, 'errors', 0, 'httpStatusCode')).toBe(403);
  });
});

describe('bodies', () => {
  it('takes a chunked body without Content-Length, as the official SDK sends it', async () => {
    const { client } = await startTestDirectSimulator();
    const reply = await client.call('POST', 'paymentlinks', { body: linkBody(1234), chunked: true });
    expect(reply.status).toBe(201);
    expect(field(reply.json, 'paymentLinkOrder', 'amount', 'amount')).toBe(1234);
  });

  it('refuses an invalid body with 400 naming the property', async () => {
    const { client } = await startTestDirectSimulator();
    const reply = await client.call('POST', 'paymentlinks', {
      body: linkBody(1000, { paymentLinkSpecificInput: { expirationDate: '2030-01-01T00:00:00' } }),
    });
    expect(reply.status).toBe(400);
    expect(field(reply.json, 'errors', 0, 'propertyName')).toBe('paymentLinkSpecificInput.expirationDate');
    const long = await client.call('POST', 'paymentlinks', {
      body: {
        ...linkBody(1000),
        order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' }, references: { merchantReference: 'x'.repeat(41) } },
      },
    });
    expect(long.status).toBe(400);
  });
});

describe('payment links', () => {
  it('expire at their expiration date on the time scale', async () => {
    // 0.0005: ten minutes pass in 300 ms.
    const { client } = await startTestDirectSimulator({ timeScale: 0.0005 });
    const started = performance.now();
    const created = await client.call('POST', 'paymentlinks', {
      body: linkBody(1000, { paymentLinkSpecificInput: { expirationDate: minutesAhead(10) } }),
    });
    const id = String(field(created.json, 'paymentLinkId'));
    expect(field((await client.call('GET', `paymentlinks/${id}`)).json, 'status')).toBe('ACTIVE');
    await vi.waitFor(
      async () => expect(field((await client.call('GET', `paymentlinks/${id}`)).json, 'status')).toBe('EXPIRED'),
      { timeout: 3_000, interval: 20 },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    const read = await client.call('GET', `paymentlinks/${id}`);
    expect(field(read.json, 'paymentLinkEvents', 1, 'type')).toBe('EXPIRED');
    const cancel = await client.call('POST', `paymentlinks/${id}/cancel`);
    expect(cancel.status).toBe(409);
  });

  it('answer 404 for an unknown link', async () => {
    const { client } = await startTestDirectSimulator();
    expect((await client.call('GET', 'paymentlinks/pl_nope')).status).toBe(404);
    expect((await client.call('POST', 'paymentlinks/pl_nope/cancel')).status).toBe(404);
    const page = await client.raw('GET', '/pay/pl_nope');
    expect(page.status).toBe(404);
    expect(page.text).toContain('This link is not known');
  });

  it('with a repeated X-GCS-Idempotence-Key return the first answer and make no second link', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    const headers = { 'X-GCS-Idempotence-Key': 'till-7-attempt-1' };
    const first = await client.call('POST', 'paymentlinks', { body: linkBody(1000), headers });
    // Worldline answers a completed repeat with the first outcome, whatever the new payload says.
    const second = await client.call('POST', 'paymentlinks', { body: linkBody(2000), headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('x-gcs-idempotence-request-timestamp')).toBeNull();
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(Number(second.headers.get('x-gcs-idempotence-request-timestamp'))).toBeGreaterThan(0);
    expect(simulator.control.links()).toHaveLength(1);
  });
});

describe('the hosted page', () => {
  it('shows amount, description and a prefilled card; opening it records CLICKED', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    const created = await client.call('POST', 'paymentlinks', { body: linkBody(1999) });
    const page = await client.raw('GET', `/pay/${String(field(created.json, 'paymentLinkId'))}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('19.99 EUR');
    expect(page.text).toContain('Kassa sale 42');
    expect(page.text).toContain('value="4111111111111111"');
    expect(page.text).not.toMatch(/(src|href)="https?:/);
    expect(field(simulator.control.links()[0], 'paymentLinkEvents', 1, 'type')).toBe('CLICKED');
  });

  it('approves by magic amount: a CAPTURED payment, the link PAID with its paymentId, a webhook', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator();
    const created = await client.call('POST', 'paymentlinks', {
      body: linkBody(1000, { feedbacks: { webhookUrl: receiver.url } }),
    });
    const id = String(field(created.json, 'paymentLinkId'));
    const result = await client.raw('POST', `/pay/${id}`, {
      body: 'cardNumber=5555+5555+5555+4444',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(result.text).toContain('Payment approved');
    const link = (await client.call('GET', `paymentlinks/${id}`)).json;
    expect(field(link, 'status')).toBe('PAID');
    const paymentId = String(field(link, 'paymentId'));
    expect(paymentId).toMatch(/^\d{10}_0$/);
    const payment = (await client.call('GET', `payments/${paymentId}`)).json;
    expect(payment).toMatchObject({ status: 'CAPTURED', statusOutput: { statusCategory: 'COMPLETED', statusCode: 9 } });
    expect(field(payment, 'paymentOutput', 'cardPaymentMethodSpecificOutput', 'card', 'cardNumber')).toBe(
      '555555******4444',
    );
    await receiver.waitFor('the captured webhook', (deliveries) => deliveries.length === 1);
    expect(receiver.deliveries[0]?.body).toMatchObject({ type: 'payment.captured', payment: { id: paymentId } });
    // Paid: the page now says so, and paying again moves no money.
    expect((await client.raw('POST', `/pay/${id}`)).text).toContain('This link is no longer valid');
  });

  it('declines by magic amount (…123): a REJECTED payment, the link stays ACTIVE for another try', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const created = await client.call('POST', 'paymentlinks', { body: linkBody(10123) });
    const id = String(field(created.json, 'paymentLinkId'));
    expect((await client.raw('POST', `/pay/${id}`)).text).toContain('Payment declined');
    const link = (await client.call('GET', `paymentlinks/${id}`)).json;
    expect(field(link, 'status')).toBe('ACTIVE');
    expect(field(link, 'paymentId')).toBeUndefined();
    expect(field(link, 'paymentLinkEvents', 1)).toMatchObject({ type: 'PAYMENT_DECLINED', details: 'Refused' });
    await receiver.waitFor('the rejected webhook', (deliveries) => deliveries.length === 1);
    expect(receiver.deliveries[0]?.body).toMatchObject({
      type: 'payment.rejected',
      payment: { status: 'REJECTED', statusOutput: { statusCategory: 'UNSUCCESSFUL', statusCode: 2 } },
    });
  });

  it('of a cancelled or expired link says it is no longer valid and moves no money', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const one = String(
      field((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).json, 'paymentLinkId'),
    );
    const two = String(
      field((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).json, 'paymentLinkId'),
    );
    await client.call('POST', `paymentlinks/${one}/cancel`);
    simulator.control.expire(two);
    for (const id of [one, two]) {
      expect((await client.raw('GET', `/pay/${id}`)).text).toContain('This link is no longer valid');
      const paid = await client.raw('POST', `/pay/${id}`);
      expect(paid.status).toBe(410);
      expect(paid.text).toContain('This link is no longer valid');
    }
    expect(simulator.control.pay(one)).toBeUndefined();
    expect((await client.raw('POST', `/_simulator/paymentlinks/${two}/pay`)).status).toBe(409);
    await simulator.control.webhooksIdle();
    expect(receiver.deliveries).toEqual([]);
  });
});

describe('the race a till must survive', () => {
  it('lets a payment already on its way go through after the link was cancelled, keeping the link cancelled', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const id = String(
      field((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).json, 'paymentLinkId'),
    );
    await client.call('POST', `paymentlinks/${id}/cancel`);
    const late = await client.raw('POST', `/_simulator/paymentlinks/${id}/pay`, {
      body: JSON.stringify({ outcome: 'approved', afterLinkEnded: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(late.status).toBe(200);

    const link = (await client.call('GET', `paymentlinks/${id}`)).json;
    expect(field(link, 'status')).toBe('CANCELLED');
    const paymentId = String(field(link, 'paymentId'));
    expect(field((await client.call('GET', `payments/${paymentId}`)).json, 'status')).toBe('CAPTURED');
    await receiver.waitFor('the captured webhook', (deliveries) => deliveries.length === 1);
    expect(receiver.deliveries[0]?.body).toMatchObject({ type: 'payment.captured' });
  });
});

describe('card payments and refunds', () => {
  it('refunds settle later (scaled) with a webhook, capped at what is left', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const created = await client.call('POST', 'payments', { body: cardPaymentBody(3000) });
    const id = String(field(created.json, 'payment', 'id'));
    const first = await client.call('POST', `payments/${id}/refund`, {
      body: { amountOfMoney: { amount: 2000, currencyCode: 'EUR' } },
    });
    expect(first.status).toBe(201);
    expect(field(first.json, 'status')).toBe('REFUND_REQUESTED');
    const over = await client.call('POST', `payments/${id}/refund`, {
      body: { amountOfMoney: { amount: 1001, currencyCode: 'EUR' } },
    });
    expect(over.status).toBe(400);
    expect(field(over.json, 'errors', 0, 'httpStatusCode')).toBe(400);
    // No amount: the rest.
    const rest = await client.call('POST', `payments/${id}/refund`, { body: {} });
    expect(field(rest.json, 'refundOutput', 'amountOfMoney', 'amount')).toBe(1000);
    await receiver.waitFor(
      'both refunds settled',
      (deliveries) => deliveries.filter((delivery) => field(delivery.body, 'type') === 'payment.refunded').length === 2,
    );
    const types = receiver.deliveries.map((delivery) => field(delivery.body, 'type'));
    expect(types.slice(0, 3)).toEqual(['payment.captured', 'refund.refund_requested', 'refund.refund_requested']);
    const refunded = receiver.deliveries.find((delivery) => field(delivery.body, 'type') === 'payment.refunded');
    expect(field(refunded?.body, 'payment', 'id')).toMatch(/^\d{10}_[12]$/);
    const refunds = (await client.call('GET', `payments/${id}/refunds`)).json;
    expect(field(refunds, 'refunds', 0, 'status')).toBe('REFUNDED');
    const payment = (await client.call('GET', `payments/${id}`)).json;
    expect(payment).toMatchObject({ status: 'REFUNDED', statusOutput: { isRefundable: false } });
  });

  it('a declined payment (…123) is 402 with the payment and cannot be refunded; an authorisation can be cancelled once', async () => {
    const { client } = await startTestDirectSimulator();
    const declined = await client.call('POST', 'payments', { body: cardPaymentBody(10123) });
    expect(declined.status).toBe(402);
    expect(declined.json).toMatchObject({
      errors: [{ httpStatusCode: 402, category: 'PAYMENT_PLATFORM_ERROR', message: 'Refused' }],
      paymentResult: { payment: { status: 'REJECTED', statusOutput: { statusCategory: 'UNSUCCESSFUL' } } },
    });
    const id = String(field(declined.json, 'paymentResult', 'payment', 'id'));
    expect((await client.call('GET', `payments/${id}`)).status).toBe(200);
    expect((await client.call('POST', `payments/${id}/refund`, { body: {} })).status).toBe(404);
    const held = await client.call('POST', 'payments', {
      body: cardPaymentBody(1000, {
        cardPaymentMethodSpecificInput: {
          card: { cardNumber: '4111111111111111', expiryDate: '1230' },
          authorizationMode: 'FINAL_AUTHORIZATION',
        },
      }),
    });
    expect(field(held.json, 'payment', 'statusOutput', 'statusCode')).toBe(5);
    const heldId = String(field(held.json, 'payment', 'id'));
    const cancelled = await client.call('POST', `payments/${heldId}/cancel`);
    expect(field(cancelled.json, 'payment', 'status')).toBe('CANCELLED');
    expect((await client.call('POST', `payments/${heldId}/cancel`)).status).toBe(400);
  });
});
