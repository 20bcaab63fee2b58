import { z } from 'zod';
import { TakenFaultsOf } from '../taken-faults.ts';

/**
 * Faults a test scripts on a terminal's next requests through the control
 * endpoint (`POST /_simulator/terminals/{utid}/faults`). A fault waits for a
 * request of one of its categories that the cloud accepts (well formed, not a
 * repeat, terminal connected): a request refused on its own merits leaves it
 * waiting. `times` requests take it, one each. Faults are matched by
 * category only: a webhook fault taken by a synchronous request is used up
 * without effect. Of the faults on the answer, never-respond wins over
 * drop-connection, which wins over an http-error after the terminal. Delays
 * are simulated ms.
 */

const Delay = z.number().int().min(0).max(3_600_000);

export const FaultCategorySchema = z.enum(['Payment', 'Reversal', 'TransactionStatus']);
export type FaultCategory = z.infer<typeof FaultCategorySchema>;

/** The statuses a gateway in front of Worldline's cloud, or the cloud itself, answers with. */
export const FAULT_STATUSES = [400, 401, 404, 408, 429, 500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

const common = {
  categories: z.array(FaultCategorySchema).min(1).default(['Payment', 'Reversal']),
  times: z.number().int().min(1).max(1_000).default(1),
};

function fault<Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.object({ fault: z.literal(name), ...common, ...shape }).strict();
}

export const FaultRequestSchema = z.discriminatedUnion('fault', [
  /**
   * An HTTP error instead of the answer. `beforeTerminal` (the default): the
   * request went no further, so nothing ran and its ExchangeIdentification is
   * still free. Otherwise the terminal ran it and only the answer was lost,
   * the case a till must not mistake for a decline.
   */
  fault('http-error', { status: z.literal(FAULT_STATUSES), beforeTerminal: z.boolean().default(true) }),
  /** The request is processed, then the connection is cut instead of answering. */
  fault('drop-connection', {}),
  /** The request is processed, but the answer is held until the client hangs up. */
  fault('never-respond', {}),
  /** The result webhook is never sent. */
  fault('lose-webhook', {}),
  /** The result webhook is sent twice, the second after the first is settled. */
  fault('duplicate-webhook', {}),
  /** The result webhook is sent this much later. */
  fault('delay-webhook', { delayMs: Delay }),
]);
export type FaultRequest = z.infer<typeof FaultRequestSchema>;
export type FaultName = FaultRequest['fault'];

/** The faults one request took, looked up by name. */
export class TakenFaults extends TakenFaultsOf<FaultRequest> {
  /** The http-error that turns the request away before the terminal sees it, if it took one. */
  get turnedAway(): Extract<FaultRequest, { fault: 'http-error' }> | undefined {
    const error = this.get('http-error');
    return error?.beforeTerminal === true ? error : undefined;
  }
}

export const NO_FAULTS = new TakenFaults([]);

export interface PendingFault {
  fault: FaultRequest;
  /** How many more requests take it. */
  remaining: number;
}

export interface FaultQueue {
  add(request: FaultRequest): void;
  /**
   * One use of the oldest waiting fault of each name for this category. A
   * request turned away before the terminal takes only that fault: it got no
   * further, so a webhook or reply fault waits for one that does.
   */
  take(category: FaultCategory): TakenFaults;
  pending(): readonly PendingFault[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let queue: PendingFault[] = [];
  return {
    add(request) {
      queue.push({ fault: request, remaining: request.times });
    },
    take(category) {
      const firstOfEachName = new Map<FaultName, PendingFault>();
      for (const entry of queue) {
        if (entry.fault.categories.includes(category) && !firstOfEachName.has(entry.fault.fault)) {
          firstOfEachName.set(entry.fault.fault, entry);
        }
      }
      const error = firstOfEachName.get('http-error');
      const chosen =
        error?.fault.fault === 'http-error' && error.fault.beforeTerminal ? [error] : [...firstOfEachName.values()];
      for (const entry of chosen) entry.remaining -= 1;
      queue = queue.filter((entry) => entry.remaining > 0);
      return new TakenFaults(chosen.map((entry) => entry.fault));
    },
    pending: () => queue,
    clear() {
      queue = [];
    },
  };
}
