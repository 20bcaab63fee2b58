import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, ipcChannelName } from '../../shared/ipc/channels.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { createTestTill } from '../testing/test-till.ts';
import { exposeRouterOverIpc, forwardEventsToWindow } from './ipc-main.ts';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    module: {
      ipcMain: {
        handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
        removeHandler: (channel: string) => handlers.delete(channel),
      },
    },
  };
});

vi.mock('electron', () => electron.module);

/** A stand-in for BrowserWindow with what forwardEventsToWindow touches. */
function fakeWindow() {
  const sent: { channel: string; payload: unknown }[] = [];
  const listeners = new Map<string, () => void>();
  let destroyed = false;
  return {
    sent,
    destroy() {
      destroyed = true;
      listeners.get('closed')?.();
    },
    window: {
      isDestroyed: () => destroyed,
      webContents: { send: (channel: string, payload: unknown) => sent.push({ channel, payload }) },
      on: (name: string, listener: () => void) => listeners.set(name, listener),
    },
  };
}

describe('IPC in the main process', () => {
  it('sends every event to the window on the event channel until the window closes', () => {
    const { till } = createTestTill();
    // The till's own followers (the customer display hears payment progress) are not the window's.
    const ownSubscribers = till.events.subscriberCount;
    const fake = fakeWindow();
    forwardEventsToWindow(till.events, fake.window as unknown as Parameters<typeof forwardEventsToWindow>[1]);

    till.devices.update('printer', 'online', 'Ready.');
    expect(fake.sent).toEqual([
      {
        channel: EVENT_CHANNEL,
        payload: expect.objectContaining({ type: 'device.status' }) as MainEvent,
      },
    ]);

    fake.destroy();
    till.devices.update('printer', 'offline', 'Gone.');
    expect(fake.sent).toHaveLength(1);
    expect(till.events.subscriberCount).toBe(ownSubscribers);
  });

  it('removes exactly its handlers when disposed', () => {
    const { till, logger } = createTestTill();
    const dispose = exposeRouterOverIpc(till.router, () => true, logger);
    expect(electron.handlers.has(ipcChannelName('till.getInfo'))).toBe(true);
    dispose();
    expect(electron.handlers.size).toBe(0);
  });
});
