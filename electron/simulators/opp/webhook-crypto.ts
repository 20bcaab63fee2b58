import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * OPP's webhook encryption: AES-256-GCM, the key the listener's secret (64
 * hex characters, 32 bytes), a fresh 12-byte IV per delivery, no padding.
 * The body is the ciphertext in hex; IV and tag travel in the
 * `X-Initialization-Vector` and `X-Authentication-Tag` headers, also hex.
 * Upper-case hex, as ACI's published example writes it. The GCM tag is the
 * only authentication: there is no separate signature.
 */

export interface EncryptedNotification {
  /** The ciphertext, hex. */
  body: string;
  /** `X-Initialization-Vector`, hex. */
  iv: string;
  /** `X-Authentication-Tag`, hex. */
  tag: string;
}

export const WEBHOOK_SECRET_PATTERN = /^[0-9a-fA-F]{64}$/;

export function encryptNotification(
  secretHex: string,
  plaintext: string,
  iv: Buffer = randomBytes(12),
): EncryptedNotification {
  if (!WEBHOOK_SECRET_PATTERN.test(secretHex)) {
    throw new RangeError('The webhook secret must be 64 hexadecimal characters (32 bytes).');
  }
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretHex, 'hex'), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const hex = (bytes: Buffer) => bytes.toString('hex').toUpperCase();
  return { body: hex(ciphertext), iv: hex(iv), tag: hex(cipher.getAuthTag()) };
}
