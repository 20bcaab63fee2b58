import { CurrencyCodeSchema, currencyExponent, minorToDecimalString } from '../../../shared/money.ts';

/**
 * The body of an OPP POST. ACI: "For HTTP POST requests all parameters must
 * be incorporated in the message body (form-encoded), not in the URL", sent
 * as UTF-8 under {@link FORM_CONTENT_TYPE}. `entityId` goes first, then the
 * fields in the order given, so a body can be checked by eye against ACI's
 * examples. A field whose value is undefined is left out.
 *
 * Escaping is the WHATWG `application/x-www-form-urlencoded` serialiser
 * (URLSearchParams): a space is `+`, `&` `%26`, `+` `%2B`, other bytes of the
 * UTF-8 text `%XX`.
 *
 * Refusals are thrown as RangeError: they are the caller's mistakes, caught
 * before anything is sent, and they never quote a value.
 */

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';

export type FormField = readonly [name: string, value: string | undefined];

export function formBody(entityId: string, fields: readonly FormField[]): string {
  if (entityId === '') throw new RangeError('entityId must not be empty');
  const params = new URLSearchParams();
  params.append('entityId', entityId);
  const seen = new Set(['entityId']);
  for (const [name, value] of fields) {
    if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(name))
      throw new RangeError(`Form field name ${JSON.stringify(name)} is not an OPP parameter name`);
    if (seen.has(name)) throw new RangeError(`Form field ${name} is given twice`);
    seen.add(name);
    if (value !== undefined) params.append(name, value);
  }
  return params.toString();
}

/** OPP's `amount`: N13, `[0-9]{1,10}\.[0-9]{2}`, a dot as the separator. */
const OPP_AMOUNT = /^[0-9]{1,10}\.[0-9]{2}$/;

/**
 * 1234 EUR → `"12.34"`, written by shared/money.ts. OPP takes exactly two
 * decimals, so a currency whose minor unit is not a hundredth (JPY, KWD) is
 * refused rather than written in a form that would change the amount by a
 * factor of a hundred or a tenth. Also refused: a currency that is not an
 * active ISO 4217 code, and an amount that is negative, fractional or over
 * ten digits before the dot.
 */
export function oppAmount(minor: number, currency: string): string {
  const code = CurrencyCodeSchema.safeParse(currency);
  if (!code.success) throw new RangeError('Currency must be an active ISO 4217 code like EUR');
  const exponent = currencyExponent(code.data);
  if (exponent !== 2)
    throw new RangeError(
      `OPP writes amounts with two decimals; ${code.data} has ${exponent}, so the till cannot send it to OPP`,
    );
  if (!Number.isSafeInteger(minor) || minor < 0)
    throw new RangeError('Amount must be a whole, non-negative number of minor units');
  const text = minorToDecimalString(minor, code.data);
  if (!OPP_AMOUNT.test(text))
    throw new RangeError('Amount does not fit OPP’s format: at most ten digits before the dot');
  return text;
}
