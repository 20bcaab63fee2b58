import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema, type CurrencyCode } from '../money.ts';
import { PaymentStateSchema } from '../payments/payment-state.ts';
import {
  appendLine,
  cartTotals,
  CartLineSchema,
  emptyCart,
  LineDiscountSchema,
  MAX_LINE_QUANTITY,
  overridePrice,
  removeLine,
  setDiscount,
  setQuantity,
  type Cart,
  type CartLine,
} from './cart.ts';
import { RecordedTenderSchema, SaleIdSchema, VatRowSchema, type RecordedTender } from './completed-sale.ts';
import { balanceDue, cashToPay, paidMinor, type CashTender } from './tenders.ts';

/**
 * The sale on the till before it is recorded: main's, never the screen's.
 *
 * Main keeps it as a log of small changes (`SaleEvent`), each written to the
 * journal before the cashier is answered, so a crash, a reload or a restart
 * finds the same sale by replaying its log. `applySaleEvent` is that replay,
 * one step: pure and exact, the same function main runs when the change is
 * made and when the journal is read back. An event says what the change came
 * to (a new line with the catalogue's price, a quantity, a discount), never
 * how it was asked for, so replaying never looks anything up again: a sale
 * rung up before a price change keeps the price the customer was quoted.
 *
 * Card tenders are not events here: they live in the payment journal (same
 * file), and the view is built with them.
 */

const ApproverSchema = z.string().min(1).max(32);

export const SaleEventSchema = z.discriminatedUnion('type', [
  /** A new line, priced from the catalogue (or an open item's typed price). */
  z
    .object({
      type: z.literal('line_added'),
      line: CartLineSchema,
      /** Set for an open item: a price typed at the till for a department key. */
      openItem: z.literal(true).optional(),
    })
    .strict(),
  /** A line's quantity; a rescan of the same item raises it by one. */
  z
    .object({
      type: z.literal('quantity_set'),
      lineId: z.string().min(1).max(64),
      quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
    })
    .strict(),
  z.object({ type: z.literal('line_removed'), lineId: z.string().min(1).max(64) }).strict(),
  /** A discount set (or cleared, null) on a line; `approvedBy` names the manager who allowed it. */
  z
    .object({
      type: z.literal('discount_set'),
      lineId: z.string().min(1).max(64),
      discount: LineDiscountSchema.nullable(),
      approvedBy: ApproverSchema.optional(),
    })
    .strict(),
  /** A price typed for a line (or back to the catalogue's, null). */
  z
    .object({
      type: z.literal('price_set'),
      lineId: z.string().min(1).max(64),
      priceMinor: MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative').nullable(),
      approvedBy: ApproverSchema.optional(),
    })
    .strict(),
  /** Cash handed over for this sale: what was applied, and the change. */
  z
    .object({
      type: z.literal('cash_taken'),
      tenderedMinor: MinorUnitsSchema.refine((minor) => minor > 0, 'must be more than zero'),
      amountMinor: MinorUnitsSchema.refine((minor) => minor > 0, 'must be more than zero'),
      changeMinor: MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative'),
      /** Cash rounding when this cash settled the sale on a till that rounds cash (tenders.ts). */
      roundingMinor: MinorUnitsSchema.refine((minor) => minor !== 0, 'is left out when nothing was rounded').optional(),
    })
    .strict(),
  z.object({ type: z.literal('parked'), note: z.string().max(60).nullable() }).strict(),
  z.object({ type: z.literal('recalled') }).strict(),
  z.object({ type: z.literal('voided'), reason: z.string().max(200).nullable() }).strict(),
  z.object({ type: z.literal('completed'), receiptNumber: z.string().min(1).max(40) }).strict(),
  /** A sale parked by a Kassa from before main owned the sale: its lines as they were parked. */
  z.object({ type: z.literal('lines_restored'), lines: z.array(CartLineSchema) }).strict(),
]);
export type SaleEvent = z.infer<typeof SaleEventSchema>;

export type OpenSaleStatus = 'open' | 'parked' | 'completed' | 'voided';

/** Who allowed a change above the cashier's limits, per line. */
export interface LineApprovals {
  discount?: string;
  price?: string;
}

export interface OpenSale {
  readonly saleId: string;
  readonly startedAt: string;
  readonly status: OpenSaleStatus;
  readonly cart: Cart;
  /** Cash taken so far, in the order it was handed over. */
  readonly cash: readonly CashTender[];
  /** Lines whose price was typed for an open item. */
  readonly openItems: ReadonlySet<string>;
  /** Lines parked by an earlier Kassa, priced by its screen: main prices them again before they are sold. */
  readonly restoredLines: ReadonlySet<string>;
  readonly approvals: ReadonlyMap<string, LineApprovals>;
  readonly note: string | undefined;
  /** How many changes it has had: the view's version. */
  readonly revision: number;
}

export function newOpenSale(saleId: string, currency: CurrencyCode, startedAt: string): OpenSale {
  return {
    saleId,
    startedAt,
    status: 'open',
    cart: emptyCart(saleId, currency),
    cash: [],
    openItems: new Set(),
    restoredLines: new Set(),
    approvals: new Map(),
    note: undefined,
    revision: 0,
  };
}

/**
 * The sale after one event. Throws (a SaleRuleError or a RangeError from the
 * cart) when the event does not fit the sale: main never writes such an
 * event, so reading one back means the journal is not what main wrote.
 */
export function applySaleEvent(sale: OpenSale, event: SaleEvent): OpenSale {
  const next = (change: Partial<OpenSale>): OpenSale => ({ ...sale, ...change, revision: sale.revision + 1 });
  switch (event.type) {
    case 'line_added': {
      const openItems = event.openItem === true ? new Set([...sale.openItems, event.line.lineId]) : sale.openItems;
      return next({ cart: appendLine(sale.cart, event.line), openItems });
    }
    case 'quantity_set':
      return next({ cart: setQuantity(sale.cart, event.lineId, event.quantity) });
    case 'line_removed': {
      const approvals = new Map(sale.approvals);
      approvals.delete(event.lineId);
      const openItems = new Set(sale.openItems);
      openItems.delete(event.lineId);
      const restoredLines = new Set(sale.restoredLines);
      restoredLines.delete(event.lineId);
      return next({ cart: removeLine(sale.cart, event.lineId), approvals, openItems, restoredLines });
    }
    case 'discount_set':
      return next({
        cart: setDiscount(sale.cart, event.lineId, event.discount ?? undefined),
        approvals: approved(
          sale.approvals,
          event.lineId,
          'discount',
          event.discount === null ? undefined : event.approvedBy,
        ),
      });
    case 'price_set':
      return next({
        cart: overridePrice(sale.cart, event.lineId, event.priceMinor ?? undefined),
        approvals: approved(
          sale.approvals,
          event.lineId,
          'price',
          event.priceMinor === null ? undefined : event.approvedBy,
        ),
      });
    case 'cash_taken':
      return next({
        cash: [
          ...sale.cash,
          {
            kind: 'cash',
            tenderedMinor: event.tenderedMinor,
            amountMinor: event.amountMinor,
            changeMinor: event.changeMinor,
            ...(event.roundingMinor === undefined ? {} : { roundingMinor: event.roundingMinor }),
          },
        ],
      });
    case 'parked':
      return next({ status: 'parked', note: event.note ?? undefined });
    case 'recalled':
      return next({ status: 'open' });
    case 'voided':
      return next({ status: 'voided' });
    case 'completed':
      return next({ status: 'completed' });
    case 'lines_restored':
      return next({
        cart: event.lines.reduce(appendLine, sale.cart),
        restoredLines: new Set([...sale.restoredLines, ...event.lines.map((line) => line.lineId)]),
      });
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function approved(
  approvals: ReadonlyMap<string, LineApprovals>,
  lineId: string,
  what: keyof LineApprovals,
  by: string | undefined,
): ReadonlyMap<string, LineApprovals> {
  const current = approvals.get(lineId) ?? {};
  if (current[what] === by) return approvals;
  const copy = new Map(approvals);
  const discount = what === 'discount' ? by : current.discount;
  const price = what === 'price' ? by : current.price;
  if (discount === undefined && price === undefined) copy.delete(lineId);
  else copy.set(lineId, { ...(discount === undefined ? {} : { discount }), ...(price === undefined ? {} : { price }) });
  return copy;
}

// ── what the screen is shown ───────────────────────────────────────────────

/** A card payment on the sale that is not settled: it holds the lines and the terminal. */
export const SaleCardAttemptSchema = z.object({ attemptId: z.string().min(1), state: PaymentStateSchema });

export const SaleTotalsSchema = z.object({
  itemCount: z.number().int().min(0),
  lineCount: z.number().int().min(0),
  grossMinor: MinorUnitsSchema,
  discountMinor: MinorUnitsSchema,
  totalMinor: MinorUnitsSchema,
  vat: z.array(VatRowSchema),
});

/** The open sale as main answers every sale command with it. */
export const OpenSaleViewSchema = z.object({
  saleId: SaleIdSchema,
  currency: CurrencyCodeSchema,
  startedAt: z.iso.datetime(),
  /** Grows with every change, so the screen can tell a newer answer from an older one. */
  revision: z.number().int().min(0),
  lines: z.array(CartLineSchema),
  /** Lines whose price or discount needed a manager, and who approved it. */
  approvals: z.array(z.object({ lineId: z.string(), discount: z.string().optional(), price: z.string().optional() })),
  /** Lines that are open items (a price typed for a department key). */
  openItems: z.array(z.string()),
  totals: SaleTotalsSchema,
  /** Cash taken and approved card payments, in the order they were taken. */
  tenders: z.array(RecordedTenderSchema),
  paidMinor: MinorUnitsSchema,
  dueMinor: MinorUnitsSchema,
  /**
   * What cash pays for `dueMinor` on this till: the same, or rounded to the
   * till's cash increment (`selling.cashRounding`). A card pays `dueMinor`.
   * Absent from an answer of a Kassa that did not round cash.
   */
  cashDueMinor: MinorUnitsSchema.optional(),
  /** A card payment still going (or waiting for a manager) on this sale. */
  card: SaleCardAttemptSchema.nullable(),
  /** Once money is taken or asked for, the lines cannot change. */
  linesLocked: z.boolean(),
  /**
   * A sale main finished by itself (a card approval arrived while no screen
   * was following: a reload, a restart) whose receipt no screen has shown
   * yet: the screen asks for it with `sales.complete`.
   */
  unshownReceipt: z.object({ saleId: SaleIdSchema, receiptNumber: z.string() }).nullable(),
});
export type OpenSaleView = z.infer<typeof OpenSaleViewSchema>;

/** What the view needs from the payment journal: the sale's approved cards and the one still going, if any. */
export interface SaleCards {
  approved: Extract<RecordedTender, { kind: 'card' }>[];
  unsettled: { attemptId: string; state: z.infer<typeof PaymentStateSchema> } | undefined;
}

export const NO_CARDS: SaleCards = { approved: [], unsettled: undefined };

/** What the cash and the approved cards have paid, and what is still due; never below zero. */
export function saleBalance(
  sale: OpenSale,
  cards: SaleCards,
): { totalMinor: number; paidMinor: number; dueMinor: number } {
  const { totalMinor } = cartTotals(sale.cart);
  const tenders = [...cards.approved, ...sale.cash];
  return { totalMinor, paidMinor: paidMinor(tenders), dueMinor: balanceDue(totalMinor, tenders) };
}

/** Lines freeze once any money is held on the sale or a card payment may be taking some. */
export function linesLocked(sale: OpenSale, cards: SaleCards): boolean {
  return sale.cash.length > 0 || cards.approved.length > 0 || cards.unsettled !== undefined;
}

/** The sale as the screen is shown it; `lines` in place of all of them, for an answer that sends only the changed ones. */
export function openSaleView(
  sale: OpenSale,
  cards: SaleCards,
  unshownReceipt: OpenSaleView['unshownReceipt'] = null,
  lines: readonly CartLine[] = sale.cart.lines,
  cashIncrementMinor = 1,
): OpenSaleView {
  const totals = cartTotals(sale.cart);
  const balance = saleBalance(sale, cards);
  return {
    saleId: sale.saleId,
    currency: sale.cart.currency,
    startedAt: sale.startedAt,
    revision: sale.revision,
    lines: [...lines],
    approvals: [...sale.approvals].map(([lineId, by]) => ({ lineId, ...by })),
    openItems: [...sale.openItems],
    totals,
    tenders: [...cards.approved, ...sale.cash],
    paidMinor: balance.paidMinor,
    dueMinor: balance.dueMinor,
    cashDueMinor: cashToPay(balance.dueMinor, cashIncrementMinor),
    card: cards.unsettled ?? null,
    linesLocked: linesLocked(sale, cards),
    unshownReceipt,
  };
}

/** A line as the sale holds it, found by id. */
export function lineOf(sale: OpenSale, lineId: string): CartLine | undefined {
  return sale.cart.lines.find((line) => line.lineId === lineId);
}

/**
 * The lines that changed from `before` to `now`, and those that went: what
 * a compact answer sends. Lines keep their order and new ones go at the end,
 * and the cart functions keep every line they did not change (the same
 * object), so one walk down both lists finds it all.
 */
export function linesChangedSince(
  before: readonly CartLine[],
  now: readonly CartLine[],
): { changed: CartLine[]; removed: string[] } {
  const changed: CartLine[] = [];
  const removed: string[] = [];
  let at = 0;
  for (const line of before) {
    const next = now[at];
    if (next === line) at += 1;
    else if (next?.lineId === line.lineId) {
      changed.push(next);
      at += 1;
    } else removed.push(line.lineId);
  }
  changed.push(...now.slice(at));
  return { changed, removed };
}
