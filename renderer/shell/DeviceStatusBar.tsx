import { useTillStore } from '../store/till-store.ts';
import { deviceStateWord } from './shell-words.ts';

/** Always-visible device lights: one per device, its state in a word, the detail on hover. */
export function DeviceStatusBar() {
  const devices = useTillStore((state) => state.devices);
  return (
    <ul className="device-status-bar" aria-label="Devices">
      {Object.values(devices).map((device) => (
        <li key={device.id} className={`device device-${device.state}`} title={device.detail} data-device={device.id}>
          <span className="device-light" aria-hidden="true" />
          <span className="device-label">{device.label}</span>
          <span className="device-state">{deviceStateWord(device.state)}</span>
        </li>
      ))}
    </ul>
  );
}
