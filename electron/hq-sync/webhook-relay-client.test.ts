import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { closedPort } from '../doctor/testing.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { ACCEPTED, adyenIntake, adyenRelayIntake } from '../payments/adyen/webhook-intake.ts';
import type { PaymentBook } from '../payments/payment-book.ts';
import { createDeliveryPipeline } from '../payments/webhooks/webhook-listener.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { createHqClient } from './hq-client.ts';
import { DOUBLE_TOKEN, startHqDouble, type HqDouble } from './testing/hq-double.ts';
import { manualTimers } from './testing/manual-timers.ts';
import { startWebhookRelay, type WebhookRelayClient } from './webhook-relay-client.ts';

/**
 * The webhook relay against the tests' HQ double over real HTTP on loopback,
 * storing into a real payment book: what HQ kept for the till is in the
 * till's inbox before the till acks it, a crash between the two costs
 * nothing, and what the till's intake refuses does not come back forever.
 */

const RESULT = {
  SaleToPOIResponse: {
    MessageHeader: {
      ProtocolVersion: '3.0',
      MessageClass: 'Service',
      MessageCategory: 'Payment',
      MessageType: 'Response',
      ServiceID: 'Svc0000002',
      SaleID: 'KassaTill1',
      POIID: 'P400Plus-100000001',
    },
    PaymentResponse: { Response: { Result: 'Success', AdditionalResponse: 'pspReference=ABC123' } },
  },
};

interface Relayed {
  book: PaymentBook & { close(): void };
  delivered: { body: unknown; seq: number }[];
  relay: WebhookRelayClient;
  logger: ReturnType<typeof createMemoryLogger>;
  timers: ReturnType<typeof manualTimers>;
}

/** A relay on the book in `file` (the till as it runs; started again on the same file after a crash). */
function relayTo(hq: HqDouble | string, file: string): Relayed {
  const book = openTestPaymentBook(file);
  const logger = createMemoryLogger();
  const delivered: { body: unknown; seq: number }[] = [];
  const timers = manualTimers();
  const relay = startWebhookRelay({
    client: createHqClient({ url: typeof hq === 'string' ? hq : hq.url, token: () => DOUBLE_TOKEN }),
    pipeline: createDeliveryPipeline({
      intakes: [adyenRelayIntake()],
      book,
      deliver: (body, seq) => delivered.push({ body, seq }),
      logger,
      sender: 'hq',
    }),
    logger,
    timers,
    random: () => 1,
  });
  onTestFinished(async () => {
    await relay.close();
    book.close();
  });
  return { book, delivered, relay, logger, timers };
}

async function double(): Promise<HqDouble> {
  const hq = await startHqDouble();
  onTestFinished(() => hq.close());
  return hq;
}

describe('the webhook relay', () => {
  it('puts what HQ kept into the inbox, hands it on once, and acks it only once it is stored', async () => {
    const hq = await double();
    const file = path.join(tempDir(), 'journal.sqlite');
    const inboxAtAck: unknown[] = [];
    const id = hq.keepWebhook({ path: '/', body: JSON.stringify(RESULT) });
    const till = relayTo(hq, file);
    hq.onAck = () => inboxAtAck.push(till.book.inbox());

    await expect.poll(() => hq.acked).toEqual([id]);
    expect(inboxAtAck).toEqual([[{ seq: 1, kind: 'PaymentResponse', outcome: undefined, attemptId: undefined }]]);
    expect(till.delivered).toEqual([{ body: RESULT, seq: 1 }]);
  });

  it('after a crash between storing and acking, fetches the webhook again and the inbox keeps one row', async () => {
    const hq = await double();
    const file = path.join(tempDir(), 'journal.sqlite');
    hq.dropAcks(1);
    const id = hq.keepWebhook({ path: '/', body: JSON.stringify(RESULT) });
    const before = relayTo(hq, file);
    await expect.poll(() => before.logger.lines.map((line) => line.msg)).toContain('hq.relay_ack_failed');
    expect(before.book.inbox()).toHaveLength(1);
    // The till stops there (a crash: the ack never arrived), and starts again on the same journal.
    await before.relay.close();
    before.book.close();

    const after = relayTo(hq, file);
    await expect.poll(() => hq.acked).toEqual([id]);
    expect(after.book.inbox()).toHaveLength(1);
    // Handed on before the crash; a second time would be a duplicate.
    expect(before.delivered).toHaveLength(1);
    expect(after.delivered).toEqual([]);
    expect(after.logger.lines).toContainEqual(expect.objectContaining({ msg: 'webhooks.duplicate' }));
  });

  it('acks what the intake refuses, with a log line, so it does not come back forever', async () => {
    const hq = await double();
    const refused = hq.keepWebhook({ path: '/', body: JSON.stringify({ notAdyen: true }) });
    const garbled = hq.keepWebhook({ path: '/', body: '{"SaleToPOIResponse":' });
    const till = relayTo(hq, path.join(tempDir(), 'journal.sqlite'));

    await expect.poll(() => hq.acked).toEqual([refused, garbled]);
    expect(till.book.inbox()).toEqual([]);
    expect(till.delivered).toEqual([]);
    expect(till.logger.lines.filter((line) => line.msg === 'hq.relay_refused')).toEqual([
      expect.objectContaining({ id: refused, outcome: 'not_a_message' }),
      expect.objectContaining({ id: garbled, outcome: 'not_json' }),
    ]);
  });

  it('reconnects after a doubling pause while HQ cannot be reached', async () => {
    const till = relayTo(`http://127.0.0.1:${String(await closedPort())}`, path.join(tempDir(), 'journal.sqlite'));
    const pauses: number[] = [];
    for (let failure = 1; failure <= 4; failure += 1) {
      await expect.poll(() => till.timers.pending.length).toBe(1);
      pauses.push(till.timers.pending[0]?.ms ?? 0);
      till.timers.fire();
    }
    expect(pauses).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(till.logger.lines.filter((line) => line.msg === 'hq.relay_failed' && line.level === 'warn')).toHaveLength(1);
    expect(till.relay.running).toBe(true);
  });

  it('stops, and says so, when HQ no longer accepts the till', async () => {
    const hq = await double();
    hq.revoke();
    const till = relayTo(hq, path.join(tempDir(), 'journal.sqlite'));
    await expect.poll(() => till.relay.running).toBe(false);
    expect(till.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'hq.relay_revoked' }));
  });
});

describe('the pipeline the listener and the relay share', () => {
  it('asks a direct delivery for its sender, and a relayed one not: HQ checked Adyen and the till checked HQ', () => {
    const book = openTestPaymentBook(path.join(tempDir(), 'journal.sqlite'));
    onTestFinished(() => book.close());
    const common = { book, deliver: () => undefined, logger: createMemoryLogger() };
    const delivery = { path: '/', headers: {}, raw: Buffer.from(JSON.stringify(RESULT)), remote: 'test' };

    const direct = createDeliveryPipeline({ ...common, intakes: [adyenIntake('adyen', 'a-long-password-1')] });
    expect(direct.acceptDelivery(delivery)).toEqual({ kind: 'unauthorised' });
    // The relay's Adyen intake refuses anyone who posts to it directly.
    const posted = createDeliveryPipeline({ ...common, intakes: [adyenRelayIntake()] });
    expect(posted.acceptDelivery(delivery)).toEqual({ kind: 'unauthorised' });

    const relayed = createDeliveryPipeline({ ...common, intakes: [adyenRelayIntake()], sender: 'hq' });
    expect(relayed.acceptDelivery(delivery)).toMatchObject({
      kind: 'accepted',
      duplicate: false,
      answer: { text: ACCEPTED },
    });
    expect(book.inbox()).toHaveLength(1);
  });
});
