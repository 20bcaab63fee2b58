import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENT_CHANNEL, ipcChannelName } from '../shared/ipc/channels.ts';
import type { KassaBridge } from '../shared/ipc/contract.ts';
import type { MainEvent } from '../shared/ipc/events.ts';

/** The preload runs against a mocked `electron`; what it exposes is what a page could reach. */

type Listener = (event: unknown, payload: unknown) => void;

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn((channel: string, payload: unknown) =>
    Promise.resolve({ ok: true, value: { channel, payload } }),
  );
  return {
    exposed,
    listeners,
    invoke,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke,
        on(channel: string, listener: Listener) {
          listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
        },
        removeListener(channel: string, listener: Listener) {
          listeners.get(channel)?.delete(listener);
        },
      },
    },
  };
});

vi.mock('electron', () => electron.module);

let bridge: KassaBridge;

beforeAll(async () => {
  await import('./preload.ts');
  bridge = electron.exposed.get('kassa') as KassaBridge;
});

describe('electron/preload.ts', () => {
  it('exposes only `kassa` to the page: one function per contract channel and onEvent', () => {
    expect([...electron.exposed.keys()]).toEqual(['kassa']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onEvent']);
    expect(Object.keys(bridge.api).sort()).toEqual([...CHANNELS].sort());
  });

  it('carries each call to its prefixed IPC channel unchanged', async () => {
    await bridge.api['devices.list']({});
    expect(electron.invoke).toHaveBeenLastCalledWith(ipcChannelName('devices.list'), {});
  });

  it('hands listeners the event alone, never Electron’s event object, and lets them go', () => {
    const received: MainEvent[] = [];
    const stop = bridge.onEvent((event) => received.push(event));
    const event: MainEvent = {
      type: 'device.status',
      device: {
        id: 'printer',
        kind: 'printer',
        label: 'Receipt printer',
        state: 'online',
        detail: 'Ready.',
        since: '2026-11-21T10:00:00.000Z',
        revision: 3,
      },
    };
    for (const listener of electron.listeners.get(EVENT_CHANNEL) ?? []) listener({ sender: 'ipc' }, event);
    expect(received).toEqual([event]);

    stop();
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
