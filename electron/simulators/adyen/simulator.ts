import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodePathSegment, HttpProblem, readBody, sameSecret } from '../http-basics.ts';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type {
  CloudDeviceProblem,
  ConnectedDevicesResponse,
  DeviceStatusResponse,
} from '../../../shared/payments/adyen/nexo.ts';
import type { Logger } from '../../logging/logger.ts';
import { createCloud, type Channel, type CloudReply } from './cloud.ts';
import { createEventDelivery, credentialsOutOfUrl, type EventDelivery, type EventUrl } from './event-delivery.ts';
import { FaultRequestSchema } from './faults.ts';
import { createReferences } from './references.ts';
import { MAGIC_AMOUNTS } from '../scenarios.ts';
import { createSimTime } from '../sim-time.ts';
import { createSimulatedTerminal, type SimulatedTerminal } from './terminal.ts';

/**
 * An embedded stand-in for Adyen's cloud and the terminals behind it, over
 * real HTTP on loopback. It serves both endpoint families with Adyen's
 * authentication rules:
 *
 *   POST /sync, /async                                         legacy Terminal API
 *   POST /v1/merchants/{merchant}/devices/{POIID}/sync|async   Cloud device API
 *   GET  /v1/merchants/{merchant}/devices/{POIID}/status
 *   GET  /v1/merchants/{merchant}/connectedDevices[?store=…]
 *
 * and a control API for tests and demos (same X-API-Key):
 *
 *   GET    /_simulator                               terminals, event URLs, magic amounts
 *   POST   /_simulator/terminals/{POIID}/faults      script a fault on the next request
 *   DELETE /_simulator/terminals/{POIID}/faults      drop scripted faults
 *   PUT    /_simulator/terminals/{POIID}/connection  {"online": false} takes it offline
 *   GET    /_simulator/terminals/{POIID}/transactions every transaction it has seen
 *   PUT    /_simulator/event-urls                    [{"url", "username"?, "password"?}]
 *
 * It shares no code with Kassa's payment client, only the nexo type
 * definitions, so it cannot mirror a client bug.
 */

export interface SimulatedTerminalSpec {
  /** `[model]-[serial]`, e.g. `P400Plus-100000001`. */
  poiid: string;
  store?: string;
}

export interface AdyenSimulatorOptions {
  logger: Logger;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Random per start if not given. */
  apiKey?: string;
  merchantAccount?: string;
  terminals?: readonly SimulatedTerminalSpec[];
  /** 1 is real time; 0.01 runs the 150-second rules in 1.5 s. */
  timeScale?: number;
  eventUrls?: readonly EventUrl[];
}

export interface AdyenSimulator {
  /** e.g. http://127.0.0.1:8443; the legacy endpoints are under it, the Cloud device API under `${url}/v1`. */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly merchantAccount: string;
  readonly poiids: readonly string[];
  readonly timeScale: number;
  terminal(poiid: string): SimulatedTerminal | undefined;
  setEventUrls(urls: readonly EventUrl[]): void;
  /** Resolves when every notification queued so far has been delivered or given up. */
  notificationsIdle(): Promise<void>;
  /** The lines `kassa simulator` prints: where it is and how to call it. */
  describe(): string;
  close(): Promise<void>;
}

export const DEFAULT_MERCHANT_ACCOUNT = 'KassaSimulatorMerchant';
export const DEFAULT_POIID = 'P400Plus-100000001';
const MAX_BODY_BYTES = 1024 * 1024;
const bodyOf = (request: IncomingMessage) => readBody(request, MAX_BODY_BYTES, 'Request body too large');
export const POIID_PATTERN = /^[A-Za-z0-9]+-[A-Za-z0-9]+$/;

const DEVICE_PATH = /^\/v1\/merchants\/([^/]+)\/devices\/([^/]+)\/(sync|async|status)$/;
const CONNECTED_PATH = /^\/v1\/merchants\/([^/]+)\/connectedDevices$/;
const CONTROL_TERMINAL_PATH = /^\/_simulator\/terminals\/([^/]+)\/(faults|connection|transactions)$/;

const EventUrlsSchema = z.array(
  z
    .object({
      url: z.url({ protocol: /^https?$/ }),
      username: z.string().min(1).optional(),
      password: z.string().optional(),
    })
    .strict(),
);
const ConnectionSchema = z.object({ online: z.boolean() }).strict();

function problem(status: 401 | 403 | 404, detail: string): CloudDeviceProblem {
  const titles = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;
  const types = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' } as const;
  return {
    type: `https://docs.adyen.com/errors/${types[status]}`,
    title: titles[status],
    status,
    errorCode: `00_${String(status)}`,
    detail,
    requestId: randomUUID().replaceAll('-', ''),
  };
}

export async function startAdyenSimulator(options: AdyenSimulatorOptions): Promise<AdyenSimulator> {
  const { logger } = options;
  const apiKey = options.apiKey ?? `sim_${randomBytes(18).toString('base64url')}`;
  const merchantAccount = options.merchantAccount ?? DEFAULT_MERCHANT_ACCOUNT;
  const time = createSimTime(options.timeScale ?? 1);
  const references = createReferences(() => time.now());
  const specs = options.terminals ?? [{ poiid: DEFAULT_POIID }];
  if (specs.length === 0) throw new RangeError('The simulator needs at least one terminal.');

  let eventUrls: readonly EventUrl[] = (options.eventUrls ?? []).map(credentialsOutOfUrl);
  let delivery: EventDelivery = createEventDelivery({ urls: eventUrls, time, logger });
  const retiredDeliveries: EventDelivery[] = [];

  const terminals = new Map<string, SimulatedTerminal>();
  const cloud = createCloud({
    time,
    logger,
    terminal: (poiid) => terminals.get(poiid),
    terminals: () => terminals.values(),
    delivery: () => delivery,
  });
  specs.forEach((spec, index) => {
    if (!POIID_PATTERN.test(spec.poiid)) {
      throw new RangeError(`POIID "${spec.poiid}" must look like MODEL-SERIAL, e.g. ${DEFAULT_POIID}.`);
    }
    if (terminals.has(spec.poiid)) throw new RangeError(`POIID "${spec.poiid}" is listed twice.`);
    terminals.set(
      spec.poiid,
      createSimulatedTerminal(
        { poiid: spec.poiid, deviceId: String(100_000_000 + index * 7_919 + 17), store: spec.store ?? 'Store1' },
        { time, references, merchantAccount, notifier: cloud.notifier },
      ),
    );
  });

  const sockets = new Set<Socket>();

  function send(response: ServerResponse, status: number, contentType: string | undefined, body: string) {
    if (response.headersSent || response.destroyed) return;
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
    if (contentType !== undefined) headers['content-type'] = contentType;
    response.writeHead(status, headers).end(body);
  }

  function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json') {
    send(response, status, `${contentType}; charset=utf-8`, JSON.stringify(body));
  }

  function writeReply(request: IncomingMessage, response: ServerResponse, reply: CloudReply) {
    switch (reply.kind) {
      case 'json':
        return sendJson(response, reply.status ?? 200, reply.body, reply.contentType);
      case 'text':
        return send(response, reply.status ?? 200, 'text/plain; charset=utf-8', reply.body);
      case 'empty':
        return send(response, 200, undefined, '');
      case 'drop':
        request.socket.destroy();
        return;
      case 'never':
        // Leave the connection open; the client decides how long to wait.
        return;
    }
  }

  async function terminalApi(request: IncomingMessage, response: ServerResponse, channel: Channel, deviceId?: string) {
    const raw = await bodyOf(request);
    const hangUp = new AbortController();
    response.on('close', () => hangUp.abort());
    const reply = await cloud.handle({
      raw,
      channel,
      signal: hangUp.signal,
      ...(deviceId === undefined ? {} : { deviceId }),
    });
    writeReply(request, response, reply);
  }

  async function control(request: IncomingMessage, response: ServerResponse, path: string) {
    if (path === '/_simulator' && request.method === 'GET') {
      return sendJson(response, 200, {
        merchantAccount,
        timeScale: time.scale,
        eventUrls: eventUrls.map((target) => target.url),
        terminals: [...terminals.values()].map((terminal) => ({
          poiid: terminal.poiid,
          store: terminal.store,
          online: terminal.online,
          busy: terminal.current !== undefined,
          transactions: terminal.transactions.length,
          pendingFaults: terminal.faults.pending(),
        })),
        magicAmounts: MAGIC_AMOUNTS.map(({ ending, description }) => ({ ending, description })),
      });
    }
    if (path === '/_simulator/event-urls' && request.method === 'PUT') {
      const urls = EventUrlsSchema.parse(JSON.parse(await bodyOf(request)));
      setEventUrls(urls);
      return sendJson(response, 200, { eventUrls: urls.map((target) => target.url) });
    }
    const match = CONTROL_TERMINAL_PATH.exec(path);
    if (match === null) throw new HttpProblem(404, 'No such simulator control endpoint');
    const terminal = terminals.get(decodePathSegment(match[1] ?? ''));
    if (terminal === undefined) throw new HttpProblem(404, `No simulated terminal ${match[1] ?? ''}`);
    const what = match[2];
    if (what === 'faults' && request.method === 'POST') {
      const fault = FaultRequestSchema.parse(JSON.parse(await bodyOf(request)));
      terminal.faults.add(fault);
      return sendJson(response, 200, { pendingFaults: terminal.faults.pending() });
    }
    if (what === 'faults' && request.method === 'DELETE') {
      terminal.faults.clear();
      return sendJson(response, 200, { pendingFaults: [] });
    }
    if (what === 'connection' && request.method === 'PUT') {
      const { online } = ConnectionSchema.parse(JSON.parse(await bodyOf(request)));
      terminal.setOnline(online);
      return sendJson(response, 200, { poiid: terminal.poiid, online: terminal.online });
    }
    if (what === 'transactions' && request.method === 'GET') {
      return sendJson(response, 200, {
        transactions: terminal.transactions.map((transaction) => ({
          category: transaction.category,
          kind: transaction.kind,
          saleId: transaction.requestHeader.SaleID,
          serviceId: transaction.requestHeader.ServiceID,
          saleTransactionId: transaction.saleTransactionId?.TransactionID,
          amountMinor: transaction.amountMinor,
          currency: transaction.currency,
          finished: transaction.response !== undefined,
          reported: transaction.reported,
          refundedMinor: transaction.refundedMinor,
          response: transaction.response,
        })),
      });
    }
    throw new HttpProblem(405, 'Method not allowed');
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://simulator.invalid');
    } catch {
      throw new HttpProblem(400, 'Bad request URL');
    }
    const path = url.pathname;
    const keyHeader = request.headers['x-api-key'];
    const authorised = sameSecret(Array.isArray(keyHeader) ? keyHeader[0] : keyHeader, apiKey);

    if (path === '/sync' || path === '/async') {
      if (request.method !== 'POST') throw new HttpProblem(405, 'Method not allowed');
      // The legacy endpoints answer a bad key with a bare 401 and no JSON.
      if (!authorised) return send(response, 401, 'text/plain; charset=utf-8', 'HTTP Status 401 - Unauthorized');
      return terminalApi(request, response, path === '/sync' ? 'sync' : 'async');
    }

    const device = DEVICE_PATH.exec(path);
    const connected = CONNECTED_PATH.exec(path);
    if (device !== null || connected !== null) {
      const problemJson = 'application/problem+json';
      if (!authorised) {
        return sendJson(response, 401, problem(401, 'Authentication failed: check the X-API-Key header.'), problemJson);
      }
      const merchant = decodePathSegment((device ?? connected)?.[1] ?? '');
      if (merchant !== merchantAccount) {
        return sendJson(
          response,
          403,
          problem(403, "User doesn't have access to all token policy resources"),
          problemJson,
        );
      }
      if (connected !== null) {
        if (request.method !== 'GET') throw new HttpProblem(405, 'Method not allowed');
        const store = url.searchParams.get('store');
        const body: ConnectedDevicesResponse = {
          uniqueDeviceIds: [...terminals.values()]
            .filter((terminal) => terminal.online && (store === null || terminal.store === store))
            .map((terminal) => terminal.poiid),
        };
        return sendJson(response, 200, body);
      }
      const deviceId = decodePathSegment(device?.[2] ?? '');
      const operation = device?.[3];
      const terminal = terminals.get(deviceId);
      if (terminal === undefined) {
        return sendJson(response, 403, problem(403, `The merchant account has no device ${deviceId}.`), problemJson);
      }
      if (operation === 'status') {
        if (request.method !== 'GET') throw new HttpProblem(405, 'Method not allowed');
        const body: DeviceStatusResponse = { deviceId, status: terminal.online ? 'ONLINE' : 'OFFLINE' };
        return sendJson(response, 200, body);
      }
      if (request.method !== 'POST') throw new HttpProblem(405, 'Method not allowed');
      return terminalApi(request, response, operation === 'sync' ? 'sync' : 'async', deviceId);
    }

    if (path === '/_simulator' || path.startsWith('/_simulator/')) {
      if (!authorised) return send(response, 401, 'text/plain; charset=utf-8', 'HTTP Status 401 - Unauthorized');
      return control(request, response, path);
    }
    throw new HttpProblem(404, 'Not found');
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        if (error.status === 413) response.setHeader('connection', 'close');
        return send(response, error.status, 'text/plain; charset=utf-8', error.message);
      }
      if (error instanceof z.ZodError) {
        return sendJson(response, 400, { error: 'Invalid control request', issues: z.treeifyError(error) });
      }
      if (error instanceof SyntaxError)
        return send(response, 400, 'text/plain; charset=utf-8', `Bad JSON: ${error.message}`);
      logger.error('simulator.request_failed', { error });
      send(response, 500, 'text/plain; charset=utf-8', 'Internal simulator error');
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

  function setEventUrls(urls: readonly EventUrl[]) {
    // Notifications already queued still go where they were headed.
    retiredDeliveries.push(delivery);
    eventUrls = urls.map(credentialsOutOfUrl);
    delivery = createEventDelivery({ urls: eventUrls, time, logger });
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    apiKey,
    merchantAccount,
    poiids: [...terminals.keys()],
    timeScale: time.scale,
    terminal: (poiid) => terminals.get(poiid),
    setEventUrls,
    notificationsIdle: async () => {
      await Promise.all([delivery, ...retiredDeliveries].map((each) => each.idle()));
    },
    describe() {
      return [
        `Adyen cloud simulator at ${url}`,
        `  API key (X-API-Key):   ${apiKey}`,
        `  Merchant account:      ${merchantAccount}`,
        `  Terminals (POIID):     ${[...terminals.keys()].join(', ')}`,
        `  Legacy endpoints:      ${url}/sync  ${url}/async`,
        `  Cloud device API:      ${url}/v1/merchants/${merchantAccount}/devices/{POIID}/sync|async|status`,
        `  Event URLs:            ${eventUrls.length === 0 ? '(none)' : eventUrls.map((target) => target.url).join(', ')}`,
        `  Time scale:            ${String(time.scale)}`,
        `  Control API:           ${url}/_simulator`,
      ].join('\n');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const each of [delivery, ...retiredDeliveries]) each.close();
        time.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
