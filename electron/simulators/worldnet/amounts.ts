import {
  CurrencyCodeSchema,
  currencyExponent,
  majorNumberToMinor,
  minorToDecimalString,
  type CurrencyCode,
} from '../../../shared/money.ts';

/**
 * Worldnet's amounts. On the hosted page `AMOUNT` has a dot and two
 * decimals (`12.50`), or is a whole number for a currency without minor
 * units (JPY); Worldnet documents no three-decimal form, so such a currency
 * is refused. The REST API writes amounts as JSON numbers in major units.
 * Inside the simulator every amount is whole minor units.
 */

const TWO_DECIMALS = /^(\d{1,10})\.(\d{2})$/;
const WHOLE = /^\d{1,12}$/;

/** The currency when Worldnet can take it on the hosted page (ISO 4217, two decimals or none). */
export function pageCurrency(text: string): CurrencyCode | undefined {
  const parsed = CurrencyCodeSchema.safeParse(text);
  if (!parsed.success) return undefined;
  const exponent = currencyExponent(parsed.data);
  return exponent === 2 || exponent === 0 ? parsed.data : undefined;
}

/** `AMOUNT` as written for `currency`, in minor units; undefined when not in Worldnet's form or not above zero. */
export function parsePageAmount(text: string, currency: CurrencyCode): number | undefined {
  const exponent = currencyExponent(currency);
  if (exponent === 0) {
    if (!WHOLE.test(text)) return undefined;
    const minor = Number(text);
    return minor > 0 ? minor : undefined;
  }
  const match = TWO_DECIMALS.exec(text);
  if (match === null) return undefined;
  const minor = Number(match[1]) * 100 + Number(match[2]);
  return minor > 0 ? minor : undefined;
}

/** `12.50` → `12.5`, `12.00` → `12`: the form a gateway that writes numbers loosely sends back. */
export function trimmedAmount(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/** Minor units as REST's JSON number: 1250 EUR → 12.5. */
export function majorNumber(minor: number, currency: CurrencyCode): number {
  return Number(minorToDecimalString(minor, currency));
}

/** A REST amount back to minor units; undefined with more decimals than the currency has. */
export function minorOfMajor(value: number, currency: CurrencyCode): number | undefined {
  return majorNumberToMinor(value, currency);
}
