import type { DeviceKind, DeviceState } from '../../shared/devices.ts';
import type { TillMode } from '../../shared/config/schema.ts';
import type { Connection } from '../api/renderer-bridge.ts';
import { catalogue } from '../i18n/words.ts';

/**
 * The words the shell shows the cashier: device states, the till's mode, the
 * link to main. The words are the catalogue's (`shell` in en-areas.ts and
 * nl-areas.ts), read at each call so they follow the till's language.
 */

/** A device's name on the screen, by its kind, in the till's language. */
export function deviceLabel(kind: DeviceKind): string {
  return catalogue().shell.deviceKinds[kind];
}

/** One word per device state. */
export function deviceStateWord(state: DeviceState): string {
  return catalogue().shell.deviceStates[state];
}

/** The badge that keeps a demo or training till from being mistaken for a live one. */
export function modeBadge(mode: TillMode): string | undefined {
  return mode === 'live' ? undefined : catalogue().shell.modeBadge[mode];
}

/** What to tell the cashier when the UI cannot hear the till; nothing when all is well. */
export function connectionNotice(connection: Connection): string | undefined {
  return connection === 'connected' ? undefined : catalogue().shell.connection[connection];
}
