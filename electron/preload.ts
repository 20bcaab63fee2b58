import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENT_CHANNEL, ipcChannelName } from '../shared/ipc/channels.ts';
import type { KassaApi, KassaBridge } from '../shared/ipc/contract.ts';
import type { MainEvent } from '../shared/ipc/events.ts';

/**
 * The renderer's only door into main: one function per contract channel and an
 * event subscription, exposed as `window.kassa`. No raw `ipcRenderer`, no
 * channel names chosen by the page, and the Electron event object never
 * reaches page code. Main validates every payload; the preload only carries it.
 */

// invoke() rejects only when the request cannot be carried (not cloneable, no handler yet). The
// renderer's fromPreload turns that into a Result in the till's language: the preload knows no words.
const api = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(ipcChannelName(channel), request)]),
) as KassaApi;

const bridge = {
  api,
  onEvent(listener: (event: MainEvent) => void) {
    const forward = (_event: IpcRendererEvent, payload: MainEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
} satisfies KassaBridge;

contextBridge.exposeInMainWorld('kassa', bridge);
