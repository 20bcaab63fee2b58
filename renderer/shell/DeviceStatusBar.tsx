import { createPortal } from 'react-dom';
import { ModalOverlay } from '../app/ModalOverlay.tsx';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { UnsettledPanel } from '../payments/UnsettledPanel.tsx';
import { contactLost, deviceLight } from '../payments/terminal-light.ts';
import { useUnsettledStore } from '../payments/unsettled-store.ts';
import { useTillStore } from '../store/till-store.ts';
import './device-status-bar.css';
import { hqLightWord } from './hq-light.ts';
import { deviceLabel } from './shell-words.ts';

/**
 * Always-visible lights: one per device, its state in a word, the detail on
 * hover, and the till itself when this screen has lost it. The terminal's
 * light says when a payment blocks it, with a button to the payments to settle.
 */
export function DeviceStatusBar() {
  const devices = useTillStore((state) => state.devices);
  const connection = useTillStore((state) => state.connection);
  const unsettled = useUnsettledStore((state) => state.payments);
  const open = useUnsettledStore((state) => state.open);
  const lost = contactLost(connection);
  const format = useFormat();
  return (
    <>
      <ul className={`device-status-bar${lost ? ' contact-lost' : ''}`} aria-label={t.layout.devices}>
        {lost && (
          <li className="device device-offline" title={t.statusBar.tillLostDetail} data-device="till">
            <span className="device-light" aria-hidden="true" />
            <span className="device-label">{t.statusBar.tillLabel}</span>
            <span className="device-state">{t.statusBar.tillLost}</span>
          </li>
        )}
        {Object.values(devices).map((device) => {
          const light = deviceLight(device, unsettled, connection);
          return (
            <li key={device.id} className={`device device-${light.tone}`} title={light.detail} data-device={device.id}>
              <span className="device-light" aria-hidden="true" />
              <span className="device-label">{deviceLabel(device.kind)}</span>
              <span className="device-state">
                {/* HQ's light says how far the records got; main's word stands while contact is lost. */}
                {device.hq !== undefined && !lost ? hqLightWord(device.hq, (iso) => format.time(iso)) : light.word}
              </span>
              {device.kind === 'terminal' && unsettled.length > 0 && !lost && (
                <button
                  type="button"
                  className="button unsettled-open"
                  onClick={() => useUnsettledStore.getState().openPanel()}
                >
                  {t.statusBar.unsettledButton(unsettled.length)}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {/* Over everything, whatever panel the sale has open (the card panel offers it too), as a modal of its own. */}
      {open &&
        createPortal(
          <ModalOverlay className="unsettled-overlay" onEscape={() => useUnsettledStore.getState().closePanel()}>
            <UnsettledPanel />
          </ModalOverlay>,
          document.body,
        )}
    </>
  );
}
