import { describe, expect, it, vi } from 'vitest';
import {
  expectedValidationHash,
  field,
  startTestWorldnet,
  startValidationReceiver,
  TEST_TERMINAL_ID,
  text,
} from './testing/harness.ts';

/**
 * Scripted faults: validations lost, doubled, late, forged or with a trimmed
 * amount; REST calls answered 5xx or cut before or after the work was done,
 * answered slowly, or refused for their token. Each is used once.
 */

const MINUTE = 60_000;

describe('validation faults', () => {
  it('validation-lost: nothing is sent and nothing expires; the next payment is sent as usual', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.addFault({ fault: 'validation-lost' });
    const lost = await client.payOrder({ amount: '1.00' });
    const sent = await client.payOrder({ amount: '2.00' });
    await receiver.waitFor('one', (received) => received.length === 1);
    await simulator.control.validationsIdle();
    expect(receiver.received.map((one) => one.form.ORDERID)).toEqual([sent]);
    expect(simulator.control.validations().map((record) => [record.orderId, record.state, record.fault])).toEqual([
      [lost, 'lost', 'validation-lost'],
      [sent, 'delivered', undefined],
    ]);
    expect(simulator.control.transactions().map((one) => one.status)).toEqual(['READY', 'READY']);
    expect(simulator.control.emails()).toEqual([]);
  });

  it('validation-doubled: the same form twice, the second after the first is answered', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.addFault({ fault: 'validation-doubled' });
    await client.payOrder({ amount: '1.00' });
    await receiver.waitFor('two', (received) => received.length === 2);
    await simulator.control.validationsIdle();
    expect(receiver.received[1]?.raw).toBe(receiver.received[0]?.raw);
    expect(simulator.control.validations().map((record) => [record.copy, record.state])).toEqual([
      ['genuine', 'delivered'],
      ['repeat', 'delivered'],
    ]);
  });

  it('validation-late: the first try comes delayMs (simulated) after the payment', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.addFault({ fault: 'validation-late', delayMs: 5 * MINUTE });
    await client.payOrder({ amount: '1.00' });
    expect(simulator.control.validations()[0]?.state).toBe('waiting');
    await receiver.waitFor('one', (received) => received.length === 1);
    await simulator.control.validationsIdle();
    const paidAt = Date.parse(simulator.control.transactions()[0]?.dateTime ?? '');
    const triedAt = simulator.control.validations()[0]?.attempts[0]?.atMs ?? 0;
    expect(triedAt - paidAt).toBeGreaterThanOrEqual(5 * MINUTE - 3_000);
    expect(triedAt - paidAt).toBeLessThan(7 * MINUTE);
  });

  it('validation-forged: first an approval under a wrong secret, sent once though refused, then the genuine one', async () => {
    const receiver = await startValidationReceiver([{ status: 401, body: 'Unauthorised.' }]);
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.addFault({ fault: 'validation-forged' });
    await client.payOrder({ amount: '1.23' });
    await receiver.waitFor('two', (received) => received.length === 2);
    await simulator.control.validationsIdle();
    const [forged, genuine] = receiver.received.map((one) => one.form);
    expect(forged).toMatchObject({ RESPONSECODE: 'A', RESPONSETEXT: 'APPROVAL', ORDERID: genuine?.ORDERID });
    expect(forged?.HASH).not.toBe(expectedValidationHash(forged ?? {}));
    expect(genuine).toMatchObject({ RESPONSECODE: 'D' });
    expect(genuine?.HASH).toBe(expectedValidationHash(genuine ?? {}));
    expect(simulator.control.validations().map((record) => [record.copy, record.state])).toEqual([
      ['forged', 'not-retried'],
      ['genuine', 'delivered'],
    ]);
    expect(simulator.control.transactions()[0]?.status).toBe('DECLINED');
  });

  it('validation-amount-trimmed: 12.50 is sent and hashed as 12.5', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.addFault({ fault: 'validation-amount-trimmed' });
    await client.payOrder({ amount: '12.50' });
    await client.payOrder({ amount: '12.50' });
    await receiver.waitFor('two', (received) => received.length === 2);
    const [trimmed, plain] = receiver.received.map((one) => one.form);
    expect([trimmed?.AMOUNT, plain?.AMOUNT]).toEqual(['12.5', '12.50']);
    expect(trimmed?.HASH).toBe(expectedValidationHash(trimmed ?? {}));
    await simulator.control.validationsIdle();
  });
});

describe('call faults', () => {
  const refund = (uniqueReference: string) => ({
    path: `/transaction/payments/${uniqueReference}/refunds`,
    body: { refundAmount: 1, refundReason: 'Fault test', operator: 'KN00000000000000000001' },
  });

  async function paid(client: Awaited<ReturnType<typeof startTestWorldnet>>['client']) {
    const orderId = await client.payOrder({ amount: '10.00' });
    const search = await client.api('GET', '/transaction/transactions', {
      query: { terminal: TEST_TERMINAL_ID, orderId },
    });
    return text(field(search.json, 'data', 0, 'uniqueReference'));
  }

  it('http-error before the work: nothing refunded; after (applied): refunded though answered 5xx', async () => {
    const { client, simulator } = await startTestWorldnet();
    const reference = await paid(client);
    const token = await client.authenticate();
    const { path, body } = refund(reference);
    await client.addFault({ fault: 'http-error', status: 503, method: 'POST' });
    const before = await client.api('POST', path, { token, body });
    expect(before.status).toBe(503);
    expect(field(before.json, 'details', 0, 'errorCode')).toBe('SERVER_ERROR');
    expect(simulator.control.transactions().filter((one) => one.type === 'REFUND')).toEqual([]);
    await client.addFault({ fault: 'http-error', status: 502, applied: true, method: 'POST' });
    expect((await client.api('POST', path, { token, body })).status).toBe(502);
    expect(simulator.control.transactions().filter((one) => one.type === 'REFUND')).toHaveLength(1);
    // The till finds what it cannot know was made by the operator it sent.
    const found = await client.api('GET', '/transaction/transactions', {
      token,
      query: { terminal: TEST_TERMINAL_ID, operator: body.operator, resourceType: 'REFUND' },
    });
    expect(field(found.json, 'data')).toHaveLength(1);
    expect(
      simulator.control
        .calls()
        .filter((call) => call.method === 'POST')
        .map((call) => [call.status, call.fault]),
    ).toEqual([
      [503, 'http-error'],
      [502, 'http-error'],
    ]);
  });

  it('drop-connection, before or after the work; a fault waits for a call of its method and spares authenticate', async () => {
    const { client, simulator } = await startTestWorldnet();
    const reference = await paid(client);
    const { path, body } = refund(reference);
    await client.addFault({ fault: 'drop-connection', method: 'POST' });
    // The GET of authenticate and of the payment pass the POST fault by.
    const token = await client.authenticate();
    expect((await client.api('GET', `/transaction/payments/${reference}`, { token })).status).toBe(200);
    await expect(client.api('POST', path, { token, body })).rejects.toThrow();
    expect(simulator.control.transactions().filter((one) => one.type === 'REFUND')).toEqual([]);
    await client.addFault({ fault: 'drop-connection', applied: true });
    await expect(client.api('POST', path, { token, body })).rejects.toThrow();
    expect(simulator.control.transactions().filter((one) => one.type === 'REFUND')).toHaveLength(1);
    expect(simulator.control.pendingFaults()).toEqual([]);
    const dropped = simulator.control.calls().filter((call) => call.fault === 'drop-connection');
    expect(dropped.map((call) => call.status)).toEqual([undefined, undefined]);
  });

  it('slow-answer: the refund is made at once and answered delayMs (simulated) later', async () => {
    const { client, simulator } = await startTestWorldnet();
    const reference = await paid(client);
    const token = await client.authenticate();
    const { path, body } = refund(reference);
    await client.addFault({ fault: 'slow-answer', delayMs: 200_000 });
    const started = performance.now();
    const answer = client.api('POST', path, { token, body });
    await vi.waitFor(() => expect(simulator.control.transactions()).toHaveLength(2), { timeout: 2_000, interval: 5 });
    expect((await answer).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('token-rejected: the next Bearer call answers 401 as if expired; a new token works', async () => {
    const { client } = await startTestWorldnet();
    const reference = await paid(client);
    const token = await client.authenticate();
    await client.addFault({ fault: 'token-rejected' });
    const rejected = await client.api('GET', `/transaction/payments/${reference}`, { token });
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await client.api('GET', `/transaction/payments/${reference}`, { token })).status).toBe(200);
  });

  it('are refused when unknown, listed while pending, and forgotten by reset', async () => {
    const { client, simulator } = await startTestWorldnet();
    await client.addFault({ fault: 'validation-late', delayMs: 1_000 });
    expect((await client.raw('GET', '/_simulator/faults')).json).toEqual({
      pendingFaults: [{ fault: 'validation-late', delayMs: 1_000 }],
    });
    for (const bad of [
      { fault: 'http-error', status: 418 },
      { fault: 'validation-sideways' },
      { fault: 'token-rejected', method: 'GET' },
    ]) {
      const reply = await client.raw('POST', '/_simulator/faults', { body: JSON.stringify(bad) });
      expect(reply.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await client.raw('POST', '/_simulator/faults', { body: '{' })).status).toBe(400);
    await client.payOrder({ amount: '1.00' });
    await client.authenticate();
    expect((await client.raw('POST', '/_simulator/reset')).status).toBe(200);
    expect((await client.raw('GET', '/_simulator/faults')).json).toEqual({ pendingFaults: [] });
    expect(simulator.control.orders()).toEqual([]);
    expect(simulator.control.transactions()).toEqual([]);
    expect(simulator.control.validations()).toEqual([]);
    expect(simulator.control.calls()).toEqual([]);
  });
});
