import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import { decodePathSegment, HttpProblem, readBody, sameSecret } from '../http-basics.ts';
import { createSimTime } from '../sim-time.ts';
import { createCallLog, type CallRecord } from './call-log.ts';
import { BUILD_NUMBER, newNdc, oppTimestamp } from './envelope.ts';
import { OppError, type ParameterError } from './errors.ts';
import { createFaultQueue, FaultSchema, type Fault, type FaultInput } from './faults.ts';
import { endedPage, payPage, resultPage, unknownLinkPage } from './pay-page.ts';
import {
  createPlatform,
  TEST_CARD,
  type LinkView,
  type PaymentLink,
  type Transaction,
  type TransactionView,
} from './platform.ts';
import {
  BackOfficeFormSchema,
  ControlPaySchema,
  ControlWebhookUrlSchema,
  EntityQuerySchema,
  LinkFormSchema,
  PayPageFormSchema,
  PaymentFormSchema,
  QueryByReferenceSchema,
  type ControlPay,
} from './request-schemas.ts';
import { httpStatusOf, OPP_MAGIC_AMOUNTS, RESULTS, type Result } from './result-codes.ts';
import { createThrottle } from './throttle.ts';
import { WEBHOOK_SECRET_PATTERN } from './webhook-crypto.ts';
import { createWebhookSender, DEFAULT_MAX_ATTEMPTS, type WebhookRecord } from './webhooks.ts';

/**
 * An embedded stand-in for ACI's Open Payment Platform, over real HTTP on
 * loopback, written to docs/OPP.md (the contract the till's client is
 * written to as well; the two share no code):
 *
 *   POST   /v1/payments                        DB or PA with card parameters (a webshop; the tests)
 *   POST   /v1/payments/{id}                   CP, RF, RV; the answer has a new id and referencedId
 *   GET    /v1/payments/{id}?entityId=         throttled: statusPerMinute per transaction
 *   GET    /v1/query/{id}?entityId=            throttled the same way; with includeLinkedTransactions=true
 *                                               {result, payments: [it, every transaction referencing it]}
 *   GET    /v1/query?entityId=&merchantTransactionId=   {result, payments}; throttled per reference
 *   POST   /v1/paybylink                       a link to /pay/{id}
 *   GET    /v1/paybylink/{id}?entityId=        not throttled
 *   GET    /v1/paybylink?entityId=&merchantTransactionId=   {result, links}
 *   DELETE /v1/paybylink/{id}?entityId=        deactivates; 700.400.700 unless ACTIVE
 *   GET|POST /pay/{id}                         the shopper's page (no auth)
 *
 * `Authorization: Bearer <token>` and `entityId` on every /v1 call; POST
 * parameters form-encoded in the body, never the URL. Outcomes by the
 * amount's last three digits (result-codes.ts). A control API without auth,
 * for tests and demos, lives under /_simulator/ (see `OppControl`).
 */

export interface OppSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default: a simulator has no business on the network. */
  host?: string;
  entityId: string;
  /** The Bearer access token. */
  token: string;
  /** The webhook listener's secret: 64 hex characters, the AES-256 key. */
  webhookSecret: string;
  /** Where webhooks go (ACI sets it per listener); none are sent without one. */
  webhookUrl?: string;
  /** Webhook bodies as `{"encryptedBody":"<hex>"}` (application/json) instead of bare hex (text/plain). */
  wrapJson?: boolean;
  /** 1 is real time; 0.001 makes a pending payment's minute take 60 ms. */
  timeScale?: number;
  /** Status questions allowed per transaction in a rolling simulated minute (Peach's OPPWA table: 2). */
  statusPerMinute?: number;
  /** How long a PA's hold can be captured (the acquirer's; 7 days by default). */
  holdValidDays?: number;
  /** Tries of one webhook before it is given up (10 by default). */
  webhookMaxAttempts?: number;
  logger?: Logger;
}

export interface OppControl {
  /** Pays a link as the shopper would on its page; undefined if it can no longer be paid. */
  pay(linkId: string, input?: ControlPay): { link: LinkView; payment: TransactionView } | undefined;
  /** Expires a link, or a PA's hold so it can no longer be captured. */
  expire(id: string): LinkView | TransactionView;
  links(): LinkView[];
  transactions(): TransactionView[];
  addFault(fault: FaultInput): void;
  pendingFaults(): readonly Fault[];
  webhooks(): readonly WebhookRecord[];
  /** Resolves when every webhook emitted so far is settled (a held, reordered one excepted). */
  webhooksIdle(): Promise<void>;
  /** The listener's URL, as ACI's back office sets it; undefined stops webhooks. */
  setWebhookUrl(url: string | undefined): void;
  /** Every /v1 call so far, with its simulated time, status and whether it was throttled. */
  calls(): readonly CallRecord[];
  /** Forgets transactions, links, faults, webhooks, calls and the throttle's memory (not the webhook URL). */
  reset(): void;
}

export interface OppSimulator {
  /** e.g. http://127.0.0.1:8446; the API is under `${url}/v1`. */
  readonly url: string;
  readonly port: number;
  readonly entityId: string;
  readonly timeScale: number;
  readonly control: OppControl;
  /** The lines `kassa simulator` prints. */
  describe(): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const TOO_LARGE = 'The body is larger than 1 MiB';
const API_PATH = /^\/v1\/(payments|query|paybylink)(?:\/([^/]+))?$/;
const PAY_PATH = /^\/pay\/([^/]+)$/;
const CONTROL_PAY_PATH = /^\/_simulator\/paybylink\/([^/]+)\/pay$/;
const CONTROL_EXPIRE_PATH = /^\/_simulator\/expire\/([^/]+)$/;

type Reply =
  { kind: 'json'; status: number; body: unknown; throttled?: boolean } | { kind: 'html'; status: number; html: string };

const json = (status: number, body: unknown): Reply => ({ kind: 'json', status, body });

/** Without a logger the simulator stays quiet: tests and the CLI pass their own. */
const ignore = (): void => undefined;
const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * Simulated time: it starts at the real time and runs `1 / scale` times as
 * fast, so a minute at scale 0.001 passes in 60 real ms and every stamp the
 * simulator writes (answers, webhooks, the call log) is on the same clock.
 */
function simulatedClock(scale: number): () => Date {
  const origin = Date.now();
  return () => new Date(origin + (Date.now() - origin) / scale);
}

/** A form or query checked by `schema`, or OPP's 200.300.404 naming each bad parameter. */
function parseParameters<T>(schema: z.ZodType<T>, parameters: Readonly<Record<string, string>>): T {
  const parsed = schema.safeParse(parameters);
  if (parsed.success) return parsed.data;
  const parameterErrors: ParameterError[] = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.');
    return { name, value: parameters[name] ?? '', message: issue.message };
  });
  throw new OppError(400, RESULTS.invalidParameter, { parameterErrors });
}

function resultOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('result' in body)) return undefined;
  const result: unknown = body.result;
  if (typeof result !== 'object' || result === null || !('code' in result)) return undefined;
  return typeof result.code === 'string' ? result.code : undefined;
}

export async function startOppSimulator(options: OppSimulatorOptions): Promise<OppSimulator> {
  const logger = options.logger ?? silentLogger;
  const { entityId, token } = options;
  if (entityId.trim() === '') throw new RangeError('entityId must not be empty.');
  if (entityId.length > 32) throw new RangeError('entityId must be at most 32 characters.');
  if (token.trim() === '') throw new RangeError('token must not be empty.');
  if (!WEBHOOK_SECRET_PATTERN.test(options.webhookSecret)) {
    throw new RangeError('webhookSecret must be 64 hexadecimal characters (the AES-256 key).');
  }
  const checkUrl = (url: string | undefined) => {
    if (url !== undefined && !URL.canParse(url)) throw new RangeError(`Not a URL: ${url}`);
    return url;
  };
  const holdValidDays = options.holdValidDays ?? 7;
  if (!(holdValidDays > 0) || !Number.isFinite(holdValidDays)) {
    throw new RangeError(`holdValidDays must be a positive number (got ${String(holdValidDays)}).`);
  }
  const webhookMaxAttempts = options.webhookMaxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(webhookMaxAttempts) || webhookMaxAttempts < 1) {
    throw new RangeError(`webhookMaxAttempts must be a whole number from 1 (got ${String(webhookMaxAttempts)}).`);
  }
  let webhookUrl = checkUrl(options.webhookUrl);
  const scale = options.timeScale ?? 1;
  const time = createSimTime(scale, simulatedClock(scale));
  const faults = createFaultQueue();
  const throttle = createThrottle(options.statusPerMinute ?? 2);
  const calls = createCallLog();
  const webhooks = createWebhookSender({
    time,
    logger,
    secret: options.webhookSecret,
    url: () => webhookUrl,
    wrapJson: options.wrapJson ?? false,
    maxAttempts: webhookMaxAttempts,
    takeFault: (final) => faults.takeWebhookFault(final),
  });
  let url = '';
  const platform = createPlatform({
    time,
    logger,
    webhooks,
    entityId,
    holdValidDays,
    linkUrl: (id) => `${url}/pay/${encodeURIComponent(id)}`,
  });

  /** OPP's envelope around a result that is not a transaction or a link (errors, lists). */
  const envelope = (result: Result, extra: Readonly<Record<string, unknown>> = {}) => ({
    result: { ...result },
    ...extra,
    buildNumber: BUILD_NUMBER,
    timestamp: oppTimestamp(time.now()),
    ndc: newNdc(entityId),
  });
  const errorReply = (error: OppError): Reply => json(error.status, envelope(error.result, error.extra));
  const transactionReply = (transaction: Transaction): Reply => {
    const view = platform.transactionView(transaction);
    return json(httpStatusOf(view.result.code), view);
  };

  /** A status question, unless this one is over the throttle. */
  function paced(key: string, answer: () => Reply): Reply {
    if (!throttle.allow(key, time.now().getTime())) {
      return { kind: 'json', status: 429, body: envelope(RESULTS.tooManyRequests), throttled: true };
    }
    return answer();
  }

  function api(method: string, collection: string, id: string | undefined, parameters: Record<string, string>): Reply {
    switch (`${method} ${collection}${id === undefined ? '' : '/:id'}`) {
      case 'POST payments':
        return transactionReply(platform.createPayment(parseParameters(PaymentFormSchema, parameters)));
      case 'POST payments/:id':
        return transactionReply(platform.backOffice(id ?? '', parseParameters(BackOfficeFormSchema, parameters)));
      case 'GET payments/:id':
        parseParameters(EntityQuerySchema, parameters);
        return paced(`payments ${id ?? ''}`, () => transactionReply(platform.transaction(id ?? '')));
      case 'GET query/:id': {
        parseParameters(EntityQuerySchema, parameters);
        if (parameters.includeLinkedTransactions !== 'true') {
          return paced(`query ${id ?? ''}`, () => transactionReply(platform.transaction(id ?? '')));
        }
        // The transaction and every one that references it (its refunds, captures, reversals): docs/OPP.md.
        return paced(`query ${id ?? ''}`, () => {
          const found = platform.transaction(id ?? '');
          const linked = platform.transactions().filter((other) => other.referencedId === found.id);
          const payments = [found, ...linked].map((one) => platform.transactionView(one));
          return json(200, envelope(RESULTS.request, { payments }));
        });
      }
      case 'GET query': {
        const { merchantTransactionId } = parseParameters(QueryByReferenceSchema, parameters);
        return paced(`query-reference ${merchantTransactionId}`, () => {
          const found = platform.transactionsByReference(merchantTransactionId);
          if (found.length === 0) throw new OppError(400, RESULTS.notFound, { payments: [] });
          return json(200, envelope(RESULTS.request, { payments: found.map((one) => platform.transactionView(one)) }));
        });
      }
      case 'POST paybylink': {
        const created = platform.createLink(parseParameters(LinkFormSchema, parameters));
        return json(200, platform.linkView(created, RESULTS.linkCreated));
      }
      case 'GET paybylink/:id':
        parseParameters(EntityQuerySchema, parameters);
        return json(200, platform.linkView(platform.link(id ?? '')));
      case 'GET paybylink': {
        const { merchantTransactionId } = parseParameters(QueryByReferenceSchema, parameters);
        const found = platform.linksByReference(merchantTransactionId);
        if (found.length === 0) throw new OppError(400, RESULTS.notFound, { links: [] });
        return json(200, envelope(RESULTS.request, { links: found.map((link) => platform.linkView(link)) }));
      }
      case 'DELETE paybylink/:id':
        parseParameters(EntityQuerySchema, parameters);
        return json(200, platform.linkView(platform.deactivateLink(id ?? '')));
    }
    throw new HttpProblem(405, `${method} is not allowed on /v1/${collection}${id === undefined ? '' : '/{id}'}`);
  }

  const sockets = new Set<Socket>();

  function send(response: ServerResponse, reply: Reply) {
    if (response.headersSent || response.destroyed) return;
    const [text, contentType] =
      reply.kind === 'json'
        ? [JSON.stringify(reply.body), 'application/json; charset=utf-8']
        : [reply.html, 'text/html; charset=utf-8'];
    response.writeHead(reply.status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      ...(reply.kind === 'html'
        ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" }
        : {}),
    });
    response.end(text);
  }

  /** The parameters of a /v1 call: a POST's form body (never its URL), a GET's or DELETE's query. */
  function parametersOf(request: IncomingMessage, method: string, target: URL, raw: string): Record<string, string> {
    if (method !== 'POST') return Object.fromEntries(target.searchParams);
    if (target.search !== '') {
      throw new OppError(400, RESULTS.invalidParameter, {
        parameterErrors: [
          {
            name: 'url',
            value: target.search,
            message: 'POST parameters must be in the form-encoded body, not the URL',
          },
        ],
      });
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
      throw new OppError(400, RESULTS.invalidParameter, {
        parameterErrors: [
          {
            name: 'content-type',
            value: contentType,
            message: 'the body must be application/x-www-form-urlencoded',
          },
        ],
      });
    }
    return Object.fromEntries(new URLSearchParams(raw));
  }

  /** One /v1 call: authentication, the entity, scripted faults, the platform, and the call log around them. */
  async function apiCall(
    request: IncomingMessage,
    response: ServerResponse,
    target: URL,
    collection: string,
    id: string | undefined,
  ) {
    const method = request.method ?? 'GET';
    const call = calls.start({ method, path: target.pathname, query: target.search.slice(1) }, time.now());
    const finish = (reply: Reply) => {
      call.status = reply.status;
      if (reply.kind === 'json') {
        const code = resultOf(reply.body);
        if (code !== undefined) call.resultCode = code;
        call.throttled = reply.throttled === true;
      }
      send(response, reply);
    };
    const cut = () => {
      call.fault = 'drop-connection';
      request.socket.destroy();
    };
    try {
      const authorization = request.headers.authorization ?? '';
      const bearer = /^Bearer (\S+)$/.exec(authorization.trim())?.[1];
      if (!sameSecret(bearer, token)) {
        logger.warn('opp_simulator.unauthorized', { path: target.pathname });
        return finish(errorReply(new OppError(401, RESULTS.badToken)));
      }
      const raw = await readBody(request, MAX_BODY_BYTES, TOO_LARGE);
      const parameters = parametersOf(request, method, target, raw);
      const given = parameters.entityId;
      if (given !== undefined && given !== entityId) return finish(errorReply(new OppError(403, RESULTS.wrongEntity)));

      const fault = faults.takeCallFault(method);
      if (fault !== undefined) {
        call.fault = fault.fault;
        logger.info('opp_simulator.fault_taken', { fault: fault.fault });
      }
      const failed = (status: number) => errorReply(new OppError(status, RESULTS.communicationError));
      // Turned away before the platform saw it: nothing happened, nothing was counted.
      if (fault?.fault === 'http-error' && !fault.applied) return finish(failed(fault.status));
      if (fault?.fault === 'drop-connection' && !fault.applied) return cut();
      let reply: Reply;
      try {
        reply = api(method, collection, id, parameters);
      } catch (error) {
        if (!(error instanceof OppError)) throw error;
        reply = errorReply(error);
      }
      if (fault?.fault === 'slow-answer') await time.wait(fault.delayMs);
      if (fault?.fault === 'http-error') return finish(failed(fault.status));
      if (fault?.fault === 'drop-connection') return cut();
      finish(reply);
    } catch (error) {
      if (error instanceof OppError) return finish(errorReply(error));
      if (error instanceof HttpProblem) return finish(json(error.status, { message: error.message }));
      throw error;
    }
  }

  function payPageRoute(method: string, id: string, raw: string): Reply {
    if (!platform.knowsLink(id)) return { kind: 'html', status: 404, html: unknownLinkPage() };
    const link = platform.link(id);
    if (method === 'GET') {
      if (link.status !== 'ACTIVE') return { kind: 'html', status: 410, html: endedPage(link.status) };
      return { kind: 'html', status: 200, html: payPage(link, TEST_CARD) };
    }
    if (method !== 'POST') throw new HttpProblem(405, 'Method not allowed');
    const form = PayPageFormSchema.safeParse(Object.fromEntries(new URLSearchParams(raw)));
    if (!form.success) throw new HttpProblem(400, 'The card number must be 12 to 19 digits');
    const paid = platform.payLink(id, form.data.cardNumber);
    if (paid === undefined) {
      return { kind: 'html', status: 410, html: endedPage(link.status === 'ACTIVE' ? 'EXPIRED' : link.status) };
    }
    return { kind: 'html', status: 200, html: resultPage(paid.link.status === 'PAID', paid.link) };
  }

  const viewOfPaid = (paid: { link: PaymentLink; payment: Transaction }) => ({
    link: platform.linkView(paid.link),
    payment: platform.transactionView(paid.payment),
  });

  const control: OppControl = {
    pay(id, input = {}) {
      const paid = platform.payLink(id, ControlPaySchema.parse(input).cardNumber);
      return paid === undefined ? undefined : viewOfPaid(paid);
    },
    expire(id) {
      const expired = platform.expire(id);
      return 'link' in expired ? platform.linkView(expired.link) : platform.transactionView(expired.transaction);
    },
    links: () => platform.links().map((link) => platform.linkView(link)),
    transactions: () => platform.transactions().map((one) => platform.transactionView(one)),
    addFault: (fault) => faults.add(FaultSchema.parse(fault)),
    pendingFaults: () => faults.pending(),
    webhooks: () => webhooks.records,
    webhooksIdle: () => webhooks.idle(),
    setWebhookUrl(next) {
      webhookUrl = checkUrl(next);
    },
    calls: () => calls.records,
    reset() {
      platform.reset();
      faults.clear();
      webhooks.reset();
      throttle.reset();
      calls.reset();
    },
  };

  async function controlRoute(request: IncomingMessage, response: ServerResponse, path: string) {
    const method = request.method ?? 'GET';
    const raw = await readBody(request, MAX_BODY_BYTES, TOO_LARGE);
    const body = (): unknown => {
      try {
        return raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
      } catch {
        throw new HttpProblem(400, 'The body is not valid JSON');
      }
    };
    const payAction = CONTROL_PAY_PATH.exec(path);
    if (payAction !== null && method === 'POST') {
      const paid = control.pay(decodePathSegment(payAction[1] ?? ''), ControlPaySchema.parse(body()));
      if (paid === undefined) throw new OppError(400, RESULTS.linkNotActive);
      return send(response, json(200, paid));
    }
    const expireAction = CONTROL_EXPIRE_PATH.exec(path);
    if (expireAction !== null && method === 'POST') {
      return send(response, json(200, control.expire(decodePathSegment(expireAction[1] ?? ''))));
    }
    switch (`${method} ${path}`) {
      case 'GET /_simulator':
        return send(
          response,
          json(200, {
            entityId,
            timeScale: time.scale,
            webhookUrl: webhookUrl ?? null,
            magicAmounts: OPP_MAGIC_AMOUNTS.map(({ ending, outcome, description }) => ({
              ending,
              description,
              resultCode: outcome.now.code,
              ...(outcome.later === undefined ? {} : { laterResultCode: outcome.later.code }),
            })),
          }),
        );
      case 'GET /_simulator/links':
        return send(response, json(200, { links: control.links() }));
      case 'GET /_simulator/transactions':
        return send(response, json(200, { transactions: control.transactions() }));
      case 'POST /_simulator/faults':
        control.addFault(FaultSchema.parse(body()));
        return send(response, json(200, { pendingFaults: control.pendingFaults() }));
      case 'GET /_simulator/faults':
        return send(response, json(200, { pendingFaults: control.pendingFaults() }));
      case 'GET /_simulator/webhooks':
        return send(response, json(200, { webhooks: control.webhooks() }));
      case 'POST /_simulator/webhook-url':
        control.setWebhookUrl(ControlWebhookUrlSchema.parse(body()).url ?? undefined);
        return send(response, json(200, { webhookUrl: webhookUrl ?? null }));
      case 'GET /_simulator/calls':
        return send(response, json(200, { calls: control.calls() }));
      case 'POST /_simulator/reset':
        control.reset();
        return send(response, json(200, {}));
    }
    throw new HttpProblem(404, 'No such simulator control endpoint');
  }

  async function route(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? 'GET';
    let target: URL;
    try {
      target = new URL(request.url ?? '/', 'http://simulator.invalid');
    } catch {
      throw new HttpProblem(400, 'Bad request URL');
    }
    const path = target.pathname;
    if (path === '/_simulator' || path.startsWith('/_simulator/')) return controlRoute(request, response, path);
    const page = PAY_PATH.exec(path);
    if (page !== null) {
      const raw = await readBody(request, MAX_BODY_BYTES, TOO_LARGE);
      return send(response, payPageRoute(method, decodePathSegment(page[1] ?? ''), raw));
    }
    const apiPath = API_PATH.exec(path);
    if (apiPath === null) throw new HttpProblem(404, 'Not found');
    const id = apiPath[2] === undefined ? undefined : decodePathSegment(apiPath[2]);
    return apiCall(request, response, target, apiPath[1] ?? '', id);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof OppError) return send(response, errorReply(error));
      if (error instanceof HttpProblem) {
        if (error.status === 413) response.setHeader('connection', 'close');
        return send(response, json(error.status, { message: error.message }));
      }
      if (error instanceof z.ZodError) {
        return send(response, json(400, { message: `Invalid control request: ${z.prettifyError(error)}` }));
      }
      if (error instanceof RangeError) return send(response, json(400, { message: error.message }));
      logger.error('opp_simulator.request_failed', { error });
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
    entityId,
    timeScale: time.scale,
    control,
    describe() {
      return [
        `ACI Open Payment Platform (OPP) simulator at ${url}`,
        `  API:          ${url}/v1/…  (Authorization: Bearer <token>, entityId)`,
        `  Entity id:    ${entityId}`,
        `  Webhooks to:  ${webhookUrl ?? '(none; set one with POST /_simulator/webhook-url)'}`,
        `  Pay pages:    ${url}/pay/{linkId}`,
        `  Time scale:   ${String(time.scale)}`,
        `  Control API:  ${url}/_simulator`,
      ].join('\n');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        platform.reset();
        time.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
