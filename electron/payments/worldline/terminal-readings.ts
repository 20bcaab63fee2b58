import type { Translation } from '../../../shared/i18n/translation.ts';
import type { Language } from '../../../shared/config/schema.ts';
import type { DeviceStatusBoard } from '../../devices/device-status-board.ts';
import type { Logger } from '../../logging/logger.ts';

/**
 * What the till learns about a Worldline terminal's reachability from its own
 * requests. Worldline's cloud has no device status request to poll, so the
 * status bar follows the answers payments get: a 404 means the terminal is
 * not connected, a 401 a key Worldline refuses, no answer a network problem.
 */

export type WorldlineReading = 'online' | 'offline' | 'refused' | 'unreachable';

export const WORLDLINE_WORDS = {
  waiting: 'Worldline terminal: checked with the next card payment.',
  online: 'Ready for card payments.',
  offline:
    'The card terminal is not connected to Worldline. Check it is switched on and has network; take cash meanwhile.',
  refused: "Worldline refused this till's API key. Ask IT to check payment.worldline.apiKey; take cash meanwhile.",
  unreachable: 'Cannot reach Worldline. Check the internet connection; take cash meanwhile.',
} as const;

/** A translation of the Worldline light's words: every key. */
export type WorldlineWords = Translation<typeof WORLDLINE_WORDS>;

/** The same in Dutch, as a Dutch shop's till says them; the config key stays as IT types it. */
export const WORLDLINE_WORDS_NL = {
  waiting: 'Worldline-pinautomaat: wordt gecontroleerd bij de volgende pinbetaling.',
  online: 'Klaar voor pinbetalingen.',
  offline:
    'De pinautomaat is niet verbonden met Worldline. Controleer of hij aanstaat en netwerk heeft; neem intussen contant aan.',
  refused:
    'Worldline weigerde de API-sleutel van deze kassa. Vraag IT om payment.worldline.apiKey na te kijken; neem intussen contant aan.',
  unreachable: 'Worldline is niet bereikbaar. Controleer de internetverbinding; neem intussen contant aan.',
} satisfies WorldlineWords;

/** The Worldline light's words in the till's configured language. */
export function worldlineWordsFor(language: Language): WorldlineWords {
  switch (language) {
    case 'en':
      return WORLDLINE_WORDS;
    case 'nl':
      return WORLDLINE_WORDS_NL;
  }
}

export interface TerminalReadings {
  report(reading: WorldlineReading): void;
  subscribe(listener: (reading: WorldlineReading) => void): () => void;
}

export function createTerminalReadings(): TerminalReadings {
  const listeners = new Set<(reading: WorldlineReading) => void>();
  let last: WorldlineReading | undefined;
  return {
    report(reading) {
      // Only changes are news; every approved payment saying "online" again is not.
      if (reading === last) return;
      last = reading;
      for (const listener of listeners) listener(reading);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Shows each reading on the status bar's terminal light. */
export function followWorldlineReadings(
  readings: TerminalReadings,
  devices: DeviceStatusBoard,
  deviceId: string,
  logger: Logger,
  /** What the light says, in the till's language; English when absent. */
  words: WorldlineWords = WORLDLINE_WORDS,
): () => void {
  return readings.subscribe((reading) => {
    if (reading !== 'online') logger.warn('terminal.worldline_reading', { reading });
    const state = reading === 'online' ? 'online' : reading === 'offline' ? 'offline' : 'unknown';
    devices.update(deviceId, state, words[reading]);
  });
}
