import type { PaymentAttemptView } from '../../../shared/payments/payment-state.ts';
import type { Approval } from '../../../shared/sale/sale-commands.ts';
import type { ApprovalSlice } from './approval-slice.ts';
import type { CardSlice } from './card-slice.ts';
import type { CartSlice } from './cart-slice.ts';
import type { CashSlice } from './cash-slice.ts';
import type { CatalogSlice } from './catalog-slice.ts';
import type { LifecycleSlice } from './lifecycle-slice.ts';
import type { ParkedSlice } from './parked-slice.ts';
import type { ReceiptSlice } from './receipt-slice.ts';
import type { SaleMirrorSlice } from './sale-mirror-slice.ts';
import type { ScreenSlice } from './screen-slice.ts';

/**
 * The sale store as a whole: every slice's state and actions in one object.
 * Each slice is written against this type, so it reaches the others through
 * `get()` and paints what it changes with `set()`, as one store.
 */
export type SaleState = SaleMirrorSlice &
  CatalogSlice &
  CartSlice &
  CardSlice &
  CashSlice &
  ParkedSlice &
  ApprovalSlice &
  ReceiptSlice &
  ScreenSlice &
  LifecycleSlice;

/**
 * `receipts`: reprint any receipt by number and open the drawer without a sale;
 * `journal`: look back at finished sales and refund them; `day`: the till day and its reports;
 * `approval`: a manager's name and PIN for a change above the cashier's limits;
 * `openItem`: a price typed for an item without a code;
 * `deposits`: take a deposit by link, and capture or release the open ones (a till whose gateway holds).
 */
export type Panel =
  | 'none'
  | 'cash'
  | 'card'
  | 'parked'
  | 'receipt'
  | 'receipts'
  | 'journal'
  | 'day'
  | 'approval'
  | 'openItem'
  | 'deposits';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** Grows with every notice, so the same words twice still flash. */
  serial: number;
}

export interface CardPaymentOnScreen {
  view: PaymentAttemptView;
  /** What the terminal itself last displayed, when it says. */
  terminalMessage: string | undefined;
  /** When the cashier pressed Cancel: the terminal may still approve it (the payment can win the race). */
  cancelSentAt?: string | undefined;
  /** Approved although Cancel was pressed: said plainly on the card panel before the receipt. */
  wonRace?: boolean | undefined;
}

/** A change main would make only with a manager's approval: what it said, and how to ask again with one. */
export interface PendingApproval {
  message: string;
  /** Sends the change again with the manager's name and PIN; answers main's refusal, or undefined when done. */
  approve(approval: Approval): Promise<string | undefined>;
}

/** The commands that change the open sale, all answered with a SaleStep. */
export type SaleCommand =
  | 'sales.addItem'
  | 'sales.addOpenItem'
  | 'sales.setQuantity'
  | 'sales.removeLine'
  | 'sales.setDiscount'
  | 'sales.overridePrice'
  | 'sales.payCash'
  | 'sales.complete'
  | 'sales.park'
  | 'sales.recall'
  | 'sales.void';
