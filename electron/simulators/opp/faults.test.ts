import { describe, expect, it, vi } from 'vitest';
import { cardForm, field, linkForm, startTestOppSimulator, text } from './testing/harness.ts';

/**
 * Call faults scripted through the control API: 5xx answers and cut
 * connections before or after the platform acted, slow answers, and the
 * control API itself over HTTP.
 */

const codeOf = (json: unknown) => field(json, 'result', 'code');

describe('call faults', () => {
  it('http-error before the platform acted: nothing was made, and the retry is no duplicate', async () => {
    const { client, simulator } = await startTestOppSimulator();
    await client.addFault({ fault: 'http-error', status: 503 });
    const form = linkForm('10.00');
    const reply = await client.post('paybylink', form);
    expect(reply.status).toBe(503);
    expect(codeOf(reply.json)).toMatch(/^900\./);
    expect(simulator.control.links()).toEqual([]);
    expect(codeOf((await client.post('paybylink', form)).json)).toBe('000.200.100');
    expect(simulator.control.calls().map((call) => [call.status, call.fault])).toEqual([
      [503, 'http-error'],
      [200, undefined],
    ]);
  });

  it('http-error after the platform acted: the link exists; the retry is a duplicate, the query finds it', async () => {
    const { client, simulator } = await startTestOppSimulator();
    await client.addFault({ fault: 'http-error', status: 502, applied: true });
    const form = linkForm('10.00');
    expect((await client.post('paybylink', form)).status).toBe(502);
    expect(simulator.control.links()).toHaveLength(1);
    expect(codeOf((await client.post('paybylink', form)).json)).toBe('800.110.100');
    const found = await client.get('paybylink', { merchantTransactionId: form.merchantTransactionId ?? '' });
    expect(field(found.json, 'links', 0, 'id')).toBe(simulator.control.links()[0]?.id);
  });

  it('waits for a call of its method: a DELETE fault passes GETs by', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('paybylink', linkForm('10.00'))).json, 'id'));
    await client.addFault({ fault: 'http-error', status: 500, method: 'DELETE', applied: true });
    expect((await client.get(`paybylink/${id}`)).status).toBe(200);
    expect((await client.delete(`paybylink/${id}`)).status).toBe(500);
    expect(simulator.control.links()[0]?.status).toBe('DEACTIVATED');
    expect(simulator.control.pendingFaults()).toEqual([]);
  });

  it('drop-connection, before or after the platform acted', async () => {
    const { client, simulator } = await startTestOppSimulator();
    await client.addFault({ fault: 'drop-connection' });
    await expect(client.post('payments', cardForm('10.00'))).rejects.toThrow();
    expect(simulator.control.transactions()).toHaveLength(0);
    await client.addFault({ fault: 'drop-connection', applied: true, method: 'POST' });
    await expect(client.post('payments', cardForm('10.00'))).rejects.toThrow();
    expect(simulator.control.transactions()).toHaveLength(1);
    expect(simulator.control.calls().map((call) => [call.status, call.fault])).toEqual([
      [undefined, 'drop-connection'],
      [undefined, 'drop-connection'],
    ]);
  });

  it('slow-answer: applied at once, answered later; a repeat meanwhile is a duplicate', async () => {
    const { client, simulator } = await startTestOppSimulator();
    await client.addFault({ fault: 'slow-answer', delayMs: 200_000 });
    const form = cardForm('10.00');
    const started = performance.now();
    const first = client.post('payments', form);
    await vi.waitFor(() => expect(simulator.control.transactions()).toHaveLength(1), { timeout: 2_000, interval: 5 });
    expect(codeOf((await client.post('payments', form)).json)).toBe('800.110.100');
    expect(codeOf((await first).json)).toBe('000.100.110');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('are refused when unknown, listed while pending, and forgotten by reset', async () => {
    const { client, simulator } = await startTestOppSimulator();
    await client.addFault({ fault: 'webhook-late', delayMs: 1_000 });
    expect((await client.raw('GET', '/_simulator/faults')).json).toEqual({
      pendingFaults: [{ fault: 'webhook-late', delayMs: 1_000 }],
    });
    const bad = await client.raw('POST', '/_simulator/faults', {
      body: JSON.stringify({ fault: 'http-error', status: 418 }),
    });
    expect(bad.status).toBe(400);
    const tooLate = await client.raw('POST', '/_simulator/faults', {
      body: JSON.stringify({ fault: 'webhook-late', delayMs: 31 * 60_000 }),
    });
    expect(tooLate.status).toBe(400);
    expect(() => simulator.control.addFault({ fault: 'webhook-sideways' } as never)).toThrow();
    await client.post('payments', cardForm('10.00'));
    await client.raw('POST', '/_simulator/reset');
    expect((await client.raw('GET', '/_simulator/faults')).json).toEqual({ pendingFaults: [] });
    expect(simulator.control.transactions()).toEqual([]);
    expect(simulator.control.calls()).toEqual([]);
  });
});

describe('the control API over HTTP', () => {
  it('describes itself, lists links and transactions, pays and expires', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const info = await client.raw('GET', '/_simulator');
    expect(info.json).toMatchObject({ entityId: simulator.entityId, webhookUrl: null });
    expect(field(info.json, 'magicAmounts')).toContainEqual({
      ending: 908,
      description: expect.any(String) as unknown,
      resultCode: '000.200.000',
      laterResultCode: '000.000.000',
    });
    const one = text(field((await client.post('paybylink', linkForm('10.00'))).json, 'id'));
    const two = text(field((await client.post('paybylink', linkForm('20.00', { paymentType: 'PA' }))).json, 'id'));
    const paid = await client.raw('POST', `/_simulator/paybylink/${one}/pay`, {
      body: JSON.stringify({ cardNumber: '5454545454545454' }),
    });
    expect(paid.json).toMatchObject({ link: { status: 'PAID' }, payment: { paymentBrand: 'MASTER' } });
    expect((await client.raw('POST', `/_simulator/expire/${two}`)).json).toMatchObject({ status: 'EXPIRED' });
    expect((await client.raw('POST', '/_simulator/expire/0123456789abcdef0123456789abcdef')).status).toBe(400);
    const links = (await client.raw('GET', '/_simulator/links')).json;
    expect(field(links, 'links')).toMatchObject([{ status: 'PAID' }, { status: 'EXPIRED' }]);
    const transactions = (await client.raw('GET', '/_simulator/transactions')).json;
    expect(field(transactions, 'transactions', 0, 'id')).toBe(field(paid.json, 'payment', 'id'));
    expect((await client.raw('GET', '/_simulator/nothing')).status).toBe(404);
    expect(simulator.describe()).toContain(simulator.url);
  });

  it('refuses options it cannot run with', async () => {
    await expect(startTestOppSimulator({ webhookSecret: 'not-hex' })).rejects.toThrow(RangeError);
    await expect(startTestOppSimulator({ holdValidDays: 0 })).rejects.toThrow(RangeError);
    await expect(startTestOppSimulator({ webhookMaxAttempts: 0 })).rejects.toThrow(RangeError);
    await expect(startTestOppSimulator({ statusPerMinute: 0 })).rejects.toThrow(RangeError);
    await expect(startTestOppSimulator({ webhookUrl: 'nowhere' })).rejects.toThrow(RangeError);
    await expect(startTestOppSimulator({ entityId: '' })).rejects.toThrow(RangeError);
  });

  it('refuses to expire what cannot expire (a debit)', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const debit = text(field((await client.post('payments', cardForm('10.00'))).json, 'id'));
    expect(() => simulator.control.expire(debit)).toThrow(RangeError);
    expect((await client.raw('POST', `/_simulator/expire/${debit}`)).status).toBe(400);
  });
});
