import { describe, expect, it } from 'vitest';
import {
  decide,
  DECISIONS,
  nextState,
  NoDecisionError,
  standingOf,
  stateOfStanding,
  verdictLearned,
  type Decision,
  type Learned,
  type Standing,
} from './payment-decisions.ts';
import {
  canTransition,
  FINAL_PAYMENT_STATES,
  IN_FLIGHT_PAYMENT_STATES,
  isFinalPaymentState,
  PaymentStateSchema,
  type FinalPaymentState,
  type PaymentState,
} from './payment-state.ts';

const STANDINGS = Object.keys(DECISIONS) as Standing[];
const FINALS = [...FINAL_PAYMENT_STATES].filter(isFinalPaymentState);

interface Cell {
  readonly standing: Standing;
  readonly learned: Learned;
  readonly decision: Decision;
}

const CELLS: readonly Cell[] = STANDINGS.flatMap((standing) =>
  Object.entries(DECISIONS[standing]).map(([learned, decision]) => ({
    standing,
    learned: learned as Learned,
    decision,
  })),
);

/** Every state a cell can lead to: each verdict for `to: 'verdict'`. */
function targets(cell: Cell): PaymentState[] {
  const verdicts: readonly (FinalPaymentState | undefined)[] = cell.decision.to === 'verdict' ? FINALS : [undefined];
  return verdicts.flatMap((verdict) => {
    const to = nextState(cell.standing, cell.decision, verdict);
    return to === undefined ? [] : [to];
  });
}

const edgeKey = (from: PaymentState, to: PaymentState) => `${from} -> ${to}`;

describe('the decision table and the journal guard', () => {
  it('has a row for every state, and for each reason a manager may be needed', () => {
    const states = new Set(STANDINGS.map(stateOfStanding));
    expect([...states].sort()).toEqual([...PaymentStateSchema.options].sort());
    expect(STANDINGS).toContain('needs_attention/unconfirmed');
    expect(STANDINGS).toContain('needs_attention/conflicting_result');
  });

  it('takes only steps the journal allows', () => {
    for (const cell of CELLS) {
      for (const to of targets(cell)) {
        expect(canTransition(stateOfStanding(cell.standing), to), `${cell.standing} + ${cell.learned}`).toBe(true);
      }
    }
  });

  it('takes every step the journal allows: the guard has no edge the loop never uses', () => {
    const taken = new Set(
      CELLS.flatMap((cell) => targets(cell).map((to) => edgeKey(stateOfStanding(cell.standing), to))),
    );
    const allowed = PaymentStateSchema.options.flatMap((from) =>
      PaymentStateSchema.options.filter((to) => canTransition(from, to)).map((to) => edgeKey(from, to)),
    );
    expect([...taken].sort()).toEqual(allowed.sort());
  });

  it('says needs_attention with the reason, and only then', () => {
    for (const cell of CELLS) {
      expect(cell.decision.attention !== undefined, `${cell.standing} + ${cell.learned}`).toBe(
        cell.decision.to === 'needs_attention',
      );
    }
  });
});

describe('the rules of money, as the table has them', () => {
  it('sends only a new attempt, once, after it is in the journal', () => {
    const sending = CELLS.filter((cell) => cell.decision.then === 'send');
    expect(sending.map((cell) => [cell.standing, cell.learned])).toEqual([['created', 'start']]);
    expect(decide('created', 'start').to).toBe('sent');
  });

  it.each(['unknown', 'deadline', 'restarted'] as const)(
    'never counts %s as an outcome: an attempt in flight goes on to asking',
    (learned) => {
      for (const state of IN_FLIGHT_PAYMENT_STATES) {
        const standing = standingOf({ state });
        const decision = DECISIONS[standing][learned];
        if (decision === undefined) continue;
        expect(decision.then, `${standing} + ${learned}`).toBe('ask');
        const to = nextState(standing, decision);
        expect(to === undefined || to === 'checking', `${standing} + ${learned}`).toBe(true);
      }
    },
  );

  it('asks about every attempt a restart finds in flight, the one left in created too', () => {
    for (const state of IN_FLIGHT_PAYMENT_STATES) {
      expect(decide(standingOf({ state }), 'restarted').then).toBe('ask');
    }
  });

  it('fails an attempt without a verdict only on NotFound for one never seen running, or a refused request', () => {
    const failing = CELLS.filter((cell) => cell.decision.to === 'failed');
    expect([...new Set(failing.map((cell) => cell.learned))].sort()).toEqual(['not_found', 'refused']);
    // Seen running, NotFound is not believable: a manager looks.
    expect(decide('in_progress', 'not_found')).toMatchObject({ to: 'needs_attention', attention: 'unconfirmed' });
    for (const standing of STANDINGS) {
      const lost = DECISIONS[standing].lost;
      if (lost !== undefined) expect(nextState(standing, lost)).not.toBe('failed');
    }
  });

  it('never drops a verdict: it is applied, kept for a manager, or is the one already recorded', () => {
    // A verdict on an attempt that was never sent would be somebody else's: the table has none, and throws.
    expect(DECISIONS.created.verdict).toBeUndefined();
    for (const standing of STANDINGS.filter((where) => where !== 'created')) {
      const decision = decide(standing, 'verdict');
      const moves = FINALS.some((verdict) => nextState(standing, decision, verdict) !== undefined);
      expect(moves || decision.then === 'keep', standing).toBe(true);
    }
    for (const final of FINALS) {
      expect(decide(final, 'verdict')).toMatchObject({ to: 'needs_attention', attention: 'conflicting_result' });
      expect(decide(final, 'verdict_again')).toMatchObject({ to: 'same', then: 'none' });
    }
  });

  it('tells a verdict already recorded from a new or contradicting one', () => {
    expect(
      verdictLearned({ state: 'approved', authorisedMinor: 500 }, { state: 'approved', authorisedMinor: 500 }),
    ).toBe('verdict_again');
    expect(
      verdictLearned({ state: 'approved', authorisedMinor: 500 }, { state: 'approved', authorisedMinor: 400 }),
    ).toBe('verdict');
    expect(verdictLearned({ state: 'cancelled' }, { state: 'approved' })).toBe('verdict');
    expect(verdictLearned({ state: 'checking' }, { state: 'approved' })).toBe('verdict');
  });

  it('lets a manager settle only an attempt waiting for one', () => {
    const resolving = CELLS.filter((cell) => cell.learned === 'resolved').map((cell) => cell.standing);
    expect(resolving.sort()).toEqual(['needs_attention/conflicting_result', 'needs_attention/unconfirmed']);
  });

  it('hands an attempt to a manager when asking cannot settle it', () => {
    expect(decide('checking', 'gave_up')).toMatchObject({ to: 'needs_attention', attention: 'unconfirmed' });
    expect(decide('checking', 'status_refused')).toMatchObject({ to: 'needs_attention', attention: 'unconfirmed' });
  });

  it('refuses to guess where it has no decision', () => {
    expect(() => decide('created', 'verdict')).toThrow(NoDecisionError);
    expect(() => decide('approved', 'resolved')).toThrow(NoDecisionError);
  });
});
