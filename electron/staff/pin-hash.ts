import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PIN_HASH_PATTERN, pinHashCostAllowed } from '../../shared/staff/staff.ts';

/**
 * PINs are short, so their hash must be slow: scrypt with N = 2^15 takes
 * about a tenth of a second and 32 MiB here, which makes trying every 4-digit
 * PIN against a stolen configuration take minutes per person instead of
 * microseconds, and the till locks a person out long before that online.
 */

const COST = { N: 32_768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(pin: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** `scrypt$N$r$p$salt$hash`, everything needed to check the PIN later and nothing to recover it. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Whether `pin` matches `stored`, compared in constant time. A malformed hash
 * matches nothing, and so does one whose cost is below the floor (or above
 * the ceiling): the cost is read from the hash, so the hash must not be able
 * to make the check cheap.
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = PIN_HASH_PATTERN.exec(stored);
  if (parts === null || !pinHashCostAllowed(stored)) return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash ?? '', 'base64');
  if (expected.length === 0) return false;
  const key = await derive(pin, Buffer.from(salt ?? '', 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
