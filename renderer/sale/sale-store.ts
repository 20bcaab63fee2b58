import { create } from 'zustand';
import { buildCatalogIndex, type CatalogIndex } from '../../shared/catalog/catalog-index.ts';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import type { ChannelRequest, ChannelResponse } from '../../shared/ipc/contract.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { formatMoney, type CurrencyCode } from '../../shared/money.ts';
import type { PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { LineDiscount } from '../../shared/sale/cart.ts';
import type { CompletedSale, FinishedSale, ParkedSale } from '../../shared/sale/completed-sale.ts';
import type { OpenSaleView } from '../../shared/sale/open-sale.ts';
import type { Approval, OpenItem, SaleStep } from '../../shared/sale/sale-commands.ts';
import type { CallError } from '../../shared/result.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { en } from '../i18n/messages.ts';
import { useTillStore } from '../store/till-store.ts';
import { createMainLink } from './store/main-link.ts';
import { cardInFlight, emptySaleView, isFinal, keepUnchangedLines, patchedSale, WAITING } from './store/sale-view.ts';

export { cardInFlight, emptySaleView, keepUnchangedLines, patchedSale };

/**
 * The sale on screen: a mirror of main's open sale, and what the cashier is
 * being told. The screen never decides a price, a total or what is due:
 * every change is a command to main, which answers with the sale as it now
 * stands (written to its journal first), and the screen shows that. Commands
 * go one after another, so answers arrive in the order they were asked.
 * Card outcomes come only from main (the payment service), never from a guess here.
 */

/**
 * `receipts`: reprint any receipt by number and open the drawer without a sale;
 * `journal`: look back at finished sales and refund them; `day`: the till day and its reports;
 * `approval`: a manager's name and PIN for a change above the cashier's limits;
 * `openItem`: a price typed for an item without a code.
 */
export type Panel =
  'none' | 'cash' | 'card' | 'parked' | 'receipt' | 'receipts' | 'journal' | 'day' | 'approval' | 'openItem';

/** Panels away from the sale, which Escape closes. */
export const ESCAPABLE_PANELS: ReadonlySet<Panel> = new Set([
  'cash',
  'parked',
  'receipts',
  'journal',
  'day',
  'approval',
  'openItem',
]);

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

/** A change main would make only with a manager's approval: what it said, and how to ask again with one. */
export interface PendingApproval {
  message: string;
  /** Sends the change again with the manager's name and PIN; answers main's refusal, or undefined when done. */
  approve(approval: Approval): Promise<string | undefined>;
}

export interface SaleState {
  currency: CurrencyCode;
  catalog: CatalogIndex | undefined;
  openItems: readonly OpenItem[];
  /** The open item whose price is being typed. */
  openItem: OpenItem | undefined;
  /** Main's open sale, as it last answered. */
  sale: OpenSaleView;
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
  approval: PendingApproval | undefined;
  notice: Notice | undefined;
  busy: boolean;
}

/** No panel, no card, no finished sale, no question pending: the screen with just the sale. */
const NOTHING_ON_SCREEN = {
  selectedLineId: undefined,
  panel: 'none',
  card: undefined,
  completed: undefined,
  receiptSvg: undefined,
  drawer: undefined,
  receiptJobs: [],
  approval: undefined,
  openItem: undefined,
  notice: undefined,
} as const satisfies Partial<SaleState>;

let noticeSerial = 0;
const notice = (kind: Notice['kind'], text: string): Notice => ({ kind, text, serial: (noticeSerial += 1) });

export interface SaleActions {
  attach(bridge: RendererBridge, currency: CurrencyCode): () => void;
  /** Reads the open sale from main again (after a reconnect, a refusal, a login). */
  refreshSale(): Promise<void>;
  addProduct(item: CatalogItem, quantity?: number): Promise<void>;
  /** A barcode from the scanner, or typed and confirmed in the search box. */
  scan(code: string): Promise<void>;
  select(lineId: string | undefined): void;
  setQuantity(lineId: string, quantity: number): Promise<void>;
  /** One more or one fewer: counted from the line as main has it when the command is sent, so quick taps all count. */
  stepQuantity(lineId: string, by: 1 | -1): Promise<void>;
  removeLine(lineId: string): Promise<void>;
  setDiscount(lineId: string, discount: LineDiscount | undefined): Promise<void>;
  overridePrice(lineId: string, priceMinor: number | undefined): Promise<void>;
  /** Opens the panel to type the price of an open item. */
  chooseOpenItem(item: OpenItem): void;
  addOpenItem(priceMinor: number): Promise<void>;
  /** Gives up the open sale; with goods on it, main counts it as a void. */
  clearSale(): Promise<void>;
  openPanel(panel: Panel): void;
  /** A card payment for what is due, or `amountMinor` of it. */
  payByCard(amountMinor?: number): Promise<void>;
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
  /** Asks main to record the paid sale again after it could not the first time. */
  retryComplete(): Promise<void>;
  park(note?: string): Promise<void>;
  loadParked(): Promise<void>;
  recall(saleId: string): Promise<void>;
  /** After a finished sale: back to the sale screen, on the next (empty) sale. */
  newSale(): void;
  /** Prints the finished sale's receipt again, marked COPY. */
  reprint(): Promise<void>;
  /** The printer was fixed: print the waiting receipts now. */
  retryPrinting(): Promise<void>;
  say(kind: Notice['kind'], text: string): void;
  /** The till locked: nothing of the sale stays on this page; main keeps it for whoever logs in. */
  forget(): void;
}

/** The commands that change the open sale, all answered with a SaleStep. */
type SaleCommand =
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

type Answer<C extends Channel> = { ok: true; value: ChannelResponse<C> } | { ok: false; error: CallError };

/** Commands that change the open sale in place: they say which revision the screen holds, and get back only what changed. */
const CHANGES_IN_PLACE: ReadonlySet<SaleCommand> = new Set([
  'sales.addItem',
  'sales.addOpenItem',
  'sales.setQuantity',
  'sales.removeLine',
  'sales.setDiscount',
  'sales.overridePrice',
  'sales.payCash',
]);

export const useSaleStore = create<SaleState & SaleActions>()((set, get) => {
  const link = createMainLink();

  const say = (kind: Notice['kind'], text: string) => set({ notice: notice(kind, text) });

  /**
   * Main's sale on screen, with whatever else the same answer changes, in one
   * repaint. An answer about the sale on screen that is older than what the
   * screen shows (a read that crossed a command) is not shown.
   */
  const showSale = (view: OpenSaleView, also: Partial<SaleState> = {}, patched = false) => {
    const previous = get().sale;
    if (view.saleId === previous.saleId && view.revision < previous.revision) {
      set(also);
      return;
    }
    // A patched sale kept every line that did not change already.
    const sale = patched ? view : keepUnchangedLines(previous, view);
    const selected = also.selectedLineId ?? get().selectedLineId;
    set({
      sale,
      ...also,
      ...(selected !== undefined && !sale.lines.some((line) => line.lineId === selected)
        ? { selectedLineId: undefined }
        : {}),
    });
  };

  /**
   * Reads the open sale again and puts on screen what the cashier must see
   * about it: a receipt main has for a sale it finished while no screen was
   * looking, and the card payment on the sale as it stands now.
   */
  const refreshSale = async () => {
    const asked = link.epoch();
    const answer = await link.api()['sales.current']({});
    if (asked !== link.epoch()) return;
    if (!answer.ok) {
      say('error', answer.error.message);
      return;
    }
    const view = answer.value;
    showSale(view);
    const unshown = view.unshownReceipt;
    if (unshown !== null && get().completed?.receiptNumber !== unshown.receiptNumber) {
      await command('sales.complete', () => ({ saleId: unshown.saleId }));
      return;
    }
    const held = get().card;
    const attemptId = view.card?.attemptId;
    if (attemptId !== undefined && held?.view.attemptId !== attemptId) {
      // After a reload or a restart mid-payment, the card panel comes back for the payment that is still going.
      await refreshCard(attemptId, { show: true });
    } else if (attemptId === undefined && held !== undefined && !isFinal(held.view.state)) {
      // The card on screen has ended while this screen was not hearing from main: how, main says.
      await refreshCard(held.view.attemptId);
    }
  };

  /**
   * Sends a sale command in turn and shows main's answer. A change above the
   * cashier's limits opens the manager's approval, which sends exactly the
   * refused change again with the manager's name and PIN; a sale that moved on
   * (another tab, a restart) or an answer that never came is read again.
   */
  const command = <C extends SaleCommand>(
    channel: C,
    request: (saleId: string) => ChannelRequest<C>,
    /** What else the screen shows for this answer (the line to select, a notice), painted with it. */
    after: (step: SaleStep) => Partial<SaleState> = () => ({}),
  ): Promise<SaleStep | undefined> => {
    const asked = link.epoch();
    return link.inTurn(async () => {
      // Asked before the till locked: the person who asked is gone, and so is the command.
      if (asked !== link.epoch()) return undefined;
      const held = get().sale;
      const body: ChannelRequest<C> = {
        ...request(held.saleId),
        ...(CHANGES_IN_PLACE.has(channel) && held.saleId !== WAITING ? { knownRevision: held.revision } : {}),
      };
      const send = link.api()[channel] as (payload: ChannelRequest<C>) => Promise<Answer<C>>;
      const answer = await send(body);
      if (asked !== link.epoch()) return undefined;
      if (answer.ok) return applyStep(answer.value, after(answer.value));
      if (answer.error.code === 'APPROVAL_REQUIRED') {
        const approve = (approval: Approval) =>
          link.inTurn(async (): Promise<string | undefined> => {
            const approved = await send({ ...body, approval });
            if (asked !== link.epoch()) return undefined;
            if (!approved.ok) return approved.error.message;
            applyStep(approved.value, {
              ...after(approved.value),
              approval: undefined,
              panel: 'none',
              notice: notice('info', en.approval.done),
            });
            return undefined;
          });
        set({ panel: 'approval', approval: { message: answer.error.message, approve } });
        return undefined;
      }
      say('error', answer.error.message);
      // Not awaited: reading the sale again may send a command of its own, which waits for this one to end.
      if (answer.error.code !== 'BAD_REQUEST' && answer.error.code !== 'FORBIDDEN') void refreshSale();
      return undefined;
    });
  };

  function applyStep(step: SaleStep, also?: Partial<SaleState>): SaleStep {
    const sale = patchedSale(get().sale, step);
    if (sale === undefined) {
      set(also ?? {});
      void refreshSale();
    } else {
      showSale(sale, also, step.linesSince !== undefined);
    }
    if (step.finished !== undefined) showFinished(step.finished);
    return step;
  }

  const showCard = (view: PaymentAttemptView, terminalMessage?: string) => {
    const previous = get().card;
    const keep = previous?.view.attemptId === view.attemptId ? previous.terminalMessage : undefined;
    set({ card: { view, terminalMessage: terminalMessage ?? keep }, panel: 'card' });
  };

  /** A card payment reached its end: main has already taken what it approved; show where the sale stands now. */
  const settleCard = async (view: PaymentAttemptView) => {
    const asked = link.epoch();
    showCard(view);
    const current = await link.api()['sales.current']({});
    if (asked !== link.epoch()) return;
    if (!current.ok) {
      say('error', current.error.message);
      return;
    }
    if (view.state === 'approved' && (current.value.saleId !== view.saleId || current.value.dueMinor === 0)) {
      // Paid in full: main recorded the sale (or does now); its answer is the receipt.
      await command('sales.complete', () => ({ saleId: view.saleId }));
      return;
    }
    showSale(current.value);
  };

  /** The card payment as main has it now; `show` puts it on screen even when another (or none) is there. */
  async function refreshCard(attemptId: string, options: { show?: boolean } = {}): Promise<void> {
    const asked = link.epoch();
    const answer = await link.api()['payments.get']({ attemptId });
    if (asked !== link.epoch()) return;
    if (!answer.ok) {
      say('error', answer.error.message);
      return;
    }
    if (options.show !== true && get().card?.view.attemptId !== attemptId) return;
    if (isFinal(answer.value.state)) await settleCard(answer.value);
    else showCard(answer.value);
  }

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

  function showFinished({ sale, drawer, receipt }: FinishedSale): void {
    set({
      completed: sale,
      drawer,
      receiptJobs: receipt === null ? [] : [receipt],
      receiptSvg: undefined,
      panel: 'receipt',
      card: undefined,
      selectedLineId: undefined,
      notice: undefined,
    });
    // A print.job event that beat this answer here was dropped (no sale on screen yet): ask for the jobs now.
    void (async () => {
      const [preview, jobs] = await Promise.all([
        link.api()['receipts.preview']({ receiptNumber: sale.receiptNumber }),
        link.api()['receipts.jobs']({ receiptNumber: sale.receiptNumber }),
      ]);
      if (get().completed?.receiptNumber !== sale.receiptNumber) return;
      if (jobs.ok) for (const job of jobs.value) trackPrintJob(job);
      if (preview.ok) set({ receiptSvg: preview.value.svg });
      else say('error', preview.error.message);
    })();
  }

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

  const lineChange = async <C extends SaleCommand>(channel: C, request: (saleId: string) => ChannelRequest<C>) => {
    if (get().sale.linesLocked) {
      say('error', en.sale.locked);
      return;
    }
    await command(channel, request, () => ({ notice: undefined }));
  };

  return {
    currency: 'EUR',
    catalog: undefined,
    openItems: [],
    openItem: undefined,
    sale: emptySaleView('EUR'),
    selectedLineId: undefined,
    panel: 'none',
    card: undefined,
    completed: undefined,
    receiptSvg: undefined,
    drawer: undefined,
    receiptJobs: [],
    parked: [],
    approval: undefined,
    notice: undefined,
    busy: false,

    attach(linked, currency) {
      const letGo = link.connect(linked);
      if (get().currency !== currency) set({ currency, sale: emptySaleView(currency) });
      const stopEvents = linked.onEvent(onEvent);
      // On every (re)connection main's sale is read again: main is where it lives, not this page.
      const stopConnection = linked.onConnection((connection) => {
        if (connection === 'connected') void refreshSale();
      });
      void (async () => {
        const answer = await linked.api['catalog.get']({});
        if (answer.ok) set({ catalog: buildCatalogIndex(answer.value.items), openItems: answer.value.openItems });
        else say('error', answer.error.message);
      })();
      return () => {
        stopEvents();
        stopConnection();
        letGo();
      };
    },

    refreshSale,

    async addProduct(item, quantity) {
      if (get().sale.linesLocked) {
        say('error', en.sale.locked);
        return;
      }
      await command(
        'sales.addItem',
        (saleId) => ({ saleId, code: item.sku, by: 'sku', ...(quantity === undefined ? {} : { quantity }) }),
        (step) => ({ selectedLineId: step.lineId, notice: notice('info', en.sale.added(item.name)) }),
      );
    },

    async scan(code) {
      if (get().sale.linesLocked) {
        say('error', en.sale.locked);
        return;
      }
      await command(
        'sales.addItem',
        (saleId) => ({ saleId, code }),
        (step) => {
          // A rescan raises its line's quantity rather than adding a line: main says which line it was.
          const changed = step.sale.lines.find((line) => line.lineId === step.lineId);
          return changed === undefined
            ? {}
            : { selectedLineId: changed.lineId, notice: notice('info', en.sale.added(changed.name)) };
        },
      );
    },

    select: (lineId) => set({ selectedLineId: lineId }),

    setQuantity: (lineId, quantity) =>
      lineChange('sales.setQuantity', (saleId) => ({ saleId, lineId, quantity: Math.max(0, quantity) })),

    stepQuantity: (lineId, by) =>
      lineChange('sales.setQuantity', (saleId) => {
        const line = get().sale.lines.find((candidate) => candidate.lineId === lineId);
        return { saleId, lineId, quantity: Math.max(0, (line?.quantity ?? 0) + by) };
      }),

    removeLine: (lineId) => lineChange('sales.removeLine', (saleId) => ({ saleId, lineId })),

    setDiscount: (lineId, discount) =>
      lineChange('sales.setDiscount', (saleId) => ({ saleId, lineId, discount: discount ?? null })),

    overridePrice: (lineId, priceMinor) =>
      lineChange('sales.overridePrice', (saleId) => ({ saleId, lineId, priceMinor: priceMinor ?? null })),

    chooseOpenItem(item) {
      if (get().sale.linesLocked) {
        say('error', en.sale.locked);
        return;
      }
      set({ openItem: item, panel: 'openItem' });
    },

    async addOpenItem(priceMinor) {
      const item = get().openItem;
      if (item === undefined) return;
      await command(
        'sales.addOpenItem',
        (saleId) => ({ saleId, sku: item.sku, priceMinor }),
        (step) => ({
          openItem: undefined,
          panel: 'none',
          selectedLineId: step.lineId,
          notice: notice('info', en.sale.added(item.name)),
        }),
      );
    },

    async clearSale() {
      const sale = get().sale;
      if (sale.lines.length === 0) {
        set({ selectedLineId: undefined, notice: undefined });
        return;
      }
      const taken = (kind: 'cash' | 'card') =>
        sale.tenders.reduce((sum, tender) => sum + (tender.kind === kind ? tender.amountMinor : 0), 0);
      const [cash, card] = [taken('cash'), taken('card')];
      const step = await command('sales.void', (saleId) => ({ saleId }));
      if (step === undefined) return;
      const money = (minor: number) => formatMoney(minor, sale.currency, useTillStore.getState().info?.locale ?? 'en');
      set({
        selectedLineId: undefined,
        panel: 'none',
        notice:
          cash === 0 && card === 0
            ? undefined
            : notice(
                'info',
                en.sale.giveMoneyBack(cash > 0 ? money(cash) : undefined, card > 0 ? money(card) : undefined),
              ),
      });
    },

    openPanel(panel) {
      if (cardInFlight(get()) || get().panel === 'receipt') return;
      set({ panel: get().card === undefined ? panel : 'card' });
    },

    async payByCard(amountMinor) {
      const state = get();
      // One card payment at a time from this screen; main refuses a second one on the terminal anyway.
      if (cardInFlight(state) || state.busy) return;
      set({ busy: true });
      const answer = await link.api()['payments.start']({
        saleId: state.sale.saleId,
        ...(amountMinor === undefined ? {} : { amountMinor }),
      });
      set({ busy: false });
      if (!answer.ok) {
        say('error', answer.error.message);
        if (answer.error.code === 'CONFLICT') await refreshSale();
        return;
      }
      set({ notice: undefined });
      showCard(answer.value);
      // The lines are held from now on: main says so in the sale.
      void refreshSale();
      if (isFinal(answer.value.state)) await settleCard(answer.value);
    },

    async abortCard() {
      const card = get().card;
      if (card === undefined) return;
      const answer = await link.api()['payments.abort']({ attemptId: card.view.attemptId });
      if (!answer.ok) say('error', answer.error.message);
    },

    async checkCard() {
      const card = get().card;
      if (card === undefined) return;
      const answer = await link.api()['payments.checkStatus']({ attemptId: card.view.attemptId });
      if (!answer.ok) say('error', answer.error.message);
      else if (isFinal(answer.value.state)) await settleCard(answer.value);
      else showCard(answer.value);
    },

    async resolveCard(resolution) {
      const card = get().card;
      if (card === undefined) return;
      const answer = await link.api()['payments.resolve']({ attemptId: card.view.attemptId, ...resolution });
      if (!answer.ok) {
        say('error', answer.error.message);
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
      set({ busy: true });
      const step = await command('sales.payCash', (saleId) => ({ saleId, tenderedMinor }));
      set({ busy: false });
      if (step === undefined) return;
      if (step.finished === undefined) set({ panel: 'none', notice: undefined });
    },

    async retryComplete() {
      set({ busy: true });
      await command('sales.complete', (saleId) => ({ saleId }));
      set({ busy: false });
    },

    async park(note) {
      const sale = get().sale;
      if (sale.lines.length === 0) return;
      if (sale.linesLocked) {
        say('error', en.sale.locked);
        return;
      }
      const trimmed = note?.trim();
      const step = await command('sales.park', (saleId) => ({
        saleId,
        ...(trimmed === undefined || trimmed === '' ? {} : { note: trimmed }),
      }));
      if (step === undefined) return;
      set({ selectedLineId: undefined, panel: 'none', notice: notice('info', en.sale.parkedNow) });
    },

    async loadParked() {
      const answer = await link.api()['sales.parked']({});
      if (answer.ok) set({ parked: answer.value, panel: 'parked' });
      else say('error', answer.error.message);
    },

    async recall(saleId) {
      if (get().sale.lines.length > 0) {
        say('error', en.sale.finishBeforeRecall);
        return;
      }
      const step = await command('sales.recall', () => ({ saleId }));
      if (step === undefined) return;
      set({ selectedLineId: undefined, panel: 'none', notice: undefined });
    },

    newSale() {
      if (get().panel !== 'receipt') return;
      set(NOTHING_ON_SCREEN);
    },

    async retryPrinting() {
      const answer = await link.api()['printer.retry']({});
      if (!answer.ok) say('error', answer.error.message);
    },

    async reprint() {
      const receiptNumber = get().completed?.receiptNumber;
      if (receiptNumber === undefined) return;
      const answer = await link.api()['receipts.reprint']({ receiptNumber });
      if (!answer.ok) say('error', answer.error.message);
      else {
        trackPrintJob(answer.value);
        say('info', en.receipt.copyQueued);
      }
    },

    say,

    forget() {
      link.lock();
      set({ ...NOTHING_ON_SCREEN, sale: emptySaleView(get().currency), parked: [] });
    },
  };
});
