import { createHash, randomBytes } from 'node:crypto';

/**
 * Enrolment codes and till tokens are long random strings, so a plain SHA-256
 * is enough to keep them: HQ stores only the hash and compares hashes, and a
 * stolen database gives no way to act as a till.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A till's bearer token: 256 random bits, URL-safe, shown to the till once. */
export function newTillToken(): string {
  return randomBytes(32).toString('base64url');
}
