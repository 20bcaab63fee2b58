import { describe, expect, it } from 'vitest';
import { cardForm, field, startTestOppSimulator, startWebhookReceiver, text } from './testing/harness.ts';
import { retryDelay } from './webhooks.ts';

/**
 * Webhooks as a till's listener receives them: decrypted by the harness's
 * own AES-256-GCM code, retried on failure, and the faults a till must
 * survive (lost, doubled, late, out of order, contradicting).
 */

const payloadOf = (notification: unknown) => field(notification, 'payload');
const codeOf = (notification: unknown) => field(notification, 'payload', 'result', 'code');

describe('webhooks', () => {
  it('spaces webhook retries 1, 2, 4, 8, 15, 30 minutes, then hourly', () => {
    const minutes = Array.from({ length: 10 }, (_, index) => retryDelay(index) / 60_000);
    expect(minutes).toEqual([0, 1, 2, 4, 8, 15, 30, 60, 60, 60]);
  });
  it('carry {type: PAYMENT, payload: the transaction as GET answers it}, encrypted, hex, with IV and tag headers', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestOppSimulator({ webhookUrl: receiver.url });
    const created = await client.post('payments', cardForm('10.00'));
    await receiver.waitFor('one webhook', (deliveries) => deliveries.length === 1);
    const [delivery] = receiver.deliveries;
    expect(delivery?.headers['content-type']).toBe('text/plain');
    expect(delivery?.headers['x-initialization-vector']).toMatch(/^[0-9A-F]{24}$/);
    expect(delivery?.headers['x-authentication-tag']).toMatch(/^[0-9A-F]{32}$/);
    expect(delivery?.raw).toMatch(/^[0-9A-F]+$/);
    expect(field(delivery?.notification, 'type')).toBe('PAYMENT');
    const read = await client.get(`payments/${text(field(created.json, 'id'))}`);
    expect(payloadOf(delivery?.notification)).toEqual(read.json);
  });

  it('wrapped as {"encryptedBody": hex} in application/json when asked', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestOppSimulator({ webhookUrl: receiver.url, wrapJson: true });
    await client.post('payments', cardForm('10.00'));
    await receiver.waitFor('one webhook', (deliveries) => deliveries.length === 1);
    expect(receiver.deliveries[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(receiver.deliveries[0]?.raw ?? '')).toEqual({
      encryptedBody: expect.stringMatching(/^[0-9A-F]+$/) as unknown,
    });
    expect(codeOf(receiver.deliveries[0]?.notification)).toBe('000.100.110');
  });

  it('come for every transaction made (back-office ones too) and when a pending one turns final', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url });
    const pending = text(field((await client.post('payments', cardForm('109.08'))).json, 'id'));
    await receiver.waitFor('the final one', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries.map((delivery) => codeOf(delivery.notification))).toEqual([
      '000.200.000',
      '000.000.000',
    ]);
    await client.post(`payments/${pending}`, { paymentType: 'RF', amount: '9.08', currency: 'EUR' });
    await receiver.waitFor('the refund', (deliveries) => deliveries.length === 3);
    expect(payloadOf(receiver.deliveries[2]?.notification)).toMatchObject({ paymentType: 'RF', referencedId: pending });
    await simulator.control.webhooksIdle();
    expect(simulator.control.webhooks().map((record) => [record.paymentId === pending, record.resultCode])).toEqual([
      [true, '000.200.000'],
      [true, '000.000.000'],
      [false, '000.100.110'],
    ]);
  });

  it('are retried after 1 and 2 simulated minutes on non-2xx, with the same plaintext, until accepted', async () => {
    const receiver = await startWebhookReceiver([500, 503]);
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url });
    await client.post('payments', cardForm('10.00'));
    await receiver.waitFor('the third try', (deliveries) => deliveries.length === 3);
    await simulator.control.webhooksIdle();
    const plaintexts = new Set(receiver.deliveries.map((delivery) => JSON.stringify(delivery.notification)));
    expect(plaintexts.size).toBe(1);
    // Each try is encrypted afresh: an IV is never used twice.
    expect(new Set(receiver.deliveries.map((delivery) => delivery.headers['x-initialization-vector'])).size).toBe(3);
    const [record] = simulator.control.webhooks();
    expect(record).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 503 }, { status: 200 }] });
    const at = record?.attempts.map((attempt) => Date.parse(attempt.at)) ?? [];
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(120_000);
  });

  it('are given up after webhookMaxAttempts tries, a refused connection counting as one', async () => {
    const receiver = await startWebhookReceiver([500, 500, 500, 500]);
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url, webhookMaxAttempts: 3 });
    await client.post('payments', cardForm('10.00'));
    await receiver.waitFor('three tries', (deliveries) => deliveries.length === 3);
    await simulator.control.webhooksIdle();
    expect(simulator.control.webhooks()[0]).toMatchObject({ state: 'given-up', attempts: [{}, {}, {}] });

    const nobody = await startTestOppSimulator({ webhookUrl: 'http://127.0.0.1:9/opp/events', webhookMaxAttempts: 2 });
    await nobody.client.post('payments', cardForm('10.00'));
    await nobody.simulator.control.webhooksIdle();
    const [record] = nobody.simulator.control.webhooks();
    expect(record?.state).toBe('given-up');
    expect(record?.attempts.map((attempt) => attempt.error === undefined)).toEqual([false, false]);
  });

  it('go nowhere without a URL; setWebhookUrl (in process or over HTTP) points them at a listener', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestOppSimulator();
    await client.post('payments', cardForm('10.00'));
    expect(simulator.control.webhooks()).toEqual([]);
    simulator.control.setWebhookUrl(receiver.url);
    await client.post('payments', cardForm('11.00'));
    await receiver.waitFor('one', (deliveries) => deliveries.length === 1);
    const cleared = await client.raw('POST', '/_simulator/webhook-url', { body: JSON.stringify({ url: null }) });
    expect(cleared.json).toEqual({ webhookUrl: null });
    await client.post('payments', cardForm('12.00'));
    await client.raw('POST', '/_simulator/webhook-url', { body: JSON.stringify({ url: receiver.url }) });
    await client.post('payments', cardForm('13.00'));
    await receiver.waitFor('two', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries.map((delivery) => field(payloadOf(delivery.notification), 'amount'))).toEqual([
      '11.00',
      '13.00',
    ]);
    expect((await client.raw('POST', '/_simulator/webhook-url', { body: '{"url":"not a url"}' })).status).toBe(400);
  });
});

describe('webhook faults', () => {
  it('lost: the next webhook is never sent; the one after is', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-lost' });
    await client.post('payments', cardForm('10.00'));
    await client.post('payments', cardForm('20.00'));
    await receiver.waitFor('one webhook', (deliveries) => deliveries.length === 1);
    await simulator.control.webhooksIdle();
    expect(receiver.deliveries).toHaveLength(1);
    expect(field(payloadOf(receiver.deliveries[0]?.notification), 'amount')).toBe('20.00');
    expect(simulator.control.webhooks().map((record) => record.state)).toEqual(['lost', 'delivered']);
  });

  it('doubled: the same plaintext arrives twice', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestOppSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-doubled' });
    await client.post('payments', cardForm('10.00'));
    await receiver.waitFor('two copies', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries[0]?.notification).toEqual(receiver.deliveries[1]?.notification);
  });

  it('late: the next webhook comes after a later one', async () => {
    const receiver = await startWebhookReceiver();
    const { client } = await startTestOppSimulator({ webhookUrl: receiver.url });
    // 150 simulated seconds: 150 ms at the test scale.
    await client.addFault({ fault: 'webhook-late', delayMs: 150_000 });
    await client.post('payments', cardForm('10.00'));
    await client.post('payments', cardForm('101.23'));
    await receiver.waitFor('both', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries.map((delivery) => codeOf(delivery.notification))).toEqual([
      '800.100.100',
      '000.100.110',
    ]);
  });

  it('reordered: a pending payment’s final webhook arrives before its pending one', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-reordered' });
    await client.post('payments', cardForm('109.08'));
    await receiver.waitFor('both', (deliveries) => deliveries.length === 2);
    expect(receiver.deliveries.map((delivery) => codeOf(delivery.notification))).toEqual([
      '000.000.000',
      '000.200.000',
    ]);
    expect(simulator.control.webhooks().map((record) => record.fault)).toEqual(['webhook-reordered', undefined]);
  });

  it('contradicting: after the true final webhook, another for the same id with the opposite verdict', async () => {
    const receiver = await startWebhookReceiver();
    const { client, simulator } = await startTestOppSimulator({ webhookUrl: receiver.url });
    await client.addFault({ fault: 'webhook-contradicting' });
    // The pending webhook is not final: the fault waits for the one that is.
    const id = text(field((await client.post('payments', cardForm('109.08'))).json, 'id'));
    await receiver.waitFor('three', (deliveries) => deliveries.length === 3);
    expect(receiver.deliveries.map((delivery) => codeOf(delivery.notification))).toEqual([
      '000.200.000',
      '000.000.000',
      '800.100.100',
    ]);
    expect(receiver.deliveries.every((delivery) => field(payloadOf(delivery.notification), 'id') === id)).toBe(true);
    expect(simulator.control.webhooks().map((record) => record.contradicting)).toEqual([false, false, true]);
    // The truth is what the status says.
    expect(field((await client.get(`payments/${id}`)).json, 'result', 'code')).toBe('000.000.000');

    await client.addFault({ fault: 'webhook-contradicting' });
    await client.post('payments', cardForm('101.23'));
    await receiver.waitFor('five', (deliveries) => deliveries.length === 5);
    expect(codeOf(receiver.deliveries[4]?.notification)).toBe('000.000.000');
  });
});
