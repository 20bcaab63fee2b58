import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

const minutes = (count: number) => (count === 1 ? '1 minute' : `${String(count)} minutes`);
const minuten = (count: number) => (count === 1 ? '1 minuut' : `${String(count)} minuten`);

/**
 * What main says to the person at the till about who may do what, in one
 * place. `what` is a few words from the caller ("open the cash drawer
 * without a sale"), in the same language, fitting "Only a manager can …".
 */
export const staffWords = {
  locked: 'The till is locked. Log in with your PIN first.',
  onlyManager: (what: string) => `Only a manager can ${what}. Ask a manager to log in.`,
  needsApproval: (what: string) => `Only a manager can ${what}. Ask a manager to approve it with their PIN.`,
  /** The `what` when the caller names nothing. */
  doThis: 'do this',
  notAManager: (name: string) => `${name} is not a manager. A manager must approve this.`,
  notSetUp: 'That person is not set up on this till.',
  tooManyWrongPins: (name: string, waitMinutes: number) =>
    `Too many wrong PINs for ${name}. Try again in ${minutes(waitMinutes)}, or ask a manager.`,
  wrongPin: (triesLeft: number) => `Wrong PIN. ${triesLeft === 1 ? '1 try' : `${String(triesLeft)} tries`} left.`,
  changedWhileApproving: 'The sale changed while the manager was approving. Check it and ask again.',
  lockWithMoney:
    'Money has been taken on this sale, so it cannot be put aside. Finish the sale (or void it and give the money back) before locking the till.',
  lockAfterCard:
    'A card payment was started on this sale, so it cannot be put aside. Finish the sale (or void it) before locking the till.',
} as const;

/** A translation of the staff words: every key, each function with the same parameters. */
export type StaffWords = Translation<typeof staffWords>;

/**
 * The same words in Dutch, as a Dutch shop's till says them ("je"-form, as on
 * the screen). `what` is a Dutch phrase ending in its verb ("de kassalade
 * openen zonder verkoop"), so "Alleen een manager kan …" reads right.
 */
export const staffWordsNl = {
  locked: 'De kassa is vergrendeld. Log eerst in met je pincode.',
  onlyManager: (what: string) => `Alleen een manager kan ${what}. Vraag een manager om in te loggen.`,
  needsApproval: (what: string) =>
    `Alleen een manager kan ${what}. Vraag een manager om dit met de eigen pincode goed te keuren.`,
  doThis: 'dit doen',
  notAManager: (name: string) => `${name} is geen manager. Een manager moet dit goedkeuren.`,
  notSetUp: 'Die persoon is niet ingesteld op deze kassa.',
  tooManyWrongPins: (name: string, waitMinutes: number) =>
    `Te vaak een verkeerde pincode voor ${name}. Probeer het over ${minuten(waitMinutes)} opnieuw, of vraag een manager.`,
  wrongPin: (triesLeft: number) =>
    `Verkeerde pincode. Nog ${triesLeft === 1 ? '1 poging' : `${String(triesLeft)} pogingen`} over.`,
  changedWhileApproving: 'De verkoop is veranderd terwijl de manager goedkeurde. Controleer hem en vraag het opnieuw.',
  lockWithMoney:
    'Op deze verkoop is al geld ontvangen, dus hij kan niet opzij worden gezet. Rond de verkoop af (of wis hem en geef het geld terug) voordat je de kassa vergrendelt.',
  lockAfterCard:
    'Op deze verkoop is een pinbetaling gestart, dus hij kan niet opzij worden gezet. Rond de verkoop af (of wis hem) voordat je de kassa vergrendelt.',
} satisfies StaffWords;

/** Main's words about who may do what, in the till's configured language. */
export function staffWordsFor(language: Language): StaffWords {
  switch (language) {
    case 'en':
      return staffWords;
    case 'nl':
      return staffWordsNl;
  }
}
