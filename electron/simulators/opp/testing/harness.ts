import { createDecipheriv, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { createMemoryLogger } from '../../../logging/logger.ts';
import type { FaultInput } from '../faults.ts';
import { startOppSimulator, type OppSimulator, type OppSimulatorOptions } from '../simulator.ts';

/**
 * Starts the OPP simulator on a free loopback port for one test, with fixed
 * test credentials, and closes it when the test ends. Time scale 0.001
 * unless a test asks otherwise: a pending payment's minute takes 60 ms. The
 * client here speaks plain fetch and form bodies, and the webhook receiver
 * decrypts with its own node:crypto code, not the simulator's.
 */

export const TEST_ENTITY_ID = '8a8294174b7ecb28014b9699220015ca';
export const TEST_TOKEN = 'OGE4Mjk0MTc0YjdlY2IyODAxNGI5Njk5MjIwMDE1Y2N8c3k2S0pzVDg=';
export const TEST_WEBHOOK_SECRET = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
export const TEST_TIME_SCALE = 0.001;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when empty or not JSON. */
  readonly json: unknown;
}

export interface CallOptions {
  token?: string | null;
  /** Replaces the form content type (or sends none with null). */
  contentType?: string | null;
  /** Raw text instead of the form body. */
  rawBody?: string;
}

export interface OppTestClient {
  /** A form-encoded POST to `/v1/{path}` with the test entity id added. */
  post(path: string, parameters: Record<string, string>, options?: CallOptions): Promise<Reply>;
  /** A GET (or DELETE) to `/v1/{path}` with the test entity id and `query` in the URL. */
  get(path: string, query?: Record<string, string>, options?: CallOptions): Promise<Reply>;
  delete(path: string, query?: Record<string, string>, options?: CallOptions): Promise<Reply>;
  /** Any request to any path, without authentication (pay page, control API). */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Reply>;
  addFault(fault: FaultInput): Promise<void>;
}

export interface TestOppSimulator {
  simulator: OppSimulator;
  logger: ReturnType<typeof createMemoryLogger>;
  client: OppTestClient;
}

export async function startTestOppSimulator(options: Partial<OppSimulatorOptions> = {}): Promise<TestOppSimulator> {
  const logger = createMemoryLogger();
  const simulator = await startOppSimulator({
    logger,
    entityId: TEST_ENTITY_ID,
    token: TEST_TOKEN,
    webhookSecret: TEST_WEBHOOK_SECRET,
    timeScale: TEST_TIME_SCALE,
    ...options,
  });
  onTestFinished(() => simulator.close());
  return { simulator, logger, client: createClient(simulator) };
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

function createClient(simulator: OppSimulator): OppTestClient {
  const authorization = (options: CallOptions): Record<string, string> =>
    options.token === null ? {} : { authorization: `Bearer ${options.token ?? TEST_TOKEN}` };
  async function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    return replyOf(
      await fetch(`${simulator.url}${path}`, {
        method,
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(init.body === undefined ? {} : { body: init.body }),
      }),
    );
  }
  async function query(method: string, path: string, parameters: Record<string, string>, options: CallOptions) {
    const search = new URLSearchParams({ entityId: TEST_ENTITY_ID, ...parameters });
    return replyOf(
      await fetch(`${simulator.url}/v1/${path}?${search.toString()}`, { method, headers: authorization(options) }),
    );
  }
  return {
    async post(path, parameters, options = {}) {
      const contentType =
        options.contentType === undefined ? 'application/x-www-form-urlencoded; charset=UTF-8' : options.contentType;
      const body = options.rawBody ?? new URLSearchParams({ entityId: TEST_ENTITY_ID, ...parameters }).toString();
      return replyOf(
        await fetch(`${simulator.url}/v1/${path}`, {
          method: 'POST',
          headers: { ...authorization(options), ...(contentType === null ? {} : { 'content-type': contentType }) },
          body,
        }),
      );
    },
    get: (path, parameters = {}, options = {}) => query('GET', path, parameters, options),
    delete: (path, parameters = {}, options = {}) => query('DELETE', path, parameters, options),
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

/**
 * OPP's decryption as a merchant writes it from ACI's page, independent of
 * the simulator's encryption: AES-256-GCM, key = hex secret, IV and tag from
 * the headers, ciphertext = the hex body (or its `encryptedBody`).
 */
export function decryptWebhook(secretHex: string, ivHex: string, tagHex: string, bodyHex: string): string {
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secretHex, 'hex'), Buffer.from(ivHex, 'hex'));
  decipher.setAuthTag(Buffer.from(tagHex, 'hex'));
  return Buffer.concat([decipher.update(Buffer.from(bodyHex, 'hex')), decipher.final()]).toString('utf8');
}

export interface ReceivedWebhook {
  readonly raw: string;
  readonly headers: IncomingHttpHeaders;
  /** The decrypted plaintext, parsed. */
  readonly notification: unknown;
  readonly answered: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly deliveries: readonly ReceivedWebhook[];
  /** Resolves once `done(deliveries)` holds; rejects after `timeoutMs` real ms. */
  waitFor(what: string, done: (deliveries: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
}

const header = (headers: IncomingHttpHeaders, name: string): string => {
  const value = headers[name];
  return typeof value === 'string' ? value : '';
};

/** A till's listener on loopback: decrypts every delivery and answers the scripted statuses (then 200). */
export async function startWebhookReceiver(
  statuses: readonly number[] = [],
  secret: string = TEST_WEBHOOK_SECRET,
): Promise<WebhookReceiver> {
  const deliveries: ReceivedWebhook[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const wrapped = header(request.headers, 'content-type').startsWith('application/json');
      const hex = wrapped ? (JSON.parse(raw) as { encryptedBody: string }).encryptedBody : raw;
      const plaintext = decryptWebhook(
        secret,
        header(request.headers, 'x-initialization-vector'),
        header(request.headers, 'x-authentication-tag'),
        hex,
      );
      const answered = statuses[deliveries.length] ?? 200;
      deliveries.push({ raw, headers: request.headers, notification: JSON.parse(plaintext) as unknown, answered });
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
    url: `http://127.0.0.1:${String(port)}/opp/events`,
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

export const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A webshop's card payment form, as OPP's server-to-server reference lists its parameters. */
export function cardForm(amount: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    amount,
    currency: 'EUR',
    paymentType: 'DB',
    paymentBrand: 'VISA',
    'card.number': '4200000000000000',
    'card.holder': 'Jane Jones',
    'card.expiryMonth': '05',
    'card.expiryYear': '2034',
    'card.cvv': '123',
    merchantTransactionId: `webshop-${randomUUID()}`,
    ...extra,
  };
}

/** A till's link request (docs/OPP.md), an hour's validity. */
export function linkForm(amount: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    amount,
    currency: 'EUR',
    paymentType: 'DB',
    merchantTransactionId: `kassa-${randomUUID()}`,
    validUntil: '1',
    validUntilUnit: 'HOUR',
    ...extra,
  };
}
