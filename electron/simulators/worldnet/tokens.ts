import { randomBytes } from 'node:crypto';
import { sameSecret } from '../http-basics.ts';

/**
 * The Merchant API's access tokens. `GET /account/authenticate` with the
 * API key gives a token valid for `expiresIn` hours, simulated, so a till's
 * renewal shows up in a test of seconds. Tokens are opaque here (Worldnet's
 * are JWTs, but a client must not read them).
 */

/** What `expiresIn` says: Worldnet's tokens last an hour in the examples the contract cites. */
export const TOKEN_HOURS = 1;
const HOUR_MS = 3_600_000;

export type TokenVerdict = 'valid' | 'unknown' | 'expired';

export interface TokenStore {
  issue(): { token: string; expiresIn: number };
  check(token: string | undefined): TokenVerdict;
  reset(): void;
}

export function createTokenStore(nowMs: () => number, hours: number = TOKEN_HOURS): TokenStore {
  let tokens: { token: string; expiresAtMs: number }[] = [];
  return {
    issue() {
      const token = randomBytes(32).toString('base64url');
      tokens.push({ token, expiresAtMs: nowMs() + hours * HOUR_MS });
      return { token, expiresIn: hours };
    },
    check(token) {
      // Every stored token is compared in constant time, so timing says nothing of which one nearly matched.
      const found = tokens.find((issued) => sameSecret(token, issued.token));
      if (found === undefined) return 'unknown';
      return nowMs() < found.expiresAtMs ? 'valid' : 'expired';
    },
    reset() {
      tokens = [];
    },
  };
}
