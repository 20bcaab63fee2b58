import { z } from 'zod';
import { TakenFaultsOf } from '../taken-faults.ts';

/**
 * Faults a test scripts on the next request to a terminal, through the
 * control endpoint (`POST /_simulator/terminals/{POIID}/faults`). Each fault
 * is used once, by the next request whose category it names (by default the
 * next payment or refund). Delays are in simulated milliseconds (`SimTime`).
 */

const Delay = z.number().int().min(0).max(3_600_000);

export const FaultCategorySchema = z.enum(['Payment', 'Reversal', 'TransactionStatus', 'Abort']);
export type FaultCategory = z.infer<typeof FaultCategorySchema>;

const categories = z.array(FaultCategorySchema).min(1).default(['Payment', 'Reversal']);

function fault<Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.object({ fault: z.literal(name), categories, ...shape }).strict();
}

export const FaultRequestSchema = z.discriminatedUnion('fault', [
  /** The HTTP reply comes this much later than the terminal's result. */
  fault('respond-late', { delayMs: Delay }),
  /** The terminal finishes, but the HTTP reply never comes (held until the client hangs up). */
  fault('never-respond', {}),
  /** The terminal finishes, then the connection is cut instead of sending the reply. */
  fault('drop-connection', {}),
  /**
   * A proxy or the cloud answers with an HTTP error (4xx or 5xx). `beforeTerminal`: the
   * request never reached the terminal; otherwise the terminal finished it
   * and only the reply was lost, the case a till must not mistake for a decline.
   */
  fault('http-error', {
    // 4xx too: a proxy's 408 or 429 is what Worldline's cloud sends, and the same table runs on both.
    status: z.number().int().min(400).max(599).default(502),
    beforeTerminal: z.boolean().default(false),
  }),
  /** The result notification to the event URLs is never sent. */
  fault('lose-notification', {}),
  /** The result notification is sent twice. */
  fault('duplicate-notification', {}),
  /** The result notification is sent this much later. */
  fault('delay-notification', { delayMs: Delay }),
  /** The result notification overtakes the display notifications of the same transaction. */
  fault('reorder-notifications', {}),
  /**
   * The terminal loses its connection this long after the request arrived.
   * It still finishes the transaction, but the cloud hears nothing more until
   * the terminal is back online (control endpoint); then its result is delivered.
   */
  fault('offline-mid-transaction', { afterMs: Delay.default(1_000) }),
]);
export type FaultRequest = z.infer<typeof FaultRequestSchema>;
export type FaultName = FaultRequest['fault'];

/** The faults a request took, looked up by name. */
export class TakenFaults extends TakenFaultsOf<FaultRequest> {}

export interface FaultQueue {
  add(request: FaultRequest): void;
  /** Removes and returns the faults waiting for a request of this category. */
  take(category: string): TakenFaults;
  pending(): readonly FaultRequest[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let queue: FaultRequest[] = [];
  return {
    add(request) {
      queue.push(request);
    },
    take(category) {
      const taken = queue.filter((request) => (request.categories as readonly string[]).includes(category));
      queue = queue.filter((request) => !taken.includes(request));
      return new TakenFaults(taken);
    },
    pending: () => queue,
    clear() {
      queue = [];
    },
  };
}
