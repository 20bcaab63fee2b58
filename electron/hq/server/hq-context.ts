import type { ServingHqConfig } from '../../../shared/hq/hq-config.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logging/logger.ts';
import type { HqStore } from '../hq-store.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PushGate } from './push-gate.ts';
import type { RelayWakeups } from './relay-wakeups.ts';
import type { Timers } from './timers.ts';

/** What every route of one HQ instance works with. */
export interface HqContext {
  readonly store: HqStore;
  readonly config: ServingHqConfig;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  /** Webhooks this instance took, announced to the long-polls it holds. */
  readonly wakeups: RelayWakeups;
  readonly loginThrottle: LoginThrottle;
  /** Turns for tills' pushes, so only so many bodies are read and written at once. */
  readonly pushGate: PushGate;
  /** How often a held long-poll asks the database, for webhooks another instance took. */
  readonly relaySlowPollMs: number;
  /** Aborted when the server closes, so held long-polls answer and let go. */
  readonly closing: AbortSignal;
  /** The origin forms must come from: `publicUrl`'s, else the address HQ listens on. */
  readonly origin: string | undefined;
}
