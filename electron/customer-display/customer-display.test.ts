import { afterEach, describe, expect, it, vi } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { CustomerDisplayState } from '../../shared/customer-display/display-state.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { applySaleEvent, newOpenSale, NO_CARDS, openSaleView } from '../../shared/sale/open-sale.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { currentSale, payCash, ringUp, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';
import { createCustomerDisplay } from './customer-display.ts';

/**
 * The customer display follows a real till: a demo till with the embedded
 * simulator for its card terminal, rung up through the router the way the
 * screen does. It is told, never asks: the sale service's hook and the event
 * hub's payment progress are all it hears.
 */

const running: Till[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((till) => till.close()));
});

async function demoTill(language: 'en' | 'nl' = 'en') {
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'nl-NL',
    currency: 'EUR',
    language,
    mode: 'demo',
    catalog: { path: writeTestCatalog(tempDir()) },
  });
  const till = await startTill(config, {
    logger: createMemoryLogger(),
    version: 'test',
    env: { KASSA_DATA_DIR: tempDir() },
    displayThanksMs: 50,
  });
  running.push(till);
  const call: Call = (channel, payload) => till.router.call(channel, payload, { transport: 'in-process' });
  const seen: CustomerDisplayState[] = [];
  till.customerDisplay.subscribe((state) => seen.push(state));
  return { till, call, seen };
}

describe('the customer display', () => {
  it('welcomes until the first line, shows each line with the total, thanks for a cash sale, then welcomes again', async () => {
    const { till, call, seen } = await demoTill();
    expect(till.customerDisplay.current()).toEqual({ kind: 'idle', language: 'en', locale: 'nl-NL' });

    // White bread 1.89, and two red wines at 12.50.
    const sale = await ringUp(call, [{ code: 'BAK-001' }, { code: 'WIN-001', quantity: 2 }]);
    expect(till.customerDisplay.current()).toEqual({
      kind: 'sale',
      language: 'en',
      locale: 'nl-NL',
      lines: [
        { name: 'White bread', quantity: 1, totalMinor: 189 },
        { name: 'Red wine', quantity: 2, totalMinor: 2_500 },
      ],
      moreLines: 0,
      totalMinor: 2_689,
      dueMinor: 2_689,
      currency: 'EUR',
    });
    expect(seen.map((state) => state.kind)).toEqual(['sale', 'sale']);

    // Part in cash: still due shrinks.
    await payCash(call, sale.saleId, 1_000);
    expect(till.customerDisplay.current()).toMatchObject({ kind: 'sale', dueMinor: 1_689 });
    await payCash(call, sale.saleId, 2_000);
    expect(till.customerDisplay.current()).toEqual({
      kind: 'thanks',
      language: 'en',
      locale: 'nl-NL',
      totalMinor: 2_689,
      changeMinor: 311,
      currency: 'EUR',
    });
    await vi.waitFor(() => expect(till.customerDisplay.current().kind).toBe('idle'));
  });

  it('goes back to the welcome when a sale is voided or parked, and follows a recalled one', async () => {
    const { till, call } = await demoTill();
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    expect(await call('sales.park', { saleId: sale.saleId })).toMatchObject({ ok: true });
    expect(till.customerDisplay.current().kind).toBe('idle');
    expect(await call('sales.recall', { saleId: sale.saleId })).toMatchObject({ ok: true });
    expect(till.customerDisplay.current()).toMatchObject({ kind: 'sale', totalMinor: 350 });
    expect(await call('sales.void', { saleId: sale.saleId })).toMatchObject({ ok: true });
    expect(till.customerDisplay.current().kind).toBe('idle');
  });

  it('asks the customer to pay on the terminal while a card runs, and thanks them once it is approved', async () => {
    const { till, call, seen } = await demoTill('nl');
    const sale = await ringUp(call, [{ code: 'MAG-001' }]);
    const started = await call('payments.start', { saleId: sale.saleId });
    const { attemptId } = PaymentAttemptViewSchema.parse(started.ok ? started.value : undefined);
    expect(seen).toContainEqual(
      expect.objectContaining({ kind: 'sale', language: 'nl', dueMinor: 250, prompt: { kind: 'card' } }),
    );
    await till.payments?.service.whenSettled(attemptId);
    await vi.waitFor(() =>
      expect(till.customerDisplay.current()).toMatchObject({ kind: 'thanks', language: 'nl', totalMinor: 250 }),
    );
    expect(till.customerDisplay.current()).not.toHaveProperty('changeMinor');
  });

  it('shows a payment link’s QR with its amount and expiry while the link is live, and drops it once it ends', async () => {
    const { till, call } = await demoTill();
    const sale = await ringUp(call, [{ code: 'COF-001' }]);
    const progress = {
      attemptId: 'link-attempt-1',
      saleId: sale.saleId,
      terminalId: 'gateway',
      cashierMessage: 'Waiting for the customer to pay by link.',
      link: { url: 'https://pay.example/l/abc123', expiresAt: '2026-12-06T00:15:00.000Z', stage: 'opened' as const },
      at: new Date().toISOString(),
    };
    till.events.publish({ type: 'payment.progress', progress: { ...progress, state: 'sent' } });
    expect(till.customerDisplay.current()).toMatchObject({
      kind: 'sale',
      dueMinor: 842,
      prompt: {
        kind: 'link',
        url: 'https://pay.example/l/abc123',
        expiresAt: '2026-12-06T00:15:00.000Z',
        amountMinor: 842,
      },
    });
    till.events.publish({ type: 'payment.progress', progress: { ...progress, state: 'checking' } });
    expect(till.customerDisplay.current()).toMatchObject({ prompt: { kind: 'link' } });

    till.events.publish({ type: 'payment.progress', progress: { ...progress, state: 'cancelled' } });
    expect(till.customerDisplay.current()).toMatchObject({ kind: 'sale', dueMinor: 842 });
    expect(till.customerDisplay.current()).not.toHaveProperty('prompt');
    // A payment for another sale (a late one) does not reach this sale's display.
    till.events.publish({
      type: 'payment.progress',
      progress: { ...progress, saleId: 'another-sale', state: 'in_progress' },
    });
    expect(till.customerDisplay.current()).not.toHaveProperty('prompt');
    expect((await currentSale(call)).saleId).toBe(sale.saleId);
  });
});

describe('the customer display’s state', () => {
  it('sends only the last twelve lines of a long sale, and how many more there are', () => {
    let sale = newOpenSale('long-sale', 'EUR', '2026-12-05T12:00:00.000Z');
    for (let index = 1; index <= 500; index += 1) {
      sale = applySaleEvent(sale, {
        type: 'line_added',
        line: {
          lineId: `L${String(index)}`,
          sku: `SKU-${String(index)}`,
          name: `Item ${String(index)}`,
          unitPriceMinor: 100,
          quantity: 1,
          vatBasisPoints: 900,
        },
      });
    }
    const display = createCustomerDisplay({
      language: 'en',
      locale: 'en-GB',
      currency: 'EUR',
      currentSale: () => undefined,
      attempt: () => undefined,
      logger: createMemoryLogger(),
    });
    display.saleChanged(openSaleView(sale, NO_CARDS));
    const state = display.current();
    expect(state).toMatchObject({ kind: 'sale', moreLines: 488, totalMinor: 50_000 });
    expect(state.kind === 'sale' ? state.lines.map((line) => line.name) : []).toEqual(
      Array.from({ length: 12 }, (_, index) => `Item ${String(489 + index)}`),
    );
    expect(JSON.stringify(state).length).toBeLessThan(2_000);
    display.close();
  });
});
