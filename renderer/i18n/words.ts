import type { Language } from '../../shared/config/schema.ts';
import { chooseCatalogue, type Catalogue } from './catalogues.ts';

/**
 * The words the screen speaks, in the till's language. Components read `t`
 * (the screen's messages) and the area words from here; these are live
 * bindings, so once `speak` has set the language every render reads the
 * new words. The language is the till's (`language` in its configuration,
 * said by `till.getInfo`): it is set before the screens that use it render,
 * and a till does not change language while it runs. English until then.
 */
let current: Catalogue = chooseCatalogue(undefined);

/** The screen's messages (the shape of `en` in messages.ts). */
export let t: Catalogue['messages'] = current.messages;

/** The catalogue in use, for the area word files that read their words when asked. */
export function catalogue(): Catalogue {
  return current;
}

/** Sets the language every word is read in from now on. */
export function speak(language: Language | undefined): void {
  current = chooseCatalogue(language);
  t = current.messages;
}
