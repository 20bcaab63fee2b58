import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { SyncItem, TillStatus } from '../shared/hq/hq-contract.ts';
import type { CompletedSale } from '../shared/sale/completed-sale.ts';
import { localClock } from '../electron/hq/database/business-day.ts';
import { pgPoolClient } from '../electron/hq/database/sql-client.ts';
import { openHqStore } from '../electron/hq/postgres-store.ts';
import { pushRows } from '../electron/hq/push-rows.ts';
import { issueEnrolmentCode } from '../electron/hq/server/hq-admin.ts';
import { startTestPostgres } from '../electron/hq/testing/postgres-server.ts';
import { createHqClient, type HqClient } from '../electron/hq-sync/hq-client.ts';
import { summarise, type Sample } from './measure.ts';

/**
 * Kassa HQ under a chain's load: 200 tills pushing at once to one HQ (its own
 * process, `kassa hq serve`, as deployed) on one PostgreSQL server of the
 * machine's (durable: fsync and synchronous commit on), all on this 2-core
 * machine with the load itself.
 *
 * - Throughput: every till has 100 sales queued (the morning after an outage)
 *   and pushes them as its sync worker does, in order, a batch at a time;
 *   sales per second from the first push to the last answer. Against it, the
 *   same rows written by one bulk INSERT per table into the same server: the
 *   most the database itself can take, with no HTTP, no checks, no tills.
 * - Lag: the tills then trade steadily (1,000 sales a second across the
 *   chain) and each pushes whatever it has as soon as its previous push is
 *   answered, as the worker does when woken; lag is from a sale being
 *   recorded to HQ's answer that holds it.
 * - HQ's memory: the peak resident set of the HQ process over both.
 *
 * The tills speak through the till's own client (electron/hq-sync/hq-client.ts).
 */

export interface HqSyncFigures {
  readonly tills: number;
  readonly sales: number;
  readonly batch: number;
  readonly salesPerSecond: number;
  readonly bulkSalesPerSecond: number;
  readonly lag: Sample;
  readonly steadyRatePerSecond: number;
  readonly hqPeakRssMb: number;
}

const TILLS = 200;
const SALES_PER_TILL = 100;
const BATCH = 50;
const STEADY_RATE_PER_SECOND = 1_000;
const STEADY_SECONDS = 10;
const SESSION_SECRET = 'bench-session-secret-of-thirty-two-chars';

const STATUS: TillStatus = {
  appVersion: 'bench',
  printer: { health: 'ok' },
  terminal: { health: 'ok' },
  waiting: 0,
  routes: [],
};

/** A three-line sale as a till records it: two VAT rates, card or cash. */
function sale(tillId: string, seq: number, at: string): SyncItem {
  const lines = [
    { lineId: 'l1', sku: 'BAK-001', name: 'White bread', unitPriceMinor: 189, quantity: 2, vatBasisPoints: 900 },
    { lineId: 'l2', sku: 'WIN-001', name: 'Red wine', unitPriceMinor: 1_250, quantity: 1, vatBasisPoints: 2_100 },
    { lineId: 'l3', sku: 'CHE-001', name: 'Cheese', unitPriceMinor: 350, quantity: 1, vatBasisPoints: 900 },
  ].map((line) => ({ ...line, totalMinor: line.unitPriceMinor * line.quantity, discountMinor: 0 }));
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  const record: CompletedSale = {
    saleId: `${tillId}-sale-${String(seq)}`,
    receiptNumber: `${tillId}-${String(seq).padStart(6, '0')}`,
    completedAt: at,
    tillId,
    currency: 'EUR',
    lines,
    totalMinor,
    discountMinor: 0,
    itemCount: 4,
    vat: [
      { vatBasisPoints: 900, grossMinor: 728, vatMinor: 60, netMinor: 668 },
      { vatBasisPoints: 2_100, grossMinor: 1_250, vatMinor: 217, netMinor: 1_033 },
    ],
    tenders:
      seq % 2 === 0
        ? [{ kind: 'card', attemptId: `${tillId}-attempt-${String(seq)}`, amountMinor: totalMinor }]
        : [{ kind: 'cash', tenderedMinor: 2_000, amountMinor: totalMinor, changeMinor: 2_000 - totalMinor }],
    changeMinor: seq % 2 === 0 ? 0 : 2_000 - totalMinor,
  };
  return { seq, kind: 'sale', at, mode: 'live', payload: record };
}

/** `kassa hq serve` on the server, as IT runs it: answers where it listens. */
async function startHqProcess(database: string): Promise<{ child: ChildProcess; url: string }> {
  const root = path.join(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    [path.join(root, 'electron/cli/kassa.ts'), 'hq', 'serve', '--database', database, '--listen', '127.0.0.1:0'],
    { env: { ...process.env, KASSA_HQ_SESSION_SECRET: SESSION_SECRET, KASSA_LOG_LEVEL: 'error' }, stdio: 'pipe' },
  );
  child.stderr.resume();
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kassa hq serve exited with ${String(code)}`)));
    lines.on('line', (line) => {
      const found = /listening on (http:\/\/\S+)/.exec(line);
      if (found?.[1] !== undefined) resolve(found[1].replace(/[.,]$/, ''));
    });
  });
  return { child, url };
}

/** The HQ process's high-water resident set (Linux), in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function enrolTills(url: string, database: string): Promise<HqClient[]> {
  const store = await openHqStore({ database });
  const clients: HqClient[] = [];
  try {
    for (let index = 0; index < TILLS; index += 1) {
      const shopId = `S-${String(Math.floor(index / 5) + 1).padStart(3, '0')}`;
      const { code } = await issueEnrolmentCode(store, { shopId, shopName: shopId, days: 1, now: new Date() });
      const enrolling = createHqClient({ url, token: () => undefined });
      const answer = await enrolling.enrol({
        code,
        tillId: `T-${String((index % 5) + 1)}`,
        tillName: 'Till',
        appVersion: 'bench',
      });
      if (answer.kind !== 'ok') throw new Error(`enrolment refused: ${JSON.stringify(answer)}`);
      const { token } = answer.value;
      clients.push(createHqClient({ url, token: () => token, timeoutMs: 60_000 }));
    }
  } finally {
    await store.close();
  }
  return clients;
}

async function pushOrThrow(client: HqClient, items: SyncItem[]): Promise<void> {
  const answer = await client.push({ items, status: { ...STATUS } });
  if (answer.kind !== 'ok') throw new Error(`push refused: ${JSON.stringify(answer)}`);
}

/** The same sale rows written straight into the same server: one INSERT per table, in one transaction. */
async function bulkInsert(database: string, backlog: readonly (readonly SyncItem[])[]): Promise<number> {
  const client = pgPoolClient(database, { maxConnections: 1 });
  try {
    // Rows as HQ builds them, each till under a key of its own beside the tills that pushed them.
    const clock = localClock('UTC');
    const sales: object[] = [];
    const vatLines: object[] = [];
    backlog.forEach((items, index) => {
      const rows = pushRows(items, clock);
      const keys = { till_key: `BULK/T-${String(index)}`, shop_id: 'BULK' };
      for (const row of rows.sales) sales.push({ ...row, ...keys });
      for (const row of rows.vat_lines) vatLines.push({ ...row, ...keys });
    });
    const started = performance.now();
    await client.transaction(async (tx) => {
      await tx.query('INSERT INTO sales SELECT * FROM json_populate_recordset(NULL::sales, $1::json)', [
        JSON.stringify(sales),
      ]);
      await tx.query('INSERT INTO vat_lines SELECT * FROM json_populate_recordset(NULL::vat_lines, $1::json)', [
        JSON.stringify(vatLines),
      ]);
    });
    return (sales.length / (performance.now() - started)) * 1000;
  } finally {
    await client.close();
  }
}

export async function measureHqSync(): Promise<HqSyncFigures> {
  const postgres = await startTestPostgres({ durable: true, maxConnections: 100 });
  let hq: ChildProcess | undefined;
  try {
    const database = postgres.url;
    const started = await startHqProcess(database);
    hq = started.child;
    const clients = await enrolTills(started.url, database);

    // Throughput: a backlog of 100 sales on every till, pushed in order, a batch at a time, all tills at once.
    const now = Date.now();
    const backlog = clients.map((_, index) =>
      Array.from({ length: SALES_PER_TILL }, (__, n) =>
        sale(`T${String(index)}`, n + 1, new Date(now - (SALES_PER_TILL - n) * 1_000).toISOString()),
      ),
    );
    const throughputStart = performance.now();
    await Promise.all(
      clients.map(async (client, index) => {
        const items = backlog[index] ?? [];
        for (let from = 0; from < items.length; from += BATCH)
          await pushOrThrow(client, items.slice(from, from + BATCH));
      }),
    );
    const salesPerSecond = ((TILLS * SALES_PER_TILL) / (performance.now() - throughputStart)) * 1000;

    // Lag: steady trade across the chain; each till pushes what it has once its last push is answered.
    const lags: number[] = [];
    const perTillIntervalMs = (TILLS / STEADY_RATE_PER_SECOND) * 1000;
    const endAt = performance.now() + STEADY_SECONDS * 1000;
    await Promise.all(
      clients.map(async (client, index) => {
        let seq = SALES_PER_TILL;
        const queue: { item: SyncItem; recordedAt: number }[] = [];
        // Tills are out of step with each other, as shops are.
        let nextSaleAt = performance.now() + Math.random() * perTillIntervalMs;
        while (performance.now() < endAt || queue.length > 0) {
          const wall = performance.now();
          while (nextSaleAt <= wall && nextSaleAt < endAt) {
            seq += 1;
            queue.push({ item: sale(`T${String(index)}`, seq, new Date().toISOString()), recordedAt: nextSaleAt });
            nextSaleAt += perTillIntervalMs;
          }
          if (queue.length === 0) {
            await new Promise((resolve) => setTimeout(resolve, Math.max(1, nextSaleAt - performance.now())));
            continue;
          }
          const sending = queue.splice(0, 500);
          await pushOrThrow(
            client,
            sending.map((entry) => entry.item),
          );
          const answeredAt = performance.now();
          for (const entry of sending) lags.push(answeredAt - entry.recordedAt);
        }
      }),
    );
    const hqPeakRssMb = peakRssMb(hq.pid ?? 0);

    const bulkSalesPerSecond = await bulkInsert(database, backlog);
    return {
      tills: TILLS,
      sales: TILLS * SALES_PER_TILL,
      batch: BATCH,
      salesPerSecond,
      bulkSalesPerSecond,
      lag: summarise(lags, STEADY_SECONDS * 1000),
      steadyRatePerSecond: STEADY_RATE_PER_SECOND,
      hqPeakRssMb,
    };
  } finally {
    hq?.kill('SIGTERM');
    await postgres.dispose();
  }
}
