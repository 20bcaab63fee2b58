import {
  isFinalPaymentState,
  type AttentionReason,
  type FinalPaymentState,
  type PaymentState,
} from './payment-state.ts';

/**
 * What the payment loop does when it learns something about an attempt, as
 * data: where the attempt stands × what was learned → its next state and what
 * the loop does next. The payment service consults it at every turn and the
 * tests read it, so the rules of money are stated once:
 * - unknown is not declined: no answer, a deadline, an unreadable or
 *   unverifiable result all lead to asking the status of the *same* payment;
 * - only the terminal's NotFound for a payment it was never seen running
 *   fails an attempt without a verdict;
 * - a result is never dropped: one that contradicts a final state goes to a
 *   manager, and a third one is kept with the two already there.
 *
 * The journal's guard (`canTransition`) is a separate statement of the states
 * an attempt may go between; a test holds the two to the very same edges, so
 * the guard allows nothing the loop never does.
 */

/**
 * Where an attempt stands, as far as the next decision goes: its state, and
 * for `needs_attention` why, since a verdict settles an unconfirmed attempt
 * but is only kept beside a conflicting one.
 */
export type Standing =
  Exclude<PaymentState, 'needs_attention'> | 'needs_attention/unconfirmed' | 'needs_attention/conflicting_result';

export function standingOf(attempt: { state: PaymentState; attention?: AttentionReason | undefined }): Standing {
  if (attempt.state !== 'needs_attention') return attempt.state;
  // An attempt flagged without a reason was flagged before reasons were kept: treated as unconfirmed.
  return attempt.attention === 'conflicting_result'
    ? 'needs_attention/conflicting_result'
    : 'needs_attention/unconfirmed';
}

export type Learned =
  /** A new attempt is in the journal. */
  | 'start'
  /** A restarted till found the attempt in flight. */
  | 'restarted'
  /** The cloud took the request (async delivery): the result comes by webhook. */
  | 'accepted'
  /** The terminal showed a step of the payment (a display notification). */
  | 'running'
  /** The terminal's verdict (approved, declined, cancelled, failed), from the reply, a notification or a status. */
  | 'verdict'
  /** The verdict the attempt already has, once more (a duplicate delivery). */
  | 'verdict_again'
  /** The request was refused before any terminal had it (a 4xx: nothing started). */
  | 'refused'
  /**
   * No answer, a dropped connection, a 5xx, "not started" (the cloud's belief),
   * a Reject, a result that could not be read or verified.
   */
  | 'unknown'
  /** No result by the deadline. */
  | 'deadline'
  /** Status: the terminal is still running it. */
  | 'still_running'
  /** Status: the terminal has no such payment, and was never seen running it. */
  | 'not_found'
  /** Status: the terminal has no such payment, but it was seen running it: something is off. */
  | 'lost'
  /** Status: the terminal refused the status request itself. */
  | 'status_refused'
  /** Asking did not settle it within the budget. */
  | 'gave_up'
  /** A manager settled it with the terminal's record, by hand. */
  | 'resolved';

export type Action =
  /** Send the request: only ever a new attempt's, and only once. */
  | 'send'
  /** Wait for the result (the reply, or the webhook) until the deadline. */
  | 'wait'
  /** Ask the status of the same payment, until it settles or the budget runs out. */
  | 'ask'
  /** Keep what was learned with the attempt (a note), for the manager already looking at it. */
  | 'keep'
  /** Nothing: the attempt is final, or with a manager. */
  | 'none';

export interface Decision {
  /** The next state: `verdict` is the verdict's own state; `same` writes no transition. */
  readonly to: PaymentState | 'verdict' | 'same';
  readonly then: Action;
  /** Set when `to` is needs_attention. */
  readonly attention?: AttentionReason;
}

const ASK_AGAIN: Decision = { to: 'same', then: 'ask' };
const NOTHING: Decision = { to: 'same', then: 'none' };
const CHECK: Decision = { to: 'checking', then: 'ask' };
const APPLY_VERDICT: Decision = { to: 'verdict', then: 'none' };
const UNCONFIRMED: Decision = { to: 'needs_attention', then: 'none', attention: 'unconfirmed' };
const CONFLICT: Decision = { to: 'needs_attention', then: 'none', attention: 'conflicting_result' };
const NEVER_REACHED: Decision = { to: 'failed', then: 'none' };

type Row = Readonly<Partial<Record<Learned, Decision>>>;

/** After a final state: only a contradicting verdict moves it, to a manager; a doubt is settled by asking. */
const FINAL_ROW: Row = {
  verdict: CONFLICT,
  verdict_again: NOTHING,
  // A late result that could not be read or verified: one question, whose answer is then held to the record.
  unknown: ASK_AGAIN,
  // The cloud's "ok" read after the result had already come by webhook.
  accepted: NOTHING,
  running: NOTHING,
  still_running: NOTHING,
  not_found: NOTHING,
  lost: NOTHING,
};

/**
 * The table. A cell that is absent is something the loop cannot learn in
 * that standing; `decide` throws on it rather than guess.
 */
export const DECISIONS: Readonly<Record<Standing, Row>> = {
  created: {
    start: { to: 'sent', then: 'send' },
    // `sent` is written before the request leaves, so it most likely never did; but that is the till's
    // belief, not the terminal's word. Asking costs one status request; NotFound then fails it.
    restarted: CHECK,
  },
  sent: {
    accepted: { to: 'in_progress', then: 'wait' },
    running: { to: 'in_progress', then: 'wait' },
    verdict: APPLY_VERDICT,
    refused: NEVER_REACHED,
    unknown: CHECK,
    deadline: CHECK,
    restarted: CHECK,
    // A manager's one-off status check while the request is out.
    still_running: { to: 'same', then: 'wait' },
    not_found: NEVER_REACHED,
    lost: UNCONFIRMED,
  },
  in_progress: {
    // A display step may come before the cloud's "ok".
    accepted: { to: 'same', then: 'wait' },
    running: { to: 'same', then: 'wait' },
    verdict: APPLY_VERDICT,
    refused: NEVER_REACHED,
    unknown: CHECK,
    deadline: CHECK,
    restarted: CHECK,
    still_running: { to: 'same', then: 'wait' },
    // It was seen running, so NotFound is not believable here: a manager checks the terminal's list.
    not_found: UNCONFIRMED,
    lost: UNCONFIRMED,
  },
  checking: {
    verdict: APPLY_VERDICT,
    // Checking already (asked to by a Reject while the request was out): the run waits out the deadline.
    accepted: { to: 'same', then: 'wait' },
    running: ASK_AGAIN,
    still_running: ASK_AGAIN,
    unknown: ASK_AGAIN,
    deadline: ASK_AGAIN,
    restarted: ASK_AGAIN,
    // The reply to the send itself, read after something else (a second process's recovery) began checking.
    refused: NEVER_REACHED,
    not_found: NEVER_REACHED,
    lost: UNCONFIRMED,
    status_refused: UNCONFIRMED,
    gave_up: UNCONFIRMED,
  },
  // Asking could not settle it: a later answer still may, and so may a manager.
  'needs_attention/unconfirmed': {
    verdict: APPLY_VERDICT,
    resolved: APPLY_VERDICT,
    not_found: NEVER_REACHED,
    lost: NOTHING,
    unknown: ASK_AGAIN,
    accepted: NOTHING,
    running: NOTHING,
    still_running: NOTHING,
  },
  // Two answers contradict each other: only a manager settles it; a third answer is kept for them.
  'needs_attention/conflicting_result': {
    verdict: { to: 'same', then: 'keep' },
    resolved: APPLY_VERDICT,
    not_found: NOTHING,
    lost: NOTHING,
    unknown: ASK_AGAIN,
    accepted: NOTHING,
    running: NOTHING,
    still_running: NOTHING,
  },
  approved: FINAL_ROW,
  declined: FINAL_ROW,
  cancelled: FINAL_ROW,
  failed: FINAL_ROW,
};

export class NoDecisionError extends Error {
  override name = 'NoDecisionError';
  constructor(standing: Standing, learned: Learned) {
    super(`The payment loop has no decision for "${learned}" on an attempt that is ${standing}.`);
  }
}

export function decide(standing: Standing, learned: Learned): Decision {
  const decision = DECISIONS[standing][learned];
  if (decision === undefined) throw new NoDecisionError(standing, learned);
  return decision;
}

/**
 * Whether the table has a decision for it: for callers that refuse or pass rather than throw (a manager's
 * resolution of an attempt not waiting for one; a display step for an attempt not sent yet).
 */
export function canDecide(standing: Standing, learned: Learned): boolean {
  return DECISIONS[standing][learned] !== undefined;
}

/** A verdict for an attempt: the same one again, or news. */
export function verdictLearned(
  attempt: { state: PaymentState; authorisedMinor?: number | undefined },
  outcome: { state: FinalPaymentState; authorisedMinor?: number | undefined },
): Learned {
  return isFinalPaymentState(attempt.state) &&
    attempt.state === outcome.state &&
    attempt.authorisedMinor === outcome.authorisedMinor
    ? 'verdict_again'
    : 'verdict';
}

const STATE_OF: Readonly<Record<Standing, PaymentState>> = {
  created: 'created',
  sent: 'sent',
  in_progress: 'in_progress',
  checking: 'checking',
  'needs_attention/unconfirmed': 'needs_attention',
  'needs_attention/conflicting_result': 'needs_attention',
  approved: 'approved',
  declined: 'declined',
  cancelled: 'cancelled',
  failed: 'failed',
};

export function stateOfStanding(standing: Standing): PaymentState {
  return STATE_OF[standing];
}

/** The state a decision leads to from `standing` with `verdict` (for `to: 'verdict'`); undefined when it stays. */
export function nextState(
  standing: Standing,
  decision: Decision,
  verdict?: FinalPaymentState,
): PaymentState | undefined {
  const from = stateOfStanding(standing);
  const to = decision.to === 'same' ? from : decision.to === 'verdict' ? verdict : decision.to;
  return to === from ? undefined : to;
}
