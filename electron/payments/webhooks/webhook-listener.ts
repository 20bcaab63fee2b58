import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logging/logger.ts';
import type { NotificationIds } from '../terminal-provider.ts';
import type { PaymentBook } from '../payment-book.ts';
import { systemClock, type Clock } from '../../clock.ts';

/**
 * Where the payment clouds deliver: Adyen's event URL (payment results in
 * async mode, display steps, terminal events) and Worldline's per-request
 * WebhookUrls. Each provider is an intake: which paths it takes, how it tells
 * a genuine sender, and what it keeps. Each accepted body is written to the
 * book's inbox before the answer goes out, so a notification the cloud
 * considers delivered can never be lost by a crash; only then is it handed to
 * the payment service. A duplicate delivery is answered the same way and not
 * handed on again.
 *
 * That pipeline (check, describe, store, hand on) is `acceptDelivery`, apart
 * from HTTP: the listener feeds it what a provider posts here, and the HQ
 * relay (electron/hq-sync/webhook-relay-client.ts) what HQ kept for a till
 * that takes no connections from outside.
 */

export interface WebhookListener {
  /** Base URL the listener answers on, e.g. `http://127.0.0.1:8443`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * What an intake reads of a delivery's request: the path and query as posted, and the headers. An
 * HTTP request is one; the relay makes one from what HQ kept.
 */
export interface DeliveryRequest {
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly headersDistinct: NodeJS.Dict<string[]>;
}

/** What one provider's deliveries need from the listener. */
export interface WebhookIntake {
  /** Whether requests to this path are this intake's. */
  handles(url: URL): boolean;
  /** Whether the sender is genuine, checked before the body is read. */
  authorised(request: DeliveryRequest, url: URL): boolean;
  /**
   * Whether the body is genuine, for a sender that signs its bodies (Worldline Direct's HMAC of the raw
   * bytes) or encrypts them (OPP's AES-GCM, whose tag is the proof): checked on the bytes as received,
   * before anything is parsed or stored. `text` is the opened body, for a sender that encrypts: what is
   * parsed, stored and handed on in place of the bytes.
   */
  authentic?(
    request: DeliveryRequest,
    raw: Buffer,
  ): { readonly ok: true; readonly text?: string } | { readonly ok: false; readonly why: string };
  /** Hands this intake's stored notifications to its own service (a gateway beside the card terminal). */
  deliver?: (body: unknown, inboxSeq: number) => void;
  /**
   * The inbox entry for a body, or undefined when it is not a message this
   * provider sends. `stored` is what is kept and handed on, when it is not
   * the body as received (Worldline's keeps the exchange and token of its URL).
   */
  describe(
    body: unknown,
    url: URL,
  ): ({ kind: string; stored?: unknown; sameAs?: string } & NotificationIds) | undefined;
  /** The answer that tells the sender it was taken. */
  readonly accepted: { readonly contentType: string; readonly text: string };
  /**
   * A page this intake serves on GET under its paths (Worldnet's link: the page the customer's phone
   * opens, which posts the payment form to Worldnet), or undefined for none there. Reads only.
   */
  page?(url: URL): { readonly status: number; readonly contentType: string; readonly body: string } | undefined;
}

/** One delivery, as received: by the listener over HTTP, or from HQ by the relay. */
export interface Delivery {
  /** The request's path and query as posted (for a relayed webhook: below HQ's `/webhooks/<provider>`). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body's bytes exactly as received. */
  readonly raw: Buffer;
  /** Who sent it, for the log: the socket's address, or "hq" for a relayed webhook. */
  readonly remote: string | undefined;
}

/** What became of a delivery; the listener turns it into an HTTP answer, the relay into an ack or not. */
export type DeliveryOutcome =
  | {
      readonly kind: 'accepted';
      /** The inbox row it is in (now or from an earlier delivery of the same notification). */
      readonly seq: number;
      /** Already in the inbox: nothing is handed on again. */
      readonly duplicate: boolean;
      /** The answer that tells the sender it was taken. */
      readonly answer: { readonly contentType: string; readonly text: string };
      /** Hands it to its payment service (nothing for a duplicate); call once the sender has been answered. */
      handOn(): void;
    }
  /** No intake takes this path. */
  | { readonly kind: 'no_intake' }
  | { readonly kind: 'unauthorised' }
  | { readonly kind: 'unauthentic'; readonly why: string }
  | { readonly kind: 'not_json' }
  /** Not a message this provider sends. */
  | { readonly kind: 'not_a_message' }
  /** Could not be written to the inbox: not taken, so the sender must try again. */
  | { readonly kind: 'store_failed' };

export interface DeliveryPipelineOptions {
  /** The providers' intakes, asked in order: the first that handles a path takes it. */
  intakes: readonly WebhookIntake[];
  book: PaymentBook;
  /** Hands a stored notification on, for an intake without its own `deliver`. */
  deliver: (body: unknown, inboxSeq: number) => void;
  logger: Logger;
  clock?: Clock;
  /**
   * `hq`: deliveries HQ relays. HQ authenticated the provider when it took the webhook, and the till
   * authenticated HQ by its own TLS connection and bearer token, so the sender check (`authorised`:
   * Adyen's basic auth, which HQ does not pass on) is not asked again. A body the provider signs or
   * encrypts (`authentic`) is still checked, on the bytes as the provider sent them.
   */
  sender?: 'direct' | 'hq';
}

export interface DeliveryPipeline {
  /** The intake for a path, if any takes it. */
  intakeFor(url: URL): WebhookIntake | undefined;
  acceptDelivery(delivery: Delivery): DeliveryOutcome;
}

/** Checks, describes and stores deliveries, and hands them on: the part of a webhook's way that is not HTTP. */
export function createDeliveryPipeline(options: DeliveryPipelineOptions): DeliveryPipeline {
  const { book, logger, intakes } = options;
  const clock = options.clock ?? systemClock;
  const vouchedFor = options.sender === 'hq';
  const intakeFor = (url: URL) => intakes.find((candidate) => candidate.handles(url));

  return {
    intakeFor,
    acceptDelivery(delivery) {
      const url = new URL(delivery.path, 'http://listener');
      const intake = intakeFor(url);
      if (intake === undefined) return { kind: 'no_intake' };
      const request = deliveryRequest(delivery);
      if (!vouchedFor && !intake.authorised(request, url)) {
        logger.warn('webhooks.unauthorised', { remote: delivery.remote });
        return { kind: 'unauthorised' };
      }
      const authentic = intake.authentic?.(request, delivery.raw) ?? { ok: true };
      if (!authentic.ok) {
        // Logged without the body (a forged post may carry anything), with why: a wrong secret reads differently from a forgery.
        logger.warn('webhooks.unauthentic', {
          remote: delivery.remote,
          bytes: delivery.raw.length,
          why: authentic.why,
        });
        return { kind: 'unauthentic', why: authentic.why };
      }
      const text = authentic.text ?? delivery.raw.toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return { kind: 'not_json' };
      }
      const described = intake.describe(body, url);
      if (described === undefined) {
        logger.warn('webhooks.not_a_terminal_message', { bytes: text.length, remote: delivery.remote });
        return { kind: 'not_a_message' };
      }
      const { stored: kept, ...entry } = described;
      const handedOn = kept ?? body;
      let stored: { stored: boolean; seq: number };
      try {
        stored = book.recordInbox({
          ...entry,
          attemptId: undefined,
          receivedAt: clock.now().toISOString(),
          body: kept === undefined ? text : JSON.stringify(kept),
        });
      } catch (error) {
        // Not written, so not accepted: the sender delivers it again.
        logger.error('webhooks.store_failed', { error });
        return { kind: 'store_failed' };
      }
      if (!stored.stored) logger.info('webhooks.duplicate', { kind: described.kind, serviceId: described.serviceId });
      return {
        kind: 'accepted',
        seq: stored.seq,
        duplicate: !stored.stored,
        answer: intake.accepted,
        handOn() {
          if (!stored.stored) return;
          try {
            (intake.deliver ?? options.deliver)(handedOn, stored.seq);
          } catch (error) {
            // Stored and unhandled: the next start replays it.
            logger.error('webhooks.deliver_failed', { seq: stored.seq, error });
          }
        },
      };
    },
  };
}

/** The request an intake reads, from a delivery: the same headers, each also as a list (as Node gives them). */
function deliveryRequest(delivery: Delivery): DeliveryRequest {
  const headersDistinct: NodeJS.Dict<string[]> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    if (value !== undefined) headersDistinct[name] = Array.isArray(value) ? value : [value];
  }
  return { url: delivery.path, headers: delivery.headers, headersDistinct };
}

export interface WebhookListenerOptions {
  host: string;
  port: number;
  /** The providers' intakes, asked in order: the first that handles a path takes it. */
  intakes: readonly WebhookIntake[];
  book: PaymentBook;
  /** Hands a stored notification on; called after the answer has been sent. */
  deliver: (body: unknown, inboxSeq: number) => void;
  logger: Logger;
  clock?: Clock;
  /** Terminal API notifications are a few KiB; anything much larger is not from Adyen. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** The crash hook `kassa pay` also reads (electron/cli/payments.ts); the listener's value is `inbox`. */
const CRASH_AFTER_ENV = 'KASSA_TEST_CRASH_AFTER';

export function startWebhookListener(options: WebhookListenerOptions): Promise<WebhookListener> {
  const { logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pipeline = createDeliveryPipeline({
    intakes: options.intakes,
    book: options.book,
    deliver: options.deliver,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });

  function answer(
    response: ServerResponse,
    status: number,
    text: string,
    close = false,
    contentType = 'text/plain; charset=utf-8',
  ): void {
    response.writeHead(status, {
      'content-type': contentType,
      ...(status === 401 ? { 'www-authenticate': 'Basic realm="kassa"' } : {}),
      ...(close ? { connection: 'close' } : {}),
    });
    response.end(text);
  }

  async function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return 'too_large';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBodyBytes) return 'too_large';
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://listener');
    if (request.method === 'GET') {
      const page = pipeline.intakeFor(url)?.page?.(url);
      if (page !== undefined) {
        response.writeHead(page.status, {
          'content-type': page.contentType,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        response.end(page.body);
        return;
      }
    }
    if (request.method !== 'POST') {
      answer(response, 405, 'Only POST is accepted here.');
      return;
    }
    const intake = pipeline.intakeFor(url);
    if (intake === undefined) {
      answer(response, 404, 'Nothing is delivered here.');
      return;
    }
    // Asked before the body is read, so a stranger's post costs nothing (the pipeline asks again).
    if (!intake.authorised(request, url)) {
      logger.warn('webhooks.unauthorised', { remote: request.socket.remoteAddress });
      answer(response, 401, 'Unauthorised.');
      return;
    }
    const raw = await readBody(request);
    if (raw === 'too_large') {
      answer(response, 413, 'Too large.', true);
      return;
    }
    const outcome = pipeline.acceptDelivery({
      path: request.url ?? '/',
      headers: request.headers,
      raw,
      remote: request.socket.remoteAddress,
    });
    switch (outcome.kind) {
      case 'no_intake':
        answer(response, 404, 'Nothing is delivered here.');
        return;
      case 'unauthorised':
      case 'unauthentic':
        answer(response, 401, 'Unauthorised.');
        return;
      case 'not_json':
        answer(response, 400, 'Not JSON.');
        return;
      case 'not_a_message':
        answer(response, 400, 'Not a Terminal API message.');
        return;
      case 'store_failed':
        answer(response, 500, 'Could not store the notification; send it again.');
        return;
      case 'accepted':
        // Tests only: a process killed here has the notification on disk and never said so (electron/cli/payments.ts).
        if (process.env[CRASH_AFTER_ENV] === 'inbox') process.kill(process.pid, 'SIGKILL');
        answer(response, 200, outcome.answer.text, false, outcome.answer.contentType);
        outcome.handOn();
        return;
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('webhooks.failed', { error });
      if (!response.headersSent) answer(response, 500, 'Internal error.');
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (is Kassa already running?)' : error.message;
      reject(new Error(`Cannot listen for card results on ${options.host}:${options.port}: ${why}`));
    });
    server.listen(options.port, options.host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) => logger.error('webhooks.server_error', { error }));
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
      const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
      logger.info('webhooks.listening', { host: options.host, port });
      let closing: Promise<void> | undefined;
      resolve({
        url,
        port,
        close() {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

/** `host:port` from the configuration, with IPv6 brackets removed for `listen`. */
export function parseListenAddress(listen: string): { host: string; port: number } {
  const cut = listen.lastIndexOf(':');
  const host = listen.slice(0, cut).replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(listen.slice(cut + 1)) };
}
