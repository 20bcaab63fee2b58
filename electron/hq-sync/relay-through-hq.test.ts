import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { issueEnrolmentCode } from '../hq/server/hq-admin.ts';
import { startHqServer } from '../hq/server/hq-server.ts';
import { HQ_ENGINES, openTestStore } from '../hq/testing/test-postgres.ts';
import { startAdyenSimulator } from '../simulators/adyen/simulator.ts';
import { currentSale, ringUp, value, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill } from '../till.ts';

/**
 * The webhook relay end to end: an Adyen cloud (our simulator) whose event
 * URL is Kassa HQ, HQ on a real store, and a till with no listener of its own
 * behind "the shop's router". The till pays a sale in Adyen's async mode: the
 * result leaves the cloud only by webhook, reaches HQ, which checks and stores
 * it before `[accepted]`, and comes to the till over the till's own long-poll.
 * A post to HQ with the wrong credentials or none is refused and kept nowhere.
 */

const POIID = 'V400m-324688179';
const API_KEY = 'relay-test-adyen-key';
const EVENT_USER = 'adyen-events-at-hq';
const EVENT_PASSWORD = 'hq-event-password-42';
const context = { transport: 'in-process' } as const;

describe.each(HQ_ENGINES)('the webhook relay on %s', (engine) => {
  it('completes an async Adyen payment on a till with no listener, and refuses a forged post at HQ', async () => {
    const { store } = await openTestStore(engine);
    const hq = await startHqServer({
      store,
      logger: createMemoryLogger(),
      config: {
        listen: '127.0.0.1:0',
        timeZone: 'UTC',
        enrolmentCodeDays: 7,
        sessionSecret: 'relay-test-session-secret-of-32-characters',
        webhooks: { adyen: { username: EVENT_USER, password: EVENT_PASSWORD } },
      },
    });
    onTestFinished(() => hq.close());
    const cloud = await startAdyenSimulator({
      logger: createMemoryLogger(),
      apiKey: API_KEY,
      timeScale: 0.01,
      merchantAccount: 'TestShop',
      terminals: [{ poiid: POIID }],
      eventUrls: [{ url: `${hq.url}/webhooks/adyen`, username: EVENT_USER, password: EVENT_PASSWORD }],
    });
    onTestFinished(() => cloud.close());

    const { code } = await issueEnrolmentCode(store, {
      shopId: 'AMS-01',
      shopName: 'Amsterdam',
      days: 7,
      now: new Date(),
    });
    const dir = tempDir();
    const config = TillConfigSchema.parse({
      store: { name: 'Shop', addressLines: [] },
      till: { id: 'T-1', name: 'Till 1' },
      locale: 'en-GB',
      currency: 'EUR',
      mode: 'live',
      online: null,
      payment: {
        provider: 'adyen',
        mode: 'async',
        adyen: { poiId: POIID, merchantAccount: 'TestShop', baseUrl: cloud.url, apiKey: API_KEY },
      },
      journal: { path: path.join(dir, 'journal.sqlite') },
      catalog: { path: writeTestCatalog(dir) },
      hq: { url: hq.url, enrolmentCode: code, relayWebhooks: true },
    });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'relay-test',
      env: { KASSA_DATA_DIR: dir },
      hqTiming: { pushEveryMs: 200, heartbeatMs: 1_000, firstRetryMs: 100, maxRetryMs: 1_000 },
    });
    onTestFinished(() => till.close());
    // No port of its own: nothing in the shop listens for the cloud.
    expect(till.payments?.listener).toBeUndefined();
    // HQ learns which till the terminal is on from the till's status.
    await expect.poll(() => store.tillForPoi(POIID), { timeout: 20_000 }).toBe('AMS-01/T-1');

    const call: Call = (channel, payload) => till.router.call(channel, payload, context);
    const sale = await ringUp(call, [{ code: 'WIN-001' }]);
    const started = PaymentAttemptViewSchema.parse(
      value(await call('payments.start', { saleId: sale.saleId }), 'card'),
    );
    const settled = await till.payments?.service.whenSettled(started.attemptId);
    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1_250 });
    // Settled by the webhook HQ relayed, not by a status question after the wait: it is in the till's inbox.
    expect(till.payments?.book.inbox().map((entry) => entry.kind)).toContain('PaymentResponse');
    expect(await currentSale(call)).toMatchObject({ dueMinor: 0 });
    // Acknowledged by the till once written, so HQ holds nothing more for it.
    await expect.poll(() => store.pendingWebhooks('AMS-01/T-1', 10)).toEqual([]);

    // A forger who knows HQ's address but not the event URL's password, and one with no credentials.
    const forged = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: {
          MessageClass: 'Service',
          MessageCategory: 'Payment',
          MessageType: 'Response',
          ServiceID: 'x1',
          SaleID: 'K',
          POIID,
        },
        PaymentResponse: { Response: { Result: 'Success' } },
      },
    });
    const wrong = await fetch(`${hq.url}/webhooks/adyen`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${EVENT_USER}:guessed-password`).toString('base64')}` },
      body: forged,
    });
    const none = await fetch(`${hq.url}/webhooks/adyen`, { method: 'POST', body: forged });
    expect([wrong.status, none.status]).toEqual([401, 401]);
    expect(await store.pendingWebhooks('AMS-01/T-1', 10)).toEqual([]);
    expect(await store.unroutedWebhooks()).toEqual([]);
  }, 120_000);
});
