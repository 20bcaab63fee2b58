import { describe, expect, it } from 'vitest';
import { field, startTestWorldnet, TEST_API_KEY, TEST_TERMINAL_ID, text, type Reply } from './testing/harness.ts';

/**
 * The REST Merchant API as the till uses it: a token from the API key, the
 * payment by UNIQUEREF, the search by orderId or operator, and refunds with
 * Worldnet's cap, all with the contract's statuses and error body.
 */

const HOUR = 3_600_000;
const errorCode = (reply: Reply) => field(reply.json, 'details', 0, 'errorCode');

/** Pays an order of `amount` and returns its UNIQUEREF. */
async function paidPayment(client: Awaited<ReturnType<typeof startTestWorldnet>>['client'], amount: string) {
  const orderId = await client.payOrder({ amount });
  const reply = await client.raw('GET', '/_simulator/transactions');
  const transactions = field(reply.json, 'transactions');
  const found = Array.isArray(transactions)
    ? (transactions as unknown[]).find((one) => field(one, 'orderId') === orderId)
    : undefined;
  return { orderId, uniqueReference: text(field(found, 'uniqueReference')) };
}

describe('the Merchant API', () => {
  it('authenticates the key exactly as given (Basic <key>) and answers a token valid for expiresIn hours', async () => {
    const { client } = await startTestWorldnet();
    const path = '/merchant/api/v1/account/authenticate';
    const good = await client.raw('GET', path, { headers: { authorization: `Basic ${TEST_API_KEY}` } });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 1,
      allowedTerminals: [TEST_TERMINAL_ID],
      token: expect.any(String) as unknown,
      boundTo: expect.any(String) as unknown,
    });
    expect(good.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const encoded = Buffer.from(`${TEST_API_KEY}:`).toString('base64');
    for (const authorization of ['Basic wrong-key', `Basic ${encoded}`, `Bearer ${TEST_API_KEY}`, '']) {
      const bad = await client.raw('GET', path, { headers: { authorization } });
      expect(bad.status, authorization).toBe(401);
      expect(bad.headers.get('www-authenticate')).toContain('Basic');
      expect(bad.json).toMatchObject({ debugIdentifier: expect.any(String) as unknown, details: [{}] });
    }
    expect((await client.raw('POST', path, { headers: { authorization: `Basic ${TEST_API_KEY}` } })).status).toBe(405);
  });

  it('refuses a missing or unknown token, and one past expiresIn simulated hours, with WWW-Authenticate', async () => {
    const timeScale = 0.0001;
    const { client } = await startTestWorldnet({ timeScale });
    const { uniqueReference } = await paidPayment(client, '10.00');
    const token = await client.authenticate();
    expect((await client.api('GET', `/transaction/payments/${uniqueReference}`, { token })).status).toBe(200);
    expect((await client.api('GET', `/transaction/payments/${uniqueReference}`, { token: null })).status).toBe(401);
    expect((await client.api('GET', `/transaction/payments/${uniqueReference}`, { token: 'forged' })).status).toBe(401);
    // An hour at this scale is 360 real ms.
    await new Promise((resolve) => setTimeout(resolve, HOUR * timeScale + 50));
    const expired = await client.api('GET', `/transaction/payments/${uniqueReference}`, { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    expect(field(expired.json, 'details', 0, 'errorMessage')).toContain('expired');
    expect((await client.api('GET', `/transaction/payments/${uniqueReference}`)).status).toBe(200);
  });

  it('answers a payment by UNIQUEREF with its order and result; an unknown one is a 404', async () => {
    const { client } = await startTestWorldnet();
    const { orderId, uniqueReference } = await paidPayment(client, '12.50');
    const reply = await client.api('GET', `/transaction/payments/${uniqueReference}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.json).toMatchObject({
      uniqueReference,
      terminal: TEST_TERMINAL_ID,
      order: { orderId, currency: 'EUR', totalAmount: 12.5 },
      customerAccount: { maskedPan: expect.stringMatching(/^\d{6}\*{6}\d{4}$/) as unknown },
      transactionResult: {
        type: 'SALE',
        status: 'READY',
        currency: 'EUR',
        authorizedAmount: 12.5,
        resultCode: 'A',
        resultMessage: 'APPROVAL',
        approvalCode: expect.stringMatching(/^\d{6}$/) as unknown,
      },
    });
    expect(Date.parse(text(field(reply.json, 'transactionResult', 'dateTime')))).not.toBeNaN();
    const missing = await client.api('GET', '/transaction/payments/ABCDEFGHIJ');
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    expect((await client.api('POST', `/transaction/payments/${uniqueReference}`, { body: {} })).status).toBe(405);
    expect((await client.api('GET', '/transaction/nothing')).status).toBe(404);
    const html = await client.api('GET', `/transaction/payments/${uniqueReference}`, {
      headers: { accept: 'text/html' },
    });
    expect(html.status).toBe(406);
  });

  it('refunds within the cap, refuses more with a 422, and a refund ending in 123 is declined', async () => {
    const { client, simulator } = await startTestWorldnet();
    const { orderId, uniqueReference } = await paidPayment(client, '10.00');
    const path = `/transaction/payments/${uniqueReference}/refunds`;
    const first = await client.api('POST', path, {
      body: { refundAmount: 4, refundReason: 'Wrong size', operator: 'KN0123456789ABCDEF0123' },
    });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      terminal: TEST_TERMINAL_ID,
      operator: 'KN0123456789ABCDEF0123',
      orderId,
      refundReason: 'Wrong size',
      transactionResult: { type: 'REFUND', status: 'READY', resultCode: 'A', authorizedAmount: -4, currency: 'EUR' },
    });
    const refundReference = text(field(first.json, 'uniqueReference'));
    expect(refundReference).toMatch(/^[A-Z0-9]{10}$/);
    expect(refundReference).not.toBe(uniqueReference);

    const declined = await client.api('POST', path, { body: { refundAmount: 1.23, refundReason: 'Test decline' } });
    expect(declined.status).toBe(201);
    expect(field(declined.json, 'transactionResult')).toMatchObject({ resultCode: 'D', status: 'DECLINED' });
    // Without an operator the key's alias is the operator.
    expect(field(declined.json, 'operator')).toBe(field((await client.raw('GET', '/_simulator')).json, 'keyAlias'));

    // 4.00 refunded, the declined 1.23 not counted: 6.00 left, 6.01 over.
    const over = await client.api('POST', path, { body: { refundAmount: 6.01, refundReason: 'Too much' } });
    expect(over.status).toBe(422);
    expect(errorCode(over)).toBe('BUSINESS_RULE');
    const rest = await client.api('POST', path, { body: { refundAmount: 6, refundReason: 'The rest' } });
    expect(rest.status).toBe(201);
    const more = await client.api('POST', path, { body: { refundAmount: 0.01, refundReason: 'Nothing left' } });
    expect(more.status).toBe(422);

    const read = await client.api('GET', `/transaction/refunds/${refundReference}`);
    expect(read.json).toEqual(first.json);
    expect((await client.api('GET', `/transaction/refunds/${uniqueReference}`)).status).toBe(404);
    expect(simulator.control.transactions().map((one) => [one.type, one.status])).toEqual([
      ['SALE', 'READY'],
      ['REFUND', 'READY'],
      ['REFUND', 'DECLINED'],
      ['REFUND', 'READY'],
    ]);
  });

  it('refuses refund requests that are not well formed, and refunds of what was not approved', async () => {
    const { client } = await startTestWorldnet();
    const { uniqueReference } = await paidPayment(client, '10.00');
    const declined = await paidPayment(client, '11.23');
    const path = `/transaction/payments/${uniqueReference}/refunds`;
    const noReason = await client.api('POST', path, { body: { refundAmount: 1 } });
    expect(noReason.status).toBe(422);
    expect(field(noReason.json, 'details', 0, 'errorMessage')).toContain('refundReason');
    const badAmount = await client.api('POST', path, { body: { refundAmount: '1.00', refundReason: 'x' } });
    expect(badAmount.status).toBe(400);
    expect(field(badAmount.json, 'details', 0, 'source')).toMatchObject({ location: 'body', property: 'refundAmount' });
    const tooPrecise = await client.api('POST', path, { body: { refundAmount: 1.001, refundReason: 'x' } });
    expect(tooPrecise.status).toBe(400);
    const longReason = await client.api('POST', path, { body: { refundAmount: 1, refundReason: 'x'.repeat(101) } });
    expect(longReason.status).toBe(400);
    const notJson = await client.api('POST', path, {
      body: { refundAmount: 1, refundReason: 'x' },
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    const ofDeclined = await client.api('POST', `/transaction/payments/${declined.uniqueReference}/refunds`, {
      body: { refundAmount: 1, refundReason: 'x' },
    });
    expect(ofDeclined.status).toBe(422);
    const unknown = await client.api('POST', '/transaction/payments/NOPE123456/refunds', {
      body: { refundAmount: 1, refundReason: 'x' },
    });
    expect(unknown.status).toBe(404);
  });

  it('searches transactions by terminal (required) and orderId, operator, resourceType, dates, statusGroup, pages', async () => {
    const { client } = await startTestWorldnet();
    const one = await paidPayment(client, '10.00');
    const two = await paidPayment(client, '20.00');
    const declined = await paidPayment(client, '31.23');
    const operator = 'KNAAAAAAAAAAAAAAAAAAAA';
    await client.api('POST', `/transaction/payments/${one.uniqueReference}/refunds`, {
      body: { refundAmount: 2.5, refundReason: 'Partial', operator },
    });
    const search = async (query: Record<string, string>) =>
      client.api('GET', '/transaction/transactions', { query: { terminal: TEST_TERMINAL_ID, ...query } });
    const data = async (query: Record<string, string>) => {
      const found = field((await search(query)).json, 'data');
      return Array.isArray(found) ? (found as unknown[]) : [];
    };

    expect(await data({ orderId: one.orderId, resourceType: 'PAYMENT' })).toEqual([
      expect.objectContaining({
        uniqueReference: one.uniqueReference,
        orderId: one.orderId,
        type: 'SALE',
        status: 'READY',
        resultCode: 'A',
        amount: 10,
        currency: 'EUR',
      }),
    ]);
    expect(await data({ orderId: one.orderId, resourceType: 'REFUND' })).toEqual([
      expect.objectContaining({ operator, orderId: one.orderId, type: 'REFUND', amount: -2.5 }),
    ]);
    expect((await data({ operator, resourceType: 'REFUND' })).map((item) => field(item, 'amount'))).toEqual([-2.5]);
    expect(await data({ operator: 'KNBBBBBBBBBBBBBBBBBBBB' })).toEqual([]);
    expect((await data({ uniqueReference: two.uniqueReference })).map((item) => field(item, 'orderId'))).toEqual([
      two.orderId,
    ]);
    expect((await data({ statusGroup: 'DECLINED' })).map((item) => field(item, 'orderId'))).toEqual([declined.orderId]);
    expect(await data({ statusGroup: 'APPROVAL', resourceType: 'PAYMENT' })).toHaveLength(2);
    const future = new Date(Date.now() + 400 * 24 * HOUR).toISOString();
    expect(await data({ afterDate: future })).toEqual([]);
    expect(await data({ beforeDate: future })).toHaveLength(4);
    expect(await data({ afterDate: '2020-01-01' })).toHaveLength(4);
    expect(await data({ batchType: 'CLOSED' })).toEqual([]);

    const firstPage = await search({ pageSize: '3' });
    expect(field(firstPage.json, 'data')).toHaveLength(3);
    const next = text(field(firstPage.json, 'next'));
    const secondPage = await search({ pageSize: '3', next });
    expect(field(secondPage.json, 'data')).toHaveLength(1);
    expect(field(secondPage.json, 'next')).toBeUndefined();

    const noTerminal = await client.api('GET', '/transaction/transactions', { query: { orderId: one.orderId } });
    expect(noTerminal.status).toBe(400);
    expect(field(noTerminal.json, 'details', 0, 'source')).toMatchObject({ location: 'query', property: 'terminal' });
    expect((await client.api('GET', '/transaction/transactions', { query: { terminal: '999999' } })).status).toBe(403);
    for (const bad of [{ pageSize: '0' }, { pageSize: '101' }, { afterDate: 'yesterday' }, { statusGroup: 'NICE' }]) {
      expect((await search(bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });
});
