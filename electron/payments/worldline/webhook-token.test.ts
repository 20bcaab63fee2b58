import { createSecretKey, randomBytes } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { worldlineIntake } from './webhook-intake.ts';
import { WORLDLINE_WEBHOOK_PATH, webhookToken, webhookTokenMatches, webhookUrl } from './webhook-token.ts';

/**
 * Worldline signs nothing it posts, so the token in each request's WebhookUrl
 * is the only thing standing between a forged "approved" and the book.
 */

const KEY = Buffer.from('a0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff', 'hex');
const TERMINAL = '50012345';
const EXCHANGE = '7c1e0b2a9d4f4e6b8a3c5d7e9f1a2b3c';
const OTHER_EXCHANGE = '7c1e0b2a9d4f4e6b8a3c5d7e9f1a2b3d';

describe('webhook tokens', () => {
  const token = webhookToken(KEY, TERMINAL, EXCHANGE);

  it('opens the exchange it was made for, with the key as a Buffer or a KeyObject', () => {
    expect(webhookTokenMatches(KEY, TERMINAL, EXCHANGE, token)).toBe(true);
    expect(webhookTokenMatches(createSecretKey(KEY), TERMINAL, EXCHANGE, token)).toBe(true);
    expect(webhookToken(createSecretKey(KEY), TERMINAL, EXCHANGE)).toBe(token);
  });

  it('is the same every time for the same exchange, so Worldline’s retries carry a valid one', () => {
    expect(webhookToken(KEY, TERMINAL, EXCHANGE)).toBe(token);
  });

  it('is URL-safe as it stands', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['another exchange', KEY, TERMINAL, OTHER_EXCHANGE],
    ['another terminal', KEY, '50012346', EXCHANGE],
    ['another till’s key', randomBytes(32), TERMINAL, EXCHANGE],
  ])('opens no other door: not %s', (_what, key, terminal, exchange) => {
    expect(webhookTokenMatches(key, terminal, exchange, token)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['one character short', token.slice(0, -1)],
    ['one character long', `${token}A`],
    ['much longer', token.repeat(20)],
    ['the same letters in another case', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()],
    ['with padding', `${token}=`],
    ['non-ASCII', 'ä'.repeat(43)],
  ])('refuses a token that is %s, without throwing', (_what, given) => {
    expect(() => webhookTokenMatches(KEY, TERMINAL, EXCHANGE, given)).not.toThrow();
    expect(webhookTokenMatches(KEY, TERMINAL, EXCHANGE, given)).toBe(false);
  });

  it('refuses every other string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (given) => {
        fc.pre(given !== token);
        expect(webhookTokenMatches(KEY, TERMINAL, EXCHANGE, given)).toBe(false);
      }),
    );
  });
});

describe('webhook URLs', () => {
  it.each([
    ['https://shop.example/kassa/', 'https://shop.example/kassa/worldline/result?exchange=abc&token=t'],
    ['https://shop.example/kassa', 'https://shop.example/kassa/worldline/result?exchange=abc&token=t'],
    ['https://shop.example/kassa//', 'https://shop.example/kassa/worldline/result?exchange=abc&token=t'],
    ['https://shop.example/', 'https://shop.example/worldline/result?exchange=abc&token=t'],
    ['https://shop.example', 'https://shop.example/worldline/result?exchange=abc&token=t'],
    ['https://shop.example:8443/a/b/', 'https://shop.example:8443/a/b/worldline/result?exchange=abc&token=t'],
    // Whatever query the base had is not the result's.
    ['https://shop.example/kassa/?x=1', 'https://shop.example/kassa/worldline/result?exchange=abc&token=t'],
  ])('puts results for %s under %s', (base, expected) => {
    expect(webhookUrl(base, 'abc', 't')).toBe(expected);
  });

  it('carries a real token so that it reads back unchanged', () => {
    const token = webhookToken(KEY, TERMINAL, EXCHANGE);
    const url = new URL(webhookUrl('https://shop.example/kassa/', EXCHANGE, token));
    expect(url.pathname.endsWith(WORLDLINE_WEBHOOK_PATH)).toBe(true);
    expect(url.searchParams.get('exchange')).toBe(EXCHANGE);
    expect(url.searchParams.get('token')).toBe(token);
  });

  it('refuses a base that is not a URL', () => {
    expect(() => webhookUrl('shop.example/kassa', 'abc', 't')).toThrow();
  });
});

describe('the Worldline webhook intake', () => {
  const intake = worldlineIntake({ terminalId: TERMINAL, initiatingPartyId: 'KASSA-TILL-1', signingKey: KEY });
  /** The request itself plays no part: the URL the till made is the proof. */
  const request = new IncomingMessage(new Socket());
  const posted = (exchange: string, token: string, base = 'https://shop.example/kassa/') =>
    new URL(webhookUrl(base, exchange, token));
  const TOKEN = webhookToken(KEY, TERMINAL, EXCHANGE);

  it('takes posts to the results path, under any prefix a proxy adds', () => {
    expect(intake.handles(posted(EXCHANGE, TOKEN))).toBe(true);
    expect(intake.handles(posted(EXCHANGE, TOKEN, 'http://127.0.0.1:8787'))).toBe(true);
    expect(intake.handles(new URL('https://shop.example/adyen/notifications'))).toBe(false);
    expect(intake.handles(new URL('https://shop.example/worldline/results'))).toBe(false);
    expect(intake.handles(new URL('https://shop.example/notworldline/result'))).toBe(false);
  });

  it('lets in the post carrying its exchange’s token', () => {
    expect(intake.authorised(request, posted(EXCHANGE, TOKEN))).toBe(true);
  });

  it.each([
    ['another exchange’s token', () => posted(OTHER_EXCHANGE, TOKEN)],
    ['no token', () => new URL(`https://shop.example/worldline/result?exchange=${EXCHANGE}`)],
    ['no exchange', () => new URL(`https://shop.example/worldline/result?token=${TOKEN}`)],
    ['another terminal’s token', () => posted(EXCHANGE, webhookToken(KEY, '50012346', EXCHANGE))],
    ['another key’s token', () => posted(EXCHANGE, webhookToken(randomBytes(32), TERMINAL, EXCHANGE))],
    // The exchange is checked before any digest: only what the till could have made gets that far.
    ['an exchange longer than nexo allows', () => posted('a'.repeat(36), webhookToken(KEY, TERMINAL, 'a'.repeat(36)))],
    ['an exchange with other characters', () => posted('abc-1', webhookToken(KEY, TERMINAL, 'abc-1'))],
  ])('turns away a post with %s', (_what, url) => {
    expect(intake.authorised(request, url())).toBe(false);
  });

  it('describes an accepted post for the inbox with the exchange and token of its URL', () => {
    const body = {
      data: {
        SaleToPOIServiceResponse: {
          Header: { ExchangeIdentification: EXCHANGE },
          ServiceResponse: { ServiceContent: 'FinancialPaymentResponse', Response: { Result: 'Success' } },
        },
      },
    };
    expect(intake.describe(body, posted(EXCHANGE, TOKEN))).toEqual({
      stored: { worldlineWebhook: { exchangeId: EXCHANGE, token: TOKEN, body } },
      kind: 'FinancialPaymentResponse',
      terminalId: TERMINAL,
      saleSystemId: 'KASSA-TILL-1',
      serviceId: EXCHANGE,
    });
    // Genuine (its token checks out) but unreadable: kept, so the till asks instead of losing it.
    expect(intake.describe({ hello: 'world' }, posted(EXCHANGE, TOKEN))).toMatchObject({ kind: 'Unreadable' });
  });

  it('answers as Worldline’s integrators do: an empty JSON object', () => {
    expect(intake.accepted).toEqual({ contentType: 'application/json', text: '{}' });
  });
});
