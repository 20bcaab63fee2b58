import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SyncItem } from '../../shared/hq/hq-contract.ts';
import type { CompletedRefund } from '../../shared/refunds/refund.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { dayReport, type DayReport } from '../../shared/till-day/day-report.ts';
import { migrate } from './database/hq-schema.ts';
import { rowsOf, SqlUnavailableError, type SqlClient } from './database/sql-client.ts';
import type { HqStore, TillIdentity } from './hq-store.ts';
import { createPostgresStore, HqBadPushError, openHqStore } from './postgres-store.ts';
import {
  attentionItem,
  refundRecord,
  saleRecord,
  syncItem,
  tillStatus,
  zReportRecord,
  type LineSpec,
} from './testing/hq-records.ts';
import { HQ_ENGINES, openTestStore, startTestPostgres } from './testing/test-postgres.ts';

const NOW = '2025-03-14T18:00:00.000Z';
const DAY = { from: '2025-03-14', to: '2025-03-14' };
const FAR_FUTURE = '2099-01-01T00:00:00.000Z';

let codes = 0;
async function enrol(store: HqStore, shopId: string, tillId: string): Promise<TillIdentity> {
  await store.addShop({ shopId, shopName: `Shop ${shopId}` });
  codes += 1;
  const code = codes;
  const codeHash = `code-${code}`;
  await store.addEnrolmentCode({ codeHash, shopId, expiresAt: FAR_FUTURE, createdAt: NOW });
  const outcome = await store.redeemEnrolmentCode({
    codeHash,
    tillId,
    tillName: `Till ${tillId}`,
    tokenHash: `token-${code}`,
    now: NOW,
  });
  if (outcome.kind !== 'enrolled') throw new Error(`could not enrol ${shopId}/${tillId}: ${outcome.kind}`);
  return { tillKey: outcome.tillKey, shopId, tillId };
}

async function count(sql: SqlClient, table: string): Promise<number> {
  const [row] = rowsOf(z.object({ n: z.number() }), await sql.query(`SELECT count(*) AS n FROM ${table}`));
  return row?.n ?? -1;
}

const coffee = (quantity = 1): LineSpec => ({ priceMinor: 350, vatBasisPoints: 900, quantity });
const wine = (quantity = 1): LineSpec => ({ priceMinor: 1299, vatBasisPoints: 2100, quantity });

/** A sale at 10:00 on the 14th, numbered by its sequence. */
function saleItem(seq: number, options: { mode?: SyncItem['mode']; completedAt?: string } = {}): SyncItem {
  const sale = saleRecord({
    receiptNumber: `T1-${seq}`,
    completedAt: options.completedAt ?? '2025-03-14T10:00:00.000Z',
    lines: [coffee(2), wine()],
    pay: { cardMinor: 1000 },
  });
  return syncItem(seq, 'sale', sale, options.mode === undefined ? {} : { mode: options.mode });
}

// The embedded engine starts slowly (its first cluster takes seconds), and a shared CI machine is slower still.
describe.each(HQ_ENGINES)('the HQ store on %s', { timeout: 60_000 }, (engine) => {
  it('migrates twice, and from two instances at once, without harm', async () => {
    const { store, sql } = await openTestStore(engine, { migrate: false });
    await Promise.all([store.migrate(), migrate(sql)]);
    await store.migrate();
    expect(await count(sql, 'hq_schema_versions')).toBe(1);
    const till = await enrol(store, 'AMS-01', 'T1');
    expect(await store.push(till, [saleItem(1)], tillStatus(), NOW)).toBe(1);
  });

  it('refuses to run with another time zone than the one its business days were kept in', async () => {
    const { store, sql } = await openTestStore(engine, { timeZone: 'Europe/Amsterdam' });
    await expect(createPostgresStore(sql, { timeZone: 'UTC' }).migrate()).rejects.toThrow(/Europe\/Amsterdam/);
    await store.migrate();
  });

  it('spends an enrolment code once, and never on a till that is already enrolled', async () => {
    const { store } = await openTestStore(engine);
    await store.addShop({ shopId: 'AMS-01', shopName: 'Amsterdam Centraal' });
    await store.addEnrolmentCode({ codeHash: 'c1', shopId: 'AMS-01', expiresAt: FAR_FUTURE, createdAt: NOW });
    await store.addEnrolmentCode({ codeHash: 'c2', shopId: 'AMS-01', expiresAt: FAR_FUTURE, createdAt: NOW });
    await store.addEnrolmentCode({
      codeHash: 'old',
      shopId: 'AMS-01',
      expiresAt: '2025-03-14T17:59:59.000Z',
      createdAt: '2025-03-07T17:59:59.000Z',
    });
    const request = { tillId: 'T-2', tillName: 'Front', now: NOW };

    expect(await store.redeemEnrolmentCode({ ...request, codeHash: 'c1', tokenHash: 'tok-1' })).toEqual({
      kind: 'enrolled',
      tillKey: 'AMS-01/T-2',
      shopId: 'AMS-01',
      shopName: 'Amsterdam Centraal',
    });
    expect(await store.redeemEnrolmentCode({ ...request, tillId: 'T-3', codeHash: 'c1', tokenHash: 'tok-x' })).toEqual({
      kind: 'code_used',
    });
    expect(await store.redeemEnrolmentCode({ ...request, tillId: 'T-3', codeHash: 'old', tokenHash: 'tok-x' })).toEqual(
      { kind: 'code_expired' },
    );
    expect(await store.redeemEnrolmentCode({ ...request, codeHash: 'nope', tokenHash: 'tok-x' })).toEqual({
      kind: 'code_unknown',
    });
    // The same till id in the same shop is taken, and the code it tried stays good for another till.
    expect(await store.redeemEnrolmentCode({ ...request, codeHash: 'c2', tokenHash: 'tok-2' })).toEqual({
      kind: 'till_taken',
    });
    expect(await store.redeemEnrolmentCode({ ...request, tillId: 'T-3', codeHash: 'c2', tokenHash: 'tok-3' })).toEqual(
      expect.objectContaining({ kind: 'enrolled', tillKey: 'AMS-01/T-3' }),
    );
    expect((await store.tills()).map((till) => till.tillKey)).toEqual(['AMS-01/T-2', 'AMS-01/T-3']);
  });

  it('finds a till by its token, and revokes it; a revoked till enrols again under its key with a new token', async () => {
    const { store } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    expect(await store.tillByToken(`token-${codes}`)).toEqual({ ...till, revoked: false });
    const oldToken = `token-${codes}`;
    expect(await store.tillByToken('token-nobody')).toBeUndefined();

    expect(await store.revokeTill(till.tillKey, NOW)).toBe(true);
    expect(await store.revokeTill('AMS-01/T9', NOW)).toBe(false);
    expect(await store.tillByToken(oldToken)).toEqual({ ...till, revoked: true });
    expect((await store.tills())[0]?.revokedAt).toBe(NOW);

    await store.addEnrolmentCode({ codeHash: 'again', shopId: 'AMS-01', expiresAt: FAR_FUTURE, createdAt: NOW });
    const again = await store.redeemEnrolmentCode({
      codeHash: 'again',
      tillId: 'T1',
      tillName: 'Till T1',
      tokenHash: 'token-new',
      now: NOW,
    });
    expect(again).toEqual(expect.objectContaining({ kind: 'enrolled', tillKey: till.tillKey }));
    expect(await store.tillByToken('token-new')).toEqual({ ...till, revoked: false });
    expect(await store.tillByToken(oldToken)).toBeUndefined();
  });

  it('writes each record once however often, and in whatever order, its batch is sent', async () => {
    const { store, sql } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const first = [1, 2, 3].map((seq) => saleItem(seq));
    const overlapping = [3, 4, 5].map((seq) => saleItem(seq));

    expect(await store.push(till, first, tillStatus(), NOW)).toBe(3);
    expect(await store.push(till, first, tillStatus(), NOW)).toBe(3);
    expect(await store.push(till, overlapping, tillStatus(), NOW)).toBe(5);
    // An answer that got lost: the till sends its older batch again after the newer one went in.
    expect(await store.push(till, first, tillStatus(), NOW)).toBe(5);
    expect(await store.push(till, [], tillStatus(), NOW)).toBe(5);

    expect(await count(sql, 'sales')).toBe(5);
    expect(await count(sql, 'vat_lines')).toBe(10);
    const [row] = await store.takingsByTill(DAY);
    expect(row).toEqual(expect.objectContaining({ salesCount: 5, salesMinor: 5 * 1999, netMinor: 5 * 1999 }));
  });

  it('refuses a batch with a bad record, naming it, and writes nothing of that batch', async () => {
    const { store, sql } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const bad = syncItem(3, 'refund', { refundId: 'r-1', totalMinor: 'lots' });

    const push = store.push(till, [saleItem(1), saleItem(2), bad], tillStatus(['P400-1']), NOW);
    await expect(push).rejects.toThrow(HqBadPushError);
    await expect(push).rejects.toMatchObject({ name: 'HqBadPushError', seq: 3, kind: 'refund' });
    await expect(store.push(till, [syncItem(1, 'z_report', { kind: 'X' })], tillStatus(), NOW)).rejects.toMatchObject({
      seq: 1,
      kind: 'z_report',
    });
    await expect(store.push(till, [saleItem(1), saleItem(1)], tillStatus(), NOW)).rejects.toMatchObject({
      name: 'HqBadPushError',
      seq: 1,
    });

    expect(await count(sql, 'sales')).toBe(0);
    expect(await count(sql, 'till_routes')).toBe(0);
    expect((await store.tills())[0]).toEqual(expect.objectContaining({ lastSyncAt: null, status: null }));
    expect(await store.push(till, [], tillStatus(), NOW)).toBe(0);
  });

  it('sums takings by shop, till and day exactly as the till’s own day report does', async () => {
    const { store, sql } = await openTestStore(engine, { timeZone: 'Europe/Amsterdam' });
    const tills = [await enrol(store, 'A', '1'), await enrol(store, 'A', '2'), await enrol(store, 'B', '1')];
    // January, so Amsterdam is UTC+1 throughout: a record's local day and hour are its UTC time plus an hour.
    const start = Date.parse('2025-01-14T00:00:00.000Z');
    const local = (at: string) => new Date(Date.parse(at) + 3_600_000);
    const line = fc.record({
      priceMinor: fc.integer({ min: 1, max: 20_000 }),
      vatBasisPoints: fc.constantFrom(0, 900, 2100),
      quantity: fc.integer({ min: 1, max: 3 }),
    });
    const what = fc.oneof(
      fc.record({
        kind: fc.constant('sale' as const),
        lines: fc.array(line, { minLength: 1, maxLength: 3 }),
        cardMinor: fc.integer({ min: 0, max: 30_000 }),
        linkMinor: fc.integer({ min: 0, max: 30_000 }),
      }),
      fc.record({
        kind: fc.constant('refund' as const),
        gross: fc.array(fc.tuple(fc.constantFrom(0, 900, 2100), fc.integer({ min: 1, max: 5_000 })), {
          minLength: 1,
          maxLength: 2,
        }),
        to: fc.array(fc.constantFrom('cash' as const, 'card' as const, 'online' as const), {
          minLength: 1,
          maxLength: 2,
        }),
      }),
    );
    const record = fc.record({
      till: fc.nat(tills.length - 1),
      minute: fc.integer({ min: 0, max: 3 * 24 * 60 - 1 }),
      mode: fc.constantFrom('live', 'live', 'live', 'training', 'demo'),
      what,
    });

    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 30 }), async (records) => {
        await sql.query('TRUNCATE sales, refunds, vat_lines');
        const batches = tills.map(() => [] as SyncItem[]);
        const live: { till: TillIdentity; day: string; sale?: CompletedSale; refund?: CompletedRefund }[] = [];
        for (const [index, spec] of records.entries()) {
          const till = tills[spec.till] ?? tills[0];
          const batch = batches[spec.till];
          if (till === undefined || batch === undefined) throw new Error('no such till');
          const at = new Date(start + spec.minute * 60_000).toISOString();
          const number = `${till.tillId}-${index}`;
          const sale =
            spec.what.kind === 'sale'
              ? saleRecord({ receiptNumber: number, completedAt: at, lines: spec.what.lines, pay: spec.what })
              : undefined;
          const refund =
            spec.what.kind === 'refund'
              ? refundRecord({
                  refundNumber: number,
                  completedAt: at,
                  grossByRate: new Map(spec.what.gross),
                  to: spec.what.to,
                })
              : undefined;
          const payload = sale ?? refund;
          if (payload === undefined) throw new Error('neither sale nor refund');
          batch.push(syncItem(batch.length + 1, sale ? 'sale' : 'refund', payload, { mode: spec.mode }));
          if (spec.mode === 'live') {
            live.push({
              till,
              day: local(at).toISOString().slice(0, 10),
              ...(sale ? { sale } : {}),
              ...(refund ? { refund } : {}),
            });
          }
        }
        for (const [index, batch] of batches.entries()) {
          const till = tills[index];
          if (till === undefined) continue;
          // Two pushes, so a day's records come in more than one batch.
          const half = Math.ceil(batch.length / 2);
          await store.push(till, batch.slice(0, half), tillStatus(), '2025-01-16T12:00:00.000Z');
          await store.push(till, batch.slice(half), tillStatus(), '2025-01-16T12:00:00.000Z');
        }

        const report = (rows: typeof live): DayReport =>
          dayReport({
            tillId: 'any',
            currency: 'EUR',
            day: { dayNumber: 1, mode: 'live', openedAt: NOW, floatMinor: 0, floatCounted: true },
            sales: rows.flatMap((row) => (row.sale ? [row.sale] : [])),
            refunds: rows.flatMap((row) => (row.refund ? [row.refund] : [])),
            cashMoves: [],
            voids: { count: 0, totalMinor: 0 },
            generatedAt: NOW,
          });
        const takings = (rows: typeof live) => {
          const figures = report(rows);
          const net = (kind: string) => figures.tenders.find((tender) => tender.kind === kind)?.netMinor ?? 0;
          return {
            currency: 'EUR',
            salesCount: figures.sales.count,
            salesMinor: figures.sales.totalMinor,
            refundsCount: figures.refunds.count,
            refundsMinor: figures.refunds.totalMinor,
            netMinor: figures.netTakingsMinor,
            cashMinor: net('cash'),
            cardMinor: net('card'),
            linkMinor: net('link'),
            onlineMinor: net('online'),
          };
        };
        const groups = (key: (row: (typeof live)[number]) => string) => {
          const byKey = new Map<string, typeof live>();
          for (const row of live) byKey.set(key(row), [...(byKey.get(key(row)) ?? []), row]);
          return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
        };
        const range = { from: '2025-01-01', to: '2025-01-31' };
        const sortBy = <Row>(rows: Row[], key: (row: Row) => string) =>
          rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

        expect(sortBy(await store.takingsByShop(range), (row) => `${row.day} ${row.shopId}`)).toEqual(
          groups((row) => `${row.day} ${row.till.shopId}`).map(([, rows]) => ({
            shopId: rows[0]?.till.shopId,
            shopName: `Shop ${rows[0]?.till.shopId ?? ''}`,
            day: rows[0]?.day,
            ...takings(rows),
          })),
        );
        expect(sortBy(await store.takingsByTill(range), (row) => `${row.day} ${row.tillKey ?? ''}`)).toEqual(
          groups((row) => `${row.day} ${row.till.tillKey}`).map(([, rows]) => ({
            shopId: rows[0]?.till.shopId,
            shopName: `Shop ${rows[0]?.till.shopId ?? ''}`,
            tillKey: rows[0]?.till.tillKey,
            day: rows[0]?.day,
            ...takings(rows),
          })),
        );
        expect(
          sortBy(await store.vatByShop(range), (row) => `${row.day} ${row.shopId} ${String(row.vatBasisPoints + 1e5)}`),
        ).toEqual(
          groups((row) => `${row.day} ${row.till.shopId}`).flatMap(([, rows]) =>
            report(rows).vat.map((vat) => ({
              shopId: rows[0]?.till.shopId,
              day: rows[0]?.day,
              currency: 'EUR',
              ...vat,
            })),
          ),
        );
        const byHour = new Map<number, number>();
        for (const row of live) {
          const hour = local(row.sale?.completedAt ?? row.refund?.completedAt ?? '').getUTCHours();
          byHour.set(hour, (byHour.get(hour) ?? 0) + (row.sale?.totalMinor ?? 0) - (row.refund?.totalMinor ?? 0));
        }
        expect(await store.takingsByHour(range)).toEqual(
          [...byHour.entries()]
            .sort(([a], [b]) => a - b)
            .map(([hour, netMinor]) => ({ hour, currency: 'EUR', netMinor })),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('keeps training and demo records apart: they never count', async () => {
    const { store, sql } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const sale = saleRecord({ receiptNumber: 'T1-1', completedAt: '2025-03-14T10:00:00.000Z', lines: [wine()] });
    const refund = refundRecord({
      refundNumber: 'T1-R1',
      completedAt: '2025-03-14T11:00:00.000Z',
      grossByRate: new Map([[2100, 500]]),
      to: ['cash'],
    });
    const z = zReportRecord({
      zNumber: 1,
      closedAt: '2025-03-14T17:00:00.000Z',
      sales: [sale],
      refunds: [refund],
      countedCashMinor: 0,
    });
    const items = (['training', 'demo'] as const).flatMap((mode, index) => [
      syncItem(index * 4 + 1, 'sale', sale, { mode }),
      syncItem(index * 4 + 2, 'refund', refund, { mode }),
      syncItem(index * 4 + 3, 'z_report', z, { mode }),
      syncItem(index * 4 + 4, 'attempt_attention', attentionItem(`a-${mode}`, 'needs_attention'), { mode }),
    ]);
    expect(await store.push(till, items, tillStatus(), NOW)).toBe(8);

    expect(await count(sql, 'sales')).toBe(2);
    expect(await store.takingsByShop(DAY)).toEqual([]);
    expect(await store.takingsByTill(DAY)).toEqual([]);
    expect(await store.vatByShop(DAY)).toEqual([]);
    expect(await store.takingsByHour(DAY)).toEqual([]);
    expect(await store.zReports(DAY)).toEqual([]);
    expect(await store.waitingForManager()).toEqual([]);
  });

  it('lists Z reports, newest first, as the till printed them', async () => {
    const { store } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const sale = saleRecord({ receiptNumber: 'T1-1', completedAt: '2025-03-14T10:00:00.000Z', lines: [wine(2)] });
    const first = zReportRecord({
      zNumber: 7,
      closedAt: '2025-03-14T12:00:00.000Z',
      sales: [sale],
      refunds: [],
      countedCashMinor: 12_000,
    });
    const second = zReportRecord({
      zNumber: 8,
      closedAt: '2025-03-14T20:00:00.000Z',
      sales: [],
      refunds: [],
      countedCashMinor: 10_000,
    });
    await store.push(till, [syncItem(1, 'z_report', first), syncItem(2, 'z_report', second)], tillStatus(), NOW);

    expect(await store.zReports(DAY)).toEqual([
      {
        tillKey: till.tillKey,
        shopId: 'AMS-01',
        zNumber: 8,
        closedAt: '2025-03-14T20:00:00.000Z',
        currency: 'EUR',
        netTakingsMinor: 0,
        differenceMinor: 0,
        record: second,
      },
      expect.objectContaining({ zNumber: 7, netTakingsMinor: 2598, differenceMinor: 12_000 - 10_000 - 2598 }),
    ]);
    expect(await store.zReports({ from: '2025-03-15', to: '2025-03-20' })).toEqual([]);
  });

  it('shows a payment that waits for a manager until a newer word settles it', async () => {
    const { store } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const waiting = attentionItem('att-1', 'needs_attention');
    const settled = { ...attentionItem('att-1', 'approved'), updatedAt: '2025-03-14T10:05:00.000Z' };

    await store.push(till, [syncItem(1, 'attempt_attention', waiting)], tillStatus(), NOW);
    expect(await store.waitingForManager()).toEqual([{ ...waiting, tillKey: till.tillKey, shopId: 'AMS-01' }]);

    await store.push(till, [syncItem(2, 'attempt_settled', settled)], tillStatus(), NOW);
    expect(await store.waitingForManager()).toEqual([]);
    // The first batch again (its answer was lost): the older word does not bring the wait back.
    await store.push(till, [syncItem(1, 'attempt_attention', waiting)], tillStatus(), NOW);
    expect(await store.waitingForManager()).toEqual([]);

    // A settled word older than the wait (it came late) does not clear a newer wait.
    await store.push(
      till,
      [syncItem(10, 'attempt_attention', attentionItem('att-2', 'needs_attention'))],
      tillStatus(),
      NOW,
    );
    await store.push(till, [syncItem(9, 'attempt_settled', attentionItem('att-2', 'approved'))], tillStatus(), NOW);
    expect((await store.waitingForManager()).map((item) => item.attemptId)).toEqual(['att-2']);

    // Wait and settlement in one batch: the later word wins.
    await store.push(
      till,
      [
        syncItem(11, 'attempt_attention', attentionItem('att-3', 'needs_attention')),
        syncItem(12, 'attempt_settled', attentionItem('att-3', 'declined')),
      ],
      tillStatus(),
      NOW,
    );
    expect((await store.waitingForManager()).map((item) => item.attemptId)).toEqual(['att-2']);
  });

  it('stores a webhook once, routes it by terminal, and hands each till only its own', async () => {
    const { store } = await openTestStore(engine);
    const front = await enrol(store, 'AMS-01', 'T1');
    const back = await enrol(store, 'AMS-01', 'T2');
    await store.push(front, [], tillStatus(['P400-FRONT']), NOW);
    await store.push(back, [], tillStatus(['P400-BACK']), NOW);
    expect(await store.tillForPoi('P400-FRONT')).toBe(front.tillKey);
    expect(await store.tillForPoi('P400-BACK')).toBe(back.tillKey);
    expect(await store.tillForPoi('P400-NONE')).toBeUndefined();

    const webhook = (dedupeKey: string, poiId: string, tillKey: string | undefined) => ({
      provider: 'adyen' as const,
      receivedAt: NOW,
      path: '/',
      body: `{"SaleToPOIRequest":{"MessageHeader":{"POIID":"${poiId}"}},"n":"${dedupeKey}"}`,
      tillKey,
      poiId,
      dedupeKey,
    });
    const one = await store.storeWebhook(webhook('d1', 'P400-FRONT', front.tillKey));
    expect(one.stored).toBe(true);
    expect(await store.storeWebhook(webhook('d1', 'P400-FRONT', front.tillKey))).toEqual({ id: one.id, stored: false });
    const two = await store.storeWebhook(webhook('d2', 'P400-BACK', back.tillKey));
    const stray = await store.storeWebhook(webhook('d3', 'P400-NEW', undefined));

    expect(await store.pendingWebhooks(front.tillKey, 10)).toEqual([
      { id: one.id, provider: 'adyen', receivedAt: NOW, path: '/', body: webhook('d1', 'P400-FRONT', '').body },
    ]);
    expect((await store.unroutedWebhooks()).map((row) => [row.id, row.dedupeKey, row.tillKey])).toEqual([
      [stray.id, 'd3', undefined],
    ]);
    // A till acknowledges only its own.
    expect(await store.ackWebhooks(front.tillKey, [two.id], NOW)).toBe(0);
    expect(await store.pendingWebhooks(back.tillKey, 10)).toHaveLength(1);
    expect(await store.ackWebhooks(front.tillKey, [one.id], NOW)).toBe(1);
    expect(await store.pendingWebhooks(front.tillKey, 10)).toEqual([]);

    // The terminal nobody claimed turns up at the front till: its waiting webhook goes there.
    await store.push(front, [], tillStatus(['P400-FRONT', 'P400-NEW']), NOW);
    expect(await store.unroutedWebhooks()).toEqual([]);
    expect((await store.pendingWebhooks(front.tillKey, 10)).map((row) => row.id)).toEqual([stray.id]);
    // A terminal moved to another till routes there; one a till no longer names routes nowhere.
    await store.push(back, [], tillStatus(['P400-FRONT']), NOW);
    expect(await store.tillForPoi('P400-FRONT')).toBe(back.tillKey);
    expect(await store.tillForPoi('P400-BACK')).toBeUndefined();
    // A revoked till is no webhook's destination.
    await store.revokeTill(back.tillKey, NOW);
    expect(await store.tillForPoi('P400-FRONT')).toBeUndefined();
  });

  it('files each pushed day in its own partition, and a day too far off in the default partition', async () => {
    const { store, sql } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const partitions = async () =>
      rowsOf(
        z.object({ partition: z.string(), day: z.string() }),
        await sql.query('SELECT tableoid::regclass::text AS partition, business_day AS day FROM sales ORDER BY seq'),
      );
    // Today; a till back after two months offline; and one whose records say they are two years old.
    await store.push(
      till,
      [
        saleItem(1),
        saleItem(2, { completedAt: '2025-01-02T10:00:00.000Z' }),
        saleItem(3, { completedAt: '2023-06-01T10:00:00.000Z' }),
      ],
      tillStatus(),
      NOW,
    );
    expect(await partitions()).toEqual([
      { partition: 'sales_p20250314', day: '2025-03-14' },
      { partition: 'sales_p20250102', day: '2025-01-02' },
      { partition: 'sales_default', day: '2023-06-01' },
    ]);
    expect((await store.takingsByShop({ from: '2023-06-01', to: '2023-06-01' }))[0]?.salesCount).toBe(1);
    expect(await count(sql, 'vat_lines_p20250102')).toBe(2);

    // A day whose rows went to the default partition cannot have a partition of its own later: pushes on that
    // day go on, into the default partition, and the next day has its own.
    await store.push(
      till,
      [
        saleItem(4, { completedAt: '2023-06-01T11:00:00.000Z' }),
        saleItem(5, { completedAt: '2023-06-02T10:00:00.000Z' }),
      ],
      tillStatus(),
      '2023-06-01T12:00:00.000Z',
    );
    expect((await partitions()).slice(3)).toEqual([
      { partition: 'sales_default', day: '2023-06-01' },
      { partition: 'sales_p20230602', day: '2023-06-02' },
    ]);
  });

  it('keeps each till’s status and last sync, and accounts by name', async () => {
    const { store } = await openTestStore(engine);
    const till = await enrol(store, 'AMS-01', 'T1');
    const status = { ...tillStatus(['P400-1']), lastZ: { zNumber: 3, closedAt: NOW }, waiting: 4 };
    await store.push(till, [], status, NOW);
    expect(await store.tills()).toEqual([
      {
        tillKey: till.tillKey,
        shopId: 'AMS-01',
        shopName: 'Shop AMS-01',
        tillId: 'T1',
        tillName: 'Till T1',
        enrolledAt: NOW,
        revokedAt: null,
        lastSyncAt: NOW,
        status,
      },
    ]);

    expect(await store.accountByName('anna')).toBeUndefined();
    await store.addAccount({ name: 'anna', role: 'viewer', passwordHash: 'scrypt$1' });
    await store.addAccount({ name: 'anna', role: 'manager', passwordHash: 'scrypt$2' });
    expect(await store.accountByName('anna')).toEqual({ name: 'anna', role: 'manager', passwordHash: 'scrypt$2' });
  });
});

describe('the HQ store on a PostgreSQL server that restarts', { timeout: 120_000 }, () => {
  it('goes on storing across restarts: a push that fails in between is retried and written once', async () => {
    const server = await startTestPostgres();
    const store = await openHqStore({ database: server.url });
    try {
      const tills = await Promise.all(['T1', 'T2', 'T3', 'T4'].map((tillId) => enrol(store, 'AMS-01', tillId)));
      const failures: unknown[] = [];
      /** Pushes until it is stored, as the till's sync worker does. */
      const pushUntilStored = async (till: TillIdentity, items: SyncItem[]) => {
        for (;;) {
          try {
            return await store.push(till, items, tillStatus(), NOW);
          } catch (error) {
            failures.push(error);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      };
      const batches = 30;
      let restarting = true;
      const load = tills.map(async (till) => {
        let seq = 0;
        for (let batch = 0; batch < batches || restarting; batch++) {
          const items = Array.from({ length: 5 }, () => saleItem(++seq));
          expect(await pushUntilStored(till, items)).toBe(seq);
        }
        return seq;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.restart();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.restart();
      restarting = false;
      const pushed = await Promise.all(load);
      // The tills were pushing all along: some pushes met the restarts, failed, and went again.
      expect(failures.length).toBeGreaterThan(0);

      // While it is down, a push fails with an error that says "try again".
      await server.stop();
      const tillOne = tills[0];
      if (tillOne === undefined) throw new Error('no till');
      const extra = [saleItem((pushed[0] ?? 0) + 1)];
      await expect(store.push(tillOne, extra, tillStatus(), NOW)).rejects.toThrow(SqlUnavailableError);
      await server.restart();
      expect(await pushUntilStored(tillOne, extra)).toBe((pushed[0] ?? 0) + 1);
      expect(await pushUntilStored(tillOne, extra)).toBe((pushed[0] ?? 0) + 1);

      expect(failures.every((failure) => failure instanceof SqlUnavailableError)).toBe(true);
      const stored = pushed.reduce((sum, seqs) => sum + seqs, 0) + 1;
      const [row] = await store.takingsByShop(DAY);
      expect(row?.salesCount).toBe(stored);
      expect(row?.salesMinor).toBe(stored * 1999);
    } finally {
      await store.close();
      await server.dispose();
    }
  });
});
