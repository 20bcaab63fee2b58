import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';
import { createMemoryLogger } from '../../../logging/logger.ts';
import type { FaultInput } from '../faults.ts';
import { startWorldnetSimulator, type WorldnetSimulator, type WorldnetSimulatorOptions } from '../simulator.ts';

/**
 * Starts the Worldnet simulator on a free loopback port for one test and
 * closes it when the test ends. The requests here are signed, and the
 * validations checked, by this file's own SHA-512 code written from the
 * contract, not the simulator's: a test that used the simulator's hash to
 * check the simulator would pass whatever the hash did.
 */

/** Worldnet's published example terminal and secret, so the vectors and the tests speak of one terminal. */
export const TEST_TERMINAL_ID = '678002';
export const TEST_SECRET = 'x4n35c32RT';
export const TEST_API_KEY = 'test-merchant-api-key-0001';
/** A retry minute is 60 real ms. */
export const TEST_TIME_SCALE = 0.001;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when empty or not JSON. */
  readonly json: unknown;
}

export interface TestWorldnet {
  simulator: WorldnetSimulator;
  logger: ReturnType<typeof createMemoryLogger>;
  client: WorldnetTestClient;
}

export async function startTestWorldnet(options: Partial<WorldnetSimulatorOptions> = {}): Promise<TestWorldnet> {
  const logger = createMemoryLogger();
  const simulator = await startWorldnetSimulator({
    logger,
    terminalId: TEST_TERMINAL_ID,
    secret: TEST_SECRET,
    apiKey: TEST_API_KEY,
    timeScale: TEST_TIME_SCALE,
    ...options,
  });
  onTestFinished(() => simulator.close());
  return { simulator, logger, client: createClient(simulator) };
}

export const sha512 = (text: string): string => createHash('sha512').update(text, 'utf8').digest('hex');

export interface PageRequest {
  orderId: string;
  amount: string;
  currency?: string;
  dateTime?: string;
  receiptPageUrl?: string;
  validationUrl?: string;
}

/** A fresh ORDERID like the till's: `KN` and 20 uppercase hex characters. */
export const newOrderId = (): string => `KN${randomBytes(10).toString('hex').toUpperCase()}`;

/** The page request's fields with HASH over `TERMINALID:ORDERID:[CURRENCY:]AMOUNT:DATETIME:[RECEIPTPAGEURL:][VALIDATIONURL:]SECRET`. */
export function signedRequest(
  request: PageRequest,
  options: { mode?: 'single' | 'multi'; secret?: string; terminalId?: string } = {},
): Record<string, string> {
  const fields: Record<string, string> = {
    TERMINALID: options.terminalId ?? TEST_TERMINAL_ID,
    ORDERID: request.orderId,
    CURRENCY: request.currency ?? 'EUR',
    AMOUNT: request.amount,
    DATETIME: request.dateTime ?? '5-3-2026:09:04:07:012',
    ...(request.receiptPageUrl === undefined ? {} : { RECEIPTPAGEURL: request.receiptPageUrl }),
    ...(request.validationUrl === undefined ? {} : { VALIDATIONURL: request.validationUrl }),
  };
  const elements = [
    fields.TERMINALID,
    fields.ORDERID,
    ...(options.mode === 'multi' ? [fields.CURRENCY] : []),
    fields.AMOUNT,
    fields.DATETIME,
    ...(fields.RECEIPTPAGEURL === undefined ? [] : [fields.RECEIPTPAGEURL]),
    ...(fields.VALIDATIONURL === undefined ? [] : [fields.VALIDATIONURL]),
    options.secret ?? TEST_SECRET,
  ];
  return { ...fields, HASH: sha512(elements.join(':')) };
}

/** The validation HASH a till expects, with either empty-RESPONSETEXT form. */
export function expectedValidationHash(
  form: Readonly<Record<string, string>>,
  options: { mode?: 'single' | 'multi'; emptyText?: 'dropped' | 'kept'; secret?: string } = {},
): string {
  const text = form.RESPONSETEXT ?? '';
  const elements = [
    form.TERMINALID ?? '',
    form.ORDERID ?? '',
    ...(options.mode === 'multi' ? [form.CURRENCY ?? ''] : []),
    form.AMOUNT ?? '',
    form.DATETIME ?? '',
    form.RESPONSECODE ?? '',
    ...(text === '' && options.emptyText !== 'kept' ? [] : [text]),
    options.secret ?? TEST_SECRET,
  ];
  return sha512(elements.join(':'));
}

export interface WorldnetTestClient {
  /** The hosted page by form POST (or GET with the fields in the query). */
  openPage(fields: Record<string, string>, method?: 'GET' | 'POST'): Promise<Reply>;
  /** Opens a correctly signed page for `amount` and pays it through the control API; the order id. */
  payOrder(request: Omit<PageRequest, 'orderId'> & { orderId?: string }, mode?: 'single' | 'multi'): Promise<string>;
  /** `GET /account/authenticate`; the token. */
  authenticate(): Promise<string>;
  /** A Merchant API call with a fresh token unless one is given (null: none). */
  api(
    method: 'GET' | 'POST',
    path: string,
    options?: {
      token?: string | null;
      body?: unknown;
      query?: Record<string, string>;
      headers?: Record<string, string>;
    },
  ): Promise<Reply>;
  /** Any request to any path, without authentication. */
  raw(method: string, path: string, init?: { body?: string; headers?: Record<string, string> }): Promise<Reply>;
  addFault(fault: FaultInput): Promise<void>;
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

function createClient(simulator: WorldnetSimulator): WorldnetTestClient {
  async function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
    return replyOf(
      await fetch(`${simulator.url}${path}`, {
        method,
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(init.body === undefined ? {} : { body: init.body }),
      }),
    );
  }
  async function authenticate(): Promise<string> {
    const reply = await raw('GET', '/merchant/api/v1/account/authenticate', {
      headers: { authorization: `Basic ${TEST_API_KEY}`, accept: 'application/json' },
    });
    const token = field(reply.json, 'token');
    if (typeof token !== 'string') throw new Error(`Authenticate failed: ${String(reply.status)} ${reply.text}`);
    return token;
  }
  const client: WorldnetTestClient = {
    openPage(fields, method = 'POST') {
      const encoded = new URLSearchParams(fields).toString();
      return method === 'GET'
        ? raw('GET', `/merchant/paymentpage?${encoded}`)
        : raw('POST', '/merchant/paymentpage', {
            body: encoded,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
    },
    async payOrder(request, mode = 'single') {
      const orderId = request.orderId ?? newOrderId();
      const page = await client.openPage(signedRequest({ ...request, orderId }, { mode }));
      if (page.status !== 200) throw new Error(`The page refused the request: ${page.text}`);
      const paid = await raw('POST', `/_simulator/orders/${orderId}/pay`);
      if (paid.status !== 200) throw new Error(`Paying failed: ${paid.text}`);
      return orderId;
    },
    authenticate,
    async api(method, path, options = {}) {
      const token = options.token === undefined ? await authenticate() : options.token;
      const query = options.query === undefined ? '' : `?${new URLSearchParams(options.query).toString()}`;
      return raw(method, `/merchant/api/v1${path}${query}`, {
        headers: {
          accept: 'application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
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
  return client;
}

export interface ReceivedValidation {
  readonly form: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly raw: string;
  /** What the receiver answered. */
  readonly answered: { status: number; body: string };
}

export interface ValidationReceiver {
  readonly url: string;
  readonly received: readonly ReceivedValidation[];
  /** Resolves once `done(received)` holds; rejects after `timeoutMs` real ms. */
  waitFor(what: string, done: (received: readonly ReceivedValidation[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** A till's validation endpoint on loopback: answers the scripted replies in turn, then 200 `OK`. */
export async function startValidationReceiver(
  answers: readonly { status: number; body: string }[] = [],
): Promise<ValidationReceiver> {
  const received: ReceivedValidation[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answered = answers[received.length] ?? { status: 200, body: 'OK' };
      received.push({ form: Object.fromEntries(new URLSearchParams(raw)), headers: request.headers, raw, answered });
      response.writeHead(answered.status, { 'content-type': 'text/plain' }).end(answered.body);
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
    url: `http://127.0.0.1:${String(port)}/worldnet/validation`,
    received,
    waitFor(what, done, timeoutMs = 3_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!done(received)) return;
          clearTimeout(timer);
          waiters = waiters.filter((other) => other !== check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((other) => other !== check);
          reject(new Error(`Timed out waiting for ${what}; got ${String(received.length)} validations`));
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
