import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameSecret } from '../http-basics.ts';

/**
 * Worldline's `GCS v1HMAC` request signature, checked the way the platform
 * checks it. Written from the documented algorithm (and the official SDKs'
 * test vectors), not from Kassa's client, so a client bug cannot hide here:
 *
 *   METHOD \n content-type ("" for GET/HEAD, whatever the header says) \n Date \n
 *   x-gcs-* headers, lower-cased, sorted ordinally, each "name:folded value\n"
 *   raw path with query \n
 *
 * The secret is used as UTF-8 text, never base64-decoded, even when it looks like base64.
 */

export interface ApiCredentials {
  apiKeyId: string;
  secretApiKey: string;
}

/** How far the `Date` header may be from the real clock (the platform's exact tolerance is unpublished). */
export const DATE_SKEW_MS = 5 * 60_000;

/** Folds a header value as the SDKs do: every line break plus its leading blanks becomes one space, then trim. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/\r?\n[^\S\r\n]*/g, ' ').trim();
}

export function stringToSign(request: {
  method: string;
  contentType: string;
  date: string;
  gcsHeaders: readonly (readonly [string, string])[];
  resource: string;
}): string {
  const method = request.method.toUpperCase();
  // The official Node SDK sends Content-Type on GETs too but signs an empty line there.
  const contentType = method === 'GET' || method === 'HEAD' ? '' : request.contentType;
  const headers = request.gcsHeaders
    .map(([name, value]) => [name.toLowerCase(), canonicalHeaderValue(value)] as const)
    .filter(([name]) => name.startsWith('x-gcs'))
    // Ordinal, not locale, order: what the Java SDK does, and what agrees with every SDK for the real header set.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
  return `${method}\n${contentType}\n${request.date}\n${headers}${request.resource}\n`;
}

export function signature(secretApiKey: string, toSign: string): string {
  return createHmac('sha256', Buffer.from(secretApiKey, 'utf8')).update(toSign, 'utf8').digest('base64');
}

export type AuthVerdict = { ok: true } | { ok: false; reason: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a request carries a valid signature by `credentials` and a fresh `Date`. */
export function verifyRequest(
  request: { method: string; url: string; headers: IncomingHttpHeaders },
  credentials: ApiCredentials,
  nowMs: number,
): AuthVerdict {
  const authorization = single(request.headers.authorization);
  const match = /^GCS v1HMAC:([^:\s]+):(\S+)$/.exec(authorization?.trim() ?? '');
  if (match === null) return { ok: false, reason: 'missing or malformed Authorization' };
  const [, keyId = '', given = ''] = match;
  const date = single(request.headers.date);
  if (date === undefined) return { ok: false, reason: 'missing Date' };
  const dateMs = Date.parse(date);
  if (Number.isNaN(dateMs)) return { ok: false, reason: 'unreadable Date' };
  if (Math.abs(nowMs - dateMs) > DATE_SKEW_MS) return { ok: false, reason: 'Date too far from now' };
  const gcsHeaders = Object.entries(request.headers).flatMap(([name, value]) =>
    value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as const],
  );
  const expected = signature(
    credentials.secretApiKey,
    stringToSign({
      method: request.method,
      contentType: single(request.headers['content-type']) ?? '',
      date,
      gcsHeaders,
      resource: request.url,
    }),
  );
  // Both compared in constant time, so neither the key id nor the signature leaks by timing.
  const keyMatches = sameSecret(keyId, credentials.apiKeyId);
  const signatureMatches = sameSecret(given, expected);
  if (!keyMatches) return { ok: false, reason: 'unknown API key id' };
  if (!signatureMatches) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
