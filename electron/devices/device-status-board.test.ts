import { describe, expect, it } from 'vitest';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { createEventHub } from '../events/event-hub.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { createDeviceStatusBoard } from './device-status-board.ts';

function setup() {
  const events = createEventHub(createMemoryLogger());
  const published: MainEvent[] = [];
  events.subscribe((event) => published.push(event));
  let now = Date.parse('2026-11-21T09:00:00Z');
  const board = createDeviceStatusBoard(events, { now: () => new Date((now += 1000)) });
  board.register({ id: 'printer', kind: 'printer', label: 'Receipt printer', state: 'unknown', detail: 'Checking.' });
  return { board, published };
}

describe('device status board', () => {
  it('publishes a change with a higher revision and the time it happened', () => {
    const { board, published } = setup();
    board.update('printer', 'online', 'Ready.');
    expect(
      published.map((event) => event.type === 'device.status' && [event.device.state, event.device.revision]),
    ).toEqual([
      ['unknown', 1],
      ['online', 2],
    ]);
    expect(board.list()).toEqual([expect.objectContaining({ state: 'online', since: '2026-11-21T09:00:02.000Z' })]);
  });

  it('publishes nothing when the state and detail are unchanged', () => {
    const { board, published } = setup();
    board.update('printer', 'unknown', 'Checking.');
    expect(published).toHaveLength(1);
  });

  it('refuses updates for devices it does not know, and double registrations', () => {
    const { board } = setup();
    expect(() => board.update('scale', 'online', '')).toThrow(/not registered/);
    expect(() =>
      board.register({ id: 'printer', kind: 'printer', label: 'Printer', state: 'online', detail: '' }),
    ).toThrow(/already registered/);
  });
});
