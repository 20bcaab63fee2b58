import { randomInt } from 'node:crypto';

/**
 * Adyen's cloud ServiceID: 1–10 alphanumeric characters, unique per terminal
 * for 48 hours. Ten random characters from 62 (about 8×10^17 values) make a
 * clash practically impossible; the book still checks each one.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newServiceId(): string {
  let id = '';
  for (let index = 0; index < 10; index += 1) id += ALPHABET.charAt(randomInt(ALPHABET.length));
  return id;
}
