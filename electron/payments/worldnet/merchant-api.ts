import { z } from 'zod';
import { CurrencyCodeSchema, minorToDecimalString } from '../../../shared/money.ts';
import { describeFetchError } from '../fetch-error.ts';

/**
 * # Worldnet's Merchant API (REST) for the till
 *
 * The calls docs/WORLDNET.md relies on, under `{baseUrl}{apiPath}`
 * (`/merchant/api/v1`), JSON in and out:
 *
 * | method | request |
 * |---|---|
 * | (token) | GET /account/authenticate, `Authorization: Basic <API key>` → a Bearer JWT for `expiresIn` hours |
 * | `getPayment(ref)` | GET /transaction/payments/{uniqueReference} |
 * | `search(filters)` | GET /transaction/transactions?terminal=&orderId=&operator=&resourceType=&afterDate= |
 * | `refund(ref, …)` | POST /transaction/payments/{uniqueReference}/refunds {refundAmount, refundReason, operator} |
 * | `getRefund(ref)` | GET /transaction/refunds/{uniqueReference} |
 *
 * Every call answers a {@link WorldnetResult} and never throws for what the
 * network or Worldnet does:
 * - `answer`: 2xx with a body the call's schema reads;
 * - `rejected`: 400, 404 or 422 with Worldnet's error body: the request was
 *   understood and refused, nothing happened (a refund over the cap);
 * - `refused` (401 after one new token, 403): the till itself is turned away;
 *   IT must look at the API key;
 * - `unknown`: no answer in time, a dropped connection, 5xx, or an answer that
 *   cannot be read. A refund may have been made: find it before sending again.
 *
 * The API key and the token are never part of a reason, and redirects are not
 * followed, so they go to the configured host only.
 */

export interface MerchantApiOptions {
  readonly baseUrl: string;
  /** Default `/merchant/api/v1`. */
  readonly apiPath?: string;
  /** The Merchant API key as Selfcare shows it; sent as `Authorization: Basic <key>`. */
  readonly apiKey: string;
  /** An ISV integration's id, sent as `X-Integration-ID` when set. */
  readonly integrationId?: string | undefined;
  readonly terminalId: string;
  /** The deadline of each request, reply body included. Default 30 s. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

const TransactionResultSchema = z
  .object({
    type: z.string().optional(),
    status: z.string(),
    approvalCode: z.string().optional(),
    dateTime: z.string().optional(),
    currency: z.string().optional(),
    /** Major units; negative on a refund. */
    authorizedAmount: z.number().optional(),
    resultCode: z.string(),
    resultMessage: z.string().optional(),
  })
  .loose();

export const PaymentSchema = z
  .object({
    uniqueReference: z.string(),
    terminal: z.string().optional(),
    operator: z.string().optional(),
    order: z.object({ orderId: z.string(), currency: z.string(), totalAmount: z.number() }).loose(),
    transactionResult: TransactionResultSchema,
  })
  .loose();
export type WorldnetPayment = z.infer<typeof PaymentSchema>;

export const RefundSchema = z
  .object({
    uniqueReference: z.string(),
    orderId: z.string().optional(),
    operator: z.string().optional(),
    refundReason: z.string().optional(),
    transactionResult: TransactionResultSchema,
  })
  .loose();
export type WorldnetRefund = z.infer<typeof RefundSchema>;

const TransactionCompactSchema = z
  .object({
    uniqueReference: z.string(),
    terminal: z.string().optional(),
    operator: z.string().optional(),
    orderId: z.string().optional(),
    dateTime: z.string().optional(),
    type: z.string().optional(),
    resultCode: z.string().optional(),
    status: z.string().optional(),
    currency: z.string().optional(),
    /** Major units; negative on a refund. */
    amount: z.number(),
  })
  .loose();
export type WorldnetTransaction = z.infer<typeof TransactionCompactSchema>;

export const SearchSchema = z.object({ data: z.array(TransactionCompactSchema), next: z.string().optional() }).loose();
export type WorldnetSearch = z.infer<typeof SearchSchema>;

const TokenSchema = z.object({ token: z.string().min(1), expiresIn: z.number().optional() }).loose();

const ErrorSchema = z
  .object({
    debugIdentifier: z.string().optional(),
    details: z.array(z.object({ errorCode: z.string(), errorMessage: z.string().optional() }).loose()).optional(),
  })
  .loose();

export type WorldnetResult<T> =
  | { readonly kind: 'answer'; readonly status: number; readonly body: T }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      /** Worldnet's error codes (X_400_002…), and its id for the request: safe to log. */
      readonly codes: readonly string[];
      readonly debugIdentifier: string | undefined;
    }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface SearchFilters {
  readonly orderId?: string;
  readonly operator?: string;
  readonly resourceType?: 'PAYMENT' | 'REFUND';
  readonly afterDate?: Date;
}

export interface MerchantApi {
  getPayment(uniqueReference: string, signal?: AbortSignal): Promise<WorldnetResult<WorldnetPayment>>;
  search(filters: SearchFilters, signal?: AbortSignal): Promise<WorldnetResult<WorldnetSearch>>;
  refund(
    uniqueReference: string,
    request: { amountMinor: number; currency: string; reason: string; operator: string },
    signal?: AbortSignal,
  ): Promise<WorldnetResult<WorldnetRefund>>;
  getRefund(uniqueReference: string, signal?: AbortSignal): Promise<WorldnetResult<WorldnetRefund>>;
}

/** A token is used until five minutes before Worldnet says it ends. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const HOUR_MS = 60 * 60_000;

export function createMerchantApi(options: MerchantApiOptions): MerchantApi {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const root = `${options.baseUrl.replace(/\/+$/, '')}${options.apiPath ?? '/merchant/api/v1'}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const common = {
    accept: 'application/json',
    ...(options.integrationId === undefined ? {} : { 'x-integration-id': options.integrationId }),
  };
  let token: { value: string; until: number } | undefined;
  let authenticating: Promise<WorldnetResult<string>> | undefined;

  const deadline = (signal: AbortSignal | undefined) =>
    signal === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);

  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; json: unknown } | { unknown: string }> {
    let response: Response;
    try {
      response = await doFetch(`${root}${path}`, {
        method,
        headers: { ...common, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body }),
        redirect: 'manual',
        signal: deadline(signal),
      });
    } catch (error) {
      return { unknown: describeFetchError(error) };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return { unknown: describeFetchError(error) };
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  }

  /** One authenticate at a time; the token kept while it lasts. */
  async function bearer(signal: AbortSignal | undefined): Promise<WorldnetResult<string>> {
    if (token !== undefined && now().getTime() < token.until) {
      return { kind: 'answer', status: 200, body: token.value };
    }
    authenticating ??= (async (): Promise<WorldnetResult<string>> => {
      const answer = await send(
        'GET',
        '/account/authenticate',
        { authorization: `Basic ${options.apiKey}` },
        undefined,
        signal,
      );
      if ('unknown' in answer) return { kind: 'unknown', reason: answer.unknown };
      if (answer.status === 401 || answer.status === 403) {
        return { kind: 'refused', status: answer.status, reason: 'Worldnet refused the API key' };
      }
      const read = TokenSchema.safeParse(answer.json);
      if (answer.status !== 200 || !read.success) {
        return { kind: 'unknown', reason: `authenticate answered ${String(answer.status)} without a token` };
      }
      const hours = read.data.expiresIn ?? 0;
      // No lifetime said: used for this call only.
      token = { value: read.data.token, until: now().getTime() + Math.max(0, hours * HOUR_MS - TOKEN_MARGIN_MS) };
      return { kind: 'answer', status: 200, body: read.data.token };
    })().finally(() => {
      authenticating = undefined;
    });
    return authenticating;
  }

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<WorldnetResult<T>> {
    // A 401 was not applied (an expired token): one new token and one repeat, then the key is wrong.
    for (let tries = 0; tries < 2; tries += 1) {
      const jwt = await bearer(signal);
      if (jwt.kind !== 'answer') {
        return jwt.kind === 'rejected' ? { kind: 'unknown', reason: 'authenticate was refused' } : jwt;
      }
      const answer = await send(
        method,
        path,
        { authorization: `Bearer ${jwt.body}` },
        body === undefined ? undefined : JSON.stringify(body),
        signal,
      );
      if ('unknown' in answer) return { kind: 'unknown', reason: answer.unknown };
      if (answer.status === 401) {
        token = undefined;
        continue;
      }
      if (answer.status === 403) {
        return { kind: 'refused', status: 403, reason: 'the API key may not do this for this terminal' };
      }
      if (answer.status >= 200 && answer.status < 300) {
        const read = schema.safeParse(answer.json);
        if (read.success) return { kind: 'answer', status: answer.status, body: read.data };
        return { kind: 'unknown', reason: `answered ${String(answer.status)} with a body the till cannot read` };
      }
      if (answer.status === 400 || answer.status === 404 || answer.status === 422) {
        const error = ErrorSchema.safeParse(answer.json);
        return {
          kind: 'rejected',
          status: answer.status,
          codes: error.success ? (error.data.details ?? []).map((detail) => detail.errorCode) : [],
          debugIdentifier: error.success ? error.data.debugIdentifier : undefined,
        };
      }
      return { kind: 'unknown', reason: `answered ${String(answer.status)}` };
    }
    return { kind: 'refused', status: 401, reason: 'Worldnet refused a fresh token' };
  }

  const segment = (reference: string) => {
    if (!/^[A-Za-z0-9]{1,24}$/.test(reference)) throw new RangeError('A uniqueReference is letters and digits');
    return encodeURIComponent(reference);
  };

  return {
    getPayment: (reference, signal) =>
      call('GET', `/transaction/payments/${segment(reference)}`, PaymentSchema, undefined, signal),

    search(filters, signal) {
      const query = new URLSearchParams({ terminal: options.terminalId });
      if (filters.orderId !== undefined) query.set('orderId', filters.orderId);
      if (filters.operator !== undefined) query.set('operator', filters.operator);
      if (filters.resourceType !== undefined) query.set('resourceType', filters.resourceType);
      if (filters.afterDate !== undefined) query.set('afterDate', filters.afterDate.toISOString());
      query.set('pageSize', '100');
      return call('GET', `/transaction/transactions?${query.toString()}`, SearchSchema, undefined, signal);
    },

    refund(reference, request, signal) {
      const currency = CurrencyCodeSchema.parse(request.currency);
      if (!Number.isSafeInteger(request.amountMinor) || request.amountMinor <= 0) {
        throw new RangeError('A refund is a whole number of minor units above zero');
      }
      const reason = request.reason.trim().slice(0, 100) || 'Refund at the till';
      return call(
        'POST',
        `/transaction/payments/${segment(reference)}/refunds`,
        RefundSchema,
        {
          // A JSON number in major units, written from minor units by the one money module.
          refundAmount: Number(minorToDecimalString(request.amountMinor, currency)),
          refundReason: reason,
          operator: request.operator.slice(0, 50),
        },
        signal,
      );
    },

    getRefund: (reference, signal) =>
      call('GET', `/transaction/refunds/${segment(reference)}`, RefundSchema, undefined, signal),
  };
}
