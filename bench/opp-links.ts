import { performance } from 'node:perf_hooks';
import type { Logger } from '../electron/logging/logger.ts';
import { startCardPayments } from '../electron/payments/card-payments.ts';
import { createOppClient } from '../electron/payments/opp/opp-client.ts';
import type { OppConnection } from '../electron/payments/opp/opp-connection.ts';
import { connectedOppGateway } from '../electron/payments/opp/opp-module.ts';
import type { PaymentBook } from '../electron/payments/payment-book.ts';
import { startOppSimulator } from '../electron/simulators/opp/simulator.ts';
import { seededRandom } from './seeded-random.ts';
import { summarise, type Sample } from './measure.ts';

/**
 * Pay by link on ACI's OPP with every webhook lost: how long the till takes to
 * the truth when only status questions can find it, at OPP's limit of two a
 * minute per transaction, in the simulator's time. The best any till could do
 * under that limit is to ask exactly twice a minute: a payment made at a
 * random moment is then found half an interval later on average (15 s) and a
 * whole interval later at worst (30 s). The ratios say how close the till
 * comes; `throttled` counts the questions OPP refused as too many (none may be).
 */

const ENTITY = '8ac7a4c8bench0opp00000000000001';
const TOKEN = 'bench-opp-token';
const SECRET = 'a'.repeat(64);

export interface OppLinkFigures {
  /** Simulated seconds from the customer's payment (its webhook lost) to the till recording it. */
  readonly lostWebhookToTruth: Sample;
  /** The least time between two questions about one transaction, in simulated seconds. */
  readonly intervalSeconds: number;
  /** Questions OPP answered with 800.120.100. */
  readonly throttled: number;
}

export async function measureOppLinks(book: PaymentBook, logger: Logger): Promise<OppLinkFigures> {
  // 20 times faster than real (a request's own few milliseconds stay small in simulated time); the till is
  // told OPP's limit in the same time.
  const timeScale = 0.05;
  const minuteMs = 60_000 * timeScale;
  const simulator = await startOppSimulator({ entityId: ENTITY, token: TOKEN, webhookSecret: SECRET, timeScale });
  const connection: OppConnection = {
    terminalId: `opp:${ENTITY}`,
    entityId: ENTITY,
    saleSystemId: 'BENCH',
    client: createOppClient({ baseUrl: simulator.url, entityId: ENTITY, token: TOKEN, timeoutMs: 10_000 }),
    webhookSecret: SECRET,
    target: simulator.url,
    baseUrl: simulator.url,
    webhookOnLoopback: true,
    simulator,
    close: () => simulator.close(),
  };
  const gateway = connectedOppGateway(
    connection,
    // Asked as often as the limit allows: `askEverySeconds` below the limit's interval is raised to it.
    { linkExpiryMinutes: 60, graceSeconds: 120, askEverySeconds: 0 },
    { questions: 2, perSeconds: minuteMs / 1000 },
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

  const random = seededRandom(22);
  const intervalMs = minuteMs / 2;
  const truthTimes: number[] = [];
  for (let sale = 0; sale < 20; sale += 1) {
    const started = service.startPayment({ saleId: `opp-${String(sale)}`, amountMinor: 1250, currency: 'EUR' });
    await reaching(started.id, (state) => state === 'in_progress');
    const linkId = service.attempt(started.id)?.link?.reference ?? '';
    // The customer pays at a random moment between two of the till's questions, and the webhook is lost.
    await new Promise((resolve) => setTimeout(resolve, random() * intervalMs));
    simulator.control.addFault({ fault: 'webhook-lost' });
    const paidAt = performance.now();
    simulator.control.pay(linkId);
    await reaching(started.id, (state) => state === 'approved');
    truthTimes.push((performance.now() - paidAt) / timeScale / 1000);
  }
  const throttled = simulator.control.calls().filter((call) => call.throttled).length;

  await links.close();
  await simulator.close();
  return { lostWebhookToTruth: summarise(truthTimes, 1), intervalSeconds: intervalMs / timeScale / 1000, throttled };
}
