import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { DisplayNotificationSchema, EventNotificationSchema, SaleToPOIResponseSchema } from './schemas.ts';

/**
 * A merchant's event URL on loopback: records every POST the simulator makes
 * to it (body, headers, arrival time, what it answered) and lets a test wait
 * for what it expects to arrive instead of sleeping.
 */

export interface Delivery {
  readonly raw: string;
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** `performance.now()` at arrival. */
  readonly at: number;
  /** The status this receiver answered with. */
  readonly answered: number;
  /** How many earlier deliveries carried exactly the same body. */
  readonly attempt: number;
}

export interface EventReceiver {
  readonly url: string;
  readonly deliveries: readonly Delivery[];
  /** Resolves once `done(deliveries)` holds; rejects after `timeoutMs` real ms, naming `what`. */
  waitFor(what: string, done: (deliveries: readonly Delivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** The status to answer a delivery with (200 by default). */
  respond?: (delivery: Omit<Delivery, 'answered'>) => number;
  path?: string;
}

export async function startEventReceiver(options: ReceiverOptions = {}): Promise<EventReceiver> {
  const deliveries: Delivery[] = [];
  let waiters: { check: () => void }[] = [];

  function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      request.on('error', reject);
    });
  }

  const server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      let body: unknown;
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = undefined;
      }
      const seen = {
        raw,
        body,
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        at: performance.now(),
        attempt: deliveries.filter((earlier) => earlier.raw === raw).length,
      };
      const answered = options.respond?.(seen) ?? 200;
      deliveries.push({ ...seen, answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? '[accepted]' : 'no');
      for (const waiter of waiters) waiter.check();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const receiver: EventReceiver = {
    url: `http://127.0.0.1:${String(port)}${options.path ?? '/adyen/events'}`,
    deliveries,
    waitFor(what, done, timeoutMs = 4_000) {
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
          reject(new Error(`Timed out waiting for ${what}; received ${describe(deliveries)}`));
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

export type DeliveryKind = 'result' | 'display' | 'event' | 'other';

export function kindOf(delivery: Pick<Delivery, 'body'>): DeliveryKind {
  if (SaleToPOIResponseSchema.safeParse(delivery.body).success) return 'result';
  if (DisplayNotificationSchema.safeParse(delivery.body).success) return 'display';
  if (EventNotificationSchema.safeParse(delivery.body).success) return 'event';
  return 'other';
}

/** Deliveries the receiver accepted (2xx), of one kind. */
export function accepted(deliveries: readonly Delivery[], kind: DeliveryKind): Delivery[] {
  return deliveries.filter((delivery) => delivery.answered < 300 && kindOf(delivery) === kind);
}

/** The `event=` of a display notification, e.g. `TENDER_CREATED`. */
export function displayEvent(delivery: Pick<Delivery, 'body'>): string | null {
  const display = DisplayNotificationSchema.parse(delivery.body);
  const output = display.SaleToPOIRequest.DisplayRequest.DisplayOutput[0];
  if (output === undefined) return null;
  return new URLSearchParams(output.OutputContent.PredefinedContent.ReferenceID).get('event');
}

function describe(deliveries: readonly Delivery[]): string {
  if (deliveries.length === 0) return 'nothing';
  return deliveries
    .map((delivery) => {
      const kind = kindOf(delivery);
      return `${kind === 'display' ? `display:${displayEvent(delivery) ?? '?'}` : kind}(${String(delivery.answered)})`;
    })
    .join(', ');
}
