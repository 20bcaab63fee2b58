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
  /** A payment link (QR) for what is due, or `amountMinor` of it: the same panel, the customer's phone for a terminal. */
  payByLink(amountMinor?: number): Promise<void>;
  /** Asks main to stop the payment; the screen says at once that the customer may already have paid. */
  abortCard(): Promise<void>;
  checkCard(): Promise<void>;
  /** Prints the live link's QR code on the receipt printer; main's refusal in words, or nothing when queued. */
  printLink(): Promise<string | undefined>;
  /** E-mails the live link to the customer; main's refusal in words, or nothing when sent. */
  emailLink(address: string): Promise<string | undefined>;
  /** After an approval that won the race with Cancel has been read: on to the receipt, or what is still due. */
  continueAfterRace(): Promise<void>;
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
    const showCard = (view: PaymentAttemptView, terminalMessage?: string, wonRace?: boolean) => {
      const previous = get().card;
      const same = previous?.view.attemptId === view.attemptId ? previous : undefined;
      set({
        card: {
          view,
          terminalMessage: terminalMessage ?? same?.terminalMessage,
          cancelSentAt: same?.cancelSentAt,
          wonRace: wonRace ?? same?.wonRace,
        },
        panel: 'card',
      });
    };

    /** A card payment reached its end: main has already taken what it approved; show where the sale stands now. */
    const settleCard = async (view: PaymentAttemptView) => {
      const held = get().card;
      if (
        view.state === 'approved' &&
        held?.view.attemptId === view.attemptId &&
        held.cancelSentAt !== undefined &&
        held.wonRace !== true
      ) {
        // Cancel was pressed, yet the customer paid: say so plainly before the receipt; the cashier goes on.
        showCard(view, undefined, true);
        return;
      }
      await showWhereSaleStands(view);
    };

    const showWhereSaleStands = async (view: PaymentAttemptView) => {
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

    /** Asks main for a card or link payment; main decides the amount is allowed and writes it before it goes. */
    const start = async (tender: 'card' | 'link', amountMinor: number | undefined) => {
      const state = get();
      // One payment at a time from this screen; main refuses a second one on the terminal or gateway anyway.
      if (cardInFlight(state) || state.busy) return;
      set({ busy: true });
      const answer = await link.api()['payments.start']({
        saleId: state.sale.saleId,
        ...(amountMinor === undefined ? {} : { amountMinor }),
        ...(tender === 'link' ? { tender } : {}),
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
      // Its first steps (a link made in milliseconds) may have come as events before this answer did.
      else void get().refreshCard(answer.value.attemptId);
    };

    return {
      card: undefined,

      payByCard: (amountMinor) => start('card', amountMinor),

      payByLink: (amountMinor) => start('link', amountMinor),

      async abortCard() {
        const card = get().card;
        if (card === undefined || !cardInFlight(get()) || card.cancelSentAt !== undefined) return;
        const attemptId = card.view.attemptId;
        // Said at once: the terminal may have the card and PIN already, and the outcome is still the terminal's.
        set({ card: { ...card, cancelSentAt: new Date().toISOString() } });
        const answer = await link.api()['payments.abort']({ attemptId });
        if (answer.ok) return;
        get().say('error', answer.error.message);
        const now = get().card;
        // Main would not send the cancel: nothing was sent, so nothing is said to be on its way.
        if (now?.view.attemptId === attemptId) set({ card: { ...now, cancelSentAt: undefined } });
      },

      async continueAfterRace() {
        const card = get().card;
        if (card?.wonRace !== true) return;
        await showWhereSaleStands(card.view);
      },

      async printLink() {
        const card = get().card;
        if (card === undefined) return undefined;
        const answer = await link.api()['payments.printLink']({ attemptId: card.view.attemptId });
        return answer.ok ? undefined : answer.error.message;
      },

      async emailLink(address) {
        const card = get().card;
        if (card === undefined) return undefined;
        const answer = await link.api()['payments.emailLink']({ attemptId: card.view.attemptId, address });
        return answer.ok ? undefined : answer.error.message;
      },

      async checkCard() {
        const card = get().card;
        if (card === undefined) return;
        const answer = await link.api()['payments.checkStatus']({ attemptId: card.view.attemptId });
        if (!answer.ok) get().say('error', answer.error.message);
        else if (isFinal(answer.value.state)) await settleCard(answer.value);
        else showCard(answer.value);
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
        // Browser mode carries events and answers on separate connections: an event may arrive after an
        // answer that already knew more (a link's "sent" after "in progress"), and must not take it back.
        if (progress.at < card.view.updatedAt) return;
        set({
          card: {
            ...card,
            view: {
              ...card.view,
              state: progress.state,
              cashierMessage: progress.cashierMessage,
              updatedAt: progress.at,
              ...(progress.link === undefined ? {} : { link: progress.link }),
            },
            terminalMessage: progress.terminalMessage ?? card.terminalMessage,
          },
        });
        // The full record (amount approved, card, reason) comes from main, not from the event.
        if (isFinal(progress.state) || progress.state === 'needs_attention') void get().refreshCard(progress.attemptId);
      },
    };
  };
