import { liveArea } from '../i18n/live-words.ts';
import { catalogue } from '../i18n/words.ts';

/**
 * The till day panel's words (`day` in en-areas.ts and nl-areas.ts), read live
 * so they follow the till's language, and the sentences that need a little logic.
 */
export const dayWords = liveArea('day');

/**
 * The drawer count against what should be there, in words that carry the
 * sign: counted − expected, negative when cash is missing.
 */
export function differenceWords(differenceMinor: number, money: (minor: number) => string): string {
  const words = catalogue().day.difference;
  if (differenceMinor < 0) return words.short(money(-differenceMinor));
  if (differenceMinor > 0) return words.over(money(differenceMinor));
  return words.none;
}

/** A Z number as typed, or undefined when it is not one. */
export function parseZNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  const zNumber = Number(trimmed);
  return zNumber >= 1 ? zNumber : undefined;
}
