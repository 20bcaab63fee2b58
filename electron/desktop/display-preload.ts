import { contextBridge, ipcRenderer } from 'electron';

/**
 * The customer display window's preload: the page may only hear display
 * states, on one channel, and has no way to call main (no `api`). It imports
 * nothing of the till's preload, so the two stay single files.
 *
 * Main sends the state once the page has loaded, which may be before the
 * page has started listening: the last state is kept and handed to each new
 * listener at once.
 */

/** The same name as `DISPLAY_STATE_CHANNEL` in shared/customer-display/display-state.ts (checked by its test). */
const DISPLAY_STATE_CHANNEL = 'kassa:customer-display';

const listeners = new Set<(state: unknown) => void>();
let last: { state: unknown } | undefined;

ipcRenderer.on(DISPLAY_STATE_CHANNEL, (_event, state: unknown) => {
  last = { state };
  for (const listener of listeners) listener(state);
});

contextBridge.exposeInMainWorld('kassaDisplay', {
  onState(listener: (state: unknown) => void) {
    listeners.add(listener);
    if (last !== undefined) listener(last.state);
    return () => {
      listeners.delete(listener);
    };
  },
});
