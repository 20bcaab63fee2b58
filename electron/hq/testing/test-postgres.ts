import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, inject, onTestFinished } from 'vitest';
import { pgliteClient, pgPoolClient, type SqlClient } from '../database/sql-client.ts';
import type { HqStore } from '../hq-store.ts';
import { createPostgresStore } from '../postgres-store.ts';
import { makeBlankPgliteFolder } from './pglite-blank-setup.ts';
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

// One server per test file, made on first use, and one blank embedded cluster per run (the global
// setup's, pglite-blank-setup.ts): a fresh database per test costs a CREATE DATABASE or a folder copy,
// not an initdb.
let server: Promise<TestPostgres> | undefined;
/** Made here, once per file, only when the file runs without the global setup (another config). */
let ownBlankPglite: Promise<string> | undefined;
let databases = 0;

// Removing a cluster of a few dozen databases takes seconds on a busy machine.
const DISPOSE_TIMEOUT_MS = 60_000;
afterAll(async () => {
  const started = server;
  const ownBlank = ownBlankPglite;
  server = undefined;
  ownBlankPglite = undefined;
  await (await started)?.dispose();
  const ownBlankFolder = await ownBlank;
  if (ownBlankFolder !== undefined) await rm(ownBlankFolder, { recursive: true, force: true });
}, DISPOSE_TIMEOUT_MS);

function blankPgliteFolder(): Promise<string> {
  const runBlankFolder = inject('pgliteBlankFolder');
  if (runBlankFolder !== undefined) return Promise.resolve(runBlankFolder);
  ownBlankPglite ??= makeBlankPgliteFolder();
  return ownBlankPglite;
}

async function freshPgliteFolder(): Promise<string> {
  const blank = await blankPgliteFolder();
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
