import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { HQ_POOL_CONNECTIONS } from '../../../shared/hq/hq-config.ts';

/**
 * The one way HQ talks SQL, on a PostgreSQL server (a `pg` pool) or on the
 * embedded PostgreSQL (PGlite) in a data folder. The store writes its SQL
 * once, with `$1` parameters, and both run it. Both hand values back alike,
 * so the store never asks which one it has:
 *   bigint and numeric  a JavaScript number (a safe integer, or the query fails: money is never rounded)
 *   date                'YYYY-MM-DD' text, as stored (no time zone applied)
 *   timestamptz         ISO 8601 text in UTC ('2025-03-01T09:30:00.000Z')
 *   json and jsonb      parsed
 * Arrays go in as JSON text (`json_array_elements_text($1::json)`), never as
 * driver arrays, whose encoding the two drivers do not share.
 */
export interface SqlClient {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: SqlRow[] }>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back
   * when it throws. Inside, `tx.transaction` runs in the same transaction.
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlRow = Record<string, unknown>;

/**
 * A result's rows as the caller expects them, checked: a schema another HQ
 * version changed, or a query that does not say what its caller thinks,
 * fails here, by name, not three calls later.
 */
export function rowsOf<Row>(schema: z.ZodType<Row>, result: { rows: readonly SqlRow[] }): Row[] {
  return z.array(schema).parse(result.rows);
}

/**
 * The database could not be reached or dropped the connection (a restart, a
 * failover, too many connections) or gave the transaction up (a deadlock, a
 * serialisation failure). The work was rolled back, or (a connection lost on
 * COMMIT) may have been committed: every write of HQ's is idempotent, so the
 * caller just does it again. HQ answers 503 "try again later" for it.
 */
export class SqlUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SqlUnavailableError';
  }
}

/** SQLSTATEs after which the same work may simply be tried again. */
const RETRYABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const RETRYABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (RETRYABLE_STATES.has(code) || RETRYABLE_NODE_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  // pg reports a connection lost mid-query, or a pool that could not connect in time, without a code.
  return /Connection terminated|not queryable|timeout exceeded when trying to connect/i.test(error.message);
}

function unavailableOr(error: unknown): unknown {
  return isRetryable(error) ? new SqlUnavailableError(error) : error;
}

type TextParser = (text: string) => unknown;
type TypeOid = Parameters<typeof pg.types.getTypeParser>[0];
const builtinParser = (oid: TypeOid): TextParser => pg.types.getTypeParser(oid, 'text') as TextParser;

const wholeNumber: TextParser = (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`${text} is not a safe whole number`);
  return value;
};
const timestamp = builtinParser(pg.types.builtins.TIMESTAMPTZ);

/** Parsers by type OID, the same on both drivers. */
const PARSERS: Readonly<Record<number, TextParser>> = {
  [pg.types.builtins.INT8]: wholeNumber,
  [pg.types.builtins.NUMERIC]: wholeNumber,
  [pg.types.builtins.DATE]: (text) => text,
  [pg.types.builtins.TIMESTAMPTZ]: (text) => {
    const parsed = timestamp(text);
    if (!(parsed instanceof Date)) throw new RangeError(`${text} is not a timestamp`);
    return parsed.toISOString();
  },
};

const statementNames = new Map<string, string>();

/**
 * A query with parameters goes as a named statement: each connection parses
 * and plans it once, not on every push (the push statement is large). Its
 * name is a hash of its text, so the same text is one statement everywhere.
 * Parameterless SQL (migrations, locks) goes as it is: it runs once.
 */
function prepared(text: string, params: readonly unknown[]): pg.QueryConfig {
  if (params.length === 0) return { text };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `hq_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: [...params] };
}

/** A pool on a PostgreSQL server, from a `postgres://` URL. */
export function pgPoolClient(url: string, options: { maxConnections?: number } = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? HQ_POOL_CONNECTIONS,
    // While the server restarts, a push should fail soon and be retried, not wait for ever.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: (oid, format = 'text') =>
        format === 'text' ? (PARSERS[oid] ?? builtinParser(oid)) : (pg.types.getTypeParser(oid, format) as unknown),
    },
  });
  // An idle connection the server closed (a restart) is an event, not a crash: the pool drops it and opens another.
  pool.on('error', () => undefined);

  const onConnection = (connection: pg.PoolClient): SqlClient => ({
    async query(text, params = []) {
      const result = await connection.query<SqlRow>(prepared(text, params));
      return { rows: result.rows };
    },
    transaction: (work) => work(onConnection(connection)),
    close: () => Promise.reject(new Error('close the pool, not a transaction')),
  });

  return {
    async query(text, params = []) {
      try {
        const result = await pool.query<SqlRow>(prepared(text, params));
        return { rows: result.rows };
      } catch (error) {
        throw unavailableOr(error);
      }
    },
    async transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T> {
      let connection: pg.PoolClient;
      try {
        connection = await pool.connect();
      } catch (error) {
        throw unavailableOr(error);
      }
      // A checked-out connection the server drops reports it as an event too; the failed query is what counts.
      const ignore = () => undefined;
      connection.on('error', ignore);
      try {
        await connection.query('BEGIN');
        const result = await work(onConnection(connection));
        await connection.query('COMMIT');
        connection.release();
        return result;
      } catch (error) {
        // A connection that cannot even roll back is broken: destroy it rather than hand it to the next caller.
        const rolledBack = await connection.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        connection.release(rolledBack ? undefined : true);
        throw unavailableOr(error);
      } finally {
        connection.off('error', ignore);
      }
    },
    close: () => pool.end(),
  };
}

/** The embedded PostgreSQL in a data folder (made on first use). One connection: its transactions take turns. */
export async function pgliteClient(dataDir: string): Promise<SqlClient> {
  const db = await PGlite.create(dataDir, { parsers: PARSERS });

  const onTransaction = (tx: { query: PGlite['query'] }): SqlClient => ({
    async query(text, params = []) {
      const result = await tx.query<SqlRow>(text, [...params]);
      return { rows: result.rows };
    },
    transaction: (work) => work(onTransaction(tx)),
    close: () => Promise.reject(new Error('close the database, not a transaction')),
  });

  return {
    ...onTransaction(db),
    transaction: (work) => db.transaction((tx) => work(onTransaction(tx))),
    close: () => db.close(),
  };
}
