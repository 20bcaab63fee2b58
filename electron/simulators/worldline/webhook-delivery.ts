import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';
import type { WebhookTarget } from './terminal.ts';

/**
 * Posts an asynchronous request's result to its `Header.WebhookUrl`, exactly
 * as given (query string and all: clients put a token there), as JSON. A 2xx
 * answer means delivered. Anything else, a refused connection or no answer
 * within 10 s, is tried again up to `Header.NumberOfRetries` more times,
 * 5, 15, 45 … s apart (simulated), then given up and logged. Redirects are
 * not followed: a webhook receiver that moves is a misconfigured one.
 */

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** Real milliseconds a receiver always gets, whatever the time scale. */
const MIN_ATTEMPT_TIMEOUT_MS = 2_000;

/** Simulated ms before retry `retry` (0 for the first): 5 s, then three times longer each time. */
export function retryDelayMs(retry: number): number {
  return 5_000 * 3 ** retry;
}

export interface WebhookJob {
  target: WebhookTarget;
  body: unknown;
  /** Sent this much (simulated) later. */
  delayMs: number;
  /** 2 for a duplicate-webhook fault: the second goes once the first has been delivered or given up. */
  copies: number;
  /** After every attempt, with whether it was delivered. */
  onAttempt(delivered: boolean): void;
}

export interface WebhookDelivery {
  send(job: WebhookJob): void;
  /** Resolves when every webhook sent so far has been delivered or given up. */
  idle(): Promise<void>;
  close(): void;
}

/** The URL for a log line: the query string holds the client's token. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export function createWebhookDelivery(options: { time: SimTime; logger: Logger }): WebhookDelivery {
  const { time, logger } = options;
  const shutdown = new AbortController();
  const pending = new Set<Promise<void>>();

  async function attempt(url: string, json: string): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
        redirect: 'manual',
        // The network is not scaled: a fast time scale must not turn a slow receiver into a lost one.
        signal: AbortSignal.any([
          shutdown.signal,
          AbortSignal.timeout(Math.max(ATTEMPT_TIMEOUT_MS * time.scale, MIN_ATTEMPT_TIMEOUT_MS)),
        ]),
      });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }

  async function deliver(job: WebhookJob, json: string): Promise<void> {
    const { url, retries } = job.target;
    for (let tries = 0; tries <= retries; tries += 1) {
      if (tries > 0 && !(await time.wait(retryDelayMs(tries - 1), shutdown.signal))) return;
      const delivered = await attempt(url, json);
      if (shutdown.signal.aborted) return;
      job.onAttempt(delivered);
      if (delivered) return;
    }
    logger.warn('worldline_simulator.webhook_given_up', { url: loggableUrl(url), attempts: retries + 1 });
  }

  return {
    send(job) {
      const json = JSON.stringify(job.body);
      const run = (async () => {
        if (job.delayMs > 0 && !(await time.wait(job.delayMs, shutdown.signal))) return;
        for (let copy = 0; copy < job.copies; copy += 1) await deliver(job, json);
      })().catch((error: unknown) => logger.error('worldline_simulator.webhook_failed', { error }));
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
    close() {
      shutdown.abort();
    },
  };
}
