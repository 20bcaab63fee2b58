import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDirectClient, type DirectClientOptions, type DirectResult } from './direct-client.ts';

/**
 * The client against a real HTTP server on loopback. Every request's
 * Authorization header is checked twice: with the official SDK's own
 * authenticator (onlinepayments-sdk-nodejs, loaded from node_modules), and
 * with the algorithm written out again here in a few lines, so neither our
 * signer nor a mistake shared with it can pass alone.
 */

const MERCHANT = 'KassaShop1';
const KEY_ID = '5e45c937b9db33ae';
const SECRET = 'I42Zf4pVnRdroHfuHnRiJjJ2B6+22h0yQt/R3nZR8Xg=';
const NOW = new Date('2026-12-05T13:39:43.512Z');
const DATE = 'Sat, 05 Dec 2026 13:39:43 GMT';

interface SdkAuthenticator {
  getAuthorization(
    method: string,
    contentType: string,
    date: string,
    headers: { key: string; value: string }[],
    path: string,
  ): Promise<string>;
}

let sdkAuthenticator: SdkAuthenticator;

beforeAll(async () => {
  // Not in the package's exports map, so loaded by its file: the SDK's signer, not ours.
  const href = new URL(
    '../../../node_modules/onlinepayments-sdk-nodejs/lib/esm/src/utils/authentication.js',
    import.meta.url,
  ).href;
  const sdk = (await import(href)) as {
    V1HmacAuthenticator: new (config: { apiKeyId: string; secretApiKey: string }) => SdkAuthenticator;
  };
  sdkAuthenticator = new sdk.V1HmacAuthenticator({ apiKeyId: KEY_ID, secretApiKey: SECRET });
});

/** The signature written out again, independently of gcs-signature.ts. */
function independentAuthorization(request: Received): string {
  const contentType = request.method === 'GET' ? '' : (request.headers['content-type'] ?? '');
  const gcs = Object.keys(request.headers)
    .filter((name) => name.startsWith('x-gcs-'))
    .sort()
    .map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const text = `${request.method}\n${contentType}\n${request.headers.date ?? ''}\n${gcs}${request.url}\n`;
  return `GCS v1HMAC:${KEY_ID}:${createHmac('sha256', SECRET).update(text).digest('base64')}`;
}

async function sdkAuthorization(request: Received): Promise<string> {
  const gcs = Object.entries(request.headers)
    .filter(([name]) => name.startsWith('x-gcs-'))
    .map(([key, value]) => ({ key, value: value ?? '' }));
  return sdkAuthenticator.getAuthorization(
    request.method,
    request.headers['content-type'] ?? '',
    request.headers.date ?? '',
    gcs,
    request.url,
  );
}

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  body: string;
}

type Handler = (request: Received, response: ServerResponse, raw: IncomingMessage) => void;

const servers: Server[] = [];

async function serve(handler: Handler): Promise<{ baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      handler(request, res, req);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, received };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function reply(status: number, body?: unknown): Handler {
  return (_request, response) => {
    if (body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
}

function client(baseUrl: string, overrides: Partial<DirectClientOptions> = {}) {
  return createDirectClient({
    baseUrl,
    merchantId: MERCHANT,
    apiKeyId: KEY_ID,
    secretApiKey: SECRET,
    timeoutMs: 2_000,
    now: () => NOW,
    platformIdentifier: 'test',
    ...overrides,
  });
}

const LINK = {
  paymentLinkId: 'pl_6f0c2a',
  redirectionUrl: 'https://payment.preprod.direct.worldline-solutions.com/pl/6f0c2a',
  status: 'ACTIVE',
  expirationDate: '2026-12-05T14:09:43+00:00',
  paymentLinkEvents: [{ type: 'CREATED', dateTime: '2026-12-05T13:39:43Z' }],
};

const linkRequest = {
  amountMinor: 1250,
  currency: 'EUR',
  merchantReference: 'K-0042-7',
  expiresAt: new Date('2026-12-05T14:09:43.000Z'),
  description: 'Kassa sale 42',
  webhookUrl: 'https://hooks.example.com/kassa/till-3/direct',
};

describe('signing', () => {
  it('signs a GET as the SDK and the reference algorithm both do, with an empty content-type line', async () => {
    const { baseUrl, received } = await serve(reply(200, { result: 'OK' }));
    const result = await client(baseUrl).testConnection();
    expect(result).toEqual({ kind: 'ok', status: 200, value: 'OK' });
    const [request] = received;
    if (request === undefined) throw new Error('no request');
    expect(request.url).toBe('/v2/KassaShop1/services/testconnection');
    expect(request.headers.date).toBe(DATE);
    expect(request.headers.authorization).toBe(await sdkAuthorization(request));
    expect(request.headers.authorization).toBe(independentAuthorization(request));
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('signs a POST with its content type, ServerMetaInfo and idempotence key', async () => {
    const { baseUrl, received } = await serve(reply(201, LINK));
    const result = await client(baseUrl).createPaymentLink(linkRequest, 'kassa-3-attempt-91');
    expect(result).toMatchObject({ kind: 'ok', status: 201, value: { paymentLinkId: 'pl_6f0c2a' } });
    const [request] = received;
    if (request === undefined) throw new Error('no request');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/KassaShop1/paymentlinks');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-gcs-idempotence-key']).toBe('kassa-3-attempt-91');
    expect(JSON.parse(Buffer.from(request.headers['x-gcs-servermetainfo'] ?? '', 'base64').toString())).toEqual({
      platformIdentifier: 'test',
      sdkIdentifier: 'Kassa',
    });
    expect(request.headers.authorization).toBe(await sdkAuthorization(request));
    expect(request.headers.authorization).toBe(independentAuthorization(request));
  });

  it('signs what it sends when an id needs escaping', async () => {
    const { baseUrl, received } = await serve(reply(200, { id: 'a/b?c_0', status: 'CAPTURED' }));
    await client(baseUrl).getPayment('a/b?c_0');
    const [request] = received;
    if (request === undefined) throw new Error('no request');
    expect(request.url).toBe('/v2/KassaShop1/payments/a%2Fb%3Fc_0');
    expect(request.headers.authorization).toBe(await sdkAuthorization(request));
  });

  it('keeps a base URL path prefix in what it sends and signs', async () => {
    const { baseUrl, received } = await serve(reply(200, { result: 'OK' }));
    await client(`${baseUrl}/proxy/`).testConnection();
    const [request] = received;
    if (request === undefined) throw new Error('no request');
    expect(request.url).toBe('/proxy/v2/KassaShop1/services/testconnection');
    expect(request.headers.authorization).toBe(independentAuthorization(request));
  });
});

describe('payment links', () => {
  it('sends the create body Direct documents, and no displayQRCode', async () => {
    const { baseUrl, received } = await serve(reply(201, LINK));
    await client(baseUrl).createPaymentLink(linkRequest, 'k1');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({
      order: {
        amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
        references: { merchantReference: 'K-0042-7' },
      },
      paymentLinkSpecificInput: { expirationDate: '2026-12-05T14:09:43+00:00', description: 'Kassa sale 42' },
      feedbacks: { webhookUrl: 'https://hooks.example.com/kassa/till-3/direct' },
    });
  });

  it('leaves out what was not given', async () => {
    const { baseUrl, received } = await serve(reply(201, LINK));
    const { amountMinor, currency, merchantReference, expiresAt } = linkRequest;
    await client(baseUrl).createPaymentLink({ amountMinor, currency, merchantReference, expiresAt }, 'k1');
    const body = JSON.parse(received[0]?.body ?? '') as { paymentLinkSpecificInput?: unknown };
    expect(body).not.toHaveProperty('feedbacks');
    expect(body.paymentLinkSpecificInput).toEqual({ expirationDate: '2026-12-05T14:09:43+00:00' });
  });

  it('refuses before sending what Worldline would refuse, as a rejected promise', async () => {
    const { baseUrl, received } = await serve(reply(201, LINK));
    const direct = client(baseUrl);
    await expect(direct.createPaymentLink({ ...linkRequest, merchantReference: 'x'.repeat(41) }, 'k')).rejects.toThrow(
      RangeError,
    );
    await expect(direct.createPaymentLink({ ...linkRequest, amountMinor: 12.5 }, 'k')).rejects.toThrow(RangeError);
    await expect(direct.createPaymentLink({ ...linkRequest, amountMinor: 0 }, 'k')).rejects.toThrow(RangeError);
    await expect(direct.createPaymentLink(linkRequest, 'has space')).rejects.toThrow(RangeError);
    await expect(direct.createPaymentLink(linkRequest, 'k'.repeat(41))).rejects.toThrow(RangeError);
    await expect(direct.createPaymentLink({ ...linkRequest, currency: 'eur' }, 'k')).rejects.toThrow(RangeError);
    await expect(direct.refundPayment('1_0', { amountMinor: -1, currency: 'EUR' }, 'k')).rejects.toThrow(RangeError);
    expect(received).toHaveLength(0);
  });

  it('reads a link, nulls as absent', async () => {
    const { baseUrl, received } = await serve(
      reply(200, { ...LINK, status: 'PAID', paymentId: '3254564313_0', qrCodeBase64: null }),
    );
    const result = await client(baseUrl).getPaymentLink('pl_6f0c2a');
    expect(received[0]?.url).toBe('/v2/KassaShop1/paymentlinks/pl_6f0c2a');
    expect(result).toMatchObject({ kind: 'ok', value: { status: 'PAID', paymentId: '3254564313_0' } });
  });

  it('takes a created link without its address as unknown: nothing to show the customer', async () => {
    const { baseUrl } = await serve(reply(201, { ...LINK, redirectionUrl: undefined }));
    expect(await client(baseUrl).createPaymentLink(linkRequest, 'k1')).toEqual({
      kind: 'unknown',
      reason: 'HTTP 201 with an unreadable reply: redirectionUrl: invalid_type',
    });
  });

  it.each([
    [204, undefined, 'cancelled'],
    [
      409,
      { errorId: 'e1', errors: [{ code: '409', message: 'Only links with status active can be cancelled' }] },
      'not_cancellable',
    ],
    [404, undefined, 'not_found'],
  ] as const)('reads a cancel answered %i (body: %o) as %s', async (status, body, value) => {
    const { baseUrl, received } = await serve(reply(status, body));
    expect(await client(baseUrl).cancelPaymentLink('pl_6f0c2a')).toEqual({ kind: 'ok', status, value });
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.url).toBe('/v2/KassaShop1/paymentlinks/pl_6f0c2a/cancel');
    expect(received[0]?.headers['x-gcs-idempotence-key']).toBeUndefined();
  });
});

describe('payments and refunds', () => {
  it('reads a payment', async () => {
    const payment = {
      id: '3254564313_0',
      status: 'CAPTURED',
      statusOutput: { statusCategory: 'COMPLETED', statusCode: 9, isRefundable: true },
      paymentOutput: {
        amountOfMoney: { amount: 1250, currencyCode: 'EUR' },
        references: { merchantReference: 'K-0042-7' },
      },
    };
    const { baseUrl, received } = await serve(reply(200, payment));
    const result = await client(baseUrl).getPayment('3254564313_0');
    expect(received[0]?.url).toBe('/v2/KassaShop1/payments/3254564313_0');
    expect(result).toMatchObject({
      kind: 'ok',
      value: { status: 'CAPTURED', statusOutput: { statusCategory: 'COMPLETED' } },
    });
  });

  it('lists refunds, none as an empty list', async () => {
    const { baseUrl, received } = await serve(reply(200, {}));
    expect(await client(baseUrl).getRefunds('3254564313_0')).toEqual({ kind: 'ok', status: 200, value: [] });
    expect(received[0]?.url).toBe('/v2/KassaShop1/payments/3254564313_0/refunds');
  });

  it('sends a refund with its amount, reason, operator and idempotence key', async () => {
    const refund = {
      id: '3254564313_2',
      status: 'REFUND_REQUESTED',
      statusOutput: { statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY' },
    };
    const { baseUrl, received } = await serve(reply(201, refund));
    const result = await client(baseUrl).refundPayment(
      '3254564313_0',
      { amountMinor: 500, currency: 'EUR', reason: 'Returned item', operatorId: 'cashier-7' },
      'kassa-3-refund-12',
    );
    expect(result).toMatchObject({
      kind: 'ok',
      status: 201,
      value: { id: '3254564313_2', status: 'REFUND_REQUESTED' },
    });
    const [request] = received;
    expect(request?.url).toBe('/v2/KassaShop1/payments/3254564313_0/refund');
    expect(request?.headers['x-gcs-idempotence-key']).toBe('kassa-3-refund-12');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      amountOfMoney: { amount: 500, currencyCode: 'EUR' },
      reason: 'Returned item',
      omnichannelRefundSpecificInput: { operatorId: 'cashier-7' },
    });
  });

  it('cancels a payment in full', async () => {
    const { baseUrl, received } = await serve(reply(200, { payment: { id: '3254564313_1', status: 'CANCELLED' } }));
    expect(await client(baseUrl).cancelPayment('3254564313_0')).toMatchObject({
      kind: 'ok',
      value: { id: '3254564313_1', status: 'CANCELLED' },
    });
    expect(received[0]?.url).toBe('/v2/KassaShop1/payments/3254564313_0/cancel');
    expect(received[0]?.body).toBe('{}');
  });
});

describe('answers that are not a success', () => {
  const errorBody = {
    errorId: '657b10da-d2f9-4b5b-9ed5-bbd9d6d8b1bd',
    errors: [
      {
        code: '9002',
        id: 'MISSING_OR_INVALID_AUTHORIZATION',
        httpStatusCode: 401,
        message: 'MISSING_OR_INVALID_AUTHORIZATION',
      },
    ],
  };

  it.each([401, 403])('calls %i refused, with Worldline’s errors', async (status) => {
    const { baseUrl } = await serve(reply(status, errorBody));
    expect(await client(baseUrl).getPayment('1_0')).toEqual({
      kind: 'refused',
      status,
      errorId: errorBody.errorId,
      errors: [
        {
          code: '9002',
          id: 'MISSING_OR_INVALID_AUTHORIZATION',
          httpStatusCode: 401,
          message: 'MISSING_OR_INVALID_AUTHORIZATION',
        },
      ],
    });
  });

  it('calls another 4xx with an error body rejected', async () => {
    const body = {
      errorId: 'e2',
      errors: [{ code: '20000000', propertyName: 'amountOfMoney.amount', message: 'PARAMETER_NOT_FOUND_IN_REQUEST' }],
    };
    const { baseUrl } = await serve(reply(400, body));
    const result = await client(baseUrl).refundPayment('1_0', { amountMinor: 1, currency: 'EUR' }, 'k');
    expect(result).toMatchObject({
      kind: 'rejected',
      status: 400,
      errorId: 'e2',
      errors: [{ propertyName: 'amountOfMoney.amount' }],
    });
  });

  it.each<[string, Handler, string]>([
    ['a 500', reply(500, { errorId: 'x', errors: [] }), 'HTTP 500'],
    ['a 502 from a proxy', (_q, res) => res.writeHead(502).end('<html>bad gateway</html>'), 'HTTP 502'],
    [
      'a 4xx that is not Worldline’s',
      (_q, res) => res.writeHead(404).end('<html>nope</html>'),
      "HTTP 404 without Worldline's error body",
    ],
    ['an empty 200', reply(200), 'HTTP 200 with an empty body'],
    ['a 200 that is not JSON', (_q, res) => res.writeHead(200).end('OK'), 'HTTP 200 with a body that is not JSON'],
    [
      'a payment without an id',
      reply(200, { status: 'CAPTURED' }),
      'HTTP 200 with an unreadable reply: id: invalid_type',
    ],
    [
      'a fractional amount',
      reply(200, { id: '1_0', paymentOutput: { amountOfMoney: { amount: 1.5 } } }),
      'HTTP 200 with an unreadable reply: paymentOutput.amountOfMoney.amount: invalid_type',
    ],
    [
      'a redirect',
      (_q, res) => res.writeHead(307, { location: 'https://elsewhere.example/' }).end(),
      'HTTP 307: redirect not followed',
    ],
    ['a dropped connection', (_q, _res, raw) => raw.socket.destroy(), 'no answer ('],
  ])('calls %s unknown', async (_what, handler, reason) => {
    const { baseUrl, received } = await serve(handler);
    expect(await client(baseUrl).getPayment('1_0')).toEqual({
      kind: 'unknown',
      reason: expect.stringContaining(reason) as string,
    });
    expect(received).toHaveLength(1);
  });

  it('calls a reply cut off mid-body unknown', async () => {
    const { baseUrl } = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id":"1_0","sta', () => res.socket?.destroy());
    });
    const result = await client(baseUrl).getPayment('1_0');
    expect(result.kind).toBe('unknown');
  });

  it('calls a 409 to an idempotent create unknown: the first request with that key is still in progress', async () => {
    const { baseUrl } = await serve(
      reply(409, { errorId: 'e', errors: [{ code: '1409', message: 'DUPLICATE_REQUEST_IN_PROGRESS' }] }),
    );
    expect(await client(baseUrl).createPaymentLink(linkRequest, 'k1')).toEqual({
      kind: 'unknown',
      reason: 'HTTP 409: the first request with this idempotence key is still in progress',
    });
    expect(await client(baseUrl).refundPayment('1_0', { amountMinor: 1, currency: 'EUR' }, 'k2')).toMatchObject({
      kind: 'unknown',
    });
  });

  it('says when a success is the replay of an earlier request with the same key', async () => {
    const { baseUrl } = await serve((_q, res) =>
      res
        .writeHead(201, { 'content-type': 'application/json', 'x-gcs-idempotence-request-timestamp': '1796477983512' })
        .end(JSON.stringify(LINK)),
    );
    expect(await client(baseUrl).createPaymentLink(linkRequest, 'k1')).toMatchObject({
      kind: 'ok',
      replayOf: 1796477983512,
      value: { paymentLinkId: 'pl_6f0c2a' },
    });
  });

  it('gives up at its own deadline on a server that never answers', async () => {
    const { baseUrl } = await serve(() => undefined);
    const started = performance.now();
    expect(await client(baseUrl, { timeoutMs: 50 }).getPayment('1_0')).toEqual({
      kind: 'unknown',
      reason: 'timed out',
    });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('gives up when the caller stops waiting, and says so', async () => {
    const { baseUrl, received } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client(baseUrl).createPaymentLink(linkRequest, 'k1', controller.signal);
    await expect.poll(() => received.length).toBe(1);
    controller.abort();
    expect(await pending).toEqual({ kind: 'unknown', reason: 'stopped waiting' });
  });

  it('calls nobody listening unknown', async () => {
    const { baseUrl } = await serve(reply(200));
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    expect(await client(baseUrl).testConnection()).toEqual({ kind: 'unknown', reason: 'no answer (ECONNREFUSED)' });
  });
});

describe('secrets', () => {
  it('quotes neither the secret nor a signature in any result', async () => {
    const handlers: Handler[] = [
      reply(401, { errorId: 'e', errors: [{ code: '9002' }] }),
      reply(500),
      reply(200, { nonsense: true }),
      (_q, _res, raw) => raw.socket.destroy(),
    ];
    for (const handler of handlers) {
      const { baseUrl, received } = await serve(handler);
      const results: DirectResult<unknown>[] = [
        await client(baseUrl).getPayment('1_0'),
        await client(baseUrl).createPaymentLink(linkRequest, 'k'),
      ];
      const text = JSON.stringify(results);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY_ID);
      for (const request of received) expect(text).not.toContain(request.headers.authorization?.split(':')[2] ?? '');
    }
  });
});

describe('construction', () => {
  it.each([
    'http://payment.direct.worldline-solutions.com',
    'http://192.168.1.20:8080',
    'ftp://127.0.0.1',
    'not a url',
    'https://user:pass@payment.direct.worldline-solutions.com',
    'https://payment.direct.worldline-solutions.com/?x=1',
  ])('refuses %s', (baseUrl) => {
    expect(() => client(baseUrl)).toThrow(/Worldline Direct base URL/);
  });

  it.each([
    'https://payment.preprod.direct.worldline-solutions.com',
    'http://127.0.0.1:4010',
    'http://localhost:4010',
    'http://[::1]:4010',
  ])('accepts %s', (baseUrl) => {
    expect(() => client(baseUrl)).not.toThrow();
  });

  it('never quotes the secret when it refuses', () => {
    let message = '';
    try {
      client('http://example.com', { secretApiKey: 'hunter2-secret' });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/must be https/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses a deadline that is not a positive number', () => {
    expect(() => client('http://127.0.0.1:1', { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => client('http://127.0.0.1:1', { timeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
