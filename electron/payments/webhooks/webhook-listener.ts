import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
 */

export interface WebhookListener {
  /** Base URL the listener answers on, e.g. `http://127.0.0.1:8443`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What one provider's deliveries need from the listener. */
export interface WebhookIntake {
  /** Whether requests to this path are this intake's. */
  handles(url: URL): boolean;
  /** Whether the sender is genuine, checked before the body is read. */
  authorised(request: IncomingMessage, url: URL): boolean;
  /**
   * Whether the body is genuine, for a sender that signs its bodies (Worldline Direct's HMAC of the raw
   * bytes) or encrypts them (OPP's AES-GCM, whose tag is the proof): checked on the bytes as received,
   * before anything is parsed or stored. `text` is the opened body, for a sender that encrypts: what is
   * parsed, stored and handed on in place of the bytes.
   */
  authentic?(
    request: IncomingMessage,
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
  const { book, logger } = options;
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const intakes = options.intakes;

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

  async function readBody(request: IncomingMessage): Promise<{ text: string; raw: Buffer } | 'too_large'> {
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
    const raw = Buffer.concat(chunks);
    return { text: raw.toString('utf8'), raw };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://listener');
    if (request.method === 'GET') {
      const page = intakes.find((candidate) => candidate.handles(url))?.page?.(url);
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
    const intake = intakes.find((candidate) => candidate.handles(url));
    if (intake === undefined) {
      answer(response, 404, 'Nothing is delivered here.');
      return;
    }
    if (!intake.authorised(request, url)) {
      logger.warn('webhooks.unauthorised', { remote: request.socket.remoteAddress });
      answer(response, 401, 'Unauthorised.');
      return;
    }
    const read = await readBody(request);
    if (read === 'too_large') {
      answer(response, 413, 'Too large.', true);
      return;
    }
    const authentic = intake.authentic?.(request, read.raw) ?? { ok: true };
    if (!authentic.ok) {
      // Logged without the body (a forged post may carry anything), with why: a wrong secret reads differently from a forgery.
      logger.warn('webhooks.unauthentic', {
        remote: request.socket.remoteAddress,
        bytes: read.raw.length,
        why: authentic.why,
      });
      answer(response, 401, 'Unauthorised.');
      return;
    }
    const text = authentic.text ?? read.text;
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      answer(response, 400, 'Not JSON.');
      return;
    }
    const described = intake.describe(body, url);
    if (described === undefined) {
      logger.warn('webhooks.not_a_terminal_message', { bytes: text.length });
      answer(response, 400, 'Not a Terminal API message.');
      return;
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
      // Not written, so not accepted: Adyen delivers it again.
      logger.error('webhooks.store_failed', { error });
      answer(response, 500, 'Could not store the notification; send it again.');
      return;
    }
    // Tests only: a process killed here has the notification on disk and never said so (electron/cli/payments.ts).
    if (process.env[CRASH_AFTER_ENV] === 'inbox') process.kill(process.pid, 'SIGKILL');
    answer(response, 200, intake.accepted.text, false, intake.accepted.contentType);
    if (!stored.stored) {
      logger.info('webhooks.duplicate', { kind: described.kind, serviceId: described.serviceId });
      return;
    }
    try {
      (intake.deliver ?? options.deliver)(handedOn, stored.seq);
    } catch (error) {
      // Stored and unhandled: the next start replays it.
      logger.error('webhooks.deliver_failed', { seq: stored.seq, error });
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
