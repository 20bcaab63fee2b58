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
