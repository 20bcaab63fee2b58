import { decimalStringToMinor, type CurrencyCode } from '../../shared/money.ts';

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
