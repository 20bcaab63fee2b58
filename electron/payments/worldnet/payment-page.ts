import { CurrencyCodeSchema, currencyExponent, minorToDecimalString } from '../../../shared/money.ts';
import { paymentPageHash, type CurrencyMode } from './worldnet-hash.ts';

/**
 * The fields of a Worldnet hosted payment page request, made once when the
 * link is created and written with the attempt before the QR is shown
 * (docs/WORLDNET.md): the page the customer's phone opens posts exactly these,
 * and nothing is recomputed later, since the HASH covers the DATETIME.
 *
 * Refusals are RangeErrors: the caller's mistakes, caught before anything
 * leaves, never quoting the secret.
 */

export interface PaymentPageFields {
  readonly TERMINALID: string;
  readonly ORDERID: string;
  readonly CURRENCY: string;
  readonly AMOUNT: string;
  readonly DATETIME: string;
  readonly RECEIPTPAGEURL?: string;
  readonly VALIDATIONURL?: string;
  readonly HASH: string;
}

/** ORDERID: 1–24 characters; Kassa's are letters and digits only, since what else Worldnet takes is not documented. */
const ORDER_ID = /^[A-Za-z0-9]{1,24}$/;

/**
 * Worldnet's `AMOUNT`: two decimals with a dot (`12.50`), or a whole number
 * for a currency without minor units (JPY), written by shared/money.ts. A
 * currency with three decimals is refused: Worldnet documents no such form.
 */
export function worldnetAmount(minor: number, currency: string): string {
  const code = CurrencyCodeSchema.safeParse(currency);
  if (!code.success) throw new RangeError('Currency must be an active ISO 4217 code like EUR');
  const exponent = currencyExponent(code.data);
  if (exponent !== 2 && exponent !== 0) {
    throw new RangeError(`Worldnet writes amounts with two decimals or none; ${code.data} has ${String(exponent)}`);
  }
  if (!Number.isSafeInteger(minor) || minor <= 0)
    throw new RangeError('Amount must be a whole number of minor units above zero');
  return minorToDecimalString(minor, code.data);
}

/**
 * `DD-MM-YYYY:HH:MM:SS:SSS` in the till's local time, zero-padded (Worldnet's
 * own examples are not, and both are hashed as written; Kassa writes one form).
 */
export function worldnetDateTime(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(at.getDate())}-${two(at.getMonth() + 1)}-${String(at.getFullYear())}:` +
    `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}:${String(at.getMilliseconds()).padStart(3, '0')}`
  );
}

export function paymentPageFields(
  request: {
    terminalId: string;
    orderId: string;
    amountMinor: number;
    currency: string;
    /** As signed and sent: `worldnetDateTime(at)` when the link was made, kept with it. */
    dateTime: string;
    receiptPageUrl?: string | undefined;
    validationUrl?: string | undefined;
  },
  secret: string,
  mode: CurrencyMode,
): PaymentPageFields {
  if (!ORDER_ID.test(request.orderId)) throw new RangeError('ORDERID must be 1–24 letters and digits');
  if (request.terminalId === '' || request.terminalId.length > 50) {
    throw new RangeError('TERMINALID must be 1–50 characters');
  }
  const fields = {
    TERMINALID: request.terminalId,
    ORDERID: request.orderId,
    CURRENCY: request.currency,
    AMOUNT: worldnetAmount(request.amountMinor, request.currency),
    DATETIME: request.dateTime,
    ...(request.receiptPageUrl === undefined ? {} : { RECEIPTPAGEURL: request.receiptPageUrl }),
    ...(request.validationUrl === undefined ? {} : { VALIDATIONURL: request.validationUrl }),
  };
  const hash = paymentPageHash(
    {
      terminalId: fields.TERMINALID,
      orderId: fields.ORDERID,
      currency: fields.CURRENCY,
      amount: fields.AMOUNT,
      dateTime: fields.DATETIME,
      receiptPageUrl: fields.RECEIPTPAGEURL,
      validationUrl: fields.VALIDATIONURL,
    },
    secret,
    mode,
  );
  return { ...fields, HASH: hash };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

/**
 * The page the link's QR opens on the customer's phone (link mode `form`):
 * Worldnet documents its payment page as an HTML form POST, so the till's
 * listener answers the phone's GET with the stored fields in a form that
 * sends itself, and a Pay button for a phone with scripts off.
 */
export function paymentPageHtml(
  fields: PaymentPageFields,
  paymentPageUrl: string,
  words: { title: string; pay: string },
): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(String(value))}">`)
    .join('\n    ');
  return `<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escapeHtml(words.title)}</title>
</head>
<body onload="document.forms[0].submit()">
  <form method="post" action="${escapeHtml(paymentPageUrl)}">
    ${inputs}
    <button type="submit">${escapeHtml(words.pay)}</button>
  </form>
</body>
</html>
`;
}
