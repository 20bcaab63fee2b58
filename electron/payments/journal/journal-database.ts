import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations.ts';

/**
 * Opens the till's SQLite journal the way money needs it: WAL so readers never
 * block the writer, `synchronous=FULL` so a committed transition survives a
 * power cut, foreign keys on, a busy timeout for the moments when `kassa pay`
 * or `kassa recover` and the app touch the same file, and `quick_check` before
 * anything is trusted. Migrations run in order, each in its own transaction.
 *
 * `quick_check` reads the whole file, so on a journal of years it takes
 * seconds. The till itself opens with `check: 'later'` and has the check run
 * beside it (`integrity-check.ts`), refusing money the moment it reports
 * damage; the command line checks first, as it always did.
 */

export interface OpenJournalOptions {
  /** `now` (the default): refuse a damaged file before opening it. `later`: the caller runs the check itself. */
  check?: 'now' | 'later';
}

export class JournalError extends Error {
  override name = 'JournalError';
}

export function openJournalDatabase(file: string, options: OpenJournalOptions = {}): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let database: DatabaseSync;
  try {
    database = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
  } catch (error) {
    throw new JournalError(`Cannot open the payment journal at ${file}: ${(error as Error).message}`);
  }
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = FULL');
    database.exec('PRAGMA foreign_keys = ON');
    if (options.check !== 'later') {
      const finding = quickCheck(database);
      if (finding !== undefined) throw damaged(file, finding);
    }
    migrate(database, file);
    return database;
  } catch (error) {
    database.close();
    if (error instanceof JournalError) throw error;
    const message = (error as Error).message;
    // SQLITE_NOTADB / SQLITE_CORRUPT: the same advice as a failed quick_check.
    if (/not a database|malformed|corrupt/i.test(message)) throw damaged(file, message);
    throw new JournalError(`Cannot use the payment journal at ${file}: ${message}`);
  }
}

/** What `PRAGMA quick_check` found wrong, or undefined when the file is sound. */
export function quickCheck(database: DatabaseSync): string | undefined {
  const verdict = database
    .prepare('PRAGMA quick_check')
    .all()
    .map((row) => String(Object.values(row)[0]));
  return verdict.length === 1 && verdict[0] === 'ok' ? undefined : verdict.slice(0, 3).join('; ');
}

export function damaged(file: string, finding: string): JournalError {
  return new JournalError(
    `The payment journal at ${file} is damaged (${finding}). ` +
      'Do not delete it: it holds the record of card payments. Ask IT to restore it from the backup.',
  );
}

function migrate(database: DatabaseSync, file: string): void {
  const current = Number(database.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  if (current > MIGRATIONS.length) {
    throw new JournalError(
      `The payment journal at ${file} was written by a newer Kassa (schema ${current}, this one knows ` +
        `${MIGRATIONS.length}). Install the newer version again rather than run this one on it.`,
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
    database.exec('BEGIN IMMEDIATE');
    try {
      database.exec(MIGRATIONS[version - 1] ?? '');
      database.exec(`PRAGMA user_version = ${version}`);
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  }
}

/**
 * Runs `work` in one write transaction; IMMEDIATE so two processes never
 * interleave a read-then-write. Every commit is synced to disk
 * (`synchronous=FULL`) unless the caller says a later synced commit covers it.
 * Called inside a transaction already open on this connection, `work` joins
 * it: a change that spans two books (a sale recorded and its open sale
 * closed) commits, or rolls back, as one.
 */
export function inTransaction<T>(
  database: DatabaseSync,
  ...args: [work: () => T] | [options: { synchronous: 'NORMAL' }, work: () => T]
): T {
  const [options, work] = args.length === 1 ? [undefined, args[0]] : args;
  if (database.isTransaction) return work();
  if (options !== undefined) database.exec(`PRAGMA synchronous = ${options.synchronous}`);
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  } finally {
    if (options !== undefined) database.exec('PRAGMA synchronous = FULL');
  }
}
