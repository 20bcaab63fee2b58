import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/temp-dir.ts';
import { DataDirBusyError, lockDataDir } from './data-dir-lock.ts';

describe('the embedded database’s folder lock', () => {
  it('lets one process in, names it to the next, and is let go', () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    // This process holds it; another live process holding it is refused by name.
    const parent = process.ppid;
    writeFileSync(path.join(dir, 'kassa-hq.lock'), String(parent));
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    expect(() => lockDataDir(dir)).toThrow(`process ${String(parent)}`);
    writeFileSync(path.join(dir, 'kassa-hq.lock'), String(process.pid));
    release();
    expect(existsSync(path.join(dir, 'kassa-hq.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(path.join(dir, 'kassa-hq.lock'), gone);
    const release = lockDataDir(dir);
    release();
  });
});
