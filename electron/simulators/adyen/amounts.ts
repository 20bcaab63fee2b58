/**
 * The Terminal API carries amounts as JSON numbers in major units (10.99).
 * The simulator converts them itself, deliberately not through Kassa's
 * `shared/money.ts`, so a conversion bug in the till cannot be mirrored here.
 * The number of decimals comes from the platform's own currency data (Intl).
 */

const digitsByCurrency = new Map<string, number>();

export function currencyDigits(currency: string): number {
  // Building an Intl.NumberFormat costs a tenth of a millisecond; the simulator asks several times a payment.
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Minor units, or undefined when the amount has more decimals than the currency allows. */
export function majorToMinor(amount: number, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  // Exact: the number must be its own rounding to the currency's decimals (12345.675 EUR is refused, not charged as .68).
  if (Number(amount.toFixed(digits)) !== amount) return undefined;
  return Math.round(amount * 10 ** digits);
}

export function minorToMajor(minor: number, currency: string): number {
  const digits = currencyDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}

/** "EUR 10.99", as the simulated receipts print it. */
export function formatAmount(minor: number, currency: string): string {
  return `${currency} ${(minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency))}`;
}
