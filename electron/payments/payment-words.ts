import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';
import { retellIn } from './recorded-words.ts';

/**
 * Main's words about card payments, as the cashier or manager reads them when
 * main refuses: each says what to do instead. Amounts arrive formatted for the
 * till's locale. What is recorded into the book (a provider's decline reason,
 * "No result after 150 seconds") is stored data and stays as it was written.
 */
export const paymentWords = {
  nameTheManager: 'Type the name of the manager who settles this payment.',
  managerMustSettle:
    'Only a manager can settle a card payment by hand. Ask a manager to pick their name and type their PIN.',
  shuttingDown: 'The till is shutting down; it takes no new payments.',
  amountRange: 'The amount must be more than zero and at most 1,000,000.00.',
  wrongCurrency: (takes: string, asked: string) => `This till takes payments in ${takes}, not ${asked}.`,
  moreThanDue: (due: string) => `That is more than is still due on this sale (${due}). Take a smaller amount by card.`,
  refundMoreThanLeft: 'A card part of a refund cannot be more than what is left of the refund.',
  refundOnlyApproved: 'Only an approved card payment can be refunded to its card.',
  refundNoReference:
    'The terminal gave no reference for this payment, so it cannot be refunded to the card by reference. ' +
    'A manager can refund it without a reference, or in cash.',
  refundLeft: (left: string) => `Only ${left} can still be refunded on that card payment.`,
  onlyWaitingSettled: 'Only a card payment waiting for a manager can be settled by hand.',
  sayWhoAndWhy: 'Say who settles it and why.',
  approvalNeedsReference: "An approval needs the terminal's reference for it, from the terminal or its receipt.",
  approvedAmountRange: 'The approved amount must be more than zero and no more than the payment.',
  noSuchPayment: (attemptId: string) => `There is no card payment ${attemptId}.`,
  terminalNeedsManager: 'A card payment on this terminal needs a manager before the terminal can take another.',
  terminalBusy: 'The card terminal is still busy with a payment. Wait for it to finish.',
  refundCannotStop: 'A refund to the card cannot be stopped. Wait for the terminal to finish it.',
  cannotStop: 'This card terminal cannot be stopped from the till. Ask the customer to press Cancel on the terminal.',
  noHolds: 'This payment provider does not take deposits. Take the money as a payment instead.',
  holdNotHeld: 'Only a deposit the customer has authorised can be captured or released.',
  holdNoReference:
    'The payment provider gave no reference for this deposit, so it cannot be captured or released from the till. Ask a manager to settle it with the payment provider.',
  captureRange: (held: string) => `A capture must be more than zero and at most what is held (${held}).`,
  holdSettled: 'This deposit has already been captured or released, or that is on its way. Look at the deposit again.',
  depositCannotStop: 'Capturing or releasing a deposit cannot be stopped. Wait for the payment provider to answer.',
  /** The book's recorded phrases (reasons, terminal steps) for the screen: English is how they are kept. */
  retell: retellIn('en'),
} as const;

/** A translation of the payment words: every key, each function with the same parameters. */
export type PaymentWords = Translation<typeof paymentWords>;

/**
 * The same in Dutch, as a Dutch shop's till says them ("je"-form): a
 * "pinbetaling" on the "pinautomaat", "afhandelen" as on the screen's
 * Betalingen afhandelen, "terugbetalen" for a refund.
 */
export const paymentWordsNl = {
  nameTheManager: 'Typ de naam van de manager die deze betaling afhandelt.',
  managerMustSettle:
    'Alleen een manager kan een pinbetaling met de hand afhandelen. Vraag een manager om de eigen naam te kiezen en de pincode te typen.',
  shuttingDown: 'De kassa wordt afgesloten; hij neemt geen nieuwe betalingen meer aan.',
  amountRange: 'Het bedrag moet meer dan nul zijn en hoogstens 1.000.000,00.',
  wrongCurrency: (takes: string, asked: string) => `Deze kassa neemt betalingen aan in ${takes}, niet in ${asked}.`,
  moreThanDue: (due: string) =>
    `Dat is meer dan er nog te betalen is op deze verkoop (${due}). Laat een kleiner bedrag pinnen.`,
  refundMoreThanLeft: 'Het pindeel van een terugbetaling kan niet meer zijn dan wat er van de terugbetaling over is.',
  refundOnlyApproved: 'Alleen een goedgekeurde pinbetaling kan naar de eigen pas worden teruggestort.',
  refundNoReference:
    'De pinautomaat gaf geen referentie voor deze betaling, dus hij kan niet op referentie naar de pas worden teruggestort. ' +
    'Een manager kan hem zonder referentie terugbetalen, of contant.',
  refundLeft: (left: string) => `Op die pinbetaling kan nog maar ${left} worden terugbetaald.`,
  onlyWaitingSettled: 'Alleen een pinbetaling die op een manager wacht kan met de hand worden afgehandeld.',
  sayWhoAndWhy: 'Vul in wie hem afhandelt en waarom.',
  approvalNeedsReference:
    'Een goedkeuring heeft de referentie van de pinautomaat nodig, van de pinautomaat zelf of van zijn bon.',
  approvedAmountRange: 'Het goedgekeurde bedrag moet meer dan nul zijn en niet meer dan de betaling.',
  noSuchPayment: (attemptId: string) => `Er is geen pinbetaling ${attemptId}.`,
  terminalNeedsManager:
    'Een pinbetaling op deze pinautomaat moet eerst door een manager worden afgehandeld voordat hij een nieuwe kan aannemen.',
  terminalBusy: 'De pinautomaat is nog bezig met een betaling. Wacht tot die klaar is.',
  refundCannotStop:
    'Een terugbetaling naar de pas kan niet worden gestopt. Wacht tot de pinautomaat hem heeft afgerond.',
  cannotStop:
    'Deze pinautomaat kan niet vanaf de kassa worden gestopt. Vraag de klant om op de pinautomaat op Stop te drukken.',
  noHolds: 'Deze betaalprovider neemt geen aanbetalingen aan. Laat het bedrag gewoon betalen.',
  holdNotHeld: 'Alleen een aanbetaling die de klant heeft goedgekeurd kan worden geïnd of vrijgegeven.',
  holdNoReference:
    'De betaalprovider gaf geen referentie voor deze aanbetaling, dus hij kan niet vanaf de kassa worden geïnd of vrijgegeven. Vraag een manager om hem bij de betaalprovider af te handelen.',
  captureRange: (held: string) => `Een inning moet meer dan nul zijn en hoogstens wat er gereserveerd is (${held}).`,
  holdSettled: 'Deze aanbetaling is al geïnd of vrijgegeven, of dat is onderweg. Bekijk de aanbetaling opnieuw.',
  depositCannotStop:
    'Het innen of vrijgeven van een aanbetaling kan niet worden gestopt. Wacht op het antwoord van de betaalprovider.',
  retell: retellIn('nl'),
} satisfies PaymentWords;

/** Main's words about card payments, in the till's configured language. */
export function paymentWordsFor(language: Language): PaymentWords {
  switch (language) {
    case 'en':
      return paymentWords;
    case 'nl':
      return paymentWordsNl;
  }
}
