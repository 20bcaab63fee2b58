import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../logging/logger.ts';
import { decodePathSegment, HttpProblem, readBody } from '../http-basics.ts';
import { createSimTime } from '../sim-time.ts';
import { majorNumber } from './amounts.ts';
import { createCallLog, type CallRecord } from './call-log.ts';
import { createControlRoutes } from './control-routes.ts';
import { worldnetDateTime } from './datetime.ts';
import { createFaultQueue, FaultSchema, type Fault, type FaultInput } from './faults.ts';
import type { CurrencyMode } from './hash.ts';
import { createHostedPage } from './hosted-page.ts';
import { createMailbox, type MerchantEmail } from './mailbox.ts';
import { API_PATH, createMerchantApi } from './merchant-api.ts';
import { refusedPage } from './pay-page.ts';
import { createPlatform, type Order, type Paid, type Transaction } from './platform.ts';
import { html, json, sendReply } from './replies.ts';
import { ControlPaySchema, HttpUrlSchema, RetryScheduleSchema, type ControlPay } from './request-schemas.ts';
import { createTokenStore } from './tokens.ts';
import { createValidationSender, DEFAULT_RETRY_SCHEDULE_MS, type ValidationRecord } from './validations.ts';

/**
 * An embedded stand-in for Worldnet (Payroc), over real HTTP on loopback,
 * written to docs/WORLDNET.md (the contract the till's client is written
 * to as well; the two share no code):
 *
 *   GET|POST {paymentPagePath}                  the hosted payment page (HPP); checks the request HASH
 *   POST     {paymentPagePath}/orders/{ORDERID} the page's Pay and Cancel buttons
 *   …        /merchant/api/v1/…                 the REST Merchant API (merchant-api.ts)
 *   …        /_simulator/…                      the control API (control-routes.ts)
 *
 * Paying sends the background validation to the request's VALIDATIONURL
 * (or the terminal's), retried on the schedule until answered `OK`, and
 * flags the transaction EXPIRED with an e-mail to the merchant when it never
 * is (validations.ts). Outcomes by the amount's last three digits
 * (magic-amounts.ts). Every delay is simulated time (sim-time.ts).
 */

export interface WorldnetSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 by default: a simulator has no business on the network. */
  host?: string;
  terminalId: string;
  /** The terminal's shared secret: both hashes use it. */
  secret: string;
  /** `multi`: a multi-currency ("MC") terminal, CURRENCY in both hashes and in the validation. */
  currencyMode?: CurrencyMode;
  /** The Merchant API key, as `Authorization: Basic <key>`. */
  apiKey: string;
  /** The terminal's Selfcare Validation URL: used when a request sends no VALIDATIONURL. */
  validationUrl?: string;
  /** Simulated milliseconds between a failed validation and the next try; 1, 5, 15, 60 minutes by default. */
  retrySchedule?: readonly number[];
  /** Where the hosted page answers; `/merchant/paymentpage` as at Worldnet. */
  paymentPagePath?: string;
  /** 1 is real time; 0.001 makes a retry minute take 60 ms. */
  timeScale?: number;
  logger?: Logger;
}

export interface OrderView {
  orderId: string;
  currency: string;
  amount: string;
  dateTime: string;
  receiptPageUrl?: string;
  validationUrl?: string;
  method: 'GET' | 'POST';
  status: Order['status'];
  uniqueReference?: string;
  receivedAt: string;
  changedAt: string;
}

export interface TransactionView {
  uniqueReference: string;
  type: Transaction['type'];
  orderId: string;
  operator?: string;
  currency: string;
  amount: number;
  authorizedAmount: number;
  status: Transaction['status'];
  resultCode: Transaction['resultCode'];
  resultMessage: string;
  approvalCode: string;
  dateTime: string;
  paymentReference?: string;
  refundReason?: string;
  validated: boolean;
}

export interface WorldnetControl {
  /** Pays an order as the customer would; the amount decides unless a result is given. */
  pay(orderId: string, input?: ControlPay): { order: OrderView; transaction?: TransactionView };
  /** The customer leaves the page: no transaction, no validation. */
  abandon(orderId: string): OrderView;
  orders(): OrderView[];
  transactions(): TransactionView[];
  validations(): readonly ValidationRecord[];
  /** Resolves once every validation sent so far is settled (delivered, given up or not retried). */
  validationsIdle(): Promise<void>;
  emails(): readonly MerchantEmail[];
  /** The terminal's Validation URL; undefined: only requests that carry one get a validation. */
  setValidationUrl(url: string | undefined): void;
  /** From the next payment on. */
  setRetrySchedule(delaysMs: readonly number[]): void;
  addFault(fault: FaultInput): void;
  pendingFaults(): readonly Fault[];
  /** Every Merchant API call so far, with its simulated time and status. */
  calls(): readonly CallRecord[];
  /** Forgets orders, transactions, validations, e-mails, tokens, faults and calls (not the settings). */
  reset(): void;
}

export interface WorldnetSimulator {
  /** e.g. http://127.0.0.1:8447 */
  readonly url: string;
  readonly port: number;
  readonly terminalId: string;
  readonly timeScale: number;
  readonly control: WorldnetControl;
  /** The lines `kassa simulator` prints. */
  describe(): string;
  close(): Promise<void>;
}

const DEFAULT_PAYMENT_PAGE_PATH = '/merchant/paymentpage';
/** The Merchant API key's alias: `boundTo`, and a refund's operator when it names none. */
const KEY_ALIAS = 'kassa-simulator-key';
const MAX_PAGE_BODY_BYTES = 64 * 1024;

/** Without a logger the simulator stays quiet: tests and the CLI pass their own. */
const ignore = (): void => undefined;
const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * Simulated time: it starts at the real time and runs `1 / scale` times as
 * fast, so every stamp (transactions, validation tries, tokens, calls) is on
 * the clock the delays are measured by.
 */
function simulatedClock(scale: number): () => Date {
  const origin = Date.now();
  return () => new Date(origin + (Date.now() - origin) / scale);
}

function orderView(order: Order): OrderView {
  return {
    orderId: order.orderId,
    currency: order.currency,
    amount: order.amount,
    dateTime: order.dateTime,
    ...(order.receiptPageUrl === undefined ? {} : { receiptPageUrl: order.receiptPageUrl }),
    ...(order.validationUrl === undefined ? {} : { validationUrl: order.validationUrl }),
    method: order.method,
    status: order.status,
    ...(order.uniqueReference === undefined ? {} : { uniqueReference: order.uniqueReference }),
    receivedAt: order.receivedAt.toISOString(),
    changedAt: order.changedAt.toISOString(),
  };
}

function transactionView(one: Transaction): TransactionView {
  return {
    uniqueReference: one.uniqueReference,
    type: one.type,
    orderId: one.orderId,
    ...(one.operator === undefined ? {} : { operator: one.operator }),
    currency: one.currency,
    amount: majorNumber(one.amountMinor, one.currency),
    authorizedAmount: majorNumber(one.authorizedMinor, one.currency),
    status: one.status,
    resultCode: one.resultCode,
    resultMessage: one.resultMessage,
    approvalCode: one.approvalCode,
    dateTime: one.dateTime.toISOString(),
    ...(one.paymentReference === undefined ? {} : { paymentReference: one.paymentReference }),
    ...(one.refundReason === undefined ? {} : { refundReason: one.refundReason }),
    validated: one.validated,
  };
}

function checkedUrl(url: string | undefined): string | undefined {
  if (url !== undefined && !HttpUrlSchema.safeParse(url).success) {
    throw new RangeError(`Not an http or https URL: ${url}`);
  }
  return url;
}

function checkedSchedule(schedule: readonly number[]): readonly number[] {
  const parsed = RetryScheduleSchema.safeParse(schedule);
  if (!parsed.success) {
    throw new RangeError('The retry schedule must be at most 20 whole numbers of simulated ms, each up to a week.');
  }
  return parsed.data;
}

export async function startWorldnetSimulator(options: WorldnetSimulatorOptions): Promise<WorldnetSimulator> {
  const logger = options.logger ?? silentLogger;
  const { terminalId, secret, apiKey } = options;
  if (terminalId.trim() === '' || terminalId.length > 50) {
    throw new RangeError('terminalId must be 1 to 50 characters.');
  }
  if (secret === '') throw new RangeError('secret must not be empty.');
  if (apiKey.trim() === '' || /\s/.test(apiKey)) throw new RangeError('apiKey must be non-empty and without spaces.');
  const mode = options.currencyMode ?? 'single';
  // Checked at run time too: the command line and JavaScript callers are not held to the type.
  if (!(['single', 'multi'] as readonly string[]).includes(mode)) {
    throw new RangeError('currencyMode must be "single" or "multi".');
  }
  const paymentPagePath = options.paymentPagePath ?? DEFAULT_PAYMENT_PAGE_PATH;
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(paymentPagePath) || paymentPagePath.startsWith('/_simulator')) {
    throw new RangeError(`paymentPagePath must be a plain path like ${DEFAULT_PAYMENT_PAGE_PATH}.`);
  }
  let validationUrl = checkedUrl(options.validationUrl);
  let retrySchedule = checkedSchedule(options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE_MS);

  const scale = options.timeScale ?? 1;
  const time = createSimTime(scale, simulatedClock(scale));
  const nowMs = () => time.now().getTime();
  const platform = createPlatform({ time, terminalId });
  const faults = createFaultQueue();
  const calls = createCallLog();
  const mailbox = createMailbox();
  const tokens = createTokenStore(nowMs);
  const validations = createValidationSender({
    time,
    logger,
    secret,
    mode,
    retrySchedule: () => retrySchedule,
    takeFault: () => faults.takeValidationFault(),
    onDelivered: (record) => platform.markValidated(record.uniqueReference),
    onGivenUp(record) {
      // A payment some other copy validated is not expired; one already expired gets no second e-mail.
      if (!platform.expire(record.uniqueReference)) return;
      const tries = record.attempts.length;
      mailbox.record({
        at: time.now().toISOString(),
        subject: `Transaction ${record.uniqueReference} expired: background validation failed`,
        text:
          `The background validation of order ${record.orderId} (transaction ${record.uniqueReference}) ` +
          `could not be delivered to ${record.url ?? '(no URL)'} after ${String(tries)} tries, ` +
          'and the transaction has been flagged as expired.',
        orderId: record.orderId,
        uniqueReference: record.uniqueReference,
      });
      logger.warn('worldnet_simulator.transaction_expired', {
        orderId: record.orderId,
        uniqueReference: record.uniqueReference,
      });
    },
  });

  /** Pays an order and sends its validation, as the page's Pay button and the control API both do. */
  function payOrder(orderId: string, chosen?: ControlPay): Paid {
    const paid = platform.pay(
      orderId,
      chosen?.responseCode === undefined
        ? undefined
        : { responseCode: chosen.responseCode, responseText: chosen.responseText },
    );
    const { order, outcome, transaction } = paid;
    logger.info('worldnet_simulator.paid', {
      orderId,
      outcome: outcome.kind === 'result' ? outcome.responseCode : outcome.kind,
      uniqueReference: transaction?.uniqueReference,
    });
    if (transaction === undefined || outcome.kind !== 'result' || outcome.delivery === 'never') return paid;
    validations.emit(
      {
        terminalId,
        orderId,
        currency: order.currency,
        amount: order.amount,
        dateTime: worldnetDateTime(transaction.dateTime),
        uniqueReference: transaction.uniqueReference,
        approvalCode: transaction.approvalCode,
        responseCode: outcome.responseCode,
        responseText: outcome.responseText,
        emptyText: outcome.emptyText,
      },
      order.validationUrl ?? validationUrl,
      outcome.delivery,
    );
    return paid;
  }

  const hostedPage = createHostedPage({
    platform,
    terminalId,
    secret,
    mode,
    paymentPagePath,
    logger,
    pay: (orderId) => payOrder(orderId),
  });
  const merchantApi = createMerchantApi({
    platform,
    tokens,
    faults,
    calls,
    time,
    logger,
    apiKey,
    terminalId,
    keyAlias: KEY_ALIAS,
  });

  const control: WorldnetControl = {
    pay(orderId, input = {}) {
      const paid = payOrder(orderId, ControlPaySchema.parse(input));
      return {
        order: orderView(paid.order),
        ...(paid.transaction === undefined ? {} : { transaction: transactionView(paid.transaction) }),
      };
    },
    abandon: (orderId) => orderView(platform.abandon(orderId)),
    orders: () => platform.orders().map(orderView),
    transactions: () => platform.transactions().map(transactionView),
    validations: () => validations.records,
    validationsIdle: () => validations.idle(),
    emails: () => mailbox.records,
    setValidationUrl(url) {
      validationUrl = checkedUrl(url);
    },
    setRetrySchedule(delaysMs) {
      retrySchedule = checkedSchedule(delaysMs);
    },
    addFault: (fault) => faults.add(FaultSchema.parse(fault)),
    pendingFaults: () => faults.pending(),
    calls: () => calls.records,
    reset() {
      validations.reset();
      platform.reset();
      faults.clear();
      calls.reset();
      mailbox.reset();
      tokens.reset();
    },
  };
  const controlRoutes = createControlRoutes(control, {
    terminalId,
    currencyMode: mode,
    timeScale: scale,
    paymentPagePath,
    apiPath: API_PATH,
    keyAlias: KEY_ALIAS,
    validationUrl: () => validationUrl,
    retrySchedule: () => retrySchedule,
  });

  const pageActionPath = new RegExp(`^${paymentPagePath.replace(/[.]/g, '\\.')}/orders/([^/]+)$`);

  /** A page request's fields: a POST's form body, a GET's query. */
  async function pageParameters(request: IncomingMessage, target: URL): Promise<Record<string, string>> {
    if (request.method === 'GET') return Object.fromEntries(target.searchParams);
    const raw = await readBody(request, MAX_PAGE_BODY_BYTES, 'The form is larger than 64 KiB');
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw new HttpProblem(400, 'The request must be a form post (application/x-www-form-urlencoded)');
    }
    return Object.fromEntries(new URLSearchParams(raw));
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    let target: URL;
    try {
      target = new URL(request.url ?? '/', 'http://simulator.invalid');
    } catch {
      throw new HttpProblem(400, 'Bad request URL');
    }
    const path = target.pathname;
    if (path === '/_simulator' || path.startsWith('/_simulator/')) return controlRoutes.handle(request, response, path);
    if (path.startsWith(`${API_PATH}/`)) {
      return merchantApi.handle(request, response, target, path.slice(API_PATH.length));
    }
    if (path === paymentPagePath) {
      if (method !== 'GET' && method !== 'POST') throw new HttpProblem(405, 'The payment page takes GET or POST');
      try {
        return sendReply(response, hostedPage.request(method, await pageParameters(request, target)));
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 400) {
          return sendReply(response, html(400, refusedPage([error.message])));
        }
        throw error;
      }
    }
    const pageAction = pageActionPath.exec(path);
    if (pageAction !== null) {
      if (method !== 'POST') throw new HttpProblem(405, 'The page buttons POST');
      const parameters = await pageParameters(request, target);
      return sendReply(response, hostedPage.action(decodePathSegment(pageAction[1] ?? ''), parameters));
    }
    throw new HttpProblem(404, 'Not found');
  }

  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        if (error.status === 413) response.setHeader('connection', 'close');
        return sendReply(response, json(error.status, { message: error.message }, error.headers));
      }
      if (error instanceof z.ZodError) {
        return sendReply(response, json(400, { message: `Invalid control request: ${z.prettifyError(error)}` }));
      }
      if (error instanceof RangeError) return sendReply(response, json(400, { message: error.message }));
      logger.error('worldnet_simulator.request_failed', { error });
      sendReply(response, json(500, { message: 'Internal simulator error' }));
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
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    terminalId,
    timeScale: time.scale,
    control,
    describe() {
      const minutes = retrySchedule.map((ms) => `${String(ms / 60_000)}m`).join(', ') || 'none';
      return [
        `Worldnet (Payroc) simulator at ${url}`,
        `  Payment page:   ${url}${paymentPagePath}  (POST form or GET query, SHA-512 HASH)`,
        `  Merchant API:   ${url}${API_PATH}/…  (GET /account/authenticate with Authorization: Basic <API key>)`,
        `  Terminal:       ${terminalId} (${mode === 'multi' ? 'multi-currency' : 'single currency'})`,
        `  Validations to: ${validationUrl ?? "each request's VALIDATIONURL (no terminal default set)"}`,
        `  Retries after:  ${minutes} (simulated)`,
        `  Time scale:     ${String(time.scale)}`,
        `  Control API:    ${url}/_simulator`,
      ].join('\n');
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        validations.close();
        time.stop();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
