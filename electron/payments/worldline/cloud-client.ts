import { describeFetchError } from '../fetch-error.ts';
import type { Logger } from '../../logging/logger.ts';

/**
 * HTTP to Worldline's Terminal API, with the status codes read as Worldline
 * documents them for its cloud:
 *
 * - 429: the rate limit turned the request away before it was processed.
 *   Nothing can have reached a terminal, so the same request (same
 *   ExchangeIdentification) is sent again, after an exponential backoff with
 *   full jitter, or after Retry-After when given.
 * - 408, 500, 502, 503, 504: the cloud may have passed the request on before
 *   failing (a held /payments/sync can time out while the terminal works).
 *   A status question, which moves no money, is asked again the same way; a
 *   payment is not: the caller treats it as unknown and asks about it.
 * - 301, 302, 307, 308: followed with the same request, only within the
 *   same host family (same scheme; the same host, or Worldline's domain to
 *   Worldline's domain): the API key must never be handed to another host.
 * - anything else is the caller's to read.
 */

export type CloudReply =
  /**
   * The cloud's answer, to be read by the caller. `resent`: the request went
   * more than once, so an error now may be about an earlier copy.
   */
  | { readonly kind: 'reply'; readonly status: number; readonly text: string; readonly resent: boolean }
  /** Rate-limited (429) every time it was tried: nothing was started. */
  | { readonly kind: 'turned_away'; readonly status: number; readonly reason: string }
  /** A redirect out of Worldline's host family; not followed, so not sent. */
  | { readonly kind: 'redirect_refused'; readonly location: string }
  /** No answer: timeout, dropped connection, network down, or the caller stopped waiting. */
  | { readonly kind: 'failed'; readonly reason: string };

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly tries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** In [0, 1); Math.random by default, fixed in tests. */
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Turned away before processing: safe to send again, whatever the request. */
const NOT_TAKEN = new Set([429]);
/** Maybe passed on: sent again only when the request moves no money. */
const MAYBE_TAKEN = new Set([408, 500, 502, 503, 504]);
const REDIRECTS = new Set([301, 302, 307, 308]);
const MAX_REDIRECTS = 3;

/** Full jitter: a random wait up to the exponential bound, so tills retrying together spread out. */
export function backoffMs(policy: RetryPolicy, retry: number, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, policy.maxDelayMs);
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor((policy.random ?? Math.random)() * bound);
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Worldline's own domain: its hosts may send the till from one to another. */
const WORLDLINE_DOMAIN = 'worldline-solutions.com';

function hostOf(url: URL): string {
  // `example.com.` is `example.com`: a trailing dot must not open another family.
  return url.hostname.toLowerCase().replace(/\.+$/, '');
}

function underWorldline(host: string): boolean {
  return host === WORLDLINE_DOMAIN || host.endsWith(`.${WORLDLINE_DOMAIN}`);
}

/**
 * Where a redirect may take the API key: the same scheme, and the same host,
 * or from one of Worldline's hosts to another. Not "the same last two labels":
 * under a suffix like co.uk that would hand the key to a stranger.
 */
export function sameHostFamily(from: URL, to: URL): boolean {
  if (from.protocol !== to.protocol) return false;
  const [a, b] = [hostOf(from), hostOf(to)];
  return a === b || (underWorldline(a) && underWorldline(b));
}

/** Waits `ms` unless `signal` aborts first; resolves false then. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface CloudClient {
  /**
   * Posts `body` to `path` under the base URL. `retryServerErrors`: the request
   * moves no money (a status question), so a 408 or 5xx is asked again too.
   */
  post(
    path: string,
    body: unknown,
    options: { timeoutMs: number; signal: AbortSignal; retryServerErrors: boolean; what: string },
  ): Promise<CloudReply>;
}

export function createCloudClient(options: {
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  retry?: RetryPolicy;
}): CloudClient {
  const { apiKey, logger } = options;
  const policy = options.retry ?? DEFAULT_RETRY;
  const base = options.baseUrl.replace(/\/+$/, '');

  /** One HTTP exchange, redirects within the family followed. */
  async function once(
    url: URL,
    text: string,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ status: number; text: string; retryAfter: number | undefined } | CloudReply> {
    let target = url;
    for (let hops = 0; ; hops += 1) {
      const limited = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body: text,
          redirect: 'manual',
          signal: limited,
        });
      } catch (error) {
        return { kind: 'failed', reason: signal.aborted ? 'stopped waiting' : describeFetchError(error) };
      }
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null && hops < MAX_REDIRECTS) {
        await response.body?.cancel();
        let next: URL;
        try {
          next = new URL(location, target);
        } catch {
          return { kind: 'redirect_refused', location: location.slice(0, 200) };
        }
        if (!sameHostFamily(url, next)) return { kind: 'redirect_refused', location: next.origin };
        target = next;
        continue;
      }
      try {
        return {
          status: response.status,
          text: await response.text(),
          retryAfter: retryAfter(response.headers.get('retry-after')),
        };
      } catch (error) {
        return { kind: 'failed', reason: signal.aborted ? 'stopped waiting' : describeFetchError(error) };
      }
    }
  }

  return {
    async post(path, body, { timeoutMs, signal, retryServerErrors, what }) {
      const url = new URL(`${base}${path}`);
      const text = JSON.stringify(body);
      for (let attempt = 0; ; attempt += 1) {
        const answer = await once(url, text, timeoutMs, signal);
        if ('kind' in answer) {
          if (answer.kind === 'failed') logger.warn('worldline.request_failed', { what, reason: answer.reason });
          if (answer.kind === 'redirect_refused')
            logger.error('worldline.redirect_refused', { what, to: answer.location });
          return answer;
        }
        const again = NOT_TAKEN.has(answer.status) || (retryServerErrors && MAYBE_TAKEN.has(answer.status));
        if (!again) return { kind: 'reply', status: answer.status, text: answer.text, resent: attempt > 0 };
        if (attempt + 1 >= policy.tries) {
          logger.warn('worldline.gave_up_retrying', { what, status: answer.status, tries: attempt + 1 });
          return NOT_TAKEN.has(answer.status)
            ? { kind: 'turned_away', status: answer.status, reason: `HTTP ${answer.status} after ${attempt + 1} tries` }
            : { kind: 'reply', status: answer.status, text: answer.text, resent: attempt > 0 };
        }
        const delay = backoffMs(policy, attempt, answer.retryAfter);
        logger.info('worldline.retrying', { what, status: answer.status, inMs: delay });
        if (!(await pause(delay, signal))) return { kind: 'failed', reason: 'stopped waiting' };
      }
    },
  };
}
