import { z } from 'zod';
import { majorNumberToMinor } from '../../../shared/money.ts';
import type { CardDetails } from '../../../shared/payments/payment-state.ts';
import type {
  PaymentRequestIds,
  SendResult,
  StatusResult,
  TerminalNotification,
  TerminalOutcome,
} from '../terminal-provider.ts';

/**
 * Reads what Worldline's cloud sends back (a /payments/sync reply, a status
 * answer, a webhook) into the payment service's words. Unknown is never
 * declined: a reply this module cannot read fully, or one about another
 * exchange, settles nothing, and the service asks the terminal instead.
 *
 * Result words, in the same four outcomes Adyen's are read into:
 * - `Success` with the authorisation `Approved` (or `Partial`, for less) → approved;
 * - `Failure` with `Refusal`, `WrongPIN`, `InvalidCard` or a `Declined`
 *   authorisation → declined, with the terminal's reason;
 * - `Cancel`, `Aborted` → cancelled;
 * - `CommunicationTimeout`, or anything unreadable → unknown: ask.
 */

const TransactionIdentificationSchema = z.looseObject({
  TransactionDateTime: z.string().min(1).optional(),
  TransactionReference: z.string().min(1),
});

const TransactionResultSchema = z.looseObject({
  TransactionIdentification: TransactionIdentificationSchema.optional(),
  TransactionDetails: z.looseObject({ Currency: z.string(), TotalAmount: z.number() }).optional(),
  TransactionResponse: z
    .looseObject({
      AuthorisationResult: z
        .looseObject({
          ResponseToAuthorisation: z.looseObject({ Response: z.string() }).optional(),
          AuthorisationCode: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  PaymentCard: z.looseObject({ Brand: z.string().optional(), MaskedPAN: z.string().optional() }).optional(),
});
type TransactionResult = z.infer<typeof TransactionResultSchema>;

const ResponseSummarySchema = z.looseObject({
  Result: z.string(),
  ResponseReason: z.string().optional(),
  AdditionalResponseInformation: z.string().optional(),
});
type ResponseSummary = z.infer<typeof ResponseSummarySchema>;

/** The parts of a payment or reversal answer, wherever they come in (a reply, a webhook, a status answer). */
const ResultPartsSchema = z.looseObject({
  ServiceContent: z.string().optional(),
  Response: ResponseSummarySchema,
  PaymentResponse: z.looseObject({ PaymentTransaction: TransactionResultSchema }).optional(),
  ReversalResponse: z.looseObject({ ReversalTransaction: TransactionResultSchema }).optional(),
});
type ResultParts = z.infer<typeof ResultPartsSchema>;

const ServiceResponseSchema = ResultPartsSchema.extend({
  Environment: z
    .looseObject({ POI: z.looseObject({ Identification: z.looseObject({ Identification: z.string() }) }) })
    .optional(),
  TransactionStatusResponse: z
    .looseObject({
      MessageReference: z.looseObject({ ExchangeIdentification: z.string() }).optional(),
      RepeatedResponse: ResultPartsSchema.optional(),
    })
    .optional(),
});

const ServiceResponseEnvelopeSchema = z.looseObject({
  SaleToPOIServiceResponse: z.looseObject({
    // Optional: the webhook body third-party clients read has none.
    Header: z.looseObject({ ExchangeIdentification: z.string().optional() }).optional(),
    ServiceResponse: ServiceResponseSchema,
  }),
});
type ServiceResponseEnvelope = z.infer<typeof ServiceResponseEnvelopeSchema>;

/** A webhook body: `{"data": …}` as third-party clients read it, or the bare response. */
const WebhookBodySchema = z.union([
  z.looseObject({ data: ServiceResponseEnvelopeSchema }).transform((body) => body.data),
  ServiceResponseEnvelopeSchema,
]);

/** How the webhook listener stores a Worldline result: the body, with the exchange and token from its URL. */
export const StoredWebhookSchema = z
  .object({
    worldlineWebhook: z
      .object({ exchangeId: z.string().min(1).max(35), token: z.string().max(128), body: z.unknown() })
      .strict(),
  })
  .strict();
export type StoredWebhook = z.infer<typeof StoredWebhookSchema>;

/** The cashier's words for nexo's failure reasons; the terminal's own text, when it gives one, comes first. */
export const REASON_WORDS: Readonly<Record<string, string>> = {
  Refusal: 'Refused',
  WrongPIN: 'Wrong PIN',
  InvalidCard: 'Card not accepted',
  Cancel: 'Cancelled on the terminal',
  Aborted: 'Cancelled on the terminal',
  Busy: 'Busy',
  NotAllowed: 'Not allowed',
  DeviceOut: 'Terminal is not reachable',
  UnreachableHost: 'Terminal is not reachable',
  NotFound: 'Not found',
  InProgress: 'In progress',
};

const DECLINES = new Set(['Refusal', 'WrongPIN', 'InvalidCard', 'Declined']);
const CANCELS = new Set(['Cancel', 'Aborted']);

function reasonOf(response: ResponseSummary, fallback: string): string {
  const own = response.AdditionalResponseInformation?.trim();
  if (own !== undefined && own !== '') return own.slice(0, 200);
  return REASON_WORDS[response.ResponseReason ?? ''] ?? response.ResponseReason ?? fallback;
}

/** Brand and last four digits; a masked number of any other shape is left out rather than shown. */
function cardOf(transaction: TransactionResult): CardDetails | undefined {
  const last4 = /(\d{4})$/.exec(transaction.PaymentCard?.MaskedPAN ?? '')?.[1];
  const brand = transaction.PaymentCard?.Brand?.trim().toLowerCase().slice(0, 40);
  const authCode = transaction.TransactionResponse?.AuthorisationResult?.AuthorisationCode?.slice(0, 20);
  const card: CardDetails = {
    ...(brand === undefined || brand === '' ? {} : { brand }),
    ...(last4 === undefined ? {} : { last4 }),
    ...(authCode === undefined || authCode === '' ? {} : { authCode }),
  };
  return Object.keys(card).length === 0 ? undefined : card;
}

/** What a result says, for the request it answers; `undefined` when it cannot be read as one. */
type Verdict = TerminalOutcome | 'timeout' | 'in_progress' | 'not_found' | 'not_started' | undefined;

export function verdictOf(parts: ResultParts, request: PaymentRequestIds): Verdict {
  const { Response: response } = parts;
  const transaction = parts.PaymentResponse?.PaymentTransaction ?? parts.ReversalResponse?.ReversalTransaction;
  const reference = transaction?.TransactionIdentification;
  // A result naming another attempt's reference is not this attempt's result.
  if (reference !== undefined && reference.TransactionReference !== request.serviceId) {
    const reversal =
      request.kind === 'reversal' &&
      parts.ReversalResponse !== undefined &&
      reference.TransactionReference === request.original?.transactionId;
    if (!reversal) return undefined;
  }
  const authorisation = transaction?.TransactionResponse?.AuthorisationResult?.ResponseToAuthorisation?.Response;
  const withReference = { terminalReference: request.serviceId };
  if (response.Result === 'Success' || response.Result === 'Partial') {
    if (transaction === undefined) return undefined;
    // Only what was asked as a reversal may be answered without an authorisation.
    const isReversal = parts.ReversalResponse !== undefined && request.kind === 'reversal';
    // A payment is approved only when the authorisation says so (Odoo's rule too): Success alone is not enough.
    if (!isReversal && authorisation !== 'Approved' && authorisation !== 'Partial') return undefined;
    const details = transaction.TransactionDetails;
    if (details !== undefined && details.Currency !== request.currency) return undefined;
    const authorised =
      details === undefined ? request.amountMinor : majorNumberToMinor(details.TotalAmount, request.currency);
    if (authorised === undefined || authorised <= 0 || authorised > request.amountMinor) return undefined;
    if (response.Result === 'Partial' && authorised === request.amountMinor) return undefined;
    const card = cardOf(transaction);
    return {
      state: 'approved',
      authorisedMinor: authorised,
      ...withReference,
      ...(authorised < request.amountMinor ? { reason: 'Partly approved' } : {}),
      ...(card === undefined ? {} : { card }),
      ...(reference?.TransactionDateTime === undefined || isReversal
        ? {}
        : {
            poiTransaction: { transactionId: reference.TransactionReference, timeStamp: reference.TransactionDateTime },
          }),
    };
  }
  if (response.Result !== 'Failure') return undefined;
  const reason = response.ResponseReason ?? '';
  if (reason === 'CommunicationTimeout') return 'timeout';
  if (reason === 'InProgress') return 'in_progress';
  if (reason === 'NotFound') return 'not_found';
  if (reason === 'DeviceOut' || reason === 'UnreachableHost') return 'not_started';
  if (CANCELS.has(reason)) return { state: 'cancelled', reason: reasonOf(response, 'Cancelled'), ...withReference };
  if (DECLINES.has(reason) || authorisation === 'Declined') {
    return { state: 'declined', reason: reasonOf(response, 'Declined'), ...withReference };
  }
  // An explicit failure that is neither: nothing was charged (Busy, NotAllowed, …).
  return { state: 'failed', reason: reasonOf(response, 'Failure'), ...withReference };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether the reply is about this exchange: an answer echoing another ExchangeIdentification is someone else's. */
function aboutExchange(envelope: ServiceResponseEnvelope, exchangeId: string): boolean {
  const echoed = envelope.SaleToPOIServiceResponse.Header?.ExchangeIdentification;
  return echoed === undefined || echoed === exchangeId;
}

/** The 200 answer of /payments/sync to a payment, refund or reversal. */
export function readMoneyReply(text: string, request: PaymentRequestIds): SendResult {
  if (text.trim() === '') return { kind: 'unknown', reason: 'empty reply' };
  const envelope = ServiceResponseEnvelopeSchema.safeParse(parseJson(text));
  if (!envelope.success || !aboutExchange(envelope.data, request.serviceId)) {
    return { kind: 'unknown', reason: 'unreadable reply' };
  }
  const verdict = verdictOf(envelope.data.SaleToPOIServiceResponse.ServiceResponse, request);
  if (verdict === 'not_started') return { kind: 'not_started', reason: 'Terminal is not reachable' };
  if (verdict === 'timeout') return { kind: 'unknown', reason: 'Communication timeout' };
  if (typeof verdict !== 'object') return { kind: 'unknown', reason: 'unreadable result' };
  return { kind: 'outcome', outcome: verdict };
}

/** The answer to a TransactionStatusRequest about `request`, sent as exchange `statusExchangeId`. */
export function readStatusReply(text: string, request: PaymentRequestIds, statusExchangeId: string): StatusResult {
  const envelope = ServiceResponseEnvelopeSchema.safeParse(parseJson(text));
  if (!envelope.success || !aboutExchange(envelope.data, statusExchangeId)) {
    return { kind: 'unknown', reason: text.trim() === '' ? 'empty reply' : 'unreadable reply' };
  }
  const service = envelope.data.SaleToPOIServiceResponse.ServiceResponse;
  const status = service.TransactionStatusResponse;
  const asked = status?.MessageReference?.ExchangeIdentification;
  if (asked !== undefined && asked !== request.serviceId)
    return { kind: 'unknown', reason: 'status about another request' };
  const named = asked === request.serviceId;
  if (service.Response.Result !== 'Success') {
    const verdict = verdictOf({ Response: service.Response }, request);
    if (verdict === 'in_progress') return { kind: 'in_progress' };
    // "Never received" fails the attempt, so it must be about this exchange by name.
    if (verdict === 'not_found' && named) {
      return { kind: 'not_found', reason: reasonOf(service.Response, 'Not found') };
    }
    return { kind: 'unknown', reason: reasonOf(service.Response, 'Failure') };
  }
  const repeated = status?.RepeatedResponse;
  if (repeated === undefined) return { kind: 'unknown', reason: 'status without the result' };
  const repeatedReference = (
    repeated.PaymentResponse?.PaymentTransaction ?? repeated.ReversalResponse?.ReversalTransaction
  )?.TransactionIdentification?.TransactionReference;
  // A result naming no exchange may be the terminal's last transaction, another sale's: never applied.
  if (!named && repeatedReference !== request.serviceId) {
    return { kind: 'unknown', reason: 'status that does not name this payment' };
  }
  const verdict = verdictOf(repeated, request);
  if (verdict === 'in_progress') return { kind: 'in_progress' };
  // The terminal does not know how the bank answered: not a decline; a manager's case if it lasts.
  if (verdict === 'timeout') return { kind: 'unknown', reason: 'Communication timeout' };
  if (typeof verdict !== 'object') return { kind: 'unknown', reason: 'unreadable result' };
  return { kind: 'outcome', outcome: verdict };
}

/** A stored webhook: the result of the exchange its URL names, carrying the URL's token as its signature. */
export function readWebhook(
  stored: unknown,
  identity: { terminalId: string; saleSystemId: string },
  requestOf: (ids: { terminalId: string; saleSystemId: string; serviceId: string }) => PaymentRequestIds | undefined,
): TerminalNotification | undefined {
  const parsed = StoredWebhookSchema.safeParse(stored);
  if (!parsed.success) return undefined;
  const { exchangeId, token, body } = parsed.data.worldlineWebhook;
  const ids = { ...identity, serviceId: exchangeId };
  const request = requestOf(ids);
  const envelope = WebhookBodySchema.safeParse(body);
  const unreadable = { kind: 'result', ids, outcome: 'unreadable', signature: token } as const;
  if (!envelope.success || request === undefined || !aboutExchange(envelope.data, exchangeId)) return unreadable;
  const verdict = verdictOf(envelope.data.SaleToPOIServiceResponse.ServiceResponse, request);
  if (verdict === 'timeout') return { kind: 'result', ids, outcome: 'timeout', signature: token };
  if (verdict === 'not_started') return { kind: 'rejected', ids, reason: 'Terminal is not reachable' };
  if (typeof verdict !== 'object') return unreadable;
  return { kind: 'result', ids, outcome: verdict, signature: token };
}

/**
 * What the webhook listener stores for a Worldline post whose token checked
 * out, and files it under. Kept even when it cannot be read: once stored, an
 * unreadable result makes the till ask, where a refused one would be lost.
 */
export function describeWebhook(
  body: unknown,
  exchangeId: string,
  token: string,
  identity: { terminalId: string; saleSystemId: string },
): { stored: StoredWebhook; kind: string; terminalId: string; saleSystemId: string; serviceId: string } {
  const envelope = WebhookBodySchema.safeParse(body);
  const content = envelope.success
    ? (envelope.data.SaleToPOIServiceResponse.ServiceResponse.ServiceContent ?? 'Response')
    : 'Unreadable';
  return {
    stored: { worldlineWebhook: { exchangeId, token, body } },
    kind: content,
    ...identity,
    serviceId: exchangeId,
  };
}
