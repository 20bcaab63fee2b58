import type { KassaBridge } from '../shared/ipc/contract.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload.ts); absent in browser mode. */
    readonly kassa?: KassaBridge;
  }
}
