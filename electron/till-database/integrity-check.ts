import { Worker } from 'node:worker_threads';
import { damaged, type TillDatabaseError } from './till-database.ts';

/**
 * SQLite's `quick_check` of the till's database, run on a worker thread with its own
 * read-only connection, so a database of a million sales does not hold the
 * till's start for seconds. WAL lets it read while the till writes. It
 * answers undefined for a sound file, or the error that says what to do.
 *
 * The worker's code is a string, not a module: it must run the same from
 * the sources under Node, from the bundle under Electron, and from a
 * packaged asar, where a separate worker file would need its own path.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let answer;
try {
  const database = new DatabaseSync(workerData.file, { readOnly: true, timeout: 5000 });
  try {
    const verdict = database.prepare('PRAGMA quick_check').all().map((row) => String(Object.values(row)[0]));
    answer = verdict.length === 1 && verdict[0] === 'ok' ? { ok: true } : { ok: false, finding: verdict.slice(0, 3).join('; ') };
  } finally {
    database.close();
  }
} catch (error) {
  answer = { ok: false, finding: String(error && error.message ? error.message : error) };
}
parentPort.postMessage(answer);
`;

export type DatabaseIntegrity =
  | { readonly kind: 'sound' }
  | { readonly kind: 'damaged'; readonly error: TillDatabaseError }
  /** The check itself could not run (the worker failed): nothing is known either way. */
  | { readonly kind: 'unchecked'; readonly reason: string };

export interface DatabaseCheck {
  readonly result: Promise<DatabaseIntegrity>;
  /** Stops the check (the till is closing): the result is then "unchecked". */
  stop(): Promise<void>;
}

export function checkDatabaseIntegrity(file: string): DatabaseCheck {
  const worker = new Worker(WORKER, { eval: true, workerData: { file } });
  const result = new Promise<DatabaseIntegrity>((resolve) => {
    worker.once('message', (answer: { ok: boolean; finding?: string }) => {
      resolve(answer.ok ? { kind: 'sound' } : { kind: 'damaged', error: damaged(file, answer.finding ?? 'unknown') });
      void worker.terminate();
    });
    worker.once('error', (error: Error) => {
      resolve({ kind: 'unchecked', reason: error.message });
    });
    // Stopped, or ended without a word: nothing is known either way.
    worker.once('exit', (code) => {
      resolve({ kind: 'unchecked', reason: `the check stopped (exit code ${String(code)})` });
    });
  });
  return {
    result,
    async stop() {
      await worker.terminate();
    },
  };
}
