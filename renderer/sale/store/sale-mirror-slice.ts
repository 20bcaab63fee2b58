import type { StateCreator } from 'zustand';
import type { ChannelRequest, ChannelResponse } from '../../../shared/ipc/contract.ts';
import type { CurrencyCode } from '../../../shared/money.ts';
import type { OpenSaleView } from '../../../shared/sale/open-sale.ts';
import type { SaleStep } from '../../../shared/sale/sale-commands.ts';
import type { Result } from '../../../shared/result.ts';
import type { MainLink } from './main-link.ts';
import { emptySaleView, isFinal, keepUnchangedLines, patchedSale, WAITING } from './sale-view.ts';
import type { SaleCommand, SaleState } from './slice-types.ts';

/** Main's open sale on screen, and the one way every slice changes it: a command to main, shown as main answers. */
export interface SaleMirrorSlice {
  currency: CurrencyCode;
  /** Main's open sale, as it last answered. */
  sale: OpenSaleView;
  /** Reads the open sale from main again (after a reconnect, a refusal, a login). */
  refreshSale(): Promise<void>;
  /** For the other slices: main's sale on screen, with whatever else the same answer changes. */
  showSale(view: OpenSaleView, also?: Partial<SaleState>, patched?: boolean): void;
  /** For the other slices: sends a sale command in turn and shows main's answer. */
  command<C extends SaleCommand>(
    channel: C,
    request: (saleId: string) => ChannelRequest<C>,
    /** What else the screen shows for this answer (the line to select, a notice), painted with it. */
    after?: (step: SaleStep) => Partial<SaleState>,
  ): Promise<SaleStep | undefined>;
  /** For the other slices: shows a sale step main answered with, and the finished sale if it is one. */
  applyStep(step: SaleStep, also?: Partial<SaleState>): SaleStep;
}

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

export const createSaleMirrorSlice =
  (link: MainLink): StateCreator<SaleState, [], [], SaleMirrorSlice> =>
  (set, get) => ({
    currency: 'EUR',
    sale: emptySaleView('EUR'),

    /**
     * Main's sale on screen, with whatever else the same answer changes, in one
     * repaint. An answer about the sale on screen that is older than what the
     * screen shows (a read that crossed a command) is not shown.
     */
    showSale(view, also = {}, patched = false) {
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
    },

    /**
     * Reads the open sale again and puts on screen what the cashier must see
     * about it: a receipt main has for a sale it finished while no screen was
     * looking, and the card payment on the sale as it stands now.
     */
    async refreshSale() {
      const asked = link.epoch();
      const answer = await link.api()['sales.current']({});
      if (asked !== link.epoch()) return;
      if (!answer.ok) {
        get().say('error', answer.error.message);
        return;
      }
      const view = answer.value;
      get().showSale(view);
      const unshown = view.unshownReceipt;
      if (unshown !== null && get().completed?.receiptNumber !== unshown.receiptNumber) {
        await get().command('sales.complete', () => ({ saleId: unshown.saleId }));
        return;
      }
      const held = get().card;
      const attemptId = view.card?.attemptId;
      if (attemptId !== undefined && held?.view.attemptId !== attemptId) {
        // After a reload or a restart mid-payment, the card panel comes back for the payment that is still going.
        await get().refreshCard(attemptId, { show: true });
      } else if (attemptId === undefined && held !== undefined && !isFinal(held.view.state)) {
        // The card on screen has ended while this screen was not hearing from main: how, main says.
        await get().refreshCard(held.view.attemptId);
      }
    },

    /**
     * Sends a sale command in turn and shows main's answer. A change above the
     * cashier's limits opens the manager's approval, which sends exactly the
     * refused change again with the manager's name and PIN; a sale that moved on
     * (another tab, a restart) or an answer that never came is read again.
     */
    command<C extends SaleCommand>(
      channel: C,
      request: (saleId: string) => ChannelRequest<C>,
      after: (step: SaleStep) => Partial<SaleState> = () => ({}),
    ): Promise<SaleStep | undefined> {
      const asked = link.epoch();
      return link.inTurn(async () => {
        // Asked before the till locked: the person who asked is gone, and so is the command.
        if (asked !== link.epoch()) return undefined;
        const held = get().sale;
        const body: ChannelRequest<C> = {
          ...request(held.saleId),
          ...(CHANGES_IN_PLACE.has(channel) && held.saleId !== WAITING ? { knownRevision: held.revision } : {}),
        };
        const send = link.api()[channel] as (payload: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;
        const answer = await send(body);
        if (asked !== link.epoch()) return undefined;
        if (answer.ok) return get().applyStep(answer.value, after(answer.value));
        if (answer.error.code === 'APPROVAL_REQUIRED') {
          get().askApproval({
            message: answer.error.message,
            resend: (approval) => send({ ...body, approval }),
            after,
            asked,
          });
          return undefined;
        }
        get().say('error', answer.error.message);
        // Not awaited: reading the sale again may send a command of its own, which waits for this one to end.
        if (answer.error.code !== 'BAD_REQUEST' && answer.error.code !== 'FORBIDDEN') void get().refreshSale();
        return undefined;
      });
    },

    applyStep(step, also) {
      const sale = patchedSale(get().sale, step);
      if (sale === undefined) {
        set(also ?? {});
        void get().refreshSale();
      } else {
        get().showSale(sale, also, step.linesSince !== undefined);
      }
      if (step.finished !== undefined) get().showFinished(step.finished);
      return step;
    },
  });
