import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { SaleDetailSchema } from '../../shared/journal/journal-search.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { RefundViewSchema, type RefundView } from '../../shared/refunds/refund.ts';
import type { CartLine } from '../../shared/sale/cart.ts';
import { FinishedSaleSchema } from '../../shared/sale/completed-sale.ts';
import { DayReportSchema } from '../../shared/till-day/day-report.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../simulators/adyen/simulator.ts';
import { hashPin } from '../staff/pin-hash.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * Refunds and the till day as the renderer reaches them: the router of a till
 * started from its configuration, a real journal in a temp dir, card refunds
 * over real HTTP to the Adyen simulator (time scaled down, never slept on).
 */

const context = { transport: 'in-process' } as const;
const POIID = 'V400m-324688179';
const API_KEY = 'refund-test-key';

/** 350 at 9 %, 2 × 1 250 at 21 %: 2 850. Refunding one wine is 1 250. */
const LINES: CartLine[] = [
  { lineId: 'l-1', sku: 'CHE-001', name: 'Cheese', unitPriceMinor: 350, quantity: 1, vatBasisPoints: 900 },
  { lineId: 'l-2', sku: 'WIN-001', name: 'Red wine', unitPriceMinor: 1_250, quantity: 2, vatBasisPoints: 2_100 },
];
const TOTAL = 2_850;

async function simulator(): Promise<AdyenSimulator> {
  const started = await startAdyenSimulator({
    logger: createMemoryLogger(),
    apiKey: API_KEY,
    timeScale: 0.01,
    merchantAccount: 'TestShop',
    terminals: [{ poiid: POIID }],
  });
  onTestFinished(() => started.close());
  return started;
}

async function till(sim: AdyenSimulator, extra: Record<string, unknown> = {}, journal?: string): Promise<Till> {
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'demo',
    payment: {
      provider: 'adyen',
      adyen: { poiId: POIID, merchantAccount: 'TestShop', baseUrl: sim.url, apiKey: API_KEY },
    },
    journal: { path: journal ?? path.join(tempDir(), 'journal.sqlite') },
    ...extra,
  });
  const started = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

async function call(t: Till, channel: Parameters<Till['router']['call']>[0], payload: unknown) {
  return t.router.call(channel, payload, context);
}

function value<T>(answer: { ok: boolean; value?: unknown; error?: unknown }, schema: { parse(input: unknown): T }): T {
  expect(answer.ok ? 'ok' : answer.error).toBe('ok');
  return schema.parse(answer.value);
}

async function cardSale(t: Till, saleId: string, lines = LINES, amountMinor = TOTAL) {
  const started = value(await call(t, 'payments.start', { saleId, amountMinor }), PaymentAttemptViewSchema);
  await t.payments?.service.whenSettled(started.attemptId);
  return value(
    await call(t, 'sales.complete', { saleId, lines, cashTendered: [], cardAttemptIds: [started.attemptId] }),
    FinishedSaleSchema,
  ).sale;
}

/** Waits for the refund's card attempts to settle; the refund moves on in the same turn. */
async function settled(t: Till, refund: RefundView): Promise<RefundView> {
  for (const part of refund.parts) {
    if (part.attempt !== undefined) await t.payments?.service.whenSettled(part.attempt.attemptId);
  }
  return value(await call(t, 'refunds.get', { refundId: refund.refundId }), RefundViewSchema);
}

describe('refunds through the contract', () => {
  it('gives one line back to the card it was paid with, by reference, and numbers the refund', async () => {
    const sim = await simulator();
    const t = await till(sim);
    const sale = await cardSale(t, 'S-1');

    const started = value(
      await call(t, 'refunds.start', {
        receiptNumber: sale.receiptNumber,
        lines: [{ lineIndex: 1, quantity: 1 }],
        reason: 'Corked bottle',
      }),
      RefundViewSchema,
    );
    expect(started).toMatchObject({ state: 'open', totalMinor: 1_250, parts: [{ kind: 'card', amountMinor: 1_250 }] });
    const refund = await settled(t, started);

    expect(refund).toMatchObject({
      state: 'completed',
      refundNumber: 'T-9-R000001',
      originalReceiptNumber: sale.receiptNumber,
      lines: [{ lineIndex: 1, name: 'Red wine', quantity: 1, amountMinor: 1_250 }],
      parts: [
        { kind: 'card', state: 'done', attempt: { kind: 'reversal', state: 'approved', authorisedMinor: 1_250 } },
      ],
    });
    const reversals = sim.terminal(POIID)?.transactions.filter((tx) => tx.category === 'Reversal') ?? [];
    expect(reversals.map((tx) => tx.amountMinor)).toEqual([1_250]);

    const detail = value(await call(t, 'journal.sale', { receiptNumber: sale.receiptNumber }), SaleDetailSchema);
    expect(detail.refunds.map((r) => r.refundNumber)).toEqual(['T-9-R000001']);
    expect(detail.refundable.lines.map((line) => line.refundableQuantity)).toEqual([1, 1]);
    expect(detail.refundable.tenders).toMatchObject([{ kind: 'card', paidMinor: TOTAL, refundableMinor: 1_600 }]);
    expect(detail.attempts.map((attempt) => attempt.state)).toEqual(['approved']);
    expect(detail.attempts[0]?.events.map((event) => event.to)).toEqual(['created', 'sent', 'approved']);
  });

  it('refuses a refund beyond what is left, and sends nothing to the terminal', async () => {
    const sim = await simulator();
    const t = await till(sim);
    const sale = await cardSale(t, 'S-2');
    await settled(
      t,
      value(
        await call(t, 'refunds.start', { receiptNumber: sale.receiptNumber, amountMinor: 2_000, reason: 'Goodwill' }),
        RefundViewSchema,
      ),
    );
    const before = sim.terminal(POIID)?.transactions.length;

    const again = await call(t, 'refunds.start', {
      receiptNumber: sale.receiptNumber,
      lines: [{ lineIndex: 1, quantity: 2 }],
      reason: 'Both bottles',
    });

    expect(again).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Only €8.50 can still be refunded on this sale.' },
    });
    expect(sim.terminal(POIID)?.transactions.length).toBe(before);
    // A line refunded in full cannot come back twice either.
    await settled(
      t,
      value(
        await call(t, 'refunds.start', {
          receiptNumber: sale.receiptNumber,
          lines: [{ lineIndex: 0, quantity: 1 }],
          reason: 'Mouldy',
        }),
        RefundViewSchema,
      ),
    );
    expect(
      await call(t, 'refunds.start', {
        receiptNumber: sale.receiptNumber,
        lines: [{ lineIndex: 0, quantity: 1 }],
        reason: 'Again',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '"Cheese" has already been refunded in full.' } });
  });

  it('gives cash back from the drawer for a cash sale, at once, and prints a refund receipt', async () => {
    const sim = await simulator();
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    const t = await till(sim, { printer: { url: printer.url, drawer: { pin: 2, pulseMs: 100 } } });
    const sale = value(
      await call(t, 'sales.complete', { saleId: 'S-3', lines: LINES, cashTendered: [3_000], cardAttemptIds: [] }),
      FinishedSaleSchema,
    ).sale;

    const refund = value(
      await call(t, 'refunds.start', {
        receiptNumber: sale.receiptNumber,
        lines: [{ lineIndex: 0, quantity: 1 }],
        reason: 'Wrong cheese',
      }),
      RefundViewSchema,
    );

    expect(refund).toMatchObject({
      state: 'completed',
      parts: [{ kind: 'cash', amountMinor: 350, state: 'done' }],
      message: 'Refunded €3.50. Give the customer €3.50 in cash from the drawer.',
    });
    await t.printer?.settled();
    const text = printer
      .printouts({ printsOnly: true })
      .map((printout) => printout.lines.join('\n'))
      .join('\n');
    expect(text).toContain('REFUND');
    expect(text).toContain('Refund T-9-R000001');
    expect(text).toContain(`Original receipt ${sale.receiptNumber}`);
  });

  it('splits a refund over card and cash as the sale was paid: card first', async () => {
    const sim = await simulator();
    const t = await till(sim);
    // 1 906 ends in 906: the card covers half (953), the rest in cash.
    const lines: CartLine[] = [
      { lineId: 'l-1', sku: 'GIF-001', name: 'Gift box', unitPriceMinor: 1_906, quantity: 1, vatBasisPoints: 2_100 },
    ];
    const started = value(
      await call(t, 'payments.start', { saleId: 'S-4', amountMinor: 1_906 }),
      PaymentAttemptViewSchema,
    );
    await t.payments?.service.whenSettled(started.attemptId);
    const sale = value(
      await call(t, 'sales.complete', {
        saleId: 'S-4',
        lines,
        cashTendered: [1_000],
        cardAttemptIds: [started.attemptId],
      }),
      FinishedSaleSchema,
    ).sale;

    const refund = await settled(
      t,
      value(
        await call(t, 'refunds.start', {
          receiptNumber: sale.receiptNumber,
          lines: [{ lineIndex: 0, quantity: 1 }],
          reason: 'Returned',
        }),
        RefundViewSchema,
      ),
    );

    expect(refund).toMatchObject({
      state: 'completed',
      totalMinor: 1_906,
      parts: [
        { kind: 'card', amountMinor: 953, state: 'done' },
        { kind: 'cash', amountMinor: 953, state: 'done' },
      ],
    });
  });

  it('refunds without a receipt to the card presented, only for a manager who confirmed', async () => {
    const sim = await simulator();
    const t = await till(sim);
    expect(await call(t, 'refunds.startUnreferenced', { amountMinor: 1_500, reason: 'Lost receipt' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });

    const refund = await settled(
      t,
      value(
        await call(t, 'refunds.startUnreferenced', { amountMinor: 1_500, reason: 'Lost receipt', confirmed: true }),
        RefundViewSchema,
      ),
    );

    expect(refund).toMatchObject({
      state: 'completed',
      totalMinor: 1_500,
      parts: [{ kind: 'any_card', state: 'done', attempt: { kind: 'refund', state: 'approved' } }],
    });
    expect(refund.originalReceiptNumber).toBeUndefined();
    expect(sim.terminal(POIID)?.transactions.map((tx) => [tx.kind, tx.amountMinor])).toEqual([['refund', 1_500]]);
  });

  it('lets a manager refund and refuses a cashier, in main', async () => {
    const sim = await simulator();
    const staff = [
      { id: 'anna', name: 'Anna', role: 'cashier', pinHash: await hashPin('2468') },
      { id: 'bo', name: 'Bo', role: 'manager', pinHash: await hashPin('97531') },
    ];
    const t = await till(sim, { staff });
    await call(t, 'staff.login', { staffId: 'bo', pin: '97531' });
    const sale = await cardSale(t, 'S-6');
    await call(t, 'staff.lock', {});
    await call(t, 'staff.login', { staffId: 'anna', pin: '2468' });

    const refused = await call(t, 'refunds.start', {
      receiptNumber: sale.receiptNumber,
      lines: [{ lineIndex: 0, quantity: 1 }],
      reason: 'Please',
    });

    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(sim.terminal(POIID)?.transactions.filter((tx) => tx.category === 'Reversal')).toEqual([]);
    await call(t, 'staff.lock', {});
    await call(t, 'staff.login', { staffId: 'bo', pin: '97531' });
    const refund = await settled(
      t,
      value(
        await call(t, 'refunds.start', {
          receiptNumber: sale.receiptNumber,
          lines: [{ lineIndex: 0, quantity: 1 }],
          reason: 'Manager says yes',
        }),
        RefundViewSchema,
      ),
    );
    expect(refund).toMatchObject({ state: 'completed', createdBy: 'bo' });
    const audit = t.sales?.audit.recent(10).map((entry) => [entry.action, entry.actor]);
    expect(audit).toContainEqual(['refund.completed', 'bo']);
    expect(audit).toContainEqual(['refund.started', 'bo']);
  });

  it('finishes a refund left open by a stop once the new till has asked the terminal', async () => {
    const sim = await simulator();
    const journal = path.join(tempDir(), 'journal.sqlite');
    const first = await till(sim, {}, journal);
    const sale = await cardSale(first, 'S-7');
    // The terminal gives the money back but the reply never comes: the till stops waiting.
    const fault = await fetch(`${sim.url}/_simulator/terminals/${POIID}/faults`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'never-respond' }),
    });
    expect(fault.ok).toBe(true);
    const open = value(
      await call(first, 'refunds.start', {
        receiptNumber: sale.receiptNumber,
        lines: [{ lineIndex: 1, quantity: 2 }],
        reason: 'Case returned',
      }),
      RefundViewSchema,
    );
    expect(open.state).toBe('open');
    // The terminal has done it (the reply is what never comes) before the till stops.
    await vi.waitFor(() => {
      expect(sim.terminal(POIID)?.transactions.find((tx) => tx.category === 'Reversal')?.response).toBeDefined();
    });
    await first.close();

    const second = await till(sim, {}, journal);
    await second.payments?.recovered;
    const after = value(await call(second, 'refunds.get', { refundId: open.refundId }), RefundViewSchema);

    expect(after).toMatchObject({ state: 'completed', totalMinor: 2_500, parts: [{ state: 'done' }] });
    expect(sim.terminal(POIID)?.transactions.filter((tx) => tx.category === 'Reversal')).toHaveLength(1);
  });
});

describe('the till day through the contract', () => {
  it('adds up sales, refunds and cash moves in the X report, and closes with a numbered Z', async () => {
    const sim = await simulator();
    const t = await till(sim);
    expect(await call(t, 'day.current', {})).toEqual({ ok: true, value: { day: null, lastZNumber: 0 } });
    await call(t, 'day.open', { floatMinor: 10_000 });
    const card = await cardSale(t, 'S-10');
    await call(t, 'sales.complete', {
      saleId: 'S-11',
      lines: LINES.slice(0, 1),
      cashTendered: [500],
      cardAttemptIds: [],
    });
    await settled(
      t,
      value(
        await call(t, 'refunds.start', {
          receiptNumber: card.receiptNumber,
          lines: [{ lineIndex: 1, quantity: 1 }],
          reason: 'Corked',
        }),
        RefundViewSchema,
      ),
    );
    await call(t, 'day.cashMove', { kind: 'out', amountMinor: 2_000, reason: 'Bank run' });
    // More than the drawer should hold is refused, and not recorded.
    expect(await call(t, 'day.cashMove', { kind: 'out', amountMinor: 8_351, reason: 'Too much' })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: 'The drawer should hold only €83.50: count it, and take out no more than is there.',
      },
    });
    await call(t, 'sales.void', { saleId: 'S-12', lineCount: 2, totalMinor: 999 });

    const x = value(await call(t, 'day.xReport', {}), DayReportSchema);

    expect(x).toMatchObject({
      kind: 'X',
      sales: { count: 2, totalMinor: TOTAL + 350 },
      refunds: { count: 1, totalMinor: 1_250 },
      voids: { count: 1, totalMinor: 999 },
      netTakingsMinor: TOTAL + 350 - 1_250,
      tenders: [
        { kind: 'cash', salesMinor: 350, refundsMinor: 0, netMinor: 350 },
        { kind: 'card', salesMinor: TOTAL, refundsMinor: 1_250, netMinor: TOTAL - 1_250 },
      ],
      cash: { floatMinor: 10_000, salesMinor: 350, outMinor: 2_000, expectedMinor: 10_000 + 350 - 2_000 },
    });
    // VAT per rate: sales less the refunded wine (1 250 at 21 %: 217 VAT).
    expect(x.vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 700, vatMinor: 29 + 29, netMinor: 700 - 58 },
      { vatBasisPoints: 2_100, grossMinor: 1_250, vatMinor: 434 - 217, netMinor: 1_250 - 217 },
    ]);

    const z = value(await call(t, 'day.close', { countedCashMinor: 8_300 }), DayReportSchema);
    expect(z).toMatchObject({ kind: 'Z', zNumber: 1, countedCashMinor: 8_300, differenceMinor: -50 });
    expect(await call(t, 'day.current', {})).toEqual({ ok: true, value: { day: null, lastZNumber: 1 } });
    expect(await call(t, 'day.xReport', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The next sale opens day 2 by itself, float not counted; its Z is number 2.
    await call(t, 'sales.complete', {
      saleId: 'S-13',
      lines: LINES.slice(0, 1),
      cashTendered: [350],
      cardAttemptIds: [],
    });
    const next = value(await call(t, 'day.close', { countedCashMinor: 350 }), DayReportSchema);
    expect(next).toMatchObject({ zNumber: 2, day: { floatCounted: false }, sales: { count: 1 }, differenceMinor: 0 });
    expect(value(await call(t, 'day.reprintZ', { zNumber: 1 }), DayReportSchema)).toEqual(z);
  });
});
