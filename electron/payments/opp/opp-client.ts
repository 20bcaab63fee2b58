import type { z } from 'zod';
import { describeFetchError } from '../fetch-error.ts';
import { FORM_CONTENT_TYPE, type FormField, formBody, oppAmount } from './form-body.ts';
import { readResultCode, type ResultReading } from './result-codes.ts';
import {
  ErrorAnswer,
  Link,
  LinkList,
  LooseTransaction,
  QueryAnswer,
  type ResultField,
  Transaction,
} from './wire-schemas.ts';

/**
 * # ACI Open Payment Platform (OPP) client for the till
 *
 * The calls docs/OPP.md lists, over plain `fetch`, with
 * `Authorization: Bearer <token>` and the `entityId`: in the query string of
 * a GET or DELETE, and in the form-encoded body of a POST (never the URL).
 *
 * | method | request |
 * |---|---|
 * | `createLink` | POST {payByLinkPath} |
 * | `getLink(id)` | GET {payByLinkPath}/{id}?entityId= |
 * | `findLinks(mtid)` | GET {payByLinkPath}?entityId=&merchantTransactionId= |
 * | `deactivateLink(id)` | DELETE {payByLinkPath}/{id}?entityId= |
 * | `backOffice(id, CP/RF/RV)` | POST /v1/payments/{id} |
 * | `getPayment(id)` | GET /v1/payments/{id}?entityId= |
 * | `queryById(id)` | GET /v1/query/{id}?entityId=&includeLinkedTransactions=true (its refunds, captures, reversals too) |
 * | `queryByMerchantTransactionId(mtid)` | GET /v1/query?entityId=&merchantTransactionId= |
 * | `createPayment` (a webshop's DB or PA with card data: for tests) | POST /v1/payments |
 *
 * Every call answers with an {@link OppResult} and never throws for anything
 * the network or OPP does:
 * - `answer`: OPP answered with a result code, whatever the HTTP status (a
 *   decline comes with 400 or with 200; a throttle with 429). `reading` is
 *   what the code means (result-codes.ts): throttled, duplicate and not found
 *   are readings, not kinds. `body` is the answer read whole by the call's
 *   schema, or undefined when OPP sent less (a throttle or a reject often
 *   carries only its `result`). A success, review or pending answer that
 *   cannot be read whole is `unknown` instead: there is nothing to act on.
 * - `refused` (401, 403): the till itself was turned away (a wrong token or
 *   entityId); IT must look.
 * - `unknown`: no answer in time, a dropped connection, a redirect, or an
 *   answer without a readable result code (an empty body, a proxy's 502, a
 *   429 without a code). The request may have been carried out: find it
 *   (findLinks, queryByMerchantTransactionId) before sending it again.
 * It throws (a rejected promise) only for a caller's mistake caught before
 * sending: an amount or currency OPP cannot take, an empty id, an RV with an
 * amount.
 *
 * The token is never part of a reason, and neither is any error message
 * (describeFetchError); redirects are not followed, so the token goes to the
 * configured host only, which must be https or http on loopback.
 */

export interface OppClientOptions {
  /** e.g. `https://eu-test.oppwa.com`; a path prefix is kept. */
  readonly baseUrl: string;
  readonly entityId: string;
  /** The access token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Where pay by link lives (docs/OPP.md: OPP publishes no path). Default `/v1/paybylink`. */
  readonly payByLinkPath?: string;
  /** The deadline of each request, reply body included. Default 30 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export type OppResult<T> =
  | {
      readonly kind: 'answer';
      readonly status: number;
      /** The answer read whole; undefined when OPP sent only its result (never for success, review or pending). */
      readonly body: T | undefined;
      /** OPP's `result`, always present on an answer. */
      readonly result: ResultField;
      readonly reading: ResultReading;
    }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface CreateLinkRequest {
  readonly amountMinor: number;
  readonly currency: string;
  /** DB pays; PA holds a deposit, captured (CP) or released (RV) later. */
  readonly paymentType: 'DB' | 'PA';
  /** The attempt's reference: how the link is found again after a lost reply. */
  readonly merchantTransactionId: string;
  /** Whole hours (`validUntilUnit=HOUR`). */
  readonly validHours: number;
}

export interface BackOfficeRequest {
  /** CP captures a PA, RF refunds, RV reverses (and carries no amount). */
  readonly paymentType: 'CP' | 'RF' | 'RV';
  /** Required for CP and RF; refused for RV. */
  readonly amountMinor?: number;
  /** Required for CP and RF; refused for RV. */
  readonly currency?: string;
  /** The attempt's ServiceID, to settle a lost reply by query. */
  readonly merchantTransactionId: string;
}

export interface CreatePaymentRequest {
  readonly amountMinor: number;
  readonly currency: string;
  readonly paymentType: 'DB' | 'PA';
  /** VISA, MASTER… */
  readonly paymentBrand: string;
  readonly card: {
    readonly number: string;
    readonly holder: string;
    readonly expiryMonth: string;
    readonly expiryYear: string;
    readonly cvv: string;
  };
  readonly merchantTransactionId: string;
}

export type OppLink = Link;
export type OppLinkList = LinkList;
export type OppTransaction = Transaction;
export type OppLooseTransaction = LooseTransaction;
export type OppQueryAnswer = QueryAnswer;

export interface OppClient {
  createLink(request: CreateLinkRequest, signal?: AbortSignal): Promise<OppResult<OppLink>>;
  getLink(linkId: string, signal?: AbortSignal): Promise<OppResult<OppLink>>;
  findLinks(merchantTransactionId: string, signal?: AbortSignal): Promise<OppResult<OppLinkList>>;
  deactivateLink(linkId: string, signal?: AbortSignal): Promise<OppResult<OppLink>>;
  backOffice(
    paymentId: string,
    request: BackOfficeRequest,
    signal?: AbortSignal,
  ): Promise<OppResult<OppLooseTransaction>>;
  getPayment(paymentId: string, signal?: AbortSignal): Promise<OppResult<OppTransaction>>;
  queryById(paymentId: string, signal?: AbortSignal): Promise<OppResult<OppQueryAnswer>>;
  queryByMerchantTransactionId(merchantTransactionId: string, signal?: AbortSignal): Promise<OppResult<OppQueryAnswer>>;
  createPayment(request: CreatePaymentRequest, signal?: AbortSignal): Promise<OppResult<OppTransaction>>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Only where the token may go: https anywhere, http only to this machine. */
function checkedBase(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error('OPP base URL is not a URL');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new Error('OPP base URL must be https (http only on loopback): the access token goes with every request');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new Error('OPP base URL must not carry credentials, a query or a fragment');
  return url;
}

function checkedPath(path: string): string {
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path) || path.split('/').some((part) => part === '..' || part === '.'))
    throw new Error('OPP pay-by-link path must be a plain absolute path like /v1/paybylink');
  return path.replace(/\/+$/, '');
}

function checkedText(what: string, value: string, max: number): string {
  if (value.length === 0 || value.length > max) throw new RangeError(`${what} must be 1 to ${max} characters`);
  return value;
}

/** Whole, positive, and in OPP's format for the currency (form-body.ts). */
function amountField(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new RangeError('Amount must be a positive whole number of minor units');
  return oppAmount(amountMinor, currency);
}

/** Paths and codes only: a zod message could quote a value. */
function zodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`)
    .join('; ');
}

type Reply = { readonly status: number; readonly text: string } | { readonly kind: 'unknown'; readonly reason: string };

const MAX_ID = 100;
const MAX_MERCHANT_TRANSACTION_ID = 255;

export function createOppClient(options: OppClientOptions): OppClient {
  const base = checkedBase(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new RangeError('timeoutMs must be a positive number of milliseconds');
  // Checked here so fetch never refuses the header (its message would quote it).
  if (!/^[\x21-\x7e]{1,2048}$/.test(options.token))
    throw new Error('OPP access token must be printable ASCII without spaces');
  const entityId = options.entityId;
  if (!/^[\x21-\x7e]{1,100}$/.test(entityId)) throw new Error('OPP entityId must be 1 to 100 printable characters');
  const linkPath = checkedPath(options.payByLinkPath ?? '/v1/paybylink');
  const fetchImpl = options.fetch ?? fetch;
  const authorization = `Bearer ${options.token}`;
  const basePath = base.pathname.replace(/\/+$/, '');

  /** A path segment; `.` and `..` are refused, as a URL would resolve them out of the path. */
  const id = (what: string, value: string): string => {
    if (value === '.' || value === '..') throw new RangeError(`${what} must not be . or ..`);
    return encodeURIComponent(checkedText(what, value, MAX_ID));
  };
  const mtid = (value: string): string => checkedText('merchantTransactionId', value, MAX_MERCHANT_TRANSACTION_ID);

  /** One exchange. Never throws. */
  async function exchange(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: readonly FormField[],
    form: readonly FormField[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply> {
    const url = new URL(base);
    url.pathname = `${basePath}${path}`;
    // entityId first, as in the form body; URLSearchParams escapes as a form does.
    if (form === undefined) url.search = formBody(entityId, query);
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
    if (form !== undefined) headers['Content-Type'] = FORM_CONTENT_TYPE;

    const deadline = AbortSignal.timeout(timeoutMs);
    const limited = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
    const stopped = (error: unknown): Reply => ({
      kind: 'unknown',
      reason: signal?.aborted === true ? 'stopped waiting' : describeFetchError(error),
    });
    try {
      const response = await fetchImpl(url, {
        method,
        headers,
        redirect: 'manual',
        signal: limited,
        ...(form === undefined ? {} : { body: formBody(entityId, form) }),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return stopped(error);
    }
  }

  /** An answer read by its result code first, then whole by `schema`. */
  function read<S extends z.ZodType>(reply: Reply, schema: S): OppResult<z.infer<S>> {
    if ('kind' in reply) return reply;
    const { status, text } = reply;
    let json: unknown;
    let parsed = false;
    try {
      json = JSON.parse(text);
      parsed = true;
    } catch {
      // Read below by what the status says.
    }
    const answered = parsed ? ErrorAnswer.safeParse(json) : undefined;
    const code = answered?.success === true ? answered.data.result.code : undefined;
    const reading = code === undefined ? undefined : readResultCode(code);
    const readable = reading !== undefined && reading.verdict !== 'unreadable';

    if (status === 401 || status === 403)
      return {
        kind: 'refused',
        status,
        reason: `HTTP ${status}: OPP turned the till away${readable && code !== undefined ? ` (${code})` : ''}: check the access token and entityId`,
      };
    if (status >= 300 && status < 400) return { kind: 'unknown', reason: `HTTP ${status}: redirect not followed` };
    if (text.trim() === '') return { kind: 'unknown', reason: `HTTP ${status} with an empty body` };
    if (!parsed) return { kind: 'unknown', reason: `HTTP ${status} with a body that is not JSON` };
    if (answered?.success !== true || reading === undefined)
      return { kind: 'unknown', reason: `HTTP ${status} without a result code` };
    if (!readable) return { kind: 'unknown', reason: `HTTP ${status} with a result code that is not ddd.ddd.ddd` };

    const whole = schema.safeParse(json);
    if (whole.success) return { kind: 'answer', status, body: whole.data, result: answered.data.result, reading };
    if (reading.verdict === 'success' || reading.verdict === 'review' || reading.verdict === 'pending')
      return {
        kind: 'unknown',
        reason: `HTTP ${status}: a ${reading.verdict} answer (${answered.data.result.code}) the till cannot read: ${zodIssues(whole.error)}`,
      };
    return { kind: 'answer', status, body: undefined, result: answered.data.result, reading };
  }

  const linkOf = (linkId: string): string => `${linkPath}/${id('Link id', linkId)}`;
  const paymentOf = (paymentId: string): string => `/v1/payments/${id('Payment id', paymentId)}`;

  return {
    async createLink(request, signal) {
      if (!Number.isSafeInteger(request.validHours) || request.validHours <= 0)
        throw new RangeError('validHours must be a positive whole number of hours');
      const form: FormField[] = [
        ['amount', amountField(request.amountMinor, request.currency)],
        ['currency', request.currency],
        ['paymentType', request.paymentType],
        ['merchantTransactionId', mtid(request.merchantTransactionId)],
        ['validUntil', String(request.validHours)],
        ['validUntilUnit', 'HOUR'],
      ];
      return read(await exchange('POST', linkPath, [], form, signal), Link);
    },

    async getLink(linkId, signal) {
      return read(await exchange('GET', linkOf(linkId), [], undefined, signal), Link);
    },

    async findLinks(merchantTransactionId, signal) {
      const query: FormField[] = [['merchantTransactionId', mtid(merchantTransactionId)]];
      return read(await exchange('GET', linkPath, query, undefined, signal), LinkList);
    },

    async deactivateLink(linkId, signal) {
      return read(await exchange('DELETE', linkOf(linkId), [], undefined, signal), Link);
    },

    async backOffice(paymentId, request, signal) {
      const { paymentType, amountMinor, currency } = request;
      let amount: FormField[];
      if (paymentType === 'RV') {
        if (amountMinor !== undefined || currency !== undefined)
          throw new RangeError('A reversal (RV) is sent without an amount or currency');
        amount = [];
      } else {
        if (amountMinor === undefined || currency === undefined)
          throw new RangeError(`${paymentType} needs an amount and a currency`);
        amount = [
          ['amount', amountField(amountMinor, currency)],
          ['currency', currency],
        ];
      }
      const form: FormField[] = [
        ...amount,
        ['paymentType', paymentType],
        ['merchantTransactionId', mtid(request.merchantTransactionId)],
      ];
      return read(await exchange('POST', paymentOf(paymentId), [], form, signal), LooseTransaction);
    },

    async getPayment(paymentId, signal) {
      return read(await exchange('GET', paymentOf(paymentId), [], undefined, signal), Transaction);
    },

    async queryById(paymentId, signal) {
      const path = `/v1/query/${id('Payment id', paymentId)}`;
      const linked: FormField[] = [['includeLinkedTransactions', 'true']];
      return read(await exchange('GET', path, linked, undefined, signal), QueryAnswer);
    },

    async queryByMerchantTransactionId(merchantTransactionId, signal) {
      const query: FormField[] = [['merchantTransactionId', mtid(merchantTransactionId)]];
      return read(await exchange('GET', '/v1/query', query, undefined, signal), QueryAnswer);
    },

    async createPayment(request, signal) {
      const { card } = request;
      const form: FormField[] = [
        ['amount', amountField(request.amountMinor, request.currency)],
        ['currency', request.currency],
        ['paymentBrand', checkedText('paymentBrand', request.paymentBrand, 32)],
        ['paymentType', request.paymentType],
        ['card.number', card.number],
        ['card.holder', card.holder],
        ['card.expiryMonth', card.expiryMonth],
        ['card.expiryYear', card.expiryYear],
        ['card.cvv', card.cvv],
        ['merchantTransactionId', mtid(request.merchantTransactionId)],
      ];
      return read(await exchange('POST', '/v1/payments', [], form, signal), Transaction);
    },
  };
}
