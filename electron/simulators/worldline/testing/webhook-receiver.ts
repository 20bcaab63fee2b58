import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A till's webhook endpoint on loopback: records every POST it gets (the
 * request URL with its query, the body, what it answered) and answers with
 * the statuses a test scripts, so a test can wait for what it expects
 * instead of sleeping. Closes itself when the test ends.
 */

export interface ReceivedWebhook {
  /** The request target as it arrived: path and query string. */
  readonly target: string;
  readonly raw: string;
  /** The parsed JSON body, or undefined if it was not JSON. */
  readonly body: unknown;
  readonly contentType: string | undefined;
  /** `performance.now()` at arrival. */
  readonly at: number;
  /** The status this receiver answered with. */
  readonly answered: number;
}

export interface WebhookReceiverOptions {
  /**
   * The statuses to answer, in order, one per delivery; 200 once they run
   * out. `[500, 500]`: the first two fail, the third is accepted.
   */
  statuses?: readonly number[];
  /** Decides the status for each delivery instead (overrides `statuses`). */
  respond?: (delivery: Omit<ReceivedWebhook, 'answered'>, index: number) => number;
}

export interface WebhookReceiver {
  /** A webhook URL with a per-receiver token in its query, as a till makes them. */
  readonly url: string;
  /** `target` of a delivery to `url`, for comparing. */
  readonly target: string;
  readonly deliveries: readonly ReceivedWebhook[];
  /** Deliveries answered with a 2xx. */
  accepted(): ReceivedWebhook[];
  /** Resolves once `done(deliveries)` holds; rejects after `timeoutMs` real ms, naming `what`. */
  waitFor(what: string, done: (deliveries: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const deliveries: ReceivedWebhook[] = [];
  let waiters: { check: () => void }[] = [];

  const server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      let body: unknown;
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = undefined;
      }
      const seen = {
        target: request.url ?? '',
        raw,
        body,
        contentType: request.headers['content-type'],
        at: performance.now(),
      };
      const index = deliveries.length;
      const answered = options.respond?.(seen, index) ?? options.statuses?.[index] ?? 200;
      deliveries.push({ ...seen, answered });
      response.writeHead(answered, { 'content-type': 'application/json' }).end('{}');
      for (const waiter of waiters) waiter.check();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Like a real till: an operation and a secret token in the query, which must come back untouched.
  const target = `/worldline/webhook?op=${randomUUID()}&token=${randomUUID().replaceAll('-', '')}`;

  let closing: Promise<void> | undefined;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${String(port)}${target}`,
    target,
    deliveries,
    accepted: () => deliveries.filter((delivery) => delivery.answered >= 200 && delivery.answered < 300),
    waitFor(what, done, timeoutMs = 3_000) {
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          check: () => {
            if (!done(deliveries)) return;
            clearTimeout(timer);
            waiters = waiters.filter((other) => other !== waiter);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((other) => other !== waiter);
          const seen = deliveries.map((delivery) => String(delivery.answered)).join(', ');
          reject(new Error(`Timed out waiting for ${what}; answered ${seen === '' ? 'nothing' : seen}`));
        }, timeoutMs);
        waiters.push(waiter);
        waiter.check();
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  onTestFinished(() => receiver.close());
  return receiver;
}
