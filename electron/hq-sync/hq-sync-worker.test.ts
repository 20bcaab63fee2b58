import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_PUSH_ITEMS } from '../../shared/hq/hq-contract.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { closedPort } from '../doctor/testing.ts';
import type { TillBooks } from '../till-books.ts';
import { createHqClient } from './hq-client.ts';
import { createHqLinkBook, type HqLink } from './hq-link.ts';
import { createHqOutbox } from './hq-outbox.ts';
import { startHqSyncWorker, type HqSyncWorker, type TillStatusWithoutBacklog } from './hq-sync-worker.ts';
import { DOUBLE_TOKEN, startHqDouble, type HqDouble } from './testing/hq-double.ts';
import { manualTimers, type ManualTimers } from './testing/manual-timers.ts';

/**
 * The sync worker against the tests' HQ double over real HTTP on loopback,
 * with the till's journal on a real file. Pauses are fired by hand
 * (manualTimers) and time is a variable, so a week of retries takes no time
 * and no test sleeps.
 */

const AT = Date.parse('2026-12-01T10:00:00.000Z');

const LINK: HqLink = {
  tillKey: 'AMS-01/T-1',
  shopId: 'AMS-01',
  shopName: 'Amsterdam',
  enrolledAt: '2026-12-01T09:00:00.000Z',
  hqUrl: 'http://hq.example',
  mode: 'live',
};

const STATUS: TillStatusWithoutBacklog = {
  appVersion: '1.2.3-test',
  printer: { health: 'ok' },
  terminal: { health: 'none' },
  routes: [],
};

const TIMING = { pushEveryMs: 5_000, heartbeatMs: 60_000, firstRetryMs: 5_000, maxRetryMs: 300_000 };

interface Rig {
  books: TillBooks;
  hq: HqDouble;
  timers: ManualTimers;
  worker: HqSyncWorker;
  logger: ReturnType<typeof createMemoryLogger>;
  clock: { ms: number };
  /** Queues `count` audit records as the triggers would. */
  record(count: number): void;
  waiting(): number;
}

async function rig(options: { url?: string; linked?: boolean; waiting?: number } = {}): Promise<Rig> {
  const hq = await startHqDouble();
  const books = openTestBooks(path.join(tempDir(), 'journal.sqlite'));
  const clock = { ms: AT };
  if (options.linked !== false) createHqLinkBook(books.database).enrol(LINK);
  const insert = books.database.connection.prepare(
    "INSERT INTO hq_outbox (kind, at, mode, payload) VALUES ('audit', ?, 'live', ?)",
  );
  let audits = 0;
  const record = (count: number) =>
    books.transaction(() => {
      for (let n = 0; n < count; n += 1) {
        audits += 1;
        const at = new Date(AT + audits).toISOString();
        insert.run(
          at,
          JSON.stringify({ seq: audits, at, action: 'cash.moved', actor: null, reason: null, detail: {} }),
        );
      }
    });
  record(options.waiting ?? 0);
  const timers = manualTimers();
  const logger = createMemoryLogger();
  const worker = startHqSyncWorker({
    client: createHqClient({ url: options.url ?? hq.url, token: () => DOUBLE_TOKEN }),
    outbox: createHqOutbox(books.database),
    link: createHqLinkBook(books.database),
    status: () => STATUS,
    logger,
    clock: { now: () => new Date(clock.ms) },
    timers,
    // The full pause, no jitter: the pauses read as the doubling they are.
    random: () => 1,
    timing: TIMING,
  });
  onTestFinished(async () => {
    await worker.close();
    books.close();
    await hq.close();
  });
  const waiting = () => createHqOutbox(books.database).waiting().count;
  return { books, hq, timers, worker, logger, clock, record, waiting };
}

/** Until the worker has done all it can now: it then waits on one pause. */
async function settled(r: Rig): Promise<void> {
  await expect.poll(() => r.timers.pending.length).toBe(1);
}

describe('pushing', () => {
  it('sends what waits in order, in batches the contract allows, and forgets it once HQ holds it', async () => {
    const r = await rig({ waiting: MAX_PUSH_ITEMS * 2 + 30 });
    await settled(r);

    expect(r.hq.pushes.map((push) => push.items.length)).toEqual([MAX_PUSH_ITEMS, MAX_PUSH_ITEMS, 30]);
    const seqs = r.hq.pushes.flatMap((push) => push.items.map((item) => item.seq));
    expect(seqs).toEqual(Array.from({ length: MAX_PUSH_ITEMS * 2 + 30 }, (_, index) => index + 1));
    // Each push says how many were still queued behind it.
    expect(r.hq.pushes.map((push) => push.status.waiting)).toEqual([MAX_PUSH_ITEMS + 30, 30, 0]);
    expect(r.waiting()).toBe(0);
    expect(r.worker.view()).toMatchObject({ waiting: 0, lastSyncedAt: '2026-12-01T10:00:00.000Z' });
    expect(r.timers.pending).toEqual([{ ms: TIMING.pushEveryMs }]);
  });

  it('pushes a record at once when woken, and looks again every few seconds', async () => {
    const r = await rig();
    await settled(r);
    // The first look: nothing waits, so HQ hears the till is alive.
    expect(r.hq.pushes).toEqual([expect.objectContaining({ items: [] })]);

    r.record(1);
    r.worker.wake();
    await expect.poll(() => r.hq.pushes.length).toBe(2);
    await settled(r);
    expect(r.hq.pushes[1]?.items.map((item) => item.seq)).toEqual([1]);

    r.record(2);
    r.timers.fire();
    await expect.poll(() => r.hq.pushes.length).toBe(3);
    await settled(r);
    expect(r.hq.pushes[2]?.items.map((item) => item.seq)).toEqual([2, 3]);
  });

  it('tells HQ a quiet till is alive once a minute, and no more often', async () => {
    const r = await rig();
    await settled(r);
    for (let tick = 1; tick < 12; tick += 1) {
      r.clock.ms += TIMING.pushEveryMs;
      r.timers.fire();
      await settled(r);
    }
    expect(r.hq.pushes).toHaveLength(1);

    r.clock.ms += TIMING.pushEveryMs;
    r.timers.fire();
    await expect.poll(() => r.hq.pushes.length).toBe(2);
    expect(r.hq.pushes[1]).toMatchObject({ items: [], status: { appVersion: '1.2.3-test', waiting: 0 } });
  });
});

describe('when HQ fails', () => {
  it('backs off, doubling, on server errors, does not knock at every sale, and catches up after', async () => {
    const r = await rig({ waiting: 3 });
    r.hq.failPushes('unavailable', 3);
    await settled(r);
    expect(r.timers.pending).toEqual([{ ms: 5_000 }]);
    expect(r.worker.view()).toMatchObject({ problem: 'hq_error', waiting: 3 });

    // A sale during the pause is counted on the light, not pushed.
    r.record(1);
    r.worker.wake();
    expect(r.worker.view()).toMatchObject({ waiting: 4 });
    expect(r.hq.pushes).toHaveLength(1);

    r.timers.fire();
    await expect.poll(() => r.timers.pending).toEqual([{ ms: 10_000 }]);
    r.timers.fire();
    await expect.poll(() => r.timers.pending).toEqual([{ ms: 20_000 }]);
    r.timers.fire();
    await expect.poll(() => r.timers.pending).toEqual([{ ms: TIMING.pushEveryMs }]);

    expect(r.hq.pushes).toHaveLength(4);
    expect([...r.hq.held.keys()]).toEqual([1, 2, 3, 4]);
    expect(r.worker.view()).toEqual({ waiting: 0, lastSyncedAt: '2026-12-01T10:00:00.000Z' });
    expect(r.logger.lines.filter((line) => line.msg === 'hq.sync_failed' && line.level === 'warn')).toHaveLength(1);
    expect(r.logger.lines).toContainEqual(expect.objectContaining({ msg: 'hq.sync_recovered', failures: 3 }));
  });

  it('backs off up to five minutes while HQ refuses the connection, keeping everything', async () => {
    const r = await rig({ url: `http://127.0.0.1:${String(await closedPort())}`, waiting: 2 });
    const pauses: number[] = [];
    for (let failure = 1; failure <= 8; failure += 1) {
      await settled(r);
      pauses.push(r.timers.pending[0]?.ms ?? 0);
      r.timers.fire();
    }
    expect(pauses).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    expect(r.worker.view()).toMatchObject({ problem: 'unreachable', waiting: 2 });
    expect(createHqOutbox(r.books.database).state().problemDetail).toMatch(/refused the connection/);
  });

  it('sends a batch again when its answer was lost, and HQ keeps each record once', async () => {
    const r = await rig({ waiting: 3 });
    r.hq.failPushes('lose_answer');
    await settled(r);
    expect(r.worker.view()).toMatchObject({ problem: 'unreachable', waiting: 3 });

    r.timers.fire();
    await expect.poll(() => r.waiting()).toBe(0);
    expect(r.hq.pushes.map((push) => push.items.map((item) => item.seq))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect([...r.hq.held.keys()]).toEqual([1, 2, 3]);
  });

  it('stops when HQ revokes the till, says so, and starts again once the till is enrolled anew', async () => {
    const r = await rig({ waiting: 1 });
    r.hq.revoke();
    await settled(r);
    expect(r.worker.view()).toMatchObject({ problem: 'revoked', waiting: 1 });
    expect(r.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'hq.revoked' }));

    // Nothing more is sent: not when woken, not when the pause (a look for a new enrolment) ends.
    r.record(1);
    r.worker.wake();
    r.timers.fire();
    await settled(r);
    expect(r.hq.pushes).toHaveLength(1);
    expect(r.worker.view()).toMatchObject({ problem: 'revoked', waiting: 2 });

    r.hq.reinstate();
    createHqLinkBook(r.books.database).enrol({ ...LINK, enrolledAt: '2026-12-02T09:00:00.000Z' });
    r.timers.fire();
    await expect.poll(() => r.waiting()).toBe(0);
    expect([...r.hq.held.keys()]).toEqual([1, 2]);
    expect(r.worker.view().problem).toBeUndefined();
    expect(r.logger.lines).toContainEqual(expect.objectContaining({ msg: 'hq.enrolled_again' }));
  });
});
