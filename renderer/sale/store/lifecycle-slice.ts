import type { StateCreator } from 'zustand';
import type { MainEvent } from '../../../shared/ipc/events.ts';
import type { CurrencyCode } from '../../../shared/money.ts';
import type { RendererBridge } from '../../api/renderer-bridge.ts';
import type { MainLink } from './main-link.ts';
import { emptySaleView } from './sale-view.ts';
import { NOTHING_ON_SCREEN } from './screen-slice.ts';
import type { SaleState } from './slice-types.ts';

/** Starting the sale screen on a bridge to main, hearing main's events, and forgetting it all when the till locks. */
export interface LifecycleSlice {
  /** Connects the screen to main through `bridge`; returns how to disconnect it. */
  attach(bridge: RendererBridge, currency: CurrencyCode): () => void;
  /** The till locked: nothing of the sale stays on this page; main keeps it for whoever logs in. */
  forget(): void;
}

export const createLifecycleSlice =
  (link: MainLink): StateCreator<SaleState, [], [], LifecycleSlice> =>
  (set, get) => {
    const onEvent = (event: MainEvent) => {
      if (event.type === 'print.job') get().trackPrintJob(event.job);
      if (event.type === 'payment.progress') get().followCardProgress(event.progress);
    };

    return {
      attach(linked, currency) {
        const letGo = link.connect(linked);
        if (get().currency !== currency) set({ currency, sale: emptySaleView(currency) });
        const stopEvents = linked.onEvent(onEvent);
        // On every (re)connection main's sale is read again: main is where it lives, not this page.
        const stopConnection = linked.onConnection((connection) => {
          if (connection === 'connected') void get().refreshSale();
        });
        void get().loadCatalog();
        return () => {
          stopEvents();
          stopConnection();
          letGo();
        };
      },

      forget() {
        link.lock();
        set({ ...NOTHING_ON_SCREEN, sale: emptySaleView(get().currency), parked: [] });
      },
    };
  };
