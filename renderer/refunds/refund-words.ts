import { liveArea } from '../i18n/live-words.ts';

/**
 * Every word of the refund screens: the form in a sale, the refund without a
 * receipt, the refund's progress. The words are the catalogue's (`refund` in
 * en-areas.ts and nl-areas.ts), read live so they follow the till's language.
 */
export const refundWords = liveArea('refund');
