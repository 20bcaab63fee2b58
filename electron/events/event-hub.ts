import { MainEventSchema, type MainEvent } from '../../shared/ipc/events.ts';
import type { Logger } from '../logging/logger.ts';
import { describeIssues } from '../../shared/zod-issues.ts';

/**
 * Fans main's events out to every window and browser-mode client. Events are
 * checked against the contract before they leave, like call responses. One
 * failing subscriber (a closed window, a dropped stream) never stops the rest.
 */
export interface EventHub {
  publish(event: MainEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: MainEvent) => void): () => void;
  readonly subscriberCount: number;
}

export function createEventHub(logger: Logger): EventHub {
  const listeners = new Set<(event: MainEvent) => void>();

  return {
    publish(event) {
      const checked = MainEventSchema.safeParse(event);
      if (!checked.success) {
        logger.error('events.invalid', { type: event.type, issues: describeIssues(checked.error) });
        return;
      }
      for (const listener of [...listeners]) {
        try {
          listener(checked.data);
        } catch (error) {
          logger.warn('events.subscriber_failed', { type: event.type, error });
        }
      }
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    get subscriberCount() {
      return listeners.size;
    },
  };
}
