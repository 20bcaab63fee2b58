import { describe, expect, it } from 'vitest';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { createEventHub } from './event-hub.ts';

const progress: MainEvent = {
  type: 'payment.progress',
  progress: {
    attemptId: 'A-1',
    saleId: 'S-1',
    terminalId: 'terminal',
    state: 'in_progress',
    cashierMessage: 'Customer is paying on the terminal.',
    at: '2026-11-21T09:00:00.000Z',
  },
};

describe('event hub', () => {
  it('delivers to every subscriber even when one of them throws', () => {
    const logger = createMemoryLogger();
    const hub = createEventHub(logger);
    const seen: MainEvent[] = [];
    hub.subscribe(() => {
      throw new Error('window closed');
    });
    hub.subscribe((event) => seen.push(event));
    hub.publish(progress);
    expect(seen).toEqual([progress]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'events.subscriber_failed' }));
  });

  it('holds back an event that breaks the contract and logs it', () => {
    const logger = createMemoryLogger();
    const hub = createEventHub(logger);
    const seen: MainEvent[] = [];
    hub.subscribe((event) => seen.push(event));
    hub.publish({ ...progress, progress: { ...progress.progress, at: 'yesterday' } });
    expect(seen).toEqual([]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'events.invalid' }));
  });

  it('stops delivering after unsubscribe', () => {
    const hub = createEventHub(createMemoryLogger());
    const seen: MainEvent[] = [];
    const stop = hub.subscribe((event) => seen.push(event));
    stop();
    hub.publish(progress);
    expect(seen).toEqual([]);
    expect(hub.subscriberCount).toBe(0);
  });
});
