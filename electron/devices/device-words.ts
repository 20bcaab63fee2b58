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
  relayed: 'Card results come through Kassa HQ: no port on this till is open to the outside.',
  noPrinter: 'No receipt printer is set up on this till: receipts are shown on screen.',
  checkingPrinter: (description: string) => `Checking the ${description}.`,
  hqChecking: 'Connecting to Kassa HQ.',
  hqSynced: 'Every record of this till is at Kassa HQ.',
  hqSending: (waiting: number) =>
    waiting === 1 ? '1 record is on its way to Kassa HQ.' : `${String(waiting)} records are on their way to Kassa HQ.`,
  hqUnreachable: (waiting: number) =>
    `Kassa HQ cannot be reached. Sales go on as normal. Waiting on this till to go when HQ is back: ` +
    `${records(waiting)}. If this lasts, tell IT.`,
  hqRefused: (waiting: number) =>
    `Kassa HQ refused what this till sent. Sales go on as normal. Waiting on this till: ${records(waiting)}. ` +
    'Tell IT: kassa doctor shows why.',
  hqRevoked:
    'Kassa HQ no longer accepts this till: its enrolment was revoked. Sales go on as normal and wait on this till. ' +
    'Call IT to enrol it again.',
  hqNotEnrolled:
    'This till is not enrolled with Kassa HQ yet. Sales go on as normal and go to HQ once it is. ' +
    'Call IT to enrol it (kassa hq enrol).',
} as const;

function records(count: number): string {
  return count === 1 ? '1 record' : `${String(count)} records`;
}

function gegevens(count: number): string {
  return count === 1 ? '1 gegeven' : `${String(count)} gegevens`;
}

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
  relayed: 'Uitslagen van pinbetalingen komen via Kassa HQ: er staat op deze kassa geen poort open naar buiten.',
  noPrinter: 'Er is geen bonprinter ingesteld op deze kassa: bonnen worden op het scherm getoond.',
  checkingPrinter: (description: string) => `De bonprinter wordt gecontroleerd (${description}).`,
  hqChecking: 'Verbinding maken met Kassa HQ.',
  hqSynced: 'Alle gegevens van deze kassa staan bij Kassa HQ.',
  hqSending: (waiting: number) =>
    waiting === 1 ? '1 gegeven is onderweg naar Kassa HQ.' : `${String(waiting)} gegevens zijn onderweg naar Kassa HQ.`,
  hqUnreachable: (waiting: number) =>
    'Kassa HQ is niet bereikbaar. Verkopen gaat gewoon door. Wacht op deze kassa tot HQ er weer is: ' +
    `${gegevens(waiting)}. Duurt het lang, meld het dan bij IT.`,
  hqRefused: (waiting: number) =>
    `Kassa HQ weigerde wat deze kassa stuurde. Verkopen gaat gewoon door. Wacht op deze kassa: ${gegevens(waiting)}. ` +
    'Meld het bij IT: kassa doctor laat zien waarom.',
  hqRevoked:
    'Kassa HQ accepteert deze kassa niet meer: de aanmelding is ingetrokken. Verkopen gaat gewoon door en wacht ' +
    'op deze kassa. Bel IT om de kassa opnieuw aan te melden.',
  hqNotEnrolled:
    'Deze kassa is nog niet aangemeld bij Kassa HQ. Verkopen gaat gewoon door en gaat naar HQ zodra ze is aangemeld. ' +
    'Bel IT om de kassa aan te melden (kassa hq enrol).',
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
