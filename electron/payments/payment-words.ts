import type { Language } from '../../shared/config/schema.ts';

/** Main's words about card payments a manager settles by hand: what the screen shows when main refuses. */
export const paymentWords = {
  nameTheManager: 'Type the name of the manager who settles this payment.',
  managerMustSettle:
    'Only a manager can settle a card payment by hand. Ask a manager to pick their name and type their PIN.',
} as const;

/** A translation of the payment words: every key. */
export type PaymentWords = { readonly [K in keyof typeof paymentWords]: string };

/** The same in Dutch, as a Dutch shop's till says them; "afhandelen" as on the screen's Betalingen afhandelen. */
export const paymentWordsNl = {
  nameTheManager: 'Typ de naam van de manager die deze betaling afhandelt.',
  managerMustSettle:
    'Alleen een manager kan een pinbetaling met de hand afhandelen. Vraag een manager om de eigen naam te kiezen en de pincode te typen.',
} satisfies PaymentWords;

/** Main's words about settling card payments, in the till's configured language. */
export function paymentWordsFor(language: Language): PaymentWords {
  switch (language) {
    case 'en':
      return paymentWords;
    case 'nl':
      return paymentWordsNl;
  }
}
