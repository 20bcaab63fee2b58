import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * The status bar's first details for the devices the till registers, before
 * any of them has said how it is: shown to the cashier when they hover over a
 * light. (The renderer names each device by its kind in its own words; the
 * detail comes from main.)
 */
export const deviceWords = {
  noTerminal: 'No card terminal is set up on this till.',
  noListener: 'Card results come back on the payment request itself; no listener is needed.',
  listening: (url: string) => `Listening for card results at ${url}.`,
  noPrinter: 'No receipt printer is set up on this till: receipts are shown on screen.',
  checkingPrinter: (description: string) => `Checking the ${description}.`,
} as const;

/** A translation of the device details: every key, each function with the same parameters. */
export type DeviceWords = Translation<typeof deviceWords>;

/**
 * The same in Dutch, as a Dutch shop's till says them: "pinautomaat",
 * "pinbetaling", "bonprinter", "bon". A printer's description (its address)
 * stays as the configuration names it.
 */
export const deviceWordsNl = {
  noTerminal: 'Er is geen pinautomaat ingesteld op deze kassa.',
  noListener: 'De uitslag van een pinbetaling komt terug op het betaalverzoek zelf; er is geen ontvanger nodig.',
  listening: (url: string) => `Wacht op uitslagen van pinbetalingen op ${url}.`,
  noPrinter: 'Er is geen bonprinter ingesteld op deze kassa: bonnen worden op het scherm getoond.',
  checkingPrinter: (description: string) => `De bonprinter wordt gecontroleerd (${description}).`,
} satisfies DeviceWords;

/** The device details in the till's configured language. */
export function deviceWordsFor(language: Language): DeviceWords {
  switch (language) {
    case 'en':
      return deviceWords;
    case 'nl':
      return deviceWordsNl;
  }
}
