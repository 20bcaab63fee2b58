import { CATALOGUES, type Catalogue } from './catalogues.ts';
import { catalogue } from './words.ts';

/** The catalogue's areas whose words live beside their code (en-areas.ts, nl-areas.ts). */
export type Area = Exclude<keyof Catalogue, 'messages'>;

/**
 * An area's words that always speak the till's current language: every read
 * (`journalWords.open`, `dayWords.report.vat`) looks the word up in
 * `catalogue()` at that moment.
 *
 * Why getters and not a plain object: the word files export objects that
 * components read as `journalWords.open`, but the language is only known once
 * main has sent the till's info, long after the modules loaded; a plain object
 * would keep the English it was built with. An object of getters keeps those
 * call sites and their types as they are, and unlike a Proxy it is a plain
 * enumerable object (`Object.keys`, spreading and test matchers just work).
 * Its keys are English's, which every catalogue has (catalogues.test.ts).
 * Groups are live views too, so `const words = dayWords.report` taken once at
 * module level still follows the language.
 */
export function liveArea<A extends Area>(area: A): Catalogue[A] {
  return liveView(() => catalogue()[area], CATALOGUES.en[area]);
}

function liveView<T extends object>(read: () => T, shape: T): T {
  const view = {};
  for (const [key, value] of Object.entries(shape as Record<string, unknown>)) {
    const current = () => (read() as Record<string, unknown>)[key];
    if (typeof value === 'object' && value !== null) {
      const group = liveView(() => current() as object, value);
      Object.defineProperty(view, key, { value: group, enumerable: true });
    } else {
      Object.defineProperty(view, key, { get: current, enumerable: true });
    }
  }
  return Object.freeze(view) as T;
}
