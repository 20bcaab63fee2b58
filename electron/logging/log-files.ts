import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../config/data-dir.ts';

/**
 * Log files for support: the same JSON lines the till writes to standard
 * error (secrets already redacted by the logger), kept in `<data folder>/logs`
 * as `kassa.log`, `kassa.1.log` … `kassa.<keep>.log`, newest first. A file
 * that reaches `maxBytes` is moved aside before the next line, so the folder
 * never holds more than about `(keep + 1) × maxBytes`.
 *
 * Lines are appended synchronously: a log that loses its last lines in a
 * crash loses exactly the lines support needs.
 */

export const LOG_FILE = 'kassa.log';

export interface LogFilesOptions {
  dir: string;
  /** 5 MB by default. */
  maxBytes?: number;
  /** Rotated files kept besides the current one; 5 by default. */
  keep?: number;
}

export interface LogFiles {
  readonly dir: string;
  write(line: string): void;
}

/** `<data folder>/logs`, beside the till's database: the folder `kassa support-bundle` copies from. */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'logs');
}

const rotated = (dir: string, index: number) => path.join(dir, index === 0 ? LOG_FILE : `kassa.${String(index)}.log`);

export function openLogFiles(options: LogFilesOptions): LogFiles {
  const { dir } = options;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 5;
  mkdirSync(dir, { recursive: true });
  const current = rotated(dir, 0);
  let size = existsSync(current) ? statSync(current).size : 0;

  function rotate(): void {
    rmSync(rotated(dir, keep), { force: true });
    for (let index = keep - 1; index >= 0; index -= 1) {
      if (existsSync(rotated(dir, index))) renameSync(rotated(dir, index), rotated(dir, index + 1));
    }
    size = 0;
  }

  return {
    dir,
    write(line) {
      const bytes = Buffer.byteLength(line);
      if (size > 0 && size + bytes > maxBytes) rotate();
      try {
        appendFileSync(current, line);
        size += bytes;
      } catch {
        // A full disk or a vanished folder must not stop the till; standard error still has the line.
      }
    },
  };
}

/** The log files in a folder, newest first. */
export function logFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const index = (name: string) => (name === LOG_FILE ? 0 : Number(/^kassa\.(\d+)\.log$/.exec(name)?.[1] ?? NaN));
  return readdirSync(dir)
    .filter((name) => !Number.isNaN(index(name)))
    .sort((a, b) => index(a) - index(b))
    .map((name) => path.join(dir, name));
}

/** Writes every line to standard error and to the log files. */
export function teeToLogFiles(files: LogFiles): (line: string) => void {
  return (line) => {
    process.stderr.write(line);
    files.write(line);
  };
}
