import { describe, expect, it } from 'vitest';
import { field, startTestWorldnet, TEST_TERMINAL_ID } from './testing/harness.ts';

/** The control API over HTTP, and the options the simulator refuses to start with. */

describe('the control API', () => {
  it('describes the terminal and its settings, lists orders, transactions, validations, e-mails and calls', async () => {
    const { client, simulator } = await startTestWorldnet({ currencyMode: 'multi' });
    const info = await client.raw('GET', '/_simulator');
    expect(info.json).toMatchObject({
      terminalId: TEST_TERMINAL_ID,
      currencyMode: 'multi',
      paymentPagePath: '/merchant/paymentpage',
      apiPath: '/merchant/api/v1',
      validationUrl: null,
    });
    expect(field(info.json, 'magicAmounts')).toContainEqual({
      ending: 905,
      description: expect.stringContaining('no validation') as unknown,
    });
    const orderId = await client.payOrder({ amount: '3.00', currency: 'USD' }, 'multi');
    await client.api('GET', '/transaction/transactions', { query: { terminal: TEST_TERMINAL_ID } });
    expect(field((await client.raw('GET', '/_simulator/orders')).json, 'orders', 0)).toMatchObject({
      orderId,
      currency: 'USD',
      status: 'PAID',
    });
    expect(field((await client.raw('GET', '/_simulator/transactions')).json, 'transactions', 0)).toMatchObject({
      orderId,
      type: 'SALE',
      amount: 3,
    });
    expect(field((await client.raw('GET', '/_simulator/validations')).json, 'validations', 0, 'state')).toBe('no-url');
    expect((await client.raw('GET', '/_simulator/emails')).json).toEqual({ emails: [] });
    const calls = field((await client.raw('GET', '/_simulator/calls')).json, 'calls');
    expect(calls).toMatchObject([
      { method: 'GET', path: '/merchant/api/v1/account/authenticate', status: 200 },
      { method: 'GET', path: '/merchant/api/v1/transaction/transactions', query: `terminal=${TEST_TERMINAL_ID}` },
    ]);
    expect((await client.raw('GET', '/_simulator/nothing')).status).toBe(404);
    expect((await client.raw('GET', '/nothing')).status).toBe(404);
    expect(simulator.describe()).toContain(simulator.url);
    expect(simulator.describe()).toContain('multi-currency');
  });

  it('refuses options it cannot run with', async () => {
    await expect(startTestWorldnet({ terminalId: '' })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ secret: '' })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ apiKey: 'two words' })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ validationUrl: 'nowhere' })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ retrySchedule: [-1] })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ timeScale: 0 })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ paymentPagePath: 'no-slash' })).rejects.toThrow(RangeError);
    await expect(startTestWorldnet({ currencyMode: 'both' as never })).rejects.toThrow(RangeError);
  });

  it('serves the page at a configured path', async () => {
    const { client, simulator } = await startTestWorldnet({ paymentPagePath: '/hpp/pay.html' });
    expect((await client.raw('GET', '/hpp/pay.html')).status).toBe(400);
    expect((await client.raw('GET', '/merchant/paymentpage')).status).toBe(404);
    expect(simulator.describe()).toContain('/hpp/pay.html');
  });
});
