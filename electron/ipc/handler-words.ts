import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * What the handlers themselves say to the cashier when a call cannot be
 * answered on this till (no journal, no terminal, no printer, nothing by that
 * number): each sentence says what to do instead. The services' own refusals
 * live with the services.
 */
export const handlerWords = {
  noJournal: 'This till keeps no journal, so it has no sales to look back on.',
  noCards: 'This till has no card terminal set up. Take another way to pay.',
  noSales: 'This till cannot record sales: it has no journal.',
  noReceipts: 'This till keeps no receipts: it has no journal.',
  noPrinter: 'No receipt printer is set up on this till. Show the customer the receipt on screen.',
  linkNotLive: 'This payment has no live link any more. Look at how it ended on the screen.',
  noLinkMail: 'This till is not set up to send e-mail. Copy the link or print the QR code for the customer instead.',
  noSuchCardPayment: 'There is no such card payment on this till.',
  noSuchSale: 'There is no such finished sale on this till.',
  noDrawer: 'No cash drawer is connected to this till: open the drawer with its key.',
  lockDuringCard: 'A card payment is still out at the terminal. Finish it before locking the till.',
} as const;

/** A translation of the handlers' words: every key. */
export type HandlerWords = Translation<typeof handlerWords>;

/**
 * The same in Dutch, as a Dutch shop's till says them ("je"-form): a
 * "pinautomaat", a "bonprinter", a "kassalade", a "bon".
 */
export const handlerWordsNl = {
  noJournal: 'Deze kassa houdt geen journaal bij, dus er zijn geen verkopen om terug te zoeken.',
  noCards: 'Deze kassa heeft geen pinautomaat. Laat de klant op een andere manier betalen.',
  noSales: 'Deze kassa kan geen verkopen vastleggen: hij heeft geen journaal.',
  noReceipts: 'Deze kassa bewaart geen bonnen: hij heeft geen journaal.',
  noPrinter: 'Er is geen bonprinter ingesteld op deze kassa. Laat de klant de bon op het scherm zien.',
  linkNotLive: 'Deze betaling heeft geen actieve link meer. Kijk op het scherm hoe hij is afgelopen.',
  noLinkMail:
    'Deze kassa is niet ingesteld om e-mail te versturen. Kopieer de link of druk de QR-code af voor de klant.',
  noSuchCardPayment: 'Die pinbetaling bestaat niet op deze kassa.',
  noSuchSale: 'Die afgeronde verkoop bestaat niet op deze kassa.',
  noDrawer: 'Er is geen kassalade aangesloten op deze kassa: open de lade met de sleutel.',
  lockDuringCard: 'Er loopt nog een pinbetaling op de pinautomaat. Rond die af voordat je de kassa vergrendelt.',
} satisfies HandlerWords;

/** The handlers' words in the till's configured language. */
export function handlerWordsFor(language: Language): HandlerWords {
  switch (language) {
    case 'en':
      return handlerWords;
    case 'nl':
      return handlerWordsNl;
  }
}
