import { create } from 'zustand';
import { buildCatalogIndex, type CatalogIndex } from '../../shared/catalog/catalog-index.ts';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import {
  FINAL_PAYMENT_STATES,
  IN_FLIGHT_PAYMENT_STATES,
  type PaymentAttemptView,
  type PaymentState,
} from '../../shared/payments/payment-state.ts';
import {
  addItem,
  cartTotals,
  emptyCart,
  overridePrice,
  removeLine,
  SaleRuleError,
  setDiscount,
  setQuantity,
  type Cart,
  type LineDiscount,
} from '../../shared/sale/cart.ts';
import { MAX_SALE_LINES, type CompletedSale, type ParkedSale } from '../../shared/sale/completed-sale.ts';
import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import { balanceDue, cashTender, paidMinor, type Tender } from '../../shared/sale/tenders.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { en } from '../i18n/messages.ts';

/**
 * The sale on screen: its lines, the tenders taken so far, the card payment in
 * progress and what the cashier is being told. Every rule about money comes
 * from `shared/sale/`; card outcomes come only from main (the payment
 * service), never from a guess here. Once a tender is taken the lines freeze,
 * because the terminal was asked for an amount computed from them.
 */

/**
 * `receipts`: reprint any receipt by number and open the drawer without a sale;
 * `journal`: look back at finished sales and refund them; `day`: the till day and its reports.
 */
export type Panel = 'none' | 'cash' | 'card' | 'parked' | 'receipt' | 'receipts' | 'journal' | 'day';

/** Panels away from the sale, which Escape closes. */
export const ESCAPABLE_PANELS: ReadonlySet<Panel> = new Set(['cash', 'parked', 'receipts', 'journal', 'day']);

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
}

export interface SaleState {
  currency: CurrencyCode;
  catalog: CatalogIndex | undefined;
  cart: Cart;
  tenders: Tender[];
  selectedLineId: string | undefined;
  panel: Panel;
  card: CardPaymentOnScreen | undefined;
  completed: CompletedSale | undefined;
  /** The finished sale's receipt, as it prints (SVG); undefined until main has drawn it. */
  receiptSvg: string | undefined;
  /** What the cash drawer did when the sale finished. */
  drawer: DrawerResult | undefined;
  /** The finished sale's print jobs (the receipt, copies), kept current by `print.job` events. */
  receiptJobs: PrintJobView[];
  parked: ParkedSale[];
  notice: Notice | undefined;
  busy: boolean;
}

const newSaleId = () => crypto.randomUUID();

let noticeSerial = 0;
const notice = (kind: Notice['kind'], text: string): Notice => ({ kind, text, serial: (noticeSerial += 1) });

const isInFlight = (state: PaymentState) => IN_FLIGHT_PAYMENT_STATES.includes(state);
const isFinal = (state: PaymentState) => FINAL_PAYMENT_STATES.has(state);

type SaleTotals = ReturnType<typeof cartTotals> & { paidMinor: number; dueMinor: number };
let lastTotals: { cart: Cart; tenders: readonly Tender[]; totals: SaleTotals } | undefined;

/** The sale's totals; several parts of the screen ask for them on every change, so the last answer is kept. */
export function saleTotals(state: Pick<SaleState, 'cart' | 'tenders'>): SaleTotals {
  if (lastTotals?.cart === state.cart && lastTotals.tenders === state.tenders) return lastTotals.totals;
  const totals = cartTotals(state.cart);
  const result = {
    ...totals,
    paidMinor: paidMinor(state.tenders),
    dueMinor: balanceDue(totals.totalMinor, state.tenders),
  };
  lastTotals = { cart: state.cart, tenders: state.tenders, totals: result };
  return result;
}

/** Lines freeze once money has been asked for on this sale. */
export function linesLocked(state: Pick<SaleState, 'tenders' | 'card'>): boolean {
  return state.tenders.length > 0 || state.card !== undefined;
}

/** Whether the card payment on screen may be out at the terminal. */
export function cardInFlight(state: Pick<SaleState, 'card'>): boolean {
  return state.card !== undefined && isInFlight(state.card.view.state);
}

export interface SaleActions {
  attach(bridge: RendererBridge, currency: CurrencyCode): () => void;
  addProduct(item: CatalogItem, quantity?: number): void;
  /** A barcode from the scanner, or typed and confirmed in the search box. */
  scan(code: string): boolean;
  select(lineId: string | undefined): void;
  setQuantity(lineId: string, quantity: number): void;
  removeLine(lineId: string): void;
  setDiscount(lineId: string, discount: LineDiscount | undefined): void;
  overridePrice(lineId: string, priceMinor: number | undefined): void;
  /** Clears a sale no money was taken on; one with lines is reported to main as a void. */
  clearSale(): void;
  openPanel(panel: Panel): void;
  payByCard(amountMinor: number): Promise<void>;
  abortCard(): Promise<void>;
  checkCard(): Promise<void>;
  resolveCard(resolution: {
    outcome: 'approved' | 'declined' | 'cancelled' | 'failed';
    terminalReference?: string;
    reason: string;
    manager: string;
  }): Promise<void>;
  /** Back to choosing a tender after a card payment that did not take money. */
  dismissCard(): void;
  payCash(tenderedMinor: number): Promise<void>;
  /** Records the paid sale again after main could not be reached the first time. */
  retryComplete(): Promise<void>;
  park(note?: string): Promise<void>;
  loadParked(): Promise<void>;
  recall(saleId: string): Promise<void>;
  newSale(): void;
  /** Prints the finished sale's receipt again, marked COPY. */
  reprint(): Promise<void>;
  /** The printer was fixed: print the waiting receipts now. */
  retryPrinting(): Promise<void>;
  say(kind: Notice['kind'], text: string): void;
}

export const useSaleStore = create<SaleState & SaleActions>()((set, get) => {
  let bridge: RendererBridge | undefined;

  const api = () => {
    if (bridge === undefined) throw new Error('The sale screen is not connected to the till yet.');
    return bridge.api;
  };

  /**
   * Applies a cart change, turning a refused rule into words for the cashier.
   * `then` adds to the same update, so the screen repaints once per change.
   */
  const change = (apply: (cart: Cart) => Cart, then?: (cart: Cart) => Partial<SaleState>) => {
    const state = get();
    if (linesLocked(state)) {
      set({ notice: notice('error', en.sale.locked) });
      return;
    }
    try {
      const cart = apply(state.cart);
      set({ cart, notice: undefined, ...then?.(cart) });
    } catch (error) {
      if (!(error instanceof SaleRuleError)) throw error;
      set({ notice: notice('error', error.message) });
    }
  };

  const showCard = (view: PaymentAttemptView, terminalMessage?: string) => {
    const previous = get().card;
    const keep = previous?.view.attemptId === view.attemptId ? previous.terminalMessage : undefined;
    set({ card: { view, terminalMessage: terminalMessage ?? keep }, panel: 'card' });
  };

  /** A card payment reached its end: take the money it approved and finish the sale when nothing is left. */
  const settleCard = async (view: PaymentAttemptView) => {
    showCard(view);
    if (view.state !== 'approved') return;
    const state = get();
    if (state.tenders.some((tender) => tender.kind === 'card' && tender.attemptId === view.attemptId)) return;
    const amountMinor = view.authorisedMinor ?? view.amountMinor;
    set({ tenders: [...state.tenders, { kind: 'card', attemptId: view.attemptId, amountMinor }] });
    if (saleTotals(get()).dueMinor === 0) await complete();
  };

  const refreshCard = async (attemptId: string) => {
    const answer = await api()['payments.get']({ attemptId });
    if (!answer.ok) {
      set({ notice: notice('error', answer.error.message) });
      return;
    }
    if (get().card?.view.attemptId !== attemptId) return;
    if (isFinal(answer.value.state)) await settleCard(answer.value);
    else showCard(answer.value);
  };

  const onEvent = (event: MainEvent) => {
    if (event.type === 'print.job') trackPrintJob(event.job);
    if (event.type !== 'payment.progress') return;
    const { progress } = event;
    const card = get().card;
    if (card?.view.attemptId !== progress.attemptId) return;
    set({
      card: {
        view: { ...card.view, state: progress.state, cashierMessage: progress.cashierMessage, updatedAt: progress.at },
        terminalMessage: progress.terminalMessage ?? card.terminalMessage,
      },
    });
    // The full record (amount approved, card, reason) comes from main, not from the event.
    if (isFinal(progress.state) || progress.state === 'needs_attention') void refreshCard(progress.attemptId);
  };

  async function complete(): Promise<void> {
    const state = get();
    set({ busy: true });
    const answer = await api()['sales.complete']({
      saleId: state.cart.saleId,
      lines: [...state.cart.lines],
      cashTendered: state.tenders.flatMap((tender) => (tender.kind === 'cash' ? [tender.tenderedMinor] : [])),
      cardAttemptIds: state.tenders.flatMap((tender) => (tender.kind === 'card' ? [tender.attemptId] : [])),
    });
    set({ busy: false });
    if (!answer.ok) {
      set({ notice: notice('error', answer.error.message) });
      return;
    }
    const { sale, drawer, receipt } = answer.value;
    set({
      completed: sale,
      drawer,
      receiptJobs: receipt === null ? [] : [receipt],
      receiptSvg: undefined,
      panel: 'receipt',
      card: undefined,
      notice: undefined,
    });
    // A print.job event that beat this answer here was dropped (no sale on screen yet): ask for the jobs now.
    const [preview, jobs] = await Promise.all([
      api()['receipts.preview']({ receiptNumber: sale.receiptNumber }),
      api()['receipts.jobs']({ receiptNumber: sale.receiptNumber }),
    ]);
    if (get().completed?.receiptNumber !== sale.receiptNumber) return;
    if (jobs.ok) for (const job of jobs.value) trackPrintJob(job);
    if (preview.ok) set({ receiptSvg: preview.value.svg });
    else set({ notice: notice('error', preview.error.message) });
  }

  /** Tells main a sale with goods on it was given up; the cashier only hears of it when main could not record it. */
  const recordVoid = async (cart: Cart) => {
    try {
      const answer = await api()['sales.void']({
        saleId: cart.saleId,
        lineCount: cart.lines.length,
        totalMinor: cartTotals(cart).totalMinor,
      });
      if (!answer.ok) set({ notice: notice('error', answer.error.message) });
    } catch (error) {
      set({ notice: notice('error', error instanceof Error ? error.message : String(error)) });
    }
  };

  /** Whether `a` is further on in a job's life than `b`: each try counts, and a try ends after it starts. */
  const isLater = (a: PrintJobView, b: PrintJobView): boolean =>
    a.tries > b.tries || (a.tries === b.tries && a.status !== 'printing' && b.status === 'printing');

  /** Keeps the finished sale's print jobs current. */
  const trackPrintJob = (job: PrintJobView) => {
    if (job.receiptNumber === undefined || job.receiptNumber !== get().completed?.receiptNumber) return;
    const known = get().receiptJobs.find((candidate) => candidate.jobId === job.jobId);
    if (known !== undefined && isLater(known, job)) return;
    const others = get().receiptJobs.filter((candidate) => candidate.jobId !== job.jobId);
    set({ receiptJobs: [...others, job].sort((a, b) => a.jobId - b.jobId) });
  };

  return {
    currency: 'EUR',
    catalog: undefined,
    cart: emptyCart(newSaleId(), 'EUR'),
    tenders: [],
    selectedLineId: undefined,
    panel: 'none',
    card: undefined,
    completed: undefined,
    receiptSvg: undefined,
    drawer: undefined,
    receiptJobs: [],
    parked: [],
    notice: undefined,
    busy: false,

    attach(linked, currency) {
      bridge = linked;
      if (get().cart.lines.length === 0 && get().currency !== currency) {
        set({ currency, cart: emptyCart(get().cart.saleId, currency) });
      }
      const stop = linked.onEvent(onEvent);
      void (async () => {
        const answer = await linked.api['catalog.get']({});
        if (answer.ok) set({ catalog: buildCatalogIndex(answer.value.items) });
        else set({ notice: notice('error', answer.error.message) });
      })();
      return () => {
        stop();
        if (bridge === linked) bridge = undefined;
      };
    },

    addProduct(item, quantity = 1) {
      if (get().cart.lines.length >= MAX_SALE_LINES && !get().cart.lines.some((line) => line.sku === item.sku)) {
        set({ notice: notice('error', en.sale.tooManyLines) });
        return;
      }
      change(
        (cart) => addItem(cart, item, crypto.randomUUID(), quantity),
        (cart) => ({
          selectedLineId: cart.lines.findLast((candidate) => candidate.sku === item.sku)?.lineId,
          notice: notice('info', en.sale.added(item.name)),
        }),
      );
    },

    scan(code) {
      const catalog = get().catalog;
      const item = catalog?.byBarcode(code) ?? catalog?.bySku(code);
      if (item === undefined) {
        set({ notice: notice('error', en.sale.unknownBarcode(code)) });
        return false;
      }
      get().addProduct(item);
      return true;
    },

    select: (lineId) => set({ selectedLineId: lineId }),
    setQuantity: (lineId, quantity) => change((cart) => setQuantity(cart, lineId, quantity)),
    removeLine: (lineId) => change((cart) => removeLine(cart, lineId)),
    setDiscount: (lineId, discount) => change((cart) => setDiscount(cart, lineId, discount)),
    overridePrice: (lineId, priceMinor) => change((cart) => overridePrice(cart, lineId, priceMinor)),

    clearSale() {
      const state = get();
      if (linesLocked(state)) {
        set({ notice: notice('error', en.sale.locked) });
        return;
      }
      if (state.cart.lines.length === 0) {
        set({ selectedLineId: undefined, notice: undefined });
        return;
      }
      // Goods were rung up and given up: the day's report counts it. The next sale gets a new id, so a void
      // is never confused with a sale completed later under the same id.
      void recordVoid(state.cart);
      set({ cart: emptyCart(newSaleId(), state.currency), selectedLineId: undefined, notice: undefined });
    },

    openPanel(panel) {
      if (cardInFlight(get()) || get().panel === 'receipt') return;
      set({ panel: get().card === undefined ? panel : 'card' });
    },

    async payByCard(amountMinor) {
      const state = get();
      // One card payment at a time from this screen; main refuses a second one on the terminal anyway.
      if (cardInFlight(state) || state.busy) return;
      const totals = saleTotals(state);
      if (amountMinor <= 0 || amountMinor > totals.dueMinor) {
        set({ notice: notice('error', en.tender.notMoreThanDue) });
        return;
      }
      set({ busy: true });
      const answer = await api()['payments.start']({
        saleId: state.cart.saleId,
        amountMinor,
        saleTotalMinor: totals.totalMinor,
      });
      set({ busy: false });
      if (!answer.ok) {
        set({ notice: notice('error', answer.error.message) });
        return;
      }
      set({ notice: undefined });
      showCard(answer.value);
      if (isFinal(answer.value.state)) await settleCard(answer.value);
    },

    async abortCard() {
      const card = get().card;
      if (card === undefined) return;
      const answer = await api()['payments.abort']({ attemptId: card.view.attemptId });
      if (!answer.ok) set({ notice: notice('error', answer.error.message) });
    },

    async checkCard() {
      const card = get().card;
      if (card === undefined) return;
      const answer = await api()['payments.checkStatus']({ attemptId: card.view.attemptId });
      if (!answer.ok) set({ notice: notice('error', answer.error.message) });
      else if (isFinal(answer.value.state)) await settleCard(answer.value);
      else showCard(answer.value);
    },

    async resolveCard(resolution) {
      const card = get().card;
      if (card === undefined) return;
      const answer = await api()['payments.resolve']({ attemptId: card.view.attemptId, ...resolution });
      if (!answer.ok) {
        set({ notice: notice('error', answer.error.message) });
        return;
      }
      await settleCard(answer.value);
    },

    dismissCard() {
      const card = get().card;
      if (card === undefined || !isFinal(card.view.state)) return;
      set({ card: undefined, panel: 'none' });
    },

    async payCash(tenderedMinor) {
      const state = get();
      try {
        const tender = cashTender(saleTotals(state).dueMinor, tenderedMinor);
        set({ tenders: [...state.tenders, tender], notice: undefined });
      } catch (error) {
        if (!(error instanceof SaleRuleError)) throw error;
        set({ notice: notice('error', error.message) });
        return;
      }
      if (saleTotals(get()).dueMinor === 0) await complete();
      else set({ panel: 'none' });
    },

    retryComplete: () => complete(),

    async park(note) {
      const state = get();
      if (state.cart.lines.length === 0) return;
      if (linesLocked(state)) {
        set({ notice: notice('error', en.sale.locked) });
        return;
      }
      const answer = await api()['sales.park']({
        saleId: state.cart.saleId,
        lines: [...state.cart.lines],
        ...(note === undefined || note.trim() === '' ? {} : { note: note.trim() }),
      });
      if (!answer.ok) {
        set({ notice: notice('error', answer.error.message) });
        return;
      }
      set({
        cart: emptyCart(newSaleId(), state.currency),
        selectedLineId: undefined,
        panel: 'none',
        notice: notice('info', en.sale.parkedNow),
      });
    },

    async loadParked() {
      const answer = await api()['sales.parked']({});
      if (answer.ok) set({ parked: answer.value, panel: 'parked' });
      else set({ notice: notice('error', answer.error.message) });
    },

    async recall(saleId) {
      if (get().cart.lines.length > 0) {
        set({ notice: notice('error', en.sale.finishBeforeRecall) });
        return;
      }
      const answer = await api()['sales.recall']({ saleId });
      if (!answer.ok) {
        set({ notice: notice('error', answer.error.message) });
        return;
      }
      set({
        cart: { saleId: answer.value.saleId, currency: get().currency, lines: answer.value.lines },
        selectedLineId: undefined,
        panel: 'none',
        notice: undefined,
      });
    },

    newSale() {
      if (get().panel !== 'receipt') return;
      set({
        cart: emptyCart(newSaleId(), get().currency),
        tenders: [],
        selectedLineId: undefined,
        panel: 'none',
        card: undefined,
        completed: undefined,
        receiptSvg: undefined,
        drawer: undefined,
        receiptJobs: [],
        notice: undefined,
      });
    },

    async retryPrinting() {
      const answer = await api()['printer.retry']({});
      if (!answer.ok) set({ notice: notice('error', answer.error.message) });
    },

    async reprint() {
      const receiptNumber = get().completed?.receiptNumber;
      if (receiptNumber === undefined) return;
      const answer = await api()['receipts.reprint']({ receiptNumber });
      if (!answer.ok) set({ notice: notice('error', answer.error.message) });
      else {
        trackPrintJob(answer.value);
        set({ notice: notice('info', en.receipt.copyQueued) });
      }
    },

    say: (kind, text) => set({ notice: notice(kind, text) }),
  };
});
