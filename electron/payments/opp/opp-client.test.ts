import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOppClient, type OppClientOptions, type OppResult } from './opp-client.ts';

/**
 * The client against a small HTTP server on loopback, written here (not the
 * simulator): it records what arrives, byte for byte, and answers as told.
 * Expected bodies are written out by hand.
 */

const ENTITY = '8a8294174b7ecb28014b9699220015ca';
const TOKEN = 'OGE4Mjk0MTc0YjdlY2IyODAxNGI5Njk5MjIwMDE1Y2N8c3k2S0pzVDg=';

interface Received {
  method: string;
  path: string;
  query: string;
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
      const url = req.url ?? '';
      const at = url.indexOf('?');
      const request = {
        method: req.method ?? '',
        path: at < 0 ? url : url.slice(0, at),
        query: at < 0 ? '' : url.slice(at + 1),
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
    response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
  };
}

function client(baseUrl: string, overrides: Partial<OppClientOptions> = {}) {
  return createOppClient({ baseUrl, entityId: ENTITY, token: TOKEN, timeoutMs: 2_000, ...overrides });
}

function only(received: readonly Received[]): Received {
  expect(received).toHaveLength(1);
  const [request] = received;
  if (request === undefined) throw new Error('no request');
  return request;
}

const result = (code: string, description = 'x') => ({ code, description });

const LINK = {
  id: 'pbl_81a2',
  link: 'https://eu-test.oppwa.com/paybylink/pbl_81a2',
  status: 'ACTIVE',
  validUntil: '2026-12-06T09:05:00Z',
  merchantTransactionId: 'K-3-91',
  amount: '12.34',
  currency: 'EUR',
  paymentType: 'DB',
  result: result('000.200.100', 'successfully created checkout'),
};

const PAYMENT = {
  id: '8ac7a4a1845f7e2a01845fa3a4bf3c2d',
  paymentType: 'DB',
  paymentBrand: 'VISA',
  amount: '12.34',
  currency: 'EUR',
  merchantTransactionId: 'K-3-91',
  result: result('000.100.110', "Request successfully processed in 'Merchant in Integrator Test Mode'"),
  card: { bin: '420000', last4Digits: '0000', holder: 'Jane Jones' },
  buildNumber: 'b4b2c8b6a1@2026-12-01',
  timestamp: '2026-12-06 07:05:03+0000',
};

function expectGet(request: Received, path: string, query: string): void {
  expect(request.method).toBe('GET');
  expect(request.path).toBe(path);
  expect(request.query).toBe(query);
  expect(request.body).toBe('');
  expect(request.headers['content-type']).toBeUndefined();
  expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
}

function expectPost(request: Received, path: string, body: string): void {
  expect(request.method).toBe('POST');
  expect(request.path).toBe(path);
  expect(request.query).toBe('');
  expect(request.body).toBe(body);
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
  expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
}

describe('pay by link', () => {
  it('creates a link: entityId and every parameter in the form body, none in the URL', async () => {
    const { baseUrl, received } = await serve(reply(200, LINK));
    const answer = await client(baseUrl).createLink({
      amountMinor: 1234,
      currency: 'EUR',
      paymentType: 'DB',
      merchantTransactionId: 'K-3-91',
      validHours: 2,
    });
    expectPost(
      only(received),
      '/v1/paybylink',
      `entityId=${ENTITY}&amount=12.34&currency=EUR&paymentType=DB&merchantTransactionId=K-3-91&validUntil=2&validUntilUnit=HOUR`,
    );
    // 000.200.100 "successfully created checkout" is in ACI's pending (short-lived) group.
    expect(answer).toEqual({
      kind: 'answer',
      status: 200,
      body: LINK,
      result: LINK.result,
      reading: { verdict: 'pending', pending: 'short' },
    });
  });

  it('creates a deposit link (PA), escaping the reference', async () => {
    const { baseUrl, received } = await serve(reply(200, { ...LINK, paymentType: 'PA' }));
    await client(baseUrl).createLink({
      amountMinor: 5,
      currency: 'GBP',
      paymentType: 'PA',
      merchantTransactionId: 'Till 3 & Co+Zoë',
      validHours: 24,
    });
    expect(only(received).body).toBe(
      `entityId=${ENTITY}&amount=0.05&currency=GBP&paymentType=PA&merchantTransactionId=Till+3+%26+Co%2BZo%C3%AB&validUntil=24&validUntilUnit=HOUR`,
    );
  });

  it('gets a link with entityId in the query string', async () => {
    const paid = { ...LINK, status: 'PAID', paymentId: PAYMENT.id, result: result('000.000.000') };
    const { baseUrl, received } = await serve(reply(200, paid));
    const answer = await client(baseUrl).getLink('pbl_81a2');
    expectGet(only(received), '/v1/paybylink/pbl_81a2', `entityId=${ENTITY}`);
    expect(answer).toMatchObject({ kind: 'answer', body: { status: 'PAID', paymentId: PAYMENT.id } });
  });

  it('finds links by merchantTransactionId', async () => {
    const { baseUrl, received } = await serve(reply(200, { result: result('000.000.100'), links: [LINK] }));
    const answer = await client(baseUrl).findLinks('K-3/91 a');
    expectGet(only(received), '/v1/paybylink', `entityId=${ENTITY}&merchantTransactionId=K-3%2F91+a`);
    expect(answer).toMatchObject({ kind: 'answer', reading: { verdict: 'success' }, body: { links: [LINK] } });
  });

  it('deactivates a link with DELETE; a link no longer active answers 400 700.400.700, a reject', async () => {
    const { baseUrl, received } = await serve(reply(400, { result: result('700.400.700', 'link is not active') }));
    const answer = await client(baseUrl).deactivateLink('pbl_81a2');
    const request = only(received);
    expect(request.method).toBe('DELETE');
    expect(request.path).toBe('/v1/paybylink/pbl_81a2');
    expect(request.query).toBe(`entityId=${ENTITY}`);
    expect(request.body).toBe('');
    expect(answer).toEqual({
      kind: 'answer',
      status: 400,
      body: undefined,
      result: result('700.400.700', 'link is not active'),
      reading: { verdict: 'reject', family: 'reference_validation' },
    });
  });

  it('uses the configured pay-by-link path under a base path prefix', async () => {
    const { baseUrl, received } = await serve(reply(200, LINK));
    await client(`${baseUrl}/gw/`, { payByLinkPath: '/v2/links/' }).getLink('a/b');
    expectGet(only(received), '/gw/v2/links/a%2Fb', `entityId=${ENTITY}`);
  });
});

describe('back office', () => {
  const CAPTURE = {
    id: '8ac7a49f8ed2a6be018ed3d5c3bd4eff',
    referencedId: PAYMENT.id,
    paymentType: 'CP',
    amount: '5.00',
    currency: 'EUR',
    merchantTransactionId: 'svc-41',
    result: result('000.100.112', "Request successfully processed in 'Merchant in Connector Test Mode'"),
  };

  it('captures part of a deposit', async () => {
    const { baseUrl, received } = await serve(reply(200, CAPTURE));
    const answer = await client(baseUrl).backOffice(PAYMENT.id, {
      paymentType: 'CP',
      amountMinor: 500,
      currency: 'EUR',
      merchantTransactionId: 'svc-41',
    });
    expectPost(
      only(received),
      `/v1/payments/${PAYMENT.id}`,
      `entityId=${ENTITY}&amount=5.00&currency=EUR&paymentType=CP&merchantTransactionId=svc-41`,
    );
    expect(answer).toMatchObject({
      kind: 'answer',
      reading: { verdict: 'success' },
      body: { id: CAPTURE.id, referencedId: PAYMENT.id },
    });
  });

  it('refunds', async () => {
    const { baseUrl, received } = await serve(reply(200, { ...CAPTURE, paymentType: 'RF', amount: '4000.00' }));
    await client(baseUrl).backOffice(PAYMENT.id, {
      paymentType: 'RF',
      amountMinor: 400_000,
      currency: 'EUR',
      merchantTransactionId: 'svc-42',
    });
    expect(only(received).body).toBe(
      `entityId=${ENTITY}&amount=4000.00&currency=EUR&paymentType=RF&merchantTransactionId=svc-42`,
    );
  });

  it('reverses without an amount, and reads an answer that has none', async () => {
    const reversal = { id: 'rv1', referencedId: PAYMENT.id, paymentType: 'RV', result: result('000.100.110') };
    const { baseUrl, received } = await serve(reply(200, reversal));
    const answer = await client(baseUrl).backOffice(PAYMENT.id, { paymentType: 'RV', merchantTransactionId: 'svc-43' });
    expectPost(
      only(received),
      `/v1/payments/${PAYMENT.id}`,
      `entityId=${ENTITY}&paymentType=RV&merchantTransactionId=svc-43`,
    );
    expect(answer).toMatchObject({ kind: 'answer', reading: { verdict: 'success' }, body: { id: 'rv1' } });
  });

  it('reads a refused capture (700.400.100) as a reject', async () => {
    const { baseUrl } = await serve(reply(400, { result: result('700.400.100', 'cannot capture') }));
    const answer = await client(baseUrl).backOffice(PAYMENT.id, {
      paymentType: 'CP',
      amountMinor: 500,
      currency: 'EUR',
      merchantTransactionId: 'svc-44',
    });
    expect(answer).toMatchObject({
      kind: 'answer',
      status: 400,
      body: undefined,
      reading: { verdict: 'reject', family: 'reference_validation' },
    });
  });
});

describe('payments and queries', () => {
  it('gets a payment', async () => {
    const { baseUrl, received } = await serve(reply(200, PAYMENT));
    const answer = await client(baseUrl).getPayment(PAYMENT.id);
    expectGet(only(received), `/v1/payments/${PAYMENT.id}`, `entityId=${ENTITY}`);
    expect(answer).toEqual({
      kind: 'answer',
      status: 200,
      body: PAYMENT,
      result: PAYMENT.result,
      reading: { verdict: 'success' },
    });
  });

  it('queries by id with the transactions that reference it, reading one at the top level as a list of one', async () => {
    const { baseUrl, received } = await serve(reply(200, PAYMENT));
    const answer = await client(baseUrl).queryById(PAYMENT.id);
    expectGet(only(received), `/v1/query/${PAYMENT.id}`, `entityId=${ENTITY}&includeLinkedTransactions=true`);
    expect(answer).toMatchObject({ kind: 'answer', body: { payments: [{ id: PAYMENT.id }] } });
  });

  it('queries by merchantTransactionId; no match is not_found with no payments', async () => {
    const { baseUrl, received } = await serve(
      reply(200, { result: result('700.400.580', 'cannot find transaction'), payments: [] }),
    );
    const answer = await client(baseUrl).queryByMerchantTransactionId('svc-41');
    expectGet(only(received), '/v1/query', `entityId=${ENTITY}&merchantTransactionId=svc-41`);
    expect(answer).toEqual({
      kind: 'answer',
      status: 200,
      body: { result: result('700.400.580', 'cannot find transaction'), payments: [] },
      result: result('700.400.580', 'cannot find transaction'),
      reading: { verdict: 'not_found' },
    });
  });

  it('pays as a webshop would (DB with card data)', async () => {
    const { baseUrl, received } = await serve(reply(200, PAYMENT));
    const answer = await client(baseUrl).createPayment({
      amountMinor: 1234,
      currency: 'EUR',
      paymentType: 'DB',
      paymentBrand: 'VISA',
      card: { number: '4200000000000000', holder: 'Jane Jones', expiryMonth: '05', expiryYear: '2034', cvv: '123' },
      merchantTransactionId: 'web-1',
    });
    expectPost(
      only(received),
      '/v1/payments',
      `entityId=${ENTITY}&amount=12.34&currency=EUR&paymentBrand=VISA&paymentType=DB&card.number=4200000000000000&card.holder=Jane+Jones&card.expiryMonth=05&card.expiryYear=2034&card.cvv=123&merchantTransactionId=web-1`,
    );
    expect(answer).toMatchObject({ kind: 'answer', reading: { verdict: 'success' } });
  });
});

describe('the result code decides, not the HTTP status', () => {
  it('reads 400 with a decline as a reject, with the transaction', async () => {
    const declined = { ...PAYMENT, result: result('800.100.100', 'transaction declined for unknown reason') };
    const { baseUrl } = await serve(reply(400, declined));
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toEqual({
      kind: 'answer',
      status: 400,
      body: declined,
      result: declined.result,
      reading: { verdict: 'reject', family: 'bank_decline' },
    });
  });

  it('reads 200 with a decline as a reject', async () => {
    const declined = { ...PAYMENT, result: result('800.100.153', 'invalid CVV') };
    const { baseUrl } = await serve(reply(200, declined));
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toMatchObject({
      kind: 'answer',
      status: 200,
      reading: { verdict: 'reject', family: 'bank_decline' },
    });
  });

  it('reads 400 with a success code as a success', async () => {
    const { baseUrl } = await serve(reply(400, PAYMENT));
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toMatchObject({
      kind: 'answer',
      status: 400,
      reading: { verdict: 'success' },
    });
  });

  it('reads 429 with 800.120.100 as throttled, an answer', async () => {
    const { baseUrl } = await serve(
      reply(429, { result: result('800.120.100', 'Too many requests. Please try again later.') }),
    );
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toEqual({
      kind: 'answer',
      status: 429,
      body: undefined,
      result: result('800.120.100', 'Too many requests. Please try again later.'),
      reading: { verdict: 'throttled' },
    });
  });

  it('reads 200 with 800.110.100 as duplicate', async () => {
    const { baseUrl } = await serve(reply(200, { result: result('800.110.100', 'duplicate transaction') }));
    expect(await client(baseUrl).queryByMerchantTransactionId('svc-41')).toMatchObject({
      kind: 'answer',
      reading: { verdict: 'duplicate' },
    });
  });

  it('reads a 504 that carries 900.100.300 as an uncertain answer', async () => {
    const { baseUrl } = await serve(reply(504, { result: result('900.100.300', 'Timeout, uncertain result') }));
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toMatchObject({
      kind: 'answer',
      status: 504,
      reading: { verdict: 'uncertain' },
    });
  });
});

describe('refused and unknown', () => {
  it.each([
    [401, '800.900.300'],
    [403, '800.900.301'],
  ])('calls %i refused, naming the code but never the token', async (status, code) => {
    const { baseUrl } = await serve(reply(status, { result: result(code, 'invalid authentication information') }));
    const answer = await client(baseUrl).getPayment(PAYMENT.id);
    expect(answer).toEqual({ kind: 'refused', status, reason: expect.stringContaining(code) as string });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
  });

  it('calls a 401 without a body refused too', async () => {
    const { baseUrl } = await serve(reply(401));
    expect(await client(baseUrl).getLink('pbl_81a2')).toMatchObject({ kind: 'refused', status: 401 });
  });

  it.each<[string, Handler, string]>([
    ['a 500 without a result code', reply(500, { error: 'oops' }), 'HTTP 500 without a result code'],
    [
      'a 502 from a proxy',
      (_q, res) => res.writeHead(502).end('<html>bad gateway</html>'),
      'HTTP 502 with a body that is not JSON',
    ],
    ['a 503 without a body', reply(503), 'HTTP 503 with an empty body'],
    ['a 429 without a code', (_q, res) => res.writeHead(429).end('slow down'), 'HTTP 429 with a body that is not JSON'],
    ['a 429 with JSON but no code', reply(429, { message: 'rate limited' }), 'HTTP 429 without a result code'],
    ['an empty 200', reply(200), 'HTTP 200 with an empty body'],
    ['a code that is not ddd.ddd.ddd', reply(200, { result: result('OK') }), 'not ddd.ddd.ddd'],
    [
      'a success it cannot read',
      reply(200, { result: result('000.000.000'), id: 'p1' }),
      'HTTP 200: a success answer (000.000.000) the till cannot read: paymentType: invalid_type',
    ],
    [
      'a redirect',
      (_q, res) => res.writeHead(307, { location: 'https://elsewhere.example/' }).end(),
      'HTTP 307: redirect not followed',
    ],
    ['a dropped connection', (_q, _res, raw) => raw.socket.destroy(), 'no answer ('],
  ])('calls %s unknown', async (_what, handler, reason) => {
    const { baseUrl, received } = await serve(handler);
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toEqual({
      kind: 'unknown',
      reason: expect.stringContaining(reason) as string,
    });
    expect(received).toHaveLength(1);
  });

  it('calls a pending link it cannot read unknown: there is no link to show', async () => {
    const { baseUrl } = await serve(reply(200, { result: result('000.200.100') }));
    const answer = await client(baseUrl).createLink({
      amountMinor: 1234,
      currency: 'EUR',
      paymentType: 'DB',
      merchantTransactionId: 'K-3-91',
      validHours: 1,
    });
    expect(answer).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('a pending answer (000.200.100)') as string,
    });
  });

  it('calls a reply cut off mid-body unknown', async () => {
    const { baseUrl } = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id":"p1","resu', () => res.socket?.destroy());
    });
    expect((await client(baseUrl).getPayment('p1')).kind).toBe('unknown');
  });

  it('gives up at its own deadline on a server that never answers', async () => {
    const { baseUrl } = await serve(() => undefined);
    const started = performance.now();
    expect(await client(baseUrl, { timeoutMs: 50 }).getPayment(PAYMENT.id)).toEqual({
      kind: 'unknown',
      reason: 'timed out',
    });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('gives up when the caller stops waiting, and says so', async () => {
    const { baseUrl, received } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client(baseUrl).getLink('pbl_81a2', controller.signal);
    await expect.poll(() => received.length).toBe(1);
    controller.abort();
    expect(await pending).toEqual({ kind: 'unknown', reason: 'stopped waiting' });
  });

  it('calls nobody listening unknown', async () => {
    const { baseUrl } = await serve(reply(200));
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    expect(await client(baseUrl).getPayment(PAYMENT.id)).toEqual({
      kind: 'unknown',
      reason: 'no answer (ECONNREFUSED)',
    });
  });

  it('never quotes the token in any result', async () => {
    const handlers: Handler[] = [
      reply(401, { result: result('800.900.300') }),
      reply(403),
      reply(500),
      reply(200, { nonsense: true }),
      reply(200, { result: result('000.000.000') }),
      (_q, _res, raw) => raw.socket.destroy(),
    ];
    for (const handler of handlers) {
      const { baseUrl } = await serve(handler);
      const opp = client(baseUrl);
      const results: OppResult<unknown>[] = [
        await opp.getPayment('p1'),
        await opp.createLink({
          amountMinor: 1,
          currency: 'EUR',
          paymentType: 'DB',
          merchantTransactionId: 'm',
          validHours: 1,
        }),
        await opp.backOffice('p1', { paymentType: 'RV', merchantTransactionId: 'm' }),
      ];
      const text = JSON.stringify(results);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 12));
    }
  });
});

describe('mistakes refused before sending', () => {
  it('rejects, sending nothing', async () => {
    const { baseUrl, received } = await serve(reply(200, PAYMENT));
    const opp = client(baseUrl);
    const link = {
      amountMinor: 1234,
      currency: 'EUR',
      paymentType: 'DB',
      merchantTransactionId: 'm',
      validHours: 1,
    } as const;
    await expect(opp.createLink({ ...link, currency: 'JPY' })).rejects.toThrow(/JPY/);
    await expect(opp.createLink({ ...link, amountMinor: 0 })).rejects.toThrow(RangeError);
    await expect(opp.createLink({ ...link, amountMinor: 12.5 })).rejects.toThrow(RangeError);
    await expect(opp.createLink({ ...link, validHours: 0 })).rejects.toThrow(/validHours/);
    await expect(opp.createLink({ ...link, validHours: 1.5 })).rejects.toThrow(/validHours/);
    await expect(opp.createLink({ ...link, merchantTransactionId: '' })).rejects.toThrow(/merchantTransactionId/);
    await expect(opp.createLink({ ...link, merchantTransactionId: 'x'.repeat(256) })).rejects.toThrow(
      /merchantTransactionId/,
    );
    await expect(
      opp.backOffice('p1', { paymentType: 'RV', amountMinor: 1, merchantTransactionId: 'm' }),
    ).rejects.toThrow(/RV/);
    await expect(
      opp.backOffice('p1', { paymentType: 'RV', currency: 'EUR', merchantTransactionId: 'm' }),
    ).rejects.toThrow(/RV/);
    await expect(opp.backOffice('p1', { paymentType: 'RF', merchantTransactionId: 'm' })).rejects.toThrow(/RF needs/);
    await expect(
      opp.backOffice('p1', { paymentType: 'CP', amountMinor: 1, merchantTransactionId: 'm' }),
    ).rejects.toThrow(/CP needs/);
    await expect(opp.getPayment('')).rejects.toThrow(/Payment id/);
    await expect(opp.getPayment('..')).rejects.toThrow(/Payment id/);
    await expect(opp.deactivateLink('.')).rejects.toThrow(/Link id/);
    expect(received).toHaveLength(0);
  });
});

describe('construction', () => {
  it.each([
    'http://eu-test.oppwa.com',
    'http://192.168.1.20:8080',
    'ftp://127.0.0.1',
    'not a url',
    'https://user:pass@eu-test.oppwa.com',
    'https://eu-test.oppwa.com/?entityId=1',
  ])('refuses the base URL %s', (baseUrl) => {
    expect(() => client(baseUrl)).toThrow(/OPP base URL/);
  });

  it.each(['https://eu-test.oppwa.com', 'http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010'])(
    'accepts %s',
    (baseUrl) => {
      expect(() => client(baseUrl)).not.toThrow();
    },
  );

  it('refuses a token fetch could not send, without quoting it', () => {
    let message = '';
    try {
      client('https://eu-test.oppwa.com', { token: 'hunter2 secret\n' });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toMatch(/access token/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses an empty entityId, a bad pay-by-link path and a deadline that is not positive', () => {
    expect(() => client('https://eu-test.oppwa.com', { entityId: '' })).toThrow(/entityId/);
    expect(() => client('https://eu-test.oppwa.com', { payByLinkPath: 'v1/paybylink' })).toThrow(/path/);
    expect(() => client('https://eu-test.oppwa.com', { payByLinkPath: '/v1/../admin' })).toThrow(/path/);
    expect(() => client('https://eu-test.oppwa.com', { payByLinkPath: '/v1/x?y=1' })).toThrow(/path/);
    expect(() => client('https://eu-test.oppwa.com', { timeoutMs: 0 })).toThrow(RangeError);
  });

  it('defaults to /v1/paybylink and a 30 s deadline', async () => {
    const { baseUrl, received } = await serve(reply(200, LINK));
    await createOppClient({ baseUrl, entityId: ENTITY, token: TOKEN }).getLink('pbl_81a2');
    expect(only(received).path).toBe('/v1/paybylink/pbl_81a2');
  });
});
