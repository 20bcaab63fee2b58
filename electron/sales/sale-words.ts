import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';
import { saleRuleSentence, type ItemField, type SaleRule } from '../../shared/sale/cart.ts';

/** Formats minor units in the till's currency and locale. */
type Money = (minor: number) => string;

/**
 * What main says to the cashier about the open sale, in one place: every
 * refusal tells them what to do next. Amounts arrive formatted for the till's
 * locale. (The screen's own words are in renderer/i18n/messages.ts.)
 */
export const saleWords = {
  unknownCode: (code: string) => `“${code}” is not in the catalogue. Check the code, or find the product by its name.`,
  unknownOpenItem: (sku: string) => `There is no open item “${sku}” on this till. Pick one of the open item keys.`,
  openItemTooDear: (name: string, max: string) =>
    `${name} can be rung up for at most ${max}. Check the price; a dearer item needs its own code.`,
  notOnTill: 'That sale is no longer open on this till. The screen now shows the sale that is.',
  lineGone: 'That line is no longer on the sale.',
  lineChanged: 'That line changed while the manager was approving. Check it and ask again.',
  tooManyLines: 'This sale has as many lines as a sale can hold. Finish it and start another.',
  linesLocked:
    'Money has been taken or asked for on this sale, so its lines cannot change. Finish the payment first, or void the sale.',
  cardGoing: 'A card payment on this sale is still going. Wait for it to finish (or for a manager to settle it) first.',
  nothingOnSale: 'There is nothing on this sale yet. Scan or pick a product first.',
  nothingDue: 'Nothing is left to pay on this sale.',
  moreThanDue: (due: string) =>
    `That is more than is still due on this sale (${due}). Type the amount for this payment.`,
  notPaid: (due: string) => `The sale is not paid in full yet: ${due} is still due. Take the rest before finishing.`,
  noCards: 'This till has no card terminal set up. Take another way to pay.',
  noLinks: 'This till has no online payments set up, so it cannot make a payment link. Take another way to pay.',
  parkWithMoney:
    'Cash has been taken on this sale, so it cannot be parked. Finish the sale, or void it and give the cash back.',
  parkAfterCard: 'A card payment was started on this sale, so it cannot be parked. Finish the sale instead.',
  screenBehind:
    'The sale changed since this screen last showed it (the cash may already have been taken). Check what is still due, then take the rest.',
  recallOverSale: 'Park or finish the sale on screen before you recall another.',
  notParked: 'That sale is no longer parked on this till.',
  voidWithCard: 'void a sale a card has paid for (the card money must be given back)',
  discountNeedsManager: (name: string, percent: string) =>
    `A discount of ${percent} on ${name} is more than you may give. Ask a manager to approve it with their PIN.`,
  priceNeedsManager: (name: string, from: string, to: string) =>
    `Changing the price of ${name} from ${from} to ${to} needs a manager. Ask a manager to approve it with their PIN.`,
  discountAboveManager: (limit: string) => `A discount above ${limit} is not allowed on this till, even by a manager.`,
  priceNotAllowed: 'Prices cannot be changed at this till, even by a manager.',
  discountOutgrown:
    'With that change the line’s amount off would be more of it than you may give. Take the discount off first, change the line, then give the discount again.',
  /** The database check found damage: money waits. The English names the file and the finding, for IT. */
  journalDamaged: (finding: string) => finding,
  // The journal's last word before a sale is recorded: the service checks these first, so they show only in a race.
  cardNotSettled:
    'A card payment on this sale is not settled yet. Wait for it, or ask a manager, before finishing the sale.',
  nothingToRecord: 'There is nothing on this sale to record.',
  cardNotForSale: 'A card payment named for this sale was not approved for it. Check the payments and try again.',
  cardsOverSale:
    'The card payments come to more than the sale. Put the sale back as it was paid, or refund the difference.',
  cashOverDue: 'Nothing was left to pay when this cash was taken. Check the tenders.',
  notPaidInFull: 'The sale is not paid in full yet: take the rest before finishing.',
  /** A change the sale's own rules refuse (shared/sale): the shared English sentence, amounts in the till's locale. */
  broke: (rule: SaleRule, money: Money): string =>
    rule.code === 'discount_exceeds_line'
      ? `A discount of ${money(rule.discountMinor)} is more than “${rule.name}” comes to (${money(rule.lineMinor)}).`
      : saleRuleSentence(rule),
} as const;

/** A translation of the refusals: every key, each function with the same parameters. */
export type SaleWords = Translation<typeof saleWords>;

/**
 * The same refusals in Dutch, as a Dutch shop's till says them. Same keys,
 * same parameters: the compiler holds the two together. Voiding is "wissen",
 * as on the screen's "Verkoop wissen" button.
 */
export const saleWordsNl = {
  unknownCode: (code: string) =>
    `“${code}” staat niet in het assortiment. Controleer de code, of zoek het product op naam.`,
  unknownOpenItem: (sku: string) =>
    `Er is geen open artikel “${sku}” op deze kassa. Kies een van de open-artikeltoetsen.`,
  openItemTooDear: (name: string, max: string) =>
    `${name} kan voor hoogstens ${max} worden aangeslagen. Controleer de prijs; een duurder artikel heeft een eigen code nodig.`,
  notOnTill: 'Die verkoop staat niet meer open op deze kassa. Het scherm toont nu de verkoop die wel openstaat.',
  lineGone: 'Die regel staat niet meer op de verkoop.',
  lineChanged: 'Die regel is veranderd terwijl de manager goedkeurde. Controleer hem en vraag het opnieuw.',
  tooManyLines: 'Deze verkoop heeft het maximale aantal regels. Rond hem af en begin een nieuwe.',
  linesLocked:
    'Op deze verkoop is al geld ontvangen of gevraagd, dus de regels kunnen niet meer veranderen. Rond eerst de betaling af, of wis de verkoop.',
  cardGoing: 'Er loopt nog een pinbetaling op deze verkoop. Wacht tot die klaar is (of tot een manager hem afhandelt).',
  nothingOnSale: 'Er staat nog niets op deze verkoop. Scan of kies eerst een product.',
  nothingDue: 'Er hoeft op deze verkoop niets meer betaald te worden.',
  moreThanDue: (due: string) =>
    `Dat is meer dan er nog te betalen is op deze verkoop (${due}). Typ het bedrag voor deze betaling.`,
  notPaid: (due: string) =>
    `De verkoop is nog niet helemaal betaald: er staat nog ${due} open. Ontvang de rest voordat je afrondt.`,
  noCards: 'Deze kassa heeft geen pinautomaat. Laat de klant op een andere manier betalen.',
  noLinks:
    'Deze kassa heeft geen online betalingen, dus kan geen betaallink maken. Laat de klant op een andere manier betalen.',
  parkWithMoney:
    'Op deze verkoop is al contant geld ontvangen, dus hij kan niet worden geparkeerd. Rond de verkoop af, of wis hem en geef het geld terug.',
  parkAfterCard: 'Op deze verkoop is een pinbetaling gestart, dus hij kan niet worden geparkeerd. Rond de verkoop af.',
  screenBehind:
    'De verkoop is veranderd sinds het scherm hem liet zien (misschien is het contante geld al ontvangen). Controleer wat er nog te betalen is en ontvang de rest.',
  recallOverSale: 'Parkeer of rond de verkoop op het scherm af voordat je een andere ophaalt.',
  notParked: 'Die verkoop staat niet meer geparkeerd op deze kassa.',
  voidWithCard: 'een verkoop wissen die met een pinpas is betaald (het pinbedrag moet worden teruggegeven)',
  discountNeedsManager: (name: string, percent: string) =>
    `Een korting van ${percent} op ${name} is meer dan je mag geven. Vraag een manager om die met de eigen pincode goed te keuren.`,
  priceNeedsManager: (name: string, from: string, to: string) =>
    `De prijs van ${name} veranderen van ${from} naar ${to} moet een manager goedkeuren. Vraag een manager om dat met de eigen pincode goed te keuren.`,
  discountAboveManager: (limit: string) =>
    `Een korting van meer dan ${limit} is op deze kassa niet toegestaan, ook niet door een manager.`,
  priceNotAllowed: 'Prijzen kunnen op deze kassa niet worden veranderd, ook niet door een manager.',
  discountOutgrown:
    'Met die wijziging zou de korting op de regel groter worden dan je mag geven. Haal eerst de korting eraf, wijzig de regel en geef de korting opnieuw.',
  // The file and the finding are in the log for IT; the cashier needs what to do.
  journalDamaged: () =>
    'De database van de kassa is beschadigd, dus hij neemt geen verkopen of betalingen aan. Verwijder hem niet: hij bevat de pinbetalingen. Vraag IT om hem uit de back-up terug te zetten.',
  cardNotSettled:
    'Een pinbetaling op deze verkoop is nog niet afgehandeld. Wacht erop, of vraag een manager, voordat je de verkoop afrondt.',
  nothingToRecord: 'Er staat niets op deze verkoop om vast te leggen.',
  cardNotForSale:
    'Een pinbetaling die bij deze verkoop hoort, is er niet voor goedgekeurd. Controleer de betalingen en probeer het opnieuw.',
  cardsOverSale:
    'De pinbetalingen zijn meer dan de verkoop. Zet de verkoop terug zoals hij betaald is, of betaal het verschil terug.',
  cashOverDue:
    'Er hoefde niets meer betaald te worden toen dit contante geld werd ontvangen. Controleer de betalingen.',
  notPaidInFull: 'De verkoop is nog niet helemaal betaald: ontvang de rest voordat je afrondt.',
  broke: (rule: SaleRule, money: Money) => regelNl(rule, money),
} satisfies SaleWords;

/** The catalogue fields with their article: "het" or "de" goes with the word in Dutch. */
const VELDEN: Readonly<Record<ItemField, string>> = {
  sku: 'het artikelnummer',
  name: 'de naam',
  unitPriceMinor: 'de prijs',
  vatBasisPoints: 'het btw-tarief',
};

/** The sale's own rules in Dutch, one sentence per rule, as saleRuleSentence says them in English. */
function regelNl(rule: SaleRule, money: Money): string {
  switch (rule.code) {
    case 'line_not_found':
      return 'Die regel staat niet meer op de verkoop.';
    case 'item_invalid':
      return `“${rule.name}” kan niet worden verkocht: ${rule.field === undefined ? 'een veld' : VELDEN[rule.field]} in het assortiment klopt niet. Laat het assortiment nakijken.`;
    case 'quantity_invalid':
      return rule.zeroRemoves
        ? 'Typ een heel aantal, of 0 om de regel te verwijderen.'
        : 'Typ een aantal van minstens 1.';
    case 'quantity_limit':
      return rule.already > 0
        ? `“${rule.name}” staat al ${rule.already} keer op de regel; er kunnen er hoogstens ${rule.most - rule.already} bij (${rule.most} per regel).`
        : `Een regel kan hoogstens ${rule.most} keer “${rule.name}” bevatten.`;
    case 'price_invalid':
      return 'Typ een prijs van nul of meer.';
    case 'discount_invalid':
      return rule.kind === 'percent'
        ? 'Typ een korting tussen 0,01 % en 100 %.'
        : 'Typ een kortingsbedrag groter dan nul.';
    case 'discount_exceeds_line':
      return `Een korting van ${money(rule.discountMinor)} is meer dan “${rule.name}” kost (${money(rule.lineMinor)}).`;
    case 'amount_too_large':
      return 'Dan wordt de verkoop groter dan de kassa aankan. Rond deze verkoop af en begin een nieuwe.';
    case 'nothing_due':
      return 'Er hoeft op deze verkoop niets meer betaald te worden.';
    case 'tender_invalid':
      return 'Typ het contante bedrag dat de klant je gaf.';
  }
}

/** Main's words about the sale, in the till's configured language. */
export function saleWordsFor(language: Language): SaleWords {
  switch (language) {
    case 'en':
      return saleWords;
    case 'nl':
      return saleWordsNl;
  }
}
