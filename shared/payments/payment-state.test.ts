import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  CASHIER_WORDS,
  FINAL_PAYMENT_STATES,
  IN_FLIGHT_PAYMENT_STATES,
  isFinalPaymentState,
  PaymentStateSchema,
  UNSETTLED_PAYMENT_STATES,
  type PaymentState,
} from './payment-state.ts';

const STATES: readonly PaymentState[] = PaymentStateSchema.options;
const FINALS: readonly PaymentState[] = ['approved', 'declined', 'cancelled', 'failed'];

function sourcesOf(to: PaymentState): PaymentState[] {
  return STATES.filter((from) => canTransition(from, to));
}

function nextStates(from: PaymentState): PaymentState[] {
  return STATES.filter((to) => canTransition(from, to));
}

describe('which states are final', () => {
  it('counts exactly approved, declined, cancelled and failed as final', () => {
    expect([...FINAL_PAYMENT_STATES].sort()).toEqual([...FINALS].sort());
    for (const state of STATES) expect(isFinalPaymentState(state)).toBe(FINALS.includes(state));
  });

  it('counts created, sent, in_progress and checking as in flight, and nothing final among them', () => {
    expect([...IN_FLIGHT_PAYMENT_STATES].sort()).toEqual(['checking', 'created', 'in_progress', 'sent']);
    for (const state of IN_FLIGHT_PAYMENT_STATES) expect(isFinalPaymentState(state)).toBe(false);
  });

  it('counts the in-flight states and needs_attention as unsettled: every state is final or unsettled, never both', () => {
    expect([...UNSETTLED_PAYMENT_STATES]).toEqual(['created', 'sent', 'in_progress', 'checking', 'needs_attention']);
    for (const state of STATES) expect(UNSETTLED_PAYMENT_STATES.includes(state)).toBe(!isFinalPaymentState(state));
  });
});

describe('how an attempt may reach a final state', () => {
  it.each(['approved', 'declined', 'cancelled'] as const)(
    'reaches %s only from sent, in_progress, checking or needs_attention',
    (final) => {
      expect(sourcesOf(final).sort()).toEqual(['checking', 'in_progress', 'needs_attention', 'sent']);
    },
  );

  it('reaches failed from the same states: a created attempt is asked about before it can fail', () => {
    expect(sourcesOf('failed').sort()).toEqual(['checking', 'in_progress', 'needs_attention', 'sent']);
  });

  it('lets created go only to sent or checking: never straight to a failure, an approval or a decline', () => {
    expect(nextStates('created').sort()).toEqual(['checking', 'sent']);
    expect(canTransition('created', 'failed')).toBe(false);
    expect(canTransition('created', 'approved')).toBe(false);
    expect(canTransition('created', 'declined')).toBe(false);
    expect(canTransition('created', 'cancelled')).toBe(false);
    expect(canTransition('created', 'in_progress')).toBe(false);
  });

  it('never goes back to created from anywhere', () => {
    expect(sourcesOf('created')).toEqual([]);
  });

  it('never moves an attempt to the state it is already in', () => {
    for (const state of STATES) expect(canTransition(state, state)).toBe(false);
  });
});

describe('what happens after a final state', () => {
  it.each(FINALS)('lets %s go only to needs_attention, for a conflicting late result', (final) => {
    expect(nextStates(final)).toEqual(['needs_attention']);
  });

  it('never turns one final outcome into another without a manager', () => {
    for (const from of FINALS) {
      for (const to of FINALS) expect(canTransition(from, to)).toBe(false);
    }
  });
});

describe('what a manager or a later check can do with needs_attention', () => {
  it('lets needs_attention go to any final state, and nowhere else', () => {
    expect(nextStates('needs_attention').sort()).toEqual([...FINALS].sort());
  });

  it('does not let needs_attention go back to being sent, in progress or checked by the loop', () => {
    expect(canTransition('needs_attention', 'checking')).toBe(false);
    expect(canTransition('needs_attention', 'sent')).toBe(false);
    expect(canTransition('needs_attention', 'in_progress')).toBe(false);
    expect(canTransition('needs_attention', 'created')).toBe(false);
  });
});

describe('words for the cashier', () => {
  it.each(STATES)('has non-empty words for %s', (state) => {
    expect(CASHIER_WORDS[state].trim().length).toBeGreaterThan(0);
  });

  it('has words for every state and no others', () => {
    expect(Object.keys(CASHIER_WORDS).sort()).toEqual([...STATES].sort());
  });

  it('tells the cashier to call a manager when a payment needs attention', () => {
    expect(CASHIER_WORDS.needs_attention).toMatch(/manager/i);
  });
});

describe('any path of allowed transitions', () => {
  /** Walks from created, choosing among the allowed next states with the given picks. */
  function walk(picks: readonly number[]): PaymentState[] {
    const path: PaymentState[] = ['created'];
    for (const pick of picks) {
      const from = path[path.length - 1] ?? 'created';
      const options = nextStates(from);
      const next = options[pick % options.length];
      if (next === undefined) throw new Error(`No allowed step out of ${from}`);
      path.push(next);
    }
    return path;
  }

  const picks = fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 40 });

  it('always has somewhere to go: no state is a dead end', () => {
    for (const state of STATES) expect(nextStates(state).length).toBeGreaterThan(0);
  });

  it('never leaves a final state except to needs_attention', () => {
    fc.assert(
      fc.property(picks, (choices) => {
        const path = walk(choices);
        for (let index = 1; index < path.length; index += 1) {
          const from = path[index - 1];
          const to = path[index];
          if (from !== undefined && isFinalPaymentState(from)) expect(to).toBe('needs_attention');
        }
      }),
    );
  });

  it('never returns to created or to sent once it has moved past sent', () => {
    fc.assert(
      fc.property(picks, (choices) => {
        const path = walk(choices);
        expect(path.lastIndexOf('created')).toBe(0);
        const firstSent = path.indexOf('sent');
        if (firstSent !== -1) expect(path.lastIndexOf('sent')).toBe(firstSent);
      }),
    );
  });
});
