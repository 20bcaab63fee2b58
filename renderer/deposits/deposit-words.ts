import { liveArea } from '../i18n/live-words.ts';

/**
 * Every word of the deposits panel (`deposit` in en-areas.ts and
 * nl-areas.ts), read live so they follow the till's language. Where a
 * deposit stands and what to do next is main's own `message`, already in
 * the till's language: these are the panel's labels and the checks it makes
 * before asking main.
 */
export const depositWords = liveArea('deposit');
