import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { pgliteClient, pgPoolClient, type SqlClient } from '../database/sql-client.ts';
import type { HqStore } from '../hq-store.ts';
import { createPostgresStore } from '../postgres-store.ts';
import { startTestPostgres, type TestPostgres } from './postgres-server.ts';

// The server itself has no test runner in it, so the bench starts one too.
export { startTestPostgres, type TestPostgres } from './postgres-server.ts';

/** The engines HQ runs on; a suite over `describe.each(HQ_ENGINES)` runs the same tests on both. */
export const HQ_ENGINES = ['postgresql', 'pglite'] as const;
export type HqEngine = (typeof HQ_ENGINES)[number];

export interface TestStore {
  readonly store: HqStore;
  /** The store's own connection, for a test that looks at tables and partitions. */
  readonly sql: SqlClient;
}

// One server and one blank embedded cluster per test file, made on first use: a fresh database
// per test costs a CREATE DATABASE or a folder copy, not an initdb.
let server: Promise<TestPostgres> | undefined;
let blankPglite: Promise<string> | undefined;
let databases = 0;

// Removing a cluster of a few dozen databases takes seconds on a busy machine.
const DISPOSE_TIMEOUT_MS = 60_000;
afterAll(async () => {
  const started = server;
  const blank = blankPglite;
  server = undefined;
  blankPglite = undefined;
  await (await started)?.dispose();
  const blankFolder = await blank;
  if (blankFolder !== undefined) await rm(blankFolder, { recursive: true, force: true });
}, DISPOSE_TIMEOUT_MS);

async function freshPgliteFolder(): Promise<string> {
  blankPglite ??= (async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'kassa-hq-pglite-blank-'));
    await (await pgliteClient(folder)).close();
    return folder;
  })();
  const blank = await blankPglite;
  const folder = mkdtempSync(path.join(tmpdir(), 'kassa-hq-pglite-'));
  cpSync(blank, folder, { recursive: true });
  return folder;
}

/** A fresh store on `engine` (migrated unless `migrate: false`), closed (and its folder removed) when the test ends. */
export async function openTestStore(
  engine: HqEngine,
  options: { timeZone?: string; migrate?: boolean } = {},
): Promise<TestStore> {
  let sql: SqlClient;
  if (engine === 'postgresql') {
    server ??= startTestPostgres();
    databases += 1;
    sql = pgPoolClient(await (await server).createDatabase(`hq_test_${databases}`));
  } else {
    const folder = await freshPgliteFolder();
    sql = await pgliteClient(folder);
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  }
  const store = createPostgresStore(sql, options.timeZone === undefined ? {} : { timeZone: options.timeZone });
  // Registered before migrating, so a failed migration still closes the connection; runs before the folder goes.
  onTestFinished(() => store.close());
  if (options.migrate !== false) await store.migrate();
  return { store, sql };
}
