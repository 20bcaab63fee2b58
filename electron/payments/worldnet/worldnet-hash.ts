import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Worldnet's HASH: SHA-512 (UTF-8, lowercase hex) over the fields joined by
 * colons, the terminal's shared secret last (reference
 * worldline-opp-worldnet.md §4.2). Two rules make it easy to get wrong:
 * - an optional element the message does not carry is dropped *with* its
 *   colon, never left as an empty field;
 * - every field is hashed exactly as sent or received: `DATETIME` is not
 *   zero-padded in Worldnet's own examples (`15-3-2006:10:43:01:673`), and
 *   `AMOUNT` may come back `10` or `10.00`. Nothing here reformats.
 * A multi-currency ("MC") terminal puts `CURRENCY` after `ORDERID`.
 *
 * Nothing here logs or throws with the secret in it.
 */

export type CurrencyMode = 'single' | 'multi';

/** SHA-512 of the elements joined by colons, lowercase hex (128 characters). */
export function worldnetHash(elements: readonly string[]): string {
  return createHash('sha512').update(elements.join(':'), 'utf8').digest('hex');
}

export interface PaymentPageRequest {
  readonly terminalId: string;
  readonly orderId: string;
  /** In the hash only on a multi-currency terminal; always sent as a field. */
  readonly currency: string;
  /** As sent: two decimals (`12.34`), or a whole number for a zero-decimal currency. */
  readonly amount: string;
  /** As sent: `DD-MM-YYYY:HH:MM:SS:SSS`. */
  readonly dateTime: string;
  readonly receiptPageUrl?: string | undefined;
  readonly validationUrl?: string | undefined;
}

/** The request HASH of a hosted payment (or pre-auth) page: `TERMINALID:ORDERID:[CURRENCY:]AMOUNT:DATETIME:[RECEIPTPAGEURL:][VALIDATIONURL:]SECRET`. */
export function paymentPageHash(request: PaymentPageRequest, secret: string, mode: CurrencyMode): string {
  return worldnetHash([
    request.terminalId,
    request.orderId,
    ...(mode === 'multi' ? [request.currency] : []),
    request.amount,
    request.dateTime,
    ...present(request.receiptPageUrl),
    ...present(request.validationUrl),
    secret,
  ]);
}

/** The fields of a background validation that its HASH covers, as received. */
export interface ValidationFields {
  readonly terminalId: string;
  readonly orderId: string;
  /** Absent unless the terminal is multi-currency (or Worldnet sent it anyway). */
  readonly currency?: string | undefined;
  readonly amount: string;
  readonly dateTime: string;
  readonly responseCode: string;
  /** May be empty. */
  readonly responseText: string;
}

/**
 * Which way an empty `RESPONSETEXT` was hashed. Worldnet's separator rule
 * says an element without a value is dropped with its colon; whether that
 * applies to an empty response text is not documented, so both are tried and
 * the one that matched is logged.
 */
export type ValidationHashForm = 'text' | 'empty-dropped' | 'empty-kept';

/** `TERMINALID:ORDERID:[CURRENCY:]AMOUNT:DATETIME:RESPONSECODE:RESPONSETEXT:SECRET`, in the form asked for. */
export function validationHash(
  fields: ValidationFields,
  secret: string,
  mode: CurrencyMode,
  form: ValidationHashForm = fields.responseText === '' ? 'empty-dropped' : 'text',
): string {
  const text = form === 'empty-dropped' ? [] : [fields.responseText];
  return worldnetHash([
    fields.terminalId,
    fields.orderId,
    ...(mode === 'multi' ? [fields.currency ?? ''] : []),
    fields.amount,
    fields.dateTime,
    fields.responseCode,
    ...text,
    secret,
  ]);
}

export type ValidationCheck =
  { readonly ok: true; readonly form: ValidationHashForm } | { readonly ok: false; readonly why: string };

/**
 * Checks a background validation's HASH against the fields as received:
 * constant time, case-insensitive (Worldnet sends lowercase hex but does not
 * say it compares so). A multi-currency terminal's hash needs `CURRENCY`.
 * The answer's `why` is safe to log: it quotes no field and no secret.
 */
export function checkValidationHash(
  fields: ValidationFields,
  receivedHash: string,
  secret: string,
  mode: CurrencyMode,
): ValidationCheck {
  if (!/^[0-9a-fA-F]{128}$/.test(receivedHash)) return { ok: false, why: 'HASH is not 128 hexadecimal characters' };
  if (mode === 'multi' && (fields.currency ?? '') === '') {
    return { ok: false, why: 'CURRENCY is missing, and a multi-currency terminal hashes it' };
  }
  const received = Buffer.from(receivedHash.toLowerCase(), 'hex');
  const forms: readonly ValidationHashForm[] = fields.responseText === '' ? ['empty-dropped', 'empty-kept'] : ['text'];
  // Every form is computed and compared, so the time taken does not say which came close.
  let matched: ValidationHashForm | undefined;
  for (const form of forms) {
    const expected = Buffer.from(validationHash(fields, secret, mode, form), 'hex');
    if (timingSafeEqual(expected, received) && matched === undefined) matched = form;
  }
  return matched === undefined
    ? { ok: false, why: 'HASH does not match the fields and the secret' }
    : { ok: true, form: matched };
}

function present(value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [value];
}
