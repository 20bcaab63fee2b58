import type fc from 'fast-check';
import type { PaymentService, PaymentTiming } from '../payment-service.ts';
import type { Delivery } from './scenario-rig.ts';

/**
 * What the payment invariants property (`payment-invariants.test.ts`) needs
 * of a terminal provider: faults in its own simulator's words, the amounts
 * its simulated terminal answers in a known way, a till wired as the till
 * wires it over that simulator, and the terminal's own record of what it
 * did with each payment request, read into the book's words. Each
 * provider brings one (`adyen/testing/invariant-rig.ts`,
 * `worldline/testing/invariant-rig.ts`), listed in `invariant-rigs.ts`.
 */

/** What the simulated terminal does with an amount. */
export type Outcome = 'approve' | 'decline' | 'cancel' | 'busy' | 'offline' | 'partial';

/** How the till is wired for one run: how results come back, and whatever else the provider varies. */
export interface TillSetup {
  readonly delivery: Delivery;
}

export interface Step<Fault> {
  readonly outcome: Outcome;
  readonly amountMinor: number;
  /** Scripted on the terminal's next request(s) before the payment starts; usually none or one. */
  readonly faults: readonly Fault[];
  /** Pays towards the previous step's sale (what is still due) instead of a new one. */
  readonly sameSale: boolean;
}

export type Run<Fault, Setup extends TillSetup> = Setup & { readonly steps: readonly Step<Fault>[] };

/** What the terminal did with a payment request, in the book's words. */
export interface TerminalVerdict {
  readonly state: 'approved' | 'declined' | 'cancelled' | 'failed';
  /** Approved: what the terminal authorised. */
  readonly authorisedMinor?: number;
  /** Approved: the reference the terminal gave the payment, which the book must hold. */
  readonly terminalReference?: string | null;
}

/** One payment request as the terminal recorded it. */
export interface PaymentAtTerminal {
  /** The request's own identifier, the book's `serviceId`. */
  readonly serviceId: string;
  /** The sale system that sent it, the book's `saleSystemId`. */
  readonly saleSystemId: string;
  /** What the terminal did; undefined while it has not finished. */
  readonly verdict: TerminalVerdict | undefined;
}

export interface InvariantRig<Fault, Setup extends TillSetup> {
  readonly name: string;
  /** How many random runs; each takes a fraction of a second. */
  readonly numRuns: number;
  /** Amounts (minor units) by what the simulated terminal does with them. */
  readonly amounts: Readonly<Record<Outcome, readonly number[]>>;
  /** One fault, in the simulator's own vocabulary. */
  readonly fault: fc.Arbitrary<Fault>;
  readonly setup: fc.Arbitrary<Setup>;
  /** Fixed first cases: what the property once found. */
  readonly examples: readonly Run<Fault, Setup>[];
  /** A till wired as the till wires this provider, over a fresh simulator. */
  start(setup: Setup, options: { timing: Partial<PaymentTiming>; timeScale: number }): Promise<InvariantTill<Fault>>;
}

export interface InvariantTill<Fault> {
  readonly service: PaymentService;
  /** Who the till says it is on every request (Adyen's SaleID, Worldline's InitiatingParty). */
  readonly saleSystemId: string;
  /** The till's book, to read back from its file once it has stopped. */
  readonly journalFile: string;
  /** What the till logged. */
  readonly logLines: readonly Record<string, unknown>[];
  /** Scripts a fault on the terminal's next request(s). */
  fault(fault: Fault): Promise<void>;
  /** Drops the faults no request has taken yet. */
  clearFaults(): Promise<void>;
  setOnline(online: boolean): Promise<void>;
  /** Whether the terminal has no transaction running. */
  idle(): Promise<boolean>;
  /** Resolves when the cloud has delivered (or given up on) every result it holds. */
  deliveriesDone(): Promise<void>;
  /** Every payment request the terminal saw, from its own record. */
  paymentsAtTerminal(): Promise<PaymentAtTerminal[]>;
  /** Stops the till as a restart would (listener, service, book). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the till and its simulated cloud. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The magic amounts both simulators share (the last three digits of the minor
 * units pick what the terminal does), by outcome.
 */
export const MAGIC_AMOUNTS: Readonly<Record<Outcome, readonly number[]>> = {
  approve: [1_000, 7_000],
  decline: [10_123, 2_134],
  cancel: [901, 5_901],
  busy: [904],
  // Adyen's terminal drops off; Worldline's cloud answers 404, not connected.
  offline: [903],
  partial: [906, 8_906],
};

const DECLINES = new Set(['Refusal', 'WrongPIN', 'InvalidCard']);

/** A payment the terminal did not approve, by nexo's reason for it (Adyen's ErrorCondition, Worldline's ResponseReason). */
export function notApprovedVerdict(reason: string | undefined): TerminalVerdict {
  if (reason !== undefined && DECLINES.has(reason)) return { state: 'declined' };
  if (reason === 'Cancel' || reason === 'Aborted') return { state: 'cancelled' };
  return { state: 'failed' };
}
