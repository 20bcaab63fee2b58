import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import type { DeviceStatus } from '../../../shared/devices.ts';
import type { Channel } from '../../../shared/ipc/channels.ts';
import { PaymentAttemptViewSchema } from '../../../shared/payments/payment-state.ts';
import { SaleStepSchema } from '../../../shared/sale/sale-commands.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { startAdyenSimulator } from '../../simulators/adyen/simulator.ts';
import { ringUp, value, writeTestCatalog } from '../../testing/selling.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startTill } from '../../till.ts';
import { TERMINAL_DEVICE_ID } from '../providers/terminal-module.ts';
import { TERMINAL_WORDS } from './terminal-probe.ts';

/**
 * The status bar's terminal light follows what payments learn, not only the
 * device status check every 30 seconds: a payment the cloud could not hand
 * to the terminal ("Did not receive a response from the POI", the
 * simulator's amounts ending 903) turns it offline at once, and the next
 * payment the terminal answers turns it back.
 */

const POIID = 'V400m-324688179';

async function cardTill() {
  const simulator = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: 'light-test-key',
    timeScale: 0.01,
    merchantAccount: 'TestShop',
    terminals: [{ poiid: POIID }],
  });
  onTestFinished(() => simulator.close());
  const dir = tempDir();
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-3', name: 'Till 3' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    journal: { path: path.join(dir, 'journal.sqlite') },
    catalog: { path: writeTestCatalog(dir) },
    payment: {
      provider: 'adyen',
      adyen: { poiId: POIID, merchantAccount: 'TestShop', baseUrl: simulator.url, apiKey: 'light-test-key' },
    },
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  const call = (channel: Channel, payload: unknown) => till.router.call(channel, payload, { transport: 'in-process' });
  const light = async () =>
    (value(await call('devices.list', {}), 'devices') as DeviceStatus[]).find(
      (device) => device.id === TERMINAL_DEVICE_ID,
    );
  /** A card payment of `totalMinor` on a new sale, to its end. */
  const pay = async (totalMinor: number) => {
    const sale = await ringUp(call, [{ code: 'COF-001' }]);
    const line = sale.lines[0];
    if (line === undefined) throw new Error('no line');
    SaleStepSchema.parse(
      value(
        await call('sales.overridePrice', { saleId: sale.saleId, lineId: line.lineId, priceMinor: totalMinor }),
        'price',
      ),
    );
    const started = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    return till.payments?.service.whenSettled(started.attemptId);
  };
  return { call, light, pay };
}

describe('the terminal light after a payment', () => {
  it('goes offline when the cloud could not reach the terminal, and back when the terminal answers', async () => {
    const till = await cardTill();
    await expect.poll(async () => (await till.light())?.state).toBe('online');

    const unreachable = await till.pay(10_903);
    expect(unreachable?.state).toBe('failed');
    expect(await till.light()).toMatchObject({ state: 'offline', detail: TERMINAL_WORDS.offline });

    const answered = await till.pay(1_234);
    expect(answered?.state).toBe('approved');
    expect(await till.light()).toMatchObject({ state: 'online', detail: TERMINAL_WORDS.online });
  });
});
