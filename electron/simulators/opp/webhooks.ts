import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';
import type { WebhookFault } from './faults.ts';
import { contradiction, type Result, verdictOf } from './result-codes.ts';
import { encryptNotification } from './webhook-crypto.ts';

/**
 * OPP's webhooks: `{"type":"PAYMENT","payload":<the transaction as the API
 * answers it>}`, encrypted (webhook-crypto.ts) and POSTed to the listener's
 * URL, which ACI sets per listener in its back office, not per request. A
 * 2xx answer means delivered; anything else, a refused connection or no
 * answer in 30 s is tried again after 1, 2, 4, 8, 15 and 30 minutes, then
 * hourly (Peach's schedule, as a third party summarises it), until
 * `maxAttempts` tries have failed. All delays are simulated.
 */

export const ATTEMPT_TIMEOUT_MS = 30_000;
/** Real milliseconds a receiver always gets, whatever the time scale. */
const MIN_ATTEMPT_TIMEOUT_MS = 2_000;
export const RETRY_DELAYS_MS = [1, 2, 4, 8, 15, 30].map((minutes) => minutes * 60_000);
const HOURLY_MS = 60 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 10;

/** The wait before try number `index` (0 is the first, sent at once). */
export function retryDelay(index: number): number {
  if (index === 0) return 0;
  return RETRY_DELAYS_MS[index - 1] ?? HOURLY_MS;
}

/** The transaction as the API answers it: all a webhook needs to know of it is its id and result. */
export interface PaymentPayload {
  readonly id: string;
  readonly result: Result;
  readonly [field: string]: unknown;
}

export interface WebhookAttempt {
  /** The receiver's status, or undefined when no answer came. */
  status?: number;
  error?: string;
  /** Simulated time of the try. */
  at: string;
}

/** One webhook as the control API lists it. */
export interface WebhookRecord {
  paymentId: string;
  resultCode: string;
  url: string;
  /** The JSON that was encrypted, for a test to compare with what it decrypted. */
  plaintext: string;
  fault?: WebhookFault['fault'];
  /** Sent by the `webhook-contradicting` fault: its verdict is not the truth. */
  contradicting: boolean;
  attempts: WebhookAttempt[];
  state: 'pending' | 'delivered' | 'given-up' | 'lost';
}

export interface WebhookSender {
  /** Emits one notification about `payload` to the current URL (none without one), subject to the next webhook fault. */
  emit(payload: PaymentPayload): void;
  readonly records: readonly WebhookRecord[];
  /** Resolves when every webhook emitted so far is delivered, given up or still held for reordering. */
  idle(): Promise<void>;
  reset(): void;
  close(): void;
}

export function createWebhookSender(options: {
  time: SimTime;
  logger: Logger;
  secret: string;
  url: () => string | undefined;
  wrapJson: boolean;
  maxAttempts: number;
  takeFault: (final: boolean) => WebhookFault | undefined;
}): WebhookSender {
  const { time, logger } = options;
  let shutdown = new AbortController();
  const pending = new Set<Promise<void>>();
  let records: WebhookRecord[] = [];
  /** A webhook held by a reorder fault, released after the next one settles. */
  let held: (() => Promise<void>) | undefined;

  async function attempt(record: WebhookRecord): Promise<boolean> {
    const at = time.now().toISOString();
    // A fresh IV for every delivery, retries and doubles included: an IV is never reused with the key.
    const sealed = encryptNotification(options.secret, record.plaintext);
    const body = options.wrapJson ? JSON.stringify({ encryptedBody: sealed.body }) : sealed.body;
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: {
          'content-type': options.wrapJson ? 'application/json' : 'text/plain',
          'x-initialization-vector': sealed.iv,
          'x-authentication-tag': sealed.tag,
        },
        body,
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

  async function deliver(record: WebhookRecord, signal: AbortSignal): Promise<void> {
    for (let index = 0; index < options.maxAttempts; index += 1) {
      const delay = retryDelay(index);
      if (delay > 0 && !(await time.wait(delay, signal))) return;
      if (await attempt(record)) {
        record.state = 'delivered';
        return;
      }
      if (signal.aborted) return;
    }
    record.state = 'given-up';
    logger.warn('opp_simulator.webhook_given_up', { paymentId: record.paymentId, resultCode: record.resultCode });
  }

  function track(run: Promise<void>) {
    const guarded = run.catch((error: unknown) => logger.error('opp_simulator.webhook_failed', { error }));
    pending.add(guarded);
    void guarded.finally(() => pending.delete(guarded));
  }

  function record(url: string, payload: PaymentPayload, extra: Partial<WebhookRecord> = {}): WebhookRecord {
    const made: WebhookRecord = {
      paymentId: payload.id,
      resultCode: payload.result.code,
      url,
      plaintext: JSON.stringify({ type: 'PAYMENT', payload }),
      contradicting: false,
      attempts: [],
      state: 'pending',
      ...extra,
    };
    records.push(made);
    return made;
  }

  return {
    emit(payload) {
      const url = options.url();
      if (url === undefined) return;
      const final = verdictOf(payload.result.code) !== 'pending';
      const fault = options.takeFault(final);
      const made = record(url, payload, fault === undefined ? {} : { fault: fault.fault });
      if (fault?.fault === 'webhook-lost') {
        made.state = 'lost';
        return;
      }
      const signal = shutdown.signal;
      const send = async () => {
        if (fault?.fault === 'webhook-late' && !(await time.wait(fault.delayMs, signal))) return;
        await deliver(made, signal);
        if (fault?.fault === 'webhook-doubled') await deliver(made, signal);
        if (fault?.fault === 'webhook-contradicting' && !signal.aborted) {
          const opposite = record(
            url,
            { ...payload, result: contradiction(payload.result.code) },
            { fault: fault.fault, contradicting: true },
          );
          await deliver(opposite, signal);
        }
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
