import type { DeviceKind, DeviceState, DeviceStatus } from '../../shared/devices.ts';
import type { HqSyncView } from '../../shared/hq/hq-sync-view.ts';
import type { Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';

/**
 * The till's current view of its devices. Services report what they observe
 * (`update`), the status bar reads `list()` once and then follows the
 * `device.status` events. Reporting an unchanged state publishes nothing, so a
 * status poll can report on every tick without flooding the renderer.
 */
export interface DeviceStatusBoard {
  register(device: {
    id: string;
    kind: DeviceKind;
    label: string;
    state: DeviceState;
    detail: string;
    hq?: HqSyncView;
  }): void;
  /** `hq`: Kassa HQ's light only, how its sync stands. */
  update(id: string, state: DeviceState, detail: string, hq?: HqSyncView): void;
  list(): DeviceStatus[];
}

export function createDeviceStatusBoard(events: EventHub, clock: Clock): DeviceStatusBoard {
  const devices = new Map<string, DeviceStatus>();
  let revision = 0;

  const publish = (status: DeviceStatus) => {
    devices.set(status.id, status);
    events.publish({ type: 'device.status', device: status });
  };

  return {
    register({ id, kind, label, state, detail, hq }) {
      if (devices.has(id)) throw new Error(`Device "${id}" is already registered`);
      revision += 1;
      publish({
        id,
        kind,
        label,
        state,
        detail,
        since: clock.now().toISOString(),
        revision,
        ...(hq === undefined ? {} : { hq }),
      });
    },

    update(id, state, detail, hq) {
      const current = devices.get(id);
      if (current === undefined) throw new Error(`Device "${id}" is not registered`);
      const sameSync = JSON.stringify(current.hq) === JSON.stringify(hq);
      if (current.state === state && current.detail === detail && sameSync) return;
      revision += 1;
      publish({
        id: current.id,
        kind: current.kind,
        label: current.label,
        state,
        detail,
        since: clock.now().toISOString(),
        revision,
        ...(hq === undefined ? {} : { hq }),
      });
    },

    list: () => [...devices.values()],
  };
}
