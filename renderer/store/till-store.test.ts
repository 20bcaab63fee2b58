import { describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import type { DeviceStatus } from '../../shared/devices.ts';
import { createTestTill } from '../../electron/test-support/test-till.ts';
import { CHANNELS } from '../../shared/ipc/channels.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { keepNewer, useTillStore } from './till-store.ts';

function status(revision: number, state: DeviceStatus['state']): DeviceStatus {
  return {
    id: 'printer',
    kind: 'printer',
    label: 'Printer',
    state,
    detail: '',
    since: '2026-11-21T09:00:00.000Z',
    revision,
  };
}

describe('till store', () => {
  it('never lets an older snapshot overwrite a newer event', () => {
    const afterEvent = keepNewer({}, [status(5, 'offline')]);
    expect(keepNewer(afterEvent, [status(4, 'online')]).printer?.state).toBe('offline');
    expect(keepNewer(afterEvent, [status(6, 'online')]).printer?.state).toBe('online');
  });

  it('mirrors a real till: info and devices on connect, then every change', async () => {
    const { till } = createTestTill();
    // The bridge the preload would give, wired straight to the till's router and events.
    const bridge: RendererBridge = {
      api: Object.fromEntries(
        CHANNELS.map((channel: Channel) => [
          channel,
          (request: unknown) => till.router.call(channel, request, { transport: 'in-process' }),
        ]),
      ) as unknown as KassaApi,
      onEvent: (listener) => till.events.subscribe(listener),
      onConnection: (listener) => {
        listener('connected');
        return () => undefined;
      },
    };
    const stop = useTillStore.getState().attach(bridge);
    await vi.waitFor(() => expect(useTillStore.getState().info?.storeName).toBe('Test Bakery'));
    expect(Object.keys(useTillStore.getState().devices).sort()).toEqual(['printer', 'terminal']);

    till.devices.update('printer', 'offline', 'Out of paper.');
    expect(useTillStore.getState().devices.printer?.state).toBe('offline');

    stop();
    till.devices.update('printer', 'online', 'Ready.');
    expect(useTillStore.getState().devices.printer?.state).toBe('offline');
  });
});
