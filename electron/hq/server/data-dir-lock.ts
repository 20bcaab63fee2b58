import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database (PGlite) is one process's: a second process opening
 * the same folder, `kassa hq code` beside a running `kassa hq serve`, could
 * corrupt it, and PGlite itself does not stop it. So whoever opens the
 * folder holds a lock file naming its process; a lock left by a process that
 * is gone (a crash, a power cut) is taken over.
 */

const LOCK_FILE = 'kassa-hq.lock';

export class DataDirBusyError extends Error {
  constructor(lockFile: string, pid: number) {
    super(
      `The embedded database in ${path.dirname(lockFile)} is open in process ${String(pid)} (a running kassa hq serve?). ` +
        'Stop it first, or run HQ on a PostgreSQL server (--database) to use it from several processes. ' +
        `If no such process runs, delete ${lockFile}.`,
    );
    this.name = 'DataDirBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder for this process; answers the function that lets it go. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) rmSync(file);
        } catch {
          // Already gone: nothing to let go.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // Removed meanwhile: try again.
    }
    // Our own pid counts as alive too: one process must not open the folder twice either.
    if (Number.isSafeInteger(holder) && holder > 0 && alive(holder)) throw new DataDirBusyError(file, holder);
    rmSync(file, { force: true });
  }
  throw new Error(`Cannot take the lock ${file}; is another kassa hq starting at the same moment?`);
}
