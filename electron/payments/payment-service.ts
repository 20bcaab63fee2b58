import {
  IN_FLIGHT_PAYMENT_STATES,
  type FinalPaymentState,
  type PaymentAttemptView,
} from '../../shared/payments/payment-state.ts';
import { canDecide, standingOf } from '../../shared/payments/payment-decisions.ts';
import { attemptView } from './attempt-view.ts';
import type { AttemptEvent, AttemptRecord } from './payment-book.ts';
import { createPaymentAttempts } from './payment-attempts.ts';
import { createPaymentContext, PaymentInputError, type PaymentServiceOptions } from './payment-context.ts';
import { createNotificationIntake } from './payment-notifications.ts';
import { createPaymentRuns } from './payment-run.ts';

export { DEFAULT_TIMING, PaymentInputError, type PaymentTiming } from './payment-context.ts';

/**
 * The payment service: takes a sale's card tender to the terminal and always
 * ends with the truth, or with a flag that says the truth is not known yet.
 *
 * The rules it keeps, in the order a payment meets them:
 * - the attempt, with its ServiceID, is in the book before the request leaves;
 * - one attempt per terminal is unsettled at a time (the book refuses a second);
 * - no result by the deadline, a dropped connection, an empty or unreadable
 *   reply or a 5xx is "unknown": the service asks the status of the *same*
 *   payment, never sends another one;
 * - `NotFound` means the terminal never got it: the attempt fails and the
 *   cashier may try again, which is a new attempt with a new ServiceID;
 * - a result that contradicts what is recorded (approved after cancelled) is
 *   never dropped: the attempt goes to `needs_attention` for a manager.
 *
 * Which step follows what is learned is one table, shared/payments/payment-decisions.ts.
 */

/** How far back a restarted till gives links that ended without money their last look. */
const LAST_LOOK_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StartPayment {
  saleId: string;
  /** The sale's total now; recorded with the sale (and kept current), the amount when never given. */
  saleTotalMinor?: number | undefined;
  amountMinor: number;
  currency: string;
}

/**
 * Money back to a card, as one attempt on the terminal. With `originalAttemptId`
 * it is a referenced refund (a reversal) of that approved payment, capped at
 * what is left of it; without, an unreferenced refund to whatever card is
 * presented, which only a manager may start (checked by the caller).
 */
export interface StartRefund {
  /** The refund this attempt belongs to; it stands where a sale id stands for a payment. */
  refundId: string;
  /** The whole refund's amount, recorded with it the first time it is seen. */
  refundTotalMinor: number;
  amountMinor: number;
  currency: string;
  originalAttemptId?: string | undefined;
  /**
   * A payment this till did not take (a webshop order), by the online gateway's payment id: money
   * back on it goes through that gateway, to the card that paid. Only a provider that
   * `refundsByPaymentId` takes it.
   */
  onlinePaymentId?: string | undefined;
}

/**
 * A deposit's pre-authorisation by link (a `hold`): the customer authorises `amountMinor` on their phone
 * and the money is reserved, not taken. The deposit stands where a sale stands for a payment. Only a
 * provider that `holds` takes it.
 */
export interface StartHold {
  depositId: string;
  amountMinor: number;
  currency: string;
}

/** Takes all or part of an approved hold (once: refused while another capture or release may hold money). */
export interface StartCapture {
  depositId: string;
  holdAttemptId: string;
  amountMinor: number;
}

/** Gives an approved hold back to the customer's card, all of it. */
export interface StartRelease {
  depositId: string;
  holdAttemptId: string;
}

export interface ManagerResolution {
  outcome: FinalPaymentState;
  /** The terminal's own record of it (Adyen: the PSP reference on the terminal's receipt or in the Customer Area). */
  terminalReference?: string | undefined;
  /** For an approval found on the terminal: what was charged; the attempt's amount when absent. */
  authorisedMinor?: number | undefined;
  reason: string;
  manager: string;
}

export type NotificationHandling =
  | 'applied'
  | 'duplicate'
  | 'progress'
  | 'checking'
  | 'conflict'
  | 'unauthentic'
  | 'unmatched'
  | 'ignored'
  | 'unreadable';

export interface PaymentService {
  readonly terminalId: string;
  /** Persists a new attempt and starts it; throws `TerminalBusyError` or `PaymentInputError`. */
  startPayment(input: StartPayment): AttemptRecord;
  /** Persists a refund attempt and starts it; the same rules as a payment, and a cap per original payment. */
  startRefund(input: StartRefund): AttemptRecord;
  /** Whether this service's provider takes deposits (`TerminalProvider.holds`); absent: no. */
  readonly holds?: boolean;
  /** Persists a deposit's hold (a pre-authorisation by link) and starts it; refused unless the provider `holds`. */
  startHold(input: StartHold): AttemptRecord;
  /** Persists the capture of an approved hold and starts it, in a lane of its own beside the shop's links. */
  startCapture(input: StartCapture): AttemptRecord;
  /** Persists the release of an approved hold and starts it, in the same lane as its capture. */
  startRelease(input: StartRelease): AttemptRecord;
  /** What can still be given back on an approved payment: its amount less every refund not known to have failed. */
  refundableOn(attemptId: string): number;
  /** Resolves once the attempt is final or waiting for a manager. */
  whenSettled(attemptId: string): Promise<AttemptRecord>;
  /** Asks the terminal to stop; the attempt still ends with whatever the terminal decided. */
  abort(attemptId: string): Promise<AttemptRecord>;
  /** Asks the terminal about the attempt once, now, and applies the answer. */
  checkStatus(attemptId: string): Promise<AttemptRecord>;
  /** A manager settles an attempt the till could not, with the terminal's reference and a reason. */
  resolve(attemptId: string, resolution: ManagerResolution): AttemptRecord;
  /** Settles every attempt left in flight (after a crash); resolves with each one's end state. */
  recover(): Promise<AttemptRecord[]>;
  /** A notification the webhook listener has already written to the book's inbox. */
  handleNotification(body: unknown, inboxSeq: number): NotificationHandling;
  view(record: AttemptRecord): PaymentAttemptView;
  attempt(attemptId: string): AttemptRecord | undefined;
  /** Every attempt of a sale (or a refund), oldest first. */
  attemptsOf(saleId: string): AttemptRecord[];
  /** An attempt's events, oldest first: every step, with why and who. */
  history(attemptId: string): AttemptEvent[];
  /** Not final: in flight, or waiting for a manager. */
  unsettled(): AttemptRecord[];
  /** Attempts whose request may still be out at the terminal: quitting now would leave them unknown. */
  inFlight(): AttemptRecord[];
  /**
   * Calls `listener` with the attempt each time one is created or changes state, after the book has it;
   * returns the function that stops it. Main's own services (sales, refunds) follow attempts here, typed and
   * never dropped, not through the screen's event hub, which drops an event that fails its contract.
   * A listener that throws is logged and does not stop the payment.
   */
  onAttemptChanged(listener: (attempt: AttemptRecord) => void): () => void;
  /** Stops waiting (open requests are cancelled); the book keeps each attempt where it was, for recovery. */
  close(): Promise<void>;
}

/**
 * The payment service, composed of its three parts on one shared context:
 * attempts (payment-attempts.ts), runs (payment-run.ts) and notification
 * intake (payment-notifications.ts). A manager's resolution and recovery
 * after a crash are here, since they use all three.
 */
export function createPaymentService(options: PaymentServiceOptions): PaymentService {
  const context = createPaymentContext(options);
  const { book, provider, logger, current, learn, words } = context;
  const runs = createPaymentRuns(context);
  const attempts = createPaymentAttempts(context, runs);
  const { handleNotification } = createNotificationIntake(context, runs);

  /** Attempts whose request may still be out at the terminal (a manager's cases excluded). */
  function inFlight(): AttemptRecord[] {
    return book.unsettledAttempts().filter((record) => IN_FLIGHT_PAYMENT_STATES.includes(record.state));
  }

  /**
   * This service's own: a till with a card terminal and an online gateway keeps both in one book, and
   * each service asks only its own provider about its own attempts and reads only its own webhooks.
   */
  const own = (terminalId: string) => terminalId === provider.terminalId;
  const ownsInboxRow = options.ownsInboxRow ?? (() => true);

  /**
   * The last look a link gets after it ended without money lives in a timer: a till that stopped
   * before it fired gives it again, due from the moment the book recorded the end (at once if overdue),
   * for attempts ended within the last day; later payments reach the till by webhook alone.
   */
  function lastLooksAfterRestart(): void {
    const after = provider.pace?.recheckEndedAfterMs;
    if (after === undefined) return;
    const now = context.clock.now().getTime();
    const since = new Date(now - LAST_LOOK_WINDOW_MS).toISOString();
    for (const ended of book.endedWithoutMoney(provider.terminalId, since)) {
      runs.recheckLater(ended.id, Math.max(0, Date.parse(ended.updatedAt) + after - now));
    }
  }

  function resolve(attemptId: string, resolution: ManagerResolution): AttemptRecord {
    const record = current(attemptId);
    if (!canDecide(standingOf(record), 'resolved')) {
      throw new PaymentInputError(words.onlyWaitingSettled);
    }
    if (resolution.reason.trim().length < 3 || resolution.manager.trim() === '') {
      throw new PaymentInputError(words.sayWhoAndWhy);
    }
    if (resolution.outcome === 'approved' && (resolution.terminalReference ?? '').trim() === '') {
      throw new PaymentInputError(words.approvalNeedsReference);
    }
    const authorised =
      resolution.outcome === 'approved' ? (resolution.authorisedMinor ?? record.amountMinor) : undefined;
    if (
      authorised !== undefined &&
      (!Number.isSafeInteger(authorised) || authorised <= 0 || authorised > record.amountMinor)
    ) {
      throw new PaymentInputError(words.approvedAmountRange);
    }
    logger.warn('payments.resolved_by_manager', {
      attemptId,
      outcome: resolution.outcome,
      manager: resolution.manager,
    });
    learn(
      attemptId,
      'resolved',
      {
        ...(authorised === undefined ? {} : { authorisedMinor: authorised }),
        ...(resolution.terminalReference === undefined
          ? {}
          : { terminalReference: resolution.terminalReference.trim() }),
        reason: resolution.reason.trim(),
        detail: { resolvedBy: resolution.manager.trim(), source: 'manager' },
      },
      resolution.outcome,
    );
    return current(attemptId);
  }

  return {
    terminalId: provider.terminalId,
    startPayment: attempts.startPayment,
    startRefund: attempts.startRefund,
    holds: provider.holds === true,
    startHold: attempts.startHold,
    startCapture: attempts.startCapture,
    startRelease: attempts.startRelease,
    refundableOn: attempts.refundableOn,
    whenSettled: runs.whenSettled,
    abort: runs.abort,
    checkStatus: runs.checkStatus,
    resolve,

    async recover() {
      // Notifications written but not acted on before the process stopped.
      for (const stored of book.unhandledInbox().filter((row) => ownsInboxRow(row.terminalId))) {
        try {
          handleNotification(JSON.parse(stored.body) as unknown, stored.seq);
        } catch (error) {
          logger.error('payments.inbox_replay_failed', { seq: stored.seq, error });
        }
      }
      const unsettled = inFlight().filter((record) => own(record.terminalId));
      const started = unsettled.map((record) => runs.startRun(record.id));
      lastLooksAfterRestart();
      await Promise.all(started.map((run) => run.done));
      return unsettled.map((record) => current(record.id));
    },

    handleNotification,

    // The same deadline the run keeps: the provider's own, else the till's.
    view: (record) =>
      attemptView(record, provider.pace?.resultDeadlineMs ?? context.timing.resultTimeoutMs, words.retell),

    attempt: (attemptId) => book.attempt(attemptId),

    attemptsOf: (saleId) => book.attemptsOf(saleId),

    history: (attemptId) => book.events(attemptId),

    unsettled: () => book.unsettledAttempts(),

    inFlight,

    onAttemptChanged: context.onAttemptChanged,

    async close() {
      context.close();
      await runs.close();
    },
  };
}
