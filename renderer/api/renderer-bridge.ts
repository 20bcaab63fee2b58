import type { KassaBridge } from '../../shared/ipc/contract.ts';

/** Whether the UI can currently hear from main. Electron's IPC is always connected. */
export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** The bridge as the UI uses it: the contract's bridge plus the state of the link to main. */
export interface RendererBridge extends KassaBridge {
  onConnection(listener: (connection: Connection) => void): () => void;
}

/** Wraps the preload's `window.kassa`: IPC to main cannot drop while the window lives. */
export function fromPreload(bridge: KassaBridge): RendererBridge {
  return {
    api: bridge.api,
    onEvent: (listener) => bridge.onEvent(listener),
    onConnection(listener) {
      listener('connected');
      return () => undefined;
    },
  };
}
