import type { RelayedWebhook } from '../../shared/hq/hq-contract.ts';
import type { Logger } from '../logging/logger.ts';
import type { DeliveryPipeline } from '../payments/webhooks/webhook-listener.ts';
import type { HqClient } from './hq-client.ts';
import { backoffMs, systemTimers, type Timers } from './hq-timers.ts';

/**
 * Webhooks for a till behind a router: the payment provider posts to HQ's
 * public address, HQ keeps each one for its till, and the till fetches them
 * over its own outbound connection, a long poll (`GET /api/relay?wait=25`)
 * that HQ answers as soon as something waits. Each webhook goes through the
 * same pipeline as one posted to the till's own listener (describe, store in
 * the inbox, hand to the payment service); only once it is in the inbox,
 * durably, does the till ack it, so HQ offers it again after a crash between
 * the two, and the inbox (one row per notification) takes it once.
 *
 * A webhook the till's intake refuses (not a message the provider sends, not
 * JSON) is acked too, with a log line: offering it again would not change
 * the answer, and it would come back forever. One the till could not store is
 * not acked: it comes again. Errors reconnect after a doubling, jittered
 * pause; a 401 stops the relay, as it stops the sync.
 */

export interface WebhookRelayClient {
  /** False once the relay has stopped: closed, or HQ refused the till's token. */
  readonly running: boolean;
  /** Ends the long poll under way and stops; safe to call twice. */
  close(): Promise<void>;
}

export interface RelayTiming {
  /** How long HQ may hold a poll open while nothing waits (the contract's `wait`). */
  waitSeconds: number;
  firstRetryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_RELAY_TIMING: RelayTiming = { waitSeconds: 25, firstRetryMs: 2_000, maxRetryMs: 5 * 60_000 };

export interface WebhookRelayOptions {
  client: HqClient;
  /** The payment intake the webhook listener uses, built for deliveries HQ vouches for (`sender: 'hq'`). */
  pipeline: DeliveryPipeline;
  logger: Logger;
  timers?: Timers;
  random?: () => number;
  timing?: Partial<RelayTiming>;
}

/** What a relayed webhook's request looked like: HQ keeps the path and the body, and JSON is all it takes. */
const RELAYED_HEADERS = { 'content-type': 'application/json' } as const;

export function startWebhookRelay(options: WebhookRelayOptions): WebhookRelayClient {
  const { client, pipeline, logger } = options;
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const timing = { ...DEFAULT_RELAY_TIMING, ...options.timing };
  const stop = new AbortController();
  let timer: unknown;
  let failures = 0;

  /** A pause that ends early when the relay stops. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        if (timer !== undefined) timers.clearTimeout(timer);
        timer = undefined;
        resolve();
      };
      timer = timers.setTimeout(done, ms);
      stop.signal.addEventListener('abort', done, { once: true });
    });
  }

  async function loop(): Promise<void> {
    while (!stop.signal.aborted) {
      let pauseMs: number | undefined;
      try {
        pauseMs = await pollOnce();
      } catch (error) {
        // Not expected (every answer is an outcome): retried like a failed poll.
        logger.error('hq.relay_crashed', { error });
        pauseMs = failed();
      }
      if (pauseMs === undefined) return;
      if (pauseMs > 0) await pause(pauseMs);
    }
  }

  function failed(): number {
    failures += 1;
    return backoffMs(failures, timing.firstRetryMs, timing.maxRetryMs, random);
  }

  /** One poll and what it brought; answers the pause before the next, or undefined to stop. */
  async function pollOnce(): Promise<number | undefined> {
    const answer = await client.pollRelay(timing.waitSeconds, stop.signal);
    if (stop.signal.aborted) return undefined;
    switch (answer.kind) {
      case 'ok':
        break;
      case 'revoked':
        logger.error('hq.relay_revoked', {
          error: answer.error,
          message: answer.message,
          advice:
            'HQ no longer accepts this till; card results come by asking the terminal until it is enrolled again.',
        });
        return undefined;
      case 'refused':
      case 'unavailable': {
        const pauseMs = failed();
        const why = answer.kind === 'refused' ? answer.message : answer.why;
        if (failures === 1) logger.warn('hq.relay_failed', { why, retryInMs: pauseMs });
        else logger.debug('hq.relay_failed', { why, failures, retryInMs: pauseMs });
        return pauseMs;
      }
    }
    if (failures > 0) logger.info('hq.relay_recovered', { failures });
    failures = 0;
    const taken = answer.value.webhooks.flatMap((webhook) => (take(webhook) ? [webhook.id] : []));
    if (taken.length === 0) return 0;
    const acked = await client.ackRelay(taken);
    if (acked.kind !== 'ok') {
      // Stored already; HQ offers them again and the inbox takes each once. Polled again after a pause.
      logger.warn('hq.relay_ack_failed', { ids: taken, why: acked.kind === 'unavailable' ? acked.why : acked.message });
      return failed();
    }
    return 0;
  }

  /** Puts one webhook through the pipeline; answers whether HQ may forget it. */
  function take(webhook: RelayedWebhook): boolean {
    const outcome = pipeline.acceptDelivery({
      path: webhook.path === '' ? '/' : webhook.path,
      headers: RELAYED_HEADERS,
      raw: Buffer.from(webhook.body, 'utf8'),
      remote: 'hq',
    });
    switch (outcome.kind) {
      case 'accepted':
        outcome.handOn();
        return true;
      case 'store_failed':
        return false;
      case 'no_intake':
      case 'unauthorised':
      case 'unauthentic':
      case 'not_json':
      case 'not_a_message':
        // Asking again would not change the answer: acked, so it does not come back forever.
        logger.warn('hq.relay_refused', { id: webhook.id, provider: webhook.provider, outcome: outcome.kind });
        return true;
    }
  }

  let stopped = false;
  const running = loop().finally(() => {
    stopped = true;
  });

  return {
    get running() {
      return !stopped;
    },
    async close() {
      stop.abort();
      await running;
    },
  };
}
