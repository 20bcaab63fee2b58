import { describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import type { DeviceStatus } from '../../shared/devices.ts';
import { createTestTill } from '../../electron/testing/test-till.ts';
import type { Till } from '../../electron/till.ts';
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

/** The bridge the preload would give, wired straight to a real till's router and events. */
function inProcessBridge(till: Till): RendererBridge {
  return {
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
}

describe('till store', () => {
  it('never lets an older snapshot overwrite a newer event', () => {
    const afterEvent = keepNewer({}, [status(5, 'offline')]);
    expect(keepNewer(afterEvent, [status(4, 'online')]).printer?.state).toBe('offline');
    expect(keepNewer(afterEvent, [status(6, 'online')]).printer?.state).toBe('online');
  });

  it('mirrors a real till: info and devices on connect, then every change', async () => {
    const { till } = createTestTill();
    const bridge = inProcessBridge(till);
    const stop = useTillStore.getState().attach(bridge);
    await vi.waitFor(() => expect(useTillStore.getState().info?.storeName).toBe('Test Bakery'));
    expect(Object.keys(useTillStore.getState().devices).sort()).toEqual(['printer', 'terminal', 'webhook']);

    till.devices.update('printer', 'offline', 'Out of paper.');
    expect(useTillStore.getState().devices.printer?.state).toBe('offline');

    stop();
    till.devices.update('printer', 'online', 'Ready.');
    expect(useTillStore.getState().devices.printer?.state).toBe('offline');
  });

  it('shows why the till could not be read, and Try again reads it again', async () => {
    const { till } = createTestTill();
    const real = inProcessBridge(till);
    let down = true;
    const bridge: RendererBridge = {
      ...real,
      api: {
        ...real.api,
        'till.getInfo': (request) =>
          down
            ? Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'The till did not answer.' } })
            : real.api['till.getInfo'](request),
      },
    };
    useTillStore.setState({ info: undefined, devices: {}, problem: undefined });
    const stop = useTillStore.getState().attach(bridge);
    await vi.waitFor(() => expect(useTillStore.getState().problem).toBe('The till did not answer.'));

    down = false;
    await useTillStore.getState().refresh();
    expect(useTillStore.getState().problem).toBeUndefined();
    expect(useTillStore.getState().info?.tillName).toBe('Till 2');
    stop();
  });
});
