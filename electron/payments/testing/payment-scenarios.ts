import { describe, expect, it } from 'vitest';
import type { PaymentState } from '../../../shared/payments/payment-state.ts';
import { startProviderHarness, type ProviderHarness } from './provider-harness.ts';
import type { CloudTraits, CommonFault, Delivery, ScenarioRig } from './scenario-rig.ts';

/**
 * One table of payment scenarios, for every terminal provider, each over
 * its simulated cloud on loopback, with a real book and the real
 * webhook listener, wired by `startCardPayments` as in the till. The
 * service is the same for all, so the outcomes are too, except where the
 * clouds really differ (their `CloudTraits`): Worldline's 429
 * (rate-limited, so never processed) is re-sent after a backoff where
 * Adyen's client asks the terminal instead, and Worldline's 404 is
 * confirmed by asking. In every row the terminal sees at most the one
 * payment the till meant to send.
 */

interface Expectation {
  state: PaymentState;
  reason?: RegExp;
  authorisedMinor?: number;
  /** Money transactions the simulated terminal saw. */
  atTerminal?: number;
  /** Whether the service had to ask the terminal (the `checking` state). */
  checked?: boolean;
}

interface Scenario {
  name: string;
  /** Every cloud, unless the case cannot happen with some. */
  when?: (traits: CloudTraits) => boolean;
  deliveries?: readonly Delivery[];
  amountMinor: number;
  faults?: readonly CommonFault[];
  offline?: boolean;
  expect: Expectation | ((traits: CloudTraits) => Expectation);
}

/** A result the cloud lost or withheld: the till asks the terminal, which approved it. */
const FOUND_BY_ASKING: Expectation = { state: 'approved', authorisedMinor: 1_000, atTerminal: 1, checked: true };

/** A 429, which some clouds' clients re-send after a backoff (Worldline's) and others ask about (Adyen's). */
const resentOrAsked = (traits: CloudTraits): Expectation =>
  traits.onThrottle === 'resend'
    ? { state: 'approved', authorisedMinor: 1_000, atTerminal: 1, checked: false }
    : { state: 'failed', reason: /never reached the terminal/, atTerminal: 0, checked: true };

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'approved',
    amountMinor: 1_000,
    expect: { state: 'approved', authorisedMinor: 1_000, atTerminal: 1, checked: false },
  },
  {
    name: 'declined, with the terminal reason',
    amountMinor: 10_123,
    expect: { state: 'declined', reason: /Refused/, atTerminal: 1 },
  },
  { name: 'cancelled by the shopper', amountMinor: 10_901, expect: { state: 'cancelled', atTerminal: 1 } },
  {
    name: 'partly approved',
    amountMinor: 10_906,
    expect: { state: 'approved', authorisedMinor: 5_453, atTerminal: 1 },
  },
  { name: 'terminal busy with another sale', amountMinor: 10_904, expect: { state: 'failed', reason: /busy/i } },
  {
    name: 'reply lost after the terminal finished',
    deliveries: ['sync'],
    amountMinor: 1_000,
    faults: [{ kind: 'drop-connection' }],
    expect: FOUND_BY_ASKING,
  },
  {
    name: 'held reply never comes: asked at the deadline',
    deliveries: ['sync'],
    amountMinor: 1_000,
    faults: [{ kind: 'never-respond' }],
    expect: FOUND_BY_ASKING,
  },
  {
    name: 'HTTP 500 after the cloud passed it on',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 500, beforeTerminal: false }],
    expect: FOUND_BY_ASKING,
  },
  {
    name: 'HTTP 502 before the terminal: asked, never sent again',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 502, beforeTerminal: true }],
    expect: { state: 'failed', reason: /never reached the terminal/, atTerminal: 0, checked: true },
  },
  {
    name: 'HTTP 429 once: rate-limited, so it never reached the terminal',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 429, beforeTerminal: true }],
    expect: resentOrAsked,
  },
  // 408 and 503 may come after the cloud passed the request on: asked about, never sent again.
  ...[408, 503].flatMap((status): Scenario[] => [
    {
      name: `HTTP ${status} before the terminal`,
      amountMinor: 1_000,
      faults: [{ kind: 'http-error', status, beforeTerminal: true }],
      expect: { state: 'failed', reason: /never reached the terminal/, atTerminal: 0, checked: true },
    },
    {
      name: `HTTP ${status} after the terminal charged`,
      amountMinor: 1_000,
      faults: [{ kind: 'http-error', status, beforeTerminal: false }],
      expect: FOUND_BY_ASKING,
    },
  ]),
  {
    name: 'HTTP 404 after the terminal charged',
    // Worldline's 404 also means "terminal not connected"; Adyen's only a wrong path or account, which no terminal saw.
    when: (traits) => traits.onNotFound === 'terminal-absent',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 404, beforeTerminal: false }],
    expect: FOUND_BY_ASKING,
  },
  {
    name: 'HTTP 429 on every try',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 429, beforeTerminal: true, times: 8 }],
    expect: (traits) =>
      traits.onThrottle === 'resend'
        ? { state: 'failed', reason: /busy.*nothing was charged/, atTerminal: 0, checked: false }
        : { state: 'failed', atTerminal: 0, checked: true },
  },
  {
    name: 'HTTP 400: our request is wrong, never sent again',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 400, beforeTerminal: true }],
    expect: { state: 'failed', atTerminal: 0, checked: false },
  },
  {
    name: 'HTTP 401: the API key is refused',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 401, beforeTerminal: true }],
    expect: { state: 'failed', reason: /API key/, atTerminal: 0, checked: false },
  },
  {
    name: 'HTTP 404: no such terminal',
    amountMinor: 1_000,
    faults: [{ kind: 'http-error', status: 404, beforeTerminal: true }],
    // Worldline's 404 is its word that nothing started; the terminal's own NotFound confirms it.
    expect: (traits) =>
      traits.onNotFound === 'terminal-absent'
        ? { state: 'failed', reason: /never reached the terminal/, atTerminal: 0, checked: true }
        : { state: 'failed', atTerminal: 0, checked: false },
  },
  {
    name: 'terminal not connected: it cannot be asked either, so a manager decides',
    amountMinor: 1_000,
    offline: true,
    expect: { state: 'needs_attention', atTerminal: 0, checked: true },
  },
  {
    name: 'lost webhook settled at the deadline',
    deliveries: ['async'],
    amountMinor: 1_000,
    faults: [{ kind: 'lose-result' }],
    expect: FOUND_BY_ASKING,
  },
  {
    name: 'webhook delivered twice, applied once',
    deliveries: ['async'],
    amountMinor: 1_000,
    faults: [{ kind: 'duplicate-result' }],
    expect: { state: 'approved', authorisedMinor: 1_000, atTerminal: 1, checked: false },
  },
];

/** The states an attempt went through, without notes. */
function statesOf(h: ProviderHarness, attemptId: string): string[] {
  return h.book
    .events(attemptId)
    .filter((event) => event.from !== event.to)
    .map((event) => event.to);
}

/**
 * Defines the table's tests for one provider: a test per scenario ×
 * delivery the rig supports. Call it at a test file's top level.
 */
export function runPaymentScenarios(rig: ScenarioRig): void {
  describe(rig.name, () => {
    for (const scenario of SCENARIOS) {
      if (scenario.when !== undefined && !scenario.when(rig.traits)) continue;
      const deliveries = (scenario.deliveries ?? ['sync', 'async']).filter((delivery) =>
        rig.deliveries.includes(delivery),
      );
      for (const delivery of deliveries) {
        it(`${scenario.name} (${delivery})`, async () => {
          const h = await startProviderHarness(rig, { delivery });
          for (const fault of scenario.faults ?? []) await h.fault(fault);
          if (scenario.offline === true) await h.setOnline(false);
          const expected = typeof scenario.expect === 'function' ? scenario.expect(rig.traits) : scenario.expect;

          const settled = await h.pay(scenario.amountMinor);
          await h.deliveriesDone();
          const attempt = h.service.attempt(settled.id);

          expect(attempt?.state).toBe(expected.state);
          if (expected.reason !== undefined) expect(attempt?.reason).toMatch(expected.reason);
          if (expected.authorisedMinor !== undefined) expect(attempt?.authorisedMinor).toBe(expected.authorisedMinor);
          if (expected.atTerminal !== undefined) expect(await h.moneyAtTerminal()).toBe(expected.atTerminal);
          if (expected.checked !== undefined)
            expect(statesOf(h, settled.id).includes('checking')).toBe(expected.checked);
          // Whatever the cloud did, the book holds one attempt and the terminal is free again unless a manager is needed.
          expect(h.service.attemptsOf(settled.saleId)).toHaveLength(1);
          if (expected.state !== 'needs_attention') expect(h.service.unsettled()).toStrictEqual([]);
          // A duplicate delivery never changes a settled attempt twice.
          expect(statesOf(h, settled.id).filter((state) => state === expected.state)).toHaveLength(1);
        });
      }
    }
  });
}
