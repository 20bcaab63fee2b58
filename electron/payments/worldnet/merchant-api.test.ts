import { describe, expect, it, onTestFinished } from 'vitest';
import { startWorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import { createMerchantApi } from './merchant-api.ts';
import { paymentPageFields, worldnetDateTime } from './payment-page.ts';

/**
 * The till's Merchant API client against the Worldnet simulator (written to
 * docs/WORLDNET.md from its own side, sharing no code): a payment made on the
 * hosted page with the till's own request fields (so the simulator checks the
 * till's HASH too), then found by its order, refunded in part, capped, and
 * the faults a till must take for "not known" rather than "refused".
 */

const TERMINAL = '4479001';
const SECRET = 'merchant-api-test-secret';
const API_KEY = 'merchant-api-test-key';

async function worldnet() {
  const simulator = await startWorldnetSimulator({
    terminalId: TERMINAL,
    secret: SECRET,
    apiKey: API_KEY,
    timeScale: 0.001,
  });
  onTestFinished(() => simulator.close());
  /** The customer pays an order the till made, on the hosted page. */
  const paidOrder = async (orderId: string, amountMinor: number) => {
    const fields = paymentPageFields(
      { terminalId: TERMINAL, orderId, amountMinor, currency: 'EUR', dateTime: worldnetDateTime(new Date()) },
      SECRET,
      'single',
    );
    const page = await fetch(`${simulator.url}/merchant/paymentpage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields }).toString(),
    });
    expect(page.status, await page.text()).toBe(200);
    return simulator.control.pay(orderId);
  };
  const api = (apiKey = API_KEY) =>
    createMerchantApi({ baseUrl: simulator.url, apiKey, terminalId: TERMINAL, timeoutMs: 5_000 });
  return { simulator, paidOrder, api };
}

describe('Worldnet’s Merchant API from the till', () => {
  it('finds a hosted-page payment by its order, reads it, and refunds part of it', async () => {
    const { paidOrder, api } = await worldnet();
    await paidOrder('KN0000000000000000000001', 4_000);
    const client = api();
    const found = await client.search({ orderId: 'KN0000000000000000000001', resourceType: 'PAYMENT' });
    expect(found.kind).toBe('answer');
    const item = found.kind === 'answer' ? found.body.data[0] : undefined;
    expect(item).toMatchObject({ orderId: 'KN0000000000000000000001', amount: 40 });
    const reference = item?.uniqueReference ?? '';

    const payment = await client.getPayment(reference);
    expect(payment).toMatchObject({
      kind: 'answer',
      body: { order: { orderId: 'KN0000000000000000000001', totalAmount: 40 }, transactionResult: { resultCode: 'A' } },
    });

    const refund = await client.refund(reference, {
      amountMinor: 1_500,
      currency: 'EUR',
      reason: 'Returned one item',
      operator: 'KNREFUND0000000000000001',
    });
    expect(refund).toMatchObject({ kind: 'answer', body: { transactionResult: { resultCode: 'A' } } });
    const byOperator = await client.search({ operator: 'KNREFUND0000000000000001', resourceType: 'REFUND' });
    expect(byOperator.kind === 'answer' ? byOperator.body.data.map((found) => found.amount) : []).toEqual([-15]);

    const tooMuch = await client.refund(reference, {
      amountMinor: 2_501,
      currency: 'EUR',
      reason: 'More than is left',
      operator: 'KNREFUND0000000000000002',
    });
    expect(tooMuch).toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('takes a rejected token as expired once, and a wrong API key as refused', async () => {
    const { simulator, paidOrder, api } = await worldnet();
    await paidOrder('KN0000000000000000000002', 1_000);
    const client = api();
    expect((await client.search({ orderId: 'KN0000000000000000000002' })).kind).toBe('answer');
    simulator.control.addFault({ fault: 'token-rejected' });
    expect((await client.search({ orderId: 'KN0000000000000000000002' })).kind).toBe('answer');
    expect(await api('not-the-key').search({ orderId: 'KN0000000000000000000002' })).toMatchObject({
      kind: 'refused',
    });
  });

  it('reads a 5xx, a dropped connection or a slow answer as not known, never as refused', async () => {
    const { simulator, paidOrder, api } = await worldnet();
    const paid = await paidOrder('KN0000000000000000000003', 2_000);
    const reference = paid.transaction?.uniqueReference ?? '';
    const client = api();
    simulator.control.addFault({ fault: 'http-error', status: 503, applied: true, method: 'POST' });
    const lost = await client.refund(reference, {
      amountMinor: 500,
      currency: 'EUR',
      reason: 'Lost answer',
      operator: 'KNREFUND0000000000000003',
    });
    expect(lost.kind).toBe('unknown');
    // Applied all the same: found by the operator the till gave it, never sent twice.
    const found = await client.search({ operator: 'KNREFUND0000000000000003', resourceType: 'REFUND' });
    expect(found.kind === 'answer' ? found.body.data.length : 0).toBe(1);

    simulator.control.addFault({ fault: 'drop-connection', method: 'GET' });
    expect((await client.getPayment(reference)).kind).toBe('unknown');
    const hurried = createMerchantApi({
      baseUrl: simulator.url,
      apiKey: API_KEY,
      terminalId: TERMINAL,
      timeoutMs: 200,
    });
    expect((await hurried.getPayment(reference)).kind).toBe('answer');
    simulator.control.addFault({ fault: 'slow-answer', delayMs: 3_600_000, method: 'GET' });
    expect(await hurried.getPayment(reference)).toEqual({ kind: 'unknown', reason: 'timed out' });
  });
});
