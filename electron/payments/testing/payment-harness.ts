import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { MainEvent } from '../../../shared/ipc/events.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
// The payment client's own tests run against the simulator; only test code may import it.
import {
  API_KEY,
  startTestSimulator,
  type TestSimulator,
  type TestSimulatorOptions,
} from '../../simulators/adyen/testing/harness.ts';
import { POIID } from '../../simulators/adyen/testing/requests.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { createAdyenTerminal } from '../adyen/adyen-terminal.ts';
import { endpointsAt } from '../adyen/endpoints.ts';
import type { AdyenTerminalConnection } from '../adyen/terminal-connection.ts';
import { createPaymentService, type PaymentTiming } from '../payment-service.ts';
import type { PaymentWords } from '../payment-words.ts';
import { startWebhookListener } from '../webhooks/webhook-listener.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { adyenIntake } from '../adyen/webhook-intake.ts';

/**
 * A payment service wired as in the till, against the Adyen simulator over
 * real HTTP on loopback, with a real SQLite file in a temp dir and (for
 * async) a real webhook listener the simulator delivers to. Deadlines are
 * short and the simulator's time scale small, so a whole scenario takes
 * milliseconds without any test sleeping.
 */

export const SALE_SYSTEM_ID = 'KassaTill1';
export const WEBHOOK_USER = 'adyen-events';
export const WEBHOOK_PASSWORD = 'webhook-secret-123';

export interface PaymentHarnessOptions {
  delivery?: 'sync' | 'async';
  api?: 'cloud-device' | 'terminal-api';
  timing?: Partial<PaymentTiming>;
  /** Options for a new simulator; ignored when `reuseSimulator` is given. */
  simulator?: TestSimulatorOptions;
  /** A simulator already running (a till restarting against the same terminal). */
  reuseSimulator?: TestSimulator;
  /** A book file to reuse (a "restart"); a fresh one in a temp dir otherwise. */
  journalFile?: string;
  apiKey?: string;
  /**
   * Whether the simulator posts to this till's webhook listener (true by
   * default). A sync till needs no event URL; without one it sees no display
   * steps, only the reply.
   */
  eventUrl?: boolean;
  /** The refusals' words, as a till in another language hands them in; English when absent. */
  words?: PaymentWords;
}

/** Short enough for tests, long enough that a healthy simulated payment (timeScale 0.001) beats it. */
export const TEST_TIMING: PaymentTiming = {
  resultTimeoutMs: 400,
  statusRetryDelaysMs: [5, 10, 20],
  inProgressPollMs: 5,
  statusGiveUpAfterMs: 1_500,
  unansweredGiveUpAfterMs: 1_500,
};

export async function startPaymentHarness(options: PaymentHarnessOptions = {}) {
  const delivery = options.delivery ?? 'sync';
  const testSimulator = options.reuseSimulator ?? (await startTestSimulator(options.simulator));
  const { simulator, client, logger: simulatorLog } = testSimulator;
  const logger = createMemoryLogger();
  const events = createEventHub(logger);
  const published: MainEvent[] = [];
  events.subscribe((event) => published.push(event));
  const journalFile = options.journalFile ?? path.join(tempDir(), 'journal.sqlite');
  const book = openTestPaymentBook(journalFile);
  const connection: AdyenTerminalConnection = {
    provider: 'adyen',
    poiId: POIID,
    merchantAccount: simulator.merchantAccount,
    saleId: SALE_SYSTEM_ID,
    api: options.api ?? 'cloud-device',
    endpoints: endpointsAt(simulator.url),
    apiKey: options.apiKey ?? API_KEY,
    target: simulator.url,
    close: () => Promise.resolve(),
  };
  const timing = { ...TEST_TIMING, ...options.timing };
  const provider = createAdyenTerminal({
    connection,
    delivery,
    resultTimeoutMs: timing.resultTimeoutMs,
    signingKey: book.signingKey,
    logger,
  });
  const service = createPaymentService({
    book,
    provider,
    currency: 'EUR',
    logger,
    events,
    timing,
    ...(options.words === undefined ? {} : { words: options.words }),
  });
  const listener = await startWebhookListener({
    host: '127.0.0.1',
    port: 0,
    intakes: [adyenIntake(WEBHOOK_USER, WEBHOOK_PASSWORD)],
    book,
    deliver: (body, seq) => service.handleNotification(body, seq),
    logger,
  });
  simulator.setEventUrls(
    options.eventUrl === false ? [] : [{ url: listener.url, username: WEBHOOK_USER, password: WEBHOOK_PASSWORD }],
  );

  /** Stops this till as a restart would: the listener, the service, then the book. Safe to call twice. */
  async function stop() {
    await listener.close();
    await service.close();
    book.close();
  }
  onTestFinished(stop);

  let sales = 0;
  /** Starts a card payment of `amountMinor` EUR cents on a new sale and waits until it settles. */
  async function pay(amountMinor: number) {
    sales += 1;
    const started = service.startPayment({ saleId: `sale-${sales}`, amountMinor, currency: 'EUR' });
    return service.whenSettled(started.id);
  }

  /** Posts `body` (JSON, or text as is) to the webhook listener as Adyen would, with the listener's basic auth. */
  async function notify(body: unknown) {
    const response = await fetch(listener.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${WEBHOOK_USER}:${WEBHOOK_PASSWORD}`).toString('base64')}`,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  return {
    testSimulator,
    simulator,
    simulatorLog,
    client,
    book,
    journalFile,
    service,
    provider,
    listener,
    logger,
    events,
    published,
    pay,
    notify,
    stop,
    timing,
  };
}
