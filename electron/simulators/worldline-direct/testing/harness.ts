import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { createMemoryLogger } from '../../../logging/logger.ts';
import { signature, stringToSign } from '../auth.ts';
import type { FaultInput } from '../faults.ts';
import {
  startWorldlineDirectSimulator,
  type WorldlineDirectSimulator,
  type WorldlineDirectSimulatorOptions,
} from '../simulator.ts';

/**
 * Starts the Worldline Direct simulator on a free loopback port for one
 * test, with fixed test credentials, and closes it when the test ends. The
 * client signs like Worldline's SDKs (with the simulator's own signer: the
 * official SDK's tests check that signer against the real thing). Time
 * scale 0.001 unless a test asks otherwise: a refund settles in 60 ms.
 */

export const TEST_MERCHANT_ID = 'KassaDirectTest';
export const TEST_API_KEY_ID = 'A1B2C3D4E5F60718';
export const TEST_SECRET_API_KEY = 'kassa-test-secret/Direct+v2=';
export const TEST_WEBHOOK_KEY_ID = 'kassa-webhook-key';
export const TEST_WEBHOOK_SECRET = 'kassa+webhook/secret';
export const TEST_TIME_SCALE = 0.001;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when empty or not JSON. */
  readonly json: unknown;
}

export interface SignedRequestOptions {
  body?: unknown;
  /** Extra headers, signed when they are X-GCS ones. */
  headers?: Record<string, string>;
  /** Overrides the Date header (signed as given). */
  date?: string;
  apiKeyId?: string;
  secretApiKey?: string;
  /** Sends the body in chunks without Content-Length, as the official SDK does. */
  chunked?: boolean;
  /** Headers changed after signing, as a man in the middle would. */
  tamper?: Record<string, string>;
  /** Another merchant id in the path. */
  merchantId?: string;
}

export interface DirectClient {
  /** A signed call to `/v2/{merchant}/{resource}`. */
  call(method: string, resource: string, options?: SignedRequestOptions): Promise<Reply>;
  /** An unsigned request to any path (hosted page, control API). */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Reply>;
  addFault(fault: FaultInput): Promise<void>;
}

export interface TestDirectSimulator {
  simulator: WorldlineDirectSimulator;
  logger: ReturnType<typeof createMemoryLogger>;
  client: DirectClient;
}

export async function startTestDirectSimulator(
  options: Partial<WorldlineDirectSimulatorOptions> = {},
): Promise<TestDirectSimulator> {
  const logger = createMemoryLogger();
  const simulator = await startWorldlineDirectSimulator({
    logger,
    merchantId: TEST_MERCHANT_ID,
    apiKeyId: TEST_API_KEY_ID,
    secretApiKey: TEST_SECRET_API_KEY,
    webhookKeyId: TEST_WEBHOOK_KEY_ID,
    webhookSecret: TEST_WEBHOOK_SECRET,
    timeScale: TEST_TIME_SCALE,
    ...options,
  });
  onTestFinished(() => simulator.close());
  return { simulator, logger, client: createDirectClient(simulator) };
}

function parsed(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

async function replyOf(response: Response): Promise<Reply> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parsed(text) };
}

export function createDirectClient(simulator: WorldlineDirectSimulator): DirectClient {
  async function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    return replyOf(
      await fetch(`${simulator.url}${path}`, {
        method,
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(init.body === undefined ? {} : { body: init.body }),
      }),
    );
  }
  return {
    async call(method, resource, options = {}) {
      const path = `/v2/${options.merchantId ?? simulator.merchantId}/${resource}`;
      const date = options.date ?? new Date().toUTCString();
      const contentType = 'application/json';
      const headers: Record<string, string> = { date, 'content-type': contentType, ...options.headers };
      const toSign = stringToSign({
        method,
        contentType,
        date,
        gcsHeaders: Object.entries(headers),
        resource: path,
      });
      headers.authorization = `GCS v1HMAC:${options.apiKeyId ?? TEST_API_KEY_ID}:${signature(options.secretApiKey ?? TEST_SECRET_API_KEY, toSign)}`;
      Object.assign(headers, options.tamper);
      const text = options.body === undefined ? undefined : JSON.stringify(options.body);
      let body: string | ReadableStream<Uint8Array> | undefined = text;
      if (text !== undefined && options.chunked === true) {
        const bytes = new TextEncoder().encode(text);
        const middle = Math.floor(bytes.length / 2);
        body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice(0, middle));
            controller.enqueue(bytes.slice(middle));
            controller.close();
          },
        });
      }
      return replyOf(
        await fetch(`${simulator.url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body, duplex: 'half' }),
        }),
      );
    },
    raw,
    async addFault(fault) {
      const reply = await raw('POST', '/_simulator/faults', {
        body: JSON.stringify(fault),
        headers: { 'content-type': 'application/json' },
      });
      if (reply.status !== 200) throw new Error(`Adding a fault failed: ${String(reply.status)} ${reply.text}`);
    },
  };
}

export interface ReceivedWebhook {
  readonly raw: string;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  readonly answered: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly deliveries: readonly ReceivedWebhook[];
  /** Resolves once `done(deliveries)` holds; rejects after `timeoutMs` real ms. */
  waitFor(what: string, done: (deliveries: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** A till's webhook endpoint on loopback: records raw bodies and headers, answers the scripted statuses (then 200). */
export async function startWebhookReceiver(statuses: readonly number[] = []): Promise<WebhookReceiver> {
  const deliveries: ReceivedWebhook[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answered = statuses[deliveries.length] ?? 200;
      deliveries.push({ raw, body: parsed(raw), headers: request.headers, answered });
      response.writeHead(answered).end();
      for (const waiter of waiters) waiter();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    url: `http://127.0.0.1:${String(port)}/worldline-direct/webhook?token=${randomUUID()}`,
    deliveries,
    waitFor(what, done, timeoutMs = 3_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!done(deliveries)) return;
          clearTimeout(timer);
          waiters = waiters.filter((other) => other !== check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((other) => other !== check);
          reject(new Error(`Timed out waiting for ${what}; got ${String(deliveries.length)} deliveries`));
        }, timeoutMs);
        waiters.push(check);
        check();
      });
    },
  };
}

/** A property of a parsed JSON value, for tests that read answers without a schema. */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** An expiration date `minutes` ahead, with its UTC offset as the API demands. */
export function minutesAhead(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

export function linkBody(amount: number, extra: Record<string, unknown> = {}) {
  return {
    order: {
      amountOfMoney: { amount, currencyCode: 'EUR' },
      references: { merchantReference: `kassa-${randomUUID().slice(0, 8)}` },
    },
    paymentLinkSpecificInput: { expirationDate: minutesAhead(10), description: 'Kassa sale 42' },
    ...extra,
  };
}

export function cardPaymentBody(amount: number, extra: Record<string, unknown> = {}) {
  return {
    cardPaymentMethodSpecificInput: {
      card: { cardNumber: '4111111111111111', expiryDate: '1230', cvv: '123', cardholderName: 'Test Shopper' },
    },
    order: { amountOfMoney: { amount, currencyCode: 'EUR' }, references: { merchantReference: 'webshop-1001' } },
    ...extra,
  };
}

/**
 * A till's `online` section for a simulator a test runs (demo mode, its address and the test
 * credentials): the gateway outlives the till, so a test can stop and start the till around it.
 */
export function tillOnlineSection(
  simulator: Pick<WorldlineDirectSimulator, 'url'>,
  extra: Record<string, unknown> = {},
) {
  return {
    provider: 'worldline-direct',
    askEverySeconds: 5,
    ...extra,
    worldlineDirect: {
      baseUrl: simulator.url,
      merchantId: TEST_MERCHANT_ID,
      apiKeyId: TEST_API_KEY_ID,
      secretApiKey: TEST_SECRET_API_KEY,
      webhookKeyId: TEST_WEBHOOK_KEY_ID,
      webhookSecret: TEST_WEBHOOK_SECRET,
    },
  };
}
