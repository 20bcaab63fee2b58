import path from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createMemoryLogger } from '../../../electron/logging/logger.ts';
import { writeTestCatalog } from '../../../electron/testing/selling.ts';
import { tempDir } from '../../../electron/testing/temp-dir.ts';
import { startTill } from '../../../electron/till.ts';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { CHANNELS, type Channel } from '../../../shared/ipc/channels.ts';
import type { KassaApi } from '../../../shared/ipc/contract.ts';
import { MAX_LINE_QUANTITY } from '../../../shared/sale/cart.ts';
import type { RendererBridge } from '../../api/renderer-bridge.ts';
import { emptySaleView, useSaleStore } from '../sale-store.ts';

/** "3 ×" on the keypad, against a real till in this process: main adds what the store asks for. */

async function attachToTill() {
  const dir = tempDir();
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    journal: { path: path.join(dir, 'journal.sqlite') },
    catalog: { path: writeTestCatalog(dir) },
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  const api = Object.fromEntries(
    CHANNELS.map((channel: Channel) => [
      channel,
      (request: unknown) => till.router.call(channel, request, { transport: 'in-process' }),
    ]),
  ) as unknown as KassaApi;
  const bridge: RendererBridge = {
    api,
    onEvent: (listener) => till.feed.subscribe(listener),
    onConnection: (listener) => {
      listener('connected');
      return () => undefined;
    },
  };
  onTestFinished(useSaleStore.getState().attach(bridge, 'EUR'));
  await vi.waitFor(() => expect(useSaleStore.getState().catalog).toBeDefined());
}

afterEach(() => useSaleStore.setState({ sale: emptySaleView('EUR'), nextQuantity: undefined, notice: undefined }));

const quantities = () => useSaleStore.getState().sale.lines.map((line) => [line.sku, line.quantity]);

describe('the next product × a number', () => {
  it('adds that many on the next scan, then one again', async () => {
    await attachToTill();
    const store = useSaleStore.getState();
    expect(store.setNextQuantity(3)).toBe(true);
    await store.scan('8713021110000');
    expect(quantities()).toEqual([['BAK-001', 3]]);
    expect(useSaleStore.getState().nextQuantity).toBeUndefined();
    await store.scan('8713021110000');
    expect(quantities()).toEqual([['BAK-001', 4]]);
  });

  it('adds that many on the next tap of a tile', async () => {
    await attachToTill();
    const store = useSaleStore.getState();
    const wine = store.catalog?.bySku('WIN-001');
    if (wine === undefined) throw new Error('no wine in the test catalogue');
    store.setNextQuantity(12);
    await store.addProduct(wine);
    expect(quantities()).toEqual([['WIN-001', 12]]);
    expect(useSaleStore.getState().sale.totals.totalMinor).toBe(12 * 1_250);
  });

  it('stays set when the scan finds nothing, for the right code next', async () => {
    await attachToTill();
    const store = useSaleStore.getState();
    store.setNextQuantity(2);
    await store.scan('0000000000000');
    expect(useSaleStore.getState().notice?.kind).toBe('error');
    expect(useSaleStore.getState().nextQuantity).toBe(2);
    await store.scan('8716102150001');
    expect(quantities()).toEqual([['WIN-001', 2]]);
  });

  it('refuses a quantity main would refuse, in words, and keeps none', async () => {
    await attachToTill();
    const store = useSaleStore.getState();
    for (const bad of [0, -1, 1.5, Number.NaN, MAX_LINE_QUANTITY + 1]) {
      expect(store.setNextQuantity(bad)).toBe(false);
      expect(useSaleStore.getState().notice?.text).toBe(
        `Type a whole number of items from 1 to ${MAX_LINE_QUANTITY}, then press ×.`,
      );
    }
    expect(useSaleStore.getState().nextQuantity).toBeUndefined();
    expect(store.setNextQuantity(MAX_LINE_QUANTITY)).toBe(true);
  });
});
