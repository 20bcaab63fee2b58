import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PrintJobViewSchema } from '../../shared/printing/print-job.ts';
import { openTillDatabase, type TillDatabase } from '../till-database/till-database.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { createPrintQueue, PRINT_QUEUE_SQL, printJobView, type PrintQueue } from './print-queue.ts';

const AT = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T10:00:30.000Z';
const MUCH_LATER = '2025-03-01T10:05:00.000Z';

function journalFile(): string {
  return path.join(tempDir(), 'journal.sqlite');
}

function open(file = journalFile()): TillDatabase {
  const database = openTillDatabase(file);
  onTestFinished(() => database.close());
  return database;
}

let sales = 0;
/** Records a completed sale, as the sale journal does, so its receipt can be queued. */
function recordSale(database: TillDatabase, receiptNumber: string): void {
  sales += 1;
  database.connection
    .prepare(
      `INSERT INTO completed_sales (sale_id, receipt_number, completed_at, currency, total_minor, record)
       VALUES (?, ?, ?, 'EUR', 350, '{}')`,
    )
    .run(`SALE-${String(sales)}`, receiptNumber, AT);
}

function queueWithSales(...receiptNumbers: string[]): { database: TillDatabase; queue: PrintQueue } {
  const database = open();
  for (const receiptNumber of receiptNumbers) recordSale(database, receiptNumber);
  return { database, queue: createPrintQueue(database) };
}

const insertRaw = (database: TillDatabase, kind: string, receiptNumber: string | null, document: string | null) =>
  database.connection
    .prepare(
      `INSERT INTO print_jobs (kind, receipt_number, title, document, status, next_try_at, created_at)
       VALUES (?, ?, 'raw', ?, 'queued', ?, ?)`,
    )
    .run(kind, receiptNumber, document, AT, AT);

describe('queuing jobs', () => {
  it("queues a sale's receipt, waiting to be printed", () => {
    const { queue } = queueWithSales('TILL-1-000001');

    const job = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);

    expect(job).toEqual({
      id: job.id,
      kind: 'receipt',
      receiptNumber: 'TILL-1-000001',
      title: 'receipt TILL-1-000001',
      document: undefined,
      status: 'queued',
      tries: 0,
      nextTryAt: AT,
      problem: undefined,
      createdAt: AT,
      printedAt: undefined,
    });
    expect(job.id).toBeGreaterThan(0);
    expect(queue.job(job.id)).toEqual(job);
  });

  it('names copies and merchant copies for the log', () => {
    const { queue } = queueWithSales('TILL-1-000001');

    expect(queue.enqueueReceipt('TILL-1-000001', 'copy', AT).title).toBe('copy of receipt TILL-1-000001');
    expect(queue.enqueueReceipt('TILL-1-000001', 'merchant_copy', AT).title).toBe(
      'merchant copy of receipt TILL-1-000001',
    );
  });

  it('queues a document with its own receiptline text and no receipt', () => {
    const { queue } = queueWithSales();

    const job = queue.enqueueDocument('test page', '"Kassa"\nTest page\n---', AT);

    expect(job).toMatchObject({
      kind: 'document',
      receiptNumber: undefined,
      title: 'test page',
      document: '"Kassa"\nTest page\n---',
      status: 'queued',
    });
    expect(queue.job(job.id)?.document).toBe('"Kassa"\nTest page\n---');
  });

  it('refuses to queue the receipt of a sale that was never recorded', () => {
    const { queue } = queueWithSales('TILL-1-000001');

    expect(() => queue.enqueueReceipt('TILL-1-999999', 'receipt', AT)).toThrow(/FOREIGN KEY/);
    expect(queue.waiting()).toEqual([]);
  });

  it('knows no job it never queued', () => {
    const { queue } = queueWithSales();

    expect(queue.job(42)).toBeUndefined();
    expect(queue.next()).toBeUndefined();
    expect(() => queue.markPrinting(42)).toThrow('No print job 42 in the journal.');
    expect(() => queue.markPrinted(42, AT)).toThrow('No print job 42 in the journal.');
    expect(() => queue.retryLater(42, 'Printer is offline.', AT)).toThrow('No print job 42 in the journal.');
  });
});

describe('working through the queue', () => {
  it('gives the oldest queued job first, in the order the sales were made', () => {
    const { queue } = queueWithSales('TILL-1-000001', 'TILL-1-000002');
    const first = queue.enqueueReceipt('TILL-1-000001', 'receipt', LATER);
    const second = queue.enqueueReceipt('TILL-1-000002', 'receipt', AT);
    const third = queue.enqueueDocument('test page', 'Test', AT);

    expect(queue.next()?.id).toBe(first.id);
    queue.markPrinting(first.id);
    expect(queue.next()?.id).toBe(second.id);
    queue.markPrinted(queue.markPrinting(second.id).id, LATER);
    expect(queue.next()?.id).toBe(third.id);
  });

  it('counts a try when printing starts and records when it printed', () => {
    const { queue } = queueWithSales('TILL-1-000001');
    const job = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);

    const printing = queue.markPrinting(job.id);
    expect(printing).toMatchObject({ status: 'printing', tries: 1, printedAt: undefined });

    const printed = queue.markPrinted(job.id, LATER);
    expect(printed).toMatchObject({ status: 'printed', tries: 1, printedAt: LATER, problem: undefined });
    expect(queue.next()).toBeUndefined();
    expect(queue.waiting()).toEqual([]);
  });

  it('keeps a job the printer did not take in the queue, saying why and when to try again', () => {
    const { queue } = queueWithSales('TILL-1-000001', 'TILL-1-000002');
    const job = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);
    const later = queue.enqueueReceipt('TILL-1-000002', 'receipt', AT);
    queue.markPrinting(job.id);

    const retry = queue.retryLater(job.id, 'Printer is out of paper: load a new roll.', MUCH_LATER);

    expect(retry).toMatchObject({
      status: 'queued',
      tries: 1,
      problem: 'Printer is out of paper: load a new roll.',
      nextTryAt: MUCH_LATER,
    });
    // Still first in line: a later sale's receipt never overtakes it.
    expect(queue.next()?.id).toBe(job.id);
    expect(queue.waiting().map(({ id }) => id)).toEqual([job.id, later.id]);

    queue.markPrinting(job.id);
    expect(queue.job(job.id)?.tries).toBe(2);
    // Printed at last: the problem is gone.
    expect(queue.markPrinted(job.id, MUCH_LATER)).toMatchObject({ status: 'printed', problem: undefined, tries: 2 });
  });

  it('lists the jobs not printed yet, queued or printing, oldest first', () => {
    const { queue } = queueWithSales('TILL-1-000001', 'TILL-1-000002', 'TILL-1-000003');
    const a = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);
    const b = queue.enqueueReceipt('TILL-1-000002', 'receipt', AT);
    const c = queue.enqueueReceipt('TILL-1-000003', 'receipt', AT);
    queue.markPrinted(queue.markPrinting(a.id).id, LATER);
    queue.markPrinting(c.id);

    expect(queue.waiting().map(({ id, status }) => [id, status])).toEqual([
      [b.id, 'queued'],
      [c.id, 'printing'],
    ]);
  });

  it('puts jobs left printing by a stop mid-job back in the queue, and only those', () => {
    const file = journalFile();
    const before = createPrintQueue(open(file));
    const database = open(file);
    recordSale(database, 'TILL-1-000001');
    const printed = before.enqueueReceipt('TILL-1-000001', 'receipt', AT);
    const interrupted = before.enqueueReceipt('TILL-1-000001', 'merchant_copy', AT);
    const queued = before.enqueueDocument('test page', 'Test', AT);
    before.markPrinted(before.markPrinting(printed.id).id, LATER);
    before.markPrinting(interrupted.id);

    // The till restarts: a new connection to the same file.
    const after = createPrintQueue(database);
    expect(after.requeueInterrupted()).toBe(1);
    expect(after.job(interrupted.id)).toMatchObject({ status: 'queued', tries: 1 });
    expect(after.job(printed.id)?.status).toBe('printed');
    expect(after.job(queued.id)?.status).toBe('queued');
    expect(after.next()?.id).toBe(interrupted.id);
    expect(after.requeueInterrupted()).toBe(0);
  });

  it('keeps every job across a restart', () => {
    const file = journalFile();
    const first = open(file);
    recordSale(first, 'TILL-1-000001');
    const job = createPrintQueue(first).enqueueReceipt('TILL-1-000001', 'receipt', AT);
    first.close();

    const reopened = createPrintQueue(open(file));

    expect(reopened.job(job.id)).toEqual(job);
    expect(reopened.next()?.id).toBe(job.id);
  });

  it("finds a receipt's jobs, printed or not, and no other receipt's", () => {
    const { queue } = queueWithSales('TILL-1-000001', 'TILL-1-000002');
    const receipt = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);
    queue.enqueueReceipt('TILL-1-000002', 'receipt', AT);
    const merchant = queue.enqueueReceipt('TILL-1-000001', 'merchant_copy', AT);
    queue.markPrinted(queue.markPrinting(receipt.id).id, LATER);
    const copy = queue.enqueueReceipt('TILL-1-000001', 'copy', MUCH_LATER);
    queue.enqueueDocument('test page', 'Test', AT);

    expect(queue.jobsForReceipt('TILL-1-000001').map(({ id, kind, status }) => [id, kind, status])).toEqual([
      [receipt.id, 'receipt', 'printed'],
      [merchant.id, 'merchant_copy', 'queued'],
      [copy.id, 'copy', 'queued'],
    ]);
    expect(queue.jobsForReceipt('TILL-1-000404')).toEqual([]);
  });

  it("is queued in the sale's transaction: rolled back with it", () => {
    const { database, queue } = queueWithSales();

    expect(() =>
      database.transaction(() => {
        recordSale(database, 'TILL-1-000007');
        queue.enqueueReceipt('TILL-1-000007', 'receipt', AT);
        throw new Error('power cut before the commit');
      }),
    ).toThrow('power cut');
    expect(queue.waiting()).toEqual([]);
    expect(queue.jobsForReceipt('TILL-1-000007')).toEqual([]);
  });
});

describe('the print_jobs table', () => {
  // A receipt job must name its receipt; a document job must carry its document.
  it('refuses a receipt job without a receipt number', () => {
    const database = open();

    for (const kind of ['receipt', 'copy', 'merchant_copy']) {
      expect(() => insertRaw(database, kind, null, null), kind).toThrow(/CHECK constraint/);
    }
  });

  it('refuses a document job without a document, or with a receipt number', () => {
    const database = open();
    recordSale(database, 'TILL-1-000001');

    expect(() => insertRaw(database, 'document', null, null)).toThrow(/CHECK constraint/);
    expect(() => insertRaw(database, 'document', 'TILL-1-000001', 'Test')).toThrow(/CHECK constraint/);
  });

  it('refuses kinds and states it does not know', () => {
    const database = open();
    recordSale(database, 'TILL-1-000001');

    expect(() => insertRaw(database, 'invoice', 'TILL-1-000001', null)).toThrow(/CHECK constraint/);
    expect(() =>
      database.connection
        .prepare(
          `INSERT INTO print_jobs (kind, receipt_number, title, status, next_try_at, created_at)
           VALUES ('receipt', 'TILL-1-000001', 't', 'lost', ?, ?)`,
        )
        .run(AT, AT),
    ).toThrow(/CHECK constraint/);
  });

  it('takes a receipt job with a recorded receipt number, and a document job with its document', () => {
    const database = open();
    recordSale(database, 'TILL-1-000001');

    expect(insertRaw(database, 'receipt', 'TILL-1-000001', null).changes).toBe(1);
    expect(insertRaw(database, 'document', null, 'Test').changes).toBe(1);
  });

  it.each(Object.entries(PRINT_QUEUE_SQL).filter(([name]) => name !== 'insert'))(
    '%s finds its rows through an index',
    (_name, sql) => {
      const plan = open()
        .connection.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((step) => String(step.detail));

      expect(plan.length).toBeGreaterThan(0);
      // "SCAN t" alone reads every row.
      expect(plan.filter((step) => /^SCAN \w+$/.test(step))).toEqual([]);
      expect(
        plan.some((step) => /^SEARCH print_jobs USING (INTEGER PRIMARY KEY|INDEX print_jobs_by_)/.test(step)),
      ).toBe(true);
    },
  );
});

describe('printJobView', () => {
  it('shows a queued job without the fields it does not have', () => {
    const { queue } = queueWithSales('TILL-1-000001');
    const job = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);

    const view = printJobView(job);

    expect(view).toStrictEqual({
      jobId: job.id,
      kind: 'receipt',
      receiptNumber: 'TILL-1-000001',
      status: 'queued',
      tries: 0,
      createdAt: AT,
    });
    expect(PrintJobViewSchema.parse(view)).toStrictEqual(view);
  });

  it('shows why a job waits, and when a job printed; never the document', () => {
    const { queue } = queueWithSales('TILL-1-000001');
    const job = queue.enqueueReceipt('TILL-1-000001', 'receipt', AT);
    queue.markPrinting(job.id);
    const waiting = printJobView(queue.retryLater(job.id, 'Printer cover is open: close it to print.', LATER));
    queue.markPrinting(job.id);
    const printed = printJobView(queue.markPrinted(job.id, MUCH_LATER));
    const document = printJobView(queue.enqueueDocument('test page', 'secret layout', AT));

    expect(waiting).toMatchObject({ status: 'queued', tries: 1, problem: 'Printer cover is open: close it to print.' });
    expect(printed).toStrictEqual({
      jobId: job.id,
      kind: 'receipt',
      receiptNumber: 'TILL-1-000001',
      status: 'printed',
      tries: 2,
      createdAt: AT,
      printedAt: MUCH_LATER,
    });
    expect(document).toStrictEqual({
      jobId: document.jobId,
      kind: 'document',
      status: 'queued',
      tries: 0,
      createdAt: AT,
    });
    for (const view of [waiting, printed, document]) expect(PrintJobViewSchema.safeParse(view).success).toBe(true);
  });
});
