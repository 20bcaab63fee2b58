import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * Main's words about receipts by e-mail: what the cashier reads when a
 * receipt could not go, and what to do about it. Never the server's codes.
 */
export const mailWords = {
  notSetUp: 'This till is not set up to send receipts by e-mail. Print the receipt or show it on screen.',
  badAddress: 'That is not a whole e-mail address. Check it with the customer: it looks like name@example.com.',
  unreachable:
    'The till could not reach the mail server. Try Send again in a minute, or print the receipt. The till also tries again when it starts.',
  login: 'The mail server refused the till’s login: tell IT. The receipt is kept and tried again when the till starts.',
  secure:
    'The till could not set up a secure connection to the mail server: tell IT. The receipt is kept and tried again when the till starts.',
  refused: 'The mail server refused this address. Check it with the customer, or print the receipt.',
  other: 'The mail server did not take the receipt. It is kept and tried again; print it if the customer is waiting.',
  gaveUp: (tries: number) =>
    `The till tried ${String(tries)} times and has stopped trying. Print the receipt or send it again.`,
} as const;

/** A translation of the mail words: every key, each function with the same parameters. */
export type MailWords = Translation<typeof mailWords>;

/**
 * The same in Dutch, as a Dutch shop's till says them; the buttons named as
 * on the screen ("Opnieuw versturen"), the address example as the screen's.
 */
export const mailWordsNl = {
  notSetUp:
    'Deze kassa is niet ingesteld om bonnen per e-mail te versturen. Druk de bon af of laat hem op het scherm zien.',
  badAddress: 'Dat is geen volledig e-mailadres. Controleer het met de klant: het ziet eruit als naam@voorbeeld.nl.',
  unreachable:
    'De kassa kon de mailserver niet bereiken. Kies over een minuut Opnieuw versturen, of druk de bon af. De kassa probeert het ook opnieuw als hij opstart.',
  login:
    'De mailserver weigerde de aanmelding van de kassa: meld het bij IT. De bon wordt bewaard en opnieuw geprobeerd als de kassa opstart.',
  secure:
    'De kassa kon geen beveiligde verbinding met de mailserver maken: meld het bij IT. De bon wordt bewaard en opnieuw geprobeerd als de kassa opstart.',
  refused: 'De mailserver weigerde dit adres. Controleer het met de klant, of druk de bon af.',
  other:
    'De mailserver heeft de bon niet aangenomen. Hij wordt bewaard en opnieuw geprobeerd; druk hem af als de klant staat te wachten.',
  gaveUp: (tries: number) =>
    `De kassa heeft het ${String(tries)} keer geprobeerd en is ermee gestopt. Druk de bon af of verstuur hem opnieuw.`,
} satisfies MailWords;

/** Main's words about receipts by e-mail, in the till's configured language. */
export function mailWordsFor(language: Language): MailWords {
  switch (language) {
    case 'en':
      return mailWords;
    case 'nl':
      return mailWordsNl;
  }
}
