import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { init, type Domain } from 'onlinepayments-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectClient, type DirectClient } from './direct-client.ts';

/**
 * Our client and the official SDK (onlinepayments-sdk-nodejs 6.2.0) make the
 * same call against one loopback server: the method and path must be the
 * same, and the body we send must pass the SDK's own request schema (the SDK
 * validates before sending and throws on a mismatch), so a field name or a
 * path we got wrong shows here. The server answers every call with what the
 * call expects, and checks both clients' signatures are valid by accepting
 * only requests that carry one (the signatures themselves are checked in
 * direct-client.test.ts).
 */

const MERCHANT = 'KassaShop1';
const KEY_ID = 'parity-key';
const SECRET = 'parity-secret';

interface Seen {
  method: string;
  url: string;
  body: string;
  idempotenceKey: string | undefined;
}

const ANSWERS: readonly [RegExp, number, unknown][] = [
  [/\/paymentlinks$/, 201, { paymentLinkId: 'pl_1', redirectionUrl: 'https://pay.example/pl_1', status: 'ACTIVE' }],
  [/\/paymentlinks\/[^/]+\/cancel$/, 204, undefined],
  [/\/paymentlinks\/[^/]+$/, 200, { paymentLinkId: 'pl_1', status: 'ACTIVE' }],
  [/\/refunds$/, 200, { refunds: [] }],
  [/\/refund$/, 201, { id: '1_2', status: 'REFUND_REQUESTED' }],
  [/\/cancel$/, 200, { payment: { id: '1_1', status: 'CANCELLED' } }],
  [/\/payments\/[^/]+$/, 200, { id: '1_0', status: 'CAPTURED' }],
  [/\/testconnection$/, 200, { result: 'OK' }],
];

let server: Server;
let seen: Seen[] = [];
let ours: DirectClient;
let sdk: ReturnType<typeof init>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const idempotence = req.headers['x-gcs-idempotence-key'];
      seen.push({
        method: req.method ?? '',
        url,
        body: Buffer.concat(chunks).toString('utf8'),
        idempotenceKey: typeof idempotence === 'string' ? idempotence : undefined,
      });
      if (!(req.headers.authorization ?? '').startsWith(`GCS v1HMAC:${KEY_ID}:`)) {
        res.writeHead(401).end();
        return;
      }
      const answer = ANSWERS.find(([pattern]) => pattern.test(url));
      if (answer === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorId":"x","errors":[]}');
        return;
      }
      const [, status, body] = answer;
      if (body === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ours = createDirectClient({
    baseUrl: `http://127.0.0.1:${port}`,
    merchantId: MERCHANT,
    apiKeyId: KEY_ID,
    secretApiKey: SECRET,
    timeoutMs: 2_000,
  });
  sdk = init({
    host: '127.0.0.1',
    scheme: 'http',
    port,
    apiKeyId: KEY_ID,
    secretApiKey: SECRET,
    integrator: 'Kassa parity test',
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Runs ours, then the SDK with the body ours sent; returns both requests. */
async function both(
  runOurs: () => Promise<{ kind: string }>,
  runSdk: (body: unknown) => Promise<unknown>,
): Promise<[Seen, Seen]> {
  seen = [];
  expect((await runOurs()).kind).toBe('ok');
  const [mine] = seen;
  if (mine === undefined) throw new Error('our client sent nothing');
  await runSdk(mine.body === '' ? undefined : JSON.parse(mine.body));
  const theirs = seen[1];
  if (theirs === undefined) throw new Error('the SDK sent nothing');
  expect({ method: mine.method, url: mine.url }).toEqual({ method: theirs.method, url: theirs.url });
  return [mine, theirs];
}

describe('the same call as the official SDK', () => {
  it('creates a payment link with a body the SDK’s schema accepts', async () => {
    const [mine, theirs] = await both(
      () =>
        ours.createPaymentLink(
          {
            amountMinor: 1250,
            currency: 'EUR',
            merchantReference: 'K-0042-7',
            expiresAt: new Date('2026-12-05T14:09:43Z'),
            description: 'Kassa sale 42',
            webhookUrl: 'https://hooks.example.com/kassa',
          },
          'idem-1',
        ),
      (body) =>
        sdk.paymentLinks.createPaymentLink(MERCHANT, body as Domain.CreatePaymentLinkRequest, {
          idempotence: { key: 'idem-1' },
        }),
    );
    expect(mine.idempotenceKey).toBe(theirs.idempotenceKey);
    expect(JSON.parse(mine.body)).toEqual(JSON.parse(theirs.body));
  });

  it('reads and cancels a payment link', async () => {
    await both(
      () => ours.getPaymentLink('pl_1'),
      () => sdk.paymentLinks.getPaymentLinkById(MERCHANT, 'pl_1'),
    );
    await both(
      () => ours.cancelPaymentLink('pl_1'),
      () => sdk.paymentLinks.cancelPaymentLinkById(MERCHANT, 'pl_1'),
    );
  });

  it('reads a payment and its refunds', async () => {
    await both(
      () => ours.getPayment('3254564313_0'),
      () => sdk.payments.getPayment(MERCHANT, '3254564313_0'),
    );
    await both(
      () => ours.getRefunds('3254564313_0'),
      () => sdk.refunds.getRefunds(MERCHANT, '3254564313_0'),
    );
  });

  it('refunds with a body the SDK’s schema accepts', async () => {
    const [mine, theirs] = await both(
      () =>
        ours.refundPayment(
          '3254564313_0',
          { amountMinor: 500, currency: 'EUR', reason: 'Returned item', operatorId: 'cashier-7' },
          'idem-2',
        ),
      (body) =>
        sdk.payments.refundPayment(MERCHANT, '3254564313_0', body as Domain.RefundRequest, {
          idempotence: { key: 'idem-2' },
        }),
    );
    expect(mine.idempotenceKey).toBe('idem-2');
    expect(JSON.parse(mine.body)).toEqual(JSON.parse(theirs.body));
  });

  it('cancels a payment and tests the connection', async () => {
    await both(
      () => ours.cancelPayment('3254564313_0'),
      (body) => sdk.payments.cancelPayment(MERCHANT, '3254564313_0', body as Domain.CancelPaymentRequest),
    );
    await both(
      () => ours.testConnection(),
      () => sdk.services.testConnection(MERCHANT),
    );
  });
});
