import type { z } from 'zod';
import { describeFetchError } from '../fetch-error.ts';
import { authorizationHeader, rfc1123 } from './gcs-signature.ts';
import {
  CancelPaymentResponse,
  CreatedPaymentLink,
  ErrorResponse,
  PaymentLinkResponse,
  PaymentResponse,
  RefundResponse,
  RefundsResponse,
  TestConnection,
  type ApiError,
} from './wire-schemas.ts';

/**
 * # Worldline Direct (v2) client for the till
 *
 * The calls a pay-by-link tender and an online refund need, over plain
 * `fetch`, signed with `GCS v1HMAC` (gcs-signature.ts) exactly as the official
 * SDK signs. We do not run the SDK itself: it sets no deadline on a request
 * and validates bodies against schemas that lag the API.
 *
 * | method | request | a success is |
 * |---|---|---|
 * | `createPaymentLink(body, idempotenceKey)` | POST /v2/{m}/paymentlinks | 201, the link |
 * | `getPaymentLink(id)` | GET /v2/{m}/paymentlinks/{id} | 200, the link |
 * | `cancelPaymentLink(id)` | POST /v2/{m}/paymentlinks/{id}/cancel | 204 `cancelled`; 409 `not_cancellable`; 404 `not_found` |
 * | `getPayment(id)` | GET /v2/{m}/payments/{id} | 200, the payment |
 * | `getRefunds(id)` | GET /v2/{m}/payments/{id}/refunds | 200, the refunds |
 * | `refundPayment(id, refund, idempotenceKey)` | POST /v2/{m}/payments/{id}/refund | 201, the refund |
 * | `cancelPayment(id)` | POST /v2/{m}/payments/{id}/cancel | 200, the payment |
 * | `testConnection()` | GET /v2/{m}/services/testconnection | 200 |
 *
 * Every call answers with a `DirectResult` and never throws for anything the
 * network or Worldline does:
 * - `ok`: the reply, checked with zod.
 * - `refused` (401, 403): the credentials are wrong or lack the right; IT must look.
 * - `rejected` (any other 4xx with Worldline's error body): Worldline read the
 *   request and did not do it.
 * - `unknown`: no answer in time, a dropped connection, a 5xx, a redirect, a
 *   409 to a request with an idempotence key (Direct: the first request with
 *   that key is still in progress), or a reply we cannot read. The request may have been carried out: for a
 *   create or a refund, ask again with the same idempotence key, or look the
 *   link or payment up, before calling it failed.
 * It throws only for a caller's mistake caught before sending (an amount that
 * is not whole minor units, a reference over Worldline's limit).
 *
 * Each request has its own deadline (`timeoutMs`), combined with the caller's
 * signal. Redirects are not followed: the signature would go to another host.
 * The base URL must be https, or http on loopback (the simulator), because the
 * API key id and a signature travel with every request. No reason or error
 * this client makes quotes the secret, a signature or a header.
 */

export interface DirectClientOptions {
  /** e.g. `https://payment.preprod.direct.worldline-solutions.com`. */
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly apiKeyId: string;
  readonly secretApiKey: string;
  /** The deadline of each request, reply body included. */
  readonly timeoutMs: number;
  /** The clock for the signed Date header. */
  readonly now?: () => Date;
  readonly fetchImpl?: typeof fetch;
  /** Sent in X-GCS-ServerMetaInfo; defaults to the Node version. */
  readonly platformIdentifier?: string;
}

export type DirectResult<T> =
  | {
      readonly kind: 'ok';
      readonly status: number;
      readonly value: T;
      /**
       * Set when Direct answered a repeat of an idempotent request with the
       * first one's result: that first request's time, in ms since 1970
       * (X-GCS-Idempotence-Request-Timestamp).
       */
      readonly replayOf?: number;
    }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly errorId: string | undefined;
      readonly errors: readonly ApiError[];
    }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly errorId: string | undefined;
      readonly errors: readonly ApiError[];
    }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface PaymentLinkRequest {
  readonly amountMinor: number;
  readonly currency: string;
  /** Kassa's own reference, to find the link again after a lost reply: at most 40 characters. */
  readonly merchantReference: string;
  /** When the link stops working; sent as ISO 8601 with a UTC offset. */
  readonly expiresAt: Date;
  readonly description?: string;
  /** Where Direct posts this link's payment webhooks (at most 325 characters). */
  readonly webhookUrl?: string;
}

export interface RefundRequest {
  readonly amountMinor: number;
  readonly currency: string;
  /** At most 100 characters. */
  readonly reason?: string;
  /** The cashier, for omnichannel refunds. */
  readonly operatorId?: string;
  /** Kassa's own reference for this refund (at most 40 characters), to find it in `GET …/refunds`. */
  readonly merchantReference?: string;
}

export type LinkCancellation = 'cancelled' | 'not_cancellable' | 'not_found';

export type PaymentLink = z.infer<typeof PaymentLinkResponse>;
export type Payment = z.infer<typeof PaymentResponse>;
export type Refund = z.infer<typeof RefundResponse>;

export interface DirectClient {
  createPaymentLink(
    link: PaymentLinkRequest,
    idempotenceKey: string,
    signal?: AbortSignal,
  ): Promise<DirectResult<PaymentLink>>;
  getPaymentLink(paymentLinkId: string, signal?: AbortSignal): Promise<DirectResult<PaymentLink>>;
  cancelPaymentLink(paymentLinkId: string, signal?: AbortSignal): Promise<DirectResult<LinkCancellation>>;
  getPayment(paymentId: string, signal?: AbortSignal): Promise<DirectResult<Payment>>;
  getRefunds(paymentId: string, signal?: AbortSignal): Promise<DirectResult<readonly Refund[]>>;
  refundPayment(
    paymentId: string,
    refund: RefundRequest,
    idempotenceKey: string,
    signal?: AbortSignal,
  ): Promise<DirectResult<Refund>>;
  cancelPayment(paymentId: string, signal?: AbortSignal): Promise<DirectResult<Payment | undefined>>;
  testConnection(signal?: AbortSignal): Promise<DirectResult<string | undefined>>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Only where the key may go: https anywhere, http only to this machine. */
function checkedBase(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error('Worldline Direct base URL is not a URL');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp)
    throw new Error(
      'Worldline Direct base URL must be https (http only on loopback): the API key signs every request sent to it',
    );
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new Error('Worldline Direct base URL must not carry credentials, a query or a fragment');
  return url;
}

/** Direct: at most 40 characters, ASCII. Also no spaces, as the key is a signed header. */
function checkedKey(key: string): string {
  if (!/^[\x21-\x7e]{1,40}$/.test(key))
    throw new RangeError('Idempotence key must be 1 to 40 printable ASCII characters');
  return key;
}

function checkedAmount(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0)
    throw new RangeError('Amount must be a positive whole number of minor units');
  return amountMinor;
}

function checkedCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError('Currency must be an ISO 4217 code like EUR');
  return currency;
}

function checkedLength(what: string, value: string, max: number): string {
  if (value.length === 0 || value.length > max) throw new RangeError(`${what} must be 1 to ${max} characters`);
  return value;
}

/** `2026-12-05T14:30:00+00:00`: Direct wants the offset written out; UTC needs no zone rules. */
function isoWithOffset(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Expiry is not a date');
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Paths and codes only: a zod message could quote a value. */
function zodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`)
    .join('; ');
}

function errorsOf(text: string): { errorId: string | undefined; errors: readonly ApiError[] } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ErrorResponse.safeParse(json);
  if (!parsed.success) return undefined;
  return { errorId: parsed.data.errorId, errors: parsed.data.errors ?? [] };
}

type Reply =
  | {
      readonly status: number;
      readonly text: string;
      readonly idempotent: boolean;
      readonly replayOf: number | undefined;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

function replayTimestamp(header: string | null): number | undefined {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

export function createDirectClient(options: DirectClientOptions): DirectClient {
  const base = checkedBase(options.baseUrl);
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)
    throw new RangeError('timeoutMs must be a positive number of milliseconds');
  const { apiKeyId, secretApiKey, timeoutMs } = options;
  const now = options.now ?? (() => new Date());
  const fetchImpl = options.fetchImpl ?? fetch;
  const merchant = encodeURIComponent(checkedLength('Merchant id', options.merchantId, 100));
  const serverMetaInfo = Buffer.from(
    JSON.stringify({
      platformIdentifier: options.platformIdentifier ?? `Node.js/${process.versions.node}`,
      sdkIdentifier: 'Kassa',
    }),
    'utf8',
  ).toString('base64');
  const basePath = base.pathname.replace(/\/+$/, '');

  const pathOf = (...segments: readonly string[]): string =>
    `/v2/${merchant}/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;

  /** One signed exchange. Never throws. */
  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotenceKey: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Reply> {
    const url = new URL(base);
    url.pathname = `${basePath}${path}`;
    const date = rfc1123(now());
    const headers: Record<string, string> = {
      Date: date,
      'X-GCS-ServerMetaInfo': serverMetaInfo,
    };
    // Sent on POSTs, with or without a body, as the SDK does; a GET signs an empty content-type line anyway.
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    if (idempotenceKey !== undefined) headers['X-GCS-Idempotence-Key'] = idempotenceKey;
    headers.Authorization = authorizationHeader(apiKeyId, secretApiKey, {
      method,
      contentType: headers['Content-Type'] ?? '',
      date,
      headers,
      path: `${url.pathname}${url.search}`,
    });

    const deadline = AbortSignal.timeout(timeoutMs);
    const limited = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
    const stopped = (error: unknown): Reply => ({
      kind: 'unknown',
      reason: signal?.aborted === true ? 'stopped waiting' : describeFetchError(error),
    });
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers,
        redirect: 'manual',
        signal: limited,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return stopped(error);
    }
    try {
      return {
        status: response.status,
        text: await response.text(),
        idempotent: idempotenceKey !== undefined,
        replayOf: replayTimestamp(response.headers.get('x-gcs-idempotence-request-timestamp')),
      };
    } catch (error) {
      return stopped(error);
    }
  }

  /** Reads a reply: `success` maps the 2xx statuses this call expects, each to a value or undefined if unreadable. */
  function read<T>(
    reply: Reply,
    success: (status: number, text: string) => DirectResult<T> | undefined,
  ): DirectResult<T> {
    if ('kind' in reply) return reply;
    const { status, text } = reply;
    const mapped = success(status, text);
    if (mapped !== undefined)
      return mapped.kind === 'ok' && reply.replayOf !== undefined ? { ...mapped, replayOf: reply.replayOf } : mapped;
    // Direct's answer to a repeat of an idempotent request while the first is still being processed.
    if (status === 409 && reply.idempotent)
      return { kind: 'unknown', reason: 'HTTP 409: the first request with this idempotence key is still in progress' };
    if (status >= 500) return { kind: 'unknown', reason: `HTTP ${status}` };
    if (status >= 300 && status < 400) return { kind: 'unknown', reason: `HTTP ${status}: redirect not followed` };
    if (status >= 400) {
      const errors = errorsOf(text);
      if (errors === undefined) return { kind: 'unknown', reason: `HTTP ${status} without Worldline's error body` };
      return { kind: status === 401 || status === 403 ? 'refused' : 'rejected', status, ...errors };
    }
    return { kind: 'unknown', reason: `unexpected HTTP ${status}` };
  }

  /** A 2xx in `statuses` whose JSON body `schema` reads. */
  function json<S extends z.ZodType, T>(
    statuses: readonly number[],
    schema: S,
    pick: (value: z.infer<S>) => T,
  ): (status: number, text: string) => DirectResult<T> | undefined {
    return (status, text) => {
      if (!statuses.includes(status)) return undefined;
      if (text.trim() === '') return { kind: 'unknown', reason: `HTTP ${status} with an empty body` };
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { kind: 'unknown', reason: `HTTP ${status} with a body that is not JSON` };
      }
      const checked = schema.safeParse(parsed);
      if (!checked.success)
        return { kind: 'unknown', reason: `HTTP ${status} with an unreadable reply: ${zodIssues(checked.error)}` };
      return { kind: 'ok', status, value: pick(checked.data) };
    };
  }

  const same = <T>(value: T): T => value;

  return {
    async createPaymentLink(link, idempotenceKey, signal) {
      const body = {
        order: {
          amountOfMoney: { amount: checkedAmount(link.amountMinor), currencyCode: checkedCurrency(link.currency) },
          references: { merchantReference: checkedLength('Merchant reference', link.merchantReference, 40) },
        },
        paymentLinkSpecificInput: {
          expirationDate: isoWithOffset(link.expiresAt),
          ...(link.description === undefined ? {} : { description: link.description }),
        },
        ...(link.webhookUrl === undefined
          ? {}
          : { feedbacks: { webhookUrl: checkedLength('Webhook URL', link.webhookUrl, 325) } }),
      };
      const reply = await exchange('POST', pathOf('paymentlinks'), body, checkedKey(idempotenceKey), signal);
      return read(reply, json([200, 201], CreatedPaymentLink, same));
    },

    async getPaymentLink(paymentLinkId, signal) {
      const reply = await exchange('GET', pathOf('paymentlinks', paymentLinkId), undefined, undefined, signal);
      return read(reply, json([200], PaymentLinkResponse, same));
    },

    async cancelPaymentLink(paymentLinkId, signal) {
      const reply = await exchange(
        'POST',
        pathOf('paymentlinks', paymentLinkId, 'cancel'),
        undefined,
        undefined,
        signal,
      );
      // Direct documents exactly these three answers for a link's cancel, body or not.
      const outcomes: Readonly<Partial<Record<number, LinkCancellation>>> = {
        200: 'cancelled',
        204: 'cancelled',
        404: 'not_found',
        409: 'not_cancellable',
      };
      return read(reply, (status) => {
        const outcome = outcomes[status];
        return outcome === undefined ? undefined : { kind: 'ok', status, value: outcome };
      });
    },

    async getPayment(paymentId, signal) {
      const reply = await exchange('GET', pathOf('payments', paymentId), undefined, undefined, signal);
      return read(reply, json([200], PaymentResponse, same));
    },

    async getRefunds(paymentId, signal) {
      const reply = await exchange('GET', pathOf('payments', paymentId, 'refunds'), undefined, undefined, signal);
      return read(
        reply,
        json([200], RefundsResponse, (value) => value.refunds),
      );
    },

    async refundPayment(paymentId, refund, idempotenceKey, signal) {
      const body = {
        amountOfMoney: { amount: checkedAmount(refund.amountMinor), currencyCode: checkedCurrency(refund.currency) },
        ...(refund.reason === undefined ? {} : { reason: checkedLength('Refund reason', refund.reason, 100) }),
        ...(refund.operatorId === undefined
          ? {}
          : { omnichannelRefundSpecificInput: { operatorId: checkedLength('Operator id', refund.operatorId, 100) } }),
        ...(refund.merchantReference === undefined
          ? {}
          : {
              operationReferences: {
                merchantReference: checkedLength('Merchant reference', refund.merchantReference, 40),
              },
            }),
      };
      const reply = await exchange(
        'POST',
        pathOf('payments', paymentId, 'refund'),
        body,
        checkedKey(idempotenceKey),
        signal,
      );
      return read(reply, json([200, 201], RefundResponse, same));
    },

    async cancelPayment(paymentId, signal) {
      // An empty request cancels the whole authorisation.
      const reply = await exchange('POST', pathOf('payments', paymentId, 'cancel'), {}, undefined, signal);
      return read(
        reply,
        json([200, 201], CancelPaymentResponse, (value) => value.payment),
      );
    },

    async testConnection(signal) {
      const reply = await exchange('GET', pathOf('services', 'testconnection'), undefined, undefined, signal);
      return read(
        reply,
        json([200], TestConnection, (value) => value.result),
      );
    },
  };
}
