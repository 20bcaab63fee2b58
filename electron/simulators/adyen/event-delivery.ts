import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';

/**
 * Posts terminal notifications (async results, display progress, events) to
 * the event URLs set up for the merchant, as Adyen's cloud does: JSON, with
 * optional basic auth, one notification after another per URL so they arrive
 * in the order the terminal produced them. A 5xx reply, a refused connection
 * or no reply within 10 s is retried three times, 9, 18 and 27 s apart (the
 * schedule Adyen documents for its webhooks); after that the notification is
 * given up and logged. A 4xx reply is not retried: the receiver refused it.
 */

export interface EventUrl {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
}

/**
 * `https://user:password@host/path` → the URL without them, plus basic-auth
 * fields: fetch refuses URLs with credentials, and a URL is logged and shown
 * where a password must not be.
 */
export function credentialsOutOfUrl(target: EventUrl): EventUrl {
  const url = new URL(target.url);
  if (url.username === '' && url.password === '') return target;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const username = decode(url.username);
  const password = decode(url.password);
  url.username = '';
  url.password = '';
  return { url: url.toString(), username: target.username ?? username, password: target.password ?? password };
}

export interface EventDelivery {
  send(body: unknown): void;
  /** Resolves when every notification queued so far has been delivered or given up. */
  idle(): Promise<void>;
  close(): void;
}

export const DELIVERY_TIMEOUT_MS = 10_000;
export const RETRY_DELAYS_MS = [9_000, 18_000, 27_000] as const;
/** Real milliseconds a receiver always gets, whatever the time scale. */
const MIN_TIMEOUT_MS = 2_000;

export function createEventDelivery(options: {
  urls: readonly EventUrl[];
  time: SimTime;
  logger: Logger;
}): EventDelivery {
  const { urls, time, logger } = options;
  const shutdown = new AbortController();
  const queues = new Map<string, Promise<void>>(urls.map((target) => [target.url, Promise.resolve()]));

  async function post(target: EventUrl, json: string): Promise<'done' | 'retry'> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.username !== undefined) {
      const credentials = `${target.username}:${target.password ?? ''}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: json,
        // The network is not scaled: a fast time scale must not turn a slow receiver into a lost one.
        signal: AbortSignal.any([
          shutdown.signal,
          AbortSignal.timeout(Math.max(DELIVERY_TIMEOUT_MS * time.scale, MIN_TIMEOUT_MS)),
        ]),
      });
      await response.arrayBuffer();
      if (response.status >= 500) return 'retry';
      if (response.status >= 400) {
        logger.warn('simulator.notification_refused', { url: target.url, status: response.status });
      }
      return 'done';
    } catch {
      return 'retry';
    }
  }

  async function deliver(target: EventUrl, json: string): Promise<void> {
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
      if (shutdown.signal.aborted) return;
      if ((await post(target, json)) === 'done') return;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !(await time.wait(delay, shutdown.signal))) break;
    }
    if (!shutdown.signal.aborted) logger.warn('simulator.notification_given_up', { url: target.url });
  }

  return {
    send(body) {
      const json = JSON.stringify(body);
      for (const target of urls) {
        const previous = queues.get(target.url) ?? Promise.resolve();
        queues.set(
          target.url,
          previous.then(() => deliver(target, json)),
        );
      }
    },
    async idle() {
      await Promise.all(queues.values());
    },
    close() {
      shutdown.abort();
    },
  };
}
