import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TillIdentity } from '../hq-store.ts';
import type { HqContext } from './hq-context.ts';
import { sendHqError } from './http-io.ts';
import { sha256Hex } from './secret-hashes.ts';

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{32,128})$/;

/**
 * The till a request comes from, by its bearer token; or undefined once a 401
 * has been answered: `unauthorised` for no or an unknown token, `revoked` for
 * a till IT took back (the till stops syncing and says "call IT"). A store
 * failure throws, for the route to answer "try again later".
 */
export async function authenticateTill(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<TillIdentity | undefined> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  const till = token === undefined ? undefined : await context.store.tillByToken(sha256Hex(token));
  if (till === undefined) {
    context.logger.warn('hq.till_unauthorised', { remote: request.socket.remoteAddress });
    sendHqError(response, 401, 'unauthorised', 'This till is not enrolled at HQ (no or an unknown token).');
    return undefined;
  }
  if (till.revoked) {
    context.logger.warn('hq.till_revoked', { tillKey: till.tillKey });
    sendHqError(response, 401, 'revoked', 'HQ has revoked this till. Call IT to enrol it again.');
    return undefined;
  }
  return { tillKey: till.tillKey, shopId: till.shopId, tillId: till.tillId };
}
