import { DatabaseSync } from 'node:sqlite';
import { onTestFinished } from 'vitest';

/**
 * A second, raw connection to the same file, as another process (or someone
 * with sqlite3) would have: closed when the test finishes.
 */
export function rawConnection(file: string): DatabaseSync {
  const database = new DatabaseSync(file);
  onTestFinished(() => {
    if (database.isOpen) database.close();
  });
  return database;
}
