import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { deviceWords } from '../devices/device-words.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { startAdyenSimulator } from '../simulators/adyen/simulator.ts';
import { sellForCash, writeTestCatalog, type Call } from '../testing/selling.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { startTill, type Till } from '../till.ts';
import { HQ_TOKEN_FILE } from './hq-credentials.ts';
import { createHqLinkBook } from './hq-link.ts';
import { HQ_DEVICE_ID } from './hq-status.ts';
import { DOUBLE_TOKEN, startHqDouble, type HqDouble } from './testing/hq-double.ts';

/**
 * A till with Kassa HQ as `startTill` builds it from its configuration, against
 * the tests' HQ double on loopback: it enrols by itself with the code in its
 * configuration, sends a sale the moment it is recorded, shows HQ's light, and
 * (with hq.relayWebhooks) takes Adyen's notifications through HQ with no
 * listener of its own.
 */

const POIID = 'V400m-324688179';
const API_KEY = 'till-hq-test-key';
const context = { transport: 'in-process' } as const;

async function double(): Promise<HqDouble> {
  const hq = await startHqDouble();
  onTestFinished(() => hq.close());
  hq.enrolAnswer = {
    status: 200,
    body: { tillKey: 'AMS-01/T-1', shopId: 'AMS-01', shopName: 'Amsterdam', token: DOUBLE_TOKEN },
  };
  return hq;
}

async function start(values: Record<string, unknown>): Promise<Till> {
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    ...values,
  });
  const till = await startTill(config, { logger: createMemoryLogger(), version: '9.9.9-test', env: {} });
  onTestFinished(() => till.close());
  return till;
}

const hqLight = (till: Till) => till.devices.list().find((device) => device.id === HQ_DEVICE_ID);

describe('a till with Kassa HQ', () => {
  it('enrols by itself with the configured code, sends a sale as it is recorded, and shows it synced', async () => {
    const hq = await double();
    const dir = tempDir();
    const till = await start({
      payment: null,
      catalog: { path: writeTestCatalog(dir) },
      journal: { path: path.join(dir, 'journal.sqlite') },
      hq: { url: hq.url, enrolmentCode: 'ABCD-EFGH-JKMN-PQR2' },
    });
    await expect.poll(() => hq.enrolRequests.length).toBe(1);
    await expect.poll(() => hqLight(till)?.hq?.problem).toBeUndefined();

    const call: Call = (channel, payload) => till.router.call(channel, payload, context);
    const { sale } = await sellForCash(call, [{ code: 'BAK-001' }]);

    await expect.poll(() => [...hq.held.values()].find((item) => item.kind === 'sale')?.payload).toEqual(sale);
    await expect.poll(() => hqLight(till)).toMatchObject({ kind: 'hq', state: 'online', hq: { waiting: 0 } });
    expect(hqLight(till)?.hq?.lastSyncedAt).toBeDefined();
    expect(hq.pushes.at(-1)?.status).toMatchObject({
      appVersion: '9.9.9-test',
      printer: { health: 'none' },
      terminal: { health: 'none' },
      routes: [],
    });
  });

  it('without a code or a link, says it is not enrolled and sends nothing', async () => {
    const hq = await double();
    const till = await start({
      payment: null,
      journal: { path: path.join(tempDir(), 'journal.sqlite') },
      hq: { url: hq.url },
    });
    expect(hqLight(till)).toMatchObject({ state: 'offline', hq: { problem: 'not_enrolled' } });
    expect(hq.pushes).toEqual([]);
  });

  it('takes Adyen’s notifications through HQ with no listener of its own (hq.relayWebhooks)', async () => {
    const hq = await double();
    const sim = await startAdyenSimulator({
      logger: createMemoryLogger(),
      apiKey: API_KEY,
      timeScale: 0.01,
      merchantAccount: 'TestShop',
      terminals: [{ poiid: POIID }],
    });
    onTestFinished(() => sim.close());
    // Enrolled from the command line before the till started: the link in the journal, the token beside it.
    const dir = tempDir();
    const journal = path.join(dir, 'journal.sqlite');
    const books = openTestBooks(journal);
    createHqLinkBook(books.database).enrol({
      tillKey: 'AMS-01/T-1',
      shopId: 'AMS-01',
      shopName: 'Amsterdam',
      enrolledAt: '2026-12-01T09:00:00.000Z',
      hqUrl: hq.url,
      mode: 'training',
    });
    books.close();
    writeFileSync(path.join(dir, HQ_TOKEN_FILE), `${DOUBLE_TOKEN}\n`, { mode: 0o600 });

    const till = await start({
      payment: {
        provider: 'adyen',
        mode: 'async',
        adyen: { poiId: POIID, merchantAccount: 'TestShop', baseUrl: sim.url, apiKey: API_KEY },
      },
      journal: { path: journal },
      hq: { url: hq.url, relayWebhooks: true },
    });
    expect(till.payments?.listener).toBeUndefined();
    expect(till.devices.list().find((device) => device.id === 'webhook')).toMatchObject({
      state: 'online',
      detail: deviceWords.relayed,
    });

    const id = hq.keepWebhook({
      path: '/',
      body: JSON.stringify({
        SaleToPOIRequest: {
          MessageHeader: {
            ProtocolVersion: '3.0',
            MessageClass: 'Event',
            MessageCategory: 'Event',
            MessageType: 'Notification',
            DeviceID: '1',
            SaleID: 'KassaTill1',
            POIID,
          },
          EventNotification: { TimeStamp: '2026-12-01T10:00:00.000Z', EventToNotify: 'Shutdown' },
        },
      }),
    });

    await expect.poll(() => hq.acked).toEqual([id]);
    expect(till.payments?.book.inbox()).toEqual([expect.objectContaining({ seq: 1 })]);
    await expect.poll(() => hq.pushes.at(-1)?.status.routes).toEqual([{ provider: 'adyen', poiId: POIID }]);
  });
});
