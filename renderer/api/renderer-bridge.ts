import { CHANNELS } from '../../shared/ipc/channels.ts';
import type { KassaApi, KassaBridge } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/result.ts';
import { t } from '../i18n/words.ts';

/** Whether the UI can currently hear from main. Electron's IPC is always connected. */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The bridge as the UI uses it: the contract's bridge plus the state of the link to main. */
export interface RendererBridge extends KassaBridge {
  onConnection(listener: (connection: Connection) => void): () => void;
}

/**
 * Wraps the preload's `window.kassa`: IPC to main cannot drop while the window
 * lives. A call IPC cannot carry (not cloneable, main not answering yet)
 * rejects; the page gets a Result in the till's words instead, as the
 * contract promises.
 */
export function fromPreload(bridge: KassaBridge): RendererBridge {
  const api = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      (request: unknown) =>
        (bridge.api[channel] as (request: unknown) => Promise<unknown>)(request).catch(() =>
          fail('UNAVAILABLE', t.app.notCarried),
        ),
    ]),
  ) as KassaApi;
  return {
    api,
    onEvent: (listener) => bridge.onEvent(listener),
    onConnection(listener) {
      listener('connected');
      return () => undefined;
    },
  };
}
