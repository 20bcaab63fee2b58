import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';
import type { WebhookFault } from './faults.ts';

/**
 * Worldline Direct's webhooks: a JSON event POSTed to the merchant, signed
 * with `X-GCS-Signature` = base64(HMAC-SHA256(webhook secret as UTF-8, the
 * exact body bytes)) and `X-GCS-KeyId`. Direct still sends `apiVersion: "v1"`
 * events (the official SDK refuses anything else). A 2xx answer means
 * delivered; anything else, a refused connection or no answer in 10 s is
 * tried again after 10, 30 and 90 s (simulated; Worldline publishes no retry
 * schedule, so this one is assumed), then given up.
 */

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** Real milliseconds a receiver always gets, whatever the time scale. */
const MIN_ATTEMPT_TIMEOUT_MS = 2_000;
export const RETRY_DELAYS_MS = [10_000, 30_000, 90_000] as const;

export function signWebhook(secret: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('base64');
}

/** `yyyy-MM-dd'T'HH:mm:ss.SSS+0000`, the form Worldline's documented events carry. */
export function eventTimestamp(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}

export interface WebhookEvent {
  apiVersion: 'v1';
  id: string;
  created: string;
  merchantId: string;
  type: string;
  payment?: unknown;
  refund?: unknown;
}

export interface WebhookAttempt {
  /** The receiver's status, or undefined when no answer came. */
  status?: number;
  error?: string;
  at: string;
}

/** One webhook as the control API lists it. */
export interface WebhookRecord {
  eventId: string;
  type: string;
  url: string;
  body: WebhookEvent;
  fault?: WebhookFault['fault'];
  attempts: WebhookAttempt[];
  state: 'pending' | 'delivered' | 'given-up' | 'lost';
}

export interface WebhookSender {
  /** Emits one event to `url`, subject to the next scripted webhook fault. */
  emit(url: string, event: Omit<WebhookEvent, 'apiVersion' | 'id' | 'created' | 'merchantId'>): void;
  readonly records: readonly WebhookRecord[];
  /** Resolves when every webhook emitted so far is delivered, given up or still held for reordering. */
  idle(): Promise<void>;
  reset(): void;
  close(): void;
}

export function createWebhookSender(options: {
  time: SimTime;
  logger: Logger;
  merchantId: string;
  keyId: string;
  secret: string;
  takeFault: () => WebhookFault | undefined;
}): WebhookSender {
  const { time, logger } = options;
  let shutdown = new AbortController();
  const pending = new Set<Promise<void>>();
  let records: WebhookRecord[] = [];
  /** A webhook held by a reorder fault, released after the next one settles. */
  let held: (() => Promise<void>) | undefined;

  async function attempt(record: WebhookRecord, raw: string): Promise<boolean> {
    const at = time.now().toISOString();
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-gcs-signature': signWebhook(options.secret, raw),
          'x-gcs-keyid': options.keyId,
        },
        body: raw,
        redirect: 'manual',
        // The network is not scaled: a fast time scale must not turn a slow receiver into a lost one.
        signal: AbortSignal.any([
          shutdown.signal,
          AbortSignal.timeout(Math.max(ATTEMPT_TIMEOUT_MS * time.scale, MIN_ATTEMPT_TIMEOUT_MS)),
        ]),
      });
      await response.arrayBuffer();
      record.attempts.push({ status: response.status, at });
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      record.attempts.push({ error: error instanceof Error ? error.message : String(error), at });
      return false;
    }
  }

  async function deliver(record: WebhookRecord, raw: string, signal: AbortSignal): Promise<void> {
    for (let tries = 0; tries <= RETRY_DELAYS_MS.length; tries += 1) {
      const delay = RETRY_DELAYS_MS[tries - 1];
      if (delay !== undefined && !(await time.wait(delay, signal))) return;
      if (await attempt(record, raw)) {
        record.state = 'delivered';
        return;
      }
      if (signal.aborted) return;
    }
    record.state = 'given-up';
    logger.warn('worldline_direct_simulator.webhook_given_up', { type: record.type, eventId: record.eventId });
  }

  function track(run: Promise<void>) {
    const guarded = run.catch((error: unknown) => logger.error('worldline_direct_simulator.webhook_failed', { error }));
    pending.add(guarded);
    void guarded.finally(() => pending.delete(guarded));
  }

  return {
    emit(url, event) {
      const body: WebhookEvent = {
        apiVersion: 'v1',
        id: randomUUID(),
        created: eventTimestamp(time.now()),
        merchantId: options.merchantId,
        ...event,
      };
      const fault = options.takeFault();
      const record: WebhookRecord = {
        eventId: body.id,
        type: body.type,
        url,
        body,
        ...(fault === undefined ? {} : { fault: fault.fault }),
        attempts: [],
        state: fault?.fault === 'webhook-lost' ? 'lost' : 'pending',
      };
      records.push(record);
      if (record.state === 'lost') return;
      // The exact bytes that are signed are the bytes that are sent.
      const raw = JSON.stringify(body);
      const signal = shutdown.signal;
      const send = async () => {
        if (fault?.fault === 'webhook-late' && !(await time.wait(fault.delayMs, signal))) return;
        await deliver(record, raw, signal);
        if (fault?.fault === 'webhook-doubled') await deliver(record, raw, signal);
      };
      if (fault?.fault === 'webhook-reordered') {
        held = send;
        return;
      }
      const release = held;
      held = undefined;
      track(
        (async () => {
          await send();
          if (release !== undefined) await release();
        })(),
      );
    },
    get records() {
      return records;
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
    reset() {
      shutdown.abort();
      shutdown = new AbortController();
      records = [];
      held = undefined;
    },
    close() {
      shutdown.abort();
      held = undefined;
    },
  };
}
