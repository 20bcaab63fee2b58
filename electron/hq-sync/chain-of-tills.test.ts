import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { DayReportSchema, type DayReport } from '../../shared/till-day/day-report.ts';
import { RefundViewSchema } from '../../shared/refunds/refund.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { openHqStore } from '../hq/postgres-store.ts';
import type { HqStore } from '../hq/hq-store.ts';
import { issueEnrolmentCode } from '../hq/server/hq-admin.ts';
import { startHqServer, type HqServer } from '../hq/server/hq-server.ts';
import { startTestPostgres, HQ_ENGINES, type HqEngine, type TestPostgres } from '../hq/testing/test-postgres.ts';
import { sellForCash, value, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * A chain of 50 tills (ten shops of five) selling against one HQ while HQ is
 * stopped and started and, on a PostgreSQL server, the server is restarted
 * under them. Each till is a whole till (its own journal file, its services,
 * its router), enrolled by the one-time code in its configuration, pushing
 * with its own sync worker over real HTTP. At the end every sale, refund and
 * Z report is at HQ exactly once, and HQ's takings per till equal the till's
 * own Z report to the cent.
 *
 * The tills' pauses are shortened (a look every 200 ms, backoff from 100 ms
 * up to 1 s) so the outage costs the test seconds, not a shop's minutes.
 */

const SHOPS = 10;
const TILLS_PER_SHOP = 5;
const context = { transport: 'in-process' } as const;
const SESSION_SECRET = 'chain-test-session-secret-of-32-chars-or-more';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

interface ChainTill {
  readonly till: Till;
  readonly call: Call;
  readonly key: string;
}

/** HQ on one port for the whole test, so the tills' configured address stays right across its restarts. */
async function startHq(engine: HqEngine, port: number) {
  const postgres: TestPostgres | undefined = engine === 'postgresql' ? await startTestPostgres() : undefined;
  const dataDir = engine === 'pglite' ? tempDir('kassa-hq-chain-') : undefined;
  const open = () =>
    openHqStore(postgres === undefined ? { dataDir: dataDir ?? '', timeZone: 'UTC' } : { database: postgres.url });
  const logger = createMemoryLogger();
  let store: HqStore = await open();
  let server: HqServer | undefined;
  const serve = async () => {
    server = await startHqServer({
      store,
      logger,
      config: {
        listen: `127.0.0.1:${port}`,
        timeZone: 'UTC',
        enrolmentCodeDays: 7,
        sessionSecret: SESSION_SECRET,
        webhooks: {},
      },
    });
  };
  await serve();
  const hq = {
    get store() {
      return store;
    },
    postgres,
    /** HQ goes away altogether: its listener, and (embedded) its database with it. */
    async stop() {
      await server?.close();
      server = undefined;
      // The embedded engine lives in HQ's process: HQ stopped is the database closed too.
      if (postgres === undefined) await store.close();
    },
    async start() {
      if (postgres === undefined) store = await open();
      await serve();
    },
    async dispose() {
      await server?.close();
      await store.close();
      await postgres?.dispose();
    },
  };
  onTestFinished(() => hq.dispose());
  return hq;
}

async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function openChain(hqUrl: string, store: HqStore): Promise<ChainTill[]> {
  const tills: ChainTill[] = [];
  for (let shop = 1; shop <= SHOPS; shop += 1) {
    const shopId = `S-${String(shop).padStart(2, '0')}`;
    for (let number = 1; number <= TILLS_PER_SHOP; number += 1) {
      const { code } = await issueEnrolmentCode(store, {
        shopId,
        shopName: `Shop ${String(shop)}`,
        days: 1,
        now: new Date(),
      });
      const dir = tempDir('kassa-chain-till-');
      const tillId = `T-${String(number)}`;
      const config = TillConfigSchema.parse({
        store: { name: `Shop ${String(shop)}`, addressLines: [] },
        till: { id: tillId, name: `Till ${String(number)}` },
        locale: 'en-GB',
        currency: 'EUR',
        mode: 'live',
        payment: null,
        online: null,
        journal: { path: path.join(dir, 'journal.sqlite') },
        catalog: { path: writeTestCatalog(dir) },
        hq: { url: hqUrl, enrolmentCode: code },
      });
      const till = await startTill(config, {
        logger: createMemoryLogger(),
        version: 'chain-test',
        env: { KASSA_DATA_DIR: dir },
        hqTiming: { pushEveryMs: 200, heartbeatMs: 2_000, firstRetryMs: 100, maxRetryMs: 1_000 },
      });
      onTestFinished(() => till.close());
      tills.push({
        till,
        call: (channel, payload) => till.router.call(channel, payload, context),
        key: `${shopId}/${tillId}`,
      });
    }
  }
  return tills;
}

/** A round of trade on every till at once: two cash sales of different baskets. */
async function tradeRound(tills: readonly ChainTill[], round: number): Promise<void> {
  await Promise.all(
    tills.map(async ({ call }, index) => {
      await sellForCash(call, [{ code: 'BAK-001', quantity: 1 + ((index + round) % 3) }]);
      await sellForCash(call, [{ code: 'WIN-001' }, { code: 'CHE-001', quantity: 1 + (index % 2) }]);
    }),
  );
}

/** Every third till gives back one loaf of its first sale, and takes 5.00 out of the drawer. */
async function refundsAndCash(tills: readonly ChainTill[]): Promise<void> {
  await Promise.all(
    tills.map(async ({ call }, index) => {
      if (index % 3 !== 0) return;
      const { sale } = await sellForCash(call, [{ code: 'BAK-001', quantity: 2 }]);
      const refund = RefundViewSchema.parse(
        value(
          await call('refunds.start', {
            receiptNumber: sale.receiptNumber,
            lines: [{ lineIndex: 0, quantity: 1 }],
            reason: 'Stale bread',
          }),
          'refunds.start',
        ),
      );
      expect(refund.state).toBe('completed');
      value(await call('day.cashMove', { kind: 'out', amountMinor: 500, reason: 'To the bank' }), 'day.cashMove');
    }),
  );
}

async function closeDays(tills: readonly ChainTill[]): Promise<Map<string, DayReport>> {
  const reports = new Map<string, DayReport>();
  await Promise.all(
    tills.map(async ({ call, key }) => {
      const x = DayReportSchema.parse(value(await call('day.xReport', {}), 'day.xReport'));
      const z = DayReportSchema.parse(
        value(await call('day.close', { countedCashMinor: x.cash.expectedMinor }), 'day.close'),
      );
      reports.set(key, z);
    }),
  );
  return reports;
}

describe.each(HQ_ENGINES)('a chain of %s-backed HQ', (engine) => {
  it('gets every sale, refund and Z report of 50 tills exactly once across HQ and database restarts, to the cent', async () => {
    const port = await freePort();
    const hq = await startHq(engine, port);
    const tills = await openChain(`http://127.0.0.1:${String(port)}`, hq.store);
    await until('every till has enrolled', () =>
      tills.every(({ till }) => till.hq?.worker.view().problem === undefined),
    );

    await tradeRound(tills, 1);
    // HQ goes away while the shops trade on: nothing is lost, it waits on the tills.
    await hq.stop();
    await tradeRound(tills, 2);
    await refundsAndCash(tills);
    await until('the tills notice HQ is away', () =>
      tills.some(({ till }) => till.hq?.worker.view().problem === 'unreachable'),
    );
    await hq.start();
    // The database restarts under HQ while the tills push and sell.
    const trading = tradeRound(tills, 3);
    if (hq.postgres !== undefined) await hq.postgres.restart();
    await trading;
    const zReports = await closeDays(tills);

    await until(
      'every till has pushed everything',
      () => tills.every(({ till }) => till.hq?.worker.view().waiting === 0),
      180_000,
    );

    const range = { from: '2000-01-01', to: '2100-12-31' };
    const byTill = await hq.store.takingsByTill(range);
    const zAtHq = await hq.store.zReports(range);
    expect(byTill).toHaveLength(tills.length);
    expect(zAtHq).toHaveLength(tills.length);
    let chainNet = 0;
    for (const { key } of tills) {
      const z = zReports.get(key);
      if (z === undefined) throw new Error(`no Z for ${key}`);
      chainNet += z.netTakingsMinor;
      const rows = byTill.filter((row) => row.tillKey === key);
      const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
      // Exactly once: the counts match the till's own, so nothing was lost and nothing doubled.
      expect({ key, sales: sum((row) => row.salesCount), refunds: sum((row) => row.refundsCount) }).toEqual({
        key,
        sales: z.sales.count,
        refunds: z.refunds.count,
      });
      expect(sum((row) => row.netMinor)).toBe(z.netTakingsMinor);
      expect(sum((row) => row.cashMinor)).toBe(z.tenders.find((line) => line.kind === 'cash')?.netMinor);
      expect(zAtHq.filter((row) => row.tillKey === key).map((row) => row.netTakingsMinor)).toEqual([z.netTakingsMinor]);
    }
    const byShop = await hq.store.takingsByShop(range);
    expect(byShop.reduce((total, row) => total + row.netMinor, 0)).toBe(chainNet);
    expect(chainNet).toBeGreaterThan(0);
  }, 300_000);
});
