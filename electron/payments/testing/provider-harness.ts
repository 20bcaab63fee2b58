import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { MainEvent } from '../../../shared/ipc/events.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
// Only test code may import the simulators.
import { POIID } from '../../simulators/adyen/testing/requests.ts';
import { FAULT_STATUSES, type FaultStatus } from '../../simulators/worldline/faults.ts';
import { startTestWorldlineSimulator, WORLDLINE_UTID } from '../../simulators/worldline/testing/harness.ts';
import { tempDir } from '../../test-support/temp-dir.ts';
import type { AttemptRecord } from '../journal/payment-journal.ts';
import { createPaymentService, type PaymentTiming } from '../payment-service.ts';
import { startWebhookListener } from '../webhooks/webhook-listener.ts';
import { createTerminalReadings } from '../worldline/terminal-readings.ts';
import { worldlineIntake } from '../worldline/webhook-intake.ts';
import type { WorldlineTerminalConnection } from '../worldline/worldline-connection.ts';
import { createWorldlineTerminal } from '../worldline/worldline-terminal.ts';
import { startPaymentHarness, TEST_TIMING } from './payment-harness.ts';
import { openTestPaymentJournal } from '../../test-support/test-books.ts';

/**
 * One payment service over either provider, for the scenario table that
 * runs every scenario against both: the same service, journal and listener,
 * a different cloud behind them (each provider's simulator over real HTTP on
 * loopback). Faults are named once here and translated into each
 * simulator's own control API.
 */

export const PROVIDERS = ['adyen', 'worldline'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

function worldlineStatus(status: number): FaultStatus {
  const known = FAULT_STATUSES.find((candidate) => candidate === status);
  if (known === undefined) throw new Error(`The Worldline simulator cannot answer HTTP ${status}`);
  return known;
}

export type CommonFault =
  /** The cloud answers with this status; `beforeTerminal`: it never passed the request on. */
  | { kind: 'http-error'; status: number; beforeTerminal: boolean; times?: number }
  /** The terminal finishes, then the connection is cut before the reply. */
  | { kind: 'drop-connection' }
  /** The terminal finishes; the held reply never comes. */
  | { kind: 'never-respond' }
  /** The result webhook is never sent. */
  | { kind: 'lose-result' }
  /** The result webhook is sent twice. */
  | { kind: 'duplicate-result' };

export interface ProviderHarness {
  readonly provider: ProviderName;
  readonly delivery: 'sync' | 'async';
  readonly service: ReturnType<typeof createPaymentService>;
  readonly journal: ReturnType<typeof openTestPaymentJournal>;
  readonly published: MainEvent[];
  readonly timing: PaymentTiming;
  /** Starts a card payment on a new sale and waits until it settles. */
  pay(amountMinor: number): Promise<AttemptRecord>;
  fault(fault: CommonFault): Promise<void>;
  setOnline(online: boolean): Promise<void>;
  /** Payments, refunds and reversals the simulated terminal has seen. */
  moneyAtTerminal(): Promise<number>;
  /** Resolves when every result the cloud queued has been delivered or given up. */
  deliveriesDone(): Promise<void>;
}

export interface ProviderHarnessOptions {
  delivery: 'sync' | 'async';
  timing?: Partial<PaymentTiming>;
  /** The simulator's time scale; 0.001 by default, so a card takes a few milliseconds. */
  timeScale?: number;
}

export function startProviderHarness(
  provider: ProviderName,
  options: ProviderHarnessOptions,
): Promise<ProviderHarness> {
  return provider === 'adyen' ? adyenHarness(options) : worldlineHarness(options);
}

async function adyenHarness(options: ProviderHarnessOptions): Promise<ProviderHarness> {
  const h = await startPaymentHarness({
    delivery: options.delivery,
    ...(options.timing === undefined ? {} : { timing: options.timing }),
    ...(options.timeScale === undefined ? {} : { simulator: { timeScale: options.timeScale } }),
  });
  const names = { 'lose-result': 'lose-notification', 'duplicate-result': 'duplicate-notification' } as const;
  return {
    provider: 'adyen',
    delivery: options.delivery,
    service: h.service,
    journal: h.journal,
    published: h.published,
    timing: h.timing,
    pay: h.pay,
    async fault(fault) {
      if (fault.kind === 'http-error') {
        for (let time = 0; time < (fault.times ?? 1); time += 1) {
          await h.client.addFault(POIID, {
            fault: 'http-error',
            status: fault.status,
            beforeTerminal: fault.beforeTerminal,
          });
        }
      } else if (fault.kind === 'lose-result' || fault.kind === 'duplicate-result') {
        await h.client.addFault(POIID, { fault: names[fault.kind] });
      } else {
        await h.client.addFault(POIID, { fault: fault.kind });
      }
    },
    setOnline: (online) => h.client.setOnline(POIID, online),
    moneyAtTerminal: async () => (await h.client.transactions(POIID)).length,
    deliveriesDone: () => h.simulator.notificationsIdle(),
  };
}

async function worldlineHarness(options: ProviderHarnessOptions): Promise<ProviderHarness> {
  const { simulator, client } = await startTestWorldlineSimulator({ timeScale: options.timeScale ?? 0.001 });
  const logger = createMemoryLogger();
  const events = createEventHub(logger);
  const published: MainEvent[] = [];
  events.subscribe((event) => published.push(event));
  const journal = openTestPaymentJournal(path.join(tempDir(), 'journal.sqlite'));
  const connection: WorldlineTerminalConnection = {
    provider: 'worldline',
    terminalId: WORLDLINE_UTID,
    merchantId: simulator.merchantId,
    initiatingPartyId: 'KassaTill1',
    baseUrl: simulator.url,
    apiKey: simulator.apiKey,
    target: simulator.url,
    webhookRetries: 3,
    webhookBase: undefined,
    webhookOnLoopback: true,
    readings: createTerminalReadings(),
    close: () => Promise.resolve(),
  };
  const timing = { ...TEST_TIMING, ...options.timing };
  const provider = createWorldlineTerminal({
    connection,
    delivery: options.delivery,
    resultTimeoutMs: timing.resultTimeoutMs,
    signingKey: journal.signingKey,
    logger,
    // The real backoff's shape with test-sized waits: no test sleeps for a retry.
    retry: { tries: 4, baseDelayMs: 1, maxDelayMs: 4 },
  });
  const service = createPaymentService({ journal, provider, currency: 'EUR', logger, events, timing });
  const listener = await startWebhookListener({
    host: '127.0.0.1',
    port: 0,
    journal,
    deliver: (body, seq) => service.handleNotification(body, seq),
    logger,
    intakes: [
      worldlineIntake({ terminalId: WORLDLINE_UTID, initiatingPartyId: 'KassaTill1', signingKey: journal.signingKey }),
    ],
  });
  connection.webhookBase = listener.url;
  onTestFinished(async () => {
    await listener.close();
    await service.close();
    journal.close();
  });

  let sales = 0;
  return {
    provider: 'worldline',
    delivery: options.delivery,
    service,
    journal,
    published,
    timing,
    async pay(amountMinor) {
      sales += 1;
      const started = service.startPayment({ saleId: `sale-${sales}`, amountMinor, currency: 'EUR' });
      return service.whenSettled(started.id);
    },
    async fault(fault) {
      const names = { 'lose-result': 'lose-webhook', 'duplicate-result': 'duplicate-webhook' } as const;
      if (fault.kind === 'http-error') {
        await client.addFault(WORLDLINE_UTID, {
          fault: 'http-error',
          status: worldlineStatus(fault.status),
          beforeTerminal: fault.beforeTerminal,
          times: fault.times ?? 1,
        });
      } else if (fault.kind === 'lose-result' || fault.kind === 'duplicate-result') {
        await client.addFault(WORLDLINE_UTID, { fault: names[fault.kind] });
      } else {
        await client.addFault(WORLDLINE_UTID, { fault: fault.kind });
      }
    },
    setOnline: (online) => client.setOnline(WORLDLINE_UTID, online),
    moneyAtTerminal: async () => (await client.transactions(WORLDLINE_UTID)).transactions.length,
    deliveriesDone: () => simulator.notificationsIdle(),
  };
}
