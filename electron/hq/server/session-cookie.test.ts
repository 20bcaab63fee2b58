import { describe, expect, it } from 'vitest';
import { cookieValue, readSession, SESSION_COOKIE, sessionCookieHeader, signSession } from './session-cookie.ts';

const SECRET = 'a-session-secret-of-at-least-32-chars';
const NOW = new Date('2026-03-02T10:00:00Z');
const session = { name: 'anna', role: 'manager' as const, expiresAt: NOW.getTime() + 60_000 };

describe('the login cookie', () => {
  it('is read back by any instance with the same secret, until it expires', () => {
    const value = signSession(session, SECRET);
    expect(readSession(value, SECRET, NOW)).toEqual(session);
    expect(readSession(value, SECRET, new Date(session.expiresAt))).toBeUndefined();
    expect(readSession(value, `${SECRET}-other`, NOW)).toBeUndefined();
  });

  it('cannot be changed without the secret (a viewer making itself a manager)', () => {
    const value = signSession({ ...session, role: 'viewer' }, SECRET);
    const [, signature] = value.split('.');
    const forged = `${Buffer.from(JSON.stringify(session)).toString('base64url')}.${signature ?? ''}`;
    expect(readSession(forged, SECRET, NOW)).toBeUndefined();
    expect(readSession('garbage', SECRET, NOW)).toBeUndefined();
    expect(readSession(undefined, SECRET, NOW)).toBeUndefined();
  });

  it('is HttpOnly and SameSite=Strict, Secure over https, and found among other cookies', () => {
    expect(sessionCookieHeader('v', { secure: false, maxAgeSeconds: 60 })).toBe(
      `${SESSION_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`,
    );
    expect(sessionCookieHeader('v', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
    expect(cookieValue(`a=1; ${SESSION_COOKIE}=xyz.abc; b=2`, SESSION_COOKIE)).toBe('xyz.abc');
    expect(cookieValue('a=1', SESSION_COOKIE)).toBeUndefined();
  });
});
