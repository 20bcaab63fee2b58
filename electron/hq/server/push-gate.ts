/**
 * Admission control for tills' pushes. A push costs HQ memory from the moment
 * its body is read (the bytes, the parsed JSON, the checked records, the rows)
 * until its transaction commits, while the database writes only as many at
 * once as the pool has connections. Two hundred tills pushing together would
 * hold two hundred batches in memory to keep ten connections busy. The gate
 * lets `atOnce` pushes in; the rest wait, their bodies unread, and go in in
 * the order they came. Beyond `maxWaiting` a push is turned away at once, so
 * a till backs off and sends it again rather than HQ queueing without end.
 */

export interface PushGateOptions {
  /** Pushes read, checked and written at the same time. */
  readonly atOnce: number;
  /** Pushes that may wait for a turn; the next is refused. */
  readonly maxWaiting: number;
}

/** Why a push did not get in. */
export type PushRefusal = 'queue_full' | 'hung_up';

export type PushAdmission =
  | {
      readonly admitted: true;
      /** Gives the turn to the next push waiting; a second call does nothing. */
      leave(): void;
    }
  | { readonly admitted: false; readonly refusal: PushRefusal };

export interface PushGate {
  /**
   * Resolves once the push may go in, or at once with `queue_full` when too
   * many wait. `hungUp` aborting while the push waits takes it out of the
   * queue (`hung_up`): its client will not read an answer.
   */
  enter(hungUp: AbortSignal): Promise<PushAdmission>;
  /** Pushes in now. */
  readonly inside: number;
  /** Pushes waiting for a turn. */
  readonly waiting: number;
}

const HUNG_UP: PushAdmission = { admitted: false, refusal: 'hung_up' };
const QUEUE_FULL: PushAdmission = { admitted: false, refusal: 'queue_full' };

export function createPushGate(options: PushGateOptions): PushGate {
  if (!Number.isInteger(options.atOnce) || options.atOnce < 1) {
    throw new RangeError(`a push gate lets at least one push in, not ${String(options.atOnce)}`);
  }
  let inside = 0;
  // A Set keeps insertion order (the queue's) and drops a push that hung up from its middle in O(1).
  const queue = new Set<() => void>();

  function admission(): PushAdmission {
    inside += 1;
    let left = false;
    return {
      admitted: true,
      leave() {
        if (left) return;
        left = true;
        inside -= 1;
        letNextIn();
      },
    };
  }

  function letNextIn(): void {
    while (inside < options.atOnce) {
      const next = queue.values().next();
      if (next.done === true) return;
      queue.delete(next.value);
      next.value();
    }
  }

  return {
    enter(hungUp) {
      if (hungUp.aborted) return Promise.resolve(HUNG_UP);
      // Only with nobody waiting: a push that just came must not pass those already in the queue.
      if (inside < options.atOnce && queue.size === 0) return Promise.resolve(admission());
      if (queue.size >= options.maxWaiting) return Promise.resolve(QUEUE_FULL);
      return new Promise<PushAdmission>((resolve) => {
        const goIn = () => {
          hungUp.removeEventListener('abort', leaveQueue);
          // Counted in here, synchronously, so the loop in letNextIn never lets in more than atOnce.
          resolve(admission());
        };
        const leaveQueue = () => {
          queue.delete(goIn);
          resolve(HUNG_UP);
        };
        hungUp.addEventListener('abort', leaveQueue, { once: true });
        queue.add(goIn);
      });
    },
    get inside() {
      return inside;
    },
    get waiting() {
      return queue.size;
    },
  };
}
