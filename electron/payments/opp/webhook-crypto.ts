import { createDecipheriv } from 'node:crypto';

/**
 * Opens an OPP webhook. OPP does not sign its notifications: it encrypts
 * them, AES-256-GCM, and the GCM tag is the authentication (reference
 * worldline-opp-worldnet.md §3.5):
 * - key: the listener's secret, 64 hex characters (32 bytes);
 * - IV: the `X-Initialization-Vector` header, hex;
 * - tag: the `X-Authentication-Tag` header, hex (16 bytes);
 * - body: the ciphertext in hex, or JSON `{"encryptedBody":"<hex>"}` where
 *   the listener is set to wrap it.
 * Hex is read in either case. The plaintext must be UTF-8.
 *
 * Nothing here throws. A refusal says why in words safe to log: it never
 * quotes the body, the secret or the plaintext (nor the headers, which are
 * the sender's).
 */

export const IV_HEADER = 'X-Initialization-Vector';
export const TAG_HEADER = 'X-Authentication-Tag';

export interface OppWebhookInput {
  /** The listener's secret from ACI's back office. */
  readonly secretHex: string;
  /** `X-Initialization-Vector`, undefined if the request had none. */
  readonly ivHex: string | undefined;
  /** `X-Authentication-Tag`, undefined if the request had none. */
  readonly tagHex: string | undefined;
  /** The raw request body. */
  readonly body: Buffer | string;
}

export type OppWebhookOpening =
  { readonly ok: true; readonly plaintext: string } | { readonly ok: false; readonly why: string };

const TAG_BYTES = 16;
/** GCM takes any IV length; OPP's is 12 bytes. Bounded so a header cannot be made arbitrarily large work. */
const MAX_IV_BYTES = 64;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

function refuse(why: string): OppWebhookOpening {
  return { ok: false, why };
}

/** The ciphertext's hex: the body itself, or the wrapped form's `encryptedBody`. */
function ciphertextHex(body: Buffer | string): string | undefined {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).trim();
  if (!text.startsWith('{')) return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const wrapped = (json as { encryptedBody?: unknown }).encryptedBody;
  return typeof wrapped === 'string' ? wrapped.trim() : undefined;
}

export function openOppWebhook({ secretHex, ivHex, tagHex, body }: OppWebhookInput): OppWebhookOpening {
  if (!/^[0-9a-fA-F]{64}$/.test(secretHex))
    return refuse('the webhook secret is not 64 hexadecimal characters: check the till’s OPP settings');
  if (ivHex === undefined || ivHex.trim() === '') return refuse(`no ${IV_HEADER} header`);
  if (tagHex === undefined || tagHex.trim() === '') return refuse(`no ${TAG_HEADER} header`);
  const iv = ivHex.trim();
  const tag = tagHex.trim();
  if (!HEX.test(iv)) return refuse(`${IV_HEADER} is not an even number of hexadecimal digits`);
  if (iv.length / 2 > MAX_IV_BYTES) return refuse(`${IV_HEADER} is longer than ${MAX_IV_BYTES} bytes`);
  if (!HEX.test(tag)) return refuse(`${TAG_HEADER} is not an even number of hexadecimal digits`);
  if (tag.length / 2 !== TAG_BYTES) return refuse(`${TAG_HEADER} is not ${TAG_BYTES} bytes`);
  const hex = ciphertextHex(body);
  if (hex === undefined) return refuse('the body is JSON without an encryptedBody string');
  if (hex === '') return refuse('the body is empty');
  if (!HEX.test(hex)) return refuse('the body is not an even number of hexadecimal digits');

  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secretHex, 'hex'), Buffer.from(iv, 'hex'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(Buffer.from(tag, 'hex'));
    plain = Buffer.concat([decipher.update(Buffer.from(hex, 'hex')), decipher.final()]);
  } catch {
    return refuse('the authentication tag does not match: a wrong secret, or the body or headers were changed');
  }
  try {
    return { ok: true, plaintext: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
  } catch {
    return refuse('the decrypted body is not UTF-8');
  }
}
