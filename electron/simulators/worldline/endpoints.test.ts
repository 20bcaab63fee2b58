import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../logging/logger.ts';
import { DEFAULT_MERCHANT_ID, DEFAULT_UTID, startWorldlineSimulator } from './simulator.ts';
import {
  errorOf,
  jsonOf,
  paymentOf,
  startTestWorldlineSimulator,
  WORLDLINE_API_KEY,
  WORLDLINE_MERCHANT,
  WORLDLINE_OTHER_UTID,
  WORLDLINE_UTID,
} from './testing/harness.ts';
import { paymentRequest, statusRequest, withField } from './testing/requests.ts';

/** Authentication, routing and request validation: everything refused before a terminal sees it. */

describe('authentication', () => {
  it('answers 401 with a JSON message to a missing, wrong or non-Bearer key, and runs nothing', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const path = client.paymentsPath(WORLDLINE_UTID, 'sync');
    const request = paymentRequest({ amount: 10 });
    for (const apiKey of [null, 'wrong', `${WORLDLINE_API_KEY}x`, WORLDLINE_API_KEY.slice(0, -1)]) {
      const reply = await client.post(path, request, { apiKey });
      expect(errorOf(reply, 401)).toMatch(/API key/);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
    const basic = await fetch(`${simulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`x:${WORLDLINE_API_KEY}`).toString('base64')}` },
      body: JSON.stringify(request),
    });
    expect(basic.status).toBe(401);
    expect(errorOf(await client.get('/_simulator', { apiKey: 'wrong' }), 401)).toMatch(/API key/);
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toEqual([]);
  });

  it('accepts the key with any case of "Bearer"', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const response = await fetch(`${simulator.url}${client.paymentsPath(WORLDLINE_UTID, 'sync')}`, {
      method: 'POST',
      headers: { authorization: `bearer ${simulator.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(paymentRequest({ amount: 1 })),
    });
    expect(response.status).toBe(200);
  });
});

describe('routing', () => {
  it('answers 404 for an unknown merchant, an unknown terminal or an unknown path', async () => {
    const { client } = await startTestWorldlineSimulator();
    const request = paymentRequest({ amount: 10 });
    expect(errorOf(await client.sync(request, { merchant: 'SomeoneElse' }), 404)).toBe('Unknown merchant SomeoneElse');
    expect(errorOf(await client.sync(request, { utid: '69999999' }), 404)).toBe('Unknown terminal 69999999');
    expect(errorOf(await client.post('/api/v1/merchants', request), 404)).toBe('Not found');
  });

  it('answers 404 "not connected" while a terminal is offline, and serves it again once it is back', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.setOnline(WORLDLINE_UTID, false);
    const request = paymentRequest({ amount: 10 });
    expect(errorOf(await client.sync(request), 404)).toBe(`Terminal ${WORLDLINE_UTID} is not connected`);
    // The other terminal is unaffected.
    expect(
      paymentOf(await client.sync(paymentRequest({ amount: 10, utid: WORLDLINE_OTHER_UTID }))).result,
    ).toBeDefined();
    await client.setOnline(WORLDLINE_UTID, true);
    // Nothing ran, so the same request may be sent again.
    expect(paymentOf(await client.sync(request)).result.ServiceResponse.Response.Result).toBe('Success');
  });

  it('answers 405 to anything but POST on the payment endpoints', async () => {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.get(client.paymentsPath(WORLDLINE_UTID, 'sync'));
    expect(errorOf(reply, 405)).toBe('Method not allowed');
    expect(reply.headers.get('allow')).toBe('POST');
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.post(client.paymentsPath(WORLDLINE_UTID, 'sync'), 'x'.repeat(1024 * 1024 + 1));
    expect(errorOf(reply, 413)).toMatch(/1 MiB/);
  });
});

describe('request validation (400)', () => {
  async function refused(body: unknown, channel: 'sync' | 'async' = 'sync') {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.post(client.paymentsPath(WORLDLINE_UTID, channel), body);
    const message = errorOf(reply, 400);
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toEqual([]);
    return message;
  }
  const request = () => paymentRequest({ amount: 10 });

  it('refuses a body that is not JSON', async () => {
    expect(await refused('{"SaleToPOIServiceRequest": ')).toBe('The body is not valid JSON');
  });

  it('refuses any protocol version but 5.1-WL1.0.0', async () => {
    expect(await refused(withField(request(), 'Header.ProtocolVersion', '5.0'))).toBe(
      'Invalid request: SaleToPOIServiceRequest.Header.ProtocolVersion: must be "5.1-WL1.0.0"',
    );
  });

  it('names every missing or wrong field', async () => {
    const body = withField(
      withField(request(), 'Header.MessageFunction', 'Abort'),
      'Header.ExchangeIdentification',
      undefined,
    );
    const message = await refused(body);
    expect(message).toContain('SaleToPOIServiceRequest.Header.MessageFunction: must be "SaleFinancialServiceRequest"');
    expect(message).toContain('SaleToPOIServiceRequest.Header.ExchangeIdentification: missing');
  });

  it('refuses an ExchangeIdentification over 35 characters', async () => {
    expect(await refused(withField(request(), 'Header.ExchangeIdentification', 'x'.repeat(36)))).toMatch(
      /ExchangeIdentification: must be at most 35 characters/,
    );
  });

  it('refuses amounts that are not exact in the currency, not positive, or in no currency', async () => {
    const amount = 'ServiceRequest.PaymentRequest.PaymentTransaction.TransactionDetails.TotalAmount';
    const currency = 'ServiceRequest.PaymentRequest.PaymentTransaction.TransactionDetails.Currency';
    expect(await refused(withField(request(), amount, 12.345))).toMatch(
      /TotalAmount: must be a whole number of EUR minor units/,
    );
    expect(await refused(withField(request(), amount, 0.1 + 0.2))).toMatch(/TotalAmount/);
    expect(await refused(withField(request(), amount, 0))).toMatch(/TotalAmount: must be positive/);
    expect(await refused(withField(request(), amount, -5))).toMatch(/TotalAmount: must be positive/);
    expect(await refused(withField(request(), amount, '12.50'))).toMatch(/TotalAmount/);
    expect(await refused(paymentRequest({ amount: 100.5, currency: 'JPY' }))).toMatch(
      /JPY minor units \(at most 0 decimals\)/,
    );
    expect(await refused(withField(request(), amount, 1e13))).toMatch(
      /TotalAmount: must be at most 999999999999999 EUR/,
    );
    expect(await refused(withField(request(), currency, 'XYZ'))).toMatch(/Currency: must be an active ISO 4217/);
  });

  it('refuses a POI that is not the terminal in the path', async () => {
    expect(await refused(paymentRequest({ amount: 10, utid: WORLDLINE_OTHER_UTID }))).toMatch(
      new RegExp(`must be the terminal in the path \\(${WORLDLINE_UTID}\\), not ${WORLDLINE_OTHER_UTID}`),
    );
  });

  it('refuses a ServiceContent that does not match the sub-object', async () => {
    expect(await refused(withField(request(), 'ServiceRequest.ServiceContent', 'ReversalRequest'))).toMatch(
      /ReversalRequest: missing.*PaymentRequest: must be absent/,
    );
    expect(await refused(withField(request(), 'ServiceRequest.ServiceContent', 'CardAcquisitionRequest'))).toMatch(
      /ServiceContent: must be one of FinancialPaymentRequest, ReversalRequest, FinancialReversalRequest, TransactionStatusRequest/,
    );
  });

  it('refuses an asynchronous request without a WebhookUrl, and a status request sent asynchronously', async () => {
    expect(await refused(request(), 'async')).toBe('Header.WebhookUrl is required on an asynchronous request');
    expect(await refused(statusRequest({ about: 'abc', webhookUrl: 'http://127.0.0.1:1/cb' }), 'async')).toBe(
      'Transaction status requests are synchronous: send them to /payments/sync',
    );
  });

  it('refuses a WebhookUrl that is not an http(s) URL and NumberOfRetries below 1', async () => {
    expect(await refused(paymentRequest({ amount: 10, webhookUrl: 'ftp://example.test/x' }), 'async')).toMatch(
      /WebhookUrl: must be an http or https URL/,
    );
    expect(
      await refused(paymentRequest({ amount: 10, webhookUrl: 'http://127.0.0.1:1/cb', numberOfRetries: 0 }), 'async'),
    ).toMatch(/NumberOfRetries/);
  });
});

describe('the simulator', () => {
  it('describes itself and its terminals, and lists the magic amounts on GET /_simulator', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    expect(simulator.describe()).toContain(
      `${simulator.url}/api/v1/merchants/${WORLDLINE_MERCHANT}/terminals/{UTID}/payments`,
    );
    expect(simulator.describe()).toContain(simulator.apiKey);
    const overview = jsonOf(await client.get('/_simulator'), 200);
    expect(overview).toMatchObject({
      merchantId: WORLDLINE_MERCHANT,
      rateLimit: { requestsPerSecond: null },
      terminals: [
        { utid: WORLDLINE_UTID, online: true, busy: false, transactions: 0, duplicates: 0, pendingFaults: [] },
        { utid: WORLDLINE_OTHER_UTID, online: true },
      ],
    });
    expect(overview).toHaveProperty('magicAmounts', expect.arrayContaining([expect.objectContaining({ ending: 123 })]));
  });

  it('has defaults: one terminal, a merchant and a random key', async () => {
    const simulator = await startWorldlineSimulator({ logger: createMemoryLogger() });
    try {
      expect(simulator.utids).toEqual([DEFAULT_UTID]);
      expect(simulator.merchantId).toBe(DEFAULT_MERCHANT_ID);
      expect(simulator.apiKey.length).toBeGreaterThan(20);
      expect(simulator.url).toBe(`http://127.0.0.1:${String(simulator.port)}`);
    } finally {
      await simulator.close();
    }
  });

  it('refuses a bad configuration', async () => {
    const logger = createMemoryLogger();
    await expect(startWorldlineSimulator({ logger, terminals: [] })).rejects.toThrow(/at least one/);
    await expect(startWorldlineSimulator({ logger, terminals: [{ utid: 'a/b' }] })).rejects.toThrow(/UTID/);
    await expect(startWorldlineSimulator({ logger, terminals: [{ utid: '1' }, { utid: '1' }] })).rejects.toThrow(
      /twice/,
    );
    await expect(startWorldlineSimulator({ logger, timeScale: 0 })).rejects.toThrow(/time scale/);
  });
});
