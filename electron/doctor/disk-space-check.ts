import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { fail, formatBytes, pass, type CheckOutcome } from './check.ts';
import { nearestExisting } from './paths.ts';

/**
 * Free space on the disk that holds the journal. SQLite refuses to write on
 * a full disk, and a till that cannot write its journal cannot take money.
 */

export const DISK_SPACE = 'disk space';
export const MIN_FREE_BYTES = 500 * 1024 * 1024;

export async function checkDiskSpace(
  journalFile: string,
  options: { minFreeBytes?: number } = {},
): Promise<CheckOutcome> {
  const minimum = options.minFreeBytes ?? MIN_FREE_BYTES;
  const folder = (await nearestExisting(path.dirname(journalFile))).path;
  let free: number;
  try {
    const disk = await statfs(folder);
    free = disk.bavail * disk.bsize;
  } catch (error) {
    return fail(
      DISK_SPACE,
      `Cannot read the free space of the disk holding ${folder}: ${(error as Error).message}.`,
      'Check that the disk is mounted and working.',
    );
  }
  if (free < minimum) {
    return fail(
      DISK_SPACE,
      `Only ${formatBytes(free)} free on the disk holding ${folder}; the till wants at least ${formatBytes(minimum)}.`,
      'Free up space on that disk (old logs, downloads, updates), or move the journal to a larger disk with journal.path.',
    );
  }
  return pass(DISK_SPACE, `${formatBytes(free)} free on the disk holding ${folder}.`);
}
