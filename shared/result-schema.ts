import { z } from 'zod';
import { ERROR_CODES } from './result.ts';

export const ErrorCodeSchema = z.enum(ERROR_CODES);

export const CallErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });

/**
 * The envelope of a Result, used where a Result arrives over the wire (browser
 * mode). The value itself was validated against the contract by the sender.
 */
export const ResultEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CallErrorSchema }),
]);
