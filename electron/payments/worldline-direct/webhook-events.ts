import { z } from 'zod';
import { PaymentLinkResponse, PaymentResponse, RefundResponse, splitOperationId } from './wire-schemas.ts';

/**
 * Reads a Worldline Direct webhook body, already verified (webhook-signature),
 * into what the till acts on.
 *
 * What is known, and from where:
 * - Envelope `{apiVersion, id, created, merchantId, type, payment | refund |
 *   payout | token}`: the SDK's `WebhooksEvent` (6.2.0) and Connect's
 *   event-structure page. Direct v2 still sends `apiVersion: "v1"`; the SDK
 *   refuses any other value (or none), and so do we.
 * - `id` is the event's: the key to drop a repeated delivery.
 * - Payment event types (Direct webhooks page, Connect's event-types page):
 *   payment.created, .redirected, .authorization_requested,
 *   .pending_approval, .pending_completion, .pending_capture,
 *   .capture_requested, .captured, .rejected, .rejected_capture, .cancelled,
 *   .refunded, and Connect's .paid, .reversed, .pending_payment,
 *   .pending_fraud_approval, .chargeback_notification. Each is about one
 *   operation: `payment.id` is `<payment>_<operation>`.
 * - Refund event types (Connect's list, seen in third-party Direct
 *   integrations): refund.refund_requested, .refunded, .rejected,
 *   .cancelled, and Connect's .created, .pending_approval, .captured; the body
 *   is `refund` (the SDK's RefundResponse).
 *
 * What is assumed:
 * - Payment-link webhooks: neither the SDK's WebhooksEvent nor any stored
 *   Direct page shows one. If Direct sends them, we assume a type
 *   `paymentlink.<event>` (any case) and a body under `paymentLink` or
 *   `paymentlink` shaped like GET /paymentlinks/{id} (PaymentLinkResponse).
 *   The link's event word is the type's suffix upper-cased (CLICKED, PAID,
 *   EXPIRED, CANCELLED…), else the last of `paymentLinkEvents`. The till must
 *   not depend on these: it polls the link, and the payment's own events
 *   carry the money.
 * - A refund's id is `<payment>_<operation>` like a payment's, so its base is
 *   the paid payment's id.
 * - The event's `type` decides the kind; an event whose type names an object
 *   the body lacks is refused as malformed.
 *
 * The reader classifies nothing: payment-status.ts turns status and
 * category into the till's words.
 */

interface Envelope {
  readonly eventId: string;
  readonly type: string;
  readonly created: string;
  readonly merchantId: string;
}

export type DirectWebhookEvent =
  | (Envelope & {
      readonly kind: 'payment';
      /** The full id, with the operation suffix: dedupe on it with the status. */
      readonly paymentId: string;
      /** The id without the suffix: the same for every operation on one payment. */
      readonly basePaymentId: string;
      readonly operation: number | undefined;
      readonly status: string | undefined;
      readonly statusCategory: string | undefined;
      readonly merchantReference: string | undefined;
      readonly amountMinor: number | undefined;
      readonly currency: string | undefined;
    })
  | (Envelope & {
      readonly kind: 'refund';
      readonly refundId: string;
      readonly basePaymentId: string;
      readonly operation: number | undefined;
      readonly status: string | undefined;
      readonly statusCategory: string | undefined;
      readonly merchantReference: string | undefined;
      readonly amountMinor: number | undefined;
      readonly currency: string | undefined;
    })
  | (Envelope & {
      readonly kind: 'paymentLink';
      readonly linkId: string;
      readonly status: string | undefined;
      /** CLICKED, PAID, EXPIRED, CANCELLED, PAYMENT_DECLINED…, when known. */
      readonly linkEvent: string | undefined;
      readonly merchantReference: string | undefined;
      readonly paymentId: string | undefined;
    })
  | (Envelope & { readonly kind: 'other' });

export type WebhookReading =
  | { readonly kind: 'event'; readonly event: DirectWebhookEvent }
  | {
      readonly kind: 'refused';
      readonly reason: 'not_json' | 'api_version_mismatch' | 'malformed';
      readonly message: string;
    };

const EnvelopeSchema = z.looseObject({
  apiVersion: z.unknown().optional(),
  id: z.string().min(1),
  created: z.string(),
  merchantId: z.string(),
  type: z.string().min(1),
  // Read by the event's type, each with its own schema below.
  payment: z.unknown().optional(),
  refund: z.unknown().optional(),
  paymentLink: z.unknown().optional(),
  paymentlink: z.unknown().optional(),
});

const SUPPORTED_API_VERSION = 'v1';

function issues(error: z.ZodError): string {
  // Paths and codes only: a message could quote a value, and values here are the customer's payment.
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`)
    .join('; ');
}

function malformed(what: string, error: z.ZodError): WebhookReading {
  return { kind: 'refused', reason: 'malformed', message: `${what}: ${issues(error)}` };
}

/** The object an event type is about: `payment.captured` → `payment`. */
function objectOf(type: string): string {
  const dot = type.indexOf('.');
  return (dot < 0 ? type : type.slice(0, dot)).toLowerCase();
}

export function readWebhookEvent(body: Uint8Array | string): WebhookReading {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return { kind: 'refused', reason: 'not_json', message: 'the body is not JSON' };
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) return malformed('envelope', envelope.error);
  const { apiVersion, id, created, merchantId, type } = envelope.data;
  if (apiVersion !== SUPPORTED_API_VERSION) {
    const given = typeof apiVersion === 'string' ? JSON.stringify(apiVersion.slice(0, 16)) : 'none';
    return {
      kind: 'refused',
      reason: 'api_version_mismatch',
      message: `event API version ${given} is not ${SUPPORTED_API_VERSION}`,
    };
  }
  const base: Envelope = { eventId: id, type, created, merchantId };
  const raw = envelope.data;

  switch (objectOf(type)) {
    case 'payment': {
      const parsed = PaymentResponse.safeParse(raw.payment);
      if (!parsed.success) return malformed('payment', parsed.error);
      const payment = parsed.data;
      const { base: basePaymentId, operation } = splitOperationId(payment.id);
      const money = payment.paymentOutput?.amountOfMoney;
      return {
        kind: 'event',
        event: {
          ...base,
          kind: 'payment',
          paymentId: payment.id,
          basePaymentId,
          operation,
          status: payment.status,
          statusCategory: payment.statusOutput?.statusCategory,
          merchantReference: payment.paymentOutput?.references?.merchantReference,
          amountMinor: money?.amount,
          currency: money?.currencyCode,
        },
      };
    }
    case 'refund': {
      const parsed = RefundResponse.safeParse(raw.refund);
      if (!parsed.success) return malformed('refund', parsed.error);
      const refund = parsed.data;
      const { base: basePaymentId, operation } = splitOperationId(refund.id);
      const output = refund.refundOutput;
      return {
        kind: 'event',
        event: {
          ...base,
          kind: 'refund',
          refundId: refund.id,
          basePaymentId,
          operation,
          status: refund.status,
          statusCategory: refund.statusOutput?.statusCategory,
          merchantReference: output?.operationReferences?.merchantReference ?? output?.references?.merchantReference,
          amountMinor: output?.amountOfMoney?.amount,
          currency: output?.amountOfMoney?.currencyCode,
        },
      };
    }
    case 'paymentlink': {
      const parsed = PaymentLinkResponse.safeParse(raw.paymentLink ?? raw.paymentlink);
      if (!parsed.success) return malformed('payment link', parsed.error);
      const link = parsed.data;
      const dot = type.indexOf('.');
      const suffix = dot < 0 ? '' : type.slice(dot + 1).toUpperCase();
      return {
        kind: 'event',
        event: {
          ...base,
          kind: 'paymentLink',
          linkId: link.paymentLinkId,
          status: link.status,
          linkEvent: suffix !== '' ? suffix : link.paymentLinkEvents?.at(-1)?.type,
          merchantReference: link.paymentLinkOrder?.merchantReference,
          paymentId: link.paymentId,
        },
      };
    }
    default:
      return { kind: 'event', event: { ...base, kind: 'other' } };
  }
}
