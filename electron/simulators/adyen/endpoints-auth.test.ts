import { describe, expect, it } from 'vitest';
import {
  defined,
  eventOf,
  formFields,
  jsonOf,
  MERCHANT,
  paymentOf,
  startTestSimulator,
  statusOf,
  type Reply,
} from './testing/harness.ts';
import { headerOf, OTHER_POIID, paymentRequest, POIID, referenceTo, statusRequest } from './testing/requests.ts';
import { ConnectedDevicesSchema, DeviceStatusSchema, ProblemSchema } from './testing/schemas.ts';

function expectNotJson(reply: Reply) {
  expect(reply.contentType).not.toContain('json');
  expect(() => JSON.parse(reply.text) as unknown).toThrow();
}

function problemOf(reply: Reply) {
  expect(reply.contentType).toMatch(/^application\/problem\+json/);
  return ProblemSchema.parse(jsonOf(reply));
}

describe('the legacy endpoints (/sync, /async)', () => {
  it('take a payment on /sync and answer /async with a plain "ok"', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 5 })));
    expect(payment.Response.Result).toBe('Success');

    const reply = await client.async(paymentRequest({ amount: 6 }));
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain/);
    expect(reply.text).toBe('ok');
  });

  it.each([
    ['no', null],
    ['a wrong', 'not-the-key'],
  ] as const)('answer %s X-API-Key with a bare 401 that is not JSON', async (_what, apiKey) => {
    const { client } = await startTestSimulator();
    for (const path of ['/sync', '/async']) {
      const reply = await client.post(path, paymentRequest({ amount: 5 }), { apiKey });
      expect(reply.status).toBe(401);
      expectNotJson(reply);
    }
    // Nothing reached the terminal.
    expect(await client.transactions(POIID)).toEqual([]);
  });
});

describe('the Cloud device API (/v1/merchants/{merchant}/devices/{POIID})', () => {
  it('takes a payment on …/sync and answers …/async with "ok"', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 7.5, poiid: OTHER_POIID });
    const { header, payment } = paymentOf(await client.post(`${client.devicePath(OTHER_POIID)}/sync`, request));
    expect(payment.Response.Result).toBe('Success');
    expect(header.POIID).toBe(OTHER_POIID);
    expect(header.ServiceID).toBe(headerOf(request).ServiceID);

    const reply = await client.post(`${client.devicePath(POIID)}/async`, paymentRequest({ amount: 8 }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('ok');
  });

  it('reports a device ONLINE or OFFLINE and lists only the online ones as connected', async () => {
    const { client } = await startTestSimulator({
      terminals: [{ poiid: POIID }, { poiid: OTHER_POIID, store: 'Harbour' }],
    });
    const status = async (poiid: string) => {
      const reply = await client.get(`${client.devicePath(poiid)}/status`);
      expect(reply.status).toBe(200);
      return DeviceStatusSchema.parse(jsonOf(reply));
    };
    const connected = async (query = '') => {
      const reply = await client.get(`/v1/merchants/${MERCHANT}/connectedDevices${query}`);
      expect(reply.status).toBe(200);
      return ConnectedDevicesSchema.parse(jsonOf(reply)).uniqueDeviceIds;
    };

    expect(await status(POIID)).toEqual({ deviceId: POIID, status: 'ONLINE' });
    expect(await connected()).toEqual([POIID, OTHER_POIID]);
    expect(await connected('?store=Harbour')).toEqual([OTHER_POIID]);
    expect(await connected('?store=Nowhere')).toEqual([]);

    await client.setOnline(POIID, false);
    expect(await status(POIID)).toEqual({ deviceId: POIID, status: 'OFFLINE' });
    expect(await status(OTHER_POIID)).toEqual({ deviceId: OTHER_POIID, status: 'ONLINE' });
    expect(await connected()).toEqual([OTHER_POIID]);
    expect(await connected('?store=Store1')).toEqual([]);

    await client.setOnline(POIID, true);
    expect(await status(POIID)).toEqual({ deviceId: POIID, status: 'ONLINE' });
    expect(await connected()).toEqual([POIID, OTHER_POIID]);
  });

  it('answers a missing or wrong X-API-Key with a 401 problem (RFC 7807)', async () => {
    const { client } = await startTestSimulator();
    for (const apiKey of [null, 'not-the-key']) {
      for (const reply of [
        await client.post(`${client.devicePath(POIID)}/sync`, paymentRequest({ amount: 5 }), { apiKey }),
        await client.get(`${client.devicePath(POIID)}/status`, { apiKey }),
        await client.get(`/v1/merchants/${MERCHANT}/connectedDevices`, { apiKey }),
      ]) {
        expect(reply.status).toBe(401);
        const problem = problemOf(reply);
        expect(problem).toMatchObject({ status: 401, errorCode: '00_401', title: 'Unauthorized' });
        expect(problem.type).toMatch(/^https:\/\//);
      }
    }
    expect(await client.transactions(POIID)).toEqual([]);
  });

  it('answers another merchant account, or a device the merchant does not have, with a 403 problem', async () => {
    const { client } = await startTestSimulator();
    for (const reply of [
      await client.post(`${client.devicePath(POIID, 'SomeoneElse')}/sync`, paymentRequest({ amount: 5 })),
      await client.get(`${client.devicePath(POIID, 'SomeoneElse')}/status`),
      await client.get('/v1/merchants/SomeoneElse/connectedDevices'),
      await client.get(`${client.devicePath('P400Plus-999999999')}/status`),
    ]) {
      expect(reply.status).toBe(403);
      expect(problemOf(reply)).toMatchObject({ status: 403, errorCode: '00_403', title: 'Forbidden' });
    }
    expect(await client.transactions(POIID)).toEqual([]);
  });

  it('answers a deviceId that is not the header POIID with a 422 problem naming the field', async () => {
    const { client } = await startTestSimulator();
    const reply = await client.post(
      `${client.devicePath(POIID)}/sync`,
      paymentRequest({ amount: 5, poiid: OTHER_POIID }),
    );
    expect(reply.status).toBe(422);
    const problem = problemOf(reply);
    expect(problem).toMatchObject({ status: 422, errorCode: '00_422' });
    expect(problem.invalidFields).toEqual([
      expect.objectContaining({ name: 'MessageHeader.POIID', value: OTHER_POIID }),
    ]);
    expect(await client.transactions(POIID)).toEqual([]);
    expect(await client.transactions(OTHER_POIID)).toEqual([]);
  });
});

describe('a terminal taken offline', () => {
  it('gets payments rejected on /sync and /async alike, and status requests too', async () => {
    const { client } = await startTestSimulator();
    await client.setOnline(POIID, false);

    const request = paymentRequest({ amount: 10 });
    const syncReject = eventOf(await client.sync(request));
    expect(syncReject.EventNotification.EventToNotify).toBe('Reject');
    expect(formFields(syncReject.EventNotification.EventDetails).get('message')).toBe(
      'Did not receive a response from the POI.',
    );
    expect(syncReject.MessageHeader).toMatchObject({
      POIID,
      SaleID: headerOf(request).SaleID,
      ServiceID: headerOf(request).ServiceID,
    });
    expect(
      Buffer.from(defined(syncReject.EventNotification.RejectedMessage, 'RejectedMessage'), 'base64').toString(),
    ).toBe(JSON.stringify(request));

    // On /async the Reject is the HTTP body, not "ok".
    const asyncReply = await client.async(paymentRequest({ amount: 11 }));
    expect(asyncReply.status).toBe(200);
    expect(asyncReply.text).not.toBe('ok');
    expect(eventOf(asyncReply).EventNotification.EventToNotify).toBe('Reject');

    const statusReply = await client.sync(statusRequest({ reference: referenceTo(request) }));
    expect(eventOf(statusReply).EventNotification.EventToNotify).toBe('Reject');

    // Back online, the terminal never saw those payments.
    await client.setOnline(POIID, true);
    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(request) })));
    expect(status.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotFound' });
    expect(await client.transactions(POIID)).toEqual([]);
  });
});

describe('hostile requests', () => {
  it.each([
    ['/v1/merchants/%E0%A4%A/devices/P400Plus-100000001/status', 400],
    ['/v1/merchants/KassaTestMerchant/devices/%ZZ/status', 400],
    ['/_simulator/terminals/%E0%A4%A/transactions', 400],
  ])('answers %s with %d, not a server error', async (path, status) => {
    const { client } = await startTestSimulator();
    expect((await client.get(path)).status).toBe(status);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const { client } = await startTestSimulator();
    const reply = await client.sync(`{"padding":"${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(reply.status).toBe(413);
  });

  it('treats absurdly deep Base64 JSON SaleToAcquirerData as invalid, not as a crash', async () => {
    const { client } = await startTestSimulator();
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const request = paymentRequest({ amount: 5, saleToAcquirerData: Buffer.from(deep).toString('base64') });
    const { payment } = paymentOf(await client.sync(request));
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'MessageFormat' });
  });
});
