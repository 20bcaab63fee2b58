import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { CompletedSaleSchema } from '../../shared/sale/completed-sale.ts';
import { OpenSaleViewSchema } from '../../shared/sale/open-sale.ts';
import { ParkedListSchema, SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import { DayReportSchema } from '../../shared/till-day/day-report.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { svgTextLines } from '../printing/testing/svg-text.ts';
import { MIGRATIONS } from '../till-database/migrations.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../simulators/adyen/simulator.ts';
import { createClient } from '../simulators/adyen/testing/harness.ts';
import { hashPin } from '../staff/pin-hash.ts';
import { currentSale, payCash, ringUp, sellForCash, value, writeTestCatalog } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * The open sale as the screen reaches it: through the router of a till
 * started from its configuration, a real journal file in a temp dir and a
 * catalogue of its own. Main prices every line from that catalogue; the
 * screen can only name codes, quantities, discounts and cash.
 */

const context = { transport: 'in-process' } as const;
const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-9', name: 'Till 9' },
  locale: 'en-GB',
  currency: 'EUR',
};

let pins: { cashier: string; manager: string };
beforeAll(async () => {
  pins = { cashier: await hashPin('1234'), manager: await hashPin('98765') };
});

interface Started {
  till: Till;
  journal: string;
  call: (channel: Channel, payload: unknown) => ReturnType<Till['router']['call']>;
  config: Record<string, unknown>;
}

async function start(extra: Record<string, unknown> = {}, dir = tempDir()): Promise<Started> {
  const journal = path.join(dir, 'journal.sqlite');
  const config = {
    ...base,
    mode: 'training',
    payment: null,
    journal: { path: journal },
    catalog: { path: writeTestCatalog(dir) },
    ...extra,
  };
  const till = await startTill(TillConfigSchema.parse(config), {
    logger: createMemoryLogger(),
    version: 'test',
    env: {},
  });
  onTestFinished(() => till.close());
  return { till, journal, call: (channel, payload) => till.router.call(channel, payload, context), config };
}

function staff() {
  return [
    { id: 'anna', name: 'Anna', role: 'cashier', pinHash: pins.cashier },
    { id: 'bo', name: 'Bo', role: 'manager', pinHash: pins.manager },
  ];
}

const step = (answer: Awaited<ReturnType<Started['call']>>, what = 'the command') =>
  SaleStepSchema.parse(value(answer, what));

describe('ringing up a sale in main', () => {
  it('prices every line from the catalogue, by barcode or SKU, and adds a rescan to its line', async () => {
    const { call } = await start();
    const empty = await currentSale(call);
    expect(empty).toMatchObject({ lines: [], dueMinor: 0, revision: 0, linesLocked: false });

    const byBarcode = step(await call('sales.addItem', { saleId: empty.saleId, code: '8713021110000' }));
    expect(byBarcode.sale.lines).toEqual([
      {
        lineId: byBarcode.lineId,
        sku: 'BAK-001',
        name: 'White bread',
        unitPriceMinor: 189,
        quantity: 1,
        vatBasisPoints: 900,
      },
    ]);
    step(await call('sales.addItem', { saleId: empty.saleId, code: 'win-001', by: 'sku', quantity: 2 }));
    const rescan = step(await call('sales.addItem', { saleId: empty.saleId, code: '8713021110000' }));

    // 189 × 2 = 378 at 9 %, 1 250 × 2 = 2 500 at 21 %.
    expect(rescan.lineId).toBe(byBarcode.lineId);
    expect(rescan.sale.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['BAK-001', 2],
      ['WIN-001', 2],
    ]);
    expect(rescan.sale.totals).toMatchObject({ totalMinor: 2_878, itemCount: 4 });
    expect(rescan.sale.dueMinor).toBe(2_878);
    expect(await currentSale(call)).toEqual(rescan.sale);
  });

  it('answers a screen that says which revision it holds with only the lines that changed', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001' }, { code: 'WIN-001' }, { code: 'CHE-001' }]);
    const [bread, wine, cheese] = sale.lines;
    const more = step(
      await call('sales.setQuantity', { saleId: sale.saleId, lineId: wine?.lineId, quantity: 2, knownRevision: 3 }),
    );
    expect(more.linesSince).toEqual({ revision: 3, removed: [] });
    expect(more.sale.lines).toEqual([{ ...wine, quantity: 2 }]);
    expect(more.sale).toMatchObject({ revision: 4, totals: { totalMinor: 189 + 2_500 + 350 } });

    const gone = step(await call('sales.removeLine', { saleId: sale.saleId, lineId: bread?.lineId, knownRevision: 4 }));
    expect(gone.linesSince).toEqual({ revision: 4, removed: [bread?.lineId] });
    expect(gone.sale.lines).toEqual([]);
    // A screen that is behind gets the whole sale, as it is.
    const behind = step(await call('sales.addItem', { saleId: sale.saleId, code: 'MAG-001', knownRevision: 2 }));
    expect(behind.linesSince).toBeUndefined();
    expect(behind.sale.lines.map((line) => line.sku)).toEqual(['WIN-001', 'CHE-001', 'MAG-001']);
    expect(cheese?.sku).toBe('CHE-001');
  });

  it('refuses a code that is not in the catalogue, in words the cashier can act on, and writes nothing', async () => {
    const { call, journal } = await start();
    const { saleId } = await currentSale(call);
    const answer = await call('sales.addItem', { saleId, code: '4006381333931' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: '“4006381333931” is not in the catalogue. Check the code, or find the product by its name.',
      },
    });
    expect(rows(journal, 'sale_events')).toBe(0);
  });

  it('refuses in Dutch on a till configured with language "nl", and tells the screen its language', async () => {
    const { call } = await start({ language: 'nl' });
    expect(value(await call('till.getInfo', {}), 'till.getInfo')).toMatchObject({ language: 'nl', locale: 'en-GB' });
    const { saleId } = await currentSale(call);
    const answer = await call('sales.addItem', { saleId, code: '4006381333931' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: '“4006381333931” staat niet in het assortiment. Controleer de code, of zoek het product op naam.',
      },
    });
  });

  it.each([
    ['a price on a line', 'sales.addItem', { code: 'BAK-001', unitPriceMinor: 1 }],
    ['a name on a line', 'sales.addItem', { code: 'BAK-001', name: 'Gold bar' }],
    ['a VAT rate on a line', 'sales.addItem', { code: 'BAK-001', vatBasisPoints: 0 }],
    [
      'lines with their prices',
      'sales.complete',
      { lines: [{ lineId: 'l', sku: 'BAK-001', name: 'x', unitPriceMinor: 1, quantity: 1, vatBasisPoints: 0 }] },
    ],
    ['a total', 'sales.complete', { totalMinor: 1 }],
    ['cash said to be taken', 'sales.complete', { cashTendered: [1] }],
    ['a sale total for the card', 'payments.start', { amountMinor: 1, saleTotalMinor: 1 }],
    ['lines to park', 'sales.park', { lines: [] }],
  ] as const)('refuses %s as BAD_REQUEST, and records nothing', async (_what, channel, extra) => {
    const { call, journal } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001' }]);
    const answer = await call(channel, { saleId: sale.saleId, ...extra });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await currentSale(call)).toEqual(sale);
    expect(rows(journal, 'completed_sales')).toBe(0);
  });

  it('takes cash, records the sale at the catalogue price with its change, and answers a repeat the same', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001', quantity: 2 }, { code: 'WIN-001' }]);
    // 378 + 1 250 = 1 628; 20.00 handed over, 3.72 back.
    const paid = await payCash(call, sale.saleId, 2_000);
    expect(paid.finished).toMatchObject({
      sale: { saleId: sale.saleId, receiptNumber: 'T-9-000001', totalMinor: 1_628, changeMinor: 372 },
      // No printer on this till, so no drawer to kick: the cashier opens it by hand.
      drawer: { drawer: 'none' },
      receipt: null,
    });
    expect(paid.sale.saleId).not.toBe(sale.saleId);
    expect(paid.sale.lines).toEqual([]);

    const again = step(await call('sales.complete', { saleId: sale.saleId }));
    expect(again.finished?.sale).toEqual(paid.finished?.sale);
    expect(CompletedSaleSchema.parse(value(await call('sales.get', {}), 'sales.get')).receiptNumber).toBe('T-9-000001');
  });

  it('keeps the sale open, in words, until it is paid in full', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const part = await payCash(call, sale.saleId, 1_000);
    expect(part.finished).toBeUndefined();
    expect(part.sale).toMatchObject({ dueMinor: 250, paidMinor: 1_000, linesLocked: true });
    expect(await call('sales.complete', { saleId: sale.saleId })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'The sale is not paid in full yet: €2.50 is still due. Take the rest before finishing.',
      },
    });
    // Money is held: the lines stay as they were paid for.
    expect(await call('sales.addItem', { saleId: sale.saleId, code: 'BAK-001' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect((await payCash(call, sale.saleId, 250)).finished?.sale.totalMinor).toBe(1_250);
  });

  it('refuses a command for a sale that is not the one open on the till', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001' }]);
    await payCash(call, sale.saleId, 189);
    expect(await call('sales.addItem', { saleId: sale.saleId, code: 'BAK-001' })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'That sale is no longer open on this till. The screen now shows the sale that is.',
      },
    });
  });

  it('parks a sale, serves the next customer, and recalls it as it was', async () => {
    const { call } = await start();
    const first = await ringUp(call, [{ code: 'WIN-001' }, { code: 'CHE-001' }]);
    const parked = step(await call('sales.park', { saleId: first.saleId, note: 'blue coat' }));
    expect(parked.sale.lines).toEqual([]);
    expect(ParkedListSchema.parse(value(await call('sales.parked', {}), 'sales.parked'))).toMatchObject([
      { saleId: first.saleId, note: 'blue coat', lineCount: 2, totalMinor: 1_600 },
    ]);

    await sellForCash(call, [{ code: 'BAK-001' }]);
    const recalled = step(await call('sales.recall', { saleId: first.saleId }));
    expect(recalled.sale.saleId).toBe(first.saleId);
    expect(recalled.sale.lines).toEqual(first.lines);
    expect(value(await call('sales.parked', {}), 'sales.parked')).toEqual([]);
    expect(await call('sales.recall', { saleId: first.saleId })).toMatchObject({ ok: false });
  });

  it('counts a sale given up with goods on it as a void in the day, and audits it', async () => {
    const { call, till } = await start();
    const sale = await ringUp(call, [{ code: 'WIN-001' }, { code: 'BAK-001' }]);
    await payCash(call, sale.saleId, 500);
    const voided = step(await call('sales.void', { saleId: sale.saleId, reason: 'customer left' }));
    expect(voided.sale.lines).toEqual([]);
    const report = DayReportSchema.parse(value(await call('day.xReport', {}), 'day.xReport'));
    expect(report.voids).toEqual({ count: 1, totalMinor: 1_439 });
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'sale.voided',
        reason: 'customer left',
        detail: { saleId: sale.saleId, lineCount: 2, totalMinor: 1_439, cashReturnedMinor: 500 },
      },
    ]);
  });
});

describe('a sale survives the till', () => {
  it('reopens on the same sale, lines and cash taken, after the till stops mid-sale', async () => {
    const dir = tempDir();
    const first = await start({}, dir);
    const sale = await ringUp(first.call, [{ code: 'BAK-001' }, { code: 'WIN-001', quantity: 2 }, { code: 'CHE-001' }]);
    const discounted = step(
      await first.call('sales.setDiscount', {
        saleId: sale.saleId,
        lineId: sale.lines[2]?.lineId,
        discount: { kind: 'percent', basisPoints: 1_000 },
      }),
    );
    const split = await payCash(first.call, sale.saleId, 1_000);
    await first.till.close();

    const second = await start({}, dir);
    const reopened = await currentSale(second.call);
    expect(reopened).toEqual(split.sale);
    expect(reopened.lines).toEqual(discounted.sale.lines);
    // 189 + 2 500 + (350 − 35) = 3 004; 10.00 in cash so far.
    expect(reopened).toMatchObject({ dueMinor: 2_004, paidMinor: 1_000, linesLocked: true });
    expect(reopened.tenders).toEqual([{ kind: 'cash', tenderedMinor: 1_000, amountMinor: 1_000, changeMinor: 0 }]);
    expect((await payCash(second.call, sale.saleId, 2_004)).finished?.sale.totalMinor).toBe(3_004);
  });

  it('writes each change as a small delta before it answers', async () => {
    const { call, journal } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001' }, { code: 'WIN-001' }]);
    step(await call('sales.setQuantity', { saleId: sale.saleId, lineId: sale.lines[0]?.lineId, quantity: 3 }));
    const events = new DatabaseSync(journal, { readOnly: true });
    onTestFinished(() => events.close());
    const written = events.prepare('SELECT event FROM sale_events ORDER BY seq').all();
    expect(written.map((row) => JSON.parse(String(row.event)) as unknown)).toEqual([
      {
        type: 'line_added',
        line: {
          lineId: 'L1',
          sku: 'BAK-001',
          name: 'White bread',
          unitPriceMinor: 189,
          quantity: 1,
          vatBasisPoints: 900,
        },
      },
      {
        type: 'line_added',
        line: {
          lineId: 'L2',
          sku: 'WIN-001',
          name: 'Red wine',
          unitPriceMinor: 1_250,
          quantity: 1,
          vatBasisPoints: 2_100,
        },
      },
      { type: 'quantity_set', lineId: 'L1', quantity: 3 },
    ]);
  });
});

describe('discounts and prices by role', () => {
  it('lets a cashier give up to 10 %, and above it only with a manager’s PIN, which is audited', async () => {
    const { call, till } = await start({ staff: staff() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'WIN-001', quantity: 2 }]);
    const lineId = sale.lines[0]?.lineId;
    const ten = { saleId: sale.saleId, lineId, discount: { kind: 'percent', basisPoints: 1_000 } };
    expect(step(await call('sales.setDiscount', ten)).sale.totals.discountMinor).toBe(250);

    const fifteen = { ...ten, discount: { kind: 'percent', basisPoints: 1_500 } };
    expect(await call('sales.setDiscount', fifteen)).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        message:
          'A discount of 15 % on Red wine is more than you may give. Ask a manager to approve it with their PIN.',
      },
    });
    // An amount is weighed as its share of the line: 2.51 off 25.00 is 10.04 %.
    expect(await call('sales.setDiscount', { ...ten, discount: { kind: 'amount', minor: 251 } })).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED' },
    });
    expect(await call('sales.setDiscount', { ...fifteen, approval: { staffId: 'bo', pin: '11111' } })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Wrong PIN. 4 tries left.' },
    });
    expect(await call('sales.setDiscount', { ...fifteen, approval: { staffId: 'anna', pin: '1234' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Anna is not a manager. A manager must approve this.' },
    });
    const approved = step(await call('sales.setDiscount', { ...fifteen, approval: { staffId: 'bo', pin: '98765' } }));
    expect(approved.sale.totals.discountMinor).toBe(375);
    expect(approved.sale.approvals).toEqual([{ lineId, discount: 'bo' }]);
    // The cashier is still the one logged in.
    expect(value(await call('staff.session', {}), 'session')).toMatchObject({ operator: { staffId: 'anna' } });
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'approval.given',
        actor: 'anna',
        detail: { saleId: sale.saleId, sku: 'WIN-001', catalogueMinor: 1_250, quantity: 2, approvedBy: 'bo' },
      },
    ]);

    const finished = await payCash(call, sale.saleId, 2_125);
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'discount.given',
        actor: 'anna',
        detail: {
          receipt: finished.finished?.sale.receiptNumber,
          sku: 'WIN-001',
          catalogueMinor: 1_250,
          discountMinor: 375,
          approvedBy: 'bo',
        },
      },
    ]);
  });

  it('needs a manager for any price typed by a cashier, and none when a manager is at the till', async () => {
    const { call, till } = await start({ staff: staff() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const change = { saleId: sale.saleId, lineId: sale.lines[0]?.lineId, priceMinor: 299 };
    expect(await call('sales.overridePrice', change)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED' },
    });
    // Back to the catalogue's price is never a change to approve.
    expect(await call('sales.overridePrice', { ...change, priceMinor: null })).toMatchObject({ ok: true });

    value(await call('staff.login', { staffId: 'bo', pin: '98765' }), 'login');
    expect(step(await call('sales.overridePrice', change)).sale.lines[0]).toMatchObject({
      unitPriceMinor: 350,
      priceOverrideMinor: 299,
    });
    const { finished } = await payCash(call, sale.saleId, 299);
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'price.overridden',
        actor: 'bo',
        detail: { receipt: finished?.sale.receiptNumber, sku: 'CHE-001', fromMinor: 350, toMinor: 299 },
      },
    ]);
  });

  it('follows the limits in the configuration', async () => {
    const { call } = await start({
      staff: staff(),
      selling: { limits: { cashier: { maxDiscountPercent: 0, priceOverride: true } } },
    });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'CHE-001' }]);
    const lineId = sale.lines[0]?.lineId;
    expect(
      await call('sales.setDiscount', { saleId: sale.saleId, lineId, discount: { kind: 'percent', basisPoints: 1 } }),
    ).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
    expect(await call('sales.overridePrice', { saleId: sale.saleId, lineId, priceMinor: 100 })).toMatchObject({
      ok: true,
    });
  });
});

describe('open items', () => {
  const misc = { sku: 'MISC', name: 'Miscellaneous', vatRate: 21, maxPrice: '50.00' };

  it('offers the keys with the catalogue, rings one up at its typed price up to the maximum, and audits it', async () => {
    const { call, till } = await start({ selling: { openItems: [misc] } });
    expect(value(await call('catalog.get', {}), 'catalog.get')).toMatchObject({
      openItems: [{ sku: 'MISC', name: 'Miscellaneous', vatBasisPoints: 2_100, maxPriceMinor: 5_000 }],
    });
    const { saleId } = await currentSale(call);
    expect(await call('sales.addOpenItem', { saleId, sku: 'MISC', priceMinor: 5_001 })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'Miscellaneous can be rung up for at most €50.00. Check the price; a dearer item needs its own code.',
      },
    });
    const added = step(await call('sales.addOpenItem', { saleId, sku: 'MISC', priceMinor: 1_995 }));
    expect(added.sale.lines).toEqual([
      {
        lineId: added.lineId,
        sku: 'MISC',
        name: 'Miscellaneous',
        unitPriceMinor: 1_995,
        quantity: 1,
        vatBasisPoints: 2_100,
      },
    ]);
    expect(added.sale.openItems).toEqual([added.lineId]);
    const { finished } = await payCash(call, saleId, 1_995);
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'open_item.sold',
        detail: { receipt: finished?.sale.receiptNumber, sku: 'MISC', priceMinor: 1_995, quantity: 1 },
      },
    ]);
  });

  it('refuses an open item that would make the sale more than the till can total, in words', async () => {
    const { call } = await start({ selling: { openItems: [{ ...misc, maxPrice: '900000000.00' }] } });
    const { saleId } = await currentSale(call);
    expect(
      await call('sales.addOpenItem', { saleId, sku: 'MISC', priceMinor: 90_000_000_000, quantity: 9_999 }),
    ).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'That would make the sale larger than the till can handle.' },
    });
  });

  it('refuses to start when an open item has the SKU of a catalogue item', async () => {
    await expect(start({ selling: { openItems: [{ ...misc, sku: 'BAK-001' }] } })).rejects.toThrow(
      /"BAK-001" is also an SKU in the catalogue/,
    );
  });
});

describe('card payments take their amount from main’s sale', () => {
  it('pays what is due by default, refuses more, and lets a sale whose card was declined change and pay again', async () => {
    const { call, till } = await cardTill();
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    expect(await call('payments.start', { saleId: sale.saleId, amountMinor: 1_907 })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'That is more than is still due on this sale (€19.06). Type the amount for this payment.',
      },
    });
    // An amount ending in 906: the simulated card covers half of it (953), rounded down.
    const started = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    expect(started.amountMinor).toBe(1_906);
    expect(OpenSaleViewSchema.parse(value(await call('sales.current', {}), 'current'))).toMatchObject({
      linesLocked: true,
      card: { attemptId: started.attemptId },
    });
    await till.payments?.service.whenSettled(started.attemptId);
    const afterCard = await currentSale(call);
    expect(afterCard).toMatchObject({ dueMinor: 953, paidMinor: 953, card: null, linesLocked: true });
    expect(afterCard.tenders).toMatchObject([{ kind: 'card', attemptId: started.attemptId, amountMinor: 953 }]);

    const { finished } = await payCash(call, sale.saleId, 1_000);
    expect(finished?.sale).toMatchObject({
      totalMinor: 1_906,
      changeMinor: 47,
      tenders: [
        { kind: 'card', attemptId: started.attemptId, amountMinor: 953 },
        { kind: 'cash', tenderedMinor: 1_000, amountMinor: 953, changeMinor: 47 },
      ],
    });
    // The terminal's receipt text came with its result and is kept with the sale, for the printed receipt.
    const card = finished?.sale.tenders[0];
    expect(card?.kind === 'card' ? card.receipts?.map((receipt) => receipt.copy) : undefined).toEqual([
      'merchant',
      'customer',
    ]);

    // A declined card (amounts ending 123) holds nothing: the sale can change and be paid by card again.
    const next = await ringUp(call, [{ code: 'COF-001' }]);
    const declined = await changeTotal(call, next.saleId, 5_123);
    const attempt = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: next.saleId }), 'card'),
    );
    expect(attempt.amountMinor).toBe(declined);
    expect((await till.payments?.service.whenSettled(attempt.attemptId))?.state).toBe('declined');
    const grown = step(await call('sales.addItem', { saleId: next.saleId, code: 'BAK-001' }));
    const again = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: next.saleId }), 'card'));
    expect(again.amountMinor).toBe(grown.sale.dueMinor);
    expect((await till.payments?.service.whenSettled(again.attemptId))?.state).toBe('approved');
    // Paid in full by the card: main recorded the sale itself.
    await expect.poll(async () => (await currentSale(call)).saleId).not.toBe(next.saleId);
    expect(step(await call('sales.complete', { saleId: next.saleId })).finished?.sale.totalMinor).toBe(5_123 + 189);
  });

  it('unlocks the lines once every card attempt ended without money, for card or cash at the new amount', async () => {
    const { call, till } = await cardTill();
    const sale = await ringUp(call, [{ code: 'COF-001' }, { code: 'CHE-001' }]);
    // 3.50 + 47.73 = 51.23: an amount ending 123 is declined.
    await changeTotal(call, sale.saleId, 4_773);
    const declined = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    expect(declined.amountMinor).toBe(5_123);
    expect((await till.payments?.service.whenSettled(declined.attemptId))?.state).toBe('declined');
    expect(await currentSale(call)).toMatchObject({ linesLocked: false, card: null, dueMinor: 5_123 });

    // Then the shopper cancels at the terminal (an amount ending 901): still no money, still changeable.
    const cheese = (await currentSale(call)).lines[1];
    step(await call('sales.setQuantity', { saleId: sale.saleId, lineId: cheese?.lineId, quantity: 2 }));
    step(await call('sales.addItem', { saleId: sale.saleId, code: 'BAK-001' }));
    const cancelledSale = await changeTotal(call, sale.saleId, 901 - 189 - 700 + 5_000);
    expect(cancelledSale).toBe(5_901);
    const cancelled = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    expect(cancelled.amountMinor).toBe(5_901);
    expect((await till.payments?.service.whenSettled(cancelled.attemptId))?.state).toBe('cancelled');
    expect(await currentSale(call)).toMatchObject({ linesLocked: false, dueMinor: 5_901 });

    // Card money the sale no longer owes is refused in words with the amount, never in minor units.
    const bread = (await currentSale(call)).lines[2];
    const smaller = step(await call('sales.removeLine', { saleId: sale.saleId, lineId: bread?.lineId }));
    expect(smaller.sale.dueMinor).toBe(5_712);
    expect(await call('payments.start', { saleId: sale.saleId, amountMinor: 5_901 })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'That is more than is still due on this sale (€57.12). Type the amount for this payment.',
      },
    });

    // Cash pays the new amount and the sale is recorded with its lines as they are now.
    const { finished } = await payCash(call, sale.saleId, 6_000);
    expect(finished?.sale).toMatchObject({
      totalMinor: 5_712,
      changeMinor: 288,
      tenders: [{ kind: 'cash', tenderedMinor: 6_000, amountMinor: 5_712, changeMinor: 288 }],
    });
    expect(finished?.sale.lines.map((line) => [line.sku, line.quantity])).toEqual([
      ['COF-001', 1],
      ['CHE-001', 2],
    ]);
  });

  it('keeps the lines locked while a card may still take money, and after it took some', async () => {
    const { call, till } = await cardTill();
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    const partial = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    const locked = await call('sales.addItem', { saleId: sale.saleId, code: 'BAK-001' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await till.payments?.service.whenSettled(partial.attemptId))?.state).toBe('approved');
    expect(await call('sales.addItem', { saleId: sale.saleId, code: 'BAK-001' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await currentSale(call)).toMatchObject({ linesLocked: true, dueMinor: 953 });
  });
});

describe('cash rounding to 0.05 on a till configured for it', () => {
  const rounding = { selling: { cashRounding: { incrementMinor: 5 } } };

  it('rounds what cash pays, keeps the difference on the sale, its receipt and the day, and never rounds a card', async () => {
    const { call, till } = await cardTill(rounding);
    // 1.89 in cash is 1.90: the view says so before any cash is taken.
    const bread = await ringUp(call, [{ code: 'BAK-001' }]);
    expect(bread).toMatchObject({ dueMinor: 189, cashDueMinor: 190 });
    const { finished } = await payCash(call, bread.saleId, 500);
    expect(finished?.sale).toMatchObject({
      totalMinor: 189,
      roundingMinor: 1,
      changeMinor: 310,
      tenders: [{ kind: 'cash', tenderedMinor: 500, amountMinor: 189, roundingMinor: 1, changeMinor: 310 }],
    });
    const receipt = await call('receipts.preview', { receiptNumber: finished?.sale.receiptNumber });
    const lines = svgTextLines(receipt.ok ? z.object({ svg: z.string() }).parse(receipt.value).svg : '');
    expect(lines).toEqual(expect.arrayContaining(['TOTAL EUR 1.89', 'Cash rounding 0.01', 'Cash 5.00', 'Change 3.10']));

    // A card pays the exact amount: 1.89, not 1.90.
    const byCard = await ringUp(call, [{ code: 'BAK-001' }]);
    const card = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: byCard.saleId }), 'card'));
    expect(card.amountMinor).toBe(189);
    expect((await till.payments?.service.whenSettled(card.attemptId))?.state).toBe('approved');
    const paidByCard = step(await call('sales.complete', { saleId: byCard.saleId })).finished?.sale;
    expect(paidByCard).toMatchObject({ totalMinor: 189, tenders: [{ kind: 'card', amountMinor: 189 }] });
    expect(paidByCard?.roundingMinor).toBeUndefined();

    // Split: the card covers half of 19.06 (9.53) exactly; the cash rest, 9.53, is 9.55 in cash.
    const gift = await ringUp(call, [{ code: 'GIF-001' }]);
    const half = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: gift.saleId }), 'card'));
    await till.payments?.service.whenSettled(half.attemptId);
    expect(await currentSale(call)).toMatchObject({ dueMinor: 953, cashDueMinor: 955 });
    const split = (await payCash(call, gift.saleId, 1_000)).finished?.sale;
    expect(split).toMatchObject({
      totalMinor: 1_906,
      roundingMinor: 2,
      changeMinor: 45,
      tenders: [
        { kind: 'card', amountMinor: 953 },
        { kind: 'cash', tenderedMinor: 1_000, amountMinor: 953, roundingMinor: 2, changeMinor: 45 },
      ],
    });

    // Rounded down too: 8.42 is 8.40 in cash, handed over exactly.
    const coffee = await ringUp(call, [{ code: 'COF-001' }]);
    expect(coffee.cashDueMinor).toBe(840);
    const down = (await payCash(call, coffee.saleId, 840)).finished?.sale;
    expect(down).toMatchObject({ totalMinor: 842, roundingMinor: -2, changeMinor: 0 });

    // The day adds the rounding up, and the drawer should hold it.
    const x = DayReportSchema.parse(value(await call('day.xReport', {}), 'X report'));
    expect(x.sales.totalMinor).toBe(189 + 189 + 1_906 + 842);
    expect(x.cash).toMatchObject({ salesMinor: 189 + 953 + 842, roundingMinor: 1 + 2 - 2 });
    expect(x.cash.expectedMinor).toBe(x.cash.floatMinor + 189 + 953 + 842 + 1);
    expect(x.tenders).toContainEqual({ kind: 'card', salesMinor: 189 + 953, refundsMinor: 0, netMinor: 189 + 953 });
  });

  it('takes what cash is handed over as it is when it is between the exact and the rounded amount', async () => {
    const { call } = await start(rounding);
    // 1.89: 1.89 handed over exactly is taken, nothing more asked, nothing rounded.
    const sale = await ringUp(call, [{ code: 'BAK-001' }]);
    const { finished } = await payCash(call, sale.saleId, 189);
    expect(finished?.sale).toMatchObject({ totalMinor: 189, changeMinor: 0 });
    expect(finished?.sale.roundingMinor).toBeUndefined();
  });

  it('rounds nothing on a till that is not configured for it', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'BAK-001' }]);
    expect(sale).toMatchObject({ dueMinor: 189, cashDueMinor: 189 });
    const { finished } = await payCash(call, sale.saleId, 500);
    expect(finished?.sale).toMatchObject({ totalMinor: 189, changeMinor: 311 });
    expect(finished?.sale.roundingMinor).toBeUndefined();
  });
});

/** Sets the open sale's only line to a price that makes its total `totalMinor` (as a manager-free till may). */
async function changeTotal(call: Started['call'], saleId: string, totalMinor: number): Promise<number> {
  const sale = await currentSale(call);
  const line = sale.lines[0];
  if (line === undefined) throw new Error('no line to price');
  return step(await call('sales.overridePrice', { saleId, lineId: line.lineId, priceMinor: totalMinor })).sale.dueMinor;
}

function rows(journal: string, table: string): number {
  const database = new DatabaseSync(journal, { readOnly: true });
  try {
    return Number(database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get()?.count);
  } finally {
    database.close();
  }
}

/** The Adyen simulator, a hundred times faster than life, for the test. */
async function terminal(): Promise<AdyenSimulator> {
  const simulator = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: 'sales-test-key',
    timeScale: 0.01,
    merchantAccount: 'TestShop',
    terminals: [{ poiid: 'V400m-324688179' }],
  });
  onTestFinished(() => simulator.close());
  return simulator;
}

/** A till whose terminal is `simulator` (a new one when absent), with its journal in `dir`. */
async function cardTill(
  extra: Record<string, unknown> = {},
  dir = tempDir(),
  simulator?: AdyenSimulator,
): Promise<Started> {
  simulator ??= await terminal();
  return start(
    {
      mode: 'demo',
      payment: {
        provider: 'adyen',
        adyen: {
          poiId: 'V400m-324688179',
          merchantAccount: 'TestShop',
          baseUrl: simulator.url,
          apiKey: 'sales-test-key',
        },
      },
      ...extra,
    },
    dir,
  );
}

describe('what the sale does not let slip', () => {
  it('refuses cash typed against a revision the screen no longer has: a lost reply never takes cash twice', async () => {
    const { call } = await start();
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const first = step(await call('sales.payCash', { saleId: sale.saleId, tenderedMinor: 500, knownRevision: 1 }));
    expect(first.sale.paidMinor).toBe(500);
    // The answer was lost; the screen still holds revision 1 and the cashier presses Take cash again.
    expect(await call('sales.payCash', { saleId: sale.saleId, tenderedMinor: 500, knownRevision: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'The sale changed since this screen last showed it (the cash may already have been taken). Check what is still due, then take the rest.',
      },
    });
    expect((await currentSale(call)).paidMinor).toBe(500);
  });

  it('keeps an amount off within the limits when the line shrinks, even one a manager approved', async () => {
    const { call } = await start({ staff: staff() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'WIN-001', quantity: 2 }]);
    const lineId = sale.lines[0]?.lineId;
    // 5.00 off 25.00 is 20 %: approved by Bo.
    step(
      await call('sales.setDiscount', {
        saleId: sale.saleId,
        lineId,
        discount: { kind: 'amount', minor: 500 },
        approval: { staffId: 'bo', pin: '98765' },
      }),
    );
    const outgrown = {
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'With that change the line’s amount off would be more of it than you may give. Take the discount off first, change the line, then give the discount again.',
      },
    };
    // One bottle: 5.00 off 12.50 is 40 %, which nobody approved.
    expect(await call('sales.setQuantity', { saleId: sale.saleId, lineId, quantity: 1 })).toMatchObject(outgrown);
    // A lower price does the same, and is refused before any manager is asked.
    expect(await call('sales.overridePrice', { saleId: sale.saleId, lineId, priceMinor: 600 })).toMatchObject(outgrown);
    // More bottles make the amount off a smaller share: fine.
    expect(
      step(await call('sales.setQuantity', { saleId: sale.saleId, lineId, quantity: 3 })).sale.totals.totalMinor,
    ).toBe(3_250);
  });

  it('makes no change a manager approved when the line changed while the PIN was being checked', async () => {
    const { call, till } = await start({ staff: staff() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'WIN-001', quantity: 2 }]);
    const lineId = sale.lines[0]?.lineId;
    const approving = call('sales.setDiscount', {
      saleId: sale.saleId,
      lineId,
      discount: { kind: 'percent', basisPoints: 2_000 },
      approval: { staffId: 'bo', pin: '98765' },
    });
    // The PIN takes a tenth of a second to check; meanwhile the line changes.
    step(await call('sales.setQuantity', { saleId: sale.saleId, lineId, quantity: 3 }));
    expect(await approving).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'That line changed while the manager was approving. Check it and ask again.',
      },
    });
    expect((await currentSale(call)).totals.discountMinor).toBe(0);
    expect(till.books?.audit.recent(5).map((entry) => entry.action)).not.toContain('approval.given');
  });

  it('will not park a sale a card was tried on, even declined: a late result must find the sale open', async () => {
    const { call, till } = await cardTill();
    const sale = await ringUp(call, [{ code: 'COF-001' }]);
    await changeTotal(call, sale.saleId, 5_123);
    const declined = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    expect((await till.payments?.service.whenSettled(declined.attemptId))?.state).toBe('declined');
    expect(await call('sales.park', { saleId: sale.saleId })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'A card payment was started on this sale, so it cannot be parked. Finish the sale instead.',
      },
    });
  });

  it('asks a Dutch cashier for a manager to void a sale a card paid for, in one Dutch sentence', async () => {
    const { call, till } = await cardTill({ staff: staff(), language: 'nl' });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    const card = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: sale.saleId }), 'card'));
    await till.payments?.service.whenSettled(card.attemptId);
    expect(await call('sales.void', { saleId: sale.saleId, reason: 'klant heeft geen geld meer' })).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        message:
          'Alleen een manager kan een verkoop wissen die met een pinpas is betaald (het pinbedrag moet worden teruggegeven). Vraag een manager om dit met de eigen pincode goed te keuren.',
      },
    });
    expect(await call('staff.lock', {})).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Op deze verkoop is een pinbetaling gestart, dus hij kan niet opzij worden gezet. Rond de verkoop af (of wis hem) voordat je de kassa vergrendelt.',
      },
    });
  });

  it('tells a Dutch cashier what the sale’s own rules refuse', async () => {
    const { call } = await start({ language: 'nl' });
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    expect(await call('sales.addItem', { saleId: sale.saleId, code: 'WIN-001', quantity: 9_999 })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: '“Red wine” staat al 1 keer op de regel; er kunnen er hoogstens 9998 bij (9999 per regel).',
      },
    });
  });

  it('lets only a manager give up a sale a card has paid part of, and writes down the card money owed back', async () => {
    const { call, till } = await cardTill({ staff: staff() });
    value(await call('staff.login', { staffId: 'anna', pin: '1234' }), 'login');
    const sale = await ringUp(call, [{ code: 'GIF-001' }]);
    // 19.06: the simulated card covers half, 9.53.
    const card = PaymentAttemptViewSchema.parse(value(await call('payments.start', { saleId: sale.saleId }), 'card'));
    await till.payments?.service.whenSettled(card.attemptId);
    expect(await call('sales.void', { saleId: sale.saleId, reason: 'customer has no more money' })).toEqual({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        message:
          'Only a manager can void a sale a card has paid for (the card money must be given back). Ask a manager to approve it with their PIN.',
      },
    });
    value(await call('staff.login', { staffId: 'bo', pin: '98765' }), 'login');
    expect(
      step(await call('sales.void', { saleId: sale.saleId, reason: 'customer has no more money' })).sale.lines,
    ).toEqual([]);
    expect(till.books?.audit.recent(1)).toMatchObject([
      {
        action: 'sale.voided',
        actor: 'bo',
        detail: {
          saleId: sale.saleId,
          cardsToGiveBack: [{ attemptId: card.attemptId, amountMinor: 953, last4: '9999' }],
        },
      },
    ]);

    // A second word of that approval (here: a contradicting result put it with a manager, who settles it as
    // approved) is never put on another sale.
    const next = await ringUp(call, [{ code: 'BAK-001' }]);
    till.books?.payments.transition(
      card.attemptId,
      'needs_attention',
      { attention: 'conflicting_result', reason: 'A declined result arrived after the approval' },
      new Date().toISOString(),
    );
    value(
      await call('payments.resolve', {
        attemptId: card.attemptId,
        outcome: 'approved',
        authorisedMinor: 953,
        terminalReference: 'SETTLED-BY-BO',
        reason: 'The terminal shows it approved',
        manager: 'bo',
      }),
      'resolve',
    );
    expect(await currentSale(call)).toMatchObject({ saleId: next.saleId, paidMinor: 0, tenders: [] });
    expect(till.books?.audit.recent(2).find((entry) => entry.action === 'payment.late_approval')).toMatchObject({
      detail: { saleId: sale.saleId, attemptId: card.attemptId, saleState: 'voided' },
    });
  });

  it('records a sale its card paid while the till was down, and keeps the receipt for the next screen', async () => {
    const dir = tempDir();
    const simulator = await terminal();
    const first = await cardTill({}, dir, simulator);
    const sale = await ringUp(first.call, [{ code: 'WIN-001' }]);
    // The terminal approves, and its reply never reaches this till: the card is out when the till stops.
    const control = createClient(simulator);
    await control.addFault('V400m-324688179', { fault: 'never-respond' });
    const card = PaymentAttemptViewSchema.parse(
      value(await first.call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    // Stopped once the terminal has the payment (`sent` is written before the request leaves, and a till
    // stopped sooner never sent it): the journal keeps the attempt, unknown.
    await control.reachedTerminal('V400m-324688179', 1);
    await first.till.close();

    const second = await cardTill({}, dir, simulator);
    // Card recovery asks the terminal, finds the approval, and the sale is recorded.
    await expect
      .poll(async () => (await currentSale(second.call)).unshownReceipt, { timeout: 10_000 })
      .toMatchObject({ saleId: sale.saleId });
    const shown = step(await second.call('sales.complete', { saleId: sale.saleId }));
    expect(shown.finished?.sale).toMatchObject({
      saleId: sale.saleId,
      totalMinor: 1_250,
      tenders: [{ kind: 'card', attemptId: card.attemptId, amountMinor: 1_250 }],
    });
    expect((await currentSale(second.call)).unshownReceipt).toBeNull();
  });

  it('prices again from the catalogue the lines a sale parked by an earlier Kassa had, before they are sold', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'journal.sqlite');
    const old = new DatabaseSync(file);
    for (const migration of MIGRATIONS.slice(0, 6)) {
      old.exec(migration.sql);
      old.exec(`PRAGMA user_version = ${String(migration.version)}`);
    }
    const screenPriced = [
      {
        lineId: 'x-1',
        sku: 'WIN-001',
        name: 'Wine',
        unitPriceMinor: 1,
        priceOverrideMinor: 1,
        quantity: 2,
        vatBasisPoints: 0,
      },
      { lineId: 'x-2', sku: 'GONE-1', name: 'Gone', unitPriceMinor: 500, quantity: 1, vatBasisPoints: 900 },
    ];
    old
      .prepare('INSERT INTO parked_sales (sale_id, parked_at, note, lines) VALUES (?, ?, ?, ?)')
      .run('OLD-1', '2026-12-01T10:00:00.000Z', null, JSON.stringify(screenPriced));
    old.close();

    const { call } = await start({}, dir);
    const recalled = step(await call('sales.recall', { saleId: 'OLD-1' }));
    expect(recalled.sale.lines).toMatchObject([
      { sku: 'WIN-001', name: 'Red wine', unitPriceMinor: 1_250, quantity: 2, vatBasisPoints: 2_100 },
    ]);
    expect(recalled.sale.lines[0]?.priceOverrideMinor).toBeUndefined();
    expect(recalled.sale.totals.totalMinor).toBe(2_500);
    // And so it stays, read back from the journal.
    expect(await currentSale(call)).toEqual(recalled.sale);
  });
});
