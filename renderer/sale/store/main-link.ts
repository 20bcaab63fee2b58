import type { KassaApi } from '../../../shared/ipc/contract.ts';
import type { RendererBridge } from '../../api/renderer-bridge.ts';

/**
 * The sale screen's line to main: the bridge it talks through, the queue that
 * sends commands one at a time, and the epoch that tells an answer asked for
 * before the till locked from one asked since. One per store, shared by its
 * slices, so they all wait in the same queue.
 */
export interface MainLink {
  /** Talks to main through `bridge` from now on; the function returned lets go of it, unless another replaced it. */
  connect(bridge: RendererBridge): () => void;
  /** Main's API; throws while no bridge is connected. */
  api(): KassaApi;
  /** Runs `work` after the commands already asked for, in turn. */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
  /** Grows when the till locks: an answer to a question asked before then is not shown. */
  epoch(): number;
  /** The till locked: whatever was asked until now is answered to no one. */
  lock(): void;
}

export function createMainLink(): MainLink {
  let bridge: RendererBridge | undefined;
  /** Commands go one at a time, so main's answers arrive in the order the cashier acted. */
  let queue: Promise<unknown> = Promise.resolve();
  let epoch = 0;

  return {
    connect(linked) {
      bridge = linked;
      return () => {
        if (bridge === linked) bridge = undefined;
      };
    },
    api() {
      if (bridge === undefined) throw new Error('The sale screen is not connected to the till yet.');
      return bridge.api;
    },
    inTurn<T>(work: () => Promise<T>): Promise<T> {
      const mine = queue.then(work, work);
      queue = mine.catch(() => undefined);
      return mine;
    },
    epoch: () => epoch,
    lock() {
      epoch += 1;
    },
  };
}
