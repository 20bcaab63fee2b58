import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_PUSHES_AT_ONCE, type ServingHqConfig } from '../../../shared/hq/hq-config.ts';
import { systemClock, type Clock } from '../../clock.ts';
import type { Logger } from '../../logging/logger.ts';
import type { HqStore } from '../hq-store.ts';
import { ADYEN_WEBHOOK_PREFIX, adyenWebhookRoute } from './adyen-webhook-route.ts';
import { enrolRoute } from './enrol-route.ts';
import type { HqContext } from './hq-context.ts';
import { sendHqError, sendHtml, sendJson } from './http-io.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { messagePage } from './page/login-page.ts';
import {
  loginFormRoute,
  loginRoute,
  logoutRoute,
  methodNotAllowed,
  notFoundPage,
  overviewRoute,
  revokeRoute,
  stylesheetRoute,
} from './page-routes.ts';
import { createPushGate, type PushGate } from './push-gate.ts';
import { relayAckRoute, relayPollRoute } from './relay-routes.ts';
import { createRelayWakeups } from './relay-wakeups.ts';
import { syncRoute } from './sync-route.ts';
import { systemTimers, type Timers } from './timers.ts';

/**
 * Kassa HQ on node:http. Tills enrol, push and long-poll for their webhooks
 * under /api; Adyen posts to /webhooks/adyen; head office reads the page at
 * /. The instance keeps nothing that matters in memory (the login throttle
 * aside), so any number can run behind a load balancer on one database.
 *
 *   POST /api/enrol           a till spends a one-time code          (enrol-route.ts)
 *   POST /api/sync            a till's records and status (Bearer)   (sync-route.ts)
 *   GET  /api/relay?wait=N    webhooks waiting for the till (Bearer) (relay-routes.ts)
 *   POST /api/relay/ack       the till has them (Bearer)             (relay-routes.ts)
 *   GET  /api/health          { ok: true }
 *   POST /webhooks/adyen[/…]  Adyen's Terminal API event URL         (adyen-webhook-route.ts)
 *   GET  /login, POST /login, POST /logout, GET /, POST /tills/revoke, GET /hq.css   (page-routes.ts)
 */

export interface HqServerOptions {
  store: HqStore;
  config: ServingHqConfig;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** How often a held long-poll looks in the database for webhooks another instance took. */
  relaySlowPollMs?: number;
  /** Tests pass their own to watch who waits; otherwise one of `config.pushesAtOnce`. */
  pushGate?: PushGate;
}

/**
 * A waiting push holds a socket and at most a read buffer of its body. More than a thousand tills waiting on
 * one instance means it is overloaded: a till refused backs off and sends again later, as for any 503.
 */
const MAX_WAITING_PUSHES = 1_000;

export interface HqServer {
  /** Where this instance answers, e.g. http://127.0.0.1:4320 (not the public address). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Route = (request: IncomingMessage, response: ServerResponse, context: HqContext, url: URL) => Promise<void> | void;

const ROUTES: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  '/api/enrol': { POST: enrolRoute },
  '/api/sync': { POST: syncRoute },
  '/api/relay': { GET: relayPollRoute },
  '/api/relay/ack': { POST: relayAckRoute },
  '/api/health': { GET: (_request, response) => sendJson(response, 200, { ok: true }) },
  '/': { GET: overviewRoute },
  '/login': { GET: loginFormRoute, POST: loginRoute },
  '/logout': { POST: logoutRoute },
  '/tills/revoke': { POST: revokeRoute },
  '/hq.css': { GET: (_request, response) => stylesheetRoute(response) },
};

function routeFor(url: URL): Readonly<Record<string, Route>> | undefined {
  if (url.pathname === ADYEN_WEBHOOK_PREFIX || url.pathname.startsWith(`${ADYEN_WEBHOOK_PREFIX}/`)) {
    return { POST: adyenWebhookRoute };
  }
  return Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
}

function dispatch(request: IncomingMessage, response: ServerResponse, context: HqContext): Promise<void> | void {
  const url = new URL(request.url ?? '/', 'http://hq.invalid');
  const isApi = url.pathname.startsWith('/api/');
  const methods = routeFor(url);
  if (methods === undefined) {
    if (isApi) sendHqError(response, 404, 'bad_request', `HQ has no ${url.pathname}.`);
    else notFoundPage(response);
    return;
  }
  const route = methods[request.method ?? 'GET'];
  if (route === undefined) {
    methodNotAllowed(response, Object.keys(methods).join(', '));
    return;
  }
  return route(request, response, context, url);
}

/** An unexpected failure: a till hears "try again later", a person a page that says so. */
function failed(request: IncomingMessage, response: ServerResponse, context: HqContext, error: unknown): void {
  context.logger.error('hq.request_failed', { method: request.method, path: request.url?.split('?')[0], error });
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (request.url?.startsWith('/api/') === true) {
    sendHqError(response, 503, 'unavailable', 'HQ cannot answer just now. Try again later.');
  } else {
    sendHtml(
      response,
      503,
      messagePage('HQ cannot answer just now', 'HQ could not reach its database. Try again in a minute.'),
    );
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** `host:port` from the configuration, IPv6 brackets removed for listen(). */
export function splitListen(listen: string): { host: string; port: number } {
  const cut = listen.lastIndexOf(':');
  return { host: listen.slice(0, cut).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(cut + 1)) };
}

export function startHqServer(options: HqServerOptions): Promise<HqServer> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const closing = new AbortController();
  const context: HqContext = {
    store: options.store,
    config,
    clock,
    timers: options.timers ?? systemTimers,
    logger,
    wakeups: createRelayWakeups(),
    loginThrottle: createLoginThrottle({ clock }),
    pushGate:
      options.pushGate ??
      createPushGate({ atOnce: config.pushesAtOnce ?? DEFAULT_PUSHES_AT_ONCE, maxWaiting: MAX_WAITING_PUSHES }),
    relaySlowPollMs: options.relaySlowPollMs ?? 2_000,
    closing: closing.signal,
    origin: config.publicUrl === undefined ? undefined : new URL(config.publicUrl).origin,
  };

  const server = createServer((request, response) => {
    Promise.resolve()
      .then(() => dispatch(request, response, context))
      .catch((error: unknown) => failed(request, response, context, error));
  });
  // Long-polls hold for up to 30 s; a push of 8 MiB over a shop's uplink can take a while.
  server.requestTimeout = 120_000;
  server.headersTimeout = 15_000;

  const { host, port } = splitListen(config.listen);
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (is HQ already running?)' : error.message;
      reject(new Error(`Kassa HQ cannot listen on ${config.listen}: ${why}`));
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      server.on('error', (error) => logger.error('hq.server_error', { error }));
      const bound = (server.address() as AddressInfo).port;
      const url = `http://${hostForUrl(host)}:${bound}`;
      logger.info('hq.listening', { host, port: bound, publicUrl: config.publicUrl });
      let closed: Promise<void> | undefined;
      resolve({
        url,
        port: bound,
        close() {
          closed ??= new Promise<void>((done) => {
            // Held long-polls answer (empty) first, then idle connections go.
            closing.abort();
            server.close(() => done());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 1_000).unref();
          });
          return closed;
        },
      });
    });
  });
}
