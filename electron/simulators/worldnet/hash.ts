import { createHash } from 'node:crypto';

/**
 * Worldnet's HASH as its gateway computes it: SHA-512 over UTF-8, lowercase
 * hex, of the elements joined by colons with the terminal's secret last. An
 * optional element a message does not carry is dropped together with its
 * colon. Every element is taken exactly as sent (`15-3-2006`, `12.5`), never
 * reformatted. Written from docs/WORLDNET.md alone: the simulator shares no
 * code with the till's client, so a mistake there cannot hide here.
 */

export type CurrencyMode = 'single' | 'multi';

/**
 * How an empty RESPONSETEXT goes into a validation hash: `dropped` with its
 * colon (Worldnet's separator rule, …`:A:SECRET`) or `kept` as an empty
 * element (…`:A::SECRET`). Which one Worldnet uses is unverified, so the
 * simulator can send either (amounts ending 901 and 902).
 */
export type EmptyTextForm = 'dropped' | 'kept';

export function sha512Hex(text: string): string {
  return createHash('sha512').update(text, 'utf8').digest('hex');
}

function hashOf(elements: readonly string[]): string {
  return sha512Hex(elements.join(':'));
}

/** The hosted payment page request, with the names it is posted under. */
export interface RequestHashFields {
  readonly TERMINALID: string;
  readonly ORDERID: string;
  readonly CURRENCY: string;
  readonly AMOUNT: string;
  readonly DATETIME: string;
  readonly RECEIPTPAGEURL?: string | undefined;
  readonly VALIDATIONURL?: string | undefined;
}

const present = (value: string | undefined): string[] => (value === undefined ? [] : [value]);

/** `TERMINALID:ORDERID:[CURRENCY:]AMOUNT:DATETIME:[RECEIPTPAGEURL:][VALIDATIONURL:]SECRET`. */
export function requestHash(fields: RequestHashFields, secret: string, mode: CurrencyMode): string {
  return hashOf([
    fields.TERMINALID,
    fields.ORDERID,
    ...(mode === 'multi' ? [fields.CURRENCY] : []),
    fields.AMOUNT,
    fields.DATETIME,
    ...present(fields.RECEIPTPAGEURL),
    ...present(fields.VALIDATIONURL),
    secret,
  ]);
}

/** The background validation's hashed fields, as the simulator sends them. */
export interface ValidationHashFields {
  readonly TERMINALID: string;
  readonly ORDERID: string;
  readonly CURRENCY: string;
  readonly AMOUNT: string;
  readonly DATETIME: string;
  readonly RESPONSECODE: string;
  readonly RESPONSETEXT: string;
}

/**
 * `TERMINALID:ORDERID:[CURRENCY:]AMOUNT:DATETIME:RESPONSECODE:RESPONSETEXT:SECRET`;
 * `CURRENCY` on a multi-currency terminal although Worldnet's field table
 * leaves it out; `emptyText` says what an empty RESPONSETEXT does.
 */
export function validationHash(
  fields: ValidationHashFields,
  secret: string,
  mode: CurrencyMode,
  emptyText: EmptyTextForm = 'dropped',
): string {
  const text = fields.RESPONSETEXT === '' && emptyText === 'dropped' ? [] : [fields.RESPONSETEXT];
  return hashOf([
    fields.TERMINALID,
    fields.ORDERID,
    ...(mode === 'multi' ? [fields.CURRENCY] : []),
    fields.AMOUNT,
    fields.DATETIME,
    fields.RESPONSECODE,
    ...text,
    secret,
  ]);
}
