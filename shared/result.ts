import { z } from 'zod';

/**
 * Every call across the process boundary answers with a Result, never a thrown
 * error: Electron keeps only the `message` of an error thrown in a handler, and
 * the renderer must be able to tell "the terminal is busy" from "our bug".
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
  /** A device or service needed for the call is not reachable right now. */
  'UNAVAILABLE',
  /** Something broke inside the till; the details are in the log under the reference. */
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const CallErrorSchema = z.object({
  code: ErrorCodeSchema,
  /** Plain words a person can act on. Never a stack trace, never a secret. */
  message: z.string(),
});
export type CallError = z.infer<typeof CallErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: CallError } {
  return { ok: false, error: { code, message } };
}

/**
 * The envelope of a Result, used where a Result arrives over the wire (browser
 * mode). The value itself was validated against the contract by the sender.
 */
export const ResultEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CallErrorSchema }),
]);
