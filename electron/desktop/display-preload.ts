import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

/**
 * The customer display window's preload: the page may only hear display
 * states, on one channel, and has no way to call main (no `api`). It imports
 * nothing of the till's preload, so the two stay single files.
 */

/** The same name as `DISPLAY_STATE_CHANNEL` in shared/customer-display/display-state.ts (checked by its test). */
const DISPLAY_STATE_CHANNEL = 'kassa:customer-display';

contextBridge.exposeInMainWorld('kassaDisplay', {
  onState(listener: (state: unknown) => void) {
    const forward = (_event: IpcRendererEvent, state: unknown) => listener(state);
    ipcRenderer.on(DISPLAY_STATE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(DISPLAY_STATE_CHANNEL, forward);
    };
  },
});
