/**
 * Wakes the long-polls this instance holds for a till when this instance has
 * just stored a webhook for it, so the till hears at once. Webhooks taken by
 * another instance are found by the held poll's slow look at the database.
 */
export interface RelayWakeups {
  /** Calls `listener` at each wake-up for this till until the answered function is called. */
  subscribe(tillKey: string, listener: () => void): () => void;
  wake(tillKey: string): void;
}

export function createRelayWakeups(): RelayWakeups {
  const listeners = new Map<string, Set<() => void>>();
  return {
    subscribe(tillKey, listener) {
      let set = listeners.get(tillKey);
      if (set === undefined) {
        set = new Set();
        listeners.set(tillKey, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(tillKey);
      };
    },
    wake(tillKey) {
      for (const listener of [...(listeners.get(tillKey) ?? [])]) listener();
    },
  };
}
