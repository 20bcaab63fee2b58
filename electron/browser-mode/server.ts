import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_STREAM_HEARTBEAT_MS } from '../../shared/ipc/event-stream.ts';
import { fail, type ErrorCode, type Result } from '../../shared/result.ts';
import { CustomerDisplayStateSchema, type CustomerDisplayState } from '../../shared/customer-display/display-state.ts';
import { describeIssues } from '../../shared/zod-issues.ts';
import type { EventFeed } from '../staff/locked-event-feed.ts';
import type { Router } from '../ipc/router.ts';
import type { Logger } from '../logging/logger.ts';
import { readRendererFile } from '../renderer-files.ts';

/**
 * Browser mode: the same till, headless, serving the built renderer and the
 * contract over HTTP on loopback, for machines without an Electron binary and
 * for end-to-end tests in a real Chromium.
 *
 *   GET  /…                  the built renderer (public: it holds no secrets)
 *   POST /api/call/<channel> one contract call; JSON request in, Result out
 *   GET  /api/events         main's events as a text/event-stream
 *   GET  /display            the customer display's page (display.html)
 *   GET  /api/display/events what the customer display shows, as a text/event-stream
 *
 * Every /api request must carry the per-launch token (`Authorization: Bearer
 * …`) and, when a browser sends one, an Origin of this server: another web
 * page open in the same browser can neither read nor drive the till. The token
 * reaches the UI in the URL fragment, which browsers never send to a server.
 *
 * The customer display has a token of its own, which opens its stream and
 * nothing else: a call or the till's event stream with it is refused (403),
 * and the cashier's token does not open the display's stream either. The
 * screen facing the customer can neither drive the till nor read its events.
 */

export interface BrowserModeOptions {
  router: Router;
  /** What the tab is sent: the till's `feed`, so a locked till shows no sale or card. */
  events: EventFeed;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
  /** Comment lines on the event stream keep idle proxies and sockets from closing it. */
  heartbeatMs?: number;
  /** What the customer display shows (the till's `customerDisplay`); no display stream without it. */
  display?: {
    current(): CustomerDisplayState;
    subscribe(listener: (state: CustomerDisplayState) => void): () => void;
  };
  /** Fixed display token for tests; a random one per launch otherwise. */
  displayToken?: string;
}

export interface BrowserModeServer {
  /** Where the UI answers, e.g. http://127.0.0.1:4310 */
  origin: string;
  /** The address to open: origin plus the token in the fragment. */
  url: string;
  token: string;
  /** The customer display's address: its page, its own token in the fragment. */
  displayUrl: string;
  /** Opens the display's stream and nothing else. */
  displayToken: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
/** A till has one UI; a handful of tabs is plenty, and the cap keeps a runaway client from exhausting main. */
const MAX_EVENT_STREAMS = 8;
/** A till has one or two customer displays. */
const MAX_DISPLAY_STREAMS = 4;
/** A client this far behind is not reading; dropping it makes it reconnect and fetch a fresh snapshot. */
const MAX_UNSENT_EVENT_BYTES = 1024 * 1024;
const CALL_PATH = /^\/api\/call\/([A-Za-z0-9._-]+)$/;

const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  APPROVAL_REQUIRED: 403,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

class HttpRefusal extends Error {
  readonly status: number;
  readonly result: Result<never>;

  constructor(status: number, code: ErrorCode, message: string) {
    super(message);
    this.status = status;
    this.result = fail(code, message);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sendJson(response: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpRefusal(413, 'BAD_REQUEST', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const { router, events, rendererDir, logger } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const displayToken = options.displayToken ?? randomBytes(32).toString('base64url');
  const displayTokenDigest = digest(displayToken);
  if (displayToken === token) throw new Error('The display token must differ from the till’s.');
  const heartbeatMs = options.heartbeatMs ?? EVENT_STREAM_HEARTBEAT_MS;
  const openStreams = new Set<ServerResponse>();
  const displayStreams = new Set<ServerResponse>();
  let port = 0;

  // We listen on 127.0.0.1 only; "localhost" is how a person may type that same address.
  const loopbackHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([...loopbackHosts()].map((host) => `http://${host}`));

  /** Refuses anything but this machine's own UI, in the order a person would want explained; says whose token came. */
  const checkCaller = (request: IncomingMessage): 'till' | 'display' => {
    // A DNS name that resolves to 127.0.0.1 must not turn a web page into a caller.
    if (!loopbackHosts().has(request.headers.host ?? '')) {
      throw new HttpRefusal(403, 'FORBIDDEN', 'Browser mode only answers on its own loopback address.');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      throw new HttpRefusal(403, 'FORBIDDEN', `Requests from ${origin} are not allowed.`);
    }
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const presented = match?.[1] === undefined ? undefined : digest(match[1]);
    if (presented !== undefined && timingSafeEqual(presented, tokenDigest)) return 'till';
    if (presented !== undefined && timingSafeEqual(presented, displayTokenDigest)) return 'display';
    throw new HttpRefusal(
      401,
      'UNAUTHORIZED',
      'This till needs its access link. Open the address that `kassa serve` printed.',
    );
  };

  const openEventStream = (request: IncomingMessage, response: ServerResponse): void => {
    if (openStreams.size >= MAX_EVENT_STREAMS) {
      throw new HttpRefusal(503, 'UNAVAILABLE', 'Too many screens are following this till; close one and reload.');
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const unsubscribe = events.subscribe((event) => {
      if (response.writableLength > MAX_UNSENT_EVENT_BYTES) {
        logger.warn('browser_mode.slow_event_client');
        response.destroy();
        return;
      }
      response.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    openStreams.add(response);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(response);
    };
    request.on('close', stop);
    response.on('error', stop);
  };

  /** The display's stream: its state now, then each new one, each checked against the schema before it goes. */
  const openDisplayStream = (request: IncomingMessage, response: ServerResponse): void => {
    const display = options.display;
    if (display === undefined) throw new HttpRefusal(404, 'NOT_FOUND', 'This till has no customer display.');
    if (displayStreams.size >= MAX_DISPLAY_STREAMS) {
      throw new HttpRefusal(503, 'UNAVAILABLE', 'Too many customer displays are following this till.');
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const send = (state: CustomerDisplayState) => {
      if (response.writableLength > MAX_UNSENT_EVENT_BYTES) {
        logger.warn('browser_mode.slow_display_client');
        response.destroy();
        return;
      }
      const checked = CustomerDisplayStateSchema.safeParse(state);
      if (!checked.success) {
        logger.error('browser_mode.display_state_invalid', { issues: describeIssues(checked.error) });
        return;
      }
      response.write(`data: ${JSON.stringify(checked.data)}\n\n`);
    };
    send(display.current());
    const unsubscribe = display.subscribe(send);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    displayStreams.add(response);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      displayStreams.delete(response);
    };
    request.on('close', stop);
    response.on('error', stop);
  };

  const handleCall = async (request: IncomingMessage, response: ServerResponse, channel: string) => {
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      throw new HttpRefusal(405, 'BAD_REQUEST', 'Contract calls are POST requests.');
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpRefusal(415, 'BAD_REQUEST', 'Contract calls carry a JSON body (Content-Type: application/json).');
    }
    const text = await readBody(request);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new HttpRefusal(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    }
    const result = await router.call(channel, payload, { transport: 'http' });
    sendJson(response, result.ok ? 200 : HTTP_STATUS[result.error.code], result);
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, pathname: string) => {
    const caller = checkCaller(request);
    if (pathname === '/api/display/events') {
      if (caller !== 'display') {
        throw new HttpRefusal(403, 'FORBIDDEN', 'The customer display’s stream opens with the display’s own link.');
      }
      if (request.method !== 'GET') {
        response.setHeader('allow', 'GET');
        throw new HttpRefusal(405, 'BAD_REQUEST', 'The display stream is a GET request.');
      }
      openDisplayStream(request, response);
      return;
    }
    // The display's token opens its stream and nothing else.
    if (caller === 'display') {
      throw new HttpRefusal(403, 'FORBIDDEN', 'The customer display’s link cannot use the till.');
    }
    if (pathname === '/api/events') {
      if (request.method !== 'GET') {
        response.setHeader('allow', 'GET');
        throw new HttpRefusal(405, 'BAD_REQUEST', 'The event stream is a GET request.');
      }
      openEventStream(request, response);
      return;
    }
    const call = CALL_PATH.exec(pathname);
    if (call?.[1] === undefined) throw new HttpRefusal(404, 'NOT_FOUND', `Nothing answers at ${pathname}.`);
    await handleCall(request, response, call[1]);
  };

  const handleFile = async (request: IncomingMessage, response: ServerResponse, pathname: string) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readRendererFile(rendererDir, pathname === '/display' ? '/display.html' : pathname);
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, { ...file.headers, 'content-length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const dispatch = async (request: IncomingMessage, response: ServerResponse, pathname: string) => {
    if (pathname.startsWith('/api/')) await handleApi(request, response, pathname);
    else await handleFile(request, response, pathname);
  };

  const server = createServer((request, response) => {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      // e.g. "GET //[": not a path at all. Anything that throws here would take the till down.
      sendJson(response, 400, fail('BAD_REQUEST', 'That is not a valid address.'));
      return;
    }
    dispatch(request, response, pathname).catch((error: unknown) => {
      if (error instanceof HttpRefusal) {
        logger.warn('browser_mode.refused', { path: pathname, status: error.status, reason: error.message });
        sendJson(response, error.status, error.result);
        return;
      }
      logger.error('browser_mode.failed', { path: pathname, error });
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, fail('INTERNAL', 'Browser mode hit an unexpected problem; see the log.'));
    });
  });

  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} is already in use. Choose another with --port, or 0 for any free port.`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  logger.info('browser_mode.listening', { origin });

  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    displayUrl: `${origin}/display#token=${displayToken}`,
    displayToken,
    port,
    async close() {
      for (const stream of [...openStreams, ...displayStreams]) stream.end();
      openStreams.clear();
      displayStreams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
