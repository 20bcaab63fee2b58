import type { StateCreator } from 'zustand';
import type { DrawerResult, PrintJobView } from '../../../shared/printing/print-job.ts';
import type { ReceiptMailView } from '../../../shared/receipt-mail/receipt-mail.ts';
import type { Result } from '../../../shared/result.ts';
import type { CompletedSale, FinishedSale } from '../../../shared/sale/completed-sale.ts';
import { t } from '../../i18n/words.ts';
import type { MainLink } from './main-link.ts';
import { cardInFlight, isFinal } from './sale-view.ts';
import { notice, NOTHING_ON_SCREEN } from './screen-slice.ts';
import type { SaleState } from './slice-types.ts';

/** The finished sale: getting it recorded, its receipt, what the drawer did, and its print jobs. */
export interface ReceiptSlice {
  completed: CompletedSale | undefined;
  /** The finished sale's receipt, as it prints (SVG); undefined until main has drawn it. */
  receiptSvg: string | undefined;
  /** What the cash drawer did when the sale finished. */
  drawer: DrawerResult | undefined;
  /** The finished sale's print jobs (the receipt, copies), kept current by `print.job` events. */
  receiptJobs: PrintJobView[];
  /** Asks main to record the paid sale again after it could not the first time. */
  retryComplete(): Promise<void>;
  /**
   * F10. After a finished sale: back to the sale screen, on the next (empty)
   * sale. On the sale or its card panel, it starts a new sale when nothing is
   * left on this one (a card that took no money is put away), or says why not.
   */
  newSale(): void;
  /** Prints the finished sale's receipt again, marked COPY. */
  reprint(): Promise<void>;
  /** The printer was fixed: print the waiting receipts now. */
  retryPrinting(): Promise<void>;
  /** Sends the finished sale's receipt to the customer's address; main answers whether it went. */
  emailReceipt(address: string): Promise<Result<ReceiptMailView>>;
  /** For the sale mirror: main finished the sale; its receipt goes on screen. */
  showFinished(finished: FinishedSale): void;
  /** Keeps the finished sale's print jobs current. */
  trackPrintJob(job: PrintJobView): void;
}

/** Why F10 cannot start a new sale now, in the cashier's words; undefined when it can. */
export function newSaleRefusal(state: Pick<SaleState, 'card' | 'sale'>): string | undefined {
  if (cardInFlight(state)) return t.newSale.cardGoing;
  if (state.card?.view.state === 'needs_attention') return t.newSale.cardWithManager;
  if (state.sale.lines.length > 0) return t.newSale.itemsLeft;
  return undefined;
}

/** Whether `a` is further on in a job's life than `b`: each try counts, and a try ends after it starts. */
const isLater = (a: PrintJobView, b: PrintJobView): boolean =>
  a.tries > b.tries || (a.tries === b.tries && a.status !== 'printing' && b.status === 'printing');

export const createReceiptSlice =
  (link: MainLink): StateCreator<SaleState, [], [], ReceiptSlice> =>
  (set, get) => ({
    completed: undefined,
    receiptSvg: undefined,
    drawer: undefined,
    receiptJobs: [],

    async retryComplete() {
      set({ busy: true });
      await get().command('sales.complete', (saleId) => ({ saleId }));
      set({ busy: false });
    },

    newSale() {
      const state = get();
      if (state.panel === 'receipt') {
        set(NOTHING_ON_SCREEN);
        return;
      }
      // Another panel (the journal, the day) is closed with Escape; F10 is about the sale and its card.
      if (state.panel !== 'card' && state.panel !== 'none') return;
      const words = newSaleRefusal(state);
      if (words !== undefined) {
        // A card that ended without money is put away, so the cashier sees the sale the words are about.
        if (state.card !== undefined && isFinal(state.card.view.state) && state.card.view.state !== 'approved') {
          set({ card: undefined, panel: 'none' });
        }
        state.say('info', words);
        return;
      }
      // Nothing on the sale: a card that ended without taking money, or any panel, is put away.
      set({ ...NOTHING_ON_SCREEN, notice: notice('info', t.newSale.ready) });
    },

    async reprint() {
      const receiptNumber = get().completed?.receiptNumber;
      if (receiptNumber === undefined) return;
      const answer = await link.api()['receipts.reprint']({ receiptNumber });
      if (!answer.ok) get().say('error', answer.error.message);
      else {
        get().trackPrintJob(answer.value);
        get().say('info', t.receipt.copyQueued);
      }
    },

    async retryPrinting() {
      const answer = await link.api()['printer.retry']({});
      if (!answer.ok) get().say('error', answer.error.message);
    },

    async emailReceipt(address) {
      const receiptNumber = get().completed?.receiptNumber;
      if (receiptNumber === undefined) {
        return { ok: false, error: { code: 'CONFLICT', message: t.email.notAfterSale } };
      }
      return link.api()['receipts.email']({ receiptNumber, address });
    },

    showFinished({ sale, drawer, receipt }) {
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
        if (jobs.ok) for (const job of jobs.value) get().trackPrintJob(job);
        if (preview.ok) set({ receiptSvg: preview.value.svg });
        else get().say('error', preview.error.message);
      })();
    },

    trackPrintJob(job) {
      if (job.receiptNumber === undefined || job.receiptNumber !== get().completed?.receiptNumber) return;
      const known = get().receiptJobs.find((candidate) => candidate.jobId === job.jobId);
      if (known !== undefined && isLater(known, job)) return;
      const others = get().receiptJobs.filter((candidate) => candidate.jobId !== job.jobId);
      set({ receiptJobs: [...others, job].sort((a, b) => a.jobId - b.jobId) });
    },
  });
