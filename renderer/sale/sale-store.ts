import { create } from 'zustand';
import { createApprovalSlice } from './store/approval-slice.ts';
import { createCardSlice } from './store/card-slice.ts';
import { createCartSlice } from './store/cart-slice.ts';
import { createCashSlice } from './store/cash-slice.ts';
import { createCatalogSlice } from './store/catalog-slice.ts';
import { createLifecycleSlice } from './store/lifecycle-slice.ts';
import { createMainLink } from './store/main-link.ts';
import { createParkedSlice } from './store/parked-slice.ts';
import { createReceiptSlice } from './store/receipt-slice.ts';
import { createSaleMirrorSlice } from './store/sale-mirror-slice.ts';
import { createScreenSlice } from './store/screen-slice.ts';
import type { SaleState } from './store/slice-types.ts';

export { emptySaleView, patchedSale } from './store/sale-view.ts';
export { ESCAPABLE_PANELS } from './store/screen-slice.ts';
export type { CardPaymentOnScreen, Notice, Panel, PendingApproval, SaleState } from './store/slice-types.ts';

/**
 * The sale on screen: a mirror of main's open sale, and what the cashier is
 * being told. The screen never decides a price, a total or what is due:
 * every change is a command to main, which answers with the sale as it now
 * stands (written to its journal first), and the screen shows that. Commands
 * go one after another, so answers arrive in the order they were asked.
 * Card outcomes come only from main (the payment service), never from a guess here.
 *
 * One store made of slices (in `store/`), one job each; they share one line
 * to main, so every command waits in the same queue.
 */
export const useSaleStore = create<SaleState>()((...store) => {
  const link = createMainLink();
  return {
    ...createSaleMirrorSlice(link)(...store),
    ...createCatalogSlice(link)(...store),
    ...createCartSlice(...store),
    ...createCardSlice(link)(...store),
    ...createCashSlice(...store),
    ...createParkedSlice(link)(...store),
    ...createApprovalSlice(link)(...store),
    ...createReceiptSlice(link)(...store),
    ...createScreenSlice(...store),
    ...createLifecycleSlice(link)(...store),
  };
});
