import { z } from 'zod';
import {
  EnrolResponseSchema,
  HqErrorSchema,
  PushResponseSchema,
  RelayAckResponseSchema,
  RelayPollResponseSchema,
  type EnrolRequest,
  type EnrolResponse,
  type HqError,
  type PushRequest,
  type PushResponse,
  type RelayPollResponse,
} from '../../shared/hq/hq-contract.ts';

/**
 * The till's side of the wire to Kassa HQ (shared/hq/hq-contract.ts): plain
 * fetch, every request bounded by a timeout, every answer parsed with the
 * contract's schemas before anything believes it. What comes back is one of
 * four outcomes the callers act on: it worked; HQ no longer knows the token
 * (401: stop and say so); HQ refused this request (another 4xx, e.g. a used
 * enrolment code); or no usable answer (down, slow, 5xx, unreadable: try
 * again later). The token goes in the Authorization header and nowhere else:
 * no outcome, error or log line carries it.
 */

export type HqAnswer<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** 401: the token is unknown (`unauthorised`) or was revoked at HQ (`revoked`). */
  | { readonly kind: 'revoked'; readonly error: 'revoked' | 'unauthorised'; readonly message: string }
  /** Another 4xx: HQ's error code when it sent one, and its words. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly error: HqError['error'] | undefined;
      readonly message: string;
    }
  /** No answer in time (`answered` false), or a 5xx or an answer the till cannot read (`answered` true). */
  | { readonly kind: 'unavailable'; readonly answered: boolean; readonly why: string };

export interface HqClient {
  /** HQ's base URL, for logs and doctor. */
  readonly url: string;
  enrol(request: EnrolRequest): Promise<HqAnswer<EnrolResponse>>;
  push(request: PushRequest): Promise<HqAnswer<PushResponse>>;
  /** Waits up to `waitSeconds` at HQ for webhooks kept for this till; `signal` ends the wait early (closing). */
  pollRelay(waitSeconds: number, signal?: AbortSignal): Promise<HqAnswer<RelayPollResponse>>;
  ackRelay(ids: readonly number[]): Promise<HqAnswer<z.infer<typeof RelayAckResponseSchema>>>;
  /** `GET /api/health`, no token: whether HQ answers at all. */
  health(): Promise<HqAnswer<true>>;
}

export interface HqClientOptions {
  /** HQ's base URL (config `hq.url`). */
  url: string;
  /** The till's bearer token, read at each request (enrolment may store it after the client is made). */
  token: () => string | undefined;
  /** How long one request may take; the long poll gets its wait on top. Default 15 s. */
  timeoutMs?: number;
  /** Tests pass their own; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const HealthSchema = z.object({ ok: z.literal(true) });

const DEFAULT_TIMEOUT_MS = 15_000;
/** On top of the long poll's own wait: HQ answers at the end of it, and the network needs a moment. */
const POLL_GRACE_MS = 10_000;

/** `https://hq.example/` + `/api/sync`, whether or not the base ends in a slash or has a path. */
export function hqAddress(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function createHqClient(options: HqClientOptions): HqClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetchHq = options.fetch ?? fetch;

  async function exchange<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    settings: { body?: unknown; bearer: boolean; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<HqAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (settings.body !== undefined) headers['content-type'] = 'application/json';
    if (settings.bearer) {
      const token = options.token();
      // Not enrolled: nothing to prove who the till is, so HQ would answer 401. Said without asking.
      if (token === undefined) return { kind: 'revoked', error: 'unauthorised', message: 'the till holds no HQ token' };
      headers.authorization = `Bearer ${token}`;
    }
    const timeout = AbortSignal.timeout(settings.timeoutMs ?? timeoutMs);
    const signal = settings.signal === undefined ? timeout : AbortSignal.any([timeout, settings.signal]);
    let response: Response;
    let text: string;
    try {
      response = await fetchHq(hqAddress(options.url, path), {
        method,
        headers,
        ...(settings.body === undefined ? {} : { body: JSON.stringify(settings.body) }),
        signal,
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      return { kind: 'unavailable', answered: false, why: unreachable(error, timeout.aborted) };
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      json = undefined;
    }
    if (response.ok) {
      const parsed = schema.safeParse(json);
      if (parsed.success) return { kind: 'ok', value: parsed.data };
      return {
        kind: 'unavailable',
        answered: true,
        why: `HQ answered ${path} with something this till does not understand`,
      };
    }
    const error = HqErrorSchema.safeParse(json);
    const message = error.success ? error.data.message : `HTTP ${String(response.status)}`;
    if (response.status === 401) {
      return {
        kind: 'revoked',
        error: error.success && error.data.error === 'revoked' ? 'revoked' : 'unauthorised',
        message,
      };
    }
    if (response.status >= 400 && response.status < 500) {
      return { kind: 'refused', status: response.status, error: error.success ? error.data.error : undefined, message };
    }
    return { kind: 'unavailable', answered: true, why: `HQ answered ${String(response.status)}: ${message}` };
  }

  return {
    url: options.url,
    enrol: (request) => exchange('POST', '/api/enrol', EnrolResponseSchema, { body: request, bearer: false }),
    push: (request) => exchange('POST', '/api/sync', PushResponseSchema, { body: request, bearer: true }),
    pollRelay: (waitSeconds, signal) =>
      exchange('GET', `/api/relay?wait=${String(waitSeconds)}`, RelayPollResponseSchema, {
        bearer: true,
        timeoutMs: waitSeconds * 1000 + POLL_GRACE_MS,
        ...(signal === undefined ? {} : { signal }),
      }),
    ackRelay: (ids) =>
      exchange('POST', '/api/relay/ack', RelayAckResponseSchema, { body: { ids: [...ids] }, bearer: true }),
    async health() {
      const answer = await exchange('GET', '/api/health', HealthSchema, { bearer: false });
      return answer.kind === 'ok' ? { kind: 'ok', value: true } : answer;
    },
  };
}

/** Why no answer came, in words for IT: refused, not found, timed out. */
function unreachable(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'HQ did not answer in time';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return 'HQ refused the connection (is it running, and is hq.url right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'HQ’s name could not be found (check hq.url and the network)';
  if (error instanceof Error && error.name === 'AbortError') return 'the request was stopped';
  const detail = typeof cause?.message === 'string' ? cause.message : (error as Error | undefined)?.message;
  return `HQ could not be reached${detail === undefined ? '' : `: ${detail}`}`;
}
