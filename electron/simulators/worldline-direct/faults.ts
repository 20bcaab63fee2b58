import { z } from 'zod';

/**
 * Faults a test scripts through `POST /_simulator/faults` (or
 * `control.addFault`). Webhook faults wait for the next webhook the
 * simulator emits; call faults wait for the next `/v2/…` or `/pay/…`
 * request that gets past authentication. Each is used once. Delays are
 * simulated milliseconds (multiplied by the time scale).
 */

const Delay = z.number().int().min(0).max(3_600_000);
/** A call fault waits for the next call of this method (a refund's POST after the GETs that look the payment up); any call without. */
const CallMethod = z.enum(['GET', 'POST']).optional();

export const FaultSchema = z.discriminatedUnion('fault', [
  /** The next webhook is never sent. */
  z.object({ fault: z.literal('webhook-lost') }).strict(),
  /** The next webhook is sent twice (same event id), the second once the first is settled. */
  z.object({ fault: z.literal('webhook-doubled') }).strict(),
  /** The next webhook is sent this much later. */
  z.object({ fault: z.literal('webhook-late'), delayMs: Delay }).strict(),
  /** The next webhook is held and sent only after the one after it has been settled. */
  z.object({ fault: z.literal('webhook-reordered') }).strict(),
  /**
   * The next call is answered with this status. `applied: false` (the
   * default): the simulator did nothing. `applied: true`: it did the work
   * and only the answer was lost, the case a till must not take for a refusal.
   */
  z
    .object({
      fault: z.literal('http-error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
      applied: z.boolean().default(false),
      method: CallMethod,
    })
    .strict(),
  /** The next call's connection is cut without an answer, before or after the simulator applied it. */
  z.object({ fault: z.literal('drop-connection'), applied: z.boolean().default(false), method: CallMethod }).strict(),
  /** The next call is applied but answered this much later (an idempotent repeat meanwhile gets 409). */
  z.object({ fault: z.literal('slow-answer'), delayMs: Delay, method: CallMethod }).strict(),
]);
export type Fault = z.infer<typeof FaultSchema>;
export type FaultInput = z.input<typeof FaultSchema>;

export type WebhookFault = Extract<Fault, { fault: `webhook-${string}` }>;
export type CallFault = Exclude<Fault, WebhookFault>;

function isWebhookFault(fault: Fault): fault is WebhookFault {
  return fault.fault.startsWith('webhook-');
}

export interface FaultQueue {
  add(fault: Fault): void;
  /** The oldest waiting webhook fault, used up. */
  takeWebhookFault(): WebhookFault | undefined;
  /** The oldest waiting call fault, used up. */
  takeCallFault(method: string | undefined): CallFault | undefined;
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
    takeWebhookFault: () => take(isWebhookFault),
    takeCallFault: (method) =>
      take(
        (fault): fault is CallFault =>
          !isWebhookFault(fault) && (fault.method === undefined || fault.method === method?.toUpperCase()),
      ),
    pending: () => [...queue],
    clear() {
      queue = [];
    },
  };
}
