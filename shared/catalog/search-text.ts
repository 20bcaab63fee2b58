/**
 * How the catalogue search sees text: case- and accent-insensitive ("Crème"
 * and "creme" are the same word), split into words of letters and digits.
 * The index folds names with these functions and search folds the query with
 * them, so both always agree; the renderer may use them to highlight matches.
 */

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const COMBINING_MARKS = /\p{M}+/gu;
/** Letters that carry no combining mark to strip, spelled the way a cashier would type them. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};
const SPECIAL_LETTER = /[ßæœøłđðþıħ]/g;
/** Apostrophes join: "Jerry's" is the one word "jerrys". */
const APOSTROPHES = /['’ʼ`´]/g;
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** Lower case, compatibility-decomposed, without accents: "Crème Brûlée" → "creme brulee". */
export function foldForSearch(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(SPECIAL_LETTER, (letter) => SPECIAL_LETTERS[letter] ?? letter);
}

/** The folded words of a text: "Ben & Jerry's Crème 1.5 L" → ["ben", "jerrys", "creme", "1", "5", "l"]. */
export function searchWords(text: string): string[] {
  const folded = foldForSearch(text).replace(APOSTROPHES, '');
  const words = folded.split(ASCII_ONLY.test(folded) ? ASCII_SEPARATORS : SEPARATORS);
  // split leaves an empty string at either end when the text starts or ends with a separator.
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}
