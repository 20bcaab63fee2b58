import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import { OpenSaleViewSchema, type OpenSaleView } from '../../shared/sale/open-sale.ts';
import { SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import type { Result } from '../../shared/result.ts';
import fc from 'fast-check';
import { createMemoryLogger } from '../../electron/logging/logger.ts';
import { hashPin } from '../../electron/staff/pin-hash.ts';
import { startAdyenSimulator } from '../../electron/simulators/adyen/simulator.ts';
import { writeTestCatalog } from '../../electron/testing/selling.ts';
import { tempDir } from '../../electron/testing/temp-dir.ts';
import { startTill, type Till } from '../../electron/till.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useTillStore } from '../store/till-store.ts';
import { emptySaleView, patchedSale, useSaleStore } from './sale-store.ts';

/**
 * The sale store against a real till in this process: every command goes
 * through main's router, so what the store shows is what main decided.
 */

let pins: { cashier: string; manager: string };
beforeAll(async () => {
  pins = { cashier: await hashPin('1234'), manager: await hashPin('98765') };
});

async function tillWithBridge(extra: Record<string, unknown> = {}): Promise<{ till: Till; bridge: RendererBridge }> {
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
    ...extra,
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
  // A till with staff shows no sale until someone logs in: the cashier does, before the screen asks.
  if (config.staff !== undefined)
    await till.router.call('staff.login', { staffId: 'anna', pin: '1234' }, { transport: 'in-process' });
  const stop = useSaleStore.getState().attach(bridge, 'EUR');
  onTestFinished(stop);
  await vi.waitFor(() => expect(useSaleStore.getState().sale.saleId).not.toBe('waiting-for-main'));
  return { till, bridge };
}

afterEach(() => {
  useSaleStore.setState({
    sale: emptySaleView('EUR'),
    card: undefined,
    notice: undefined,
    approval: undefined,
    panel: 'none',
    completed: undefined,
  });
});

describe('the sale on screen mirrors main', () => {
  it('shows the lines main priced, and keeps the rows that did not change', async () => {
    await tillWithBridge();
    const store = useSaleStore.getState();
    await store.scan('8713021110000');
    await store.scan('WIN-001');
    const before = useSaleStore.getState().sale;
    await store.scan('8713021110000');
    const after = useSaleStore.getState().sale;

    expect(after.lines.map((line) => [line.sku, line.quantity, line.unitPriceMinor])).toEqual([
      ['BAK-001', 2, 189],
      ['WIN-001', 1, 1_250],
    ]);
    expect(after.totals.totalMinor).toBe(1_628);
    // The bread line changed; the wine line is the very same object, so its row is not drawn again.
    expect(after.lines[1]).toBe(before.lines[1]);
    expect(after.lines[0]).not.toBe(before.lines[0]);
    expect(useSaleStore.getState().selectedLineId).toBe(after.lines[0]?.lineId);
  });

  it('counts every quick tap on + and −, each from the line as main has it when it is sent', async () => {
    await tillWithBridge();
    await useSaleStore.getState().scan('WIN-001');
    const lineId = useSaleStore.getState().sale.lines[0]?.lineId ?? '';
    const taps = [1, 1, 1, -1] as const;
    await Promise.all(taps.map((by) => useSaleStore.getState().stepQuantity(lineId, by)));
    expect(useSaleStore.getState().sale.lines[0]?.quantity).toBe(3);
  });

  it('shows nothing of an answer that comes back after the till locked, and sends nothing asked before it', async () => {
    const { bridge } = await tillWithBridge();
    const addItem = bridge.api['sales.addItem'];
    let answered: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      bridge.api['sales.addItem'] = async (request) => {
        const answer = await addItem(request);
        resolve();
        await new Promise<void>((release) => (answered = release));
        return answer;
      };
    });
    const scanning = useSaleStore.getState().scan('WIN-001');
    await sent;
    useSaleStore.getState().forget();
    answered();
    await scanning;
    expect(useSaleStore.getState().sale.lines).toEqual([]);
    expect(useSaleStore.getState().notice).toBeUndefined();

    // Asked, then the till locked before it went out: it never goes.
    bridge.api['sales.addItem'] = addItem;
    const queued = useSaleStore.getState().scan('BAK-001');
    useSaleStore.getState().forget();
    await queued;
    // Main has what was sent, for whoever logs in next.
    await useSaleStore.getState().refreshSale();
    expect(useSaleStore.getState().sale.lines.map((line) => line.sku)).toEqual(['WIN-001']);
  });

  it('shows the receipt of a sale a card paid while the screen was away (a reload mid-payment)', async () => {
    const simulator = await startAdyenSimulator({
      logger: createMemoryLogger(),
      apiKey: 'store-test-key',
      timeScale: 0.01,
      merchantAccount: 'TestShop',
      terminals: [{ poiid: 'V400m-324688179' }],
    });
    onTestFinished(() => simulator.close());
    const { till } = await tillWithBridge({
      mode: 'demo',
      payment: {
        provider: 'adyen',
        adyen: {
          poiId: 'V400m-324688179',
          merchantAccount: 'TestShop',
          baseUrl: simulator.url,
          apiKey: 'store-test-key',
        },
      },
    });
    await useSaleStore.getState().scan('WIN-001');
    const saleId = useSaleStore.getState().sale.saleId;
    await useSaleStore.getState().payByCard();
    const attemptId = useSaleStore.getState().card?.view.attemptId ?? '';
    // The page goes away before the approval; main records the sale on its own.
    useSaleStore.getState().forget();
    await till.payments?.service.whenSettled(attemptId);
    await vi.waitFor(() => expect(till.books?.sales.completed(saleId)).toBeDefined());

    await useSaleStore.getState().refreshSale();
    await vi.waitFor(() => expect(useSaleStore.getState().completed?.saleId).toBe(saleId));
    expect(useSaleStore.getState().panel).toBe('receipt');
    expect(useSaleStore.getState().sale.saleId).not.toBe(saleId);
  });

  it('says in the cashier’s words when a code is not in the catalogue', async () => {
    await tillWithBridge();
    await useSaleStore.getState().scan('4006381333931');
    expect(useSaleStore.getState().notice?.kind).toBe('error');
    expect(useSaleStore.getState().notice?.text).toMatch(/not in the catalogue/);
    expect(useSaleStore.getState().sale.lines).toEqual([]);
  });

  it('clears a sale in main, counted as a void, and says to give back the cash taken for it', async () => {
    const { till } = await tillWithBridge();
    useTillStore.setState({ info: { ...till.info } });
    const store = useSaleStore.getState();
    await store.scan('WIN-001');
    await store.payCash(500);
    const saleId = useSaleStore.getState().sale.saleId;

    await store.clearSale();
    expect(useSaleStore.getState().sale.lines).toEqual([]);
    expect(useSaleStore.getState().sale.saleId).not.toBe(saleId);
    expect(useSaleStore.getState().notice?.text).toBe(
      'Sale cleared. Give the customer back the €5.00 cash they handed over.',
    );
    expect(till.books?.audit.recent(1)).toMatchObject([{ action: 'sale.voided', detail: { saleId } }]);
  });

  it('asks for a manager above the cashier’s limit, shows a wrong PIN, and makes the change once approved', async () => {
    const { bridge } = await tillWithBridge({
      staff: [
        { id: 'anna', name: 'Anna', role: 'cashier', pinHash: pins.cashier },
        { id: 'bo', name: 'Bo', role: 'manager', pinHash: pins.manager },
      ],
    });
    expect(await bridge.api['staff.session']({})).toMatchObject({ value: { operator: { staffId: 'anna' } } });
    await useSaleStore.getState().scan('WIN-001');
    const lineId = useSaleStore.getState().sale.lines[0]?.lineId ?? '';

    await useSaleStore.getState().setDiscount(lineId, { kind: 'percent', basisPoints: 2_500 });
    const asked = useSaleStore.getState();
    expect(asked.panel).toBe('approval');
    expect(asked.approval?.message).toMatch(/A discount of 25 % on Red wine is more than you may give/);
    expect(asked.sale.totals.discountMinor).toBe(0);

    expect(await asked.approval?.approve({ staffId: 'bo', pin: '00000' })).toBe('Wrong PIN. 4 tries left.');
    expect(useSaleStore.getState().panel).toBe('approval');
    expect(await asked.approval?.approve({ staffId: 'bo', pin: '98765' })).toBeUndefined();
    const approved = useSaleStore.getState();
    expect(approved.panel).toBe('none');
    expect(approved.sale.totals.discountMinor).toBe(313);
    expect(approved.sale.approvals).toEqual([{ lineId, discount: 'bo' }]);
  });
});

describe('a mirror kept by main’s changes alone', () => {
  it('is always the sale main has, whatever the commands', async () => {
    const { till } = await tillWithBridge();
    const call = (channel: Channel, payload: unknown) =>
      till.router.call(channel, payload, { transport: 'in-process' });
    const codes = ['BAK-001', 'WIN-001', 'CHE-001', 'MAG-001'];
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        code: fc.constantFrom(...codes),
        quantity: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({ kind: fc.constant('quantity' as const), line: fc.nat(5), quantity: fc.integer({ min: 0, max: 4 }) }),
      fc.record({ kind: fc.constant('remove' as const), line: fc.nat(5) }),
      fc.record({ kind: fc.constant('discount' as const), line: fc.nat(5), percent: fc.integer({ min: 0, max: 50 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        let mirror = await current(call);
        for (const next of commands) {
          const target = mirror.lines[next.kind === 'add' ? 0 : next.line % Math.max(1, mirror.lines.length)];
          const base = { saleId: mirror.saleId, knownRevision: mirror.revision };
          const answer =
            next.kind === 'add'
              ? await call('sales.addItem', { ...base, code: next.code, quantity: next.quantity })
              : target === undefined
                ? undefined
                : next.kind === 'quantity'
                  ? await call('sales.setQuantity', { ...base, lineId: target.lineId, quantity: next.quantity })
                  : next.kind === 'remove'
                    ? await call('sales.removeLine', { ...base, lineId: target.lineId })
                    : await call('sales.setDiscount', {
                        ...base,
                        lineId: target.lineId,
                        discount: next.percent === 0 ? null : { kind: 'percent', basisPoints: next.percent * 100 },
                      });
          if (answer?.ok !== true) continue;
          const patched = patchedSale(mirror, SaleStepSchema.parse(answer.value));
          expect(patched).toBeDefined();
          mirror = patched ?? mirror;
          expect(mirror).toEqual(await current(call));
        }
        await call('sales.void', { saleId: mirror.saleId });
      }),
      { numRuns: 40 },
    );
  });
});

async function current(call: (channel: Channel, payload: unknown) => Promise<Result<unknown>>): Promise<OpenSaleView> {
  const answer = await call('sales.current', {});
  if (!answer.ok) throw new Error(answer.error.message);
  return OpenSaleViewSchema.parse(answer.value);
}
