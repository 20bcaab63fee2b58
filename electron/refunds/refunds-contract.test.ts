import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { SaleDetailSchema } from '../../shared/journal/journal-search.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { RefundViewSchema, type RefundView } from '../../shared/refunds/refund.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import { DayReportSchema } from '../../shared/till-day/day-report.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startFakePrinter } from '../printing/testing/fake-printer.ts';
import { svgTextLines } from '../printing/testing/svg-text.ts';
import { startAdyenSimulator, type AdyenSimulator } from '../simulators/adyen/simulator.ts';
import { hashPin } from '../staff/pin-hash.ts';
import { currentSale, payCash, ringUp, sellForCash, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * Refunds and the till day as the renderer reaches them: the router of a till
 * started from its configuration, a real journal in a temp dir, card refunds
 * over real HTTP to the Adyen simulator (time scaled down, never slept on).
 * Sales are rung up the way the screen does it, from the test catalogue
 * (TEST_ITEMS), and paid on main's open sale.
 */

const context = { transport: 'in-process' } as const;
const POIID = 'V400m-324688179';
const API_KEY = 'refund-test-key';

/** Cheese 350 at 9 % (line 0), 2 × red wine 1 250 at 21 % (line 1): 2 850. Refunding one wine is 1 250. */
const LINES = [{ code: 'CHE-001' }, { code: 'WIN-001', quantity: 2 }] as const;
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
    catalog: { path: writeTestCatalog(tempDir()) },
    ...extra,
  });
  const started = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => started.close());
  return started;
}

async function call(t: Till, channel: Parameters<Till['router']['call']>[0], payload: unknown) {
  return t.router.call(channel, payload, context);
}

/** The till's router as the selling helpers call it. */
function caller(t: Till): Call {
  return (channel, payload) => call(t, channel, payload);
}

function value<T>(answer: { ok: boolean; value?: unknown; error?: unknown }, schema: { parse(input: unknown): T }): T {
  expect(answer.ok ? 'ok' : answer.error).toBe('ok');
  return schema.parse(answer.value);
}

/** Rings LINES up and pays all of it by card; main records the sale on the approval, `sales.complete` answers it. */
async function cardSale(t: Till): Promise<CompletedSale> {
  const open = await ringUp(caller(t), LINES);
  expect(open.totals.totalMinor).toBe(TOTAL);
  const started = value(await call(t, 'payments.start', { saleId: open.saleId }), PaymentAttemptViewSchema);
  expect(started.amountMinor).toBe(TOTAL);
  await t.payments?.service.whenSettled(started.attemptId);
  const finished = value(await call(t, 'sales.complete', { saleId: open.saleId }), SaleStepSchema).finished;
  if (finished === undefined) throw new Error('the card did not finish the sale');
  expect(finished.sale).toMatchObject({ saleId: open.saleId, totalMinor: TOTAL, tenders: [{ kind: 'card' }] });
  return finished.sale;
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
    const sale = await cardSale(t);

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

  it('moves a card refund on from the payment service itself, even when the event hub drops payment progress', async () => {
    const sim = await simulator();
    const t = await till(sim);
    const sale = await cardSale(t);
    // The hub drops an event that fails its contract; from here on it drops every payment event.
    const publish = t.events.publish.bind(t.events);
    const dropped: string[] = [];
    vi.spyOn(t.events, 'publish').mockImplementation((event) => {
      if (event.type === 'payment.progress') dropped.push(event.progress.state);
      else publish(event);
    });

    const started = value(
      await call(t, 'refunds.start', {
        receiptNumber: sale.receiptNumber,
        lines: [{ lineIndex: 1, quantity: 1 }],
        reason: 'Corked bottle',
      }),
      RefundViewSchema,
    );
    const refund = await settled(t, started);

    expect(dropped).toContain('approved');
    expect(refund).toMatchObject({
      state: 'completed',
      refundNumber: 'T-9-R000001',
      parts: [{ kind: 'card', state: 'done', attempt: { kind: 'reversal', state: 'approved' } }],
    });
  });

  it('refuses a refund beyond what is left, and sends nothing to the terminal', async () => {
    const sim = await simulator();
    const t = await till(sim);
    const sale = await cardSale(t);
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
    const { sale } = await sellForCash(caller(t), LINES, 3_000);
    expect(sale).toMatchObject({ totalMinor: TOTAL, changeMinor: 150 });

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

    // F6 finds the refund's receipt as it finds a sale's: in full, in any case, or by R and its last digits.
    for (const typed of ['T-9-R000001', 't-9-r000001', 'R1', 'r000001']) {
      const shown = await call(t, 'receipts.preview', { receiptNumber: typed, copy: true });
      const found = z.object({ receiptNumber: z.string(), svg: z.string() }).parse(shown.ok ? shown.value : shown);
      expect(found.receiptNumber).toBe('T-9-R000001');
      const lines = svgTextLines(found.svg);
      expect(lines).toContain('COPY');
      expect(lines).toContain('Refund T-9-R000001');
    }
    expect(await call(t, 'receipts.preview', { receiptNumber: 'R2' })).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message:
          'There is no receipt T-9-R000002 on this till. Check the number on the receipt; a receipt from another till can only be found there.',
      },
    });
    // A copy of the refund's receipt prints marked COPY.
    const before = printer.printouts({ printsOnly: true }).length;
    expect(await call(t, 'receipts.reprint', { receiptNumber: 'r1' })).toMatchObject({ ok: true });
    await t.printer?.settled();
    const copy = printer.printouts({ printsOnly: true }).slice(before);
    expect(copy).toHaveLength(1);
    expect(copy[0]?.lines.join('\n')).toContain('Refund T-9-R000001');
    expect(copy[0]?.lines.join('\n')).toContain('COPY');
  });

  it('splits a refund over card and cash as the sale was paid: card first', async () => {
    const sim = await simulator();
    const t = await till(sim);
    // The gift box is 1 906, which ends in 906: the card covers half (953), the rest in cash.
    const open = await ringUp(caller(t), [{ code: 'GIF-001' }]);
    expect(open.totals.totalMinor).toBe(1_906);
    const started = value(await call(t, 'payments.start', { saleId: open.saleId }), PaymentAttemptViewSchema);
    expect(started.amountMinor).toBe(1_906);
    await t.payments?.service.whenSettled(started.attemptId);
    expect(await currentSale(caller(t))).toMatchObject({ saleId: open.saleId, paidMinor: 953, dueMinor: 953 });
    const finished = (await payCash(caller(t), open.saleId, 1_000)).finished;
    if (finished === undefined) throw new Error('the cash did not finish the sale');
    const { sale } = finished;
    expect(sale).toMatchObject({ totalMinor: 1_906, changeMinor: 47 });

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

  it('lets a manager refund and refuses a cashier without a manager’s approval, in main', async () => {
    const sim = await simulator();
    const staff = [
      { id: 'anna', name: 'Anna', role: 'cashier', pinHash: await hashPin('2468') },
      { id: 'bo', name: 'Bo', role: 'manager', pinHash: await hashPin('97531') },
    ];
    const t = await till(sim, { staff });
    await call(t, 'staff.login', { staffId: 'bo', pin: '97531' });
    const sale = await cardSale(t);
    await call(t, 'staff.lock', {});
    await call(t, 'staff.login', { staffId: 'anna', pin: '2468' });

    const refused = await call(t, 'refunds.start', {
      receiptNumber: sale.receiptNumber,
      lines: [{ lineIndex: 0, quantity: 1 }],
      reason: 'Please',
    });

    expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
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
    const audit = t.books?.audit.recent(10).map((entry) => [entry.action, entry.actor]);
    expect(audit).toContainEqual(['refund.completed', 'bo']);
    expect(audit).toContainEqual(['refund.started', 'bo']);
  });

  it('finishes a refund left open by a stop once the new till has asked the terminal', async () => {
    const sim = await simulator();
    const journal = path.join(tempDir(), 'journal.sqlite');
    const first = await till(sim, {}, journal);
    const sale = await cardSale(first);
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
    const card = await cardSale(t);
    // A cheese (350) for cash, a 5.00 note handed over.
    await sellForCash(caller(t), [{ code: 'CHE-001' }], 500);
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
    // Two lines rung up and given up: bread 189 and a magazine 250, 439 (the catalogue's prices; it was 999
    // when the test sent its own lines and total).
    const givenUp = await ringUp(caller(t), [{ code: 'BAK-001' }, { code: 'MAG-001' }]);
    expect(givenUp.totals).toMatchObject({ lineCount: 2, totalMinor: 439 });
    value(await call(t, 'sales.void', { saleId: givenUp.saleId, reason: 'Changed her mind' }), SaleStepSchema);

    const x = value(await call(t, 'day.xReport', {}), DayReportSchema);

    expect(x).toMatchObject({
      kind: 'X',
      sales: { count: 2, totalMinor: TOTAL + 350 },
      refunds: { count: 1, totalMinor: 1_250 },
      voids: { count: 1, totalMinor: 439 },
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

    const closing = await call(t, 'day.close', { countedCashMinor: 8_300 });
    // This till has no printer: main says the report is for the screen, never that it is printing.
    expect(closing).toMatchObject({ ok: true, value: { paper: 'screen' } });
    const z = value(closing, DayReportSchema);
    expect(z).toMatchObject({ kind: 'Z', zNumber: 1, countedCashMinor: 8_300, differenceMinor: -50 });
    expect(await call(t, 'day.current', {})).toEqual({ ok: true, value: { day: null, lastZNumber: 1 } });
    expect(await call(t, 'day.xReport', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // The next sale opens day 2 by itself, float not counted; its Z is number 2.
    await sellForCash(caller(t), [{ code: 'CHE-001' }], 350);
    const next = value(await call(t, 'day.close', { countedCashMinor: 350 }), DayReportSchema);
    expect(next).toMatchObject({ zNumber: 2, day: { floatCounted: false }, sales: { count: 1 }, differenceMinor: 0 });
    expect(value(await call(t, 'day.reprintZ', { zNumber: 1 }), DayReportSchema)).toEqual(z);
  });

  it('says a Z report is queued for the printer only on a till that has one', async () => {
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    const t = await till(await simulator(), { printer: { url: printer.url } });
    await sellForCash(caller(t), [{ code: 'CHE-001' }], 350);
    expect(await call(t, 'day.close', { countedCashMinor: 350 })).toMatchObject({
      ok: true,
      value: { kind: 'Z', zNumber: 1, paper: 'queued' },
    });
    expect(await call(t, 'day.reprintZ', { zNumber: 1 })).toMatchObject({ ok: true, value: { paper: 'queued' } });
    await t.printer?.settled();
    const printed = printer
      .printouts({ printsOnly: true })
      .map((printout) => printout.lines.join('\n'))
      .join('\n');
    // The Z report and its copy, both on paper.
    expect(printed.match(/Z REPORT No\. 1/g)).toHaveLength(2);
  });
});

/**
 * A till configured with `language: "nl"` says every refusal and the refund's
 * state in Dutch. The expected sentences are written out here, not read from
 * the words, so a refusal left in English fails.
 */
describe('a Dutch till’s refunds and till day', () => {
  const dutch = { language: 'nl', locale: 'nl-NL' } as const;

  it('says in Dutch what came back, and refuses a line refunded in full or a receipt it never issued', async () => {
    const t = await till(await simulator(), dutch);
    const { sale } = await sellForCash(caller(t), LINES, 3_000);
    const cheese = { receiptNumber: sale.receiptNumber, lines: [{ lineIndex: 0, quantity: 1 }], reason: 'Beschimmeld' };

    expect(value(await call(t, 'refunds.start', cheese), RefundViewSchema)).toMatchObject({
      state: 'completed',
      message: '€\u00a03,50 terugbetaald. Geef de klant €\u00a03,50 contant uit de kassalade.',
    });
    expect(await call(t, 'refunds.start', { ...cheese, reason: 'Nog een keer' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: '“Cheese” is al helemaal terugbetaald.' },
    });
    expect(
      await call(t, 'refunds.start', { receiptNumber: sale.receiptNumber, amountMinor: 3_000, reason: 'Coulance' }),
    ).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'Op deze verkoop kan nog maar €\u00a025,00 worden terugbetaald.' },
    });
    expect(await call(t, 'refunds.start', { ...cheese, receiptNumber: 'T-9-000999' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Er is geen bon T-9-000999 op deze kassa.' },
    });
  });

  it('tells a card payment’s history in the journal in Dutch', async () => {
    const t = await till(await simulator(), dutch);
    const sale = await cardSale(t);
    const detail = value(await call(t, 'journal.sale', { receiptNumber: sale.receiptNumber }), SaleDetailSchema);
    const approved = detail.attempts[0]?.events.find((event) => event.to === 'approved');
    expect(approved?.note).toMatch(/^via het antwoord op het verzoek; referentie \S+$/);
  });

  it('refuses in Dutch: a day not open, a day already open, too much cash out, an unknown Z report', async () => {
    const t = await till(await simulator(), dutch);

    expect(await call(t, 'day.xReport', {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'De kassadag is niet geopend. Tel het beginsaldo en open eerst de dag.' },
    });
    await call(t, 'day.open', { floatMinor: 10_000 });
    const again = await call(t, 'day.open', { floatMinor: 10_000 });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(again.ok ? undefined : again.error.message).toMatch(
      /^De kassadag is al geopend \(sinds \d{4}-\d\d-\d\d \d\d:\d\d\)\. Sluit hem af met een Z-rapport voordat je een nieuwe opent\.$/,
    );
    expect(await call(t, 'day.cashMove', { kind: 'out', amountMinor: 10_001, reason: 'Naar de kluis' })).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          'Er hoort maar €\u00a0100,00 in de kassalade te zitten: tel het, en neem er niet meer uit dan erin zit.',
      },
    });
    expect(await call(t, 'day.reprintZ', { zNumber: 7 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Er is geen Z-rapport met nummer 7 op deze kassa.' },
    });
  });

  it('prints the X and Z reports in Dutch', async () => {
    const printer = await startFakePrinter();
    onTestFinished(() => printer.close());
    const t = await till(await simulator(), { ...dutch, printer: { url: printer.url } });
    await call(t, 'day.open', { floatMinor: 10_000 });
    await sellForCash(caller(t), [{ code: 'CHE-001' }], 350);

    expect(await call(t, 'day.xReport', { print: true })).toMatchObject({ ok: true, value: { kind: 'X' } });
    expect(await call(t, 'day.close', { countedCashMinor: 10_350 })).toMatchObject({ ok: true, value: { zNumber: 1 } });
    await t.printer?.settled();
    const lines = printer
      .printouts({ printsOnly: true })
      .flatMap((printout) => printout.lines.map((line) => line.trim()));

    expect(lines).toContain('X-RAPPORT - TUSSENSTAND');
    expect(lines).toContain('Z-RAPPORT nr. 1');
    expect(lines.filter((line) => /^Beginsaldo\s+100,00$/.test(line))).toHaveLength(2);
    expect(lines.filter((line) => /^Verschil\s+0,00$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /REPORT|Float|Expected|Currency/.test(line))).toEqual([]);
  });
});
