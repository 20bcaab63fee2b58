import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';

/** What the person at the till reads when a call cannot be answered: never a channel name, a field or a stack. */
export const ipcWords = {
  badRequest: (reference: string) =>
    `The till could not take that request from the screen (reference ${reference}). Try again; if it keeps happening, reload the screen and tell IT the reference.`,
  unknownCall: (reference: string) =>
    `The screen asked the till for something it does not do (reference ${reference}). Reload the screen; if it keeps happening, tell IT the reference.`,
  internal: (reference: string) =>
    `Something went wrong inside the till (reference ${reference}). Try again; if it keeps happening, tell IT the reference.`,
} as const;

/** A translation of those words: every key, each with the reference to name. */
export type IpcWords = Translation<typeof ipcWords>;

/** The same in Dutch ("je"-form); IT stays "IT", as Dutch shops say it. */
export const ipcWordsNl = {
  badRequest: (reference: string) =>
    `De kassa kon dat verzoek van het scherm niet aannemen (referentie ${reference}). Probeer het opnieuw; blijft het gebeuren, herlaad dan het scherm en geef IT de referentie door.`,
  unknownCall: (reference: string) =>
    `Het scherm vroeg de kassa om iets wat hij niet doet (referentie ${reference}). Herlaad het scherm; blijft het gebeuren, geef IT dan de referentie door.`,
  internal: (reference: string) =>
    `Er ging iets mis in de kassa (referentie ${reference}). Probeer het opnieuw; blijft het gebeuren, geef IT dan de referentie door.`,
} satisfies IpcWords;

/** The router's words in the till's configured language. */
export function ipcWordsFor(language: Language): IpcWords {
  switch (language) {
    case 'en':
      return ipcWords;
    case 'nl':
      return ipcWordsNl;
  }
}
