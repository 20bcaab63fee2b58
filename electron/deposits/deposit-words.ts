import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * What main says about deposits, in one place: where each deposit stands and
 * what to do next (the `message` of a deposit on the manager's screen), and
 * the refusals, each saying what to do instead. Amounts and dates arrive
 * formatted for the till's locale.
 */
export const depositWords = {
  noDeposits: 'This till takes no deposits: its payment provider cannot reserve money on a card.',
  noSuchDeposit: 'There is no such deposit on this till.',
  customerName: 'Type the customer’s name (at most 80 characters).',
  contactTooLong: 'A contact is at most 120 characters.',
  noteTooLong: 'A note is at most 200 characters.',
  sayWhy: 'Say why the deposit is released (at most 200 characters).',
  amountRange: 'The deposit must be more than zero.',
  // Where a deposit stands, and what to do next.
  awaitingCustomer: 'Waiting for the customer to authorise the deposit with the link. Show them the QR code.',
  held: (amount: string) => `${amount} is reserved on the customer’s card. Capture it at pick-up, or release it.`,
  expiresSoon: (amount: string, date: string) =>
    `${amount} is reserved until about ${date}. Capture or release it before then.`,
  expiredHold: (date: string) =>
    `The reservation may have lapsed on ${date}. Ask the customer to pay at the till instead, and release it.`,
  capturing: 'Capturing the deposit. Wait for the payment provider’s answer.',
  releasing: 'Releasing the deposit. Wait for the payment provider’s answer.',
  captured: (amount: string) => `${amount} of the deposit was taken.`,
  released: 'The deposit was released: nothing was taken from the customer’s card.',
  failed: 'The customer did not authorise the deposit. Take a new deposit if they still want one.',
  needsManager:
    'The till cannot tell how the deposit’s last step ended. A manager must settle it under unsettled payments.',
  captureFailed: (amount: string) => `The capture did not go through. ${amount} is still reserved; try again.`,
  releaseFailed: 'The release did not go through. The money is still reserved; try again.',
  // Refusals.
  notAuthorised: 'The customer has not authorised this deposit, so there is nothing to capture or release.',
  alreadyCaptured: 'This deposit has already been captured. A deposit is captured once.',
  alreadyReleased: 'This deposit has been released: there is nothing left to capture.',
  onItsWay: 'A capture or release of this deposit is on its way. Wait for its answer.',
  aboveHeld: (held: string) => `That is more than is reserved (${held}). Capture at most ${held}.`,
  expired: (date: string) =>
    `This reservation may have lapsed on ${date}, so it cannot be captured. Take the money as a payment and release the deposit.`,
} as const;

/** A translation of the deposit words: every key, each function with the same parameters. */
export type DepositWords = Translation<typeof depositWords>;

/** The same in Dutch ("je"-form): an "aanbetaling" is "gereserveerd", then "geïnd" or "vrijgegeven". */
export const depositWordsNl = {
  noDeposits: 'Deze kassa neemt geen aanbetalingen aan: de betaalprovider kan geen geld op een kaart reserveren.',
  noSuchDeposit: 'Die aanbetaling bestaat niet op deze kassa.',
  customerName: 'Typ de naam van de klant (hoogstens 80 tekens).',
  contactTooLong: 'Een contactgegeven is hoogstens 120 tekens.',
  noteTooLong: 'Een notitie is hoogstens 200 tekens.',
  sayWhy: 'Vul in waarom de aanbetaling wordt vrijgegeven (hoogstens 200 tekens).',
  amountRange: 'De aanbetaling moet meer dan nul zijn.',
  awaitingCustomer: 'Wacht tot de klant de aanbetaling met de link goedkeurt. Laat de QR-code zien.',
  held: (amount: string) =>
    `${amount} is gereserveerd op de kaart van de klant. Int het bij het ophalen, of geef het vrij.`,
  expiresSoon: (amount: string, date: string) =>
    `${amount} is gereserveerd tot ongeveer ${date}. Int het of geef het daarvoor vrij.`,
  expiredHold: (date: string) =>
    `De reservering is mogelijk op ${date} vervallen. Laat de klant aan de kassa betalen en geef de aanbetaling vrij.`,
  capturing: 'De aanbetaling wordt geïnd. Wacht op het antwoord van de betaalprovider.',
  releasing: 'De aanbetaling wordt vrijgegeven. Wacht op het antwoord van de betaalprovider.',
  captured: (amount: string) => `${amount} van de aanbetaling is geïnd.`,
  released: 'De aanbetaling is vrijgegeven: er is niets van de kaart van de klant afgeschreven.',
  failed: 'De klant heeft de aanbetaling niet goedgekeurd. Neem een nieuwe aanbetaling als de klant dat nog wil.',
  needsManager:
    'De kassa weet niet hoe de laatste stap van de aanbetaling is afgelopen. Een manager moet hem afhandelen bij de openstaande betalingen.',
  captureFailed: (amount: string) => `Het innen is niet gelukt. ${amount} is nog gereserveerd; probeer het opnieuw.`,
  releaseFailed: 'Het vrijgeven is niet gelukt. Het geld is nog gereserveerd; probeer het opnieuw.',
  notAuthorised: 'De klant heeft deze aanbetaling niet goedgekeurd, dus er is niets te innen of vrij te geven.',
  alreadyCaptured: 'Deze aanbetaling is al geïnd. Een aanbetaling wordt één keer geïnd.',
  alreadyReleased: 'Deze aanbetaling is vrijgegeven: er is niets meer te innen.',
  onItsWay: 'Het innen of vrijgeven van deze aanbetaling is onderweg. Wacht op het antwoord.',
  aboveHeld: (held: string) => `Dat is meer dan er gereserveerd is (${held}). Int hoogstens ${held}.`,
  expired: (date: string) =>
    `Deze reservering is mogelijk op ${date} vervallen, dus hij kan niet worden geïnd. Laat het bedrag gewoon betalen en geef de aanbetaling vrij.`,
} satisfies DepositWords;

/** Main's words about deposits, in the till's configured language. */
export function depositWordsFor(language: Language): DepositWords {
  switch (language) {
    case 'en':
      return depositWords;
    case 'nl':
      return depositWordsNl;
  }
}
