import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger, type Logger } from '../../logging/logger.ts';
import { backoffMs, createCloudClient, sameHostFamily, type RetryPolicy } from './cloud-client.ts';

/**
 * The cloud client against a real HTTP server on loopback: what goes over the
 * wire (the key, the body, how often) is the point, so fetch is not mocked.
 * Every server answers from a script, one entry per request, and records
 * each request it got.
 */

const API_KEY = 'wl-test-key-3f9a';
const PATH = '/api/v1/merchants/M1/terminals/T1/payments/sync';
/** A request body with its own ExchangeIdentification, which a re-send must keep. */
const BODY = {
  SaleToPOIServiceRequest: {
    Header: { ExchangeIdentification: '0f3c9a5e2b7d4e8c9a1b2c3d4e5f6a7b' },
    ServiceRequest: { ServiceContent: 'FinancialPaymentRequest' },
  },
};

type Answer =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }
  /** Keeps the request open without answering (a cloud that never replies). */
  | 'hang'
  /** Drops the connection without an answer. */
  | 'drop';

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Scripted {
  /** `http://127.0.0.1:port` */
  readonly origin: string;
  readonly port: number;
  readonly seen: Seen[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A server answering its requests in turn from `answers`; past the end of the script, a 599 no client retries. */
async function scripted(answers: readonly Answer[] | ((request: number, origin: string) => Answer)): Promise<Scripted> {
  const seen: Seen[] = [];
  let origin = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = seen.length;
      seen.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer =
        typeof answers === 'function'
          ? answers(index, origin)
          : (answers[index] ?? { status: 599, body: 'off script' });
      if (answer === 'hang') return;
      if (answer === 'drop') {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return { origin, port, seen };
}

/** A port nothing listens on: a server is started to take one, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Retries without waiting (random 0 makes every jittered wait 0 ms), so a test takes only the HTTP time. */
const NO_WAIT: RetryPolicy = { tries: 3, baseDelayMs: 5, maxDelayMs: 5, random: () => 0 };

function client(origin: string, retry: RetryPolicy = NO_WAIT, logger: Logger = createMemoryLogger()) {
  return createCloudClient({ baseUrl: origin, apiKey: API_KEY, logger, retry });
}

function post(
  cloud: ReturnType<typeof client>,
  options: { retryServerErrors?: boolean; signal?: AbortSignal; timeoutMs?: number } = {},
) {
  return cloud.post(PATH, BODY, {
    timeoutMs: options.timeoutMs ?? 2_000,
    signal: options.signal ?? new AbortController().signal,
    retryServerErrors: options.retryServerErrors ?? false,
    what: 'payment 0f3c9a5e',
  });
}

const SENT = JSON.stringify(BODY);

describe('posting to the Worldline cloud', () => {
  it('posts the JSON body with the API key as a Bearer token, under the base URL whatever its trailing slashes', async () => {
    const server = await scripted([{ status: 200, body: '{"ok":true}' }]);
    const reply = await post(client(`${server.origin}/base//`));

    expect(reply).toEqual({ kind: 'reply', resent: false, status: 200, text: '{"ok":true}' });
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/base${PATH}`);
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toBe(SENT);
  });

  it.each([400, 401, 403, 404, 422])(
    'hands a %i back to the caller at once: re-sending a request the cloud refused to read would change nothing',
    async (status) => {
      const server = await scripted([{ status, body: '{"message":"no"}' }]);
      const reply = await post(client(server.origin), { retryServerErrors: true });
      expect(reply).toEqual({ kind: 'reply', resent: false, status, text: '{"message":"no"}' });
      expect(server.seen).toHaveLength(1);
    },
  );

  it.each([429])(
    're-sends the identical body (same ExchangeIdentification) after a %i, which means nothing was taken',
    async (status) => {
      const server = await scripted([{ status }, { status }, { status: 200, body: 'result' }]);
      const logger = createMemoryLogger();
      const reply = await post(client(server.origin, NO_WAIT, logger));

      // `resent`: the caller must not read an error now as the first copy's fate.
      expect(reply).toEqual({ kind: 'reply', status: 200, text: 'result', resent: true });
      expect(server.seen).toHaveLength(3);
      for (const request of server.seen) {
        expect(request.body).toBe(SENT);
        expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
      }
      expect(logger.lines.filter((line) => line.msg === 'worldline.retrying')).toHaveLength(2);
    },
  );

  it('gives up after the policy’s tries as turned away, so the caller knows nothing was started', async () => {
    const server = await scripted([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 200 }]);
    const logger = createMemoryLogger();
    const reply = await post(client(server.origin, NO_WAIT, logger));

    expect(reply).toEqual({ kind: 'turned_away', status: 429, reason: 'HTTP 429 after 3 tries' });
    // Three tries in all, the first included: the fourth scripted answer is never asked for.
    expect(server.seen).toHaveLength(3);
    expect(logger.lines.some((line) => line.msg === 'worldline.gave_up_retrying' && line.tries === 3)).toBe(true);
  });

  it.each([408, 503])(
    'does not re-send a payment after a %i: a held request may time out while the terminal works',
    async (status) => {
      const server = await scripted([{ status }, { status: 200 }]);
      const reply = await post(client(server.origin, NO_WAIT), { retryServerErrors: false });
      expect(reply).toEqual({ kind: 'reply', status, text: '', resent: false });
      expect(server.seen).toHaveLength(1);
    },
  );

  it('sends once, and never again, with a policy of one try', async () => {
    const server = await scripted([{ status: 429 }, { status: 200 }]);
    const reply = await post(client(server.origin, { ...NO_WAIT, tries: 1 }));
    expect(reply).toMatchObject({ kind: 'turned_away', status: 429 });
    expect(server.seen).toHaveLength(1);
  });

  it('waits what Retry-After asks, capped at the policy’s longest wait, instead of the jittered backoff', async () => {
    // The jitter would wait floor(0.5 × 4) = 2 ms; Retry-After: 1 asks 1000 ms, capped at 5 ms.
    const policy: RetryPolicy = { tries: 4, baseDelayMs: 4, maxDelayMs: 5, random: () => 0.5 };
    const server = await scripted([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } },
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200 },
    ]);
    const logger = createMemoryLogger();
    const started = performance.now();
    const reply = await post(client(server.origin, policy, logger));

    expect(reply).toMatchObject({ kind: 'reply', status: 200 });
    const waits = logger.lines.filter((line) => line.msg === 'worldline.retrying').map((line) => line.inMs);
    // An HTTP-date is not read (the backoff applies); "0" is taken at its word.
    expect(waits).toEqual([5, 2, 0]);
    // The client really waited (7 ms of timers, less a timer clock’s rounding), but not the 1 s asked.
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('does not re-send a payment after a 500: the cloud may have passed it on before failing', async () => {
    for (const status of [500, 502, 504]) {
      const server = await scripted([{ status, body: 'boom' }, { status: 200 }]);
      const reply = await post(client(server.origin), { retryServerErrors: false });
      expect(reply).toMatchObject({ kind: 'reply', status, text: 'boom' });
      expect(server.seen).toHaveLength(1);
    }
  });

  it('asks a status question again after a 408, 500, 502, 503 or 504, which moves no money', async () => {
    const server = await scripted([{ status: 500 }, { status: 503 }, { status: 200, body: 'status' }]);
    const reply = await post(client(server.origin), { retryServerErrors: true });
    expect(reply).toMatchObject({ kind: 'reply', status: 200, text: 'status' });
    expect(server.seen.map((request) => request.body)).toEqual([SENT, SENT, SENT]);
  });

  it('hands the last 5xx back as a reply, not as turned away, when the status retries run out', async () => {
    // A 5xx may have been processed: "turned away" would wrongly say nothing was.
    const server = await scripted([{ status: 504 }, { status: 504 }, { status: 500, body: 'last' }]);
    const reply = await post(client(server.origin), { retryServerErrors: true });
    expect(reply).toMatchObject({ kind: 'reply', status: 500, text: 'last' });
    expect(server.seen).toHaveLength(3);
  });
});

describe('redirects', () => {
  it.each([301, 302, 307, 308])(
    'follows a %i on the same host with the same POST body and Bearer key',
    async (status) => {
      const target = await scripted([{ status: 200, body: 'moved here' }]);
      // Another port on 127.0.0.1 is the same host name, so the same family.
      const first = await scripted([{ status, headers: { location: `${target.origin}/elsewhere` } }]);
      const reply = await post(client(first.origin));

      expect(reply).toMatchObject({ kind: 'reply', status: 200, text: 'moved here' });
      expect(first.seen).toHaveLength(1);
      expect(target.seen).toHaveLength(1);
      expect(target.seen[0]).toMatchObject({
        method: 'POST',
        url: '/elsewhere',
        body: SENT,
        headers: { authorization: `Bearer ${API_KEY}` },
      });
    },
  );

  it('follows a relative Location against the URL that gave it', async () => {
    const server = await scripted([
      { status: 307, headers: { location: '/v2/sync' } },
      { status: 200, body: 'ok' },
    ]);
    const reply = await post(client(server.origin));
    expect(reply).toMatchObject({ kind: 'reply', status: 200, text: 'ok' });
    expect(server.seen.map((request) => request.url)).toEqual([PATH, '/v2/sync']);
    expect(server.seen[1]?.body).toBe(SENT);
  });

  it('refuses a redirect to another host name, which never sees the key', async () => {
    const other = await scripted([{ status: 200, body: 'stolen' }]);
    // `localhost` reaches the same machine, but it is another host name: an IP's family is the IP alone.
    const first = await scripted([{ status: 307, headers: { location: `http://localhost:${other.port}/grab` } }]);
    const logger = createMemoryLogger();
    const reply = await post(client(first.origin, NO_WAIT, logger));

    expect(reply).toEqual({ kind: 'redirect_refused', location: `http://localhost:${other.port}` });
    expect(other.seen).toHaveLength(0);
    expect(logger.lines.some((line) => line.msg === 'worldline.redirect_refused')).toBe(true);
    expect(JSON.stringify(logger.lines)).not.toContain(API_KEY);
  });

  it('refuses a redirect to another scheme on the same host', async () => {
    const server = await scripted([{ status: 308, headers: { location: 'https://127.0.0.1/' } }]);
    const reply = await post(client(server.origin));
    expect(reply).toEqual({ kind: 'redirect_refused', location: 'https://127.0.0.1' });
    expect(server.seen).toHaveLength(1);
  });

  it('refuses a Location that is not a URL, quoting a bounded part of it', async () => {
    const location = `http://[not-a-host${'x'.repeat(300)}`;
    const server = await scripted([{ status: 302, headers: { location } }]);
    const reply = await post(client(server.origin));
    expect(reply).toEqual({ kind: 'redirect_refused', location: location.slice(0, 200) });
  });

  it('judges every hop against the configured host, so a chain cannot walk the key out', async () => {
    const evil = await scripted([{ status: 200 }]);
    const middle = await scripted([{ status: 307, headers: { location: `http://localhost:${evil.port}/` } }]);
    const first = await scripted([{ status: 307, headers: { location: `${middle.origin}/hop` } }]);
    const reply = await post(client(first.origin));
    expect(reply).toEqual({ kind: 'redirect_refused', location: `http://localhost:${evil.port}` });
    expect(middle.seen).toHaveLength(1);
    expect(evil.seen).toHaveLength(0);
  });

  it('stops following after three hops and hands the fourth redirect back as a reply', async () => {
    const server = await scripted((_request, origin) => ({ status: 307, headers: { location: `${origin}/again` } }));
    const reply = await post(client(server.origin));
    expect(reply).toMatchObject({ kind: 'reply', status: 307 });
    expect(server.seen).toHaveLength(4);
  });

  it('ignores a redirect status without a Location and hands it back', async () => {
    const server = await scripted([{ status: 302, body: 'nowhere' }]);
    expect(await post(client(server.origin))).toEqual({ kind: 'reply', status: 302, text: 'nowhere', resent: false });
  });
});

describe('no answer', () => {
  it('reports a refused connection as failed, naming the cause, and does not retry it', async () => {
    const port = await closedPort();
    const logger = createMemoryLogger();
    const reply = await post(client(`http://127.0.0.1:${port}`, NO_WAIT, logger));
    expect(reply.kind).toBe('failed');
    expect(reply.kind === 'failed' ? reply.reason : '').toContain('ECONNREFUSED');
    expect(logger.lines.filter((line) => line.msg === 'worldline.request_failed')).toHaveLength(1);
    expect(logger.lines.some((line) => line.msg === 'worldline.retrying')).toBe(false);
  });

  it('reports a dropped connection as failed without re-sending: the payment may have started', async () => {
    const server = await scripted(['drop', { status: 200 }]);
    const reply = await post(client(server.origin));
    expect(reply.kind).toBe('failed');
    expect(server.seen).toHaveLength(1);
  });

  it('gives up on a cloud that does not answer within the timeout', async () => {
    const server = await scripted(['hang']);
    const reply = await post(client(server.origin), { timeoutMs: 30 });
    expect(reply).toEqual({ kind: 'failed', reason: 'timed out' });
  });

  it('stops waiting for an answer when the caller aborts', async () => {
    const server = await scripted(['hang']);
    const controller = new AbortController();
    const reply = post(client(server.origin), { signal: controller.signal });
    await expect.poll(() => server.seen.length).toBe(1);
    controller.abort();
    expect(await reply).toEqual({ kind: 'failed', reason: 'stopped waiting' });
  });

  it('stops waiting during a backoff when the caller aborts, without sending again', async () => {
    // A backoff of almost ten seconds: only the abort can end this test in time.
    const policy: RetryPolicy = { tries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.999 };
    const server = await scripted([{ status: 429 }, { status: 200 }]);
    const controller = new AbortController();
    const memory = createMemoryLogger();
    const logger: Logger = {
      ...memory,
      info(message, fields) {
        memory.info(message, fields);
        // The wait has begun (the retry is logged just before it): abort a moment into it.
        if (message === 'worldline.retrying') setTimeout(() => controller.abort(), 5);
      },
    };
    const started = performance.now();
    const reply = await post(client(server.origin, policy, logger), { signal: controller.signal });

    expect(reply).toEqual({ kind: 'failed', reason: 'stopped waiting' });
    expect(server.seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('does not send at all for a caller that already stopped waiting', async () => {
    const server = await scripted([{ status: 200 }]);
    const reply = await post(client(server.origin), { signal: AbortSignal.abort() });
    expect(reply).toEqual({ kind: 'failed', reason: 'stopped waiting' });
    expect(server.seen).toHaveLength(0);
  });
});

describe('backoffMs', () => {
  const policy: RetryPolicy = { tries: 5, baseDelayMs: 500, maxDelayMs: 8_000 };

  it.each([
    // [retry, random, expected]: the bound doubles per retry up to the cap; the wait is a fraction of it.
    [0, 0, 0],
    [0, 0.999, 499],
    [1, 0.999, 999],
    [3, 0.999, 3_996],
    [4, 0.999, 7_992],
    [10, 0.999, 7_992],
    [10, 0, 0],
    [2, 0.5, 1_000],
  ])('waits within the exponential bound: retry %i with random %f → %i ms', (retry, random, expected) => {
    expect(backoffMs({ ...policy, random: () => random }, retry)).toBe(expected);
  });

  it('takes Retry-After in seconds, capped at the longest wait, with no jitter', () => {
    const fixed = { ...policy, random: () => 0 };
    expect(backoffMs(fixed, 0, 3)).toBe(3_000);
    expect(backoffMs(fixed, 0, 0)).toBe(0);
    expect(backoffMs(fixed, 3, 30)).toBe(8_000);
  });

  it('stays below the bound with Math.random', () => {
    for (let i = 0; i < 200; i += 1) {
      const wait = backoffMs(policy, 2);
      expect(Number.isInteger(wait)).toBe(true);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(2_000);
    }
  });
});

describe('sameHostFamily', () => {
  const WORLDLINE = 'https://api.terminal.iacc.global.worldline-solutions.com/api/v1';

  it.each([
    [WORLDLINE, 'https://api.terminal.iacc.global.worldline-solutions.com/api/v2', true],
    [WORLDLINE, 'https://other.worldline-solutions.com/x', true],
    [WORLDLINE, 'https://worldline-solutions.com/', true],
    [WORLDLINE, 'https://api.terminal.iacc.global.worldline-solutions.com:8443/', true],
    [WORLDLINE, 'https://evil.example/', false],
    [WORLDLINE, 'https://worldline-solutions.com.evil.example/', false],
    [WORLDLINE, 'https://evilworldline-solutions.com/', false],
    // A downgrade would send the key in the clear.
    [WORLDLINE, 'http://api.terminal.iacc.global.worldline-solutions.com/api/v1', false],
    [WORLDLINE, 'https://93.184.216.34/', false],
    [WORLDLINE, 'https://[2001:db8::1]/', false],
    // IP addresses have no family: only the same address is the same host.
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:9090/', true],
    ['http://127.0.0.1:8080/', 'http://127.0.0.2:8080/', false],
    ['http://127.0.0.1:8080/', 'http://localhost:8080/', false],
    ['http://10.0.0.1/', 'http://10.0.0.2/', false],
    ['http://[::1]:8080/', 'http://[::1]:9090/', true],
    ['http://[::1]:8080/', 'http://[::2]:8080/', false],
    ['http://localhost:8080/', 'http://127.0.0.1:8080/', false],
  ])('%s → %s: %s', (from, to, same) => {
    expect(sameHostFamily(new URL(from), new URL(to))).toBe(same);
  });

  it('treats host names case-insensitively, as URLs do', () => {
    expect(sameHostFamily(new URL(WORLDLINE), new URL('https://API.Worldline-Solutions.COM/'))).toBe(true);
  });

  // Not "the last two labels": under co.uk that would be the suffix plus one stranger.
  it('does not count two strangers under a public suffix such as co.uk as one family', () => {
    expect(sameHostFamily(new URL('https://pay.shop-proxy.co.uk/'), new URL('https://evil.co.uk/'))).toBe(false);
  });
});
