import { z } from 'zod';

/**
 * Faults a test scripts through `POST /_simulator/faults` (or
 * `control.addFault`), each used once, oldest first. Validation faults wait
 * for the next background validation the simulator sends; call faults wait
 * for the next REST call with a Bearer token that is accepted (never the
 * authenticate call, so a fault meant for a status question or a refund is
 * not spent on fetching the token). Delays are simulated milliseconds.
 */

const Delay = z.number().int().min(0).max(3_600_000);
/** A call fault waits for the next call of this method; without one, for any call. */
const CallMethod = z.enum(['GET', 'POST']).optional();

export const FaultSchema = z.discriminatedUnion('fault', [
  /** The next validation is never sent (and, never having failed, never expires). */
  z.object({ fault: z.literal('validation-lost') }).strict(),
  /** The next validation is sent twice, the second once the first is settled. */
  z.object({ fault: z.literal('validation-doubled') }).strict(),
  /** The next validation goes out this much later. */
  z.object({ fault: z.literal('validation-late'), delayMs: Delay }).strict(),
  /**
   * Before the next validation, one with RESPONSECODE A hashed under a wrong
   * secret, sent once and not retried: what a till must refuse.
   */
  z.object({ fault: z.literal('validation-forged') }).strict(),
  /** The next validation's AMOUNT is sent and hashed trimmed (`12.50` as `12.5`). */
  z.object({ fault: z.literal('validation-amount-trimmed') }).strict(),
  /**
   * The next call is answered with this status. `applied: false` (the
   * default): nothing was done. `applied: true`: the work was done and only
   * the answer lost, the case a till must not take for a refusal.
   */
  z
    .object({
      fault: z.literal('http-error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
      applied: z.boolean().default(false),
      method: CallMethod,
    })
    .strict(),
  /** The next call's connection is cut without an answer, before or after the work was done. */
  z.object({ fault: z.literal('drop-connection'), applied: z.boolean().default(false), method: CallMethod }).strict(),
  /** The next call is done at once but answered this much later. */
  z.object({ fault: z.literal('slow-answer'), delayMs: Delay, method: CallMethod }).strict(),
  /** The next Bearer call is answered 401 as if its token had expired. */
  z.object({ fault: z.literal('token-rejected') }).strict(),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultInput = z.input<typeof FaultSchema>;

export type ValidationFault = Extract<Fault, { fault: `validation-${string}` }>;
export type CallFault = Exclude<Fault, ValidationFault>;

function isValidationFault(fault: Fault): fault is ValidationFault {
  return fault.fault.startsWith('validation-');
}

export interface FaultQueue {
  add(fault: Fault): void;
  takeValidationFault(): ValidationFault | undefined;
  /** The oldest call fault for this method, used up. */
  takeCallFault(method: string): CallFault | undefined;
  pending(): readonly Fault[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let queue: Fault[] = [];
  function take<F extends Fault>(matches: (fault: Fault) => fault is F): F | undefined {
    const index = queue.findIndex(matches);
    if (index < 0) return undefined;
    const [taken] = queue.splice(index, 1);
    return taken as F;
  }
  return {
    add: (fault) => void queue.push(fault),
    takeValidationFault: () => take(isValidationFault),
    takeCallFault: (method) =>
      take(
        (fault): fault is CallFault =>
          !isValidationFault(fault) &&
          (fault.fault === 'token-rejected' || fault.method === undefined || fault.method === method.toUpperCase()),
      ),
    pending: () => [...queue],
    clear() {
      queue = [];
    },
  };
}
