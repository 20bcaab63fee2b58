import { describe, expect, it } from 'vitest';
import {
  expectedValidationHash,
  field,
  newOrderId,
  signedRequest,
  startTestWorldnet,
  startValidationReceiver,
  TEST_TERMINAL_ID,
  text,
} from './testing/harness.ts';

/**
 * Background validations as a till's endpoint receives them, each hash
 * checked with this test's own SHA-512: delivered only on 200 `OK`, retried
 * on the schedule otherwise, and after the last failure the transaction is
 * EXPIRED and the merchant gets an e-mail. Plus the magic amounts that
 * change how the validation goes out.
 */

const MINUTE = 60_000;
const notOk = (status: number, body: string) => ({ status, body });

describe('background validation', () => {
  it('is POSTed form-encoded to the request VALIDATIONURL, hashed as the contract says (single currency)', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet();
    const orderId = await client.payOrder({ amount: '12.50', validationUrl: receiver.url });
    await receiver.waitFor('one', (received) => received.length === 1);
    const [validation] = receiver.received;
    expect(validation?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = validation?.form ?? {};
    expect(Object.keys(form)).toEqual([
      'TERMINALID',
      'UNIQUEREF',
      'AMOUNT',
      'ORDERID',
      'APPROVALCODE',
      'RESPONSECODE',
      'RESPONSETEXT',
      'DATETIME',
      'AVSRESPONSE',
      'CVVRESPONSE',
      'HASH',
    ]);
    expect(form).toMatchObject({
      TERMINALID: TEST_TERMINAL_ID,
      ORDERID: orderId,
      AMOUNT: '12.50',
      RESPONSECODE: 'A',
      RESPONSETEXT: 'APPROVAL',
    });
    expect(form.UNIQUEREF).toMatch(/^[A-Z0-9]{10}$/);
    expect(form.APPROVALCODE).toMatch(/^\d{6}$/);
    // Worldnet's own DATETIME, day and month not padded.
    expect(form.DATETIME).toMatch(/^[1-9]\d?-[1-9]\d?-\d{4}:\d{2}:\d{2}:\d{2}:\d{3}$/);
    expect(form.HASH).toBe(expectedValidationHash(form));
    await simulator.control.validationsIdle();
    expect(simulator.control.transactions()[0]).toMatchObject({
      uniqueReference: form.UNIQUEREF,
      status: 'READY',
      validated: true,
    });
    expect(simulator.control.validations()[0]).toMatchObject({
      state: 'delivered',
      copy: 'genuine',
      attempts: [{ status: 200, body: 'OK', delivered: true }],
    });
  });

  it('carries CURRENCY and hashes it on a multi-currency terminal; the terminal URL serves requests without one', async () => {
    const receiver = await startValidationReceiver();
    const { client } = await startTestWorldnet({ currencyMode: 'multi', validationUrl: receiver.url });
    await client.payOrder({ amount: '7.00', currency: 'GBP' }, 'multi');
    await receiver.waitFor('one', (received) => received.length === 1);
    const form = receiver.received[0]?.form ?? {};
    expect(form.CURRENCY).toBe('GBP');
    expect(form.HASH).toBe(expectedValidationHash(form, { mode: 'multi' }));
    expect(form.HASH).not.toBe(expectedValidationHash(form, { mode: 'single' }));
  });

  it('is retried on the schedule after non-OK answers, each try recorded with the till status and body', async () => {
    const receiver = await startValidationReceiver([
      notOk(500, 'Internal error'),
      notOk(200, 'OK\n'),
      notOk(200, 'ok'),
      notOk(401, 'Unauthorised.'),
    ]);
    const { client, simulator } = await startTestWorldnet({
      validationUrl: receiver.url,
      retrySchedule: [1 * MINUTE, 4 * MINUTE, 2 * MINUTE, 1 * MINUTE, 1 * MINUTE],
      timeScale: 0.002,
    });
    await client.payOrder({ amount: '10.00' });
    await receiver.waitFor('five tries', (received) => received.length === 5, 5_000);
    await simulator.control.validationsIdle();
    const [record] = simulator.control.validations();
    expect(record?.state).toBe('delivered');
    expect(record?.attempts.map((attempt) => [attempt.status, attempt.body, attempt.delivered])).toEqual([
      [500, 'Internal error', false],
      [200, 'OK\n', false],
      [200, 'ok', false],
      [401, 'Unauthorised.', false],
      [200, 'OK', true],
    ]);
    // Every try is the same form.
    expect(new Set(receiver.received.map((one) => one.raw)).size).toBe(1);
    const at = record?.attempts.map((attempt) => attempt.atMs) ?? [];
    const gaps = at.slice(1).map((time, index) => time - (at[index] ?? 0));
    // At this scale a real ms is half a simulated second: a few real ms early, up to 100 late under load.
    [1, 4, 2, 1].forEach((minutes, index) => {
      expect(gaps[index]).toBeGreaterThanOrEqual(minutes * MINUTE - 3_000);
      expect(gaps[index]).toBeLessThan(minutes * MINUTE + 45_000);
    });
    expect(simulator.control.emails()).toEqual([]);
    expect(simulator.control.transactions()[0]?.validated).toBe(true);
  });

  it('is given up after the default 1, 5, 15, 60 minutes: the transaction EXPIRED and an e-mail recorded', async () => {
    const receiver = await startValidationReceiver(Array.from({ length: 9 }, () => notOk(503, 'busy')));
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url, timeScale: 0.0001 });
    expect(field((await client.raw('GET', '/_simulator')).json, 'retryScheduleMs')).toEqual([
      MINUTE,
      5 * MINUTE,
      15 * MINUTE,
      60 * MINUTE,
    ]);
    const orderId = await client.payOrder({ amount: '10.00' });
    await receiver.waitFor('five tries', (received) => received.length === 5, 5_000);
    await simulator.control.validationsIdle();
    const [record] = simulator.control.validations();
    expect(record?.state).toBe('given-up');
    expect(record?.attempts).toHaveLength(5);
    const at = record?.attempts.map((attempt) => attempt.atMs) ?? [];
    expect((at[4] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(81 * MINUTE - 30_000);
    const [transaction] = simulator.control.transactions();
    expect(transaction).toMatchObject({ status: 'EXPIRED', validated: false });
    const emails = (await client.raw('GET', '/_simulator/emails')).json;
    expect(field(emails, 'emails')).toEqual([
      expect.objectContaining({
        orderId,
        uniqueReference: transaction?.uniqueReference,
        subject: expect.stringContaining('expired') as unknown,
      }),
    ]);
    // REST sees it expired too.
    const payment = await client.api('GET', `/transaction/payments/${transaction?.uniqueReference ?? ''}`);
    expect(field(payment.json, 'transactionResult', 'status')).toBe('EXPIRED');
    expect(receiver.received).toHaveLength(5);
  });

  it('counts a refused connection as a failure, and a schedule set over HTTP applies to the next payment', async () => {
    const { client, simulator } = await startTestWorldnet({ validationUrl: 'http://127.0.0.1:9/nobody' });
    const set = await client.raw('POST', '/_simulator/retry-schedule', { body: JSON.stringify({ delaysMs: [1_000] }) });
    expect(set.json).toEqual({ retryScheduleMs: [1_000] });
    await client.payOrder({ amount: '10.00' });
    await simulator.control.validationsIdle();
    const [record] = simulator.control.validations();
    expect(record?.state).toBe('given-up');
    expect(record?.attempts.map((attempt) => attempt.error !== undefined)).toEqual([true, true]);
    expect(simulator.control.emails()).toHaveLength(1);
    const bad = await client.raw('POST', '/_simulator/retry-schedule', { body: JSON.stringify({ delaysMs: [-1] }) });
    expect(bad.status).toBe(400);
  });

  it('goes to the URL the request carried over the terminal one; without either none is sent', async () => {
    const terminal = await startValidationReceiver();
    const request = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet();
    await client.payOrder({ amount: '1.00' });
    expect(simulator.control.validations()[0]?.state).toBe('no-url');
    const set = await client.raw('POST', '/_simulator/validation-url', { body: JSON.stringify({ url: terminal.url }) });
    expect(set.json).toEqual({ validationUrl: terminal.url });
    await client.payOrder({ amount: '2.00' });
    await client.payOrder({ amount: '3.00', validationUrl: request.url });
    await terminal.waitFor('one', (received) => received.length === 1);
    await request.waitFor('one', (received) => received.length === 1);
    expect(terminal.received[0]?.form.AMOUNT).toBe('2.00');
    expect(request.received[0]?.form.AMOUNT).toBe('3.00');
    expect((await client.raw('POST', '/_simulator/validation-url', { body: '{"url":"nowhere"}' })).status).toBe(400);
  });
});

describe('the magic amounts', () => {
  it('decline, refer, pick up and accept with the documented codes and texts', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    const amounts = ['1.23', '1.24', '1.31', '1.32', '1.33', '1.00'];
    for (const amount of amounts) await client.payOrder({ amount });
    await receiver.waitFor('six', (received) => received.length === 6);
    const byAmount = new Map(receiver.received.map((one) => [one.form.AMOUNT, one.form]));
    expect(amounts.map((amount) => [byAmount.get(amount)?.RESPONSECODE, byAmount.get(amount)?.RESPONSETEXT])).toEqual([
      ['D', 'DECLINED'],
      ['D', 'INSUFFICIENT FUNDS'],
      ['R', 'REFERRAL'],
      ['C', 'PICK UP'],
      ['E', 'ACCEPTED'],
      ['A', 'APPROVAL'],
    ]);
    for (const form of byAmount.values()) expect(form.HASH).toBe(expectedValidationHash(form));
    expect(byAmount.get('1.23')?.APPROVALCODE).toBe('');
    expect(simulator.control.transactions().map((one) => one.status)).toEqual([
      'DECLINED',
      'DECLINED',
      'REFERRAL',
      'PICKUP',
      'READY',
      'READY',
    ]);
  });

  it('send an empty RESPONSETEXT dropped from the hash (…901) or kept as an empty element (…902)', async () => {
    const receiver = await startValidationReceiver();
    const { client } = await startTestWorldnet({ validationUrl: receiver.url });
    await client.payOrder({ amount: '9.01' });
    await client.payOrder({ amount: '9.02' });
    await receiver.waitFor('two', (received) => received.length === 2);
    const dropped = receiver.received.find((one) => one.form.AMOUNT === '9.01')?.form ?? {};
    const kept = receiver.received.find((one) => one.form.AMOUNT === '9.02')?.form ?? {};
    expect([dropped.RESPONSECODE, dropped.RESPONSETEXT, kept.RESPONSETEXT]).toEqual(['A', '', '']);
    expect(dropped.HASH).toBe(expectedValidationHash(dropped, { emptyText: 'dropped' }));
    expect(dropped.HASH).not.toBe(expectedValidationHash(dropped, { emptyText: 'kept' }));
    expect(kept.HASH).toBe(expectedValidationHash(kept, { emptyText: 'kept' }));
    expect(kept.HASH).not.toBe(expectedValidationHash(kept, { emptyText: 'dropped' }));
  });

  it('delay the validation 20 minutes (…904), never send it (…905), send it twice (…906)', async () => {
    const receiver = await startValidationReceiver();
    const timeScale = 0.0002;
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url, timeScale });
    const late = await client.payOrder({ amount: '9.04' });
    const never = await client.payOrder({ amount: '9.05' });
    const twice = await client.payOrder({ amount: '9.06' });
    await simulator.control.validationsIdle();
    const orders = receiver.received.map((one) => one.form.ORDERID);
    expect(orders.filter((id) => id === late)).toHaveLength(1);
    expect(orders.filter((id) => id === never)).toHaveLength(0);
    expect(orders.filter((id) => id === twice)).toHaveLength(2);
    const [first, second] = receiver.received.filter((one) => one.form.ORDERID === twice);
    expect(second?.raw).toBe(first?.raw);
    const lateRecord = simulator.control.validations().find((record) => record.orderId === late);
    const lateTransaction = simulator.control.transactions().find((one) => one.orderId === late);
    const lateBy = (lateRecord?.attempts[0]?.atMs ?? 0) - Date.parse(lateTransaction?.dateTime ?? '');
    expect(lateBy).toBeGreaterThanOrEqual(20 * MINUTE - 2 / timeScale);
    expect(lateBy).toBeLessThan(25 * MINUTE);
    // The one never validated is found by the search, and stays READY (it never failed, so never expires).
    const search = await client.api('GET', '/transaction/transactions', {
      query: { terminal: TEST_TERMINAL_ID, orderId: never },
    });
    expect(field(search.json, 'data', 0, 'status')).toBe('READY');
    expect(text(field(search.json, 'data', 0, 'orderId'))).toBe(never);
    expect(simulator.control.validations().map((record) => record.copy)).toEqual(['genuine', 'genuine', 'repeat']);
  });

  it('let the control API choose the result instead of the amount, or abandon the page', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    const orderId = newOrderId();
    await client.openPage(signedRequest({ orderId, amount: '10.00' }));
    const paid = await client.raw('POST', `/_simulator/orders/${orderId}/pay`, {
      body: JSON.stringify({ responseCode: 'D', responseText: 'DO NOT HONOUR' }),
    });
    expect(paid.json).toMatchObject({
      order: { status: 'DECLINED' },
      transaction: { status: 'DECLINED', resultCode: 'D' },
    });
    await receiver.waitFor('one', (received) => received.length === 1);
    expect(receiver.received[0]?.form).toMatchObject({ RESPONSECODE: 'D', RESPONSETEXT: 'DO NOT HONOUR' });
    const left = newOrderId();
    await client.openPage(signedRequest({ orderId: left, amount: '10.00' }));
    expect((await client.raw('POST', `/_simulator/orders/${left}/abandon`)).json).toMatchObject({
      order: { status: 'ABANDONED' },
    });
    expect((await client.raw('POST', `/_simulator/orders/${left}/pay`)).status).toBe(409);
    expect((await client.raw('POST', '/_simulator/orders/KNNOPE/pay')).status).toBe(404);
    const badCode = await client.raw('POST', `/_simulator/orders/${orderId}/pay`, {
      body: JSON.stringify({ responseCode: 'Z' }),
    });
    expect(badCode.status).toBe(400);
    await simulator.control.validationsIdle();
    expect(receiver.received).toHaveLength(1);
  });
});
