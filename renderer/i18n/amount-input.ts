import { decimalStringToMinor, minorToDecimalString, type CurrencyCode } from '../../shared/money.ts';

/**
 * An amount typed by the cashier: "20", "12.50" or "12,50" (either mark as the
 * decimal separator, whatever the locale), to minor units. Undefined when it
 * is not an amount of this currency, so the caller can say so.
 */
export function parseTypedAmount(text: string, currency: CurrencyCode): number | undefined {
  const cleaned = text.trim().replace(',', '.');
  if (!/^\d{1,12}(\.\d+)?$/.test(cleaned)) return undefined;
  try {
    return decimalStringToMinor(cleaned, currency);
  } catch {
    return undefined;
  }
}

/**
 * An amount as a cashier or manager would type it in the till's locale ("40,00" in
 * nl-NL, "40.00" in en-GB): no currency sign, no grouping, so
 * `parseTypedAmount` reads it back as it is.
 */
export function typedAmount(minor: number, currency: CurrencyCode, locale: string): string {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value;
  const plain = minorToDecimalString(minor, currency);
  return decimal === ',' ? plain.replace('.', ',') : plain;
}
