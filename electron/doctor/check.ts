/**
 * One finding of `kassa doctor`: what was checked, how it went, what was
 * found, and for a failure what IT should do about it, in plain words.
 */

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, in one line (a configuration error may run to several). */
  readonly detail: string;
  /** For a failure: what to do about it. */
  readonly fix?: string;
}

/** A check's result, and whether its failure is the configuration's fault (exit code 2 rather than 1). */
export interface CheckOutcome extends CheckResult {
  readonly configurationProblem?: true;
}

export function pass(name: string, detail: string): CheckOutcome {
  return { name, status: 'pass', detail };
}

export function fail(
  name: string,
  detail: string,
  fix: string,
  options: { configuration?: boolean } = {},
): CheckOutcome {
  return {
    name,
    status: 'fail',
    detail,
    fix,
    ...(options.configuration === true ? { configurationProblem: true } : {}),
  };
}

export function skip(name: string, detail: string): CheckOutcome {
  return { name, status: 'skip', detail };
}

/** Sizes as IT reads them off a disk tool: "96 KB", "512 MB", "3.4 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${String(Math.ceil(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  if (mb < 1024) return `${String(Math.floor(mb))} MB`;
  return `${(mb / 1024).toFixed(1)} GB`;
}

/** An error's code (ECONNREFUSED, EADDRINUSE, …) where Node gives one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The card terminal check's name, whichever provider answers it. */
export const CARD_TERMINAL = 'card terminal';
