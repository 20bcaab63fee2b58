import type { StateCreator } from 'zustand';
import { cardInFlight } from './sale-view.ts';
import type { Notice, Panel, SaleState } from './slice-types.ts';

/** Which panel is open, what the cashier is being told, and whether the tender keys wait for main. */
export interface ScreenSlice {
  panel: Panel;
  notice: Notice | undefined;
  /** A payment or a completion is on its way to main: the keys that would send another wait. */
  busy: boolean;
  openPanel(panel: Panel): void;
  say(kind: Notice['kind'], text: string): void;
}

/** Panels away from the sale, which Escape closes. */
export const ESCAPABLE_PANELS: ReadonlySet<Panel> = new Set([
  'cash',
  'parked',
  'receipts',
  'journal',
  'day',
  'approval',
  'openItem',
  'deposits',
]);

/** No panel, no card, no finished sale, no question pending: the screen with just the sale. */
export const NOTHING_ON_SCREEN = {
  selectedLineId: undefined,
  panel: 'none',
  card: undefined,
  completed: undefined,
  receiptSvg: undefined,
  drawer: undefined,
  receiptJobs: [],
  approval: undefined,
  openItem: undefined,
  nextQuantity: undefined,
  notice: undefined,
} as const satisfies Partial<SaleState>;

let noticeSerial = 0;
export const notice = (kind: Notice['kind'], text: string): Notice => ({ kind, text, serial: (noticeSerial += 1) });

export const createScreenSlice: StateCreator<SaleState, [], [], ScreenSlice> = (set, get) => ({
  panel: 'none',
  notice: undefined,
  busy: false,

  openPanel(panel) {
    // A card out at the terminal, or a finished sale's receipt, stays on screen until it is dealt with.
    if (cardInFlight(get()) || get().panel === 'receipt') return;
    set({ panel: get().card === undefined ? panel : 'card' });
  },

  say: (kind, text) => set({ notice: notice(kind, text) }),
});
