import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { TillConfig } from '../../shared/config/schema.ts';
import { defaultDataDir } from '../config/data-dir.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/**
 * The till's one SQLite file, on one connection: card payments, sales,
 * refunds, the till day, the audit log and the print queue are each a book
 * on it (`electron/till-books.ts` builds them), so a change that spans two
 * books (a sale recorded and its receipt queued; a manager's resolution and
 * its audit row) commits, or rolls back, as one.
 *
 * Opened the way money needs it: WAL so readers never block the writer,
 * `synchronous=FULL` so a committed transition survives a power cut, foreign
 * keys on, a busy timeout for the moments when `kassa pay` or `kassa recover`
 * and the app touch the same file, and `quick_check` before anything is
 * trusted. Migrations run in order, each in its own transaction.
 *
 * `quick_check` reads the whole file, so on a database of years it takes
 * seconds. The till itself opens with `check: 'later'` and has the check run
 * beside it (`integrity-check.ts`), refusing money the moment it reports
 * damage; the command line checks first, as it always did.
 */

export interface TillDatabase {
  readonly file: string;
  /** The one connection. Books prepare their statements on it; nothing else opens the file for writing. */
  readonly connection: DatabaseSync;
  /**
   * Runs `work` in one write transaction; IMMEDIATE so two processes never
   * interleave a read-then-write. Every commit is synced to disk
   * (`synchronous=FULL`) unless the caller says a later synced commit covers
   * it. Called inside a transaction already open, `work` joins it.
   */
  transaction<T>(work: () => T): T;
  transaction<T>(options: { synchronous: 'NORMAL' }, work: () => T): T;
  close(): void;
}

export interface OpenTillDatabaseOptions {
  /** `now` (the default): refuse a damaged file before opening it. `later`: the caller runs the check itself. */
  check?: 'now' | 'later';
}

export class TillDatabaseError extends Error {
  override name = 'TillDatabaseError';
}

/** Where the till keeps its file: `journal.path` (its name since the first release), else the data directory. */
export function tillDatabasePath(config: TillConfig, env: NodeJS.ProcessEnv = process.env): string {
  return config.journal?.path ?? path.join(defaultDataDir(env), 'journal.sqlite');
}

export function openTillDatabase(file: string, options: OpenTillDatabaseOptions = {}): TillDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let connection: DatabaseSync;
  try {
    connection = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
  } catch (error) {
    throw new TillDatabaseError(`Cannot open the till's database at ${file}: ${(error as Error).message}`);
  }
  try {
    connection.exec('PRAGMA journal_mode = WAL');
    connection.exec('PRAGMA synchronous = FULL');
    connection.exec('PRAGMA foreign_keys = ON');
    if (options.check !== 'later') {
      const finding = quickCheck(connection);
      if (finding !== undefined) throw damaged(file, finding);
    }
    migrate(connection, file, MIGRATIONS);
  } catch (error) {
    connection.close();
    if (error instanceof TillDatabaseError) throw error;
    const message = (error as Error).message;
    // SQLITE_NOTADB / SQLITE_CORRUPT: the same advice as a failed quick_check.
    if (/not a database|malformed|corrupt/i.test(message)) throw damaged(file, message);
    throw new TillDatabaseError(`Cannot use the till's database at ${file}: ${message}`);
  }
  return {
    file,
    connection,
    transaction<T>(...args: [work: () => T] | [options: { synchronous: 'NORMAL' }, work: () => T]): T {
      return inTransaction(connection, ...args);
    },
    close() {
      if (connection.isOpen) connection.close();
    },
  };
}

/** What `PRAGMA quick_check` found wrong, or undefined when the file is sound. */
export function quickCheck(connection: DatabaseSync): string | undefined {
  const verdict = connection
    .prepare('PRAGMA quick_check')
    .all()
    .map((row) => String(Object.values(row)[0]));
  return verdict.length === 1 && verdict[0] === 'ok' ? undefined : verdict.slice(0, 3).join('; ');
}

export function damaged(file: string, finding: string): TillDatabaseError {
  return new TillDatabaseError(
    `The till's database at ${file} is damaged (${finding}). ` +
      'Do not delete it: it holds the record of card payments. Ask IT to restore it from the backup.',
  );
}

function migrate(connection: DatabaseSync, file: string, migrations: readonly Migration[]): void {
  const current = Number(connection.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  if (current > migrations.length) {
    throw new TillDatabaseError(
      `The till's database at ${file} was written by a newer Kassa (schema ${current}, this one knows ` +
        `${migrations.length}). Install the newer version again rather than run this one on it.`,
    );
  }
  for (const migration of migrations.slice(current)) {
    connection.exec('BEGIN IMMEDIATE');
    try {
      connection.exec(migration.sql);
      connection.exec(`PRAGMA user_version = ${migration.version}`);
      connection.exec('COMMIT');
    } catch (error) {
      connection.exec('ROLLBACK');
      // A damaged file is reported as damaged by the caller, with its advice.
      if (/not a database|malformed|corrupt/i.test((error as Error).message)) throw error;
      throw new TillDatabaseError(
        `Could not bring the till's database at ${file} up to schema ${migration.version} (${migration.name}): ` +
          `${(error as Error).message}. Nothing of it was applied; the file is as it was.`,
      );
    }
  }
}

/**
 * One write transaction on `connection`, joined when one is open already. A
 * caller that knows a later synced commit covers this one may ask for
 * `synchronous=NORMAL` for its duration.
 */
function inTransaction<T>(
  connection: DatabaseSync,
  ...args: [work: () => T] | [options: { synchronous: 'NORMAL' }, work: () => T]
): T {
  const [options, work] = args.length === 1 ? [undefined, args[0]] : args;
  if (connection.isTransaction) return work();
  if (options !== undefined) connection.exec(`PRAGMA synchronous = ${options.synchronous}`);
  connection.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    connection.exec('COMMIT');
    return result;
  } catch (error) {
    connection.exec('ROLLBACK');
    throw error;
  } finally {
    if (options !== undefined) connection.exec('PRAGMA synchronous = FULL');
  }
}
