import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgliteClient } from '../database/sql-client.ts';

/**
 * Vitest's global setup (vitest.config.ts): one blank embedded cluster for
 * the whole run. Making one is an initdb, seconds of CPU; every test file on
 * PGlite copies this folder instead of making its own (test-postgres.ts).
 */

declare module 'vitest' {
  interface ProvidedContext {
    /** The run's blank PGlite cluster, to copy; absent when a file runs without this setup. */
    pgliteBlankFolder?: string;
  }
}

/** A new folder holding an empty, closed PGlite cluster. */
export async function makeBlankPgliteFolder(): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'kassa-hq-pglite-blank-'));
  await (await pgliteClient(folder)).close();
  return folder;
}

export default async function provideBlankPglite(project: TestProject): Promise<() => Promise<void>> {
  const folder = await makeBlankPgliteFolder();
  project.provide('pgliteBlankFolder', folder);
  return () => rm(folder, { recursive: true, force: true });
}
