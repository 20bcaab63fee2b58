import type { HqTillConfig, TillConfig } from '../../shared/config/schema.ts';
import type { DeviceStatus } from '../../shared/devices.ts';
import type { TillStatus } from '../../shared/hq/hq-contract.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { DeviceStatusBoard } from '../devices/device-status-board.ts';
import type { DeviceWords } from '../devices/device-words.ts';
import type { Logger } from '../logging/logger.ts';
import type { DeliveryPipeline } from '../payments/webhooks/webhook-listener.ts';
import type { TillDatabase } from '../till-database/till-database.ts';
import { createHqClient } from './hq-client.ts';
import type { HqCredentials } from './hq-credentials.ts';
import { enrolmentAdvice, enrolTill } from './hq-enrolment.ts';
import { createHqLinkBook } from './hq-link.ts';
import { createHqOutbox } from './hq-outbox.ts';
import { HQ_DEVICE_ID, hqDeviceDetail, hqDeviceState, lastLiveZ } from './hq-status.ts';
import { startHqSyncWorker, type HqSyncTiming, type HqSyncWorker } from './hq-sync-worker.ts';
import { backoffMs, systemTimers, type Timers } from './hq-timers.ts';
import { startWebhookRelay, type RelayTiming, type WebhookRelayClient } from './webhook-relay-client.ts';

/**
 * The till's side of Kassa HQ, put together for the composition root: the
 * sync worker on the till's journal, its light on the status bar, the
 * enrolment the desktop app makes by itself when the configuration carries a
 * code, and (with `hq.relayWebhooks`) the webhook relay, started once the
 * till is enrolled, since HQ keeps webhooks only for tills it knows.
 */

export interface HqSync {
  readonly worker: HqSyncWorker;
  /** Something was recorded: push it now. */
  wake(): void;
  close(): Promise<void>;
}

export interface HqSyncOptions {
  config: TillConfig;
  hq: HqTillConfig;
  database: TillDatabase;
  credentials: HqCredentials;
  devices: DeviceStatusBoard;
  words: DeviceWords;
  version: string;
  logger: Logger;
  /** The payment intake for relayed webhooks (`sender: 'hq'`); no relay without it. */
  relay?: DeliveryPipeline;
  /** The device lights the status push reports. */
  printerDeviceId: string;
  terminalDeviceId: string;
  clock?: Clock;
  timers?: Timers;
  random?: () => number;
  fetch?: typeof fetch;
  timing?: Partial<HqSyncTiming>;
  relayTiming?: Partial<RelayTiming>;
}

/** The contract's word for a device light. */
function healthOf(device: DeviceStatus | undefined): TillStatus['printer'] {
  switch (device?.state) {
    case undefined:
    case 'not_configured':
      return { health: 'none' };
    case 'online':
    case 'busy':
      return { health: 'ok' };
    case 'unknown':
      return { health: 'unknown' };
    case 'offline':
      return { health: 'problem', detail: device.detail.slice(0, 200) };
  }
}

export function startHqSync(options: HqSyncOptions): HqSync {
  const { config, hq, database, credentials, devices, words, logger } = options;
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const client = createHqClient({
    url: hq.url,
    token: () => credentials.read(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const links = createHqLinkBook(database);
  const outbox = createHqOutbox(database);
  const routes: TillStatus['routes'] =
    config.payment?.provider === 'adyen' ? [{ provider: 'adyen', poiId: config.payment.adyen.poiId }] : [];

  const worker = startHqSyncWorker({
    client,
    outbox,
    link: links,
    logger,
    clock,
    timers,
    random,
    timing: { pushEveryMs: hq.pushEverySeconds * 1000, ...options.timing },
    status: () => {
      const board = devices.list();
      const lastZ = lastLiveZ(database.connection);
      return {
        appVersion: options.version.slice(0, 40),
        printer: healthOf(board.find((device) => device.id === options.printerDeviceId)),
        terminal: healthOf(board.find((device) => device.id === options.terminalDeviceId)),
        ...(lastZ === undefined ? {} : { lastZ }),
        routes,
      };
    },
  });

  const first = worker.view();
  devices.register({
    id: HQ_DEVICE_ID,
    kind: 'hq',
    label: 'Kassa HQ',
    state: hqDeviceState(first, false),
    detail:
      first.problem === undefined && first.lastSyncedAt === undefined ? words.hqChecking : hqDeviceDetail(first, words),
    hq: first,
  });

  let closed = false;
  let relay: WebhookRelayClient | undefined;
  const relayPipeline = hq.relayWebhooks ? options.relay : undefined;
  if (hq.relayWebhooks && relayPipeline === undefined) {
    logger.warn('hq.relay_not_started', { reason: 'this till takes no card payments on an Adyen terminal' });
  }
  /** The relay runs while the till is enrolled and HQ accepts it; started again after a new enrolment. */
  function keepRelay(): void {
    if (closed || relayPipeline === undefined || relay?.running === true) return;
    const view = worker.view();
    if (view.problem === 'not_enrolled' || view.problem === 'revoked') return;
    relay = startWebhookRelay({
      client,
      pipeline: relayPipeline,
      logger,
      timers,
      random,
      ...(options.relayTiming === undefined ? {} : { timing: options.relayTiming }),
    });
    logger.info('hq.relay_started', { url: hq.url });
  }

  const stopFollowing = worker.onChange((view) => {
    devices.update(HQ_DEVICE_ID, hqDeviceState(view, worker.tried), hqDeviceDetail(view, words), view);
    keepRelay();
  });
  keepRelay();

  // The desktop app enrols by itself when IT put the code in the configuration; tried again while HQ is away.
  let enrolTimer: unknown;
  let enrolFailures = 0;
  let enrolling: Promise<void> | undefined;
  const code = hq.enrolmentCode;
  function enrol(): void {
    if (closed || code === undefined || links.link() !== undefined) return;
    enrolling = enrolTill({
      config: { ...config, hq },
      code,
      version: options.version,
      client,
      links,
      outbox,
      credentials,
      clock,
    })
      .then((outcome) => {
        if (outcome.kind === 'enrolled') {
          logger.info('hq.enrolled', { tillKey: outcome.link.tillKey, queued: outcome.queued });
          worker.wake();
          return;
        }
        const advice = enrolmentAdvice(outcome, { url: hq.url, tillId: config.till.id });
        if (outcome.kind === 'unreachable') {
          enrolFailures += 1;
          const pauseMs = backoffMs(enrolFailures, 5_000, 5 * 60_000, random);
          if (enrolFailures === 1)
            logger.warn('hq.enrol_failed', { outcome: outcome.kind, advice, retryInMs: pauseMs });
          if (!closed) enrolTimer = timers.setTimeout(enrol, pauseMs);
          return;
        }
        logger.error('hq.enrol_failed', { outcome: outcome.kind, advice });
      })
      .catch((error: unknown) => logger.error('hq.enrol_crashed', { error }));
  }
  enrol();

  let closing: Promise<void> | undefined;
  return {
    worker,
    wake: () => worker.wake(),
    close() {
      closing ??= (async () => {
        closed = true;
        if (enrolTimer !== undefined) timers.clearTimeout(enrolTimer);
        stopFollowing();
        await enrolling;
        await relay?.close();
        await worker.close();
      })();
      return closing;
    },
  };
}
