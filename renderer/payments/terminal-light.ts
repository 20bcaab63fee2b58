import type { DeviceState, DeviceStatus } from '../../shared/devices.ts';
import { IN_FLIGHT_PAYMENT_STATES, type PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { Connection } from '../api/renderer-bridge.ts';
import { t } from '../i18n/words.ts';
import { deviceStateWord } from '../shell/shell-words.ts';

/**
 * What a device's light in the status bar says, worked out from main's
 * words alone: the device's status, the payments main has not settled, and
 * whether this screen can hear main at all. Pure, so each case is a test.
 */
export interface LightOnScreen {
  /** The light's colour: a device state, or `blocked` for a terminal a manager must free. */
  tone: DeviceState | 'blocked';
  word: string;
  detail: string;
}

/** Contact with main is lost (or not made yet): the last word from main may no longer be true. */
export const contactLost = (connection: Connection): boolean =>
  connection === 'reconnecting' || connection === 'refused';

export function deviceLight(
  device: DeviceStatus,
  unsettled: readonly PaymentAttemptView[],
  connection: Connection,
): LightOnScreen {
  if (contactLost(connection))
    return { tone: 'unknown', word: t.statusBar.notKnown, detail: t.statusBar.tillLostDetail };
  if (device.kind === 'terminal' && device.state !== 'not_configured') {
    // The card terminal's own attempts: a payment link (or a refund by the online gateway) is not on it.
    const onTerminal = unsettled.filter((payment) => payment.tender !== 'link');
    // A payment waiting for a manager blocks the terminal whatever its network says.
    if (onTerminal.some((payment) => payment.state === 'needs_attention')) {
      return { tone: 'blocked', word: t.statusBar.blocked, detail: t.statusBar.blockedDetail };
    }
    if (device.state !== 'offline' && onTerminal.some((payment) => IN_FLIGHT_PAYMENT_STATES.includes(payment.state))) {
      return { tone: 'busy', word: deviceStateWord('busy'), detail: device.detail };
    }
  }
  return { tone: device.state, word: deviceStateWord(device.state), detail: device.detail };
}
