import { describe, expect, it, vi } from 'vitest';
import type { RelayPollResponse } from '../../../shared/hq/hq-contract.ts';
import { HQ_ENGINES, openTestStore } from '../testing/test-postgres.ts';
import { adyenEvent } from './testing/hq-fixtures.ts';
import { basic, startHarness } from './testing/hq-harness.ts';

/**
 * The webhook relay over real HTTP: Adyen posts to HQ, HQ stores before it
 * says `[accepted]`, and the till whose terminal it names long-polls it
 * over its own outbound connection. Time is moved by hand, so a 25-second
 * hold takes no time and a test never sleeps.
 */

const POI = 'P400Plus-100000001';
const OTHER_POI = 'V400m-200000002';

async function enrolWithTerminal(hq: Awaited<ReturnType<typeof startHarness>>, tillId: string, poiId: string) {
  const till = await hq.enrol(tillId);
  const pushed = await hq.push(till.token, [], { routes: [{ provider: 'adyen', poiId }] });
  expect(pushed.status).toBe(200);
  return till;
}

describe.each(HQ_ENGINES)('HQ’s webhook relay on %s', { timeout: 60_000 }, (engine) => {
  it('stores a genuine webhook before answering [accepted], hands it to its till only, and forgets it once acknowledged', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const mine = await enrolWithTerminal(hq, 'T-1', POI);
    const other = await enrolWithTerminal(hq, 'T-2', OTHER_POI);
    const event = JSON.stringify(adyenEvent(POI, 'Svc0000001'));

    const accepted = await hq.postWebhook(event, undefined, '/webhooks/adyen/events?x=1');
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toMatch(/^text\/plain/);
    await expect(accepted.text()).resolves.toBe('[accepted]');
    // Adyen retries: stored once.
    await expect((await hq.postWebhook(event)).text()).resolves.toBe('[accepted]');

    const poll = await hq.call('GET', '/api/relay?wait=0', { token: mine.token });
    const { webhooks } = (await poll.json()) as RelayPollResponse;
    expect(webhooks).toEqual([
      {
        id: expect.any(Number) as unknown,
        provider: 'adyen',
        receivedAt: hq.time.now().toISOString(),
        path: '/events?x=1',
        body: event,
      },
    ]);
    const theirs = await hq.call('GET', '/api/relay?wait=0', { token: other.token });
    await expect(theirs.json()).resolves.toEqual({ webhooks: [] });

    // Another till cannot acknowledge it away.
    const wrongAck = await hq.call('POST', '/api/relay/ack', { token: other.token, json: { ids: [webhooks[0]?.id] } });
    await expect(wrongAck.json()).resolves.toEqual({ acknowledged: 0 });
    const ack = await hq.call('POST', '/api/relay/ack', { token: mine.token, json: { ids: [webhooks[0]?.id] } });
    await expect(ack.json()).resolves.toEqual({ acknowledged: 1 });
    const after = await hq.call('GET', '/api/relay?wait=0', { token: mine.token });
    await expect(after.json()).resolves.toEqual({ webhooks: [] });

    const logged = JSON.stringify(hq.logger.lines);
    expect(logged).toContain('hq.webhook_stored');
    expect(logged).not.toContain('pspReference');
  });

  it('refuses a webhook without the right basic auth, or that is no Terminal API message, and stores nothing', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const till = await enrolWithTerminal(hq, 'T-1', POI);
    const event = adyenEvent(POI, 'Svc0000001');

    for (const auth of [
      basic('adyen-hq-events', 'wrong-password-123'),
      basic('someone', 'hq-webhook-secret-123'),
      '',
    ]) {
      const refused = await hq.postWebhook(event, auth);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    expect((await hq.postWebhook('{"not": "adyen"}')).status).toBe(400);
    expect((await hq.postWebhook('not json')).status).toBe(400);
    expect((await hq.call('GET', '/webhooks/adyen')).status).toBe(405);

    await expect((await hq.call('GET', '/api/relay?wait=0', { token: till.token })).json()).resolves.toEqual({
      webhooks: [],
    });
    expect(await hq.store.unroutedWebhooks()).toEqual([]);
  });

  it('holds a poll until a webhook for its till arrives, and answers a poll that waited in vain empty', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const mine = await enrolWithTerminal(hq, 'T-1', POI);
    const other = await enrolWithTerminal(hq, 'T-2', OTHER_POI);

    let mineAnswered = false;
    const minePoll = hq.call('GET', '/api/relay?wait=25', { token: mine.token }).then(async (response) => {
      mineAnswered = true;
      return (await response.json()) as RelayPollResponse;
    });
    const otherPoll = hq.call('GET', '/api/relay?wait=25', { token: other.token });
    // Both held: each has its deadline and its slow look at the database waiting.
    await vi.waitFor(() => expect(hq.time.pending()).toBe(4));
    expect(mineAnswered).toBe(false);

    const event = JSON.stringify(adyenEvent(POI, 'Svc0000009'));
    await expect((await hq.postWebhook(event)).text()).resolves.toBe('[accepted]');
    // Woken by this instance's own intake, without time passing.
    const { webhooks } = await minePoll;
    expect(webhooks.map((webhook) => webhook.body)).toEqual([event]);

    hq.time.advance(25_000);
    await expect((await otherPoll).json()).resolves.toEqual({ webhooks: [] });
    await vi.waitFor(() => expect(hq.time.pending()).toBe(0));
  });

  it('finds a webhook another HQ instance took by looking at the database while holding', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const mine = await enrolWithTerminal(hq, 'T-1', POI);
    const poll = hq.call('GET', '/api/relay?wait=30', { token: mine.token });
    await vi.waitFor(() => expect(hq.time.pending()).toBe(2));

    // Written by another instance: nothing wakes this one.
    await hq.store.storeWebhook({
      provider: 'adyen',
      receivedAt: hq.time.now().toISOString(),
      path: '/',
      body: '{"elsewhere":true}',
      tillKey: mine.tillKey,
      poiId: POI,
      dedupeKey: 'elsewhere',
    });
    hq.time.advance(2_000);
    const { webhooks } = (await (await poll).json()) as RelayPollResponse;
    expect(webhooks.map((webhook) => webhook.body)).toEqual(['{"elsewhere":true}']);
  });

  it('lets go of a poll when the till hangs up, and refuses a wait over 30 seconds', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const mine = await enrolWithTerminal(hq, 'T-1', POI);
    const hangUp = new AbortController();
    const poll = fetch(`${hq.server.url}/api/relay?wait=30`, {
      headers: { authorization: `Bearer ${mine.token}` },
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(hq.time.pending()).toBe(2));
    hangUp.abort();
    await poll;
    await vi.waitFor(() => expect(hq.time.pending()).toBe(0));

    const tooLong = await hq.call('GET', '/api/relay?wait=31', { token: mine.token });
    expect(tooLong.status).toBe(400);
    await expect(tooLong.json()).resolves.toMatchObject({ error: 'bad_request' });
  });

  it('keeps a webhook for a terminal no till names, still answers [accepted], and routes nothing of it', async () => {
    const hq = await startHarness((await openTestStore(engine)).store);
    const mine = await enrolWithTerminal(hq, 'T-1', POI);
    const stray = JSON.stringify(adyenEvent('S1F2-000158213600001', 'Svc0000003'));

    await expect((await hq.postWebhook(stray)).text()).resolves.toBe('[accepted]');
    expect(await hq.store.unroutedWebhooks()).toEqual([
      expect.objectContaining({ poiId: 'S1F2-000158213600001', tillKey: undefined, body: stray }),
    ]);
    await expect((await hq.call('GET', '/api/relay?wait=0', { token: mine.token })).json()).resolves.toEqual({
      webhooks: [],
    });
    expect(JSON.stringify(hq.logger.lines)).toContain('hq.webhook_unrouted');
  });

  it('answers 404 when it takes no Adyen webhooks', async () => {
    const hq = await startHarness((await openTestStore(engine)).store, { webhooks: {} });
    expect((await hq.postWebhook(adyenEvent(POI, 'Svc1'))).status).toBe(404);
  });
});
