/**
 * Every call across the process boundary answers with a Result, never a thrown
 * error: Electron keeps only the `message` of an error thrown in a handler, and
 * the renderer must be able to tell "the terminal is busy" from "our bug".
 * This module has no dependencies so the sandboxed preload can use it; the zod
 * schemas for Results arriving over the wire are in `result-schema.ts`.
 */
export const ERROR_CODES = [
  /** The request did not match the contract: a bug on the calling side. */
  'BAD_REQUEST',
  /** Browser mode: the per-launch token is missing or wrong. */
  'UNAUTHORIZED',
  /** The caller is not allowed to make this call (untrusted frame, other origin, role). */
  'FORBIDDEN',
  /** No such channel or record. */
  'NOT_FOUND',
  /** The request is valid but conflicts with the current state (e.g. a payment already in flight). */
  'CONFLICT',
  /** Allowed only with a manager's approval: ask again with a manager's name and PIN. */
  'APPROVAL_REQUIRED',
  /** A device or service needed for the call is not reachable right now, or main did not answer. */
  'UNAVAILABLE',
  /** Something broke inside the till; the details are in the log under the reference. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CallError {
  code: ErrorCode;
  /** Plain words a person can act on. Never a stack trace, never a secret. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: CallError } {
  return { ok: false, error: { code, message } };
}
