import { currencyExponent } from '../../../shared/money.ts';

/**
 * `TotalAmount` travels as a JSON number in major units (12.5 for €12.50).
 * Internally every amount is an integer count of minor units. Only the
 * exponent comes from `shared/money.ts` (the ISO 4217 table a real acquirer
 * uses too); the conversion is the simulator's own, so a conversion bug in
 * the till cannot be mirrored here.
 */

/**
 * The largest amount a JSON number in major units carries exactly: a double
 * tells apart every decimal of up to 15 significant digits, not every one of
 * 16 (89983043060773.55 and .56 are the same double).
 */
export const MAX_EXACT_MINOR = 10 ** 15 - 1;

/**
 * Minor units, or undefined unless `amount` is exactly a whole number of
 * minor units: the double nearest a decimal with at most `exponent` digits
 * is exactly `minor / 10^exponent` (both are correctly rounded), so 12.34 and
 * 12.5 pass and 12.345 or 0.1 + 0.2 do not. Also undefined above
 * MAX_EXACT_MINOR, where that stops telling amounts apart.
 */
export function toMinor(amount: number, currency: string): number | undefined {
  const scale = 10 ** currencyExponent(currency);
  const minor = Math.round(amount * scale);
  if (!Number.isSafeInteger(minor) || minor > MAX_EXACT_MINOR || minor / scale !== amount) return undefined;
  return minor;
}

/** 1250 EUR → 12.5: the double nearest the decimal, which JSON writes in its shortest form. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyExponent(currency);
}

/** 1250 EUR → "12.50 EUR", for messages a person reads. */
export function describeAmount(minor: number, currency: string): string {
  return `${toMajor(minor, currency).toFixed(currencyExponent(currency))} ${currency}`;
}
