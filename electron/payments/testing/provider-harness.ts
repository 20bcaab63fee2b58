import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { MainEvent } from '../../../shared/ipc/events.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startCardPayments } from '../card-payments.ts';
import type { AttemptRecord } from '../payment-book.ts';
import type { PaymentService, PaymentTiming } from '../payment-service.ts';
import { TEST_TIMING } from './payment-harness.ts';
import type { CommonFault, Delivery, ScenarioRig, TerminalControls } from './scenario-rig.ts';

/**
 * Card payments wired as the till wires them (`startCardPayments`: the
 * module's provider, the payment service, a real book in a temp dir and,
 * when results come by webhook, the real listener on loopback), over any
 * provider's scenario rig. The scenario table runs on this, so what it
 * proves holds for every provider the registry lists, and for a new one
 * as soon as it brings a rig.
 */

export interface ProviderHarness extends Omit<TerminalControls, 'fault'> {
  readonly provider: string;
  readonly delivery: Delivery;
  readonly service: PaymentService;
  readonly book: ReturnType<typeof openTestPaymentBook>;
  readonly published: MainEvent[];
  readonly timing: PaymentTiming;
  /** The book's SQLite file, to read back once the till has stopped. */
  readonly journalFile: string;
  /** What the till logged. */
  readonly logger: ReturnType<typeof createMemoryLogger>;
  /** Starts a card payment on a new sale and waits until it settles. */
  pay(amountMinor: number): Promise<AttemptRecord>;
  fault(fault: CommonFault): Promise<void>;
  /** Stops the till as a restart would: card payments (listener, service), then the book. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the till, then the terminal's connection and its simulated cloud. Safe to call twice; done when the test ends. */
  close(): Promise<void>;
}

export interface ProviderHarnessOptions {
  delivery: Delivery;
  timing?: Partial<PaymentTiming>;
  /** The simulator's time scale; 0.001 by default, so a card takes a few milliseconds. */
  timeScale?: number;
}

export async function startProviderHarness(
  rig: ScenarioRig,
  options: ProviderHarnessOptions,
): Promise<ProviderHarness> {
  const { delivery } = options;
  const rigged = await rig.connect({ delivery, timeScale: options.timeScale ?? 0.001 });
  const logger = createMemoryLogger();
  const events = createEventHub(logger);
  const published: MainEvent[] = [];
  events.subscribe((event) => published.push(event));
  const journalFile = path.join(tempDir(), 'journal.sqlite');
  const book = openTestPaymentBook(journalFile);
  const timing = { ...TEST_TIMING, ...options.timing };
  const payments = await startCardPayments({
    // No listener configured: the rig's cloud delivers to one on loopback, as an embedded simulator does.
    config: { currency: 'EUR', webhooks: undefined },
    book,
    payment: { mode: delivery, resultTimeoutSeconds: timing.resultTimeoutMs / 1000 },
    connection: rigged.terminal,
    logger,
    events,
    timing,
  });
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await payments.close();
      book.close();
    })());
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await stop();
      await rigged.terminal.close();
      await rigged.close();
    })());
  onTestFinished(close);
  await payments.recovered;

  let sales = 0;
  return {
    provider: rig.name,
    delivery,
    service: payments.service,
    book,
    published,
    timing,
    journalFile,
    logger,
    stop,
    close,
    async pay(amountMinor) {
      sales += 1;
      const started = payments.service.startPayment({ saleId: `sale-${sales}`, amountMinor, currency: 'EUR' });
      return payments.service.whenSettled(started.id);
    },
    ...rigged.controls,
  };
}
