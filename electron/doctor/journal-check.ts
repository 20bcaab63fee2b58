import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkDatabaseIntegrity } from '../till-database/integrity-check.ts';
import { errorCode, fail, formatBytes, pass, type CheckOutcome } from './check.ts';
import { nearestExisting } from './paths.ts';

/**
 * The till's database (`journal.path`): SQLite's quick_check of the file the till will open
 * (on a read-only connection, so it is safe beside a running till), and
 * whether the till may write to it. A till that has never run has no journal
 * yet; that passes when the folder it goes in can be made and written to.
 */

export const JOURNAL = 'journal';

const writable = (target: string) =>
  access(target, constants.W_OK).then(
    () => true,
    () => false,
  );

export async function checkJournal(file: string): Promise<CheckOutcome> {
  let size: number;
  try {
    const found = await stat(file);
    if (!found.isFile()) {
      return fail(
        JOURNAL,
        `${file} is a folder, not a journal file.`,
        'Set journal.path to a file name inside that folder, e.g. journal.sqlite.',
      );
    }
    size = found.size;
  } catch (error) {
    const code = errorCode(error);
    // ENOTDIR: a file stands where a folder on the way should be; said plainly below.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      return fail(JOURNAL, `Cannot look at ${file}: ${(error as Error).message}.`, cannotReach(file));
    }
    return whereItWillBe(file);
  }

  const integrity = await checkDatabaseIntegrity(file).result;
  if (integrity.kind === 'damaged') {
    return fail(
      JOURNAL,
      integrity.error.message,
      'Stop the till and restore the journal from the last backup. Do not delete it: it holds the record of card payments.',
    );
  }
  if (integrity.kind === 'unchecked') {
    return fail(JOURNAL, `Could not check ${file}: ${integrity.reason}.`, cannotReach(file));
  }
  if (!(await writable(file)) || !(await writable(path.dirname(file)))) {
    return fail(
      JOURNAL,
      `${file} is sound, but the till cannot write to it or its folder.`,
      `Give the user the till runs as write permission on ${file} and on ${path.dirname(file)}.`,
    );
  }
  return pass(JOURNAL, `${file} is sound (${formatBytes(size)}).`);
}

async function whereItWillBe(file: string): Promise<CheckOutcome> {
  const folder = path.dirname(file);
  const existing = await nearestExisting(folder);
  if (!existing.isFolder) {
    return fail(
      JOURNAL,
      `No journal at ${file}, and it cannot be created there: ${existing.path} is a file, not a folder.`,
      'Set journal.path (or KASSA_DATA_DIR) to a place in a folder the till can write to.',
    );
  }
  if (!(await writable(existing.path))) {
    return fail(
      JOURNAL,
      `No journal at ${file}, and the till may not create it: ${existing.path} is not writable.`,
      `Give the user the till runs as write permission on ${existing.path}, or set journal.path to a writable place.`,
    );
  }
  return pass(JOURNAL, `No journal at ${file} yet: it will be created on first start (${existing.path} is writable).`);
}

function cannotReach(file: string): string {
  return `Check that ${file} is on a working disk and that the user the till runs as may read and write it.`;
}
