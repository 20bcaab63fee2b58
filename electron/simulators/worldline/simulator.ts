import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodePathSegment, HttpProblem, readBody, sameSecret } from '../http-basics.ts';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import { MAGIC_AMOUNTS } from '../scenarios.ts';
import { createSimTime } from '../sim-time.ts';
import { createCloud, errorReply, retryAfter, type CloudReply } from './cloud.ts';
import { FaultRequestSchema } from './faults.ts';
import { createRateLimit } from './rate-limit.ts';
import { PROTOCOL_VERSION } from './request-schemas.ts';
import { createSimulatedTerminal, type Channel, type SimTransaction, type SimulatedTerminal } from './terminal.ts';
import { createWebhookDelivery } from './webhook-delivery.ts';

/**
 * An embedded stand-in for Worldline's Terminal API cloud and the SmartPOS
 * terminals behind it, over real HTTP on loopback, with Bearer
 * authentication:
 *
 *   POST /api/v1/merchants/{umid}/terminals/{utid}/payments        202, result to Header.WebhookUrl
 *   POST /api/v1/merchants/{umid}/terminals/{utid}/payments/sync   the result on the request
 *
 * and a control API for tests and demos (same key):
 *
 *   GET    /_simulator                                terminals, magic amounts, rate limit
 *   POST   /_simulator/terminals/{utid}/faults        script a fault on the next requests
 *   DELETE /_simulator/terminals/{utid}/faults        drop scripted faults
 *   PUT    /_simulator/terminals/{utid}/connection    {"online": false} disconnects it
 *   GET    /_simulator/terminals/{utid}/transactions  every transaction it has seen, and refused repeats
 *   PUT    /_simulator/rate-limit                     {"requestsPerSecond": n | null}
 *
 * It shares no code with Kassa's payment client, only the wire types in
 * shared/payments/worldline/nexo.ts, so it cannot mirror a client bug.
 */

export interface WorldlineTerminalSpec {
  /** Worldline's terminal ID, e.g. `60001234`. */
  utid: string;
}

export interface WorldlineSimulatorOptions {
  logger: Logger;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Random per start if not given. */
  apiKey?: string;
  /** The UMID in the path. */
  merchantId?: string;
  terminals?: readonly WorldlineTerminalSpec[];
  /** 1 is real time; 0.001 runs the 150-second rules in 0.15 s. */
  timeScale?: number;
}

export interface WorldlineSimulator {
  /** e.g. http://127.0.0.1:8444; the API is under `${url}/api/v1`. */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly merchantId: string;
  readonly utids: readonly string[];
  readonly timeScale: number;
  /** Resolves when every webhook queued so far has been delivered or given up. */
  notificationsIdle(): Promise<void>;
  /** The lines `kassa simulator` prints: where it is and how to call it. */
  describe(): string;
  close(): Promise<void>;
}

export const DEFAULT_MERCHANT_ID = 'KassaSimulatorMerchant';
export const DEFAULT_UTID = '60001234';
const UTID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_BODY_BYTES = 1024 * 1024;
const bodyOf = (request: IncomingMessage) => readBody(request, MAX_BODY_BYTES, 'The body is larger than 1 MiB');

const PAYMENTS_PATH = /^\/api\/v1\/merchants\/([^/]+)\/terminals\/([^/]+)\/payments(\/sync)?$/;
const CONTROL_TERMINAL_PATH = /^\/_simulator\/terminals\/([^/]+)\/(faults|connection|transactions)$/;

const ConnectionSchema = z.object({ online: z.boolean() }).strict();
const RateLimitSchema = z.object({ requestsPerSecond: z.number().int().min(0).max(100_000).nullable() }).strict();

function bearerToken(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const raw = await bodyOf(request);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new HttpProblem(400, 'The body is not valid JSON');
  }
}

/** One transaction as the control API lists it. */
function listed(transaction: SimTransaction) {
  return {
    kind: transaction.kind,
    exchangeId: transaction.exchangeId,
    initiatingParty: transaction.header.InitiatingParty.Identification,
    ...(transaction.requestId === undefined ? {} : { requestId: transaction.requestId }),
    transactionReference: transaction.identification.TransactionReference,
    transactionDateTime: transaction.identification.TransactionDateTime,
    amountMinor: transaction.amountMinor,
    currency: transaction.currency,
    state: transaction.state,
    ...(transaction.response === undefined
      ? {}
      : { response: transaction.response.SaleToPOIServiceResponse.ServiceResponse }),
    channel: transaction.channel,
    webhookAttempts: transaction.webhookAttempts,
    webhookDelivered: transaction.webhookDelivered,
  };
}

export async function startWorldlineSimulator(options: WorldlineSimulatorOptions): Promise<WorldlineSimulator> {
  const { logger } = options;
  const apiKey = options.apiKey ?? `wlsim_${randomBytes(24).toString('base64url')}`;
  if (apiKey.length === 0 || /\s/.test(apiKey)) throw new RangeError('The API key must be non-empty, without spaces.');
  const merchantId = options.merchantId ?? DEFAULT_MERCHANT_ID;
  const time = createSimTime(options.timeScale ?? 1);
  const specs = options.terminals ?? [{ utid: DEFAULT_UTID }];
  if (specs.length === 0) throw new RangeError('The simulator needs at least one terminal.');

  const delivery = createWebhookDelivery({ time, logger });
  const cloud = createCloud({ time, logger, delivery });
  const rateLimit = createRateLimit();
  const terminals = new Map<string, SimulatedTerminal>();
  for (const spec of specs) {
    if (!UTID_PATTERN.test(spec.utid)) {
      throw new RangeError(`UTID "${spec.utid}" must be 1–64 letters, digits, dots, dashes or underscores.`);
    }
    if (terminals.has(spec.utid)) throw new RangeError(`UTID "${spec.utid}" is listed twice.`);
    terminals.set(
      spec.utid,
      createSimulatedTerminal(spec.utid, { time, finished: (...args) => cloud.finished(...args) }),
    );
  }

  const sockets = new Set<Socket>();

  function sendJson(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>> = {},
  ) {
    if (response.headersSent || response.destroyed) return;
    const text = JSON.stringify(body);
    response
      .writeHead(status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      .end(text);
  }

  function writeReply(request: IncomingMessage, response: ServerResponse, reply: CloudReply) {
    switch (reply.kind) {
      case 'json':
        return sendJson(response, reply.status, reply.body, reply.headers);
      case 'drop':
        request.socket.destroy();
        return;
      case 'never':
        // Leave the connection open; the client decides how long to wait.
        return;
    }
  }

  function terminalNamed(utid: string): SimulatedTerminal {
    const terminal = terminals.get(utid);
    if (terminal === undefined) throw new HttpProblem(404, `Unknown terminal ${utid}`);
    return terminal;
  }

  async function payments(request: IncomingMessage, response: ServerResponse, match: RegExpExecArray) {
    if (request.method !== 'POST') throw new HttpProblem(405, 'Method not allowed', { allow: 'POST' });
    if (!rateLimit.admit()) throw new HttpProblem(429, 'Too many requests', retryAfter(429));
    const umid = decodePathSegment(match[1] ?? '');
    if (umid !== merchantId) throw new HttpProblem(404, `Unknown merchant ${umid}`);
    const terminal = terminalNamed(decodePathSegment(match[2] ?? ''));
    const channel: Channel = match[3] === undefined ? 'async' : 'sync';
    const raw = await bodyOf(request);
    const hangUp = new AbortController();
    response.on('close', () => hangUp.abort());
    writeReply(request, response, await cloud.handle({ terminal, channel, raw, signal: hangUp.signal }));
  }

  function overview() {
    return {
      merchantId,
      protocolVersion: PROTOCOL_VERSION,
      timeScale: time.scale,
      rateLimit: { requestsPerSecond: rateLimit.requestsPerSecond },
      terminals: [...terminals.values()].map((terminal) => ({
        utid: terminal.utid,
        online: terminal.online,
        busy: terminal.current !== undefined,
        transactions: terminal.transactions.length,
        duplicates: terminal.duplicates,
        pendingFaults: terminal.faults.pending(),
      })),
      magicAmounts: MAGIC_AMOUNTS.map(({ ending, description }) => ({ ending, description })),
    };
  }

  async function control(request: IncomingMessage, response: ServerResponse, path: string) {
    if (path === '/_simulator') {
      if (request.method !== 'GET') throw new HttpProblem(405, 'Method not allowed', { allow: 'GET' });
      return sendJson(response, 200, overview());
    }
    if (path === '/_simulator/rate-limit') {
      if (request.method !== 'PUT') throw new HttpProblem(405, 'Method not allowed', { allow: 'PUT' });
      const { requestsPerSecond } = RateLimitSchema.parse(await readJson(request));
      rateLimit.set(requestsPerSecond);
      return sendJson(response, 200, { requestsPerSecond });
    }
    const match = CONTROL_TERMINAL_PATH.exec(path);
    if (match === null) throw new HttpProblem(404, 'No such simulator control endpoint');
    const terminal = terminalNamed(decodePathSegment(match[1] ?? ''));
    const what = match[2];
    if (what === 'faults' && request.method === 'POST') {
      terminal.faults.add(FaultRequestSchema.parse(await readJson(request)));
      return sendJson(response, 200, { pendingFaults: terminal.faults.pending() });
    }
    if (what === 'faults' && request.method === 'DELETE') {
      terminal.faults.clear();
      return sendJson(response, 200, { pendingFaults: [] });
    }
    if (what === 'connection' && request.method === 'PUT') {
      const { online } = ConnectionSchema.parse(await readJson(request));
      terminal.setOnline(online);
      logger.info('worldline_simulator.connection', { utid: terminal.utid, online });
      return sendJson(response, 200, { utid: terminal.utid, online: terminal.online });
    }
    if (what === 'transactions' && request.method === 'GET') {
      return sendJson(response, 200, {
        transactions: terminal.transactions.map(listed),
        duplicates: terminal.duplicates,
      });
    }
    throw new HttpProblem(405, 'Method not allowed');
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://simulator.invalid').pathname;
    } catch {
      throw new HttpProblem(400, 'Bad request URL');
    }
    const payment = PAYMENTS_PATH.exec(path);
    const isControl = path === '/_simulator' || path.startsWith('/_simulator/');
    if (payment === null && !isControl) throw new HttpProblem(404, 'Not found');
    const token = bearerToken(request);
    if (token === undefined || !sameSecret(token, apiKey)) {
      throw new HttpProblem(401, 'Missing or invalid API key: send Authorization: Bearer <API key>', {
        'www-authenticate': 'Bearer',
      });
    }
    if (payment !== null) return payments(request, response, payment);
    return control(request, response, path);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        const headers = error.status === 413 ? { ...error.headers, connection: 'close' } : error.headers;
        return writeReply(request, response, errorReply(error.status, error.message, headers));
      }
      if (error instanceof z.ZodError) {
        return sendJson(response, 400, { message: `Invalid control request: ${z.prettifyError(error)}` });
      }
      logger.error('worldline_simulator.request_failed', { error });
      sendJson(response, 500, { message: 'Internal simulator error' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${String(port)}`;
  const utids = [...terminals.keys()];

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    apiKey,
    merchantId,
    utids,
    timeScale: time.scale,
    notificationsIdle: () => delivery.idle(),
    describe() {
      const base = `${url}/api/v1/merchants/${encodeURIComponent(merchantId)}/terminals/{UTID}/payments`;
      return [
        `Worldline Terminal API simulator at ${url}`,
        `  API key (Bearer):  ${apiKey}`,
        `  Merchant (UMID):   ${merchantId}`,
        `  Terminals (UTID):  ${utids.join(', ')}`,
        `  Asynchronous:      POST ${base}  (202, result to Header.WebhookUrl)`,
        `  Synchronous:       POST ${base}/sync`,
        `  Protocol:          ${PROTOCOL_VERSION}`,
        `  Time scale:        ${String(time.scale)}`,
        `  Control API:       ${url}/_simulator`,
      ].join('\n');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        delivery.close();
        time.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
