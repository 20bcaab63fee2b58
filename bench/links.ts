import { performance } from 'node:perf_hooks';
import type { Logger } from '../electron/logging/logger.ts';
import { startCardPayments } from '../electron/payments/card-payments.ts';
import type { PaymentBook } from '../electron/payments/payment-book.ts';
import { createDirectClient } from '../electron/payments/worldline-direct/direct-client.ts';
import type { DirectConnection } from '../electron/payments/worldline-direct/direct-connection.ts';
import { connectedDirectGateway } from '../electron/payments/worldline-direct/direct-module.ts';
import { authorizationHeader, rfc1123 } from '../electron/payments/worldline-direct/gcs-signature.ts';
import { startWorldlineDirectSimulator } from '../electron/simulators/worldline-direct/simulator.ts';
import { summarise, timeEach, type Sample } from './measure.ts';

/**
 * Pay by link on Worldline Direct, measured against the embedded simulator in
 * one run: what signing costs per request, what the payment service and its
 * book add to making a link (created, sent, the link and in_progress written
 * with synchronous=FULL before the screen sees it) against the same signed
 * request made directly, and how long a lost webhook keeps the truth from the
 * till, in the simulator's time.
 */

const KEYS = {
  merchantId: 'BenchShop',
  apiKeyId: 'BENCH-KEY',
  secretApiKey: 'bench-secret-api-key',
  webhookKeyId: 'BENCH-WEBHOOK',
  webhookSecret: 'bench-webhook-secret',
} as const;

export interface LinkFigures {
  readonly signing: Sample;
  readonly direct: Sample;
  readonly viaService: Sample;
  readonly overhead: Sample;
  /** Real milliseconds from the customer's payment (its webhook lost) to the till recording it. */
  readonly lostWebhookToTruth: Sample;
  /** The simulator's time scale: simulated seconds = real milliseconds / 1000 / timeScale. */
  readonly timeScale: number;
  /** How often the till asks while it waits, in simulated seconds. */
  readonly askEverySeconds: number;
}

export async function measureLinks(book: PaymentBook, logger: Logger): Promise<LinkFigures> {
  // Signing: one GCS v1HMAC header per request, as the client makes it.
  const date = rfc1123(new Date());
  const signing = await timeEach(20_000, () =>
    authorizationHeader(KEYS.apiKeyId, KEYS.secretApiKey, {
      method: 'POST',
      contentType: 'application/json; charset=utf-8',
      date,
      headers: { 'X-GCS-Idempotence-Key': 'KL0123456789ABCDEF0123' },
      path: '/v2/BenchShop/paymentlinks',
    }),
  );

  // Time in the simulator runs 100 times faster; the till's asking interval is scaled the same way.
  const timeScale = 0.01;
  const askEverySeconds = 10;
  const simulator = await startWorldlineDirectSimulator({ ...KEYS, timeScale });
  const client = createDirectClient({ baseUrl: simulator.url, ...KEYS, timeoutMs: 10_000 });
  const connection: DirectConnection = {
    terminalId: `worldline-direct:${KEYS.merchantId}`,
    merchantId: KEYS.merchantId,
    saleSystemId: 'BENCH',
    client,
    webhookSecrets: new Map([[KEYS.webhookKeyId, KEYS.webhookSecret]]),
    target: simulator.url,
    baseUrl: simulator.url,
    webhookBase: undefined,
    webhookOnLoopback: true,
    simulator,
    close: () => simulator.close(),
  };
  const gateway = connectedDirectGateway(
    connection,
    { linkExpiryMinutes: 15, graceSeconds: 120, askEverySeconds: askEverySeconds * timeScale },
    { store: { name: 'Bench shop', addressLines: [] } },
  );
  const links = await startCardPayments({
    config: { currency: 'EUR', webhooks: undefined },
    book,
    payment: { mode: 'async', resultTimeoutSeconds: 150 },
    connection: gateway,
    logger,
  });
  gateway.handOnTo(links.service);
  const service = links.service;

  let sale = 0;
  /** Until the attempt is live (its link in the book, the screen told) or settled. */
  const reaching = (attemptId: string, done: (state: string) => boolean) =>
    new Promise<void>((resolve) => {
      const stop = service.onAttemptChanged((attempt) => {
        if (attempt.id === attemptId && done(attempt.state)) {
          stop();
          resolve();
        }
      });
      const now = service.attempt(attemptId)?.state;
      if (now !== undefined && done(now)) {
        stop();
        resolve();
      }
    });
  const makeLink = async () => {
    sale += 1;
    const started = service.startPayment({ saleId: `link-${String(sale)}`, amountMinor: 1250, currency: 'EUR' });
    await reaching(started.id, (state) => state === 'in_progress');
    return started.id;
  };
  /** One attempt per gateway at a time: each link is cancelled (and settled) before the next is made. */
  const cancel = async (attemptId: string) => {
    await service.abort(attemptId);
    await reaching(attemptId, (state) => state === 'cancelled');
  };
  const directCreate = async () => {
    sale += 1;
    const made = await client.createPaymentLink(
      {
        amountMinor: 1250,
        currency: 'EUR',
        merchantReference: `BENCH${String(sale)}`,
        expiresAt: new Date(Date.now() + 15 * 60_000),
      },
      `BENCH${String(sale)}`,
    );
    if (made.kind !== 'ok') throw new Error(`bench link creation: ${made.kind}`);
  };

  for (let i = 0; i < 20; i += 1) {
    await directCreate();
    await cancel(await makeLink());
  }
  const directTimes: number[] = [];
  const serviceTimes: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < 300; i += 1) {
    const t0 = performance.now();
    await directCreate();
    const t1 = performance.now();
    const attemptId = await makeLink();
    const t2 = performance.now();
    await cancel(attemptId);
    directTimes.push(t1 - t0);
    serviceTimes.push(t2 - t1);
    overheads.push(t2 - t1 - (t1 - t0));
  }

  // A paid link whose webhook is lost: only the till's own questions can find out.
  const truthTimes: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const attemptId = await makeLink();
    const linkId = service.attempt(attemptId)?.link?.reference ?? '';
    simulator.control.addFault({ fault: 'webhook-lost' });
    const paidAt = performance.now();
    simulator.control.pay(linkId, { outcome: 'approved' });
    await reaching(attemptId, (state) => state === 'approved');
    truthTimes.push(performance.now() - paidAt);
  }

  await links.close();
  await simulator.close();
  return {
    signing,
    direct: summarise(directTimes, 1),
    viaService: summarise(serviceTimes, 1),
    overhead: summarise(overheads, 1),
    lostWebhookToTruth: summarise(truthTimes, 1),
    timeScale,
    askEverySeconds,
  };
}
