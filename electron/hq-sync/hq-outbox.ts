import { z } from 'zod';
import { MAX_PUSH_ITEMS, SyncItemSchema, type SyncItem } from '../../shared/hq/hq-contract.ts';
import type { DatabaseSync } from 'node:sqlite';

/**
 * The till's queue for HQ (`hq_outbox`, filled by triggers: see migration 13)
 * and how far HQ has taken it (`hq_sync`). Rows leave the queue only when HQ
 * says it holds them (`ackedThrough`), so a push whose answer was lost is
 * simply sent again: HQ writes a batch once however often it arrives.
 */

/**
 * What the HQ books need of the till's database: its connection and its write transaction. The till's
 * own database (`TillDatabase`) is one; `kassa doctor` reads through a read-only connection.
 */
export interface HqDatabase {
  readonly connection: DatabaseSync;
  transaction<T>(work: () => T): T;
}

/** Why the last push did not go through; absent once one does. */
export type HqProblem =
  /** No answer: HQ or the network is down, or the answer took too long. */
  | 'unreachable'
  /** HQ answered with a server error (5xx) or something the till cannot read. */
  | 'hq_error'
  /** HQ refused the push as it was (a 4xx other than 401): sending it again unchanged will not help. */
  | 'refused'
  /** HQ no longer knows the till's token (401): IT must enrol the till again. */
  | 'revoked';

export interface HqSyncState {
  readonly ackedThrough: number;
  /** When HQ last took a push (with records or without). */
  readonly lastSyncAt: string | undefined;
  readonly problem: HqProblem | undefined;
  readonly problemAt: string | undefined;
  /** For IT and the log: what was seen, never a token. */
  readonly problemDetail: string | undefined;
}

export interface Waiting {
  readonly count: number;
  /** When the oldest of them was recorded. */
  readonly oldestAt: string | undefined;
}

export interface HqOutbox {
  /** The next items to push, in order, at most `limit` (the contract's MAX_PUSH_ITEMS). */
  nextBatch(limit?: number): SyncItem[];
  /** What waits with a seq above `afterSeq` (all of it by default). */
  waiting(afterSeq?: number): Waiting;
  /**
   * HQ holds everything up to `ackedThrough`: forgets those rows and notes the sync, in one
   * transaction. Answers how many rows went.
   */
  recordSynced(ackedThrough: number, at: string): number;
  recordProblem(problem: HqProblem, detail: string, at: string): void;
  state(): HqSyncState;
}

const OutboxRowSchema = z.object({
  seq: z.number().int(),
  kind: z.string(),
  at: z.string(),
  mode: z.string(),
  payload: z.string(),
});

const SyncRowSchema = z.object({
  acked_through: z.number().int(),
  last_sync_at: z.string().nullable(),
  last_error: z.enum(['unreachable', 'hq_error', 'refused', 'revoked']).nullable(),
  last_error_at: z.string().nullable(),
  last_error_detail: z.string().nullable(),
});

/** A row that is not what the contract says cannot be skipped (nothing is): the push stops and IT is told. */
export class OutboxRowError extends Error {
  override name = 'OutboxRowError';
}

export function createHqOutbox(database: HqDatabase): HqOutbox {
  const { connection } = database;
  const statements = {
    batch: connection.prepare('SELECT seq, kind, at, mode, payload FROM hq_outbox ORDER BY seq LIMIT ?'),
    waiting: connection.prepare('SELECT count(*) AS count, min(at) AS oldest FROM hq_outbox WHERE seq > ?'),
    forget: connection.prepare('DELETE FROM hq_outbox WHERE seq <= ?'),
    synced: connection.prepare(
      `UPDATE hq_sync SET acked_through = max(acked_through, ?), last_sync_at = ?,
         last_error = NULL, last_error_at = NULL, last_error_detail = NULL WHERE id = 1`,
    ),
    problem: connection.prepare(
      'UPDATE hq_sync SET last_error = ?, last_error_at = ?, last_error_detail = ? WHERE id = 1',
    ),
    state: connection.prepare(
      'SELECT acked_through, last_sync_at, last_error, last_error_at, last_error_detail FROM hq_sync WHERE id = 1',
    ),
  };

  function toItem(row: unknown): SyncItem {
    const r = OutboxRowSchema.parse(row);
    let payload: unknown;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      throw new OutboxRowError(`HQ outbox row ${String(r.seq)} (${r.kind}) holds no JSON`);
    }
    const item = SyncItemSchema.safeParse({ seq: r.seq, kind: r.kind, at: r.at, mode: r.mode, payload });
    if (!item.success) {
      throw new OutboxRowError(
        `HQ outbox row ${String(r.seq)} (${r.kind}) is not what HQ takes: ${item.error.message}`,
      );
    }
    return item.data;
  }

  return {
    nextBatch(limit = MAX_PUSH_ITEMS) {
      return statements.batch.all(Math.min(limit, MAX_PUSH_ITEMS)).map(toItem);
    },

    waiting(afterSeq = 0) {
      const row = statements.waiting.get(afterSeq);
      const oldest = row?.oldest;
      return { count: Number(row?.count ?? 0), oldestAt: typeof oldest === 'string' ? oldest : undefined };
    },

    recordSynced(ackedThrough, at) {
      return database.transaction(() => {
        const forgotten = Number(statements.forget.run(ackedThrough).changes);
        statements.synced.run(ackedThrough, at);
        return forgotten;
      });
    },

    recordProblem(problem, detail, at) {
      statements.problem.run(problem, at, detail);
    },

    state() {
      const r = SyncRowSchema.parse(statements.state.get());
      return {
        ackedThrough: r.acked_through,
        lastSyncAt: r.last_sync_at ?? undefined,
        problem: r.last_error ?? undefined,
        problemAt: r.last_error_at ?? undefined,
        problemDetail: r.last_error_detail ?? undefined,
      };
    },
  };
}
