import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';
import { trimmedAmount } from './amounts.ts';
import type { ValidationFault } from './faults.ts';
import type { CurrencyMode } from './hash.ts';
import { LATE_VALIDATION_MS, type Delivery } from './magic-amounts.ts';
import { validationForm, type ValidationFacts } from './validation-form.ts';

/**
 * Background validation: after a card payment on the hosted page, Worldnet
 * POSTs its result to the VALIDATIONURL the request carried (or the
 * terminal's). Delivered means HTTP 200 with a body of exactly `OK`;
 * anything else, a refused connection or no answer within 10 s is a failure,
 * tried again after each delay of the schedule (1, 5, 15 and 60 simulated
 * minutes unless configured). When the last try fails the owner is told
 * (`onGivenUp`), which flags the transaction expired and writes the
 * merchant's e-mail. Worldnet documents that it retries and then expires,
 * not when: the schedule is the simulator's choice (docs/WORLDNET.md).
 */

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** Real milliseconds a receiver always gets: the network is not scaled, only the gateway's patience. */
const MIN_ATTEMPT_TIMEOUT_MS = 2_000;
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [1, 5, 15, 60].map((minutes) => minutes * 60_000);
/** The secret a forged validation is hashed under: anything but the terminal's. */
const FORGER_SECRET = 'not-the-terminal-secret';
/** How much of a receiver's answer is kept for the control API. */
const BODY_KEPT = 200;

export interface ValidationAttempt {
  /** Simulated time of the try. */
  at: string;
  atMs: number;
  /** The till's HTTP status, or undefined when no answer came. */
  status?: number;
  /** The till's answer, cut to 200 characters. */
  body?: string;
  error?: string;
  delivered: boolean;
}

export type ValidationState =
  /** Held back (a late validation) before its first try. */
  | 'waiting'
  | 'pending'
  | 'delivered'
  /** Every try failed: the transaction was flagged expired. */
  | 'given-up'
  /** Sent once and never retried (a forged validation), and not answered `OK`. */
  | 'not-retried'
  /** Never sent (the `validation-lost` fault). */
  | 'lost'
  /** No VALIDATIONURL in the request and none set for the terminal. */
  | 'no-url';

export interface ValidationRecord {
  id: number;
  orderId: string;
  uniqueReference: string;
  url: string | null;
  /** Exactly the fields POSTed, HASH included. */
  form: Readonly<Record<string, string>>;
  /** `repeat`: the second copy (…906, `validation-doubled`); `forged`: hashed under a wrong secret. */
  copy: 'genuine' | 'repeat' | 'forged';
  fault?: ValidationFault['fault'];
  attempts: ValidationAttempt[];
  state: ValidationState;
}

export interface ValidationSender {
  /** Sends the validation of one payment, as `delivery` says, subject to the next validation fault. */
  emit(facts: ValidationFacts, url: string | undefined, delivery: Exclude<Delivery, 'never'>): void;
  readonly records: readonly ValidationRecord[];
  /** Resolves once every validation emitted so far is settled. */
  idle(): Promise<void>;
  reset(): void;
  close(): void;
}

export function createValidationSender(options: {
  time: SimTime;
  logger: Logger;
  secret: string;
  mode: CurrencyMode;
  /** Read at each payment, so a schedule set through the control API applies from the next one. */
  retrySchedule: () => readonly number[];
  takeFault: () => ValidationFault | undefined;
  onDelivered: (record: ValidationRecord) => void;
  onGivenUp: (record: ValidationRecord) => void;
}): ValidationSender {
  const { time, logger } = options;
  let shutdown = new AbortController();
  const pending = new Set<Promise<void>>();
  let records: ValidationRecord[] = [];
  let nextId = 1;

  function record(
    facts: ValidationFacts,
    url: string | undefined,
    form: Record<string, string>,
    copy: ValidationRecord['copy'],
    fault: ValidationFault | undefined,
  ): ValidationRecord {
    const made: ValidationRecord = {
      id: nextId++,
      orderId: facts.orderId,
      uniqueReference: facts.uniqueReference,
      url: url ?? null,
      form,
      copy,
      ...(fault === undefined ? {} : { fault: fault.fault }),
      attempts: [],
      state: url === undefined ? 'no-url' : 'pending',
    };
    records.push(made);
    return made;
  }

  async function attempt(made: ValidationRecord, url: string, signal: AbortSignal): Promise<boolean> {
    const now = time.now();
    const tried: ValidationAttempt = { at: now.toISOString(), atMs: now.getTime(), delivered: false };
    made.attempts.push(tried);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(made.form).toString(),
        redirect: 'manual',
        signal: AbortSignal.any([
          signal,
          AbortSignal.timeout(Math.max(ATTEMPT_TIMEOUT_MS * time.scale, MIN_ATTEMPT_TIMEOUT_MS)),
        ]),
      });
      const body = await response.text();
      tried.status = response.status;
      tried.body = body.slice(0, BODY_KEPT);
      // Exactly `OK`: "OK\n", "ok" or an HTML page saying OK leave the transaction not validated.
      tried.delivered = response.status === 200 && body === 'OK';
    } catch (error) {
      tried.error = error instanceof Error ? error.message : String(error);
    }
    return tried.delivered;
  }

  /** Tries once, then after each delay of `schedule`; true once delivered. */
  async function deliver(made: ValidationRecord, url: string, schedule: readonly number[], signal: AbortSignal) {
    made.state = 'pending';
    for (let index = 0; index <= schedule.length; index += 1) {
      const delay = index === 0 ? 0 : (schedule[index - 1] ?? 0);
      if (delay > 0 && !(await time.wait(delay, signal))) return;
      if (signal.aborted) return;
      if (await attempt(made, url, signal)) {
        made.state = 'delivered';
        options.onDelivered(made);
        return;
      }
    }
    if (signal.aborted) return;
    made.state = 'given-up';
    logger.warn('worldnet_simulator.validation_given_up', {
      orderId: made.orderId,
      uniqueReference: made.uniqueReference,
      attempts: made.attempts.length,
    });
    options.onGivenUp(made);
  }

  function track(run: Promise<void>) {
    const guarded = run.catch((error: unknown) => logger.error('worldnet_simulator.validation_failed', { error }));
    pending.add(guarded);
    void guarded.finally(() => pending.delete(guarded));
  }

  return {
    emit(facts, url, delivery) {
      const fault = options.takeFault();
      const sent =
        fault?.fault === 'validation-amount-trimmed' ? { ...facts, amount: trimmedAmount(facts.amount) } : facts;
      const form = validationForm(sent, options.secret, options.mode);
      // A forged one goes first, so it is listed (and numbered) before the genuine one it precedes.
      const forged =
        fault?.fault === 'validation-forged'
          ? record(
              sent,
              url,
              validationForm(
                { ...sent, responseCode: 'A', responseText: 'APPROVAL', approvalCode: sent.approvalCode || '000000' },
                FORGER_SECRET,
                options.mode,
              ),
              'forged',
              fault,
            )
          : undefined;
      const genuine = record(facts, url, form, 'genuine', fault);
      if (url === undefined) {
        logger.info('worldnet_simulator.validation_without_url', { orderId: facts.orderId });
        return;
      }
      if (fault?.fault === 'validation-lost') {
        genuine.state = 'lost';
        return;
      }
      const schedule = [...options.retrySchedule()];
      const signal = shutdown.signal;
      const delayMs =
        (delivery === 'late' ? LATE_VALIDATION_MS : 0) + (fault?.fault === 'validation-late' ? fault.delayMs : 0);
      if (delayMs > 0) {
        genuine.state = 'waiting';
        if (forged !== undefined) forged.state = 'waiting';
      }
      track(
        (async () => {
          if (delayMs > 0 && !(await time.wait(delayMs, signal))) return;
          if (forged !== undefined) {
            forged.state = 'pending';
            forged.state = (await attempt(forged, url, signal)) ? 'delivered' : 'not-retried';
          }
          await deliver(genuine, url, schedule, signal);
          if (delivery === 'twice' || fault?.fault === 'validation-doubled') {
            if (signal.aborted) return;
            await deliver(record(sent, url, form, 'repeat', fault), url, schedule, signal);
          }
        })(),
      );
    },
    get records() {
      return records;
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
    reset() {
      shutdown.abort();
      shutdown = new AbortController();
      records = [];
    },
    close() {
      shutdown.abort();
    },
  };
}
