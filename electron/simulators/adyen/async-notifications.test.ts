import { describe, expect, it } from 'vitest';
import { defined, eventOf, formFields, paymentOf, startTestSimulator } from './testing/harness.ts';
import { accepted, displayEvent, kindOf, startEventReceiver, type Delivery } from './testing/receiver.ts';
import { headerOf, OTHER_POIID, paymentRequest, POIID } from './testing/requests.ts';
import { DisplayNotificationSchema } from './testing/schemas.ts';

/**
 * /async: "ok" now, the result later to the event URLs, with the terminal's
 * display notifications on the way. At time scale 0.01 a tap payment takes
 * about 35 ms and the 9/18/27-second retry delays 90/180/270 ms.
 */

const TIME_SCALE = 0.01;
const RETRY_DELAYS_MS = [9_000, 18_000, 27_000] as const;
const TIMER_SLACK_MS = 2;

function results(deliveries: readonly Delivery[]) {
  return deliveries.filter((delivery) => kindOf(delivery) === 'result');
}

describe('an /async payment', () => {
  it('is acknowledged with "ok", then its progress and result are posted to the event URL with basic auth', async () => {
    const receiver = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: receiver.url, username: 'kassa', password: 'pa:ss word' }],
    });
    const request = paymentRequest({ amount: 75, saleToAcquirerData: 'metadata.order=77' });
    const reply = await client.async(request);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain/);
    expect(reply.text).toBe('ok');

    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();
    const deliveries = receiver.deliveries;

    for (const delivery of deliveries) {
      expect(delivery.authorization).toBe(`Basic ${Buffer.from('kassa:pa:ss word').toString('base64')}`);
      expect(delivery.contentType).toMatch(/^application\/json/);
    }
    // Progress first, in the order the terminal showed it, then the result.
    expect(
      deliveries.map((delivery) => (kindOf(delivery) === 'display' ? displayEvent(delivery) : kindOf(delivery))),
    ).toEqual(['TENDER_CREATED', 'CARD_INSERTED', 'WAIT_FOR_PIN', 'PIN_ENTERED', 'TENDER_FINAL', 'result']);

    const { header, payment } = paymentOf(defined(deliveries.at(-1), 'the result').body);
    expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
    expect(payment.Response.Result).toBe('Success');
    expect(formFields(payment.Response.AdditionalResponse).get('metadata.order')).toBe('77');
    const tender = payment.POIData?.POITransactionID.TransactionID.split('.')[0];

    for (const delivery of deliveries.slice(0, -1)) {
      const display = DisplayNotificationSchema.parse(delivery.body).SaleToPOIRequest;
      expect(display.MessageHeader).toMatchObject({
        MessageClass: 'Device',
        MessageCategory: 'Display',
        MessageType: 'Request',
        ServiceID: headerOf(request).ServiceID,
        SaleID: headerOf(request).SaleID,
        POIID,
      });
      const output = defined(display.DisplayRequest.DisplayOutput[0], 'DisplayOutput');
      expect(output).toMatchObject({ Device: 'CashierDisplay', InfoQualify: 'Status' });
      const reference = new URLSearchParams(output.OutputContent.PredefinedContent.ReferenceID);
      expect(reference.get('TransactionID')).toBe(tender);
      expect(Date.parse(reference.get('TimeStamp') ?? '')).not.toBeNaN();
    }
  });

  it('answers a second payment while one runs with "ok", and posts its Busy result', async () => {
    const receiver = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: receiver.url }],
    });
    const first = paymentRequest({ amount: 75 });
    const second = paymentRequest({ amount: 20 });
    expect((await client.async(first)).text).toBe('ok');
    expect((await client.async(second)).text).toBe('ok');

    await receiver.waitFor('both results', (deliveries) => accepted(deliveries, 'result').length === 2);
    await simulator.notificationsIdle();
    const byServiceId = new Map(
      accepted(receiver.deliveries, 'result').map((delivery) => {
        const { header, payment } = paymentOf(delivery.body);
        return [header.ServiceID, payment.Response] as const;
      }),
    );
    expect(byServiceId.get(headerOf(second).ServiceID)).toMatchObject({ Result: 'Failure', ErrorCondition: 'Busy' });
    expect(byServiceId.get(headerOf(first).ServiceID)).toMatchObject({ Result: 'Success' });
  });

  it('on the Cloud device API posts the result the same way', async () => {
    const receiver = await startEventReceiver();
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE, eventUrls: [{ url: receiver.url }] });
    const request = paymentRequest({ amount: 101.23, poiid: OTHER_POIID });
    const reply = await client.post(`${client.devicePath(OTHER_POIID)}/async`, request);
    expect(reply.text).toBe('ok');
    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    const { header, payment } = paymentOf(accepted(receiver.deliveries, 'result')[0]?.body);
    expect(header).toMatchObject({ POIID: OTHER_POIID, ServiceID: headerOf(request).ServiceID });
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Refusal' });
    expect(receiver.deliveries[0]?.authorization).toBeUndefined();
  });

  it('is posted to every event URL', async () => {
    const first = await startEventReceiver();
    const second = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: first.url }, { url: second.url }],
    });
    await client.async(paymentRequest({ amount: 5 }));
    await first.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await second.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();
    expect(second.deliveries.map((delivery) => delivery.raw)).toEqual(first.deliveries.map((delivery) => delivery.raw));
  });

  it('goes to the event URLs set through the control API from then on', async () => {
    const before = await startEventReceiver();
    const after = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: before.url }],
    });
    const reply = await client.request('PUT', '/_simulator/event-urls', [{ url: after.url }]);
    expect(reply.status).toBe(200);
    await client.async(paymentRequest({ amount: 5 }));
    await after.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();
    expect(before.deliveries).toEqual([]);
    expect(simulator.describe()).toContain(after.url);
  });

  it('takes basic-auth credentials written into an event URL, and never shows the password', async () => {
    const receiver = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({ timeScale: TIME_SCALE });
    const withCredentials = receiver.url.replace('http://', 'http://till:s%40cret@');
    expect((await client.request('PUT', '/_simulator/event-urls', [{ url: withCredentials }])).status).toBe(200);
    await client.async(paymentRequest({ amount: 5 }));
    await receiver.waitFor('the result', (deliveries) => accepted(deliveries, 'result').length === 1);
    expect(receiver.deliveries[0]?.authorization).toBe(`Basic ${Buffer.from('till:s@cret').toString('base64')}`);
    expect(simulator.describe()).not.toContain('cret');
    expect((await client.get('/_simulator')).text).not.toContain('cret');
  });
});

describe('event URL delivery retries', () => {
  it('posts a result again after a 5xx answer, 9 simulated seconds later', async () => {
    const receiver = await startEventReceiver({
      respond: (delivery) => (kindOf(delivery) === 'result' && delivery.attempt === 0 ? 500 : 200),
    });
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: receiver.url }],
    });
    await client.async(paymentRequest({ amount: 5 }));
    await receiver.waitFor('the result, accepted', (deliveries) => accepted(deliveries, 'result').length === 1);
    await simulator.notificationsIdle();

    const tries = results(receiver.deliveries);
    expect(tries.map((delivery) => delivery.answered)).toEqual([500, 200]);
    expect(defined(tries[1], 'the retry').raw).toBe(defined(tries[0], 'the first try').raw);
    expect(defined(tries[1], 'the retry').at - defined(tries[0], 'the first try').at).toBeGreaterThanOrEqual(
      RETRY_DELAYS_MS[0] * TIME_SCALE - TIMER_SLACK_MS,
    );
  });

  it('gives up after three retries, 9, 18 and 27 simulated seconds apart', async () => {
    const timeScale = 0.005;
    const receiver = await startEventReceiver({ respond: (delivery) => (kindOf(delivery) === 'result' ? 503 : 200) });
    const { client, simulator, logger } = await startTestSimulator({ timeScale, eventUrls: [{ url: receiver.url }] });
    await client.async(paymentRequest({ amount: 5 }));
    await receiver.waitFor('the first try', (deliveries) => results(deliveries).length === 1);
    await simulator.notificationsIdle();

    const tries = results(receiver.deliveries);
    expect(tries.map((delivery) => delivery.attempt)).toEqual([0, 1, 2, 3]);
    const gaps = tries.slice(1).map((delivery, index) => delivery.at - defined(tries[index], 'earlier try').at);
    gaps.forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(defined(RETRY_DELAYS_MS[index], 'delay') * timeScale - TIMER_SLACK_MS);
    });
    expect(logger.lines.filter((line) => line.msg === 'simulator.notification_given_up')).toHaveLength(1);
  });

  it('does not retry a 4xx answer', async () => {
    const receiver = await startEventReceiver({ respond: (delivery) => (kindOf(delivery) === 'result' ? 401 : 200) });
    const { client, simulator } = await startTestSimulator({
      timeScale: TIME_SCALE,
      eventUrls: [{ url: receiver.url }],
    });
    await client.async(paymentRequest({ amount: 5 }));
    await receiver.waitFor('the result', (deliveries) => results(deliveries).length === 1);
    await simulator.notificationsIdle();
    expect(results(receiver.deliveries).map((delivery) => delivery.answered)).toEqual([401]);
  });
});

describe('terminal events', () => {
  it('posts NetworkConnected when a terminal comes back online', async () => {
    const receiver = await startEventReceiver();
    const { client } = await startTestSimulator({ timeScale: TIME_SCALE, eventUrls: [{ url: receiver.url }] });
    await client.setOnline(OTHER_POIID, false);
    await client.setOnline(OTHER_POIID, true);
    await receiver.waitFor('an event', (deliveries) => accepted(deliveries, 'event').length === 1);
    const event = eventOf(defined(receiver.deliveries[0], 'the event').body);
    expect(event.EventNotification.EventToNotify).toBe('NetworkConnected');
    expect(event.MessageHeader.POIID).toBe(OTHER_POIID);
  });
});
