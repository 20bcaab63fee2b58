import { z } from 'zod';
import { CurrencyCodeSchema, decimalStringToMinor } from '../../../shared/money.ts';
import { checkValidationHash, type CurrencyMode, type ValidationHashForm } from './worldnet-hash.ts';

/**
 * Worldnet's background validation as the till's listener reads it
 * (docs/WORLDNET.md): the form Worldnet POSTs after a payment on the hosted
 * page, its HASH checked over the fields exactly as received, then what its
 * `RESPONSECODE` means for the link. Nothing here writes or answers: the
 * intake stores a genuine validation first and only then answers `OK`.
 */

/** The fields, as received. Worldnet may add the terminal's custom fields: those are kept, never required. */
export const ValidationFormSchema = z
  .object({
    TERMINALID: z.string().min(1).max(50),
    /** Worldnet's reference for the payment (10 characters): the refund names it. */
    UNIQUEREF: z.string().regex(/^[A-Za-z0-9]{1,24}$/, 'must be letters and digits'),
    ORDERID: z.string().min(1).max(24),
    AMOUNT: z.string().regex(/^[0-9]{1,12}(\.[0-9]{1,3})?$/, 'must be a decimal amount'),
    CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    DATETIME: z.string().min(1).max(40),
    RESPONSECODE: z.string().regex(/^[A-Z]$/, 'must be one letter'),
    RESPONSETEXT: z.string().max(200).default(''),
    APPROVALCODE: z.string().max(48).default(''),
    AVSRESPONSE: z.string().max(1).optional(),
    CVVRESPONSE: z.string().max(1).optional(),
    HASH: z.string().min(1).max(200),
  })
  .loose();
export type ValidationForm = z.infer<typeof ValidationFormSchema>;

/**
 * What a `RESPONSECODE` means for the link:
 * - `A` approval, `E` accepted (China UnionPay): the money is taken;
 * - `D` declined: nothing taken, the link ends;
 * - `R` referral, `C` pick up: never an approval; declined for the link, and a manager hears of it
 *   (a referral can be approved later in Worldnet's back office; a pick-up may be a stolen card);
 * - anything else settles nothing: the till asks.
 */
export type ValidationVerdict = 'approved' | 'declined' | 'declined_for_manager' | 'unknown';

export function verdictOf(responseCode: string): ValidationVerdict {
  switch (responseCode) {
    case 'A':
    case 'E':
      return 'approved';
    case 'D':
      return 'declined';
    case 'R':
    case 'C':
      return 'declined_for_manager';
    default:
      return 'unknown';
  }
}

export type ValidationReading =
  | {
      readonly ok: true;
      readonly form: ValidationForm;
      readonly verdict: ValidationVerdict;
      /** The AMOUNT in the currency's minor units. */
      readonly amountMinor: number;
      /** Which hash form matched (which way an empty RESPONSETEXT was hashed): logged, to learn Worldnet's. */
      readonly hashForm: ValidationHashForm;
    }
  | {
      readonly ok: false;
      /** 400: not a validation at all; 401: not from Worldnet for this terminal. */
      readonly status: 400 | 401;
      /** Safe to log: names what failed, quotes no field and no secret. */
      readonly why: string;
    };

/**
 * Reads a validation body (form-encoded; a body without fields falls back to the query string, since the
 * encoding Worldnet uses is not documented) and checks it is genuine for this terminal.
 */
export function readValidation(
  body: string,
  query: URLSearchParams,
  terminal: { terminalId: string; secret: string; mode: CurrencyMode; currency: string },
): ValidationReading {
  const fromBody = new URLSearchParams(body);
  const source = [...fromBody.keys()].length > 0 ? fromBody : query;
  const parsed = ValidationFormSchema.safeParse(Object.fromEntries(source.entries()));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '?')))].join(', ');
    return { ok: false, status: 400, why: `not a Worldnet validation (${fields})` };
  }
  const form = parsed.data;
  if (form.TERMINALID !== terminal.terminalId) return { ok: false, status: 401, why: 'TERMINALID is not this till’s' };
  const check = checkValidationHash(
    {
      terminalId: form.TERMINALID,
      orderId: form.ORDERID,
      currency: form.CURRENCY,
      amount: form.AMOUNT,
      dateTime: form.DATETIME,
      responseCode: form.RESPONSECODE,
      responseText: form.RESPONSETEXT,
    },
    form.HASH,
    terminal.secret,
    terminal.mode,
  );
  if (!check.ok) return { ok: false, status: 401, why: check.why };
  const currency = CurrencyCodeSchema.parse(form.CURRENCY ?? terminal.currency);
  let amountMinor: number;
  try {
    amountMinor = decimalStringToMinor(form.AMOUNT, currency);
  } catch {
    return { ok: false, status: 400, why: 'AMOUNT has more decimals than the currency' };
  }
  return { ok: true, form, verdict: verdictOf(form.RESPONSECODE), amountMinor, hashForm: check.form };
}
