import type { StateCreator } from 'zustand';
import type { SaleState } from './slice-types.ts';

/** Cash handed over: main takes it as a tender, and finishes the sale when it pays the rest. */
export interface CashSlice {
  payCash(tenderedMinor: number): Promise<void>;
}

export const createCashSlice: StateCreator<SaleState, [], [], CashSlice> = (set, get) => ({
  async payCash(tenderedMinor) {
    set({ busy: true });
    const step = await get().command('sales.payCash', (saleId) => ({ saleId, tenderedMinor }));
    set({ busy: false });
    if (step === undefined) return;
    // Part paid: back to the sale for the rest. Paid in full: the receipt is on screen already.
    if (step.finished === undefined) set({ panel: 'none', notice: undefined });
  },
});
