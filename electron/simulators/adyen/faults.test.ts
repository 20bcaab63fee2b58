import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  defined,
  eventOf,
  formFields,
  jsonOf,
  paymentOf,
  startTestSimulator,
  statusOf,
  type Reply,
} from './testing/harness.ts';
import { accepted, displayEvent, kindOf, startEventReceiver } from './testing/receiver.ts';
import { OTHER_POIID, paymentRequest, POIID, referenceTo, statusRequest } from './testing/requests.ts';
import { DeviceStatusSchema } from './testing/schemas.ts';
import { TIMINGS } from './terminal.ts';

/** Faults scripted through POST /_simulator/terminals/{POIID}/faults; delays are in simulated ms. */

const TIME_SCALE = 0.01;
const TIMER_SLACK_MS = 2;

/** Tracks whether a request has been answered yet, without waiting on it. */
function track(promise: Promise<Reply>) {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

function repeatedPayment(status: ReturnType<typeof statusOf>['status']) {
  return status.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse;
}

describe('faults on the HTTP reply', () => {
  it('respond-late: the reply comes, but only the given delay after the terminal finished', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    const delayMs = 20_000;
    await client.addFault(POIID, { fault: 'respond-late', delayMs });
    const request = paymentRequest({ amount: 12.34 });
    const pending = client.sync(request);
    const reply = track(pending);
    await client.reachedTerminal();

    const { status } = statusOf(await client.finalStatus(request));
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
    expect(reply.settled).toBe(false);

    const late = await pending;
    expect(paymentOf(late).payment.Response.Result).toBe('Success');
    expect(paymentOf(late).payment.POIData).toEqual(repeatedPayment(status)?.POIData);
    expect(late.elapsedMs).toBeGreaterThanOrEqual(delayMs * TIME_SCALE - TIMER_SLACK_MS);
  });

  it('never-respond: the terminal finishes but no reply ever comes', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(POIID, { fault: 'never-respond' });
    const request = paymentRequest({ amount: 12.34 });
    const hangUp = new AbortController();
    const pending = client.sync(request, { signal: hangUp.signal });
    const reply = track(pending);
    await client.reachedTerminal();

    const { status } = statusOf(await client.finalStatus(request));
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
    // A whole payment on the other terminal goes by, and still nothing.
    paymentOf(await client.sync(paymentRequest({ amount: 1, poiid: OTHER_POIID })));
    expect(reply.settled).toBe(false);

    hangUp.abort();
    await expect(pending).rejects.toThrow();
  });

  it('drop-connection: the connection is cut, but the payment went through', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(POIID, { fault: 'drop-connection' });
    const request = paymentRequest({ amount: 12.34 });
    await expect(client.sync(request)).rejects.toThrow();

    const { status } = statusOf(await client.finalStatus(request));
    expect(status.Response.Result).toBe('Success');
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
    expect(repeatedPayment(status)?.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(12.34);
  });

  it('is used once: the next request is answered normally', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(POIID, { fault: 'drop-connection' });
    await expect(client.sync(paymentRequest({ amount: 1 }))).rejects.toThrow();
    expect(paymentOf(await client.sync(paymentRequest({ amount: 2 }))).payment.Response.Result).toBe('Success');
  });

  it('waits for a request of the categories it names', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(POIID, { fault: 'drop-connection', categories: ['TransactionStatus'] });
    const payment = paymentRequest({ amount: 3 });
    expect(paymentOf(await client.sync(payment)).payment.Response.Result).toBe('Success');
    await expect(client.sync(statusRequest({ reference: referenceTo(payment) }))).rejects.toThrow();
    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(payment) })));
    expect(status.Response.Result).toBe('Success');
  });

  it('applies to one terminal only', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(OTHER_POIID, { fault: 'drop-connection' });
    expect(paymentOf(await client.sync(paymentRequest({ amount: 4 }))).payment.Response.Result).toBe('Success');
    await expect(client.sync(paymentRequest({ amount: 4, poiid: OTHER_POIID }))).rejects.toThrow();
  });
});

describe('faults on the result notification (/async)', () => {
  async function start() {
    const receiver = await startEventReceiver();
    const test = await startTestSimulator({ timeScale: TIME_SCALE, eventUrls: [{ url: receiver.url }] });
    return { ...test, receiver };
  }

  it('lose-notification: the progress arrives, the result never does, a status request has it', async () => {
    const { client, simulator, receiver } = await start();
    await client.addFault(POIID, { fault: 'lose-notification' });
    const request = paymentRequest({ amount: 12.34 });
    expect((await client.async(request)).text).toBe('ok');

    const { status } = statusOf(await client.finalStatus(request));
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
    await simulator.notificationsIdle();
    expect(accepted(receiver.deliveries, 'display').map(displayEvent)).toContain('TENDER_FINAL');
    expect(accepted(receiver.deliveries, 'result')).toEqual([]);
  });

  it('duplicate-notification: the result arrives twice', async () => {
    const { client, simulator, receiver } = await start();
    await client.addFault(POIID, { fault: 'duplicate-notification' });
    const request = paymentRequest({ amount: 12.34 });
    await client.async(request);
    await receiver.waitFor('two results', (deliveries) => accepted(deliveries, 'result').length === 2);
    await simulator.notificationsIdle();
    const results = accepted(receiver.deliveries, 'result');
    expect(results).toHaveLength(2);
    expect(results[1]?.raw).toBe(results[0]?.raw);
    expect(paymentOf(results[0]?.body).header.ServiceID).toBe(request.SaleToPOIRequest.MessageHeader.ServiceID);
  });

  it('delay-notification: the result arrives the given delay after the terminal finished', async () => {
    const { client, receiver } = await start();
    const delayMs = 20_000;
    await client.addFault(POIID, { fault: 'delay-notification', delayMs });
    const request = paymentRequest({ amount: 12.34 });
    const sentAt = performance.now();
    await client.async(request);

    const { status } = statusOf(await client.finalStatus(request));
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
    expect(accepted(receiver.deliveries, 'result')).toEqual([]);

    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    const result = defined(accepted(receiver.deliveries, 'result')[0], 'the result');
    expect(paymentOf(result.body).payment.Response.Result).toBe('Success');
    // A tap payment takes the shopper's tap plus the authorisation; the result comes the delay after that.
    const tapPayment = TIMINGS.presentCard + TIMINGS.authorise;
    expect(result.at - sentAt).toBeGreaterThanOrEqual((tapPayment + delayMs) * TIME_SCALE - TIMER_SLACK_MS);
    const final = receiver.deliveries.findIndex(
      (delivery) => kindOf(delivery) === 'display' && displayEvent(delivery) === 'TENDER_FINAL',
    );
    expect(final).toBeGreaterThanOrEqual(0);
    expect(final).toBeLessThan(receiver.deliveries.indexOf(result));
  });

  it('reorder-notifications: the result overtakes the display notifications', async () => {
    const { client, simulator, receiver } = await start();
    await client.addFault(POIID, { fault: 'reorder-notifications' });
    await client.async(paymentRequest({ amount: 12.34 }));
    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();

    const kinds = receiver.deliveries.map(kindOf);
    expect(kinds[0]).toBe('result');
    expect(kinds.slice(1).every((kind) => kind === 'display')).toBe(true);
    // Only the result jumps the queue; the progress keeps its own order.
    expect(receiver.deliveries.slice(1).map(displayEvent)).toEqual([
      'TENDER_CREATED',
      'CARD_PRESENTED',
      'TENDER_FINAL',
    ]);
  });
});

describe('offline-mid-transaction', () => {
  it('/sync gets a Reject; back online, a status request shows the payment approved', async () => {
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE });
    await client.addFault(POIID, { fault: 'offline-mid-transaction', afterMs: 1_000 });
    const request = paymentRequest({ amount: 12.34 });
    const reject = eventOf(await client.sync(request));
    expect(reject.EventNotification.EventToNotify).toBe('Reject');
    expect(formFields(reject.EventNotification.EventDetails).get('message')).toBe(
      'Did not receive a response from the POI.',
    );
    expect(reject.MessageHeader.ServiceID).toBe(request.SaleToPOIRequest.MessageHeader.ServiceID);

    const device = DeviceStatusSchema.parse(jsonOf(await client.get(`${client.devicePath(POIID)}/status`)));
    expect(device.status).toBe('OFFLINE');

    await client.setOnline(POIID, true);
    const { status } = statusOf(await client.finalStatus(request));
    expect(status.Response.Result).toBe('Success');
    expect(repeatedPayment(status)?.Response.Result).toBe('Success');
  });

  it('/async: the result is posted late, once the terminal is back online', async () => {
    const receiver = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: receiver.url }],
    });
    await client.addFault(POIID, { fault: 'offline-mid-transaction', afterMs: 1_000 });
    const request = paymentRequest({ amount: 12.34 });
    expect((await client.async(request)).text).toBe('ok');

    // The terminal finishes while cut off: the cloud has not heard.
    await vi.waitFor(
      async () => expect(await client.transactions(POIID)).toMatchObject([{ finished: true, reported: false }]),
      { timeout: 2_000, interval: 5 },
    );
    await simulator.notificationsIdle();
    expect(accepted(receiver.deliveries, 'result')).toEqual([]);

    await client.setOnline(POIID, true);
    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();
    const kinds = receiver.deliveries.map((delivery) =>
      kindOf(delivery) === 'display' ? displayEvent(delivery) : kindOf(delivery),
    );
    // Only what the terminal showed before it dropped off, then it reconnects, then the result.
    expect(kinds).toEqual(['TENDER_CREATED', 'event', 'result']);
    expect(eventOf(receiver.deliveries[1]?.body).EventNotification.EventToNotify).toBe('NetworkConnected');
    const { header, payment } = paymentOf(receiver.deliveries[2]?.body);
    expect(header.ServiceID).toBe(request.SaleToPOIRequest.MessageHeader.ServiceID);
    expect(payment.Response.Result).toBe('Success');
  });
});

describe('the faults control endpoint', () => {
  const ProblemBody = z.looseObject({ error: z.string() });

  it.each([
    ['an unknown fault', { fault: 'explode' }],
    ['respond-late without delayMs', { fault: 'respond-late' }],
    ['a negative delay', { fault: 'delay-notification', delayMs: -1 }],
    ['a fractional delay', { fault: 'respond-late', delayMs: 1.5 }],
    ['an unknown field', { fault: 'never-respond', afterMs: 5 }],
    ['an unknown category', { fault: 'never-respond', categories: ['Diagnosis'] }],
    ['no categories', { fault: 'never-respond', categories: [] }],
    ['not an object', ['never-respond']],
  ])('answers %s with 400', async (_what, body) => {
    const { client } = await startTestSimulator();
    const reply = await client.post(`/_simulator/terminals/${POIID}/faults`, body);
    expect(reply.status).toBe(400);
    expect(ProblemBody.parse(jsonOf(reply)).error).toBe('Invalid control request');
  });

  it('answers a body that is not JSON with 400', async () => {
    const { client } = await startTestSimulator();
    const reply = await client.post(`/_simulator/terminals/${POIID}/faults`, '{"fault":');
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(/^Bad JSON/);
  });

  it('lists pending faults and drops them on DELETE', async () => {
    const { client } = await startTestSimulator();
    await client.addFault(POIID, { fault: 'respond-late', delayMs: 5 });
    const PendingSchema = z.looseObject({
      terminals: z.array(
        z.looseObject({ poiid: z.string(), pendingFaults: z.array(z.looseObject({ fault: z.string() })) }),
      ),
    });
    const pending = async () =>
      PendingSchema.parse(jsonOf(await client.get('/_simulator')))
        .terminals.find((terminal) => terminal.poiid === POIID)
        ?.pendingFaults.map((fault) => fault.fault);
    expect(await pending()).toEqual(['respond-late']);
    const cleared = await client.request('DELETE', `/_simulator/terminals/${POIID}/faults`);
    expect(cleared.status).toBe(200);
    expect(await pending()).toEqual([]);
  });
});
