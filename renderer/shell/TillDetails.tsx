import type { TillInfo } from '../../shared/ipc/contract.ts';
import { useTillStore } from '../store/till-store.ts';
import { t } from '../i18n/words.ts';
import { deviceLabel } from './shell-words.ts';

/** The till's identity and devices in full, as read from main: the first screen before a sale. */
export function TillDetails({ info }: { info: TillInfo }) {
  const devices = useTillStore((state) => state.devices);
  const started = new Intl.DateTimeFormat(info.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(info.startedAt),
  );
  return (
    <section className="panel till-details" aria-labelledby="till-details-title">
      <h2 id="till-details-title">{t.details.title}</h2>
      <dl>
        <dt>{t.details.store}</dt>
        <dd>
          {info.storeName}
          {info.addressLines.map((line, index) => (
            <span key={`${index}:${line}`} className="address-line">
              {line}
            </span>
          ))}
        </dd>
        <dt>{t.details.till}</dt>
        <dd>
          {info.tillName} ({info.tillId})
        </dd>
        <dt>{t.details.currency}</dt>
        <dd>{info.currency}</dd>
        <dt>{t.details.version}</dt>
        <dd>{info.version}</dd>
        <dt>{t.details.runningSince}</dt>
        <dd>{started}</dd>
      </dl>
      <h2>{t.details.devices}</h2>
      <ul className="device-details">
        {Object.values(devices).map((device) => (
          <li key={device.id}>
            <strong>{deviceLabel(device.kind)}:</strong> {device.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
