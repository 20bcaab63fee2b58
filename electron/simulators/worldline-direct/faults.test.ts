import { describe, expect, it, vi } from 'vitest';
import { cardPaymentBody, field, linkBody, startTestDirectSimulator, startWebhookReceiver } from './testing/harness.ts';

/**
 * What a till must survive, scripted through the control API: webhooks
 * lost, doubled, late, out of order or refused for a while, and calls
 * answered with 5xx or cut off before or after the platform acted.
 */

const typeOf = (body: unknown) => field(body, 'type');
const idOf = (body: unknown) => field(body, 'id');

describe('webhook faults', () => {
  it('are retried with backoff on non-2xx, with the same event, until accepted', async () => {
    const receiver = await startWebhookReceiver([500, 503]);
    const { client, simulator } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await receiver.waitFor('the third attempt', (deliveries) => deliveries.length === 3);
    expect(new Set(receiver.deliveries.map((delivery) => delivery.raw)).size).toBe(1);
    await simulator.control.webhooksIdle();
    expect(simulator.control.webhooks()[0]).toMatchObject({
      state: 'delivered',
      attempts: [{ status: 500 }, { status: 503 }, { status: 200 }],
    });
  });

  it('lost: the next webhook is never sent; the one after is', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-lost' });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await client.call('POST', 'payments', { body: cardPaymentBody(2000) });
    await receiver.waitFor('one webhook', (deliveries) => deliveries.length === 1);
    await simulator.control.webhooksIdle();
    expect(receiver.deliveries).toHaveLength(1);
    expect(field(receiver.deliveries[0]?.body, 'payment', 'paymentOutput', 'amountOfMoney', 'amount')).toBe(2000);
    expect(simulator.control.webhooks().map((record) => record.state)).toEqual(['lost', 'delivered']);
  });

  it('doubled: the same event (same id) arrives twice', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-doubled' });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await receiver.waitFor('two copies', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries[0]?.raw).toBe(receiver.deliveries[1]?.raw);
  });

  it('late: the next webhook comes after a later one', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    // 300 simulated seconds: 300 ms at the test scale.
    await client.addFault({ fault: 'webhook-late', delayMs: 300_000 });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await client.call('POST', 'payments', { body: cardPaymentBody(10123) });
    await receiver.waitFor('both', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries.map((delivery) => typeOf(delivery.body))).toEqual([
      'payment.rejected',
      'payment.captured',
    ]);
  });

  it('reordered: the next webhook is held and sent after the one after it', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const created = await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    const id = String(field(created.json, 'payment', 'id'));
    await receiver.waitFor('the captured webhook', (deliveries) => deliveries.length === 1);
    await client.addFault({ fault: 'webhook-reordered' });
    // refund.refund_requested is held until payment.refunded (a minute later, scaled) has gone; refund.refunded follows.
    await client.call('POST', `payments/${id}/refund`, {
      body: { amountOfMoney: { amount: 500, currencyCode: 'EUR' } },
    });
    await receiver.waitFor('four webhooks', (deliveries) => deliveries.length === 4);
    const types = receiver.deliveries.map((delivery) => typeOf(delivery.body));
    // The held one goes once the next has gone; refund.refunded, sent at the same moment, may pass it.
    expect(types.slice(0, 2)).toEqual(['payment.captured', 'payment.refunded']);
    expect(types.slice(2).sort()).toEqual(['refund.refund_requested', 'refund.refunded']);
    expect(simulator.control.webhooks().map((record) => record.fault)).toEqual([
      undefined,
      'webhook-reordered',
      undefined,
      undefined,
    ]);
  });

  it('each event has its own id, and the envelope Worldline documents', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await client.call('POST', 'payments', { body: cardPaymentBody(1000) });
    await receiver.waitFor('two', (deliveries) => deliveries.length === 2);
    const [one, two] = receiver.deliveries.map((delivery) => delivery.body);
    expect(idOf(one)).not.toBe(idOf(two));
    expect(one).toMatchObject({ apiVersion: 'v1', merchantId: simulator.merchantId, type: 'payment.captured' });
    expect(String(field(one, 'created'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(receiver.deliveries[0]?.headers['x-gcs-keyid']).toBe('kassa-webhook-key');
    expect(receiver.deliveries[0]?.headers['x-gcs-signature']).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});

describe('call faults', () => {
  it('5xx before the platform acted: nothing was created', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    await client.addFault({ fault: 'http-error', status: 503 });
    const reply = await client.call('POST', 'paymentlinks', { body: linkBody(1000) });
    expect(reply.status).toBe(503);
    expect(field(reply.json, 'errors', 0, 'httpStatusCode')).toBe(503);
    expect(simulator.control.links()).toEqual([]);
    expect((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).status).toBe(201);
  });

  it('5xx after the platform acted: the link exists, and an idempotent retry gets it', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    await client.addFault({ fault: 'http-error', status: 502, applied: true });
    const headers = { 'X-GCS-Idempotence-Key': 'attempt-42' };
    expect((await client.call('POST', 'paymentlinks', { body: linkBody(1000), headers })).status).toBe(502);
    expect(simulator.control.links()).toHaveLength(1);
    const retry = await client.call('POST', 'paymentlinks', { body: linkBody(1000), headers });
    expect(retry.status).toBe(201);
    expect(field(retry.json, 'paymentLinkId')).toBe(simulator.control.links()[0]?.paymentLinkId);
    expect(simulator.control.links()).toHaveLength(1);
  });

  it('a dropped connection, before or after the platform acted', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    await client.addFault({ fault: 'drop-connection' });
    await expect(client.call('POST', 'paymentlinks', { body: linkBody(1000) })).rejects.toThrow();
    expect(simulator.control.links()).toHaveLength(0);
    await client.addFault({ fault: 'drop-connection', applied: true });
    await expect(client.call('POST', 'paymentlinks', { body: linkBody(1000) })).rejects.toThrow();
    expect(simulator.control.links()).toHaveLength(1);
  });

  it('a repeat of an idempotent request still in progress gets 409 DUPLICATE_REQUEST_IN_PROGRESS', async () => {
    const { client, simulator } = await startTestDirectSimulator();
    await client.addFault({ fault: 'slow-answer', delayMs: 500_000 });
    const headers = { 'X-GCS-Idempotence-Key': 'slow-one' };
    const first = client.call('POST', 'paymentlinks', { body: linkBody(1000), headers });
    await vi.waitFor(() => expect(simulator.control.links()).toHaveLength(1), { timeout: 2_000, interval: 2 });
    const repeat = await client.call('POST', 'paymentlinks', { body: linkBody(1000), headers });
    expect(repeat.status).toBe(409);
    expect(field(repeat.json, 'errors', 0, 'id')).toBe('DUPLICATE_REQUEST_IN_PROGRESS');
    expect(repeat.headers.get('x-gcs-idempotence-request-timestamp')).toMatch(/^\d+$/);
    expect((await first).status).toBe(201);
    const later = await client.call('POST', 'paymentlinks', { body: linkBody(1000), headers });
    expect(field(later.json, 'paymentLinkId')).toBe(field((await first).json, 'paymentLinkId'));
  });

  it('the control API lists pending faults and refuses unknown ones', async () => {
    const { client } = await startTestDirectSimulator();
    await client.addFault({ fault: 'webhook-late', delayMs: 1_000 });
    const listed = await client.raw('GET', '/_simulator/faults');
    expect(listed.json).toEqual({ pendingFaults: [{ fault: 'webhook-late', delayMs: 1_000 }] });
    const bad = await client.raw('POST', '/_simulator/faults', {
      body: JSON.stringify({ fault: 'http-error', status: 418 }),
    });
    expect(bad.status).toBe(400);
    await client.raw('POST', '/_simulator/reset');
    expect((await client.raw('GET', '/_simulator/faults')).json).toEqual({ pendingFaults: [] });
  });
});

describe('the control API over HTTP', () => {
  it('pays, clicks and expires links and lists them with their merchantReference', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const one = String(
      field((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).json, 'paymentLinkId'),
    );
    const two = String(
      field((await client.call('POST', 'paymentlinks', { body: linkBody(1000) })).json, 'paymentLinkId'),
    );
    expect((await client.raw('POST', `/_simulator/paymentlinks/${one}/click`)).status).toBe(200);
    const paid = await client.raw('POST', `/_simulator/paymentlinks/${one}/pay`, {
      body: JSON.stringify({ outcome: 'declined' }),
    });
    expect(field(paid.json, 'payment', 'status')).toBe('REJECTED');
    const approved = await client.raw('POST', `/_simulator/paymentlinks/${one}/pay`);
    expect(field(approved.json, 'link', 'status')).toBe('PAID');
    await client.raw('POST', `/_simulator/paymentlinks/${two}/expire`);
    const listing = (await client.raw('GET', '/_simulator/paymentlinks')).json;
    expect(field(listing, 'paymentLinks', 0)).toMatchObject({
      status: 'PAID',
      merchantReference: expect.stringMatching(/^kassa-/) as unknown,
    });
    expect(field(listing, 'paymentLinks', 0, 'paymentLinkEvents')).toMatchObject([
      { type: 'CREATED' },
      { type: 'CLICKED' },
      { type: 'PAYMENT_DECLINED' },
      { type: 'PAID' },
    ]);
    expect(field(listing, 'paymentLinks', 1, 'status')).toBe('EXPIRED');
    await receiver.waitFor('two webhooks', (deliveries) => deliveries.length === 2);
    const webhooks = (await client.raw('GET', '/_simulator/webhooks')).json;
    expect(field(webhooks, 'webhooks', 0, 'type')).toBe('payment.rejected');
  });
});
