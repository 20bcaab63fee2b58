import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords of the head-office page, hashed with scrypt and a random salt as
 * `scrypt$N$r$p$salt$hash` (salt and hash in base64): everything needed to
 * check a password later and nothing to recover it. N = 2^15 costs about a
 * tenth of a second and 32 MiB per check.
 */

const COST = { N: 32_768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface Cost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * The cost is read from the stored hash, so it must not be able to make the
 * check cheap (a tampered row) or exhaust memory (N = 2^30).
 */
function costAllowed({ N, r, p }: Cost): boolean {
  const powerOfTwo = Number.isSafeInteger(N) && N > 1 && (N & (N - 1)) === 0;
  return powerOfTwo && N >= 16_384 && N <= 1_048_576 && r >= 8 && r <= 16 && p >= 1 && p <= 4;
}

function derive(password: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether `password` matches `stored`, compared in constant time. A malformed hash matches nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = HASH_PATTERN.exec(stored);
  if (parts === null) return false;
  const [, n, r, p, salt, hash] = parts;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash ?? '', 'base64');
  if (!costAllowed(cost) || expected.length === 0) return false;
  const key = await derive(password, Buffer.from(salt ?? '', 'base64'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash no password matches, checked when the account does not exist, so a
 * login for an unknown name takes as long as one with a wrong password and
 * does not tell which names exist.
 */
export const UNKNOWN_ACCOUNT_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${Buffer.alloc(SALT_LENGTH).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
