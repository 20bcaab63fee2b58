import type { PaymentConfig, TillConfig } from '../../../shared/config/schema.ts';
import type { DeviceStatusBoard } from '../../devices/device-status-board.ts';
import type { CheckOutcome } from '../../doctor/check.ts';
import type { Logger } from '../../logging/logger.ts';
import type { PaymentBook } from '../payment-book.ts';
import type { TerminalProvider } from '../terminal-provider.ts';
import type { WebhookIntake } from '../webhooks/webhook-listener.ts';

/**
 * Everything the till needs of one card terminal provider, in one object per
 * provider folder (`adyen/adyen-module.ts`, `worldline/worldline-module.ts`),
 * listed once in `registry.ts`. The composition root, card payments, the
 * doctor and the command line ask the module; none of them names a provider.
 *
 * A module connects to its cloud (in demo mode by starting its embedded
 * simulator), and the connection then says how to pay on it (the
 * `TerminalProvider` the payment service drives), how its results come in
 * (webhook intakes, and where to listen), and how the status bar learns
 * whether the terminal can be reached.
 */

/** The status bar's light for the card terminal, whichever provider drives it. */
export const TERMINAL_DEVICE_ID = 'terminal';

export interface ModuleContext {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface TerminalModule {
  /** The `payment.provider` value that chooses it. */
  readonly name: PaymentConfig['provider'];
  /** Connects the configured terminal; a demo till without an address gets the embedded simulator. */
  connect(config: TillConfig, payment: PaymentConfig, context: ModuleContext): Promise<ConnectedTerminal>;
  /** `kassa doctor`'s question about the terminal: only a read, never a payment. */
  check(
    config: TillConfig,
    payment: PaymentConfig,
    options: ModuleContext & { timeoutMs?: number },
  ): Promise<CheckOutcome>;
  /** `kassa simulator --provider <name>`: its options, and how to run it until interrupted. */
  readonly simulator: SimulatorCommand;
}

export interface SimulatorCommand {
  /** The usage text's paragraph for this simulator: what it runs, and its own options. */
  readonly usage: string;
  /** Its own options, in `node:util` parseArgs' terms; `--port`, `--api-key` and `--time-scale` are everyone's. */
  readonly options: Readonly<Record<string, { type: 'string'; multiple?: boolean }>>;
  start(options: {
    port: number;
    apiKey: string | undefined;
    timeScale: number;
    /** The values of its own options, as parsed. */
    values: Readonly<Record<string, string | string[] | boolean | undefined>>;
    logger: Logger;
  }): Promise<RunningSimulator>;
}

export interface RunningSimulator {
  /** Address, API key and terminals, for the person who started it. */
  describe(): string;
  close(): Promise<void>;
}

/** Where a connected terminal's results come in, when they come to the till at all. */
export interface WebhookPlan {
  readonly intakes: readonly WebhookIntake[];
  /** Listen on 127.0.0.1 (a free port) when the configuration names no listener: an embedded simulator. */
  readonly loopback: boolean;
  /** Told the listener's address once it listens (the embedded simulator delivers there directly). */
  listening(url: string): void;
}

export interface ConnectedTerminal {
  /** The provider's name, for logs. */
  readonly provider: string;
  /** The terminal's own identifier (Adyen's POIID, Worldline's UTID), for logs and the book. */
  readonly terminalId: string;
  /** Where requests go, for people: "the embedded Adyen simulator", a URL. */
  readonly target: string;
  /** The terminal light's words until the first reading. */
  readonly firstWords: string;
  /** The protocol adapter the payment service drives. */
  createProvider(options: {
    delivery: 'sync' | 'async';
    resultTimeoutMs: number;
    signingKey: Buffer;
    logger: Logger;
  }): TerminalProvider;
  /**
   * How results reach the till: `configured` is whether the configuration
   * names a listener (`webhooks`). Undefined: nothing to listen for, results
   * come back on the requests themselves.
   */
  webhooks(options: {
    configured: TillConfig['webhooks'];
    signingKey: Buffer;
    /** The till's attempts by their request ids: what an intake checks a result's order against before storing it. */
    attempts: Pick<PaymentBook, 'attemptByRequest'>;
  }): WebhookPlan | undefined;
  /**
   * Keeps the status bar's terminal light true, by asking on a timer or by
   * following what payments learn. `recovered` settles once payments a
   * previous run left in flight are settled: nothing may ask the terminal
   * before that. Returns the way to stop.
   */
  watch(options: {
    devices: DeviceStatusBoard;
    deviceId: string;
    logger: Logger;
    currency: string;
    recovered: Promise<void>;
    paymentsInFlight: () => number;
  }): () => void;
  /** Stops what the connection started (the embedded simulator); safe to call twice. */
  close(): Promise<void>;
}
