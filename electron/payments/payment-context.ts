import {
  CASHIER_WORDS,
  IN_FLIGHT_PAYMENT_STATES,
  type FinalPaymentState,
  type PaymentState,
} from '../../shared/payments/payment-state.ts';
import { decide, nextState, standingOf, type Action, type Learned } from '../../shared/payments/payment-decisions.ts';
import { formatMoney } from '../../shared/money.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { screenLink } from './attempt-view.ts';
import type { AttemptRecord, PaymentBook, TransitionChange } from './payment-book.ts';
import type { PaymentRequestIds, ProviderLink, TerminalProvider } from './terminal-provider.ts';
import { paymentWords, type PaymentWords } from './payment-words.ts';

/**
 * What the three parts of the payment service share: attempt creation
 * (payment-attempts.ts), the run and its status loop (payment-run.ts) and
 * notification intake (payment-notifications.ts). Every transition goes
 * through `transition` here, so every one is logged, published and told to
 * whoever follows attempts; every decision through `learn`, so the decision
 * table is the one place the next step is chosen.
 */

export interface PaymentTiming {
  /** No result by then: ask the terminal (Adyen: 150 s for cloud). */
  resultTimeoutMs: number;
  /** Waits between status requests that got no answer (transport errors), last one repeating. */
  statusRetryDelaysMs: readonly number[];
  /** Pause between status requests the terminal answered "in progress". */
  inProgressPollMs: number;
  /** After asking this long without an answer that settles it, a manager must. */
  statusGiveUpAfterMs: number;
  /**
   * After this long with no answer at all (terminal offline, no network), a
   * manager must, sooner: a cashier should not wait ten minutes on a terminal
   * that cannot be asked. "In progress" answers restart this count.
   */
  unansweredGiveUpAfterMs: number;
}

export const DEFAULT_TIMING: PaymentTiming = {
  resultTimeoutMs: 150_000,
  statusRetryDelaysMs: [1_000, 2_000, 4_000, 8_000, 15_000, 30_000],
  inProgressPollMs: 1_000,
  statusGiveUpAfterMs: 10 * 60_000,
  unansweredGiveUpAfterMs: 2 * 60_000,
};

/** A request the service will not carry out as asked; the message says what to do instead. */
export class PaymentInputError extends TillError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
    this.name = 'PaymentInputError';
  }
}

export interface PaymentServiceOptions {
  book: PaymentBook;
  provider: TerminalProvider;
  currency: string;
  /** How amounts are written in what the cashier reads (a refusal names the amount); en-GB when absent. */
  locale?: string;
  logger: Logger;
  events?: EventHub;
  clock?: Clock;
  timing?: Partial<PaymentTiming>;
  /** Called after each book write of a transition (progress output, crash tests). */
  onTransition?: (record: AttemptRecord) => void;
  /** What the cashier reads when the service refuses, in the till's language; English when absent. */
  words?: PaymentWords;
  /**
   * Which stored webhooks this service replays after a restart, by the terminal its intake tied each to;
   * all of them when absent (a till with one provider). With a gateway beside the card terminal, the
   * gateway's rows are the gateway's and every other row (one naming no terminal too) the card terminal's.
   */
  ownsInboxRow?: (terminalId: string | undefined) => boolean;
}

export interface PaymentContext {
  readonly book: PaymentBook;
  readonly provider: TerminalProvider;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly timing: PaymentTiming;
  /** The one currency this till takes. */
  readonly currency: string;
  /** An amount in this till's currency as the cashier reads it: "€12.34". */
  readonly money: (minor: number) => string;
  /** The refusals, in the till's language. */
  readonly words: PaymentWords;
  /** Now, as the book writes it. */
  readonly at: () => string;
  /** The attempt as the book has it now; a `PaymentInputError` when there is none. */
  readonly current: (attemptId: string) => AttemptRecord;
  /** Still waiting for the terminal's word: a run should go on. */
  readonly open: (attemptId: string) => boolean;
  readonly requestIds: (record: AttemptRecord) => PaymentRequestIds;
  /** Tells the screen where an attempt is, with what the terminal displays when it said. */
  readonly publish: (record: AttemptRecord, terminalMessage?: string) => void;
  readonly transition: (attemptId: string, to: PaymentState, change?: TransitionChange) => AttemptRecord;
  /** An attempt is new or has moved, and the book has it: tell the screen and whoever follows attempts. */
  readonly changed: (record: AttemptRecord) => void;
  readonly learn: (
    attemptId: string,
    learned: Learned,
    change?: TransitionChange,
    verdict?: FinalPaymentState,
  ) => Action;
  readonly reserveServiceId: (terminalId: string) => string;
  /**
   * Keeps what a gateway says of an attempt's link (made, opened, paying) in the book, and tells the
   * screen; news it already has is not written twice. Only while the attempt is open.
   */
  readonly keepLink: (attemptId: string, link: ProviderLink) => void;
  readonly onAttemptChanged: (listener: (attempt: AttemptRecord) => void) => () => void;
  /** The service is shutting down: no new attempts, and a failed run does not start again. */
  readonly closed: boolean;
  readonly close: () => void;
}

export function createPaymentContext(options: PaymentServiceOptions): PaymentContext {
  const { book, provider, logger, events } = options;
  const clock = options.clock ?? systemClock;
  const timing: PaymentTiming = { ...DEFAULT_TIMING, ...options.timing };
  const listeners = new Set<(attempt: AttemptRecord) => void>();
  let closed = false;

  const words = options.words ?? paymentWords;
  const at = () => clock.now().toISOString();
  const money = (minor: number) => formatMoney(minor, options.currency, options.locale ?? 'en-GB');

  function requestIds(record: AttemptRecord): PaymentRequestIds {
    return {
      terminalId: record.terminalId,
      saleSystemId: record.saleSystemId,
      serviceId: record.serviceId,
      saleTransactionId: record.saleTransactionId,
      amountMinor: record.amountMinor,
      currency: record.currency,
      kind: record.kind,
      ...(record.original === undefined ? {} : { original: record.original }),
      ...(record.originalAttemptId === undefined
        ? {}
        : { originalAmountMinor: originalAmount(record.originalAttemptId) }),
      ...(record.link === undefined ? {} : { link: record.link }),
    };
  }

  function originalAmount(attemptId: string): number | undefined {
    const original = book.attempt(attemptId);
    return original === undefined ? undefined : (original.authorisedMinor ?? original.amountMinor);
  }

  function publish(record: AttemptRecord, terminalMessage?: string): void {
    events?.publish({
      type: 'payment.progress',
      progress: {
        attemptId: record.id,
        saleId: record.saleId,
        terminalId: record.terminalId,
        state: record.state,
        cashierMessage: CASHIER_WORDS[record.state],
        ...(terminalMessage === undefined ? {} : { terminalMessage: words.retell(terminalMessage) }),
        ...(record.link === undefined ? {} : { link: screenLink(record.link) }),
        at: at(),
      },
    });
  }

  function transition(attemptId: string, to: PaymentState, change: TransitionChange = {}): AttemptRecord {
    const record = book.transition(attemptId, to, change, at());
    logger.info('payments.transition', {
      attemptId,
      saleId: record.saleId,
      terminal: record.terminalId,
      state: to,
      ...(change.reason === undefined ? {} : { reason: change.reason }),
    });
    changed(record);
    return record;
  }

  /** An attempt is new or has moved, and the book has it: tell the screen and whoever follows attempts. */
  function changed(record: AttemptRecord): void {
    options.onTransition?.(record);
    publish(record);
    for (const listener of [...listeners]) {
      try {
        listener(record);
      } catch (error) {
        // The transition is written; a listener's failure is its own and must not stop the payment's run.
        logger.error('payments.listener_failed', { attemptId: record.id, error });
      }
    }
  }

  function current(attemptId: string): AttemptRecord {
    const record = book.attempt(attemptId);
    if (record === undefined) throw new PaymentInputError(words.noSuchPayment(attemptId));
    return record;
  }

  /**
   * What the loop learned about an attempt, applied as the decision table says (payment-decisions.ts):
   * the transition, if any, is written; the returned action is the loop's next step. `verdict` is the
   * terminal's or a manager's outcome, for a decision that applies it.
   */
  function learn(
    attemptId: string,
    learned: Learned,
    change: TransitionChange = {},
    verdict?: FinalPaymentState,
  ): Action {
    const standing = standingOf(current(attemptId));
    const decision = decide(standing, learned);
    const to = nextState(standing, decision, verdict);
    if (to !== undefined) {
      transition(
        attemptId,
        to,
        decision.attention === undefined ? change : { ...change, attention: decision.attention },
      );
    }
    return decision.then;
  }

  /** Still waiting for the terminal's word: the run should go on. */
  function open(attemptId: string): boolean {
    return IN_FLIGHT_PAYMENT_STATES.includes(current(attemptId).state);
  }

  function reserveServiceId(terminalId: string): string {
    for (let tries = 0; tries < 5; tries += 1) {
      const id = provider.newServiceId();
      if (book.reserveServiceId(terminalId, id, at())) return id;
    }
    throw new Error('Could not find an unused ServiceID in five tries.');
  }

  function keepLink(attemptId: string, link: ProviderLink): void {
    const record = current(attemptId);
    if (!open(attemptId)) return;
    const known = record.link;
    // A stage is news only when the gateway says one; a bare re-read of the link keeps what was learned.
    const next: ProviderLink =
      link.stage === undefined && known?.stage !== undefined ? { ...link, stage: known.stage } : link;
    if (
      known?.reference === next.reference &&
      known.url === next.url &&
      known.expiresAt === next.expiresAt &&
      known.stage === next.stage
    ) {
      return;
    }
    const kept = book.recordLink(attemptId, next, at());
    logger.info('payments.link', { attemptId, stage: next.stage ?? 'waiting', expiresAt: next.expiresAt });
    publish(kept);
  }

  return {
    book,
    provider,
    logger,
    clock,
    timing,
    currency: options.currency,
    money,
    words,
    at,
    current,
    open,
    requestIds,
    publish,
    transition,
    changed,
    learn,
    reserveServiceId,
    keepLink,
    onAttemptChanged(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get closed() {
      return closed;
    },
    close() {
      closed = true;
    },
  };
}
