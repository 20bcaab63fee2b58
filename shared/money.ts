import { z } from 'zod';

/**
 * Money is an integer count of a currency's minor units (cents, öre, yen).
 * Conversions to and from decimal strings live here and nowhere else, and they
 * never pass through floating point: providers want "12.34", we keep 1234.
 */

/** ISO 4217 minor-unit exponents that differ from 2, for active currencies. */
// prettier-ignore
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0,
  PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Active ISO 4217 currency codes (2025 list, funds and metals excluded). */
const ISO_4217_CODES = new Set(
  (
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP ' +
    'BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP ' +
    'GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES ' +
    'KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU ' +
    'MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON ' +
    'RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND ' +
    'TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

export const CurrencyCodeSchema = z.string().refine((code) => ISO_4217_CODES.has(code), {
  message: 'must be an active ISO 4217 currency code in capitals, such as EUR or GBP',
});
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/** An amount in minor units. Safe integers only: no fractions, no precision loss. */
export const MinorUnitsSchema = z.number().int().refine(Number.isSafeInteger, {
  message: 'must be a safe integer count of minor units',
});

export function currencyExponent(currency: CurrencyCode): number {
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

/** 1234 EUR → "12.34"; -5 EUR → "-0.05"; 1200 JPY → "1200". */
export function minorToDecimalString(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`Amount ${String(minor)} is not a whole number of minor units`);
  }
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = Math.abs(minor).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/**
 * "12.34" EUR → 1234. Refuses more decimals than the currency has rather than
 * rounding: an amount that needs rounding is a mistake upstream, and money is
 * only ever rounded by an explicit rule.
 */
export function decimalStringToMinor(text: string, currency: CurrencyCode): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) {
    throw new RangeError(`"${text}" is not a decimal amount`);
  }
  const [, sign = '', whole = '', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    throw new RangeError(`"${text}" has more decimals than ${currency} allows (${exponent})`);
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`"${text}" is too large to handle exactly`);
  }
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/**
 * A major-unit number from a provider's JSON, exactly: 12.34 EUR → 1234. A
 * value with more decimals than the currency has (12.345) is not an amount
 * the till can read, so undefined rather than a rounded guess.
 */
export function majorNumberToMinor(amount: number, currency: CurrencyCode): number | undefined {
  if (!Number.isFinite(amount)) return undefined;
  try {
    const text = amount.toFixed(currencyExponent(currency));
    return Number(text) === amount ? decimalStringToMinor(text, currency) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * THE rounding rule of the till: `numerator / denominator` rounded to the
 * nearest integer, halves away from zero (2.5 → 3, -2.5 → -3, 2.4 → 2).
 * Every amount the till has to round (percent discounts, the VAT inside a
 * VAT-inclusive price) goes through this one function, so a receipt, a report
 * and a payment can never disagree by a cent about how a half was rounded.
 *
 * Exact for every safe integer: it divides in BigInt, never in floating point.
 * Throws a RangeError for a numerator or denominator that is not a safe
 * integer, a denominator that is not positive, or a result that is not a safe
 * integer (which cannot happen with safe inputs, but is checked anyway).
 */
export function divideRounded(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator)) {
    throw new RangeError(`Numerator ${String(numerator)} is not a safe integer`);
  }
  return roundedQuotient(BigInt(numerator), denominator, () => `${String(numerator)} / ${String(denominator)}`);
}

/**
 * `value × factor / denominator` by the same rule, with the product kept in
 * BigInt: a share of a large amount (`amount × part / whole`) whose product
 * would pass 2^53 is still exact.
 */
export function scaleRounded(value: number, factor: number, denominator: number): number {
  if (!Number.isSafeInteger(value) || !Number.isSafeInteger(factor)) {
    throw new RangeError(`${String(value)} × ${String(factor)} needs safe integers`);
  }
  return roundedQuotient(BigInt(value) * BigInt(factor), denominator, () => `${String(value)} × ${String(factor)}`);
}

/**
 * `minor` rounded to the nearest multiple of `incrementMinor`, halves up, by
 * the till's one rule (`divideRounded`): cash rounding to 0.05 takes 12.31
 * and 12.32 down to 12.30, 12.33 and 12.34 up to 12.35, 12.36 and 12.37 down
 * to 12.35, 12.38 and 12.39 up to 12.40 (the Dutch and Belgian rule; Finland
 * and Switzerland round the same way). An increment of 1 changes nothing.
 * Throws a RangeError for an increment that is not a positive safe integer.
 */
export function roundToIncrement(minor: number, incrementMinor: number): number {
  if (incrementMinor === 1) {
    if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount ${String(minor)} is not a safe integer`);
    return minor;
  }
  return divideRounded(minor, incrementMinor) * incrementMinor;
}

function roundedQuotient(n: bigint, denominator: number, what: () => string): number {
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`Denominator ${String(denominator)} is not a positive safe integer`);
  }
  const d = BigInt(denominator);
  let quotient = n / d; // truncates toward zero
  const remainder = n % d; // has the numerator's sign
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (2n * magnitude >= d) quotient += n < 0n ? -1n : 1n;
  const result = Number(quotient);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`${what()} / ${String(denominator)} does not round to a safe integer`);
  }
  return result;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * 1234 EUR in "nl-NL" → "€ 12,34"; 1200 JPY in "ja-JP" → "￥1,200". For people
 * only: machines get `minorToDecimalString`.
 *
 * Intl is handed the exact decimal string from `minorToDecimalString` (Intl
 * formats numeric strings as decimals, ES2023), never a float, so every safe
 * amount is shown to the last minor unit, including amounts above
 * 2^53 / 10^exponent that `Number("…")` would have blurred. The digits are
 * pinned to the currency's exponent (KWD always 3, JPY none). Formatters are
 * cached per locale and currency: building one is far slower than using it.
 * Throws a RangeError for a non-safe amount or a locale Intl does not accept.
 */
export function formatMoney(minor: number, currency: CurrencyCode, locale: string): string {
  const key = `${locale}\u0000${currency}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    const exponent = currencyExponent(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    numberFormats.set(key, format);
  }
  return format.format(minorToDecimalString(minor, currency) as `${number}`);
}

const amountFormats = new Map<string, Intl.NumberFormat>();

/**
 * 1234 EUR in "nl-NL" → "12,34": the amount without a currency sign, for
 * paper. A thermal printer's code page may not have the sign (cp437 has no €),
 * so a receipt names the currency once, by code, and prints bare amounts.
 * Same exact-decimal technique and caching as `formatMoney`.
 */
export function formatAmount(minor: number, currency: CurrencyCode, locale: string): string {
  const key = `${locale}\u0000${currency}`;
  let format = amountFormats.get(key);
  if (format === undefined) {
    const exponent = currencyExponent(currency);
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    amountFormats.set(key, format);
  }
  return format.format(minorToDecimalString(minor, currency) as `${number}`);
}
