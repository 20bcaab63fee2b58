import type { AttemptRecord } from './payment-book.ts';
import type { PaymentContext } from './payment-context.ts';
import { pause, requestUnder, stopped, type Run } from './run-control.ts';
import type { StatusResult, TerminalOutcome } from './terminal-provider.ts';

/**
 * The status loop: when the outcome of an attempt is unknown, ask the
 * terminal about the same payment (each question under a fresh ServiceID)
 * until it settles it or the budgets run out and a manager must. How often
 * to ask is the loop's (the till's timing, the provider's pace); what an
 * answer leads to is the decision table's, through `learn`.
 */

export interface StatusLoop {
  /** Asks until the attempt is settled, handed to a manager, or the run stops. */
  readonly askUntilSettled: (run: Run) => Promise<void>;
  /** One question; applies an answer that settles the attempt. `run` is absent for a one-off check. */
  readonly askOnce: (run: Run | undefined, attemptId?: string) => Promise<StatusResult>;
}

export function createStatusLoop(
  context: PaymentContext,
  settle: (attemptId: string, outcome: TerminalOutcome, source: string) => AttemptRecord,
): StatusLoop {
  const { book, provider, logger, clock, timing, at, current, open, requestIds, learn, reserveServiceId, keepLink } =
    context;
  const seenInProgress = new Set<string>();

  /** Waits until the provider allows another status question about this payment (a gateway's throttle). */
  async function keepPace(run: Run, lastAsked: number | undefined): Promise<void> {
    const interval = provider.pace?.minStatusIntervalMs ?? 0;
    if (lastAsked === undefined || interval <= 0) return;
    // A poke (a webhook, a manager) may end a pause early; the throttle still holds.
    for (let wait = lastAsked + interval - clock.now().getTime(); wait > 0;) {
      if (stopped(run) || !open(run.attemptId)) return;
      await pause(run, wait);
      wait = lastAsked + interval - clock.now().getTime();
    }
  }

  /** The status loop: ask about the same payment until the terminal settles it, or give up to a manager. */
  async function askUntilSettled(run: Run): Promise<void> {
    const id = run.attemptId;
    const started = clock.now().getTime();
    const elapsed = () => clock.now().getTime() - started;
    let lastAnswer = started;
    let lastAsked: number | undefined;
    let failures = 0;
    /** What the last question that got an answer of sorts said: the manager's clue when a later one is cut off. */
    let lastWords: string | undefined;
    while (!stopped(run) && open(id)) {
      await keepPace(run, lastAsked);
      if (stopped(run) || !open(id)) return;
      run.checkNow = undefined;
      lastAsked = clock.now().getTime();
      // A question the cloud never answers is cut off when the budgets run out: a silent cloud keeps the
      // cashier waiting no longer than an unanswering one does.
      const budgetMs = Math.min(
        timing.statusGiveUpAfterMs - elapsed(),
        timing.unansweredGiveUpAfterMs - (lastAsked - lastAnswer),
      );
      // An object, not a `let`: the timer sets it behind the compiler's back.
      const cut = { fired: false };
      const cutOff = setTimeout(
        () => {
          cut.fired = true;
          run.request.abort();
        },
        Math.max(budgetMs, 0),
      );
      let status: StatusResult;
      try {
        status = await askOnce(run);
      } finally {
        clearTimeout(cutOff);
      }
      if (stopped(run) || !open(id)) return;
      if (status.kind === 'in_progress') {
        failures = 0;
        lastAnswer = clock.now().getTime();
        await pause(run, timing.inProgressPollMs);
      } else if (status.kind === 'refused') {
        learn(id, 'status_refused', { reason: status.reason });
        return;
      } else if (status.kind === 'unknown') {
        // A question cut off at the end of the budget says nothing new: keep what the cloud said before.
        const words = cut.fired ? (lastWords ?? 'no answer in time') : status.reason;
        lastWords = words;
        const retryDelay =
          timing.statusRetryDelaysMs[Math.min(failures, timing.statusRetryDelaysMs.length - 1)] ?? 1_000;
        // The wait before the next question, as the budgets count it: never shorter than the provider's pace.
        const delay = Math.max(retryDelay, provider.pace?.minStatusIntervalMs ?? 0);
        failures += 1;
        const unanswered = clock.now().getTime() - lastAnswer;
        if (elapsed() + delay > timing.statusGiveUpAfterMs || unanswered + delay > timing.unansweredGiveUpAfterMs) {
          learn(id, 'gave_up', { reason: `The terminal could not be asked (${words})` });
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
    } else if (status.kind === 'in_progress' && open(attemptId)) {
      // A gateway names its link here too: the one a lost reply to "create" did not, or how far the customer got.
      if (status.link !== undefined) keepLink(attemptId, status.link);
      if (!seenInProgress.has(attemptId)) {
        // Kept once: proof the terminal had it, should it later say NotFound.
        seenInProgress.add(attemptId);
        book.note(attemptId, { status: 'in_progress' }, at());
      }
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
    const seenRunning = book
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

  return { askUntilSettled, askOnce };
}
