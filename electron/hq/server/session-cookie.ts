import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { HqRole } from '../hq-store.ts';

/**
 * The head-office page's login, kept in the browser and nowhere else: the
 * account's name, its role and when the login ends, signed with HMAC-SHA256
 * over the session secret every HQ instance shares. Any instance can check
 * it; none has to remember it. A cookie can only be ended by its expiry (or
 * by changing the secret, which ends every login): the server also checks
 * that the account still exists with that role at every request.
 */

export const SESSION_COOKIE = 'kassa_hq_session';
/** A working day and a bit: a head-office login does not outlive the day it was made. */
export const SESSION_HOURS = 12;

const SessionSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(['viewer', 'manager']),
    /** Milliseconds since the epoch. */
    expiresAt: z.number().int().positive(),
  })
  .strict();

export interface Session {
  readonly name: string;
  readonly role: HqRole;
  readonly expiresAt: number;
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload, 'utf8').digest();
}

export function signSession(session: Session, secret: string): string {
  const payload = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The session a cookie value holds, or undefined when it is forged, malformed or over. */
export function readSession(value: string | undefined, secret: string, now: Date): Session | undefined {
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(value);
  if (match === null) return undefined;
  const [, payload = '', given = ''] = match;
  const expected = signature(secret, payload);
  const givenBytes = Buffer.from(given, 'base64url');
  if (givenBytes.length !== expected.length || !timingSafeEqual(givenBytes, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const session = SessionSchema.safeParse(parsed);
  if (!session.success || session.data.expiresAt <= now.getTime()) return undefined;
  return session.data;
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const cut = part.indexOf('=');
    if (cut > 0 && part.slice(0, cut).trim() === name) return part.slice(cut + 1).trim();
  }
  return undefined;
}

/**
 * Set-Cookie for a login: HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page can post with it), Secure when HQ is reached over https.
 * An empty value with Max-Age=0 ends the login.
 */
export function sessionCookieHeader(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
