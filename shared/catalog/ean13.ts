/**
 * EAN-13 (GTIN-13) check digits: the last digit makes the weighted sum of all
 * thirteen (weights 1, 3, 1, 3, … from the left) a multiple of ten.
 */

/** The check digit for the first twelve digits of an EAN-13. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`"${first12}" is not twelve digits`);
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Twelve digits plus their check digit. */
export function withEan13CheckDigit(first12: string): string {
  return first12 + String(ean13CheckDigit(first12));
}

/** Thirteen digits whose last is the right check digit. */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === code.charCodeAt(12) - 48;
}
