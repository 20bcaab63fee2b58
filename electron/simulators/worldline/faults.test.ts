import { describe, expect, it, vi } from 'vitest';
import {
  acceptedOf,
  errorOf,
  jsonOf,
  paymentOf,
  resultOf,
  startTestWorldlineSimulator,
  WORLDLINE_OTHER_UTID,
  WORLDLINE_UTID,
  type Reply,
} from './testing/harness.ts';
import { exchangeIdOf, paymentRequest, statusRequest } from './testing/requests.ts';

/**
 * What a till must survive: repeated requests, lost answers, cut
 * connections and throttling, scripted through the control API.
 */

/** Tracks whether a request has been answered yet, without waiting on it. */
function track(promise: Promise<Reply>) {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('a repeated ExchangeIdentification', () => {
  it('is refused with 400, starts nothing and is counted', async () => {
    const { client } = await startTestWorldlineSimulator();
    const request = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(request));
    expect(errorOf(await client.sync(request), 400)).toBe(
      `ExchangeIdentification ${exchangeIdOf(request)} was already used on terminal ${WORLDLINE_UTID}`,
    );
    const { transactions, duplicates } = await client.transactions(WORLDLINE_UTID);
    expect(transactions).toHaveLength(1);
    expect(duplicates).toBe(1);
  });

  it('is refused also while the first is still running, and as a status request’s own', async () => {
    const { client } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    const request = paymentRequest({ amount: 75, webhookUrl: receiver.url });
    acceptedOf(await client.async(request));
    expect((await client.async(request)).status).toBe(400);
    const confused = statusRequest({ about: exchangeIdOf(request), exchangeId: exchangeIdOf(request) });
    expect((await client.sync(confused)).status).toBe(400);
    expect((await client.transactions(WORLDLINE_UTID)).duplicates).toBe(2);
  });

  it('of a status request is not refused: asking again is harmless', async () => {
    const { client } = await startTestWorldlineSimulator();
    const payment = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(payment));
    const status = statusRequest({ about: exchangeIdOf(payment) });
    expect(resultOf(await client.sync(status)).ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect(resultOf(await client.sync(status)).ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect((await client.transactions(WORLDLINE_UTID)).duplicates).toBe(0);
  });

  it('is a separate matter on another terminal', async () => {
    const { client } = await startTestWorldlineSimulator();
    const exchangeId = 'shared-exchange-id';
    paymentOf(await client.sync(paymentRequest({ amount: 10, exchangeId })));
    paymentOf(await client.sync(paymentRequest({ amount: 10, exchangeId, utid: WORLDLINE_OTHER_UTID })));
  });
});

describe('http-error', () => {
  it('before the terminal (the default): nothing runs and the ExchangeIdentification stays free', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'http-error', status: 502 });
    const request = paymentRequest({ amount: 10 });
    expect(errorOf(await client.sync(request), 502)).toBe('Bad gateway');
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toEqual([]);
    const status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(request) }))).ServiceResponse;
    expect(status.Response.ResponseReason).toBe('NotFound');

    expect(paymentOf(await client.sync(request)).result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    const { transactions, duplicates } = await client.transactions(WORLDLINE_UTID);
    expect(transactions).toHaveLength(1);
    expect(duplicates).toBe(0);
  });

  it('before the terminal leaves the request’s other faults waiting for one that gets through', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    await client.addFault(WORLDLINE_UTID, { fault: 'http-error', status: 503 });
    await client.addFault(WORLDLINE_UTID, { fault: 'duplicate-webhook' });
    const request = paymentRequest({ amount: 10, webhookUrl: receiver.url });
    const refused = await client.async(request);
    expect(errorOf(refused, 503)).toBe('Service unavailable');
    expect(refused.headers.get('retry-after')).toBe('1');
    acceptedOf(await client.async(request));
    await receiver.waitFor('two results', (deliveries) => deliveries.length === 2);
    await simulator.notificationsIdle();
  });

  it('after the terminal: the payment runs and is recorded, only the answer is lost', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    await client.addFault(WORLDLINE_UTID, { fault: 'http-error', status: 504, beforeTerminal: false, times: 2 });

    const sync = paymentRequest({ amount: 10 });
    expect(errorOf(await client.sync(sync), 504)).toBe('Gateway timeout');
    const status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(sync) }))).ServiceResponse;
    expect(status.TransactionStatusResponse?.RepeatedResponse?.Response).toEqual({ Result: 'Success' });

    const async = paymentRequest({ amount: 11, webhookUrl: receiver.url });
    expect(errorOf(await client.async(async), 504)).toBe('Gateway timeout');
    await receiver.waitFor('the result', (deliveries) => deliveries.length === 1);
    await simulator.notificationsIdle();
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toMatchObject([
      { state: 'done', channel: 'sync' },
      { state: 'done', channel: 'async', webhookDelivered: true },
    ]);
    // Both uses are spent.
    paymentOf(await client.sync(paymentRequest({ amount: 12 })));
  });

  it('429 carries Retry-After; only the statuses a gateway answers are accepted', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'http-error', status: 429 });
    const reply = await client.sync(paymentRequest({ amount: 10 }));
    expect(errorOf(reply, 429)).toBe('Too many requests');
    expect(reply.headers.get('retry-after')).toBe('1');
    const bad = await client.post(`/_simulator/terminals/${WORLDLINE_UTID}/faults`, {
      fault: 'http-error',
      status: 418,
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad, 400)).toMatch(/^Invalid control request/);
  });
});

describe('connection faults', () => {
  it('drop-connection: the connection is cut, but the payment went through', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'drop-connection' });
    const request = paymentRequest({ amount: 10 });
    await expect(client.sync(request)).rejects.toThrow();
    const status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(request) }))).ServiceResponse;
    expect(status.TransactionStatusResponse?.RepeatedResponse?.Response).toEqual({ Result: 'Success' });
  });

  it('never-respond: the payment finishes, the answer never comes', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'never-respond' });
    const request = paymentRequest({ amount: 10 });
    const hangUp = new AbortController();
    const pending = client.sync(request, { signal: hangUp.signal });
    const reply = track(pending);
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    await vi.waitFor(async () => {
      expect((await client.transactions(WORLDLINE_UTID)).transactions[0]?.state).toBe('done');
    });
    paymentOf(await client.sync(paymentRequest({ amount: 10, utid: WORLDLINE_OTHER_UTID })));
    expect(reply.settled).toBe(false);
    hangUp.abort();
    await expect(pending).rejects.toThrow();
  });

  it('waits for a request of the categories it names', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'drop-connection', categories: ['TransactionStatus'] });
    const payment = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(payment));
    await expect(client.sync(statusRequest({ about: exchangeIdOf(payment) }))).rejects.toThrow();
    expect(
      resultOf(await client.sync(statusRequest({ about: exchangeIdOf(payment) }))).ServiceResponse.Response,
    ).toEqual({
      Result: 'Success',
    });
  });

  it('can be listed and cleared', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'delay-webhook', delayMs: 1_000, times: 3 });
    expect(jsonOf(await client.get('/_simulator'), 200)).toMatchObject({
      terminals: [
        {
          pendingFaults: [
            {
              fault: { fault: 'delay-webhook', delayMs: 1_000, times: 3, categories: ['Payment', 'Reversal'] },
              remaining: 3,
            },
          ],
        },
        { pendingFaults: [] },
      ],
    });
    await client.clearFaults(WORLDLINE_UTID);
    expect(jsonOf(await client.get('/_simulator'), 200)).toMatchObject({ terminals: [{ pendingFaults: [] }, {}] });
  });
});

describe('the rate limit', () => {
  it('answers 429 with Retry-After beyond n requests a second, across terminals, and processes nothing', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.setRateLimit(2);
    paymentOf(await client.sync(paymentRequest({ amount: 10 })));
    paymentOf(await client.sync(paymentRequest({ amount: 10, utid: WORLDLINE_OTHER_UTID })));
    const request = paymentRequest({ amount: 10 });
    const throttled = await client.sync(request);
    expect(errorOf(throttled, 429)).toBe('Too many requests');
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toHaveLength(1);

    // The control API is not limited; turning the limit off lets the same request through.
    await client.setRateLimit(null);
    paymentOf(await client.sync(request));
    expect(jsonOf(await client.get('/_simulator'), 200)).toMatchObject({ rateLimit: { requestsPerSecond: null } });
  });
});
