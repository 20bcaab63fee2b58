import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import { EVENT_STREAM_STALE_AFTER_MS } from '../../shared/ipc/event-stream.ts';
import { MainEventSchema, type MainEvent } from '../../shared/ipc/events.ts';
import { ResultEnvelopeSchema } from '../../shared/result-schema.ts';
import { fail, type Result } from '../../shared/result.ts';
import type { Connection, RendererBridge } from './renderer-bridge.ts';
import { SseParser } from './sse-parser.ts';
import { t } from '../i18n/words.ts';

/**
 * The bridge for browser mode: the same API as the preload's, carried over
 * HTTP to `kassa serve` on loopback. Calls are POSTs; events come down one
 * long-lived stream that reconnects on its own, and every (re)connection is
 * announced so the UI can refresh what it may have missed.
 */

export interface HttpBridgeOptions {
  origin: string;
  token: string;
  fetch?: typeof fetch;
  /** Wait before reconnecting a dropped event stream; doubles while reconnecting fails, up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Silence on the event stream after which it is taken for dead (the till sends heartbeats). */
  staleAfterMs?: number;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createHttpBridge(options: HttpBridgeOptions): RendererBridge {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const authorization = `Bearer ${options.token}`;
  const { retryMs = 1_000, maxRetryMs = 10_000, staleAfterMs = EVENT_STREAM_STALE_AFTER_MS } = options;

  async function call(channel: Channel, request: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetchImpl(`${options.origin}/api/call/${channel}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      return fail('UNAVAILABLE', t.app.lostContact);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fail('UNAVAILABLE', t.app.unexpectedAnswer(response.status));
    }
    const envelope = ResultEnvelopeSchema.safeParse(body);
    return envelope.success ? envelope.data : fail('UNAVAILABLE', t.app.unexpectedAnswer(response.status));
  }

  const api = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: unknown) => call(channel, request)]),
  ) as unknown as KassaApi;

  const eventListeners = new Set<(event: MainEvent) => void>();
  const connectionListeners = new Set<(connection: Connection) => void>();
  let connection: Connection = 'connecting';
  /** Stops the running stream loop; set while one runs. */
  let stopStream: (() => void) | undefined;

  const setConnection = (next: Connection) => {
    connection = next;
    for (const listener of connectionListeners) listener(next);
  };

  /** Reads one stream until it ends or goes quiet; returns false when the till refuses us for good. */
  async function readStream(signal: AbortSignal): Promise<boolean> {
    const response = await fetchImpl(`${options.origin}/api/events`, {
      headers: { authorization, accept: 'text/event-stream' },
      cache: 'no-store',
      signal,
    });
    if (response.status === 401 || response.status === 403) return false;
    const isStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    if (!response.ok || !isStream || response.body === null) {
      throw new Error(`the event stream answered HTTP ${response.status}`);
    }
    setConnection('connected');
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    // The till sends heartbeats; silence for several of them means the connection
    // died without closing, and cancelling makes the loop reconnect instead of trusting it.
    let watchdog = setTimeout(() => void reader.cancel(), staleAfterMs);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return true;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => void reader.cancel(), staleAfterMs);
        for (const message of parser.push(value)) {
          const event = MainEventSchema.safeParse(parseJson(message.data));
          if (!event.success) continue;
          for (const listener of eventListeners) listener(event.data);
        }
      }
    } finally {
      clearTimeout(watchdog);
    }
  }

  async function stream(signal: AbortSignal): Promise<void> {
    // A function, not the property: the signal can be aborted while we await.
    const stopped = () => signal.aborted;
    let failures = 0;
    while (!stopped()) {
      try {
        if (!(await readStream(signal))) {
          setConnection('refused');
          return;
        }
        failures = 0;
      } catch {
        failures += 1;
      }
      if (stopped()) return;
      setConnection('reconnecting');
      await delay(Math.min(retryMs * 2 ** Math.max(0, failures - 1), maxRetryMs), signal);
    }
  }

  const startStreaming = () => {
    if (stopStream !== undefined) return;
    const controller = new AbortController();
    stopStream = () => controller.abort();
    void stream(controller.signal);
  };

  /** No one is listening any more: close the stream rather than keep a connection to main open. */
  const stopIfUnused = () => {
    if (eventListeners.size + connectionListeners.size > 0 || stopStream === undefined) return;
    stopStream();
    stopStream = undefined;
    connection = 'connecting';
  };

  return {
    api,
    onEvent(listener) {
      eventListeners.add(listener);
      startStreaming();
      return () => {
        eventListeners.delete(listener);
        stopIfUnused();
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      startStreaming();
      return () => {
        connectionListeners.delete(listener);
        stopIfUnused();
      };
    },
  };
}
