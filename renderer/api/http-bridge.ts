import { CHANNELS, type Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import { MainEventSchema, type MainEvent } from '../../shared/ipc/events.ts';
import { fail, ResultEnvelopeSchema, type Result } from '../../shared/result.ts';
import type { Connection, RendererBridge } from './renderer-bridge.ts';
import { SseParser } from './sse-parser.ts';

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
}

const LOST_CONTACT = 'Lost contact with the till. Check that Kassa is still running; this screen reconnects by itself.';

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

  async function call(channel: Channel, request: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetchImpl(`${options.origin}/api/call/${channel}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      return fail('UNAVAILABLE', LOST_CONTACT);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fail('UNAVAILABLE', `The till answered with something unexpected (HTTP ${response.status}).`);
    }
    const envelope = ResultEnvelopeSchema.safeParse(body);
    return envelope.success
      ? envelope.data
      : fail('UNAVAILABLE', `The till answered with something unexpected (HTTP ${response.status}).`);
  }

  const api = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: unknown) => call(channel, request)]),
  ) as unknown as KassaApi;

  const eventListeners = new Set<(event: MainEvent) => void>();
  const connectionListeners = new Set<(connection: Connection) => void>();
  let connection: Connection = 'connecting';
  let streaming = false;

  const setConnection = (next: Connection) => {
    connection = next;
    for (const listener of connectionListeners) listener(next);
  };

  /** Reads one stream until it ends; returns false when the server refused us for good. */
  async function readStream(): Promise<boolean> {
    const parser = new SseParser();
    const response = await fetchImpl(`${options.origin}/api/events`, {
      headers: { authorization, accept: 'text/event-stream' },
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403) return false;
    if (!response.ok || response.body === null) throw new Error(`event stream answered HTTP ${response.status}`);
    setConnection('connected');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      for (const message of parser.push(value)) {
        const event = MainEventSchema.safeParse(parseJson(message.data));
        if (!event.success) continue;
        for (const listener of eventListeners) listener(event.data);
      }
    }
  }

  async function stream(): Promise<void> {
    const base = options.retryMs ?? 1_000;
    const max = options.maxRetryMs ?? 10_000;
    let failures = 0;
    for (;;) {
      try {
        if (!(await readStream())) {
          setConnection('refused');
          return;
        }
        failures = 0;
      } catch {
        failures += 1;
      }
      setConnection('reconnecting');
      const wait = Math.min(base * 2 ** failures, max);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  const ensureStreaming = () => {
    if (streaming) return;
    streaming = true;
    void stream();
  };

  return {
    api,
    onEvent(listener) {
      eventListeners.add(listener);
      ensureStreaming();
      return () => {
        eventListeners.delete(listener);
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      ensureStreaming();
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
