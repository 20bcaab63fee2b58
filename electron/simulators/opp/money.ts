/**
 * OPP writes every amount as `[0-9]{1,10}\.[0-9]{2}`: always two decimals
 * with a dot, whatever the currency's own exponent. The simulator keeps
 * integer hundredths and never passes an amount through floating point, so
 * a refund of "0.10" on "0.30" leaves exactly "0.20".
 */

export const AMOUNT_PATTERN = /^([0-9]{1,10})\.([0-9]{2})$/;

/** "12.34" → 1234; undefined when the text is not in OPP's form. */
export function parseAmount(text: string): number | undefined {
  const match = AMOUNT_PATTERN.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number(match[2]);
}

/** 1234 → "12.34", 5 → "0.05". */
export function formatAmount(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths) || hundredths < 0) {
    throw new RangeError(`${String(hundredths)} is not a whole, non-negative number of hundredths`);
  }
  const digits = String(hundredths).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
