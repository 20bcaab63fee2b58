import type { ConnectedTerminal } from '../providers/terminal-module.ts';

/**
 * What the payment scenario table needs of a terminal provider to run
 * against it: the terminal connected as its module connects one, with a
 * simulated cloud behind it that the test can break on purpose. Each
 * provider brings its own rig (`adyen/testing/scenario-rig.ts`,
 * `worldline/testing/scenario-rig.ts`, or a test file's fake); the table,
 * the payment service, the book and the webhook listener are the same
 * for all of them.
 */

/** A fault named once for every provider; each rig turns it into its own simulator's control call. */
export type CommonFault =
  /** The cloud answers with this status; `beforeTerminal`: it never passed the request on. */
  | { kind: 'http-error'; status: number; beforeTerminal: boolean; times?: number }
  /** The terminal finishes, then the connection is cut before the reply. */
  | { kind: 'drop-connection' }
  /** The terminal finishes; the held reply never comes. */
  | { kind: 'never-respond' }
  /** The result webhook is never sent. */
  | { kind: 'lose-result' }
  /** The result webhook is sent twice. */
  | { kind: 'duplicate-result' };

export type Delivery = 'sync' | 'async';

/** The simulated cloud's control side, as the scenarios use it. */
export interface TerminalControls {
  fault(fault: CommonFault): Promise<void>;
  setOnline(online: boolean): Promise<void>;
  /** Payments, refunds and reversals the simulated terminal has seen. */
  moneyAtTerminal(): Promise<number>;
  /** Resolves when every result the cloud queued has been delivered or given up. */
  deliveriesDone(): Promise<void>;
}

/**
 * Where clouds really differ, so a scenario can say what each kind does
 * without naming a provider.
 */
export interface CloudTraits {
  /** A 429: the cloud's client re-sends after a backoff (`resend`), or the till asks the terminal (`ask`). */
  readonly onThrottle: 'resend' | 'ask';
  /**
   * A 404: the terminal is not connected, so nothing started and the
   * terminal's own "not found" confirms it (`terminal-absent`); or a wrong
   * address or account, which no terminal saw (`wrong-address`).
   */
  readonly onNotFound: 'terminal-absent' | 'wrong-address';
}

export interface ScenarioRig {
  readonly name: string;
  /** How results can come back: on the held request, by webhook, or both. */
  readonly deliveries: readonly Delivery[];
  readonly traits: CloudTraits;
  /** Starts a simulated cloud and connects a terminal on it, as the provider's module would. */
  connect(options: { delivery: Delivery; timeScale: number }): Promise<RiggedTerminal>;
}

export interface RiggedTerminal {
  readonly terminal: ConnectedTerminal;
  readonly controls: TerminalControls;
  /** Stops the simulated cloud. */
  close(): Promise<void>;
}
