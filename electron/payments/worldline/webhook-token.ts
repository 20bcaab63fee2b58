import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Worldline signs nothing it posts to a webhook, so the till authenticates
 * each result by where it was posted: every asynchronous request's WebhookUrl
 * carries a token only this till can make, an HMAC of the terminal and the
 * exchange under the book's own key. A forger would need that key; a
 * token taken from one request's URL opens no other exchange.
 */

export function webhookToken(key: Buffer | KeyObject, terminalId: string, exchangeId: string): string {
  return createHmac('sha256', key).update(`worldline-webhook\n${terminalId}\n${exchangeId}`).digest('base64url');
}

/** Constant time whatever was sent: both sides are compared as equal-length digests. */
export function webhookTokenMatches(
  key: Buffer | KeyObject,
  terminalId: string,
  exchangeId: string,
  token: string,
): boolean {
  const expected = createHmac('sha256', 'compare')
    .update(webhookToken(key, terminalId, exchangeId))
    .digest();
  const given = createHmac('sha256', 'compare').update(token).digest();
  return timingSafeEqual(given, expected);
}

/** The path under the webhook base where results for this till's Worldline requests arrive. */
export const WORLDLINE_WEBHOOK_PATH = '/worldline/result';

/** A request's WebhookUrl: the public base, the results path, and the exchange and its token. */
export function webhookUrl(base: string, exchangeId: string, token: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${WORLDLINE_WEBHOOK_PATH}`;
  url.search = new URLSearchParams({ exchange: exchangeId, token }).toString();
  return url.toString();
}
