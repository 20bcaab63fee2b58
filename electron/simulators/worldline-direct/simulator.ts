import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import { decodePathSegment, HttpProblem, readBody } from '../http-basics.ts';
import { MAGIC_AMOUNTS } from '../scenarios.ts';
import { createSimTime } from '../sim-time.ts';
import { verifyRequest } from './auth.ts';
import { DirectError, invalid, unauthorized } from './errors.ts';
import { createFaultQueue, FaultSchema, type Fault, type FaultInput } from './faults.ts';
import { noLongerValidPage, payPage, resultPage, unknownLinkPage } from './hosted-page.ts';
import {
  createPlatform,
  TEST_CARD,
  type Payment,
  type PaymentLink,
  type PaymentLinkView,
  type PaymentView,
} from './platform.ts';
import {
  CancelPaymentSchema,
  ControlPaySchema,
  CreatePaymentLinkSchema,
  CreatePaymentSchema,
  RefundSchema,
  type ControlPay,
} from './request-schemas.ts';
import { createWebhookSender, type WebhookRecord } from './webhooks.ts';

/**
 * An embedded stand-in for Worldline Direct (API v2), over real HTTP on
 * loopback, authenticated with `GCS v1HMAC` like the real platform:
 *
 *   GET  /v2/{m}/services/testconnection
 *   POST /v2/{m}/paymentlinks                    201, the hosted page at <url>/pay/{id}
 *   GET  /v2/{m}/paymentlinks/{id}
 *   POST /v2/{m}/paymentlinks/{id}/cancel        204; 409 unless ACTIVE
 *   POST /v2/{m}/payments                        201, card payments (outcome by magic amount)
 *   GET  /v2/{m}/payments/{id}                   id with or without its _0
 *   POST /v2/{m}/payments/{id}/refund            201 REFUND_REQUESTED, REFUNDED a minute later (scaled)
 *   GET  /v2/{m}/payments/{id}/refunds
 *   POST /v2/{m}/payments/{id}/cancel            voids an authorisation
 *   GET|POST /pay/{id}                           the customer's hosted page (no auth)
 *
 * POSTs honour `X-GCS-Idempotence-Key`. A control API without auth, for tests
 * and demos, lives under /_simulator/ (see `control`). It shares no code
 * with Kassa's payment client.
 */

export interface WorldlineDirectSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default: a simulator has no business on the network. */
  host?: string;
  merchantId: string;
  apiKeyId: string;
  secretApiKey: string;
  webhookKeyId: string;
  webhookSecret: string;
  /** 1 is real time; 0.01 makes a 10-minute link expire in 6 s. */
  timeScale?: number;
  /** Where webhooks go when a link or payment names no feedbacks.webhookUrl; none are sent without one. */
  webhookUrl?: string;
  logger?: Logger;
}

/** A payment link as the control API lists it. */
export type ListedLink = ReturnType<typeof listed>;

export interface WorldlineDirectControl {
  /** Pays a link as the customer would on the hosted page; undefined if it can no longer be paid. */
  pay(paymentLinkId: string, input?: ControlPay): { link: PaymentLinkView; payment: PaymentView } | undefined;
  click(paymentLinkId: string): PaymentLinkView;
  expire(paymentLinkId: string): PaymentLinkView;
  links(): ListedLink[];
  addFault(fault: FaultInput): void;
  pendingFaults(): readonly Fault[];
  webhooks(): readonly WebhookRecord[];
  /** Resolves when every webhook emitted so far is settled (a held, reordered one excepted). */
  webhooksIdle(): Promise<void>;
  /** Forgets links, payments, faults, idempotence keys and webhooks. */
  reset(): void;
}

export interface WorldlineDirectSimulator {
  /** e.g. http://127.0.0.1:8445; the API is under `${url}/v2/{merchantId}`. */
  readonly url: string;
  readonly port: number;
  readonly merchantId: string;
  readonly timeScale: number;
  readonly control: WorldlineDirectControl;
  /** The lines `kassa simulator` prints. */
  describe(): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const API_PATH = /^\/v2\/([^/]+)\/(.+)$/;
const PAY_PATH = /^\/pay\/([^/]+)$/;
const CONTROL_LINK_PATH = /^\/_simulator\/paymentlinks\/([^/]+)\/(pay|click|expire)$/;

type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Readonly<Record<string, string>> }
  | { kind: 'empty'; status: number; headers?: Readonly<Record<string, string>> }
  | { kind: 'html'; status: number; html: string; headers?: Readonly<Record<string, string>> };

const json = (status: number, body: unknown): Reply => ({ kind: 'json', status, body });

function errorReply(error: DirectError): Reply {
  return { kind: 'json', status: error.status, body: error.body(), headers: error.headers };
}

function listed(link: PaymentLink, view: PaymentLinkView) {
  return {
    ...view,
    merchantReference: link.merchantReference ?? null,
    description: link.description ?? null,
    webhookUrl: link.webhookUrl ?? null,
  };
}

/** Without a logger the simulator stays quiet: tests and the CLI pass their own. */
const ignore = (): void => undefined;
const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new DirectError(400, 'INVALID_JSON', 'The body is not valid JSON');
  }
}

function parseWith<T>(schema: z.ZodType<T>, raw: string): T {
  const result = schema.safeParse(parseJson(raw));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(
    issue?.path.join('.') ?? '',
    issue === undefined ? 'Invalid request' : `${issue.path.join('.')}: ${issue.message}`,
  );
}

export async function startWorldlineDirectSimulator(
  options: WorldlineDirectSimulatorOptions,
): Promise<WorldlineDirectSimulator> {
  const logger = options.logger ?? silentLogger;
  const { merchantId } = options;
  for (const [name, value] of Object.entries({
    merchantId,
    apiKeyId: options.apiKeyId,
    secretApiKey: options.secretApiKey,
    webhookKeyId: options.webhookKeyId,
    webhookSecret: options.webhookSecret,
  })) {
    if (value.trim() === '') throw new RangeError(`${name} must not be empty.`);
  }
  const time = createSimTime(options.timeScale ?? 1);
  const faults = createFaultQueue();
  const webhooks = createWebhookSender({
    time,
    logger,
    merchantId,
    keyId: options.webhookKeyId,
    secret: options.webhookSecret,
    takeFault: () => faults.takeWebhookFault(),
  });
  const platform = createPlatform({ time, logger, webhooks, defaultWebhookUrl: options.webhookUrl });
  /** Idempotence keys: the first request's time, and its answer once it has one. */
  let idempotence = new Map<string, { firstAt: number; reply?: Reply }>();
  let url = '';
  const hostedPage = (id: string) => `${url}/pay/${encodeURIComponent(id)}`;

  const linkView = (link: PaymentLink) => platform.linkView(link, hostedPage(link.paymentLinkId));
  const paid = (result: { link: PaymentLink; payment: Payment }) => ({
    link: linkView(result.link),
    payment: platform.paymentView(result.payment),
  });

  function api(method: string, resource: string, raw: string): Reply {
    const parts = resource.split('/').map(decodePathSegment);
    const [collection, id, action, extra] = parts;
    const route = `${method} ${collection ?? ''}${id === undefined ? '' : '/:id'}${action === undefined ? '' : `/${action}`}`;
    if (extra !== undefined) throw new DirectError(404, 'UNKNOWN_RESOURCE', 'No such resource');
    const named = id ?? '';
    switch (route) {
      case 'GET services/:id':
        if (named !== 'testconnection') break;
        return json(200, { result: 'OK' });
      case 'POST paymentlinks': {
        const created = platform.createLink(parseWith(CreatePaymentLinkSchema, raw), hostedPage);
        return json(201, linkView(created));
      }
      case 'GET paymentlinks/:id':
        return json(200, linkView(platform.link(named)));
      case 'POST paymentlinks/:id/cancel':
        platform.cancelLink(named);
        return { kind: 'empty', status: 204 };
      case 'POST payments': {
        const created = platform.createPayment(parseWith(CreatePaymentSchema, raw));
        const payment = platform.paymentView(created);
        if (created.state === 'REJECTED') {
          // A decline is 402 with the rejected payment in paymentResult (the API contract's PaymentErrorResponse).
          throw new DirectError(402, 'AUTHORIZATION_DECLINED', created.refusal ?? 'Authorisation declined', {
            code: '30511001',
            category: 'PAYMENT_PLATFORM_ERROR',
            extra: { paymentResult: { payment } },
          });
        }
        return json(201, { payment });
      }
      case 'GET payments/:id':
        return json(200, platform.paymentView(platform.payment(named)));
      case 'POST payments/:id/refund': {
        const found = platform.payment(named);
        const refund = platform.refund(named, parseWith(RefundSchema, raw));
        return json(201, platform.refundView(found, refund));
      }
      case 'GET payments/:id/refunds': {
        const found = platform.payment(named);
        return json(200, { refunds: found.refunds.map((refund) => platform.refundView(found, refund)) });
      }
      case 'POST payments/:id/cancel': {
        parseWith(CancelPaymentSchema, raw);
        return json(200, { payment: platform.paymentView(platform.cancelPayment(named)) });
      }
    }
    throw new DirectError(404, 'UNKNOWN_RESOURCE', `No such resource: ${method} /v2/${merchantId}/${resource}`);
  }

  function hosted(method: string, id: string, raw: string): Reply {
    if (!platform.knows(id)) return { kind: 'html', status: 404, html: unknownLinkPage() };
    if (method === 'GET') {
      const link = platform.link(id);
      if (link.status !== 'ACTIVE') return { kind: 'html', status: 410, html: noLongerValidPage() };
      platform.clickLink(id);
      return { kind: 'html', status: 200, html: payPage(link, TEST_CARD) };
    }
    if (method !== 'POST') throw new HttpProblem(405, 'Method not allowed', { allow: 'GET, POST' });
    const cardNumber = new URLSearchParams(raw).get('cardNumber')?.replace(/\s/g, '');
    if (cardNumber !== undefined && !/^\d{12,19}$/.test(cardNumber)) {
      throw new HttpProblem(400, 'The card number must be 12 to 19 digits');
    }
    const result = platform.payLink(id, cardNumber === undefined ? {} : { cardNumber });
    if (result === undefined) return { kind: 'html', status: 410, html: noLongerValidPage() };
    return { kind: 'html', status: 200, html: resultPage(result.payment.state !== 'REJECTED', result.link) };
  }

  const sockets = new Set<Socket>();

  function send(response: ServerResponse, reply: Reply) {
    if (response.headersSent || response.destroyed) return;
    switch (reply.kind) {
      case 'json': {
        const text = JSON.stringify(reply.body);
        response
          .writeHead(reply.status, {
            ...reply.headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          })
          .end(text);
        return;
      }
      case 'empty':
        response.writeHead(reply.status, { ...reply.headers }).end();
        return;
      case 'html':
        response
          .writeHead(reply.status, {
            ...reply.headers,
            'content-type': 'text/html; charset=utf-8',
            'content-length': Buffer.byteLength(reply.html),
            'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
          })
          .end(reply.html);
    }
  }

  function faultReply(status: number): Reply {
    return errorReply(new DirectError(status, 'SERVICE_UNAVAILABLE', 'The platform could not process the request'));
  }

  /** Runs one request of the API or the hosted page, with scripted faults and idempotence around it. */
  async function served(
    request: IncomingMessage,
    response: ServerResponse,
    work: () => Reply,
    idempotenceKey: string | undefined,
  ) {
    const fault = faults.takeCallFault(request.method);
    if (fault !== undefined) logger.info('worldline_direct_simulator.fault_taken', { fault: fault.fault });
    // Turned away before the platform saw it: nothing happened, an idempotence key stays free.
    if (fault?.fault === 'http-error' && !fault.applied) return send(response, faultReply(fault.status));
    if (fault?.fault === 'drop-connection' && !fault.applied) return void request.socket.destroy();

    let reply: Reply;
    const earlier = idempotenceKey === undefined ? undefined : idempotence.get(idempotenceKey);
    if (earlier !== undefined) {
      const stamp = { 'x-gcs-idempotence-request-timestamp': String(earlier.firstAt) };
      reply =
        earlier.reply === undefined
          ? errorReply(
              new DirectError(
                409,
                'DUPLICATE_REQUEST_IN_PROGRESS',
                'A request with this idempotence key is in progress',
                {
                  headers: stamp,
                },
              ),
            )
          : { ...earlier.reply, headers: { ...earlier.reply.headers, ...stamp } };
    } else {
      const entry: { firstAt: number; reply?: Reply } = { firstAt: Date.now() };
      if (idempotenceKey !== undefined) idempotence.set(idempotenceKey, entry);
      try {
        reply = work();
      } catch (error) {
        if (!(error instanceof DirectError)) {
          // Not an answer the platform gives: the key must not stay "in progress" for ever.
          if (idempotenceKey !== undefined) idempotence.delete(idempotenceKey);
          throw error;
        }
        reply = errorReply(error);
      }
      if (fault?.fault === 'slow-answer') await time.wait(fault.delayMs);
      entry.reply = reply;
    }
    if (fault?.fault === 'http-error') return send(response, faultReply(fault.status));
    if (fault?.fault === 'drop-connection') return void request.socket.destroy();
    send(response, reply);
  }

  const control: WorldlineDirectControl = {
    pay(id, input = {}) {
      const result = platform.payLink(id, ControlPaySchema.parse(input));
      return result === undefined ? undefined : paid(result);
    },
    click: (id) => linkView(platform.clickLink(id)),
    expire: (id) => linkView(platform.expireLink(id)),
    links: () => platform.links().map((link) => listed(link, linkView(link))),
    addFault: (fault) => faults.add(FaultSchema.parse(fault)),
    pendingFaults: () => faults.pending(),
    webhooks: () => webhooks.records,
    webhooksIdle: () => webhooks.idle(),
    reset() {
      platform.reset();
      faults.clear();
      webhooks.reset();
      idempotence = new Map();
    },
  };

  async function controlRoute(request: IncomingMessage, response: ServerResponse, path: string) {
    const method = request.method ?? 'GET';
    const raw = await readBody(request, MAX_BODY_BYTES, 'The body is larger than 1 MiB');
    const body = () => {
      try {
        return raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
      } catch {
        throw new HttpProblem(400, 'The body is not valid JSON');
      }
    };
    const linkAction = CONTROL_LINK_PATH.exec(path);
    if (linkAction !== null && method === 'POST') {
      const id = decodePathSegment(linkAction[1] ?? '');
      const action = linkAction[2];
      if (action === 'pay') {
        const result = control.pay(id, ControlPaySchema.parse(body()));
        if (result === undefined) {
          throw new DirectError(409, 'PAYMENT_LINK_NOT_ACTIVE', 'This link is no longer valid: nothing was charged');
        }
        return send(response, json(200, result));
      }
      return send(response, json(200, action === 'click' ? control.click(id) : control.expire(id)));
    }
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_simulator':
        return send(
          response,
          json(200, {
            merchantId,
            timeScale: time.scale,
            magicAmounts: MAGIC_AMOUNTS.map(({ ending, description }) => ({ ending, description })),
          }),
        );
      case 'GET /_simulator/paymentlinks':
        return send(response, json(200, { paymentLinks: control.links() }));
      case 'POST /_simulator/faults':
        control.addFault(FaultSchema.parse(body()));
        return send(response, json(200, { pendingFaults: control.pendingFaults() }));
      case 'GET /_simulator/faults':
        return send(response, json(200, { pendingFaults: control.pendingFaults() }));
      case 'GET /_simulator/webhooks':
        return send(response, json(200, { webhooks: control.webhooks() }));
      case 'POST /_simulator/reset':
        control.reset();
        return send(response, json(200, {}));
    }
    throw new HttpProblem(404, 'No such simulator control endpoint');
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    let path: string;
    try {
      path = new URL(target, 'http://simulator.invalid').pathname;
    } catch {
      throw new HttpProblem(400, 'Bad request URL');
    }
    if (path === '/_simulator' || path.startsWith('/_simulator/')) return controlRoute(request, response, path);
    const page = PAY_PATH.exec(path);
    if (page !== null) {
      const raw = await readBody(request, MAX_BODY_BYTES, 'The body is larger than 1 MiB');
      return served(request, response, () => hosted(method, decodePathSegment(page[1] ?? ''), raw), undefined);
    }
    const apiCall = API_PATH.exec(path);
    if (apiCall === null) throw new HttpProblem(404, 'Not found');
    // Authenticate before reading anything else: an unsigned caller learns nothing.
    const verdict = verifyRequest({ method, url: target, headers: request.headers }, options, Date.now());
    if (!verdict.ok) {
      logger.warn('worldline_direct_simulator.unauthorized', { reason: verdict.reason });
      return send(response, errorReply(unauthorized()));
    }
    // The SDK writes bodies without Content-Length: readBody takes chunked bodies as they come.
    const raw = await readBody(request, MAX_BODY_BYTES, 'The body is larger than 1 MiB');
    if (decodePathSegment(apiCall[1] ?? '') !== merchantId) {
      return send(
        response,
        errorReply(new DirectError(403, 'ACCESS_TO_MERCHANT_NOT_ALLOWED', 'The API key may not act for this merchant')),
      );
    }
    const header = request.headers['x-gcs-idempotence-key'];
    const key = method === 'POST' && typeof header === 'string' && header !== '' ? header : undefined;
    return served(request, response, () => api(method, apiCall[2] ?? '', raw), key);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof DirectError) return send(response, errorReply(error));
      if (error instanceof HttpProblem) {
        return send(response, {
          kind: 'json',
          status: error.status,
          body: { message: error.message },
          headers: error.status === 413 ? { ...error.headers, connection: 'close' } : error.headers,
        });
      }
      if (error instanceof z.ZodError) {
        return send(response, json(400, { message: `Invalid control request: ${z.prettifyError(error)}` }));
      }
      logger.error('worldline_direct_simulator.request_failed', { error });
      send(response, json(500, { message: 'Internal simulator error' }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    merchantId,
    timeScale: time.scale,
    control,
    describe() {
      return [
        `Worldline Direct simulator at ${url}`,
        `  API:            ${url}/v2/${encodeURIComponent(merchantId)}/…  (GCS v1HMAC)`,
        `  API key id:     ${options.apiKeyId}`,
        `  Webhook key id: ${options.webhookKeyId}`,
        `  Default webhooks to: ${options.webhookUrl ?? '(none)'}`,
        `  Hosted pages:   ${url}/pay/{paymentLinkId}`,
        `  Time scale:     ${String(time.scale)}`,
        `  Control API:    ${url}/_simulator`,
      ].join('\n');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        time.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
