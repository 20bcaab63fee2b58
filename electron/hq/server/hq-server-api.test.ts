import { describe, expect, it, vi } from 'vitest';
import type { HqStore } from '../hq-store.ts';
import { HQ_ENGINES, openTestStore } from '../testing/test-postgres.ts';
import { sha256Hex } from './secret-hashes.ts';
import { issueEnrolmentCode } from './hq-admin.ts';
import { createPushGate } from './push-gate.ts';
import { startHarness } from './testing/hq-harness.ts';
import { saleItem } from './testing/hq-fixtures.ts';

/**
 * A till's side of HQ over real HTTP on loopback, on a real store on each
 * engine: enrolment, pushes written once however often they are sent,
 * tokens refused once revoked, and payloads refused with nothing written.
 */

const DAY = '2026-03-02';
const at = (time: string) => `${DAY}T${time}.000Z`;

describe.each(HQ_ENGINES)('HQ’s API for tills on %s', { timeout: 60_000 }, (engine) => {
  it('enrols a till with a one-time code and writes each pushed record once, however often it is sent', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const enrolled = await hq.enrol('T-1');
    expect(enrolled).toMatchObject({ tillKey: 'AMS-01/T-1', shopId: 'AMS-01', shopName: 'Amsterdam Centraal' });
    expect(enrolled.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is kept.
    await expect(hq.store.tillByToken(sha256Hex(enrolled.token))).resolves.toMatchObject({ tillKey: 'AMS-01/T-1' });

    const batch = [
      saleItem(1, { completedAt: at('09:15:00'), totalMinor: 1_250 }),
      saleItem(2, { completedAt: at('10:40:00'), totalMinor: 800, tender: 'cash' }),
    ];
    const first = await hq.push(enrolled.token, batch);
    expect(first.status).toBe(200);
    await expect(first.json()).resolves.toEqual({ ackedThrough: 2 });
    // The answer was lost: the till sends the same batch again, and the next one.
    const again = await hq.push(enrolled.token, batch);
    await expect(again.json()).resolves.toEqual({ ackedThrough: 2 });
    const next = await hq.push(enrolled.token, [saleItem(3, { completedAt: at('11:00:00'), totalMinor: 200 })]);
    await expect(next.json()).resolves.toEqual({ ackedThrough: 3 });

    const [shop] = await hq.store.takingsByShop({ from: DAY, to: DAY });
    expect(shop).toMatchObject({
      shopId: 'AMS-01',
      salesCount: 3,
      salesMinor: 2_250,
      cardMinor: 1_450,
      cashMinor: 800,
    });
    const [till] = await hq.store.tills();
    expect(till).toMatchObject({ tillKey: 'AMS-01/T-1', lastSyncAt: hq.time.now().toISOString() });
  });

  it('refuses a code that is unknown, spent or expired, and a till id already enrolled in the shop', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const enrol = (code: string, tillId: string) =>
      hq.call('POST', '/api/enrol', { json: { code, tillId, tillName: 'Till', appVersion: '0.1.0' } });
    const issue = () =>
      issueEnrolmentCode(hq.store, { shopId: 'AMS-01', shopName: 'Amsterdam', days: 7, now: hq.time.now() });

    const unknown = await enrol('ABCD-EFGH-JKLM-NPQR', 'T-1');
    expect(unknown.status).toBe(400);
    await expect(unknown.json()).resolves.toMatchObject({
      error: 'code_unknown',
      message: expect.stringMatching(/^HQ does not know/) as unknown,
    });

    const { code } = await issue();
    expect((await enrol(code.toLowerCase(), 'T-1')).status).toBe(200);
    const spent = await enrol(code, 'T-2');
    expect(spent.status).toBe(410);
    await expect(spent.json()).resolves.toMatchObject({ error: 'code_used' });

    const taken = await enrol((await issue()).code, 'T-1');
    expect(taken.status).toBe(409);
    await expect(taken.json()).resolves.toMatchObject({ error: 'till_taken' });

    const late = await issue();
    hq.time.advance(7 * 86_400_000 + 1);
    const expired = await enrol(late.code, 'T-3');
    expect(expired.status).toBe(410);
    await expect(expired.json()).resolves.toMatchObject({ error: 'code_expired' });

    const malformed = await enrol('not a code', 'T-4');
    expect(malformed.status).toBe(400);
    await expect(malformed.json()).resolves.toMatchObject({
      error: 'bad_request',
      message: expect.stringContaining('code') as unknown,
    });
  });

  it('answers 401 for no or an unknown token, and 401 revoked once IT takes the till back', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const { token, tillKey } = await hq.enrol();
    const sale = [saleItem(1, { completedAt: at('09:00:00'), totalMinor: 100 })];

    const anonymous = await hq.call('POST', '/api/sync', { json: { items: [], status: {} } });
    expect(anonymous.status).toBe(401);
    await expect(anonymous.json()).resolves.toMatchObject({ error: 'unauthorised' });
    const stranger = await hq.push('x'.repeat(43), sale);
    expect(stranger.status).toBe(401);
    await expect(stranger.json()).resolves.toMatchObject({ error: 'unauthorised' });

    await expect(hq.store.revokeTill(tillKey, hq.time.now().toISOString())).resolves.toBe(true);
    for (const response of [await hq.push(token, sale), await hq.call('GET', '/api/relay?wait=0', { token })]) {
      expect(response.status).toBe(401);
      await expect(response.json()).resolves.toMatchObject({
        error: 'revoked',
        message: expect.stringContaining('IT') as unknown,
      });
    }
    expect(await hq.store.takingsByShop({ from: DAY, to: DAY })).toEqual([]);
  });

  it('answers 400 for a body that is not JSON, not the contract, or a record the store refuses, and writes none of it', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const { token } = await hq.enrol();
    const good = saleItem(1, { completedAt: at('09:00:00'), totalMinor: 100 });

    const notJson = await hq.call('POST', '/api/sync', {
      token,
      body: '{"items": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    await expect(notJson.json()).resolves.toEqual({ error: 'bad_request', message: 'The request body is not JSON.' });

    const notContract = await hq.push(token, [{ ...good, seq: 0 }]);
    expect(notContract.status).toBe(400);
    await expect(notContract.json()).resolves.toMatchObject({
      error: 'bad_request',
      message: expect.stringContaining('items.0.seq') as unknown,
    });

    // Valid on the wire, but its payload is no sale: the whole batch is refused, the good record with it.
    const notASale = await hq.push(token, [good, { ...good, seq: 2, payload: { saleId: 'x' } }]);
    expect(notASale.status).toBe(400);
    await expect(notASale.json()).resolves.toMatchObject({
      error: 'bad_request',
      message: expect.stringContaining('item 2 (sale)') as unknown,
    });

    expect(await hq.store.takingsByShop({ from: DAY, to: DAY })).toEqual([]);
    const [till] = await hq.store.tills();
    expect(till?.lastSyncAt).toBeNull();
  });

  it('writes only so many pushes at once, lets the others in in turn, and tells a till past the queue to come back later', async () => {
    const { store } = await openTestStore(engine);
    // The first push's write waits for the test, so the pushes after it stay at the gate.
    const { promise: firstWriteHeld, resolve: letFirstWriteGo } = Promise.withResolvers<'go'>();
    const writes: string[] = [];
    const heldStore: HqStore = {
      ...store,
      async push(till, items, status, now) {
        writes.push(till.tillId);
        if (writes.length === 1) await firstWriteHeld;
        return store.push(till, items, status, now);
      },
    };
    const gate = createPushGate({ atOnce: 1, maxWaiting: 1 });
    const hq = await startHarness(heldStore, {}, { pushGate: gate });
    const [first, second, third] = [await hq.enrol('T-1'), await hq.enrol('T-2'), await hq.enrol('T-3')];
    const sale = (seq: number) => [saleItem(seq, { completedAt: at('09:00:00'), totalMinor: 100 })];

    const firstPush = hq.push(first.token, sale(1));
    await vi.waitFor(() => expect(writes).toEqual(['T-1']));
    const secondPush = hq.push(second.token, sale(1));
    await vi.waitFor(() => expect(gate.waiting).toBe(1));
    const turnedAway = await hq.push(third.token, sale(1));
    expect(turnedAway.status).toBe(503);
    await expect(turnedAway.json()).resolves.toMatchObject({ error: 'unavailable' });
    // The second push waits at the gate: nothing of it has reached the store.
    expect(writes).toEqual(['T-1']);

    letFirstWriteGo('go');
    await expect((await firstPush).json()).resolves.toEqual({ ackedThrough: 1 });
    await expect((await secondPush).json()).resolves.toEqual({ ackedThrough: 1 });
    // The till that was turned away sends its batch again, as its worker does, and it is written.
    await expect((await hq.push(third.token, sale(1))).json()).resolves.toEqual({ ackedThrough: 1 });
    expect(writes).toEqual(['T-1', 'T-2', 'T-3']);
    expect([gate.inside, gate.waiting]).toEqual([0, 0]);
  });

  it('refuses a body over its limit, and answers the load balancer’s health check', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const { token } = await hq.enrol();
    const huge = await hq
      .call('POST', '/api/sync', {
        token,
        body: 'x'.repeat(9 * 1024 * 1024),
        headers: { 'content-type': 'application/json' },
      })
      .catch((error: unknown) => error);
    // HQ answers 413 and closes the connection; the client may see either.
    if (huge instanceof Response) expect(huge.status).toBe(413);
    const health = await hq.call('GET', '/api/health');
    expect(health.status).toBe(200);
    await expect(health.json()).resolves.toEqual({ ok: true });
    const nowhere = await hq.call('GET', '/api/nowhere');
    expect(nowhere.status).toBe(404);
  });
});
