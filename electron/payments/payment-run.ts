import { isFinalPaymentState } from '../../shared/payments/payment-state.ts';
import {
  decide,
  nextState,
  standingOf,
  verdictLearned,
  type Learned,
} from '../../shared/payments/payment-decisions.ts';
import type { AttemptRecord, TransitionChange } from './payment-book.ts';
import { PaymentInputError, type PaymentContext } from './payment-context.ts';
import { createStatusLoop } from './payment-status-loop.ts';
import { checkAsked, pause, requestUnder, stopped, type Run } from './run-control.ts';
import type { SendResult, TerminalOutcome } from './terminal-provider.ts';

/**
 * The run of one attempt: sends it (once, after `sent` is in the book),
 * waits for its result until the deadline, and when the outcome is unknown
 * asks the status of the same payment until the terminal settles it or a
 * manager must. What happens at each step is the decision table's
 * (payment-decisions.ts, through `learn`); how long to wait and how often to
 * ask is the run's.
 */

export interface PaymentRuns {
  /** `send`: a new attempt just written; otherwise the run only asks about it. */
  readonly startRun: (attemptId: string, send?: boolean) => { readonly done: Promise<void> };
  /** Applies the terminal's verdict, wherever it came from. */
  readonly settle: (attemptId: string, outcome: TerminalOutcome, source: string) => AttemptRecord;
  /**
   * A Reject, or a result that cannot be applied as it is, arrived for an attempt: a run waiting on it
   * stops waiting and asks. False when no run is waiting on it.
   */
  readonly wakeToCheck: (attemptId: string, why: string) => boolean;
  /** A result for an attempt nobody is waiting on that cannot be applied as it is: ask the terminal instead. */
  readonly askInBackground: (attemptId: string, why: string) => void;
  /** One last question about an attempt that ended without money, after `delayMs` (the provider's by default). */
  readonly recheckLater: (attemptId: string, delayMs?: number) => void;
  readonly whenSettled: (attemptId: string) => Promise<AttemptRecord>;
  readonly abort: (attemptId: string) => Promise<AttemptRecord>;
  readonly checkStatus: (attemptId: string) => Promise<AttemptRecord>;
  /** Stops every run; each attempt stays in the book where it was, for recovery. */
  readonly close: () => Promise<void>;
}

export function createPaymentRuns(context: PaymentContext): PaymentRuns {
  const {
    book,
    provider,
    logger,
    timing,
    at,
    current,
    open,
    requestIds,
    transition,
    learn,
    reserveServiceId,
    keepLink,
  } = context;
  const runs = new Map<string, Run>();
  // Hoisted `settle` applies what the status loop's answers bring.
  const { askUntilSettled, askOnce } = createStatusLoop(context, settle);

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
      book.note(attemptId, { reportedLater: outcome, source }, at());
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
    if (record.state !== settled.state && (settled.state === 'cancelled' || settled.state === 'declined')) {
      recheckLater(attemptId);
    }
    return settled;
  }

  const rechecks = new Set<NodeJS.Timeout>();
  /** One more question after an attempt ended without money, when the provider asks for it (a payment link). */
  function recheckLater(attemptId: string, delayMs?: number): void {
    const after = delayMs ?? provider.pace?.recheckEndedAfterMs;
    if (after === undefined || context.closed) return;
    const timer = setTimeout(() => {
      rechecks.delete(timer);
      if (!context.closed) askInBackground(attemptId, 'a last look after the link ended');
    }, after);
    timer.unref();
    rechecks.add(timer);
  }

  /** How long a run that failed (a book busy past its timeout, a bug) waits before it starts again. */
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
        if (stopped(run) || context.closed || !open(attemptId)) return;
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
      if (then !== 'ask') return;
      // A payment link still live may be paid for a while yet: ask at its pace until its own deadline
      // (the later of the link's expiry and the attempt's), and only then run down the status budget.
      const linkDeadline =
        record.link === undefined || provider.pace?.askWhileWaitingMs === undefined
          ? undefined
          : Math.max(linkDeadlineOf(record.link), Date.parse(record.createdAt) + resultDeadlineMs());
      if (linkDeadline !== undefined) {
        await waitForResult(run, () => context.clock.now().getTime() >= linkDeadline);
        if (stopped(run) || !open(run.attemptId)) return;
        run.checkNow = undefined;
      }
      await askUntilSettled(run);
      return;
    }
    // Persist before send: `sent` is in the book before the request leaves.
    learn(record.id, 'start');
    const sent = await sendWithDeadline(run, record);
    if (stopped(run) || !open(run.attemptId)) return;
    await afterSend(run, sent);
  }

  async function sendWithDeadline(run: Run, record: AttemptRecord): Promise<SendResult | 'deadline'> {
    const deadlinePassed = () => passed.value;
    const passed = { value: false };
    // A link the gateway gave a later expiry than the till asked for keeps the wait going until then.
    const onDeadline = () => {
      const link = current(record.id).link;
      const left = link === undefined ? 0 : linkDeadlineOf(link) - context.clock.now().getTime();
      if (left > 0) {
        deadline = setTimeout(onDeadline, left);
        return;
      }
      passed.value = true;
      run.request.abort();
      run.poke();
    };
    let deadline = setTimeout(onDeadline, resultDeadlineMs());
    try {
      const signal = run.request.signal;
      const sent = await provider.sendPayment(requestIds(record), signal);
      if (provider.delivery === 'async' && sent.kind === 'accepted') {
        // The link first: the screen draws its QR from the book, and a restart asks about this link.
        if (sent.link !== undefined) keepLink(record.id, sent.link);
        // A display notification may have said so already, before the "ok" arrived; a webhook may even
        // have brought the result: the table keeps whichever is further on.
        learn(record.id, 'accepted');
        await waitForResult(run, deadlinePassed);
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
      reason = `No result after ${Math.round(resultDeadlineMs() / 1000)} seconds`;
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

  /**
   * The result comes by webhook; wait for it until the deadline. A provider that asks to be asked while
   * waiting (a payment link: a lost webhook should not cost the link's whole life) is asked at its
   * interval; an answer that settles it ends the wait, anything else (in progress, no answer) waits on.
   */
  async function waitForResult(run: Run, deadlinePassed: () => boolean): Promise<void> {
    const every = provider.pace?.askWhileWaitingMs;
    const waiting = () => !deadlinePassed() && !stopped(run) && open(run.attemptId) && !checkAsked(run);
    while (waiting()) {
      await pause(run, every ?? 60_000);
      if (every === undefined || !waiting()) continue;
      try {
        await askOnce(run);
      } catch (error) {
        logger.warn('payments.ask_while_waiting_failed', { attemptId: run.attemptId, error });
      }
      // The question ran under the run's request; the next wait (or the deadline) needs a live one.
      if (run.request.signal.aborted && !stopped(run)) run.request = requestUnder(run.stop);
    }
  }

  /** When a link's own wait ends: its expiry as the gateway answered it, plus the provider's grace. */
  function linkDeadlineOf(link: { readonly expiresAt: string }): number {
    return Date.parse(link.expiresAt) + (provider.pace?.graceAfterLinkExpiryMs ?? 0);
  }

  /** How long the customer has: the provider's own deadline (a payment link's expiry), else the till's. */
  function resultDeadlineMs(): number {
    return provider.pace?.resultDeadlineMs ?? timing.resultTimeoutMs;
  }

  /** A result for an attempt nobody is waiting on that cannot be applied as it is: ask the terminal instead. */
  function askInBackground(attemptId: string, why: string): void {
    logger.warn('payments.asking_after_late_result', { attemptId, why });
    void askOnce(undefined, attemptId).catch((error: unknown) => {
      logger.error('payments.late_check_failed', { attemptId, error });
    });
  }

  function wakeToCheck(attemptId: string, why: string): boolean {
    const run = runs.get(attemptId);
    if (run === undefined || !open(attemptId)) return false;
    run.checkNow = why;
    run.request.abort();
    run.poke();
    return true;
  }

  async function whenSettled(attemptId: string): Promise<AttemptRecord> {
    await runs.get(attemptId)?.done;
    return current(attemptId);
  }

  async function abort(attemptId: string): Promise<AttemptRecord> {
    const record = current(attemptId);
    if (!open(attemptId)) return record;
    if (record.kind === 'reversal') {
      // Adyen aborts payments, card acquisitions and input; a referenced refund runs to its end.
      throw new PaymentInputError(context.words.refundCannotStop);
    }
    if (record.kind === 'capture' || record.kind === 'release') {
      // One request to the gateway, answered or asked about: there is nothing at a terminal to stop.
      throw new PaymentInputError(context.words.depositCannotStop);
    }
    if (!provider.canAbort) {
      throw new PaymentInputError(context.words.cannotStop);
    }
    const serviceId = reserveServiceId(record.terminalId);
    book.note(attemptId, { action: 'abort', serviceId }, at());
    const answer = await provider.abort(requestIds(record), serviceId, AbortSignal.timeout(20_000));
    logger.info('payments.abort', { attemptId, serviceId, delivered: answer.delivered, reason: answer.reason });
    // Whether it stopped shows in the payment's own result; a run that is not waiting any more goes and asks.
    if (!runs.has(attemptId) && open(attemptId)) startRun(attemptId);
    // A run that asks while it waits (a payment link) asks now: the gateway already knows how it ended.
    else if (answer.delivered) runs.get(attemptId)?.poke();
    return current(attemptId);
  }

  async function checkStatus(attemptId: string): Promise<AttemptRecord> {
    const record = current(attemptId);
    if (isFinalPaymentState(record.state)) return record;
    await askOnce(runs.get(attemptId), attemptId);
    return current(attemptId);
  }

  return {
    startRun,
    settle,
    wakeToCheck,
    askInBackground,
    recheckLater,
    whenSettled,
    abort,
    checkStatus,
    async close() {
      for (const timer of rechecks) clearTimeout(timer);
      rechecks.clear();
      for (const run of runs.values()) run.stop.abort();
      await Promise.all([...runs.values()].map((run) => run.done));
    },
  };
}
