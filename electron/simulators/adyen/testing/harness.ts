import { expect, onTestFinished, vi } from 'vitest';
import type { z } from 'zod';
import type { SaleToPOIRequest } from '../../../../shared/payments/adyen/nexo.ts';
import { createMemoryLogger } from '../../../logging/logger.ts';
import type { FaultRequestSchema } from '../faults.ts';
import { startAdyenSimulator, type AdyenSimulator, type AdyenSimulatorOptions } from '../simulator.ts';
import { headerOf, OTHER_POIID, POIID, referenceTo, statusRequest } from './requests.ts';
import {
  EventNotificationSchema,
  PaymentResponseSchema,
  ReversalResponseSchema,
  SaleToPOIResponseSchema,
  TransactionsListingSchema,
  TransactionStatusResponseSchema,
  type EventNotificationShape,
  type PaymentReceiptShape,
  type SaleToPOIResponseShape,
} from './schemas.ts';

/**
 * Starts the simulator on a free loopback port for one test and closes it when
 * the test ends, with a client that talks to it over real HTTP (global fetch)
 * the way a till does.
 */

export const API_KEY = 'test_key_Kassa0123456789';
export const MERCHANT = 'KassaTestMerchant';

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** Real milliseconds from sending the request to the whole reply having arrived. */
  readonly elapsedMs: number;
}

export interface RequestOptions {
  /** The X-API-Key to send; `null` sends none. The simulator's key by default. */
  apiKey?: string | null;
  signal?: AbortSignal;
}

export interface SimulatorClient {
  request(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Reply>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<Reply>;
  get(path: string, options?: RequestOptions): Promise<Reply>;
  /** Legacy `POST /sync`. */
  sync(request: SaleToPOIRequest | string, options?: RequestOptions): Promise<Reply>;
  /** Legacy `POST /async`. */
  async(request: SaleToPOIRequest | string, options?: RequestOptions): Promise<Reply>;
  /** The Cloud device API path for a device: `/v1/merchants/{merchant}/devices/{poiid}`. */
  devicePath(poiid: string, merchant?: string): string;
  setOnline(poiid: string, online: boolean): Promise<void>;
  /** Scripts a fault on the terminal's next request (of the fault's categories). */
  addFault(poiid: string, fault: z.input<typeof FaultRequestSchema>): Promise<void>;
  transactions(poiid: string): Promise<z.infer<typeof TransactionsListingSchema>['transactions']>;
  /** Resolves once the terminal has seen `count` transactions: a request sent meanwhile has reached it. */
  reachedTerminal(poiid?: string, count?: number): Promise<void>;
  /**
   * Asks on /sync about `request` until the terminal has finished it (a status
   * request is held by the terminal, so this loops only on InProgress).
   */
  finalStatus(request: SaleToPOIRequest, options?: { poiid?: string }): Promise<SaleToPOIResponseShape>;
}

export interface TestSimulator {
  simulator: AdyenSimulator;
  logger: ReturnType<typeof createMemoryLogger>;
  client: SimulatorClient;
}

export type TestSimulatorOptions = Partial<Omit<AdyenSimulatorOptions, 'logger'>>;

export async function startTestSimulator(options: TestSimulatorOptions = {}): Promise<TestSimulator> {
  const logger = createMemoryLogger();
  const simulator = await startAdyenSimulator({
    logger,
    port: 0,
    apiKey: API_KEY,
    merchantAccount: MERCHANT,
    timeScale: 0.001,
    terminals: [{ poiid: POIID }, { poiid: OTHER_POIID }],
    ...options,
  });
  onTestFinished(() => simulator.close());
  return { simulator, logger, client: createClient(simulator) };
}

export function createClient(simulator: AdyenSimulator): SimulatorClient {
  async function request(method: string, path: string, body?: unknown, options: RequestOptions = {}) {
    const headers: Record<string, string> = {};
    const apiKey = options.apiKey === undefined ? simulator.apiKey : options.apiKey;
    if (apiKey !== null) headers['x-api-key'] = apiKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const response = await fetch(`${simulator.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      elapsedMs: performance.now() - started,
    };
  }

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const reply = await request(method, path, body);
    if (reply.status !== 200) throw new Error(`${method} ${path}: ${String(reply.status)} ${reply.text}`);
    return JSON.parse(reply.text) as unknown;
  }

  const client: SimulatorClient = {
    request,
    post: (path, body, options) => request('POST', path, body, options),
    get: (path, options) => request('GET', path, undefined, options),
    sync: (body, options) => request('POST', '/sync', body, options),
    async: (body, options) => request('POST', '/async', body, options),
    devicePath: (poiid, merchant = simulator.merchantAccount) =>
      `/v1/merchants/${encodeURIComponent(merchant)}/devices/${encodeURIComponent(poiid)}`,
    async setOnline(poiid, online) {
      await control('PUT', `/_simulator/terminals/${poiid}/connection`, { online });
    },
    async addFault(poiid, fault) {
      await control('POST', `/_simulator/terminals/${poiid}/faults`, fault);
    },
    async transactions(poiid) {
      return TransactionsListingSchema.parse(await control('GET', `/_simulator/terminals/${poiid}/transactions`))
        .transactions;
    },
    async reachedTerminal(poiid = POIID, count = 1) {
      await vi.waitFor(async () => expect(await client.transactions(poiid)).toHaveLength(count), {
        timeout: 2_000,
        interval: 2,
      });
    },
    async finalStatus(original, options = {}) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const status = statusRequest({
          poiid: options.poiid ?? headerOf(original).POIID,
          reference: referenceTo(original),
          receiptReprint: true,
        });
        const reply = await request('POST', '/sync', status);
        const envelope = responseOf(reply);
        const condition = envelope.SaleToPOIResponse.TransactionStatusResponse?.Response.ErrorCondition;
        if (condition !== 'InProgress') return envelope;
      }
      throw new Error('The transaction was still in progress after 50 status requests');
    },
  };
  return client;
}

/** The body of a JSON reply, as unknown; fails unless the reply is JSON. */
export function jsonOf(reply: Reply): unknown {
  if (!reply.contentType.startsWith('application/json') && !reply.contentType.startsWith('application/problem+json')) {
    throw new Error(`Expected a JSON reply, got ${String(reply.status)} ${reply.contentType}: ${reply.text}`);
  }
  return JSON.parse(reply.text) as unknown;
}

/** A 200 `SaleToPOIResponse`, checked against Adyen's documented shape. */
export function responseOf(reply: unknown): SaleToPOIResponseShape {
  if (isReply(reply)) {
    if (reply.status !== 200) throw new Error(`Expected 200, got ${String(reply.status)}: ${reply.text}`);
    return SaleToPOIResponseSchema.parse(jsonOf(reply));
  }
  return SaleToPOIResponseSchema.parse(reply);
}

export function paymentOf(reply: unknown) {
  const envelope = responseOf(reply).SaleToPOIResponse;
  return {
    header: envelope.MessageHeader,
    payment: PaymentResponseSchema.parse(envelope.PaymentResponse),
  };
}

export function reversalOf(reply: unknown) {
  const envelope = responseOf(reply).SaleToPOIResponse;
  return { header: envelope.MessageHeader, reversal: ReversalResponseSchema.parse(envelope.ReversalResponse) };
}

export function statusOf(reply: unknown) {
  const envelope = responseOf(reply).SaleToPOIResponse;
  return {
    header: envelope.MessageHeader,
    status: TransactionStatusResponseSchema.parse(envelope.TransactionStatusResponse),
  };
}

/** A 200 `SaleToPOIRequest.EventNotification` (how the cloud rejects a request), checked against Adyen's shape. */
export function eventOf(reply: unknown): EventNotificationShape['SaleToPOIRequest'] {
  if (isReply(reply)) {
    if (reply.status !== 200) throw new Error(`Expected 200, got ${String(reply.status)}: ${reply.text}`);
    return EventNotificationSchema.parse(jsonOf(reply)).SaleToPOIRequest;
  }
  return EventNotificationSchema.parse(reply).SaleToPOIRequest;
}

/** `AdditionalResponse` (or `EventDetails`), which Adyen form-encodes. */
export function formFields(encoded: string | undefined): URLSearchParams {
  if (encoded === undefined) throw new Error('Expected form-encoded fields, got none');
  return new URLSearchParams(encoded);
}

/** A receipt's lines, each `name=…&value=…&key=…`. */
export function receiptLines(receipt: PaymentReceiptShape): URLSearchParams[] {
  return receipt.OutputContent.OutputText.map((line) => new URLSearchParams(line.Text));
}

export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}`);
  return value;
}

function isReply(value: unknown): value is Reply {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'text' in value &&
    'contentType' in value &&
    'elapsedMs' in value
  );
}
