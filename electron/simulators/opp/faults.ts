import { z } from 'zod';

/**
 * Faults a test scripts through `POST /_simulator/faults` (or
 * `control.addFault`), each used once, oldest first. Webhook faults wait
 * for the next webhook the simulator emits (`webhook-contradicting` for the
 * next one carrying a final result, since it contradicts a verdict); call
 * faults wait for the next `/v1/…` call of their method that gets past
 * authentication. Delays are simulated milliseconds (times the time scale).
 */

/** Peach says a webhook can be "delayed by up to 15 minutes"; twice that is enough to test a till's patience. */
const WebhookDelay = z
  .number()
  .int()
  .min(0)
  .max(30 * 60_000);
const CallDelay = z.number().int().min(0).max(3_600_000);
/** A call fault waits for the next call of this method; without one, for any call. */
const CallMethod = z.enum(['GET', 'POST', 'DELETE']).optional();

export const FaultSchema = z.discriminatedUnion('fault', [
  /** The next webhook is never sent. */
  z.object({ fault: z.literal('webhook-lost') }).strict(),
  /** The next webhook is sent twice (the same plaintext), the second once the first is settled. */
  z.object({ fault: z.literal('webhook-doubled') }).strict(),
  /** The next webhook is sent this much later. */
  z.object({ fault: z.literal('webhook-late'), delayMs: WebhookDelay }).strict(),
  /** The next webhook is held and sent only after the one after it has been settled. */
  z.object({ fault: z.literal('webhook-reordered') }).strict(),
  /**
   * After the next final webhook, another for the same payment id with the
   * opposite verdict (Peach: "You may receive more than one final status").
   */
  z.object({ fault: z.literal('webhook-contradicting') }).strict(),
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
  /** The next call is applied at once but answered this much later. */
  z.object({ fault: z.literal('slow-answer'), delayMs: CallDelay, method: CallMethod }).strict(),
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
  /** The oldest webhook fault that applies to a webhook with (`final`) or without a final result, used up. */
  takeWebhookFault(final: boolean): WebhookFault | undefined;
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
    takeWebhookFault: (final) =>
      take(
        (fault): fault is WebhookFault => isWebhookFault(fault) && (final || fault.fault !== 'webhook-contradicting'),
      ),
    takeCallFault: (method) =>
      take(
        (fault): fault is CallFault =>
          !isWebhookFault(fault) && (fault.method === undefined || fault.method === method.toUpperCase()),
      ),
    pending: () => [...queue],
    clear() {
      queue = [];
    },
  };
}
