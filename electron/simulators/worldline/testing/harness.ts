import { expect, onTestFinished, vi } from 'vitest';
import type { z } from 'zod';
import type { SaleToPOIServiceRequest } from '../../../../shared/payments/worldline/nexo.ts';
import { createMemoryLogger } from '../../../logging/logger.ts';
import type { FaultRequestSchema } from '../faults.ts';
import { startWorldlineSimulator, type WorldlineSimulator, type WorldlineSimulatorOptions } from '../simulator.ts';
import { utidOf, WORLDLINE_OTHER_UTID, WORLDLINE_UTID } from './requests.ts';
import {
  AcceptedSchema,
  ErrorBodySchema,
  ServiceResponseEnvelopeSchema,
  TransactionsListingSchema,
  WebhookBodySchema,
  type ServiceResponseEnvelopeShape,
  type TransactionResultShape,
  type TransactionsListing,
} from './schemas.ts';
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.ts';

/**
 * Starts the Worldline simulator on a free loopback port for one test and
 * closes it when the test ends, with a client that talks to it over real
 * HTTP (global fetch) the way a till does, and a webhook receiver to hand
 * it as WebhookUrl. The time scale is 0.001 unless a test asks otherwise:
 * a tap payment takes 3.5 ms, the 150-second issuer timeout 150 ms.
 */

export { WORLDLINE_OTHER_UTID, WORLDLINE_UTID } from './requests.ts';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.ts';

export const WORLDLINE_API_KEY = 'wl_test_Kassa0123456789abcdef';
export const WORLDLINE_MERCHANT = 'KassaTestMerchant';
export const TEST_TIME_SCALE = 0.001;

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Real milliseconds from sending the request to the whole reply having arrived. */
  readonly elapsedMs: number;
}

export interface RequestOptions {
  /** The Bearer key to send; `null` sends no Authorization. The simulator's key by default. */
  apiKey?: string | null;
  signal?: AbortSignal;
}

export interface PaymentCallOptions extends RequestOptions {
  /** The terminal in the path; the request's own POI by default. */
  utid?: string;
  merchant?: string;
}

export type FaultInput = z.input<typeof FaultRequestSchema>;

export interface WorldlineSimulatorClient {
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Reply>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<Reply>;
  get(path: string, options?: RequestOptions): Promise<Reply>;
  /** `/api/v1/merchants/{umid}/terminals/{utid}/payments[/sync]`. */
  paymentsPath(utid: string, channel: 'sync' | 'async', merchant?: string): string;
  /**
   * POST to `…/payments/sync` of the request's terminal. `request` is
   * unknown: a test may send what no SaleToPOIServiceRequest allows.
   */
  sync(request: unknown, options?: PaymentCallOptions): Promise<Reply>;
  /** POST to `…/payments` (asynchronous) of the request's terminal. */
  async(request: unknown, options?: PaymentCallOptions): Promise<Reply>;
  /** Scripts a fault on the terminal's next requests (of the fault's categories). */
  addFault(utid: string, fault: FaultInput): Promise<void>;
  clearFaults(utid: string): Promise<void>;
  setOnline(utid: string, online: boolean): Promise<void>;
  setRateLimit(requestsPerSecond: number | null): Promise<void>;
  transactions(utid: string): Promise<TransactionsListing>;
  /** Resolves once the terminal has seen `count` transactions: a request sent meanwhile has reached it. */
  reachedTerminal(utid: string, count: number): Promise<void>;
  /** A loopback webhook endpoint for this test. */
  startWebhookReceiver(options?: WebhookReceiverOptions): Promise<WebhookReceiver>;
}

export interface TestWorldlineSimulator {
  simulator: WorldlineSimulator;
  logger: ReturnType<typeof createMemoryLogger>;
  client: WorldlineSimulatorClient;
}

export type TestWorldlineSimulatorOptions = Partial<Omit<WorldlineSimulatorOptions, 'logger'>>;

export async function startTestWorldlineSimulator(
  options: TestWorldlineSimulatorOptions = {},
): Promise<TestWorldlineSimulator> {
  const logger = createMemoryLogger();
  const simulator = await startWorldlineSimulator({
    logger,
    port: 0,
    apiKey: WORLDLINE_API_KEY,
    merchantId: WORLDLINE_MERCHANT,
    timeScale: TEST_TIME_SCALE,
    terminals: [{ utid: WORLDLINE_UTID }, { utid: WORLDLINE_OTHER_UTID }],
    ...options,
  });
  onTestFinished(() => simulator.close());
  return { simulator, logger, client: createWorldlineClient(simulator) };
}

function requestUtid(request: unknown): string {
  try {
    return utidOf(request as SaleToPOIServiceRequest);
  } catch {
    return WORLDLINE_UTID;
  }
}

export function createWorldlineClient(simulator: WorldlineSimulator): WorldlineSimulatorClient {
  async function request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    const apiKey = options.apiKey === undefined ? simulator.apiKey : options.apiKey;
    if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, elapsedMs: performance.now() - started };
  }

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const reply = await request(method, path, body);
    if (reply.status !== 200) throw new Error(`${method} ${path}: ${String(reply.status)} ${reply.text}`);
    return JSON.parse(reply.text) as unknown;
  }

  const paymentsPath = (utid: string, channel: 'sync' | 'async', merchant = simulator.merchantId) =>
    `/api/v1/merchants/${encodeURIComponent(merchant)}/terminals/${encodeURIComponent(utid)}/payments${channel === 'sync' ? '/sync' : ''}`;

  const send =
    (channel: 'sync' | 'async') =>
    (body: unknown, options: PaymentCallOptions = {}) =>
      request('POST', paymentsPath(options.utid ?? requestUtid(body), channel, options.merchant), body, options);

  const client: WorldlineSimulatorClient = {
    request,
    post: (path, body, options) => request('POST', path, body, options),
    get: (path, options) => request('GET', path, undefined, options),
    paymentsPath,
    sync: send('sync'),
    async: send('async'),
    async addFault(utid, fault) {
      await control('POST', `/_simulator/terminals/${encodeURIComponent(utid)}/faults`, fault);
    },
    async clearFaults(utid) {
      await control('DELETE', `/_simulator/terminals/${encodeURIComponent(utid)}/faults`);
    },
    async setOnline(utid, online) {
      await control('PUT', `/_simulator/terminals/${encodeURIComponent(utid)}/connection`, { online });
    },
    async setRateLimit(requestsPerSecond) {
      await control('PUT', '/_simulator/rate-limit', { requestsPerSecond });
    },
    async transactions(utid) {
      return TransactionsListingSchema.parse(
        await control('GET', `/_simulator/terminals/${encodeURIComponent(utid)}/transactions`),
      );
    },
    async reachedTerminal(utid, count) {
      await vi.waitFor(
        async () => expect((await client.transactions(utid)).transactions.length).toBeGreaterThanOrEqual(count),
        { timeout: 2_000, interval: 2 },
      );
    },
    startWebhookReceiver,
  };
  return client;
}

/** The parsed JSON of a reply with the expected status; fails naming what came instead. */
export function jsonOf(reply: Reply, status: number): unknown {
  if (reply.status !== status)
    throw new Error(`Expected ${String(status)}, got ${String(reply.status)}: ${reply.text}`);
  if (!(reply.headers.get('content-type') ?? '').startsWith('application/json')) {
    throw new Error(`Expected JSON, got ${reply.headers.get('content-type') ?? 'no content type'}: ${reply.text}`);
  }
  return JSON.parse(reply.text) as unknown;
}

/** The SaleToPOIServiceResponse of a 200 reply or of a document (a webhook's `data`), checked against the documented shape. */
export function resultOf(source: unknown): ServiceResponseEnvelopeShape['SaleToPOIServiceResponse'] {
  const document = isReply(source) ? jsonOf(source, 200) : source;
  return ServiceResponseEnvelopeSchema.parse(document).SaleToPOIServiceResponse;
}

/** The PaymentTransaction of a payment or refund result. */
export function paymentOf(source: unknown): {
  result: ReturnType<typeof resultOf>;
  transaction: TransactionResultShape;
} {
  const result = resultOf(source);
  const transaction = result.ServiceResponse.PaymentResponse?.PaymentTransaction;
  if (transaction === undefined) throw new Error(`Expected a PaymentResponse, got ${JSON.stringify(result)}`);
  return { result, transaction };
}

/** The message of an error answer with this status. */
export function errorOf(reply: Reply, status: number): string {
  return ErrorBodySchema.parse(jsonOf(reply, status)).message;
}

/** The requestId of a 202. */
export function acceptedOf(reply: Reply): string {
  return AcceptedSchema.parse(jsonOf(reply, 202)).requestId;
}

/**
 * A webhook delivery's `data` (the SaleToPOIServiceResponse document, for
 * `resultOf` or `paymentOf`), once the body is checked to be
 * `{"data": …}` and nothing else.
 */
export function webhookDataOf(body: unknown): unknown {
  WebhookBodySchema.parse(body);
  return (body as { data: unknown }).data;
}

export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}`);
  return value;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'text' in value && 'elapsedMs' in value;
}
