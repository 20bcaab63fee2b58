import type { StateCreator } from 'zustand';
import type { PaymentAttemptView, PaymentProgress } from '../../../shared/payments/payment-state.ts';
import type { MainLink } from './main-link.ts';
import { cardInFlight, isFinal } from './sale-view.ts';
import type { CardPaymentOnScreen, SaleState } from './slice-types.ts';

/**
 * The card payment on screen. Its outcome comes only from main (the payment
 * service), never from a guess here: events move it along, and main's record
 * says how it ended.
 */
export interface CardSlice {
  card: CardPaymentOnScreen | undefined;
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
  /** For the other slices: the card payment as main has it now; `show` puts it on screen even when another (or none) is there. */
  refreshCard(attemptId: string, options?: { show?: boolean }): Promise<void>;
  /** For the lifecycle: a `payment.progress` event from main. */
  followCardProgress(progress: PaymentProgress): void;
}

export const createCardSlice =
  (link: MainLink): StateCreator<SaleState, [], [], CardSlice> =>
  (set, get) => {
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
        get().say('error', current.error.message);
        return;
      }
      if (view.state === 'approved' && (current.value.saleId !== view.saleId || current.value.dueMinor === 0)) {
        // Paid in full: main recorded the sale (or does now); its answer is the receipt.
        await get().command('sales.complete', () => ({ saleId: view.saleId }));
        return;
      }
      get().showSale(current.value);
    };

    return {
      card: undefined,

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
          get().say('error', answer.error.message);
          if (answer.error.code === 'CONFLICT') await get().refreshSale();
          return;
        }
        set({ notice: undefined });
        showCard(answer.value);
        // The lines are held from now on: main says so in the sale.
        void get().refreshSale();
        if (isFinal(answer.value.state)) await settleCard(answer.value);
      },

      async abortCard() {
        const card = get().card;
        if (card === undefined) return;
        const answer = await link.api()['payments.abort']({ attemptId: card.view.attemptId });
        if (!answer.ok) get().say('error', answer.error.message);
      },

      async checkCard() {
        const card = get().card;
        if (card === undefined) return;
        const answer = await link.api()['payments.checkStatus']({ attemptId: card.view.attemptId });
        if (!answer.ok) get().say('error', answer.error.message);
        else if (isFinal(answer.value.state)) await settleCard(answer.value);
        else showCard(answer.value);
      },

      async resolveCard(resolution) {
        const card = get().card;
        if (card === undefined) return;
        const answer = await link.api()['payments.resolve']({ attemptId: card.view.attemptId, ...resolution });
        if (!answer.ok) {
          get().say('error', answer.error.message);
          return;
        }
        await settleCard(answer.value);
      },

      dismissCard() {
        const card = get().card;
        if (card === undefined || !isFinal(card.view.state)) return;
        set({ card: undefined, panel: 'none' });
      },

      async refreshCard(attemptId, options = {}) {
        const asked = link.epoch();
        const answer = await link.api()['payments.get']({ attemptId });
        if (asked !== link.epoch()) return;
        if (!answer.ok) {
          get().say('error', answer.error.message);
          return;
        }
        if (options.show !== true && get().card?.view.attemptId !== attemptId) return;
        if (isFinal(answer.value.state)) await settleCard(answer.value);
        else showCard(answer.value);
      },

      followCardProgress(progress) {
        const card = get().card;
        if (card?.view.attemptId !== progress.attemptId) return;
        set({
          card: {
            view: {
              ...card.view,
              state: progress.state,
              cashierMessage: progress.cashierMessage,
              updatedAt: progress.at,
            },
            terminalMessage: progress.terminalMessage ?? card.terminalMessage,
          },
        });
        // The full record (amount approved, card, reason) comes from main, not from the event.
        if (isFinal(progress.state) || progress.state === 'needs_attention') void get().refreshCard(progress.attemptId);
      },
    };
  };
