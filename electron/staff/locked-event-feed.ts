import type { MainEvent } from '../../shared/ipc/events.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { StaffService } from './staff-service.ts';

/**
 * The events a screen (a window, a browser-mode tab) is sent. While the till
 * is locked only what the lock screen and the status bar show goes out:
 * device status and who is logged in. A payment's progress, a refund, a print
 * job name sales, amounts and cards, so a locked till sends none of them;
 * the screen reads what it needs again once someone logs in.
 */
export interface EventFeed {
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: MainEvent) => void): () => void;
}

const SHOWN_WHILE_LOCKED: ReadonlySet<MainEvent['type']> = new Set(['device.status', 'staff.session']);

export function lockedEventFeed(events: EventHub, staff: StaffService): EventFeed {
  const locked = () => staff.loginRequired && staff.session().operator === null;
  return {
    subscribe: (listener) =>
      events.subscribe((event) => {
        if (locked() && !SHOWN_WHILE_LOCKED.has(event.type)) return;
        listener(event);
      }),
  };
}
