import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { openTillDatabase } from '../electron/till-database/till-database.ts';
import type { CatalogItem } from '../shared/catalog/catalog-item.ts';
import { cartTotals, type CartLine } from '../shared/sale/cart.ts';
import {
  CompletedSaleSchema,
  recordedLine,
  type CompletedSale,
  type RecordedTender,
} from '../shared/sale/completed-sale.ts';
import { seededRandom } from './seeded-random.ts';
import { cashTender } from '../shared/sale/tenders.ts';
import { dayReport, DayReportSchema, zReport, type TillDay } from '../shared/till-day/day-report.ts';

/**
 * A till's journal after years of trading, written straight into a fresh file
 * with the real schema (`openTillDatabase` runs every migration): completed
 * sales with records as `sale-book.ts` writes them, the payment book's
 * rows behind each card tender (sale, tender, approved attempt with its card,
 * its three events), and one till day per `salesPerDay` sales: every day closed
 * under its Z number with the Z report summed by the same `dayReport` the till
 * uses, except the last, which is left open.
 *
 * The records are made on a worker thread (`journal-fixture-worker.ts`) while
 * this thread writes them, all in one transaction with the rollback journal in
 * memory and no syncs, with ids that arrive in key order (`timeOrderedId`): a
 * million sales take about half a minute. The file is left in WAL mode, as the
 * till keeps it.
 */

export interface JournalFixtureOptions {
  file: string;
  tillId: string;
  days: number;
  salesPerDay: number;
  /** What the sales sell: the till's catalogue. */
  items: readonly CatalogItem[];
  seed?: number;
}

export interface JournalSummary {
  saleCount: number;
  cardSaleCount: number;
  /** Receipts of the open (last) day paid in cash alone, to refund. */
  openDayCashReceipts: string[];
  /** Totals that occur in the journal, to search by amount. */
  sampleTotals: number[];
  /** Card last four digits that occur, to search by card. */
  sampleLast4: string[];
}

export interface JournalFixture extends JournalSummary {
  file: string;
  bytes: number;
  generationMs: number;
}

type Row = SQLInputValue[];

/** One till day's rows, in the order of the insert statements below. */
export interface DayRows {
  day: Row;
  sales: Row[];
  paymentSales: Row[];
  tenders: Row[];
  attempts: Row[];
  events: Row[];
  z: Row | undefined;
}

export type WorkerMessage = { kind: 'day'; rows: DayRows } | { kind: 'done'; summary: JournalSummary };

/** Each table's insert, as its head and one row's values; rows go in `BATCH` at a time. */
const INSERTS: Record<keyof DayRows, readonly [head: string, values: string]> = {
  day: [
    'INSERT INTO till_days (seq, mode, opened_at, opened_by, float_minor, float_counted, closed_at, z_number)',
    "(?, 'live', ?, 'manager', ?, 1, ?, ?)",
  ],
  sales: [
    'INSERT INTO completed_sales (sale_id, receipt_number, completed_at, currency, total_minor, record, day_seq)',
    "(?, ?, ?, 'EUR', ?, ?, ?)",
  ],
  paymentSales: ['INSERT INTO sales (id, currency, total_minor, created_at)', "(?, 'EUR', ?, ?)"],
  tenders: [
    'INSERT INTO tenders (id, sale_id, method, requested_minor, amount_minor, created_at)',
    "(?, ?, 'card', ?, ?, ?)",
  ],
  attempts: [
    `INSERT INTO payment_attempts (id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
      sale_transaction_id, amount_minor, currency, delivery, kind, state, authorised_minor, terminal_reference,
      card_brand, card_last4, card_auth_code, poi_transaction, created_at, updated_at)`,
    "(?, ?, ?, 'adyen', ?, ?, ?, ?, ?, 'EUR', 'sync', 'payment', 'approved', ?, ?, ?, ?, ?, ?, ?, ?)",
  ],
  events: ['INSERT INTO attempt_events (attempt_id, at, from_state, to_state, detail)', '(?, ?, ?, ?, ?)'],
  z: ['INSERT INTO z_reports (mode, z_number, day_seq, closed_at, record)', "('live', ?, ?, ?, ?)"],
};
const BATCH = 50;

function writer(database: DatabaseSync, [head, values]: readonly [string, string]): (rows: readonly Row[]) => void {
  const one = database.prepare(`${head} VALUES ${values}`);
  const many = database.prepare(`${head} VALUES ${Array.from({ length: BATCH }, () => values).join(', ')}`);
  return (rows) => {
    let done = 0;
    for (; done + BATCH <= rows.length; done += BATCH) many.run(...rows.slice(done, done + BATCH).flat());
    for (const row of rows.slice(done)) one.run(...row);
  };
}

/** Days the worker may have made ahead of the writer: enough to keep both threads busy, not the whole journal. */
const AHEAD = 4;

/** Writes the journal; resolves when the file is complete and closed. */
export async function generateJournal(options: JournalFixtureOptions): Promise<JournalFixture> {
  const started = performance.now();
  const database = openTillDatabase(options.file).connection;
  // For the generation only: the rollback journal in memory (a new file has next to nothing to roll
  // back, and WAL would write every page twice), no syncs, and a page cache of up to 1 GB (given
  // back at close).
  database.exec('PRAGMA journal_mode = DELETE');
  const mode = database.prepare('PRAGMA journal_mode = MEMORY').get()?.journal_mode;
  if (mode !== 'memory') {
    database.close();
    throw new Error(`the bench journal could not leave WAL to be generated (${String(mode)})`);
  }
  database.exec('PRAGMA synchronous = OFF');
  database.exec('PRAGMA cache_size = -1048576');
  const write = Object.fromEntries(
    Object.entries(INSERTS).map(([name, insert]) => [name, writer(database, insert)]),
  ) as Record<keyof DayRows, (rows: readonly Row[]) => void>;

  database.exec('BEGIN');
  try {
    const summary = await new Promise<JournalSummary>((resolve, reject) => {
      const worker = new Worker(new URL('./journal-fixture-worker.ts', import.meta.url), {
        workerData: { ...options, ahead: AHEAD },
      });
      worker.on('message', (message: WorkerMessage) => {
        try {
          if (message.kind === 'done') {
            resolve(message.summary);
            return;
          }
          const { rows } = message;
          write.day([rows.day]);
          write.sales(rows.sales);
          write.paymentSales(rows.paymentSales);
          write.tenders(rows.tenders);
          write.attempts(rows.attempts);
          write.events(rows.events);
          if (rows.z !== undefined) write.z([rows.z]);
          worker.postMessage('written');
        } catch (error) {
          void worker.terminate();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`the journal generator stopped with ${String(code)}`));
      });
    });
    database.exec('COMMIT');
    // Back to the way the till keeps its journal.
    database.exec('PRAGMA journal_mode = WAL');
    // So the bench never measures garbage: records read back from the file pass the till's own schema.
    const count = Number(database.prepare('SELECT COUNT(*) AS n FROM completed_sales').get()?.n);
    if (count !== summary.saleCount)
      throw new Error(`the bench journal holds ${count} sales, not ${summary.saleCount}`);
    const read = database.prepare('SELECT record FROM completed_sales WHERE seq = ?');
    for (let i = 0; i < 20; i += 1) {
      const seq = 1 + Math.floor((i * (summary.saleCount - 1)) / 19);
      CompletedSaleSchema.parse(JSON.parse(String(read.get(seq)?.record)));
    }
    database.close();
    return {
      ...summary,
      file: options.file,
      bytes: statSync(options.file).size,
      generationMs: performance.now() - started,
    };
  } catch (error) {
    if (database.isTransaction) database.exec('ROLLBACK');
    database.close();
    throw error;
  }
}

const DAY_MS = 86_400_000;
/** The first day opens at 08:00 UTC on Monday 2 January 2023; a day trades for ten hours. */
const FIRST_DAY = Date.UTC(2023, 0, 2, 8, 0, 0);
const TRADING_MS = 10 * 3_600_000;
const FLOAT_MINOR = 15_000;
const TERMINAL = 'P400Plus-275008001';
const BRANDS = ['mc', 'visa', 'maestro', 'visa', 'mc'] as const;

export function receiptNumberOf(tillId: string, seq: number): string {
  return `${tillId}-${String(seq).padStart(6, '0')}`;
}

/**
 * A UUID as the till makes them (36 characters, random), but version 7: it
 * starts with the time it was made, so the journal's keys arrive in order and
 * its indexes grow at their end, as a B-tree fills fastest. The file comes out
 * the same size to within a few per cent (only the id indexes are packed tighter).
 */
function timeOrderedId(ms: number, counter: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${(counter & 0xfff).toString(16).padStart(3, '0')}-${random.slice(19)}`;
}

/**
 * The journal's rows, day by day, then a summary of what is in it. Pure: no
 * file, so it runs on the worker. Amounts, items and cards follow a seeded
 * generator.
 */
export function* journalDays(
  options: Omit<JournalFixtureOptions, 'file'>,
): Generator<DayRows, JournalSummary, undefined> {
  const { tillId, days, salesPerDay, items } = options;
  const sellable = items.filter((item) => item.priceMinor > 0);
  if (sellable.length < 5) throw new Error('the bench journal needs a catalogue of at least 5 priced items');
  const random = seededRandom(options.seed ?? 20_240_601);
  const int = (below: number) => Math.floor(random() * below);
  const digits = (count: number) => String(int(10 ** count)).padStart(count, '0');
  const iso = (ms: number) => new Date(ms).toISOString();

  let seq = 0;
  let serviceNumber = 0;
  const summary: JournalSummary = {
    saleCount: 0,
    cardSaleCount: 0,
    openDayCashReceipts: [],
    sampleTotals: [],
    sampleLast4: [],
  };
  const validateEvery = Math.max(1, Math.floor((days * salesPerDay) / 200));

  let idCounter = 0;
  const newId = (ms: number) => timeOrderedId(ms, (idCounter += 1));

  const saleLines = (ms: number): CartLine[] => {
    const roll = random();
    const count = roll < 0.35 ? 1 : roll < 0.6 ? 2 : roll < 0.8 ? 3 : roll < 0.92 ? 4 : 5;
    const lines: CartLine[] = [];
    const skus = new Set<string>();
    while (lines.length < count) {
      const item = sellable[int(sellable.length)];
      if (item === undefined || skus.has(item.sku)) continue;
      skus.add(item.sku);
      const q = random();
      const line: CartLine = {
        lineId: newId(ms),
        sku: item.sku,
        name: item.name,
        unitPriceMinor: item.priceMinor,
        quantity: q < 0.75 ? 1 : q < 0.9 ? 2 : q < 0.97 ? 3 : 4 + int(3),
        vatBasisPoints: item.vatBasisPoints,
      };
      const d = random();
      if (d < 0.03) line.discount = { kind: 'percent', basisPoints: 1_000 };
      else if (d < 0.04 && item.priceMinor > 50) line.discount = { kind: 'amount', minor: 50 };
      lines.push(line);
    }
    return lines;
  };

  const cashFor = (due: number): RecordedTender => {
    if (random() < 0.3) return cashTender(due, due);
    const step = [500, 1_000, 2_000, 5_000, 10_000][int(5)] ?? 1_000;
    return cashTender(due, Math.ceil(due / step) * step);
  };

  for (let day = 1; day <= days; day += 1) {
    const open = day === days;
    const openedMs = FIRST_DAY + (day - 1) * DAY_MS;
    const openedAt = iso(openedMs);
    const closedAt = iso(openedMs + TRADING_MS + 3_600_000);
    const rows: DayRows = {
      day: [day, openedAt, FLOAT_MINOR, open ? null : closedAt, open ? null : day],
      sales: [],
      paymentSales: [],
      tenders: [],
      attempts: [],
      events: [],
      z: undefined,
    };
    const daySales: CompletedSale[] = [];
    const gapMs = TRADING_MS / salesPerDay;

    for (let n = 0; n < salesPerDay; n += 1) {
      seq += 1;
      const completedMs = openedMs + 300_000 + Math.floor(n * gapMs);
      const saleId = newId(completedMs);
      const completedAt = iso(completedMs);
      const lines = saleLines(completedMs);
      const totals = cartTotals({ saleId, currency: 'EUR', lines });
      const tenders: RecordedTender[] = [];
      const byCard = random() < 0.6;
      if (byCard) {
        // One in thirty card sales is split: a note in cash first, the rest on the card.
        const cashPart = random() < 1 / 30 && totals.totalMinor > 1_000 ? 500 : 0;
        const cardMinor = totals.totalMinor - cashPart;
        const attemptId = newId(completedMs);
        const tenderId = newId(completedMs);
        serviceNumber += 1;
        const serviceId = serviceNumber.toString(36).toUpperCase();
        const last4 = digits(4);
        const brand = BRANDS[int(BRANDS.length)] ?? 'mc';
        const authCode = digits(6);
        const reference = `${digits(8)}${digits(8)}.${digits(8)}${digits(8)}`;
        const createdAt = iso(completedMs - 21_000);
        const sentAt = iso(completedMs - 20_000);
        const approvedAt = iso(completedMs - 2_000);
        rows.paymentSales.push([saleId, totals.totalMinor, createdAt]);
        rows.tenders.push([tenderId, saleId, cardMinor, cardMinor, createdAt]);
        rows.attempts.push([
          attemptId,
          tenderId,
          saleId,
          TERMINAL,
          tillId,
          serviceId,
          saleId,
          cardMinor,
          cardMinor,
          reference,
          brand,
          last4,
          authCode,
          JSON.stringify({ transactionId: reference.slice(17), timeStamp: approvedAt }),
          createdAt,
          approvedAt,
        ]);
        rows.events.push(
          [attemptId, createdAt, null, 'created', JSON.stringify({ serviceId })],
          [attemptId, sentAt, 'created', 'sent', '{}'],
          [
            attemptId,
            approvedAt,
            'sent',
            'approved',
            JSON.stringify({ source: 'terminal', terminalReference: reference }),
          ],
        );
        tenders.push({
          kind: 'card',
          attemptId,
          amountMinor: cardMinor,
          terminalReference: reference,
          card: { brand, last4, authCode },
        });
        if (cashPart > 0) tenders.push(cashTender(cashPart, cashPart));
        summary.cardSaleCount += 1;
        if (summary.sampleLast4.length < 1_000) summary.sampleLast4.push(last4);
      } else {
        tenders.push(cashFor(totals.totalMinor));
      }
      // As sale-book.ts records a sale: cards first, then cash.
      const sale: CompletedSale = {
        saleId,
        receiptNumber: receiptNumberOf(tillId, seq),
        completedAt,
        tillId,
        currency: 'EUR',
        lines: lines.map(recordedLine),
        totalMinor: totals.totalMinor,
        discountMinor: totals.discountMinor,
        itemCount: totals.itemCount,
        vat: totals.vat,
        tenders,
        changeMinor: tenders.reduce((sum, tender) => sum + (tender.kind === 'cash' ? tender.changeMinor : 0), 0),
      };
      // So the bench never measures garbage: the till's own schema accepts what is written.
      if (seq % validateEvery === 1) CompletedSaleSchema.parse(sale);
      rows.sales.push([saleId, sale.receiptNumber, completedAt, sale.totalMinor, JSON.stringify(sale), day]);
      daySales.push(sale);
      if (summary.sampleTotals.length < 1_000 && random() < 0.01) summary.sampleTotals.push(sale.totalMinor);
      if (open && !byCard && summary.openDayCashReceipts.length < 20) {
        summary.openDayCashReceipts.push(sale.receiptNumber);
      }
    }

    if (!open) {
      const tillDay: TillDay = {
        dayNumber: day,
        mode: 'live',
        openedAt,
        openedBy: 'manager',
        floatMinor: FLOAT_MINOR,
        floatCounted: true,
      };
      const x = dayReport({
        tillId,
        currency: 'EUR',
        day: tillDay,
        sales: daySales,
        refunds: [],
        cashMoves: [],
        voids: { count: 0, totalMinor: 0 },
        generatedAt: closedAt,
      });
      // Now and then the drawer is a euro short.
      const z = zReport(x, day, x.cash.expectedMinor - (int(10) === 0 ? 100 : 0), 'manager');
      if (day % 250 === 1) DayReportSchema.parse(z);
      rows.z = [day, day, closedAt, JSON.stringify(z)];
    }
    yield rows;
  }
  summary.saleCount = seq;
  return summary;
}
