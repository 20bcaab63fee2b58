import type { CurrencyCode } from '../../../shared/money.ts';
import {
  FINAL_PAYMENT_STATES,
  IN_FLIGHT_PAYMENT_STATES,
  type PaymentAttemptView,
  type PaymentState,
} from '../../../shared/payments/payment-state.ts';
import type { CartLine, LineDiscount } from '../../../shared/sale/cart.ts';
import type { OpenSaleView } from '../../../shared/sale/open-sale.ts';
import type { SaleStep } from '../../../shared/sale/sale-commands.ts';

/**
 * What the screen shows, worked out from main's answers alone: pure
 * functions, no store, so each can be tested on plain values.
 */

/** The sale id the screen holds until main has said which sale is open. */
export const WAITING = 'waiting-for-main';

/** What the screen shows until main has said which sale is open: nothing, and nothing to act on. */
export function emptySaleView(currency: CurrencyCode): OpenSaleView {
  return {
    saleId: WAITING,
    currency,
    startedAt: new Date(0).toISOString(),
    revision: 0,
    lines: [],
    approvals: [],
    openItems: [],
    totals: { itemCount: 0, lineCount: 0, grossMinor: 0, discountMinor: 0, totalMinor: 0, vat: [] },
    tenders: [],
    paidMinor: 0,
    dueMinor: 0,
    card: null,
    linesLocked: false,
    unshownReceipt: null,
  };
}

function sameDiscount(a: LineDiscount | undefined, b: LineDiscount | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'percent') return b.kind === 'percent' && a.basisPoints === b.basisPoints;
  return b.kind === 'amount' && a.minor === b.minor;
}

function sameLine(a: CartLine, b: CartLine): boolean {
  return (
    a.lineId === b.lineId &&
    a.sku === b.sku &&
    a.name === b.name &&
    a.unitPriceMinor === b.unitPriceMinor &&
    a.priceOverrideMinor === b.priceOverrideMinor &&
    a.quantity === b.quantity &&
    a.vatBasisPoints === b.vatBasisPoints &&
    sameDiscount(a.discount, b.discount)
  );
}

/**
 * Main's answer, keeping the line objects that did not change: each row of a
 * long sale is memoised on its line, so adding one line repaints one row.
 */
export function keepUnchangedLines(previous: OpenSaleView, next: OpenSaleView): OpenSaleView {
  if (previous.saleId !== next.saleId || previous.lines.length === 0) return next;
  const before = new Map(previous.lines.map((line) => [line.lineId, line]));
  let reused = 0;
  const lines = next.lines.map((line) => {
    const old = before.get(line.lineId);
    if (old !== undefined && sameLine(old, line)) {
      reused += 1;
      return old;
    }
    return line;
  });
  if (reused === lines.length && lines.length === previous.lines.length) return { ...next, lines: previous.lines };
  return { ...next, lines };
}

/**
 * The sale after a change main answered with only the lines that changed
 * since `held`: changed lines in their place, new ones at the end (lines are
 * only ever added at the end), removed ones gone. Undefined when the answer
 * is not a change to `held` (the screen moved on meanwhile): then the screen
 * reads the whole sale again.
 */
export function patchedSale(held: OpenSaleView, step: SaleStep): OpenSaleView | undefined {
  const since = step.linesSince;
  if (since === undefined) return step.sale;
  if (since.revision !== held.revision || step.sale.saleId !== held.saleId) return undefined;
  const changed = new Map(step.sale.lines.map((line) => [line.lineId, line]));
  const removed = new Set(since.removed);
  const lines: CartLine[] = [];
  for (const line of held.lines) {
    if (removed.has(line.lineId)) continue;
    lines.push(changed.get(line.lineId) ?? line);
    changed.delete(line.lineId);
  }
  lines.push(...changed.values());
  return { ...step.sale, lines };
}

const isInFlight = (state: PaymentState) => IN_FLIGHT_PAYMENT_STATES.includes(state);
export const isFinal = (state: PaymentState) => FINAL_PAYMENT_STATES.has(state);

/** Whether the card payment on screen may be out at the terminal. */
export function cardInFlight(state: { card: { view: PaymentAttemptView } | undefined }): boolean {
  return state.card !== undefined && isInFlight(state.card.view.state);
}
