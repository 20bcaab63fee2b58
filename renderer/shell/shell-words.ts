import type { DeviceState } from '../../shared/devices.ts';
import type { TillMode } from '../../shared/config/schema.ts';
import type { Connection } from '../api/renderer-bridge.ts';

/** The words the shell shows the cashier: device states, the till's mode, the link to main. */

/** One word per device state. */
export function deviceStateWord(state: DeviceState): string {
  switch (state) {
    case 'online':
      return 'Ready';
    case 'busy':
      return 'Busy';
    case 'offline':
      return 'Offline';
    case 'unknown':
      return 'Checking';
    case 'not_configured':
      return 'Not set up';
  }
}

/** The badge that keeps a demo or training till from being mistaken for a live one. */
export function modeBadge(mode: TillMode): string | undefined {
  switch (mode) {
    case 'live':
      return undefined;
    case 'training':
      return 'Training: sales are not counted';
    case 'demo':
      return 'Demo: no real payments';
  }
}

/** What to tell the cashier when the UI cannot hear the till; nothing when all is well. */
export function connectionNotice(connection: Connection): string | undefined {
  switch (connection) {
    case 'connected':
      return undefined;
    case 'connecting':
      return 'Connecting to the till…';
    case 'reconnecting':
      return 'Lost contact with the till. Reconnecting… Wait for this message to clear before you carry on.';
    case 'refused':
      return 'The till refused this page. Open the address Kassa printed when it last started; it changes at every start.';
  }
}
