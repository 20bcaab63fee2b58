import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Is this webhook from Worldline Direct? Direct signs every webhook it posts:
 * `X-GCS-Signature` is base64(HMAC-SHA256(webhook secret as UTF-8, the raw
 * body bytes)) and `X-GCS-KeyId` names which of the merchant's webhook keys
 * signed it (the portal can hold more than one while keys are rotated).
 *
 * Checked as the official SDK checks it (`webhooks/validation.js`): a missing
 * header, a header sent twice, a key id we hold no secret for and a wrong
 * signature are each refused, each for its own reason so IT can tell a
 * misconfigured key from a forgery. Verify the bytes as received, before any
 * JSON parsing: re-serialising changes them.
 *
 * Refusal messages name the header or the key id, never a secret or the body.
 */

/** Request headers as Node gives them. Pass `req.headersDistinct` so a header sent twice is seen as such. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Where the secrets live: key id → secret (as shown once in the portal). */
export type WebhookSecrets = ReadonlyMap<string, string>;

export type WebhookRefusal =
  | 'missing_signature'
  | 'missing_key_id'
  | 'duplicate_signature'
  | 'duplicate_key_id'
  | 'unknown_key_id'
  | 'bad_signature';

export type WebhookVerdict =
  | { readonly kind: 'verified'; readonly keyId: string }
  | { readonly kind: 'refused'; readonly reason: WebhookRefusal; readonly message: string };

export const SIGNATURE_HEADER = 'X-GCS-Signature';
export const KEY_ID_HEADER = 'X-GCS-KeyId';

type HeaderRead =
  { readonly kind: 'one'; readonly value: string } | { readonly kind: 'missing' } | { readonly kind: 'many' };

function readHeader(headers: WebhookHeaders, name: string): HeaderRead {
  const wanted = name.toLowerCase();
  const found = Object.entries(headers).filter(([key, value]) => key.toLowerCase() === wanted && value !== undefined);
  if (found.length > 1) return { kind: 'many' };
  const value = found[0]?.[1];
  if (value === undefined) return { kind: 'missing' };
  if (typeof value === 'string') return { kind: 'one', value };
  // headersDistinct gives every header as an array: one element is one header.
  if (value.length > 1) return { kind: 'many' };
  const only = value[0];
  return only === undefined ? { kind: 'missing' } : { kind: 'one', value: only };
}

/** Key ids come from the sender: shown shortened and printable only. */
function printable(keyId: string): string {
  return JSON.stringify(keyId.slice(0, 64));
}

/** Fixed per process: both sides go through it so the comparison is of equal-length digests. */
const COMPARE_KEY = randomBytes(32);

function sameText(a: string, b: string): boolean {
  const digest = (text: string) => createHmac('sha256', COMPARE_KEY).update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The signature Worldline would send for `body` under `secret`. */
export function webhookSignature(secret: string, body: Uint8Array): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('base64');
}

export function verifyWebhookSignature(
  body: Uint8Array,
  headers: WebhookHeaders,
  secrets: WebhookSecrets,
): WebhookVerdict {
  const signature = readHeader(headers, SIGNATURE_HEADER);
  if (signature.kind === 'missing')
    return { kind: 'refused', reason: 'missing_signature', message: `no ${SIGNATURE_HEADER} header` };
  if (signature.kind === 'many')
    return { kind: 'refused', reason: 'duplicate_signature', message: `${SIGNATURE_HEADER} sent more than once` };
  const keyId = readHeader(headers, KEY_ID_HEADER);
  if (keyId.kind === 'missing')
    return { kind: 'refused', reason: 'missing_key_id', message: `no ${KEY_ID_HEADER} header` };
  if (keyId.kind === 'many')
    return { kind: 'refused', reason: 'duplicate_key_id', message: `${KEY_ID_HEADER} sent more than once` };
  const secret = secrets.get(keyId.value);
  if (secret === undefined)
    return {
      kind: 'refused',
      reason: 'unknown_key_id',
      message: `no webhook secret configured for key id ${printable(keyId.value)}`,
    };
  if (!sameText(signature.value, webhookSignature(secret, body)))
    return {
      kind: 'refused',
      reason: 'bad_signature',
      message: `signature does not match the body under key id ${printable(keyId.value)}`,
    };
  return { kind: 'verified', keyId: keyId.value };
}
