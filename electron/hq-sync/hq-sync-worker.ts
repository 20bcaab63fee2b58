import { MAX_PUSH_ITEMS, type SyncItem, type TillStatus } from '../../shared/hq/hq-contract.ts';
import type { HqSyncView } from '../../shared/hq/hq-sync-view.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { HqClient } from './hq-client.ts';
import type { HqLinkBook } from './hq-link.ts';
import { OutboxRowError, type HqOutbox, type HqProblem } from './hq-outbox.ts';
import { hqSyncView } from './hq-status.ts';
import { backoffMs, systemTimers, type Timers } from './hq-timers.ts';

/**
 * Sends the outbox to HQ, in order, one push at a time. A push carries up to
 * MAX_PUSH_ITEMS records and the till's status; HQ answers how far it now
 * holds the till's records and the till forgets those. Nothing else is
 * trusted: a push whose answer is lost is sent again as it was, HQ writes it
 * once, and no record is dropped on the till's side until HQ has said it
 * holds it. A week offline catches up batch after batch, each its own
 * transaction at HQ.
 *
 * When: at once when woken (a sale was recorded), otherwise every
 * `pushEveryMs` if anything waits, and a push without records every
 * `heartbeatMs` so HQ sees a quiet till is alive. A failure pauses pushes for
 * a doubling, jittered while (up to `maxRetryMs`); a wake does not cut the
 * pause short, so a till without HQ does not knock at every sale. A 401 stops
 * the worker and says so: only a new enrolment (a new link in the journal)
 * starts it again.
 */

export interface HqSyncTiming {
  /** How often to look for records to push. */
  pushEveryMs: number;
  /** The longest a till goes without telling HQ it is alive. */
  heartbeatMs: number;
  /** The pause after the first failure; it doubles with each one after. */
  firstRetryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_HQ_SYNC_TIMING: HqSyncTiming = {
  pushEveryMs: 5_000,
  heartbeatMs: 60_000,
  firstRetryMs: 5_000,
  maxRetryMs: 5 * 60_000,
};

/** The till's status but for the backlog, which the worker counts itself at each push. */
export type TillStatusWithoutBacklog = Omit<TillStatus, 'waiting' | 'oldestWaitingAt'>;

export interface HqSyncWorker {
  /** Something was recorded: push now, unless a failure's pause is running. */
  wake(): void;
  /** How the sync stands. */
  view(): HqSyncView;
  /** Told the view after every push and whenever it may have changed; answers how to stop listening. */
  onChange(listener: (view: HqSyncView) => void): () => void;
  /** Whether a push has been tried since the worker started (the light is "checking" until then). */
  readonly tried: boolean;
  /** Waits for the push under way, if any; none starts after. Safe to call twice. */
  close(): Promise<void>;
}

export interface HqSyncWorkerOptions {
  client: HqClient;
  outbox: HqOutbox;
  link: HqLinkBook;
  /** The till's status as it is now: devices, last Z, routes. */
  status: () => TillStatusWithoutBacklog;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** For the retry jitter; Math.random by default. */
  random?: () => number;
  timing?: Partial<HqSyncTiming>;
}

type PushResult = { readonly kind: 'more' | 'done' } | { readonly kind: 'failed' | 'revoked' };

export function startHqSyncWorker(options: HqSyncWorkerOptions): HqSyncWorker {
  const { client, outbox, link, logger } = options;
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const timing = { ...DEFAULT_HQ_SYNC_TIMING, ...options.timing };
  const listeners = new Set<(view: HqSyncView) => void>();

  let timer: unknown;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let tried = false;
  let failures = 0;
  /** The link HQ revoked (its enrolment time); a new enrolment starts the worker again. */
  let revokedLink: string | undefined;
  let lastPushAtMs: number | undefined;

  function view(): HqSyncView {
    return hqSyncView(link.link(), outbox.state(), outbox.waiting());
  }

  function publish(): void {
    if (listeners.size === 0) return;
    const current = view();
    for (const listener of listeners) listener(current);
  }

  function schedule(ms: number): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    if (closed) return;
    timer = timers.setTimeout(() => {
      timer = undefined;
      start();
    }, ms);
  }

  function start(): void {
    if (closed) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = cycle()
      .catch((error: unknown) => {
        // Not expected (every answer is an outcome): retried like a failed push.
        logger.error('hq.sync_crashed', { error });
        failures += 1;
        schedule(backoffMs(failures, timing.firstRetryMs, timing.maxRetryMs, random));
      })
      .finally(() => {
        running = undefined;
        const woken = again;
        again = false;
        // A wake that came during a push that then failed waits for the pause like any other.
        if (woken && !closed && failures === 0 && revokedLink === undefined) start();
      });
  }

  async function cycle(): Promise<void> {
    const current = link.link();
    if (current === undefined || current.enrolledAt === revokedLink) {
      // Not enrolled, or no longer accepted: look again later, for an enrolment made meanwhile.
      publish();
      schedule(current === undefined ? timing.pushEveryMs : timing.heartbeatMs);
      return;
    }
    if (revokedLink !== undefined) {
      logger.info('hq.enrolled_again', { tillKey: current.tillKey });
      revokedLink = undefined;
    }
    for (;;) {
      const result = await pushOnce();
      if (result.kind === 'more') {
        if (closed) return;
        continue;
      }
      if (result.kind === 'done') schedule(timing.pushEveryMs);
      return;
    }
  }

  async function pushOnce(): Promise<PushResult> {
    let batch: SyncItem[];
    try {
      batch = outbox.nextBatch(MAX_PUSH_ITEMS);
    } catch (error) {
      if (!(error instanceof OutboxRowError)) throw error;
      return failed('refused', error.message);
    }
    const nowMs = clock.now().getTime();
    const heartbeatDue = lastPushAtMs === undefined || nowMs - lastPushAtMs >= timing.heartbeatMs;
    if (batch.length === 0 && !heartbeatDue) return { kind: 'done' };
    const first = batch[0]?.seq;
    const last = batch.at(-1)?.seq ?? 0;
    const after = batch.length === 0 ? outbox.waiting() : outbox.waiting(last);
    const status: TillStatus = {
      ...options.status(),
      waiting: after.count,
      ...(after.oldestAt === undefined ? {} : { oldestWaitingAt: after.oldestAt }),
    };
    tried = true;
    const answer = await client.push({ items: batch, status });
    if (closed && answer.kind !== 'ok') return { kind: 'failed' };
    const at = clock.now().toISOString();
    switch (answer.kind) {
      case 'ok': {
        const acked = answer.value.ackedThrough;
        if (first !== undefined && acked < first) {
          return failed(
            'refused',
            `HQ answered that it holds records through ${String(acked)}, but was sent ${String(first)}–${String(last)}`,
          );
        }
        if (acked > last && batch.length > 0) {
          // HQ holds more of this till than was sent: the journal was restored from a backup, or HQ's
          // count is wrong. Only what was sent is forgotten; IT should look.
          logger.warn('hq.acked_beyond_sent', { ackedThrough: acked, sentThrough: last });
        }
        const forgotten = outbox.recordSynced(Math.min(acked, last), at);
        if (failures > 0) logger.info('hq.sync_recovered', { failures });
        failures = 0;
        lastPushAtMs = clock.now().getTime();
        if (forgotten > 0) logger.debug('hq.pushed', { through: acked, records: forgotten });
        publish();
        // Partly taken, a full batch, or records written meanwhile: on at once.
        return outbox.waiting().count > 0 ? { kind: 'more' } : { kind: 'done' };
      }
      case 'revoked': {
        revokedLink = link.link()?.enrolledAt;
        outbox.recordProblem('revoked', answer.message, at);
        logger.error('hq.revoked', {
          error: answer.error,
          message: answer.message,
          advice: 'HQ no longer accepts this till; enrol it again with a new code (kassa hq enrol).',
        });
        publish();
        // Looked at again now and then, for a new enrolment.
        schedule(timing.heartbeatMs);
        return { kind: 'revoked' };
      }
      case 'refused':
        return failed(
          'refused',
          `HQ refused the push (${String(answer.status)} ${answer.error ?? ''}): ${answer.message}`,
        );
      case 'unavailable':
        return failed(answer.answered ? 'hq_error' : 'unreachable', answer.why);
    }
  }

  function failed(problem: HqProblem, detail: string): PushResult {
    failures += 1;
    outbox.recordProblem(problem, detail, clock.now().toISOString());
    const pauseMs = backoffMs(failures, timing.firstRetryMs, timing.maxRetryMs, random);
    // The first failure of a run is news; the retries after it are not, until it recovers.
    const fields = { problem, detail, failures, retryInMs: pauseMs };
    if (failures === 1) logger.warn('hq.sync_failed', fields);
    else logger.debug('hq.sync_failed', fields);
    publish();
    schedule(pauseMs);
    return { kind: 'failed' };
  }

  // The first look at once: records may have waited since the last run.
  start();

  return {
    wake() {
      if (closed) return;
      if (failures > 0 || revokedLink !== undefined) {
        // No push now; the count on the light still moves.
        publish();
        return;
      }
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      start();
    },
    view,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get tried() {
      return tried;
    },
    async close() {
      closed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
