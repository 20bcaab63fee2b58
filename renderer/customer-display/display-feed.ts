import { CustomerDisplayStateSchema, type CustomerDisplayState } from '../../shared/customer-display/display-state.ts';
import { EVENT_STREAM_STALE_AFTER_MS } from '../../shared/ipc/event-stream.ts';
import { SseParser } from '../api/sse-parser.ts';

/**
 * How the customer display hears the till: it only receives. In the Electron
 * display window its preload hands it states (`window.kassaDisplay`, no
 * `api`); in a browser it reads `kassa serve`'s display stream
 * (`GET /api/display/events`) with the display's own token, taken from the
 * URL fragment like the till's page takes its own. Every state is checked
 * against the schema here too; anything else is dropped.
 */

export type DisplayConnection = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'no-link';

export interface DisplayFeed {
  /** Returns the function that stops listening (and, in a browser, closes the stream). */
  listen(
    onState: (state: CustomerDisplayState) => void,
    onConnection: (connection: DisplayConnection) => void,
  ): () => void;
}

/** What the display window's preload exposes (electron/desktop/display-preload.ts). */
export interface DisplayWindowBridge {
  onState(listener: (state: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Set by the display window's preload; absent in browser mode. */
    readonly kassaDisplay?: DisplayWindowBridge;
  }
}

function parsedState(data: unknown): CustomerDisplayState | undefined {
  const checked = CustomerDisplayStateSchema.safeParse(data);
  return checked.success ? checked.data : undefined;
}

export function fromDisplayWindow(bridge: DisplayWindowBridge): DisplayFeed {
  return {
    listen(onState, onConnection) {
      onConnection('connected');
      return bridge.onState((data) => {
        const state = parsedState(data);
        if (state !== undefined) onState(state);
      });
    },
  };
}

export interface DisplayStreamOptions {
  origin: string;
  token: string;
  fetch?: typeof fetch;
  retryMs?: number;
  maxRetryMs?: number;
  staleAfterMs?: number;
}

/** The browser's display: one long-lived stream that reconnects on its own, and gives up only when refused. */
export function fromDisplayStream(options: DisplayStreamOptions): DisplayFeed {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const { retryMs = 1_000, maxRetryMs = 10_000, staleAfterMs = EVENT_STREAM_STALE_AFTER_MS } = options;

  return {
    listen(onState, onConnection) {
      const controller = new AbortController();
      const { signal } = controller;
      // A function, not the property: the signal can be aborted while we await.
      const stopped = () => signal.aborted;

      /** Reads one stream until it ends or goes quiet; false when the till refuses this display for good. */
      async function readStream(): Promise<boolean> {
        const response = await fetchImpl(`${options.origin}/api/display/events`, {
          headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
        if (response.status === 401 || response.status === 403) return false;
        if (!response.ok || response.body === null) throw new Error(`the display stream answered ${response.status}`);
        onConnection('connected');
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let watchdog = setTimeout(() => void reader.cancel(), staleAfterMs);
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return true;
            clearTimeout(watchdog);
            watchdog = setTimeout(() => void reader.cancel(), staleAfterMs);
            for (const message of parser.push(value)) {
              let data: unknown;
              try {
                data = JSON.parse(message.data);
              } catch {
                continue;
              }
              const state = parsedState(data);
              if (state !== undefined) onState(state);
            }
          }
        } finally {
          clearTimeout(watchdog);
        }
      }

      void (async () => {
        let failures = 0;
        onConnection('connecting');
        while (!stopped()) {
          try {
            if (!(await readStream())) {
              onConnection('refused');
              return;
            }
            failures = 0;
          } catch {
            failures += 1;
          }
          if (stopped()) return;
          onConnection('reconnecting');
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(retryMs * 2 ** Math.max(0, failures - 1), maxRetryMs));
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
      })();
      return () => controller.abort();
    },
  };
}
