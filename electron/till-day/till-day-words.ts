import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/**
 * What main says to the manager running the till day, in one place: every
 * refusal says what to do instead. Amounts arrive formatted for the till's
 * locale; `since` is the day's opening time as the till writes it.
 */
export const tillDayWords = {
  notOpen: 'The till day is not open. Count the float and open the day first.',
  alreadyOpen: (since: string) =>
    `The till day is already open (since ${since}). Close it with a Z report before opening a new one.`,
  drawerHoldsOnly: (amount: string) =>
    `The drawer should hold only ${amount}: count it, and take out no more than is there.`,
  refundOpen: 'A refund is still open. Finish or cancel it before closing the day, so the Z report is complete.',
  linksLive: (links: string) =>
    `A payment link is still live (${links}): the customer may still pay it. Close the day again to cancel it first, or wait until it is settled.`,
  depositOnItsWay:
    'A deposit’s capture or release is on its way to the payment provider. Wait for its answer before closing the day, so the Z report is complete.',
  noZReport: (zNumber: number) => `There is no Z report number ${String(zNumber)} on this till.`,
  closedMeanwhile: 'This till day was closed a moment ago. Look at its Z report.',
} as const;

/** A translation of the till-day words: every key, each function with the same parameters. */
export type TillDayWords = Translation<typeof tillDayWords>;

/**
 * The same words in Dutch, in the screen's terms: the "kassadag", its
 * "beginsaldo" (the float), the "kassalade", the "Z-rapport".
 */
export const tillDayWordsNl = {
  notOpen: 'De kassadag is niet geopend. Tel het beginsaldo en open eerst de dag.',
  alreadyOpen: (since: string) =>
    `De kassadag is al geopend (sinds ${since}). Sluit hem af met een Z-rapport voordat je een nieuwe opent.`,
  drawerHoldsOnly: (amount: string) =>
    `Er hoort maar ${amount} in de kassalade te zitten: tel het, en neem er niet meer uit dan erin zit.`,
  refundOpen:
    'Er staat nog een terugbetaling open. Rond die af of annuleer hem voordat je de dag afsluit, zodat het Z-rapport compleet is.',
  linksLive: (links: string) =>
    `Er staat nog een betaallink open (${links}): de klant kan hem nog betalen. Sluit de dag opnieuw af om hem eerst te annuleren, of wacht tot hij is afgehandeld.`,
  depositOnItsWay:
    'Het innen of vrijgeven van een aanbetaling is onderweg naar de betaalprovider. Wacht op het antwoord voordat je de dag afsluit, zodat het Z-rapport compleet is.',
  noZReport: (zNumber: number) => `Er is geen Z-rapport met nummer ${String(zNumber)} op deze kassa.`,
  closedMeanwhile: 'Deze kassadag is zojuist afgesloten. Bekijk het Z-rapport ervan.',
} satisfies TillDayWords;

/** Main's words about the till day, in the till's configured language. */
export function tillDayWordsFor(language: Language): TillDayWords {
  switch (language) {
    case 'en':
      return tillDayWords;
    case 'nl':
      return tillDayWordsNl;
  }
}
