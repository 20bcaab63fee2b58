import { createHmac } from 'node:crypto';

/**
 * Worldline Direct's request signature, `GCS v1HMAC`, built exactly as the
 * official Node SDK builds it (onlinepayments-sdk-nodejs 6.2.0,
 * `lib/esm/src/utils/authentication.js`), because the server rebuilds the
 * same string and any difference in a single byte is a 401:
 *
 *   METHOD \n
 *   Content-Type, only for POST, PUT and DELETE (the SDK sends
 *     application/json on a GET too, but signs an empty line) \n
 *   Date (RFC 1123, GMT) \n
 *   each X-GCS-* header as lower(name):folded value \n, sorted by name
 *   path with its raw query \n
 *
 * The SDK sorts with localeCompare on upper-cased names; we sort ordinally on
 * lower-cased names as the Java SDK and the simulator do. The two agree for
 * every header Worldline defines (ClientMetaInfo, CustomerHeader,
 * Idempotence-Key, ServerMetaInfo); they could differ only for names with
 * characters that sort differently by locale, which Worldline does not use.
 *
 * The secret is used as its UTF-8 text, never base64-decoded, even when it
 * looks like base64 (the published vectors depend on it).
 */

export interface SignatureInput {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The Content-Type sent; signed only for POST, PUT and DELETE. */
  readonly contentType: string;
  /** The Date header as sent, RFC 1123 (see `rfc1123`). */
  readonly date: string;
  /** Every header sent; only names starting with X-GCS (any case) are signed. */
  readonly headers: Readonly<Record<string, string>>;
  /** The path with its query as sent, e.g. `/v2/1/payments/3_0?x=1`. */
  readonly path: string;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * `Fri, 06 Jun 2014 13:39:43 GMT`. Written out by hand rather than with
 * `toUTCString`, whose format the spec leaves to the engine: the date is signed.
 */
export function rfc1123(date: Date): string {
  const day = DAYS[date.getUTCDay()] ?? 'Sun';
  const month = MONTHS[date.getUTCMonth()] ?? 'Jan';
  return (
    `${day}, ${two(date.getUTCDate())} ${month} ${String(date.getUTCFullYear()).padStart(4, '0')} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`
  );
}

/** A header value as signed: line breaks and the indentation after them become one space, then trimmed. */
export function foldHeaderValue(value: string): string {
  return value.replace(/\r?\n[^\S\r\n]*/g, ' ').trim();
}

const SIGNS_CONTENT_TYPE = new Set(['POST', 'PUT', 'DELETE']);

/** The exact text the HMAC covers. Exported so a failing signature can be compared line by line in tests. */
export function stringToSign(input: SignatureInput): string {
  const contentType = SIGNS_CONTENT_TYPE.has(input.method) ? input.contentType : '';
  const gcs = Object.entries(input.headers)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name.startsWith('x-gcs'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${foldHeaderValue(value)}\n`)
    .join('');
  return `${input.method}\n${contentType}\n${input.date}\n${gcs}${input.path}\n`;
}

/** base64(HMAC-SHA256(secret as UTF-8, string to sign)). */
export function signature(secretApiKey: string, input: SignatureInput): string {
  return createHmac('sha256', Buffer.from(secretApiKey, 'utf8')).update(stringToSign(input), 'utf8').digest('base64');
}

/** The Authorization header's value: `GCS v1HMAC:<apiKeyId>:<signature>`. */
export function authorizationHeader(apiKeyId: string, secretApiKey: string, input: SignatureInput): string {
  return `GCS v1HMAC:${apiKeyId}:${signature(secretApiKey, input)}`;
}
