import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HqContext } from './hq-context.ts';
import { BodyTooLarge, readBody, redirect, sendHtml, sendText } from './http-io.ts';
import { readDayRange, todayIn } from './page/date-range.ts';
import { HQ_CSS } from './page/hq-css.ts';
import { loginPage, messagePage } from './page/login-page.ts';
import { loadOverview } from './page/overview-data.ts';
import { overviewPage } from './page/overview-page.ts';
import { currentSession, fromOwnPage } from './page-session.ts';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './password-hash.ts';
import { SESSION_HOURS, sessionCookieHeader, signSession } from './session-cookie.ts';

/** The head-office page: signing in and out, the overview, revoking a till, its stylesheet. */

const MAX_FORM_BYTES = 8 * 1024;

async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  try {
    return new URLSearchParams((await readBody(request, MAX_FORM_BYTES)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLarge) return undefined;
    throw error;
  }
}

function secureCookies(context: HqContext): boolean {
  return context.origin?.startsWith('https:') ?? false;
}

function refuseForeignPost(request: IncomingMessage, response: ServerResponse, context: HqContext): boolean {
  if (fromOwnPage(request, context)) return false;
  context.logger.warn('hq.page_foreign_post', { path: request.url, origin: request.headers.origin });
  sendHtml(response, 403, messagePage('Refused', 'This form was not sent from the HQ page. Open HQ and try again.'));
  return true;
}

export function stylesheetRoute(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  response.end(HQ_CSS);
}

export async function loginFormRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  if ((await currentSession(request, context)) !== undefined) {
    redirect(response, '/');
    return;
  }
  sendHtml(response, 200, loginPage());
}

export async function loginRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  if (refuseForeignPost(request, response, context)) return;
  const form = await readForm(request);
  const name = form?.get('name')?.trim() ?? '';
  const password = form?.get('password') ?? '';
  if (name === '' || password === '') {
    sendHtml(response, 400, loginPage({ problem: 'Enter your name and your password.', name }));
    return;
  }
  const throttle = context.loginThrottle;
  if (!throttle.allowed(name)) {
    // No name logged for a refusal: people type their password into the name field now and then.
    context.logger.warn('hq.login_throttled', { remote: request.socket.remoteAddress });
    sendHtml(
      response,
      429,
      loginPage({ problem: 'Too many wrong passwords for this name. Try again in 15 minutes.', name }),
    );
    return;
  }
  const account = await context.store.accountByName(name);
  // An unknown name is checked against a hash nothing matches, so it takes as long as a wrong password.
  const matches = await verifyPassword(password, account?.passwordHash ?? UNKNOWN_ACCOUNT_HASH);
  if (account === undefined || !matches) {
    throttle.failed(name);
    // The name only when it is an account's: an unknown "name" may be a password typed in the wrong field.
    context.logger.warn('hq.login_failed', {
      account: account?.name,
      knownAccount: account !== undefined,
      remote: request.socket.remoteAddress,
    });
    sendHtml(response, 401, loginPage({ problem: 'That name and password do not match an account.', name }));
    return;
  }
  throttle.succeeded(name);
  const expiresAt = context.clock.now().getTime() + SESSION_HOURS * 3_600_000;
  const cookie = signSession({ name: account.name, role: account.role, expiresAt }, context.config.sessionSecret);
  context.logger.info('hq.login', { name: account.name, role: account.role });
  redirect(response, '/', {
    'set-cookie': sessionCookieHeader(cookie, { secure: secureCookies(context), maxAgeSeconds: SESSION_HOURS * 3600 }),
  });
}

export function logoutRoute(request: IncomingMessage, response: ServerResponse, context: HqContext): void {
  if (refuseForeignPost(request, response, context)) return;
  redirect(response, '/login', {
    'set-cookie': sessionCookieHeader('', { secure: secureCookies(context), maxAgeSeconds: 0 }),
  });
}

export async function overviewRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
  url: URL,
): Promise<void> {
  const session = await currentSession(request, context);
  if (session === undefined) {
    redirect(response, '/login');
    return;
  }
  const now = context.clock.now();
  const { timeZone } = context.config;
  const asked = readDayRange(url.searchParams, todayIn(timeZone, now));
  if (!asked.ok) {
    sendHtml(response, 400, messagePage('Those dates do not work', asked.problem));
    return;
  }
  const overview = await loadOverview(context.store, session, asked.range);
  sendHtml(response, 200, overviewPage(overview, session, { now, timeZone }));
}

/** POST /tills/revoke: a manager takes a till's token back; its data stays. */
export async function revokeRoute(
  request: IncomingMessage,
  response: ServerResponse,
  context: HqContext,
): Promise<void> {
  if (refuseForeignPost(request, response, context)) return;
  const session = await currentSession(request, context);
  if (session === undefined) {
    redirect(response, '/login');
    return;
  }
  if (session.role !== 'manager') {
    context.logger.warn('hq.revoke_forbidden', { name: session.name });
    sendHtml(response, 403, messagePage('Managers only', 'Only a manager can revoke a till.'));
    return;
  }
  const tillKey = (await readForm(request))?.get('tillKey') ?? '';
  const revoked = tillKey !== '' && (await context.store.revokeTill(tillKey, context.clock.now().toISOString()));
  if (!revoked) {
    sendHtml(
      response,
      404,
      messagePage('No such till', `HQ has no till ${tillKey === '' ? 'by that name' : tillKey}.`),
    );
    return;
  }
  context.logger.info('hq.till_revoked', { tillKey, by: session.name });
  redirect(response, '/');
}

export function notFoundPage(response: ServerResponse): void {
  sendHtml(response, 404, messagePage('Not found', 'There is no page here.'));
}

export function methodNotAllowed(response: ServerResponse, allowed: string): void {
  sendText(response, 405, `Use ${allowed} here.`, { allow: allowed });
}
