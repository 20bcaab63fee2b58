import type { Language } from '../../shared/config/schema.ts';

/**
 * Retells a phrase the payment book recorded (why an attempt ended, what the
 * terminal was showing) in the till's language, for the screen.
 *
 * The book keeps these in English, as they were written, so the journal and
 * the support bundle read the same on every till. The till's own phrases are
 * a closed set (the provider modules, the result deadline, the status loop,
 * a restart), and a Dutch screen shows them in Dutch. Anything else is the
 * provider's or the bank's own text ("104 Merchant cancelled tx", a refusal
 * reason): it is shown as the terminal said it, never guessed at.
 */
export type Retell = (recorded: string) => string;

/** The till's own recorded phrases in Dutch: terminal display steps, outcome reasons, and why it asked instead. */
const OWN_PHRASES_NL: Readonly<Record<string, string>> = {
  // What the terminal shows, from Adyen's display notifications (adyen/replies.ts).
  'Waiting for card': 'Wacht op de pas',
  'Card inserted': 'Pas ingestoken',
  'Card read': 'Pas gelezen',
  'Card swiped': 'Pas door de lezer gehaald',
  'Customer is choosing the card application': 'De klant kiest de betaalapplicatie van de pas',
  'Card application chosen': 'Betaalapplicatie gekozen',
  'Enter PIN': 'Pincode invoeren',
  'PIN entered; waiting for the bank': 'Pincode ingevoerd; wacht op de bank',
  'Printing receipt': 'Bon wordt afgedrukt',
  'Receipt printed': 'Bon afgedrukt',
  'Card removed': 'Pas verwijderd',
  Finishing: 'Bezig met afronden',
  // How an attempt ended, in the provider modules' words (adyen/replies.ts, worldline/replies.ts).
  'Cancelled on the terminal': 'Geannuleerd op de pinautomaat',
  'Cancelled from the till': 'Geannuleerd vanaf de kassa',
  'Terminal is not reachable': 'De pinautomaat is niet bereikbaar',
  'Partly approved': 'Gedeeltelijk goedgekeurd',
  Failure: 'Mislukt',
  Refused: 'Geweigerd',
  'Wrong PIN': 'Verkeerde pincode',
  'Card not accepted': 'Pas niet geaccepteerd',
  Busy: 'De pinautomaat is bezet',
  'Not allowed': 'Niet toegestaan',
  'Not found': 'Niet gevonden',
  'In progress': 'Nog bezig',
  'Communication timeout': 'Geen antwoord binnen de tijd',
  'The card terminal is not connected to Worldline (HTTP 404)':
    'De pinautomaat is niet verbonden met Worldline (HTTP 404)',
  // Nexo's error conditions, recorded as the reason when the terminal gives no text of its own.
  Refusal: 'Geweigerd',
  WrongPIN: 'Verkeerde pincode',
  InvalidCard: 'Pas niet geaccepteerd',
  Cancel: 'Geannuleerd op de pinautomaat',
  Aborted: 'Afgebroken',
  DeviceOut: 'De pinautomaat is niet bereikbaar',
  UnreachableHost: 'De bank is niet bereikbaar',
  NotAllowed: 'Niet toegestaan',
  // Why the till asked the terminal instead of waiting (payment-run.ts, payment-status-loop.ts).
  'The till stopped as it was sending the payment': 'De kassa stopte terwijl hij de betaling verstuurde',
  'The till restarted during the payment': 'De kassa is tijdens de betaling opnieuw gestart',
  'The terminal could not be asked in time': 'De pinautomaat kon niet op tijd worden gevraagd',
  'The terminal kept the payment open too long': 'De pinautomaat hield de betaling te lang open',
  'The terminal no longer finds a payment it was seen running; check its transaction list':
    'De pinautomaat vindt een betaling die hij aan het doen was niet meer terug; kijk in de transactielijst van de pinautomaat',
  'The payment never reached the terminal': 'De betaling heeft de pinautomaat nooit bereikt',
  'A result arrived that the till could not verify': 'Er kwam een uitslag binnen die de kassa niet kon controleren',
  // A provider that would not take the request: nothing was charged, and IT has to look.
  'No webhook address is set up for Worldline results':
    'Er is geen webhookadres ingesteld voor de uitslagen van Worldline; vraag IT dat in te stellen',
  'Worldline would not answer a status question about this payment':
    'Worldline wilde geen statusvraag over deze betaling beantwoorden',
  // A payment link's steps and endings (link-phrases.ts, LINK_PHRASES).
  'The payment link expired before the customer paid': 'De betaallink is verlopen voordat de klant betaalde',
  'The payment link was cancelled': 'De betaallink is geannuleerd',
  'The customer opened the link on their phone': 'De klant heeft de link op de telefoon geopend',
  'The customer is paying on their phone': 'De klant betaalt op de telefoon',
  'The card was declined on the phone; the customer may try another card':
    'De kaart is op de telefoon geweigerd; de klant kan een andere kaart proberen',
  'No payment link was made yet': 'Er is nog geen betaallink gemaakt',
  'The link is no longer active: the customer may have paid':
    'De link is niet meer actief: de klant kan al betaald hebben',
  'A refund to any card is given on the card terminal, not through the online gateway':
    'Geld terug op een willekeurige kaart gaat via de pinautomaat, niet via de online betaaldienst',
  'A refund asked of Worldline cannot be called back':
    'Een terugbetaling die bij Worldline is aangevraagd, kan niet worden teruggedraaid',
  'A refund, capture or release asked of the gateway cannot be called back':
    'Een terugbetaling, afboeking of vrijgave die bij de betaaldienst is aangevraagd, kan niet worden teruggedraaid',
  'The gateway takes only so many questions a minute: the till asks again shortly':
    'De betaaldienst neemt maar een paar vragen per minuut aan: de kassa vraagt het zo opnieuw',
  'The gateway sent a link the till cannot show': 'De betaaldienst stuurde een link die de kassa niet kan tonen',
  'Worldline Direct sent a link the till cannot show': 'Worldline Direct stuurde een link die de kassa niet kan tonen',
  'The link says paid but its payment did not go through': 'De link zegt betaald, maar de betaling is niet gelukt',
  'empty reply': 'leeg antwoord',
  'unreadable reply': 'onleesbaar antwoord',
  'unreadable result': 'onleesbare uitslag',
  'status about another request': 'status over een ander verzoek',
};

/** The till's own phrases that carry a value, in Dutch; the value is retold too when it is one of them. */
const OWN_PATTERNS_NL: readonly (readonly [RegExp, (match: RegExpExecArray, retell: Retell) => string])[] = [
  [/^No result after (\d+) seconds$/, (match) => `Geen uitslag na ${match[1] ?? ''} seconden`],
  [
    /^The terminal could not be asked \((.*)\)$/,
    (match, retell) => `De pinautomaat kon niet worden gevraagd (${retell(match[1] ?? '')})`,
  ],
  [/^Rejected: (.*)$/, (match, retell) => `Afgewezen: ${retell(match[1] ?? '')}`],
  [
    /^Worldline Direct answered (\d+)(: .*)?$/s,
    (match) => `Worldline Direct antwoordde ${match[1] ?? ''}${match[2] ?? ''}`,
  ],
  [/^OPP answered (\d{3}\.\d{3}\.\d{3})(: .*)?$/s, (match) => `OPP antwoordde ${match[1] ?? ''}${match[2] ?? ''}`],
  [
    /^The link says paid but OPP answered (\d{3}\.\d{3}\.\d{3})(: .*)?$/s,
    (match) => `De link zegt betaald, maar OPP antwoordde ${match[1] ?? ''}${match[2] ?? ''}`,
  ],
  [
    /^Adyen refused the API key \(HTTP (\d+)\)$/,
    (match) => `Adyen weigerde de API-sleutel (HTTP ${match[1] ?? ''}); vraag IT payment.adyen.apiKey na te kijken`,
  ],
  [/^Adyen refused the request \((.*)\)$/s, (match) => `Adyen weigerde het verzoek (${match[1] ?? ''})`],
  [
    /^Worldline is busy \((.*)\); nothing was charged$/,
    (match) => `Worldline is bezet (${match[1] ?? ''}); er is niets afgeschreven`,
  ],
  [
    /^Worldline refused the API key \(HTTP (\d+)\); IT must check payment\.worldline\.apiKey$/,
    (match) => `Worldline weigerde de API-sleutel (HTTP ${match[1] ?? ''}); IT moet payment.worldline.apiKey nakijken`,
  ],
  [
    /^Worldline rejected the request as malformed \((.*)\)$/s,
    (match) => `Worldline wees het verzoek af als onjuist (${match[1] ?? ''})`,
  ],
  [
    /^Worldline redirected the till to (.*), which is not Worldline; IT must check payment\.worldline\.baseUrl$/,
    (match) =>
      `Worldline stuurde de kassa door naar ${match[1] ?? ''}, en dat is niet Worldline; IT moet payment.worldline.baseUrl nakijken`,
  ],
  [
    /^The terminal reported (\w+) after the till had recorded (\w+)$/,
    (match) => `De pinautomaat meldde ${staat(match[1])} nadat de kassa ${staat(match[2])} had vastgelegd`,
  ],
];

/** A payment state as the conflict reason names it, in Dutch. */
const STATEN: Readonly<Record<string, string>> = {
  approved: 'goedgekeurd',
  declined: 'geweigerd',
  cancelled: 'geannuleerd',
  failed: 'mislukt',
};
const staat = (state: string | undefined) => (state === undefined ? '' : (STATEN[state] ?? state));

function retellInDutch(recorded: string): string {
  const own = OWN_PHRASES_NL[recorded];
  if (own !== undefined) return own;
  for (const [pattern, words] of OWN_PATTERNS_NL) {
    const match = pattern.exec(recorded);
    if (match !== null) return words(match, retellInDutch);
  }
  return recorded;
}

/** English is how the book keeps them. */
const asRecorded: Retell = (recorded) => recorded;

/** The till's recorded phrases for the screen, in the till's configured language. */
export function retellIn(language: Language): Retell {
  switch (language) {
    case 'en':
      return asRecorded;
    case 'nl':
      return retellInDutch;
  }
}
