import { describe, expect, it, vi } from 'vitest';
import { cardForm, field, linkForm, startTestOppSimulator, text } from './testing/harness.ts';
import { createThrottle } from './throttle.ts';

/**
 * The pace OPP holds a till to (two status questions a minute per
 * transaction), the call log a till's test reads that pace from, duplicate
 * detection by merchantTransactionId, and the query a lost reply is found by.
 * At 0.01 a simulated minute is 600 real ms: room for three calls on a busy
 * machine, and short enough to wait out.
 */

const codeOf = (json: unknown) => field(json, 'result', 'code');
const SCALE = 0.01;

describe('the rolling window', () => {
  it('counts answered questions per key over the last 60 000 simulated ms', () => {
    const throttle = createThrottle(2);
    expect(throttle.allow('a', 0)).toBe(true);
    expect(throttle.allow('a', 30_000)).toBe(true);
    expect(throttle.allow('a', 59_999)).toBe(false);
    expect(throttle.allow('b', 59_999)).toBe(true);
    // The first question has left the window; the refused one never counted.
    expect(throttle.allow('a', 60_001)).toBe(true);
    expect(throttle.allow('a', 60_002)).toBe(false);
    expect(throttle.allow('a', 90_001)).toBe(true);
    expect(() => createThrottle(0)).toThrow(RangeError);
  });
});

describe('the throttle', () => {
  it('answers the third GET within a minute 429 800.120.100, and lets one through once the minute has passed', async () => {
    const { client, simulator } = await startTestOppSimulator({ timeScale: SCALE });
    const id = text(field((await client.post('payments', cardForm('10.00'))).json, 'id'));
    expect((await client.get(`payments/${id}`)).status).toBe(200);
    expect((await client.get(`payments/${id}`)).status).toBe(200);
    const third = await client.get(`payments/${id}`);
    expect(third.status).toBe(429);
    expect(third.json).toMatchObject({
      result: { code: '800.120.100', description: 'Too many requests. Please try again later.' },
    });
    // Other transactions have their own allowance.
    const other = text(field((await client.post('payments', cardForm('11.00'))).json, 'id'));
    expect((await client.get(`payments/${other}`)).status).toBe(200);
    await vi.waitFor(async () => expect((await client.get(`payments/${id}`)).status).toBe(200), {
      timeout: 3_000,
      interval: 50,
    });
    const asked = simulator.control.calls().filter((call) => call.method === 'GET' && call.path.endsWith(id));
    expect(asked.slice(0, 3).map((call) => call.throttled)).toEqual([false, false, true]);
    expect(asked.at(-1)).toMatchObject({ throttled: false, status: 200, resultCode: '000.100.110' });
    // The one let through came a full simulated minute after the first.
    expect((asked.at(-1)?.atMs ?? 0) - (asked[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('holds /v1/query/{id} and the query by merchantTransactionId to the same pace', async () => {
    const { client } = await startTestOppSimulator({ timeScale: SCALE });
    const reply = await client.post('payments', cardForm('10.00', { merchantTransactionId: 'till-7-attempt-1' }));
    const id = text(field(reply.json, 'id'));
    const statuses = [];
    for (let ask = 0; ask < 3; ask += 1) statuses.push((await client.get(`query/${id}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const byReference = [];
    for (let ask = 0; ask < 3; ask += 1) {
      byReference.push((await client.get('query', { merchantTransactionId: 'till-7-attempt-1' })).status);
    }
    expect(byReference).toEqual([200, 200, 429]);
  });

  it('takes statusPerMinute from the options', async () => {
    const { client } = await startTestOppSimulator({ timeScale: SCALE, statusPerMinute: 1 });
    const id = text(field((await client.post('payments', cardForm('10.00'))).json, 'id'));
    expect((await client.get(`payments/${id}`)).status).toBe(200);
    expect(codeOf((await client.get(`payments/${id}`)).json)).toBe('800.120.100');
  });
});

describe('the call log', () => {
  it('lists every /v1 call with its simulated time, status and result', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('payments', cardForm('10.00'))).json, 'id'));
    await client.get(`payments/${id}`);
    await client.post('payments', cardForm('10.00'), { token: 'wrong' });
    await client.raw('GET', '/_simulator/links');
    const calls = simulator.control.calls();
    expect(calls).toMatchObject([
      { method: 'POST', path: '/v1/payments', query: '', status: 200, resultCode: '000.100.110', throttled: false },
      { method: 'GET', path: `/v1/payments/${id}`, status: 200, throttled: false },
      { method: 'POST', path: '/v1/payments', status: 401, resultCode: '800.900.300' },
    ]);
    expect(calls[1]?.query).toContain('entityId=');
    expect(calls[1]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const overHttp = await client.raw('GET', '/_simulator/calls');
    expect(field(overHttp.json, 'calls', 2, 'status')).toBe(401);
  });
});

describe('duplicate detection and the query by merchantTransactionId', () => {
  it('refuses a second payment with the same merchantTransactionId and paymentType: 800.110.100, nothing new', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const first = await client.post('payments', cardForm('10.00', { merchantTransactionId: 'order-1' }));
    expect(codeOf(first.json)).toBe('000.100.110');
    const again = await client.post('payments', cardForm('12.00', { merchantTransactionId: 'order-1' }));
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ result: { code: '800.110.100', description: 'duplicate transaction' } });
    expect(simulator.control.transactions()).toHaveLength(1);
    // Another paymentType is another transaction.
    const held = await client.post(
      'payments',
      cardForm('10.00', { merchantTransactionId: 'order-1', paymentType: 'PA' }),
    );
    expect(codeOf(held.json)).toBe('000.100.110');
    const query = await client.get('query', { merchantTransactionId: 'order-1' });
    expect(query.json).toMatchObject({
      result: { code: '000.000.100' },
      payments: [{ paymentType: 'DB', amount: '10.00' }, { paymentType: 'PA' }],
    });
    const none = await client.get('query', { merchantTransactionId: 'never-sent' });
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ result: { code: '700.400.580' }, payments: [] });
  });

  it('refuses a repeated back-office operation and a repeated link the same way', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const debit = text(field((await client.post('payments', cardForm('30.00'))).json, 'id'));
    const refund = { paymentType: 'RF', amount: '5.00', currency: 'EUR', merchantTransactionId: 'service-9' };
    expect(codeOf((await client.post(`payments/${debit}`, refund)).json)).toBe('000.100.110');
    const repeat = await client.post(`payments/${debit}`, refund);
    expect(repeat.status).toBe(400);
    expect(codeOf(repeat.json)).toBe('800.110.100');
    expect(simulator.control.transactions().filter((one) => one.paymentType === 'RF')).toHaveLength(1);
    // The till settles a lost refund reply by asking for its ServiceID.
    const found = await client.get('query', { merchantTransactionId: 'service-9' });
    expect(field(found.json, 'payments', 0)).toMatchObject({ paymentType: 'RF', referencedId: debit, amount: '5.00' });

    const link = linkForm('10.00', { merchantTransactionId: 'link-1' });
    expect(codeOf((await client.post('paybylink', link)).json)).toBe('000.200.100');
    expect(codeOf((await client.post('paybylink', link)).json)).toBe('800.110.100');
    expect(simulator.control.links()).toHaveLength(1);
  });
});
