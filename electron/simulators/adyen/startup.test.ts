import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startAdyenSimulator } from './simulator.ts';
import { API_KEY, jsonOf, MERCHANT, paymentOf, startTestSimulator } from './testing/harness.ts';
import { OTHER_POIID, paymentRequest, POIID } from './testing/requests.ts';

const ControlSchema = z.looseObject({
  merchantAccount: z.string(),
  timeScale: z.number(),
  eventUrls: z.array(z.string()),
  terminals: z.array(
    z.looseObject({
      poiid: z.string(),
      store: z.string(),
      online: z.boolean(),
      busy: z.boolean(),
      transactions: z.number(),
      pendingFaults: z.array(z.unknown()),
    }),
  ),
  magicAmounts: z.array(z.strictObject({ ending: z.number(), description: z.string() })),
});

describe('starting the simulator', () => {
  it('describes where it listens, its API key, merchant account and terminals', async () => {
    const { simulator } = await startTestSimulator({ eventUrls: [{ url: 'http://127.0.0.1:9/events' }] });
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.url).toBe(`http://127.0.0.1:${String(simulator.port)}`);
    expect(simulator.poiids).toEqual([POIID, OTHER_POIID]);

    const text = simulator.describe();
    expect(text).toContain(simulator.url);
    expect(text).toContain(API_KEY);
    expect(text).toContain(MERCHANT);
    expect(text).toContain(`${POIID}, ${OTHER_POIID}`);
    expect(text).toContain(`${simulator.url}/sync`);
    expect(text).toContain(`${simulator.url}/v1/merchants/${MERCHANT}/devices/{POIID}/sync|async|status`);
    expect(text).toContain('http://127.0.0.1:9/events');
    expect(text).toContain(`${simulator.url}/_simulator`);
  });

  it('makes up a different API key at every start unless given one', async () => {
    const logger = createMemoryLogger();
    const first = await startAdyenSimulator({ logger, port: 0 });
    const second = await startAdyenSimulator({ logger, port: 0 });
    await Promise.all([first.close(), second.close()]);
    expect(first.apiKey).not.toBe(second.apiKey);
    expect(first.apiKey.length).toBeGreaterThanOrEqual(20);
    expect(first.describe()).toContain(first.apiKey);
    expect(first.poiids).toEqual(['P400Plus-100000001']);
  });

  it('refuses a POIID that is not MODEL-SERIAL, a POIID listed twice, no terminals and a bad time scale', async () => {
    const logger = createMemoryLogger();
    await expect(startAdyenSimulator({ logger, port: 0, terminals: [{ poiid: 'P400Plus' }] })).rejects.toThrow(
      /POIID "P400Plus" must look like MODEL-SERIAL/,
    );
    await expect(startAdyenSimulator({ logger, port: 0, terminals: [{ poiid: 'P400 Plus-1' }] })).rejects.toThrow(
      RangeError,
    );
    await expect(
      startAdyenSimulator({ logger, port: 0, terminals: [{ poiid: POIID }, { poiid: POIID }] }),
    ).rejects.toThrow(`POIID "${POIID}" is listed twice.`);
    await expect(startAdyenSimulator({ logger, port: 0, terminals: [] })).rejects.toThrow(/at least one terminal/);
    await expect(startAdyenSimulator({ logger, port: 0, timeScale: 0 })).rejects.toThrow(/time scale/);
  });
});

describe('the control API', () => {
  it('lists the terminals and the magic amounts', async () => {
    const { client } = await startTestSimulator({
      terminals: [{ poiid: POIID }, { poiid: OTHER_POIID, store: 'Harbour' }],
    });
    const reply = await client.get('/_simulator');
    expect(reply.status).toBe(200);
    const control = ControlSchema.parse(jsonOf(reply));
    expect(control.merchantAccount).toBe(MERCHANT);
    expect(control.timeScale).toBe(0.001);
    expect(control.terminals).toEqual([
      { poiid: POIID, store: 'Store1', online: true, busy: false, transactions: 0, pendingFaults: [] },
      { poiid: OTHER_POIID, store: 'Harbour', online: true, busy: false, transactions: 0, pendingFaults: [] },
    ]);
    const endings = control.magicAmounts.map((magic) => magic.ending);
    expect(endings).toEqual(expect.arrayContaining([123, 134, 126, 901, 902, 903, 904, 905]));
    expect(control.magicAmounts.find((magic) => magic.ending === 123)?.description).toContain('Refused');
  });

  it('lists every transaction a terminal has seen', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 12.34, transactionId: 'order-42' });
    paymentOf(await client.sync(request));
    const transactions = await client.transactions(POIID);
    expect(transactions).toEqual([
      expect.objectContaining({
        category: 'Payment',
        kind: 'payment',
        saleId: request.SaleToPOIRequest.MessageHeader.SaleID,
        serviceId: request.SaleToPOIRequest.MessageHeader.ServiceID,
        saleTransactionId: 'order-42',
        amountMinor: 1234,
        currency: 'EUR',
        finished: true,
        reported: true,
        refundedMinor: 0,
      }),
    ]);
    expect(await client.transactions(OTHER_POIID)).toEqual([]);
  });

  it('needs the API key and answers 404 for an unknown terminal', async () => {
    const { client } = await startTestSimulator();
    const unauthorised = await client.get('/_simulator', { apiKey: null });
    expect(unauthorised.status).toBe(401);
    expect((await client.get('/_simulator', { apiKey: 'wrong' })).status).toBe(401);
    const unknown = await client.get('/_simulator/terminals/P400Plus-999/transactions');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('P400Plus-999');
  });
});
