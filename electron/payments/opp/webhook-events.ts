import { z } from 'zod';
import { LooseTransaction } from './wire-schemas.ts';

/**
 * Reads an OPP webhook's plaintext (webhook-crypto.ts opened it, and the GCM
 * tag authenticated it) into what the till acts on.
 *
 * ACI: `{type: PAYMENT|REGISTRATION|SCHEDULE|RISK, action? (REGISTRATION
 * only), payload}`; a PAYMENT's payload is the transaction as the API answers
 * it. Only PAYMENT matters to the till; any other type is read as `other`
 * with its type kept, for the log. A PAYMENT may be about any operation (DB,
 * PA, CP, RF, RV, or a chargeback the platform made), so its amount may be
 * absent.
 *
 * A webhook does not decide anything (docs/OPP.md): it makes the till ask for
 * the payment's status. Deliveries are deduplicated by {@link dedupKey}, the
 * payment id and result code: OPP retries, and may send two contradicting
 * final notifications.
 */

export interface OppPaymentEvent {
  readonly type: 'PAYMENT';
  readonly action: string | undefined;
  readonly payload: LooseTransaction;
}

export type OppWebhookEvent =
  | OppPaymentEvent
  | {
      readonly type: 'other';
      /** The type as sent: REGISTRATION, SCHEDULE, RISK… */
      readonly sentType: string;
      readonly action: string | undefined;
      readonly payload: unknown;
    };

export type OppWebhookReading =
  { readonly ok: true; readonly event: OppWebhookEvent } | { readonly ok: false; readonly why: string };

const Envelope = z.looseObject({
  type: z.string().min(1),
  action: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
  // Optional here so a type the till does not read may come without one; a PAYMENT's is checked below.
  payload: z.unknown().optional(),
});

/** Paths and codes only: a zod message could quote a value, and values here are a customer's payment. */
function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`)
    .join('; ');
}

export function readOppWebhookEvent(plaintext: string): OppWebhookReading {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    return { ok: false, why: 'the notification is not JSON' };
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return { ok: false, why: `the notification is malformed: ${issues(envelope.error)}` };
  const { type, action, payload } = envelope.data;
  if (type !== 'PAYMENT') return { ok: true, event: { type: 'other', sentType: type.slice(0, 40), action, payload } };
  const transaction = LooseTransaction.safeParse(payload);
  if (!transaction.success)
    return { ok: false, why: `the PAYMENT notification's payload is malformed: ${issues(transaction.error)}` };
  return { ok: true, event: { type: 'PAYMENT', action, payload: transaction.data } };
}

/** One key per payment and result: a repeated delivery has the key of the first. */
export function dedupKey(event: OppPaymentEvent): string {
  return `${event.payload.id}:${event.payload.result.code}`;
}
