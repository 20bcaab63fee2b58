import { randomUUID } from 'node:crypto';
import {
  CASHIER_WORDS,
  IN_FLIGHT_PAYMENT_STATES,
  isFinalPaymentState,
  type FinalPaymentState,
  type PaymentAttemptView,
  type PaymentState,
} from '../../shared/payments/payment-state.ts';
import {
  canDecide,
  decide,
  nextState,
  standingOf,
  verdictLearned,
  type Action,
  type Learned,
} from '../../shared/payments/payment-decisions.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { TillError } from '../till-error.ts';
import { attemptView as view } from './attempt-view.ts';
import {
  ServiceIdInUseError,
  type AttemptEvent,
  type AttemptRecord,
  type NewAttempt,
  type PaymentJournal,
  type TransitionChange,
} from './journal/payment-journal.ts';
import type {
  NotificationIds,
  PaymentRequestIds,
  SendResult,
  StatusResult,
  TerminalOutcome,
  TerminalProvider,
} from './terminal-provider.ts';

/**
 * The payment service: takes a sale's card tender to the terminal and always
 * ends with the truth, or with a flag that says the truth is not known yet.
 *
 * The rules it keeps, in the order a payment meets them:
 * - the attempt, with its ServiceID, is in the journal before the request leaves;
 * - one attempt per terminal is unsettled at a time (the journal refuses a second);
 * - no result by the deadline, a dropped connection, an empty or unreadable
 *   reply or a 5xx is "unknown": the service asks the status of the *same*
 *   payment, never sends another one;
 * - `NotFound` means the terminal never got it: the attempt fails and the
 *   cashier may try again, which is a new attempt with a new ServiceID;
 * - a result that contradicts what is recorded (approved after cancelled) is
 *   never dropped: the attempt goes to `needs_attention` for a manager.
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
  /** A notification the webhook listener has already written to the journal's inbox. */
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
   * Calls `listener` with the attempt each time one is created or changes state, after the journal has it;
   * returns the function that stops it. Main's own services (refunds) follow attempts here, typed and
   * never dropped, not through the screen's event hub, which drops an event that fails its contract.
   * A listener that throws is logged and does not stop the payment.
   */
  onAttemptChanged(listener: (attempt: AttemptRecord) => void): () => void;
  /** Stops waiting (open requests are cancelled); the journal keeps each attempt where it was, for recovery. */
  close(): Promise<void>;
}

/** A request the service will not carry out as asked; the message says what to do instead. */
export class PaymentInputError extends TillError {
  constructor(message: string) {
    super('BAD_REQUEST', message);
    this.name = 'PaymentInputError';
  }
}

interface Run {
  readonly attemptId: string;
  /** Stops the run for good (service closing). */
  readonly stop: AbortController;
  /** Cancels the request in flight, when a result arrives another way or the deadline passes. */
  request: AbortController;
  /** Wakes a waiting run: a notification arrived. */
  poke: () => void;
  /** A Reject or a timeout result came by webhook: go and ask. */
  checkNow: string | undefined;
  done: Promise<void>;
}

const MAX_AMOUNT_MINOR = 100_000_000;

export function createPaymentService(options: {
  journal: PaymentJournal;
  provider: TerminalProvider;
  currency: string;
  logger: Logger;
  events?: EventHub;
  clock?: Clock;
  timing?: Partial<PaymentTiming>;
  /** Called after each journal write of a transition (progress output, crash tests). */
  onTransition?: (record: AttemptRecord) => void;
}): PaymentService {
  const { journal, provider, logger, events } = options;
  const clock = options.clock ?? systemClock;
  const timing: PaymentTiming = { ...DEFAULT_TIMING, ...options.timing };
  const runs = new Map<string, Run>();
  const seenInProgress = new Set<string>();
  const listeners = new Set<(attempt: AttemptRecord) => void>();
  let closed = false;

  const at = () => clock.now().toISOString();

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
    };
  }

  function originalAmount(attemptId: string): number | undefined {
    const original = journal.attempt(attemptId);
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
        ...(terminalMessage === undefined ? {} : { terminalMessage }),
        at: at(),
      },
    });
  }

  function transition(attemptId: string, to: PaymentState, change: TransitionChange = {}): AttemptRecord {
    const record = journal.transition(attemptId, to, change, at());
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

  /** An attempt is new or has moved, and the journal has it: tell the screen and whoever follows attempts. */
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
    const record = journal.attempt(attemptId);
    if (record === undefined) throw new PaymentInputError(`There is no card payment ${attemptId}.`);
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
      if (journal.reserveServiceId(terminalId, id, at())) return id;
    }
    throw new Error('Could not find an unused ServiceID in five tries.');
  }

  function createAttempt(
    input: { saleId: string; amountMinor: number; currency: string },
    saleTotalMinor: number,
    refund: Pick<NewAttempt, 'kind' | 'originalAttemptId' | 'original'> = {},
  ): AttemptRecord {
    for (let tries = 0; ; tries += 1) {
      try {
        return journal.createAttempt(
          {
            id: randomUUID(),
            saleId: input.saleId,
            tenderId: randomUUID(),
            saleTotalMinor,
            provider: provider.name,
            terminalId: provider.terminalId,
            saleSystemId: provider.saleSystemId,
            serviceId: provider.newServiceId(),
            saleTransactionId: input.saleId,
            amountMinor: input.amountMinor,
            currency: input.currency,
            delivery: provider.delivery,
            ...refund,
          },
          at(),
        );
      } catch (error) {
        // A clash of random ServiceIDs: practically never, and never twice in a row.
        if (!(error instanceof ServiceIdInUseError) || tries >= 4) throw error;
      }
    }
  }

  /** Applies the terminal's verdict, wherever it came from. */
  function settle(attemptId: string, outcome: TerminalOutcome, source: string): AttemptRecord {
    const record = current(attemptId);
    const change: TransitionChange = {
      ...(outcome.authorisedMinor === undefined ? {} : { authorisedMinor: outcome.authorisedMinor }),
      ...(outcome.terminalReference === undefined ? {} : { terminalReference: outcome.terminalReference }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(outcome.card === undefined ? {} : { card: outcome.card }),
      ...(outcome.receipts === undefined ? {} : { receipts: outcome.receipts }),
      ...(outcome.poiTransaction === undefined ? {} : { poiTransaction: outcome.poiTransaction }),
      detail: { source },
    };
    const standing = standingOf(record);
    const decision = decide(standing, verdictLearned(record, outcome));
    const to = nextState(standing, decision, outcome.state);
    let settled: AttemptRecord;
    if (decision.then === 'keep') {
      // Two contradicting answers are already in front of a manager; keep the third with them.
      journal.note(attemptId, { reportedLater: outcome, source }, at());
      settled = record;
    } else if (to === undefined) {
      logger.info('payments.same_result_again', { attemptId, state: outcome.state, source });
      return record;
    } else if (decision.attention === 'conflicting_result') {
      logger.error('payments.conflicting_result', {
        attemptId,
        recorded: record.state,
        reported: outcome.state,
        source,
      });
      settled = transition(attemptId, to, {
        ...change,
        attention: decision.attention,
        reason: `The terminal reported ${outcome.state} after the till had recorded ${record.state}`,
        detail: { source, reported: outcome },
      });
    } else {
      settled = transition(attemptId, to, change);
    }
    const run = runs.get(attemptId);
    // Whatever else was still asking has its answer now; a reply has already ended its own request.
    if (source !== 'reply') run?.request.abort();
    run?.poke();
    return settled;
  }

  // Functions, not inline reads: these change while the run awaits, behind the compiler's back.
  const stopped = (run: Run) => run.stop.signal.aborted;
  const checkAsked = (run: Run) => run.checkNow !== undefined;

  /** Sleeps `ms` unless poked or stopped first. */
  function pause(run: Run, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      const onStop = () => finish();
      run.stop.signal.addEventListener('abort', onStop, { once: true });
      run.poke = finish;
      function finish() {
        clearTimeout(timer);
        run.stop.signal.removeEventListener('abort', onStop);
        run.poke = () => undefined;
        resolve();
      }
    });
  }

  /**
   * A controller for one request that also stops when the run stops. Cheaper
   * than AbortSignal.any, which a till would call on every request.
   */
  function requestUnder(stop: AbortController): AbortController {
    const request = new AbortController();
    if (stop.signal.aborted) request.abort();
    else stop.signal.addEventListener('abort', () => request.abort(), { once: true, signal: request.signal });
    return request;
  }

  /** How long a run that failed (a journal busy past its timeout, a bug) waits before it starts again. */
  const RUN_RETRY_MS = 5_000;

  /** `send`: a new attempt from `startPayment`; otherwise the run only asks about it. */
  function startRun(attemptId: string, send = false): Run {
    const existing = runs.get(attemptId);
    if (existing !== undefined) return existing;
    const stop = new AbortController();
    const run: Run = {
      attemptId,
      stop,
      request: requestUnder(stop),
      poke: () => undefined,
      checkNow: undefined,
      done: Promise.resolve(),
    };
    runs.set(attemptId, run);
    run.done = drive(run, send)
      .catch(async (error: unknown) => {
        logger.error('payments.run_failed', { attemptId, error });
        // Never leave an attempt in flight with nobody asking about it: try again, by asking.
        await pause(run, RUN_RETRY_MS);
        if (stopped(run) || closed || !open(attemptId)) return;
        runs.delete(attemptId);
        await startRun(attemptId).done;
      })
      .finally(() => {
        if (runs.get(attemptId) === run) runs.delete(attemptId);
      });
    return run;
  }

  async function drive(run: Run, send: boolean): Promise<void> {
    const record = current(run.attemptId);
    if (!send) {
      // Left in flight by a stopped process, or reopened: only asking can tell. That holds for `created`
      // too: `sent` is written before the request leaves, so it most likely never left, but a missing row
      // is the till's own belief, not the terminal's word, and unknown is not declined. Asking costs one
      // status request; a terminal that never had it says NotFound and the attempt fails then.
      const then = learn(record.id, 'restarted', {
        reason:
          record.state === 'created'
            ? 'The till stopped as it was sending the payment'
            : 'The till restarted during the payment',
      });
      if (then === 'ask') await askUntilSettled(run);
      return;
    }
    // Persist before send: `sent` is in the journal before the request leaves.
    learn(record.id, 'start');
    const sent = await sendWithDeadline(run, record);
    if (stopped(run) || !open(run.attemptId)) return;
    await afterSend(run, sent);
  }

  async function sendWithDeadline(run: Run, record: AttemptRecord): Promise<SendResult | 'deadline'> {
    const deadlinePassed = () => passed.value;
    const passed = { value: false };
    const deadline = setTimeout(() => {
      passed.value = true;
      run.request.abort();
      run.poke();
    }, timing.resultTimeoutMs);
    try {
      const signal = run.request.signal;
      const sent = await provider.sendPayment(requestIds(record), signal);
      if (provider.delivery === 'async' && sent.kind === 'accepted') {
        // A display notification may have said so already, before the "ok" arrived; a webhook may even
        // have brought the result: the table keeps whichever is further on.
        learn(record.id, 'accepted');
        // The result comes by webhook; wait for it until the deadline.
        while (!deadlinePassed() && !stopped(run) && open(run.attemptId) && !checkAsked(run)) {
          await pause(run, 60_000);
        }
      }
      // A verdict in hand counts even if the deadline passed while it was being read.
      return sent.kind !== 'outcome' && deadlinePassed() && open(run.attemptId) ? 'deadline' : sent;
    } finally {
      clearTimeout(deadline);
      run.request = requestUnder(run.stop);
    }
  }

  async function afterSend(run: Run, sent: SendResult | 'deadline'): Promise<void> {
    const id = run.attemptId;
    let learned: Learned;
    let reason: string;
    if (sent === 'deadline') {
      learned = 'deadline';
      reason = `No result after ${Math.round(timing.resultTimeoutMs / 1000)} seconds`;
    } else if (run.checkNow !== undefined && sent.kind !== 'outcome') {
      learned = 'unknown';
      reason = run.checkNow;
    } else {
      switch (sent.kind) {
        case 'outcome':
          settle(id, sent.outcome, 'reply');
          return;
        case 'accepted':
          return;
        case 'refused':
          learned = 'refused';
          reason = sent.reason;
          break;
        case 'not_started':
        case 'unknown':
          // "Not started" is the cloud's belief; only the terminal's status confirms it.
          learned = 'unknown';
          reason = sent.reason;
          break;
      }
    }
    if (learn(id, learned, { reason }) === 'ask') await askUntilSettled(run);
  }

  /** The status loop: ask about the same payment until the terminal settles it, or give up to a manager. */
  async function askUntilSettled(run: Run): Promise<void> {
    const id = run.attemptId;
    const started = clock.now().getTime();
    const elapsed = () => clock.now().getTime() - started;
    let lastAnswer = started;
    let failures = 0;
    while (!stopped(run) && open(id)) {
      run.checkNow = undefined;
      const status = await askOnce(run);
      if (stopped(run) || !open(id)) return;
      if (status.kind === 'in_progress') {
        failures = 0;
        lastAnswer = clock.now().getTime();
        await pause(run, timing.inProgressPollMs);
      } else if (status.kind === 'refused') {
        learn(id, 'status_refused', { reason: status.reason });
        return;
      } else if (status.kind === 'unknown') {
        const delay = timing.statusRetryDelaysMs[Math.min(failures, timing.statusRetryDelaysMs.length - 1)] ?? 1_000;
        failures += 1;
        const unanswered = clock.now().getTime() - lastAnswer;
        if (elapsed() + delay > timing.statusGiveUpAfterMs || unanswered + delay > timing.unansweredGiveUpAfterMs) {
          learn(id, 'gave_up', { reason: `The terminal could not be asked (${status.reason})` });
          return;
        }
        await pause(run, delay);
      }
      if (elapsed() > timing.statusGiveUpAfterMs && open(id)) {
        learn(id, 'gave_up', {
          reason:
            lastAnswer === started
              ? 'The terminal could not be asked in time'
              : 'The terminal kept the payment open too long',
        });
        return;
      }
    }
  }

  /** One status request; applies an answer that settles the attempt. */
  async function askOnce(run: Run | undefined, attemptId = run?.attemptId ?? ''): Promise<StatusResult> {
    const record = current(attemptId);
    const serviceId = reserveServiceId(record.terminalId);
    // A result arriving another way (settle) cancels the question; each question starts with a live signal.
    if (run?.request.signal.aborted === true) run.request = requestUnder(run.stop);
    const signal = run === undefined ? AbortSignal.timeout(90_000) : run.request.signal;
    const status = await provider.askStatus(requestIds(record), serviceId, signal);
    logger.info('payments.status', { attemptId, serviceId, answer: status.kind });
    if (status.kind === 'outcome') {
      settle(attemptId, status.outcome, 'status');
    } else if (status.kind === 'not_found') {
      notFound(attemptId, status.reason);
    } else if (status.kind === 'in_progress' && open(attemptId) && !seenInProgress.has(attemptId)) {
      // Kept once: proof the terminal had it, should it later say NotFound.
      seenInProgress.add(attemptId);
      journal.note(attemptId, { status: 'in_progress' }, at());
    }
    return status;
  }

  /**
   * NotFound means "never received", but only while that is believable: an
   * attempt the terminal was seen running (a display step, an "ok", an
   * in-progress answer) and now cannot find goes to a manager, never to
   * "nothing was charged".
   */
  function notFound(attemptId: string, answer: string): void {
    const seenRunning = journal
      .events(attemptId)
      .some((event) => event.to === 'in_progress' || event.detail.status === 'in_progress');
    learn(
      attemptId,
      seenRunning ? 'lost' : 'not_found',
      seenRunning
        ? {
            reason: 'The terminal no longer finds a payment it was seen running; check its transaction list',
            detail: { status: answer },
          }
        : { reason: 'The payment never reached the terminal', detail: { status: answer } },
    );
  }

  /** A result for an attempt nobody is waiting on that cannot be applied as it is: ask the terminal instead. */
  function askInBackground(attemptId: string, why: string): void {
    logger.warn('payments.asking_after_late_result', { attemptId, why });
    void askOnce(undefined, attemptId).catch((error: unknown) => {
      logger.error('payments.late_check_failed', { attemptId, error });
    });
  }

  function checkNewAttempt(documentId: string, amountMinor: number, currency: string): void {
    if (closed) throw new PaymentInputError('The till is shutting down; it takes no new payments.');
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) {
      throw new PaymentInputError('The amount must be more than zero and at most 1,000,000.00.');
    }
    if (currency !== options.currency) {
      throw new PaymentInputError(`This till takes payments in ${options.currency}, not ${currency}.`);
    }
    if (!/^[A-Za-z0-9._-]{1,36}$/.test(documentId)) {
      throw new PaymentInputError('A sale id is 1–36 letters, digits, dots, dashes or underscores.');
    }
  }

  /** A new attempt is in the journal: tell the screen and start it. */
  function launch(record: AttemptRecord): AttemptRecord {
    changed(record);
    startRun(record.id, true);
    // The run has already written `sent` (it does so before its first await): report what is true now.
    return current(record.id);
  }

  /**
   * What is left to give back on a payment. A refund that may still be
   * approved (in flight, or waiting for a manager) counts as given: two
   * refunds must never be able to take the same money back twice.
   */
  function refundableOn(attemptId: string): number {
    const original = current(attemptId);
    if (original.kind !== 'payment' || original.state !== 'approved') return 0;
    const paid = original.authorisedMinor ?? original.amountMinor;
    const given = journal
      .attemptsReversing(attemptId)
      .filter((refund) => refund.state === 'approved' || !isFinalPaymentState(refund.state))
      .reduce((sum, refund) => sum + (refund.authorisedMinor ?? refund.amountMinor), 0);
    return Math.max(0, paid - given);
  }

  /** Attempts whose request may still be out at the terminal (a manager's cases excluded). */
  function inFlight(): AttemptRecord[] {
    return journal.unsettledAttempts().filter((record) => IN_FLIGHT_PAYMENT_STATES.includes(record.state));
  }

  function requestOf(ids: NotificationIds): PaymentRequestIds | undefined {
    if (ids.terminalId === undefined || ids.saleSystemId === undefined || ids.serviceId === undefined) return undefined;
    const record = journal.attemptByRequest(ids.terminalId, ids.saleSystemId, ids.serviceId);
    return record === undefined ? undefined : requestIds(record);
  }

  return {
    terminalId: provider.terminalId,

    startPayment(input) {
      checkNewAttempt(input.saleId, input.amountMinor, input.currency);
      // The sale's total as its owner says it is now (lines may change after a declined card); what the
      // cards of this sale have taken comes from this journal. The sale service checks cash as well.
      const balance = journal.saleBalance(input.saleId);
      const saleTotalMinor = input.saleTotalMinor ?? balance?.totalMinor ?? input.amountMinor;
      const due = saleTotalMinor - (balance?.paidMinor ?? 0);
      if (input.amountMinor > due) {
        throw new PaymentInputError('That is more than is still due on this sale. Take a smaller amount by card.');
      }
      const record = createAttempt(input, saleTotalMinor);
      logger.info('payments.created', {
        attemptId: record.id,
        saleId: record.saleId,
        terminal: record.terminalId,
        serviceId: record.serviceId,
        amountMinor: record.amountMinor,
      });
      return launch(record);
    },

    startRefund(input) {
      checkNewAttempt(input.refundId, input.amountMinor, input.currency);
      // Attempts of this refund that gave, or may yet give, money back: a retry never adds to them.
      const given = journal
        .attemptsOf(input.refundId)
        .filter((attempt) => attempt.state === 'approved' || !isFinalPaymentState(attempt.state))
        .reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? attempt.amountMinor), 0);
      if (input.amountMinor > input.refundTotalMinor - given) {
        throw new PaymentInputError('A card part of a refund cannot be more than what is left of the refund.');
      }
      let refund: Pick<NewAttempt, 'kind' | 'originalAttemptId' | 'original'> = { kind: 'refund' };
      if (input.originalAttemptId !== undefined) {
        const original = current(input.originalAttemptId);
        if (original.kind !== 'payment' || original.state !== 'approved') {
          throw new PaymentInputError('Only an approved card payment can be refunded to its card.');
        }
        if (original.poiTransaction === undefined) {
          throw new PaymentInputError(
            'The terminal gave no reference for this payment, so it cannot be refunded to the card by reference. ' +
              'A manager can refund it without a reference, or in cash.',
          );
        }
        const left = refundableOn(original.id);
        if (input.amountMinor > left) {
          throw new PaymentInputError(`Only ${left} (minor units) can still be refunded on that card payment.`);
        }
        refund = { kind: 'reversal', originalAttemptId: original.id, original: original.poiTransaction };
      }
      const record = createAttempt(
        { saleId: input.refundId, amountMinor: input.amountMinor, currency: input.currency },
        input.refundTotalMinor,
        refund,
      );
      logger.info('payments.refund_created', {
        attemptId: record.id,
        refundId: input.refundId,
        kind: record.kind,
        terminal: record.terminalId,
        serviceId: record.serviceId,
        amountMinor: record.amountMinor,
        ...(record.originalAttemptId === undefined ? {} : { original: record.originalAttemptId }),
      });
      return launch(record);
    },

    refundableOn,

    async whenSettled(attemptId) {
      await runs.get(attemptId)?.done;
      return current(attemptId);
    },

    async abort(attemptId) {
      const record = current(attemptId);
      if (!open(attemptId)) return record;
      if (record.kind === 'reversal') {
        // Adyen aborts payments, card acquisitions and input; a referenced refund runs to its end.
        throw new PaymentInputError('A refund to the card cannot be stopped. Wait for the terminal to finish it.');
      }
      if (!provider.canAbort) {
        throw new PaymentInputError(
          'This card terminal cannot be stopped from the till. Ask the customer to press Cancel on the terminal.',
        );
      }
      const serviceId = reserveServiceId(record.terminalId);
      journal.note(attemptId, { action: 'abort', serviceId }, at());
      const answer = await provider.abort(requestIds(record), serviceId, AbortSignal.timeout(20_000));
      logger.info('payments.abort', { attemptId, serviceId, delivered: answer.delivered, reason: answer.reason });
      // Whether it stopped shows in the payment's own result; a run that is not waiting any more goes and asks.
      if (!runs.has(attemptId) && open(attemptId)) startRun(attemptId);
      return current(attemptId);
    },

    async checkStatus(attemptId) {
      const record = current(attemptId);
      if (isFinalPaymentState(record.state)) return record;
      await askOnce(runs.get(attemptId), attemptId);
      return current(attemptId);
    },

    resolve(attemptId, resolution) {
      const record = current(attemptId);
      if (!canDecide(standingOf(record), 'resolved')) {
        throw new PaymentInputError('Only a card payment waiting for a manager can be settled by hand.');
      }
      if (resolution.reason.trim().length < 3 || resolution.manager.trim() === '') {
        throw new PaymentInputError('Say who settles it and why.');
      }
      if (resolution.outcome === 'approved' && (resolution.terminalReference ?? '').trim() === '') {
        throw new PaymentInputError(
          "An approval needs the terminal's reference for it, from the terminal or its receipt.",
        );
      }
      const authorised =
        resolution.outcome === 'approved' ? (resolution.authorisedMinor ?? record.amountMinor) : undefined;
      if (
        authorised !== undefined &&
        (!Number.isSafeInteger(authorised) || authorised <= 0 || authorised > record.amountMinor)
      ) {
        throw new PaymentInputError('The approved amount must be more than zero and no more than the payment.');
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
    },

    async recover() {
      // Notifications written but not acted on before the process stopped.
      for (const stored of journal.unhandledInbox()) {
        try {
          handleNotification(JSON.parse(stored.body) as unknown, stored.seq);
        } catch (error) {
          logger.error('payments.inbox_replay_failed', { seq: stored.seq, error });
        }
      }
      const unsettled = inFlight();
      const started = unsettled.map((record) => startRun(record.id));
      await Promise.all(started.map((run) => run.done));
      return unsettled.map((record) => current(record.id));
    },

    handleNotification,

    view,

    attempt: (attemptId) => journal.attempt(attemptId),

    attemptsOf: (saleId) => journal.attemptsOf(saleId),

    history: (attemptId) => journal.events(attemptId),

    unsettled: () => journal.unsettledAttempts(),

    inFlight,

    onAttemptChanged(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async close() {
      closed = true;
      for (const run of runs.values()) run.stop.abort();
      await Promise.all([...runs.values()].map((run) => run.done));
    },
  };

  function handleNotification(body: unknown, inboxSeq: number): NotificationHandling {
    const notification = provider.readNotification(body, requestOf);
    const mark = (handling: NotificationHandling, attemptId?: string): NotificationHandling => {
      journal.markInbox(inboxSeq, handling, attemptId);
      return handling;
    };
    if (notification === undefined) return mark('unreadable');
    const request = requestOf(notification.ids);
    const record =
      request === undefined
        ? undefined
        : journal.attemptByRequest(request.terminalId, request.saleSystemId, request.serviceId);
    if (notification.kind === 'event') {
      logger.info('payments.terminal_event', { event: notification.event, terminal: notification.ids.terminalId });
      return mark('ignored', record?.id);
    }
    if (record === undefined) {
      if (notification.kind === 'result') {
        // Kept in the inbox for a manager; never applied to a sale it does not name.
        logger.error('payments.unmatched_result', { ...notification.ids });
        return mark('unmatched');
      }
      return mark('ignored');
    }
    const run = runs.get(record.id);
    switch (notification.kind) {
      case 'display': {
        // A step on the terminal's display: it has the payment. Nothing to learn for one not sent yet.
        if (canDecide(standingOf(record), 'running')) learn(record.id, 'running');
        if (open(record.id)) publish(current(record.id), notification.terminalMessage);
        return mark('progress', record.id);
      }
      case 'rejected': {
        if (run !== undefined && open(record.id)) {
          run.checkNow = `Rejected: ${notification.reason}`;
          run.request.abort();
          run.poke();
          return mark('checking', record.id);
        }
        return mark('ignored', record.id);
      }
      case 'result': {
        if (
          notification.signature === undefined ||
          !provider.verifySignature(requestIds(record), notification.signature)
        ) {
          // Anyone can post to a public webhook; only the terminal's status is trusted now.
          logger.warn('payments.unauthentic_result', { attemptId: record.id });
          if (run !== undefined && open(record.id)) {
            run.checkNow = 'A result arrived that the till could not verify';
            run.request.abort();
            run.poke();
          } else {
            askInBackground(record.id, 'unverified result');
          }
          return mark('unauthentic', record.id);
        }
        if (notification.outcome === 'timeout' || notification.outcome === 'unreadable') {
          if (run !== undefined && open(record.id)) {
            run.checkNow = notification.outcome === 'timeout' ? 'Communication timeout' : 'Unreadable result';
            run.request.abort();
            run.poke();
          } else {
            askInBackground(record.id, notification.outcome);
          }
          return mark('checking', record.id);
        }
        const before = record.state;
        const after = settle(record.id, notification.outcome, 'notification');
        const conflict = after.state === 'needs_attention' && before !== 'needs_attention';
        const same = after.updatedAt === record.updatedAt && isFinalPaymentState(before);
        return mark(conflict ? 'conflict' : same ? 'duplicate' : 'applied', record.id);
      }
    }
  }
}
