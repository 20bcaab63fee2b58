import type { StateCreator } from 'zustand';
import type { ParkedSale } from '../../../shared/sale/completed-sale.ts';
import { t } from '../../i18n/words.ts';
import type { MainLink } from './main-link.ts';
import { notice } from './screen-slice.ts';
import type { SaleState } from './slice-types.ts';

/** Sales put aside in main to serve the next customer, and taking one back. */
export interface ParkedSlice {
  parked: ParkedSale[];
  park(note?: string): Promise<void>;
  loadParked(): Promise<void>;
  recall(saleId: string): Promise<void>;
}

export const createParkedSlice =
  (link: MainLink): StateCreator<SaleState, [], [], ParkedSlice> =>
  (set, get) => ({
    parked: [],

    async park(note) {
      const sale = get().sale;
      if (sale.lines.length === 0) return;
      if (sale.linesLocked) {
        get().say('error', t.sale.locked);
        return;
      }
      const trimmed = note?.trim();
      const step = await get().command('sales.park', (saleId) => ({
        saleId,
        ...(trimmed === undefined || trimmed === '' ? {} : { note: trimmed }),
      }));
      if (step === undefined) return;
      set({ selectedLineId: undefined, panel: 'none', notice: notice('info', t.sale.parkedNow) });
    },

    async loadParked() {
      const answer = await link.api()['sales.parked']({});
      if (answer.ok) set({ parked: answer.value, panel: 'parked' });
      else get().say('error', answer.error.message);
    },

    async recall(saleId) {
      if (get().sale.lines.length > 0) {
        get().say('error', t.sale.finishBeforeRecall);
        return;
      }
      const step = await get().command('sales.recall', () => ({ saleId }));
      if (step === undefined) return;
      set({ selectedLineId: undefined, panel: 'none', notice: undefined });
    },
  });
