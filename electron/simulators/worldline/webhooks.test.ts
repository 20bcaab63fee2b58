import { describe, expect, it, vi } from 'vitest';
import {
  acceptedOf,
  defined,
  paymentOf,
  startTestWorldlineSimulator,
  TEST_TIME_SCALE,
  webhookDataOf,
  WORLDLINE_UTID,
} from './testing/harness.ts';
import { exchangeIdOf, paymentRequest } from './testing/requests.ts';
import { retryDelayMs } from './webhook-delivery.ts';

/**
 * /payments (asynchronous): 202 with a requestId at once, the result later
 * as `{"data": …}` to Header.WebhookUrl, retried 5, 15, 45 … s apart
 * (5, 15, 45 ms at the test time scale).
 */

describe('an asynchronous payment', () => {
  it('is accepted with 202 and a requestId, then its result is posted to the WebhookUrl as given', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    const request = paymentRequest({ amount: 12.5, webhookUrl: receiver.url });
    const reply = await client.async(request);
    const requestId = acceptedOf(reply);

    await receiver.waitFor('the result', (deliveries) => deliveries.length === 1);
    await simulator.notificationsIdle();
    const [delivery] = receiver.deliveries;
    expect(delivery?.target).toBe(receiver.target);
    expect(delivery?.contentType).toMatch(/^application\/json/);
    const { result, transaction } = paymentOf(webhookDataOf(delivery?.body));
    expect(result.Header.ExchangeIdentification).toBe(exchangeIdOf(request));
    expect(result.Header).not.toHaveProperty('WebhookUrl');
    expect(result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect(transaction.TransactionDetails).toEqual({ Currency: 'EUR', TotalAmount: 12.5 });

    const listed = (await client.transactions(WORLDLINE_UTID)).transactions;
    expect(listed).toMatchObject([
      { channel: 'async', requestId, state: 'done', webhookAttempts: 1, webhookDelivered: true },
    ]);
    expect(listed[0]?.response).toEqual(result.ServiceResponse);
  });

  it('posts an answer given at once (Busy) the same way', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    acceptedOf(await client.async(paymentRequest({ amount: 9.04, webhookUrl: receiver.url })));
    await simulator.notificationsIdle();
    const { result } = paymentOf(webhookDataOf(defined(receiver.deliveries[0], 'the result').body));
    expect(result.ServiceResponse.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'Busy' });
  });

  it('is retried until the receiver answers 2xx: delivered on the third try', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver({ statuses: [500, 500] });
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await receiver.waitFor('three attempts', (deliveries) => deliveries.length === 3);
    await simulator.notificationsIdle();

    expect(receiver.deliveries.map((delivery) => delivery.answered)).toEqual([500, 500, 200]);
    expect(new Set(receiver.deliveries.map((delivery) => delivery.raw)).size).toBe(1);
    const [first, second, third] = receiver.deliveries.map((delivery) => delivery.at);
    expect(defined(second, 'the 2nd') - defined(first, 'the 1st')).toBeGreaterThanOrEqual(
      retryDelayMs(0) * TEST_TIME_SCALE - 1,
    );
    expect(defined(third, 'the 3rd') - defined(second, 'the 2nd')).toBeGreaterThanOrEqual(
      retryDelayMs(1) * TEST_TIME_SCALE - 1,
    );
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      webhookAttempts: 3,
      webhookDelivered: true,
    });
    expect(retryDelayMs(2)).toBe(45_000);
  });

  it('is given up after NumberOfRetries more attempts, and logged without the URL token', async () => {
    const { client, simulator, logger } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver({ respond: () => 500 });
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url, numberOfRetries: 2 })));
    await receiver.waitFor('three attempts', (deliveries) => deliveries.length === 3);
    await simulator.notificationsIdle();
    expect(receiver.deliveries).toHaveLength(3);
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      webhookAttempts: 3,
      webhookDelivered: false,
    });
    const givenUp = logger.lines.find((line) => line.msg === 'worldline_simulator.webhook_given_up');
    expect(givenUp).toMatchObject({ attempts: 3 });
    expect(JSON.stringify(logger.lines)).not.toContain('token=');
  });

  it('is retried 3 more times when NumberOfRetries is absent, also when nothing listens', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    await receiver.close();
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    await vi.waitFor(async () => {
      expect((await client.transactions(WORLDLINE_UTID)).transactions[0]?.state).toBe('done');
    });
    await simulator.notificationsIdle();
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      webhookAttempts: 4,
      webhookDelivered: false,
    });
  });

  it('on /payments/sync sends no webhook, even with a WebhookUrl', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    paymentOf(await client.sync(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await simulator.notificationsIdle();
    expect(receiver.deliveries).toEqual([]);
  });
});

describe('webhook faults', () => {
  async function start() {
    const test = await startTestWorldlineSimulator();
    const receiver = await test.client.startWebhookReceiver();
    return { ...test, receiver };
  }

  it('lose-webhook: the result is never posted, but the transaction is done', async () => {
    const { client, simulator, receiver } = await start();
    await client.addFault(WORLDLINE_UTID, { fault: 'lose-webhook' });
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await vi.waitFor(async () => {
      expect((await client.transactions(WORLDLINE_UTID)).transactions[0]?.state).toBe('done');
    });
    await simulator.notificationsIdle();
    expect(receiver.deliveries).toEqual([]);
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      webhookAttempts: 0,
      webhookDelivered: false,
    });

    // Used once: the next one arrives.
    acceptedOf(await client.async(paymentRequest({ amount: 11, webhookUrl: receiver.url })));
    await receiver.waitFor('the next result', (deliveries) => deliveries.length === 1);
  });

  it('duplicate-webhook: the same result arrives twice', async () => {
    const { client, simulator, receiver } = await start();
    await client.addFault(WORLDLINE_UTID, { fault: 'duplicate-webhook' });
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await receiver.waitFor('two results', (deliveries) => deliveries.length === 2);
    await simulator.notificationsIdle();
    expect(receiver.deliveries).toHaveLength(2);
    expect(receiver.deliveries[1]?.raw).toBe(receiver.deliveries[0]?.raw);
  });

  it('delay-webhook: the result arrives the given (simulated) time later', async () => {
    const { client, simulator, receiver } = await start();
    const delayMs = 200_000;
    await client.addFault(WORLDLINE_UTID, { fault: 'delay-webhook', delayMs });
    const sent = performance.now();
    acceptedOf(await client.async(paymentRequest({ amount: 10, webhookUrl: receiver.url })));
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    await vi.waitFor(async () => {
      expect((await client.transactions(WORLDLINE_UTID)).transactions[0]?.state).toBe('done');
    });
    expect(receiver.deliveries).toEqual([]);
    await simulator.notificationsIdle();
    expect(receiver.deliveries).toHaveLength(1);
    expect(defined(receiver.deliveries[0], 'the result').at - sent).toBeGreaterThanOrEqual(delayMs * TEST_TIME_SCALE);
  });
});
