import type { IncomingMessage } from 'node:http';
import type { HqContext } from './hq-context.ts';
import { cookieValue, readSession, SESSION_COOKIE, type Session } from './session-cookie.ts';

/**
 * Who is signed in: the cookie's signature and expiry, and the account still
 * there with the same role, so a removed or demoted account loses what it
 * had at its next click rather than at the cookie's expiry.
 */
export async function currentSession(request: IncomingMessage, context: HqContext): Promise<Session | undefined> {
  const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
  const session = readSession(cookie, context.config.sessionSecret, context.clock.now());
  if (session === undefined) return undefined;
  const account = await context.store.accountByName(session.name);
  return account?.role === session.role ? session : undefined;
}

/**
 * A form post from HQ's own page: its Origin must be HQ's. With `publicUrl`
 * configured that is its origin; without, the host the browser says it
 * reached. Browsers send Origin on every POST; a post without one is not a
 * browser on HQ's page and is refused. Together with SameSite=Strict cookies
 * this keeps other sites from posting as a signed-in manager.
 */
export function fromOwnPage(request: IncomingMessage, context: HqContext): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (context.origin !== undefined) return origin === context.origin;
  const host = request.headers.host;
  return host !== undefined && origin === `http://${host}`;
}
