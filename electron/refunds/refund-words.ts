import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * What main says to the manager about a refund, in one place: the refusals
 * and the refund's state as the screen shows it under the refund. Amounts
 * arrive formatted for the till's locale; line numbers count from 1, as the
 * receipt reads.
 */
export const refundWords = {
  noTerminal: 'This till has no card terminal set up, so money cannot go back to a card here.',
  noSuchRefund: 'There is no such refund on this till.',
  noReceipt: (receiptNumber: string) => `There is no receipt ${receiptNumber} on this till.`,
  noLine: (receiptNumber: string, line: number) => `Receipt ${receiptNumber} has no line ${String(line)}.`,
  refundedInFull: (name: string) => `"${name}" has already been refunded in full.`,
  onlyUnits: (count: number, name: string) => `Only ${String(count)} of "${name}" can still be refunded.`,
  free: 'Those lines were free: there is no money to give back.',
  onlyAmount: (amount: string) => `Only ${amount} can still be refunded on this sale.`,
  nothingToRetry: 'This refund is finished; there is nothing to retry.',
  terminalWorking: 'The terminal is still working on this refund.',
  managerMustSettle: 'The terminal could not confirm the last try: a manager must settle it first.',
  finishedNoCancel: 'This refund is finished and cannot be cancelled.',
  mayHaveGoneBack:
    'Money may already have gone back to the card on this refund, so it cannot be cancelled. Try the rest again.',
  cancelled: (reason: string) => `Cancelled: ${reason}.`,
  /** The cancel reason when none was written down. */
  noMoneyGiven: 'no money was given back',
  refunded: (amount: string) => `Refunded ${amount}.`,
  refundedPrinting: (amount: string) => `Refunded ${amount}. The refund receipt is printing.`,
  refundedCash: (total: string, cash: string) =>
    `Refunded ${total}. Give the customer ${cash} in cash from the drawer.`,
  cardUnconfirmed: 'The terminal could not confirm the card refund. Check the terminal, then settle it as a manager.',
  cardFailed: (why: string) => `The card refund did not go through (${why}). Try the card again, or cancel the refund.`,
  /** The `why` when the terminal gave no reason. */
  didNotGoThrough: 'it did not go through',
  presentCard: (amount: string) => `Ask the customer to present their card on the terminal for ${amount}.`,
  givingBack: (amount: string) => `Giving ${amount} back to the card. Wait for the terminal.`,
  notStarted: 'The card refund has not started. Try the card again when the terminal is free.',
  // Refunds of payments made online (a webshop order, a link).
  noOnlineGateway:
    'This till has no online payments set up, so it cannot refund an online order. Refund it from the webshop instead.',
  notAPaymentId: (typed: string) =>
    `"${typed}" is not a payment id of the payment gateway or a link reference of this till. Type the payment id from the order.`,
  noOnlinePayment: (paymentId: string) =>
    `The payment gateway knows no payment ${paymentId}. Check the number on the order and try again.`,
  gatewayUnreachable: 'The payment gateway did not answer, so nothing was refunded. Try again in a moment.',
  onlineOtherCurrency: (currency: string) =>
    `That payment was in ${currency}; this till can only give money back in its own currency.`,
  onlineNotRefundable: (status: string) => `This payment cannot be refunded: the payment gateway says it is ${status}.`,
  onlineRefundedInFull: 'This payment has been refunded in full: there is nothing left to give back.',
  onlineLeft: (left: string, paid: string) => `${left} of the ${paid} paid can still go back to the card that paid.`,
  onlinePaidHere: (receiptNumber: string, left: string) =>
    `Paid by link at this till, on receipt ${receiptNumber}. ${left} can still go back to the card that paid.`,
  onlineOnlyAmount: (amount: string) => `Only ${amount} can still be refunded on this payment.`,
  onlineRequested: (amount: string) =>
    `${amount} is asked of the payment gateway. Waiting for it to confirm the money went back to the card; the customer need not stay.`,
} as const;

/** A translation of the refund words: every key, each function with the same parameters. */
export type RefundWords = Translation<typeof refundWords>;

/**
 * The same words in Dutch, as a Dutch shop's till says them: a refund is a
 * "terugbetaling", its paper the "retourbon" (as the receipt prints it), the
 * card terminal the "pinautomaat", and a manager "handelt af". Names are
 * quoted and the retry button named as the screen's Dutch has them.
 */
export const refundWordsNl = {
  noTerminal: 'Deze kassa heeft geen pinautomaat, dus hier kan geen geld terug naar een pinpas.',
  noSuchRefund: 'Die terugbetaling bestaat niet op deze kassa.',
  noReceipt: (receiptNumber: string) => `Er is geen bon ${receiptNumber} op deze kassa.`,
  noLine: (receiptNumber: string, line: number) => `Bon ${receiptNumber} heeft geen regel ${String(line)}.`,
  refundedInFull: (name: string) => `“${name}” is al helemaal terugbetaald.`,
  onlyUnits: (count: number, name: string) => `Van “${name}” kunnen er nog maar ${String(count)} worden terugbetaald.`,
  free: 'Die regels waren gratis: er is geen geld om terug te geven.',
  onlyAmount: (amount: string) => `Op deze verkoop kan nog maar ${amount} worden terugbetaald.`,
  nothingToRetry: 'Deze terugbetaling is al afgerond; er is niets om opnieuw te proberen.',
  terminalWorking: 'De pinautomaat is nog bezig met deze terugbetaling.',
  managerMustSettle: 'De pinautomaat kon de laatste poging niet bevestigen: een manager moet die eerst afhandelen.',
  finishedNoCancel: 'Deze terugbetaling is al afgerond en kan niet meer worden geannuleerd.',
  mayHaveGoneBack:
    'Misschien is er op deze terugbetaling al geld teruggegaan naar de pinpas, dus hij kan niet worden geannuleerd. Probeer de rest opnieuw.',
  cancelled: (reason: string) => `Geannuleerd: ${reason}.`,
  noMoneyGiven: 'er is geen geld teruggegeven',
  refunded: (amount: string) => `${amount} terugbetaald.`,
  refundedPrinting: (amount: string) => `${amount} terugbetaald. De retourbon wordt afgedrukt.`,
  refundedCash: (total: string, cash: string) =>
    `${total} terugbetaald. Geef de klant ${cash} contant uit de kassalade.`,
  cardUnconfirmed:
    'De pinautomaat kon de terugbetaling op de pinpas niet bevestigen. Controleer de pinautomaat en laat een manager de terugbetaling afhandelen.',
  cardFailed: (why: string) =>
    `De terugbetaling op de pinpas is niet gelukt (${why}). Probeer de pas opnieuw, of annuleer de terugbetaling.`,
  didNotGoThrough: 'de pinautomaat gaf geen reden',
  presentCard: (amount: string) => `Vraag de klant de pinpas bij de pinautomaat te houden voor ${amount}.`,
  givingBack: (amount: string) => `${amount} gaat terug naar de pinpas. Wacht op de pinautomaat.`,
  notStarted:
    'De terugbetaling op de pinpas is nog niet begonnen. Probeer de pas opnieuw zodra de pinautomaat vrij is.',
  noOnlineGateway:
    'Deze kassa heeft geen online betalingen ingesteld, dus hier kan geen online bestelling worden terugbetaald. Doe dat via de webshop.',
  notAPaymentId: (typed: string) =>
    `“${typed}” is geen betalings-id van de betaaldienst en geen linkreferentie van deze kassa. Typ het betalings-id van de bestelling.`,
  noOnlinePayment: (paymentId: string) =>
    `De betaaldienst kent geen betaling ${paymentId}. Controleer het nummer op de bestelling en probeer het opnieuw.`,
  gatewayUnreachable: 'De betaaldienst gaf geen antwoord, dus er is niets terugbetaald. Probeer het zo opnieuw.',
  onlineOtherCurrency: (currency: string) =>
    `Die betaling was in ${currency}; deze kassa kan alleen geld teruggeven in haar eigen munt.`,
  onlineNotRefundable: (status: string) =>
    `Deze betaling kan niet worden terugbetaald: de betaaldienst zegt ${status}.`,
  onlineRefundedInFull: 'Deze betaling is al helemaal terugbetaald: er is niets meer om terug te geven.',
  onlineLeft: (left: string, paid: string) =>
    `Van de betaalde ${paid} kan nog ${left} terug naar de kaart waarmee is betaald.`,
  onlinePaidHere: (receiptNumber: string, left: string) =>
    `Via een link aan deze kassa betaald, op bon ${receiptNumber}. Er kan nog ${left} terug naar de kaart waarmee is betaald.`,
  onlineOnlyAmount: (amount: string) => `Op deze betaling kan nog maar ${amount} worden terugbetaald.`,
  onlineRequested: (amount: string) =>
    `${amount} is bij de betaaldienst aangevraagd. Wachten tot die bevestigt dat het geld terug is op de kaart; de klant hoeft niet te wachten.`,
} satisfies RefundWords;

/** Main's words about refunds, in the till's configured language. */
export function refundWordsFor(language: Language): RefundWords {
  switch (language) {
    case 'en':
      return refundWords;
    case 'nl':
      return refundWordsNl;
  }
}
