import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { PrintJobViewSchema } from '../../shared/printing/print-job.ts';
import type { FinishedSale } from '../../shared/sale/completed-sale.ts';
import { SaleStepSchema } from '../../shared/sale/sale-commands.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import {
  currentSale,
  payCash,
  ringUp,
  sellForCash,
  TEST_ITEMS,
  value,
  writeTestCatalog,
  type Call,
} from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';
import type { EscPosPrintout } from './testing/escpos-decoder.ts';
import { startFakePrinter, type FakePrinter } from './testing/fake-printer.ts';
import { svgTextLines } from './testing/svg-text.ts';
import { retryPause, type PrinterTiming } from './printer-service.ts';

/**
 * Receipts from the counter to the paper: a till started from its
 * configuration, with a real journal file, a catalogue of its own and a fake
 * ESC/POS printer on loopback, driven through the router as the renderer
 * drives it (main prices the lines, the cash is handed over). What the
 * printer received is decoded and read back line by line.
 */

const context = { transport: 'in-process' } as const;

/** White bread 189 × 2 at 9 % and red wine 1 250 at 21 %: 1 628. */
const LINES = [{ code: 'BAK-001', quantity: 2 }, { code: 'WIN-001' }] as const;

/** The test catalogue and a 19.07 gift set: a card amount ending in 907 is chip-and-signature on the simulator. */
const ITEMS = [...TEST_ITEMS, { sku: 'GIF-907', name: 'Gift set', price: '19.07', vatRate: 21 }];

interface PrintingTill<P extends FakePrinter | undefined> {
  till: Till;
  printer: P;
  journal: string;
  events: MainEvent[];
}

async function printer(): Promise<FakePrinter> {
  const fake = await startFakePrinter();
  onTestFinished(() => fake.close());
  return fake;
}

/** A till printing to `fake`; without one, a till with no printer at all. */
async function printingTill<P extends FakePrinter | undefined>(
  fake: P,
  options: {
    journal?: string;
    mode?: 'training' | 'demo';
    drawer?: boolean;
    timing?: Partial<PrinterTiming>;
    language?: 'en' | 'nl';
  } = {},
): Promise<PrintingTill<P>> {
  const journal = options.journal ?? path.join(tempDir(), 'journal.sqlite');
  const config = TillConfigSchema.parse({
    store: { name: 'Corner Bakery', addressLines: ['2 Oven Row', 'Utrecht'] },
    till: { id: 'T-9', name: 'Till 9' },
    locale: 'en-GB',
    ...(options.language === undefined ? {} : { language: options.language }),
    currency: 'EUR',
    mode: options.mode ?? 'training',
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.mode === 'demo' ? {} : { payment: null }),
    journal: { path: journal },
    catalog: { path: writeTestCatalog(tempDir(), ITEMS) },
    ...(fake === undefined
      ? {}
      : {
          printer: {
            url: fake.url,
            connectTimeoutMs: 500,
            writeTimeoutMs: 1_000,
            ...(options.drawer === false ? {} : { drawer: { pin: 2, pulseMs: 100 } }),
          },
        }),
  });
  const till = await startTill(config, {
    logger: createMemoryLogger(),
    version: 'test',
    env: {},
    ...(options.timing === undefined ? {} : { printerTiming: options.timing }),
  });
  onTestFinished(() => till.close());
  const events: MainEvent[] = [];
  till.events.subscribe((event) => events.push(event));
  return { till, printer: fake, journal, events };
}

const caller =
  (till: Till): Call =>
  (channel, payload) =>
    till.router.call(channel, payload, context);

/** Rings LINES up on the till's open sale and hands `tenderedMinor` over in cash: the sale as main recorded it. */
function finish(till: Till, tenderedMinor: number): Promise<FinishedSale> {
  return sellForCash(caller(till), LINES, tenderedMinor);
}

/** The printouts that carry `receiptNumber`, decoded. */
function receiptsFor(fake: FakePrinter, receiptNumber: string): EscPosPrintout[] {
  return fake
    .printouts({ printsOnly: true })
    .filter((printout) => printout.lines.some((line) => line.includes(`Receipt ${receiptNumber}`)));
}

const trimmed = (printout: EscPosPrintout | undefined) => printout?.lines.map((line) => line.trim()) ?? [];

describe('printing a sale on a network printer', () => {
  it('kicks the drawer for cash, then prints the receipt once, with its lines, tenders, VAT and a cut', async () => {
    const { till, printer: fake } = await printingTill(await printer());

    const finished = await finish(till, 2_000);
    await till.printer?.settled();

    expect(finished.drawer).toEqual({ drawer: 'opened' });
    expect(finished.receipt).toMatchObject({ kind: 'receipt', receiptNumber: 'T-9-000001' });
    const printouts = fake.printouts({ printsOnly: true });
    // The drawer opens first, on its own connection, and never with the paper.
    expect(printouts[0]?.drawerKicks).toEqual([{ pin: 2, onMs: 100, offMs: 400 }]);
    expect(printouts[0]?.lines).toEqual([]);
    const receipts = receiptsFor(fake, 'T-9-000001');
    expect(receipts).toHaveLength(1);
    const [receipt] = receipts;
    expect(receipt?.cuts).toBe(1);
    expect(receipt?.drawerKicks).toEqual([]);
    const lines = trimmed(receipt);
    expect(lines).toContain('Corner Bakery');
    expect(lines).toContain('2 Oven Row');
    expect(lines).toContain('TRAINING - NOT A SALE');
    expect(lines).toContainEqual(expect.stringMatching(/^White bread\s+3\.78$/));
    expect(lines).toContainEqual(expect.stringMatching(/^2 x 1\.89$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Red wine\s+12\.50$/));
    expect(lines).toContainEqual(expect.stringMatching(/^TOTAL EUR\s+16\.28$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Cash\s+20\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^Change\s+3\.72$/));
    expect(lines).toContainEqual(expect.stringMatching(/^9%\s+3\.47\s+0\.31\s+3\.78$/));
    expect(lines).toContainEqual(expect.stringMatching(/^21%\s+10\.33\s+2\.17\s+12\.50$/));
    expect(lines).not.toContain('COPY');
    expect(till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([{ status: 'printed', tries: 1 }]);
    expect(till.devices.list().find((device) => device.id === 'printer')).toMatchObject({
      state: 'online',
      detail: 'Printer is ready.',
    });
  });

  it('leaves the drawer shut on a sale without cash, and says so when the till has no drawer', async () => {
    const { till, printer: fake } = await printingTill(await printer(), { drawer: false });

    const finished = await finish(till, 1_628);
    await till.printer?.settled();

    expect(finished.drawer).toEqual({ drawer: 'none' });
    expect(fake.printouts({ printsOnly: true }).flatMap((printout) => printout.drawerKicks)).toEqual([]);
    expect(receiptsFor(fake, 'T-9-000001')).toHaveLength(1);
  });

  it('keeps the receipt queued while the printer is out of paper, and prints it exactly once when paper is back', async () => {
    const fake = await printer();
    fake.setStatus({ paperEnd: true });
    const { till, events } = await printingTill(fake);

    const finished = await finish(till, 2_000);
    await till.printer?.settled();

    // An out-of-paper printer takes no drawer kick either; the cashier is told to use the key.
    expect(finished.drawer.drawer).toBe('failed');
    expect(finished.drawer.problem).toMatch(/out of paper.*Open the drawer with its key/);
    expect(fake.printouts({ printsOnly: true })).toEqual([]);
    expect(till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([
      { status: 'queued', tries: 1, problem: 'Printer is out of paper: load a new roll.' },
    ]);
    expect(till.devices.list().find((device) => device.id === 'printer')).toMatchObject({
      state: 'offline',
      detail: 'Printer is out of paper: load a new roll. 1 receipt is waiting to print.',
    });

    fake.setStatus({ paperEnd: false });
    const answer = await till.router.call('printer.retry', {}, context);
    expect(answer.ok).toBe(true);
    await till.printer?.settled();
    // Asked again, nothing prints twice.
    till.printer?.wake();
    await till.printer?.settled();

    expect(receiptsFor(fake, 'T-9-000001')).toHaveLength(1);
    expect(till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([{ status: 'printed', tries: 2 }]);
    const statuses = events.flatMap((event) =>
      event.type === 'print.job' && event.job.kind === 'receipt' ? [event.job.status] : [],
    );
    expect(statuses).toEqual(['printing', 'queued', 'printing', 'printed']);
    expect(till.devices.list().find((device) => device.id === 'printer')).toMatchObject({ state: 'online' });
  });

  it('prints a receipt left in the queue by a till that stopped while the printer was off', async () => {
    const fake = await printer();
    await fake.powerOff();
    const first = await printingTill(fake);
    await finish(first.till, 2_000);
    await first.till.printer?.settled();
    expect(first.till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([
      { status: 'queued', problem: expect.stringMatching(/does not answer/) as unknown },
    ]);
    await first.till.close();

    await fake.powerOn();
    const second = await printingTill(fake, { journal: first.journal });
    await second.till.printer?.settled();

    expect(receiptsFor(fake, 'T-9-000001')).toHaveLength(1);
    expect(second.till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([{ status: 'printed' }]);
  });

  it('waits longer after each failure, and tries again on its own', async () => {
    const fake = await printer();
    fake.setStatus({ coverOpen: true });
    const { till } = await printingTill(fake, { drawer: false, timing: { firstRetryMs: 20, maxRetryMs: 80 } });
    const retries: number[] = [];
    const fourFailures = new Promise<void>((resolve) => {
      till.events.subscribe((event) => {
        if (event.type !== 'print.job' || event.job.status !== 'queued' || event.job.problem === undefined) return;
        const job = till.books?.printQueue.job(event.job.jobId);
        if (job === undefined) return;
        retries.push(Date.parse(job.nextTryAt));
        if (retries.length === 4) {
          fake.setStatus({ coverOpen: false });
          resolve();
        }
      });
    });
    // Rung up first, so the clock starts when the cash is handed over and the receipt first tries to print.
    const sale = await ringUp(caller(till), LINES);
    const failedAt = Date.now();

    await payCash(caller(till), sale.saleId, 2_000);
    await fourFailures;
    await new Promise<void>((resolve) => {
      till.events.subscribe((event) => {
        if (event.type === 'print.job' && event.job.status === 'printed') resolve();
      });
    });

    // Each next try is at least the pause after the previous one: 20, then 40, 80, and 80 (the cap) ms.
    expect((retries[0] ?? 0) - failedAt).toBeGreaterThanOrEqual(20);
    const gaps = retries.slice(1).map((at, index) => at - (retries[index] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);
    expect(gaps[2]).toBeGreaterThanOrEqual(80);
    expect(receiptsFor(fake, 'T-9-000001')).toHaveLength(1);
  });
});

describe('the pause between tries', () => {
  it('doubles from 2 s after each failure and stops growing at 30 s', () => {
    const timing = { firstRetryMs: 2_000, maxRetryMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 50].map((failures) => retryPause(failures, timing))).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('reprints, previews and the drawer', () => {
  it('prints a copy marked COPY on request, and refuses a receipt the till never issued', async () => {
    const { till, printer: fake } = await printingTill(await printer());
    await finish(till, 1_628);

    const answer = await till.router.call('receipts.reprint', { receiptNumber: 'T-9-000001' }, context);
    await till.printer?.settled();

    expect(PrintJobViewSchema.parse(answer.ok ? answer.value : undefined)).toMatchObject({ kind: 'copy' });
    const printed = receiptsFor(fake, 'T-9-000001');
    expect(printed).toHaveLength(2);
    expect(trimmed(printed[0])).not.toContain('COPY');
    expect(trimmed(printed[1]).filter((line) => line === 'COPY')).toHaveLength(2);
    expect(await till.router.call('receipts.reprint', { receiptNumber: 'T-9-000042' }, context)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await till.router.call('receipts.jobs', { receiptNumber: 'T-9-000001' }, context)).toMatchObject({
      ok: true,
      value: [
        { kind: 'receipt', status: 'printed' },
        { kind: 'copy', status: 'printed' },
      ],
    });
  });

  it('tells a Dutch cashier in Dutch that a receipt is not on this till, or not a receipt number', async () => {
    const { till } = await printingTill(await printer(), { language: 'nl' });
    await finish(till, 1_628);

    expect(await till.router.call('receipts.reprint', { receiptNumber: 'T-9-000042' }, context)).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message:
          'Er is geen bon T-9-000042 op deze kassa. Controleer het nummer op de bon; een bon van een andere kassa is alleen daar te vinden.',
      },
    });
    expect(await till.router.call('receipts.preview', { receiptNumber: 'bon twee' }, context)).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          '“bon twee” is geen bonnummer. Typ het nummer dat onder de bon staat, of alleen de laatste cijfers (R en de cijfers voor een terugbetaling).',
      },
    });
    expect(await till.router.call('journal.sale', { receiptNumber: 'T-9-000042' }, context)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Er is geen bon T-9-000042 op deze kassa.' },
    });
  });

  it('draws the preview from the same document, with no web font to fetch', async () => {
    const { till } = await printingTill(await printer());
    await finish(till, 1_628);

    const answer = await till.router.call('receipts.preview', { receiptNumber: 'T-9-000001' }, context);

    const svg = z.object({ svg: z.string() }).parse(answer.ok ? answer.value : undefined).svg;
    expect(svg).toMatch(/^<svg /);
    expect(svg).not.toMatch(/@import|googleapis/);
    const lines = svgTextLines(svg);
    expect(lines).toContain('White bread 3.78');
    expect(lines).toContain('Receipt T-9-000001');

    // The cashier may type the number short (this till's), with its zeros, or in any case.
    for (const typed of ['1', '000001', 't-9-000001', ' T-9-1 ']) {
      const found = await till.router.call('receipts.preview', { receiptNumber: typed }, context);
      expect(found).toMatchObject({ ok: true, value: { receiptNumber: 'T-9-000001' } });
    }
    expect(await till.router.call('receipts.preview', { receiptNumber: 'ticket 1' }, context)).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          '“ticket 1” is not a receipt number. Type the number printed under the receipt, or just its last digits (R and the digits for a refund).',
      },
    });
  });

  it('opens the drawer without a sale only with a reason, and writes it to the audit log', async () => {
    const { till, printer: fake } = await printingTill(await printer());

    expect(await till.router.call('drawer.open', { reason: 'x' }, context)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const answer = await till.router.call('drawer.open', { reason: 'Change for the float' }, context);

    expect(answer).toEqual({ ok: true, value: { drawer: 'opened' } });
    expect(fake.printouts({ printsOnly: true }).flatMap((printout) => printout.drawerKicks)).toHaveLength(1);
    expect(till.books?.audit.recent(5)).toMatchObject([
      { action: 'drawer.opened_without_sale', reason: 'Change for the float', detail: { outcome: 'opened' } },
    ]);
  });

  it('answers reprints and the drawer with UNAVAILABLE on a till without a printer, and still draws previews', async () => {
    const { till } = await printingTill(undefined);
    await finish(till, 1_628);

    expect(await till.router.call('receipts.reprint', { receiptNumber: 'T-9-000001' }, context)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(await till.router.call('drawer.open', { reason: 'Count the float' }, context)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(await till.router.call('receipts.preview', { receiptNumber: 'T-9-000001' }, context)).toMatchObject({
      ok: true,
    });
    expect(till.books?.printQueue.waiting()).toEqual([]);
  });
});

describe('a Dutch till', () => {
  it('tells the cashier about a printer out of paper, its queued receipt and the drawer in Dutch', async () => {
    const fake = await printer();
    fake.setStatus({ paperEnd: true });
    const { till } = await printingTill(fake, { language: 'nl' });

    const finished = await finish(till, 2_000);
    await till.printer?.settled();

    expect(finished.drawer.problem).toBe(
      'De kassalade ging niet open. De bonprinter heeft geen papier meer: plaats een nieuwe rol. Open de lade met de sleutel.',
    );
    expect(till.printer?.jobsForReceipt('T-9-000001')).toMatchObject([
      { status: 'queued', problem: 'De bonprinter heeft geen papier meer: plaats een nieuwe rol.' },
    ]);
    expect(till.devices.list().find((device) => device.id === 'printer')).toMatchObject({
      state: 'offline',
      detail: 'De bonprinter heeft geen papier meer: plaats een nieuwe rol. Er wacht 1 bon om afgedrukt te worden.',
    });
  });

  it('refuses a reprint and the drawer in Dutch when it has no printer, and says so on the status bar', async () => {
    const { till } = await printingTill(undefined, { language: 'nl' });
    await finish(till, 1_628);

    expect(await till.router.call('receipts.reprint', { receiptNumber: 'T-9-000001' }, context)).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'Er is geen bonprinter ingesteld op deze kassa. Laat de klant de bon op het scherm zien.',
      },
    });
    expect(await till.router.call('drawer.open', { reason: 'Count the float' }, context)).toEqual({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: 'Er is geen kassalade aangesloten op deze kassa: open de lade met de sleutel.',
      },
    });
    expect(till.devices.list().find((device) => device.id === 'printer')).toMatchObject({
      state: 'not_configured',
      detail: 'Er is geen bonprinter ingesteld op deze kassa: bonnen worden op het scherm getoond.',
    });
  });
});

describe('card receipts', () => {
  it("prints the terminal's customer copy on the receipt, and a merchant copy to sign when the card asks", async () => {
    const { till, printer: fake } = await printingTill(await printer(), { mode: 'demo' });
    const call = caller(till);
    const sale = await ringUp(call, [{ code: 'GIF-907' }]);
    // The card pays all that is due, 19.07: an amount ending in 907, so the simulated card is chip-and-signature.
    const started = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    expect(started.amountMinor).toBe(1_907);
    expect((await till.payments?.service.whenSettled(started.attemptId))?.state).toBe('approved');
    // Paid in full by the card: main records the sale by itself, and the till moves on to the next one.
    await expect.poll(async () => (await currentSale(call)).saleId).not.toBe(sale.saleId);

    const answer = SaleStepSchema.parse(value(await call('sales.complete', { saleId: sale.saleId }), 'complete'));
    await till.printer?.settled();

    expect(answer.finished).toMatchObject({
      sale: {
        receiptNumber: 'T-9-000001',
        tenders: [{ kind: 'card', attemptId: started.attemptId, amountMinor: 1_907 }],
      },
      drawer: { drawer: 'not_needed' },
    });
    const printed = receiptsFor(fake, 'T-9-000001');
    expect(printed).toHaveLength(2);
    const customer = trimmed(printed[0]);
    expect(customer).toContain('CARDHOLDER COPY');
    expect(customer).toContain('APPROVED');
    expect(customer).toContainEqual(expect.stringMatching(/^TOTAL\s+EUR 19\.07$/));
    expect(customer).not.toContain('MERCHANT COPY');
    const merchant = trimmed(printed[1]);
    expect(merchant).toContain('MERCHANT COPY');
    expect(merchant).toContain('Cardholder signature');
    expect(merchant).toContain('_'.repeat(28));
    expect(printed.every((printout) => printout.cuts === 1)).toBe(true);
  }, 20_000);
});
