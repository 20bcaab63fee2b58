import type { TillInfo } from '../../shared/ipc/contract.ts';
import { useTillStore } from '../store/till-store.ts';

/** The till's identity and devices in full, as read from main: the first screen before a sale. */
export function TillDetails({ info }: { info: TillInfo }) {
  const devices = useTillStore((state) => state.devices);
  const started = new Intl.DateTimeFormat(info.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(info.startedAt),
  );
  return (
    <section className="panel till-details" aria-labelledby="till-details-title">
      <h2 id="till-details-title">This till</h2>
      <dl>
        <dt>Store</dt>
        <dd>
          {info.storeName}
          {info.addressLines.map((line, index) => (
            <span key={`${index}:${line}`} className="address-line">
              {line}
            </span>
          ))}
        </dd>
        <dt>Till</dt>
        <dd>
          {info.tillName} ({info.tillId})
        </dd>
        <dt>Currency</dt>
        <dd>{info.currency}</dd>
        <dt>Kassa version</dt>
        <dd>{info.version}</dd>
        <dt>Running since</dt>
        <dd>{started}</dd>
      </dl>
      <h2>Devices</h2>
      <ul className="device-details">
        {Object.values(devices).map((device) => (
          <li key={device.id}>
            <strong>{device.label}:</strong> {device.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
