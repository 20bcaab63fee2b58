import { z } from 'zod';
import { majorNumberToMinor } from '../../../shared/money.ts';
import type { CardDetails } from '../../../shared/payments/payment-state.ts';
import type {
  NotificationIds,
  PaymentRequestIds,
  PoiTransaction,
  SendResult,
  StatusResult,
  TerminalNotification,
  TerminalOutcome,
} from '../terminal-provider.ts';
import { SIGNATURE_KEY } from './request-signature.ts';
import { readTerminalReceipts } from './terminal-receipts.ts';

/**
 * Reads what Adyen sends back, on /sync, /async and the webhook, into the
 * payment service's words. Schemas are loose on purpose (Adyen adds fields)
 * but strict where money is decided: a reply the till cannot read is never
 * taken for a decline, it is "unknown" and the till asks again.
 */

const HeaderSchema = z.looseObject({
  MessageCategory: z.string().optional(),
  SaleID: z.string().optional(),
  ServiceID: z.string().optional(),
  POIID: z.string().optional(),
});

const ResponseSchema = z.looseObject({
  Result: z.enum(['Success', 'Failure', 'Partial']),
  ErrorCondition: z.string().optional(),
  AdditionalResponse: z.string().optional(),
});

const PaymentResponseSchema = z.looseObject({
  Response: ResponseSchema,
  POIData: z
    .looseObject({ POITransactionID: z.looseObject({ TransactionID: z.string(), TimeStamp: z.string().optional() }) })
    .optional(),
  PaymentResult: z
    .looseObject({
      AmountsResp: z.looseObject({ AuthorizedAmount: z.number().nonnegative(), Currency: z.string() }).optional(),
      PaymentInstrumentData: z
        .looseObject({
          CardData: z.looseObject({ MaskedPan: z.string().optional(), PaymentBrand: z.string().optional() }).optional(),
        })
        .optional(),
      PaymentAcquirerData: z.looseObject({ ApprovalCode: z.string().optional() }).optional(),
    })
    .optional(),
  /** Read leniently by readTerminalReceipts: a receipt the till cannot read never undoes a payment. */
  PaymentReceipt: z.unknown().optional(),
});

/** A referenced refund's answer; its amount is what was given back. */
const ReversalResponseSchema = z.looseObject({
  Response: ResponseSchema,
  POIData: PaymentResponseSchema.shape.POIData,
  ReversedAmount: z.number().nonnegative().optional(),
  PaymentReceipt: z.unknown().optional(),
});

const TransactionStatusResponseSchema = z.looseObject({
  Response: ResponseSchema,
  RepeatedMessageResponse: z
    .looseObject({
      MessageHeader: HeaderSchema,
      RepeatedResponseMessageBody: z.looseObject({
        PaymentResponse: PaymentResponseSchema.optional(),
        ReversalResponse: ReversalResponseSchema.optional(),
      }),
    })
    .optional(),
});

const EventNotificationSchema = z.looseObject({
  EventToNotify: z.string(),
  EventDetails: z.string().optional(),
});

const DisplayRequestSchema = z.looseObject({
  DisplayOutput: z.array(
    z.looseObject({
      OutputContent: z.looseObject({
        PredefinedContent: z.looseObject({ ReferenceID: z.string() }).optional(),
      }),
    }),
  ),
});

const SaleToPOIResponseSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    MessageHeader: HeaderSchema,
    PaymentResponse: PaymentResponseSchema.optional(),
    ReversalResponse: ReversalResponseSchema.optional(),
    TransactionStatusResponse: TransactionStatusResponseSchema.optional(),
  }),
});

const SaleToPOIRequestSchema = z.looseObject({
  SaleToPOIRequest: z.looseObject({
    MessageHeader: HeaderSchema,
    EventNotification: EventNotificationSchema.optional(),
    DisplayRequest: DisplayRequestSchema.optional(),
  }),
});

type PaymentResponseShape = z.infer<typeof PaymentResponseSchema>;
type ReversalResponseShape = z.infer<typeof ReversalResponseSchema>;

/** The terminal's own identifier of the transaction, when it gave both parts of it. */
function poiTransactionOf(response: { POIData?: PaymentResponseShape['POIData'] }): PoiTransaction | undefined {
  const id = response.POIData?.POITransactionID;
  return id?.TimeStamp === undefined ? undefined : { transactionId: id.TransactionID, timeStamp: id.TimeStamp };
}

/** `AdditionalResponse` and `EventDetails` are form-encoded `key=value&…`. */
function formFields(text: string | undefined): URLSearchParams {
  return new URLSearchParams(text ?? '');
}

function reasonOf(fields: URLSearchParams, fallback: string): string {
  return fields.get('refusalReason') ?? fields.get('message') ?? fallback;
}

/**
 * Brand, last four digits and approval code, from the structured result or
 * Adyen's additional response. Only the last four digits of a masked PAN are
 * kept; a value of the wrong shape is left out rather than shown.
 */
function cardDetails(response: PaymentResponseShape, fields: URLSearchParams): CardDetails | undefined {
  const result = response.PaymentResult;
  const brand = result?.PaymentInstrumentData?.CardData?.PaymentBrand ?? fields.get('paymentMethod') ?? undefined;
  const pan = result?.PaymentInstrumentData?.CardData?.MaskedPan ?? fields.get('cardSummary') ?? '';
  const last4 = /(\d{4})\s*$/.exec(pan)?.[1];
  const authCode = result?.PaymentAcquirerData?.ApprovalCode ?? fields.get('authCode') ?? undefined;
  const card: CardDetails = {
    ...(brand !== undefined && /^[\w -]{1,40}$/.test(brand) ? { brand } : {}),
    ...(last4 === undefined ? {} : { last4 }),
    ...(authCode !== undefined && /^[\w-]{1,20}$/.test(authCode) ? { authCode } : {}),
  };
  return Object.keys(card).length === 0 ? undefined : card;
}

const DECLINES = new Set(['Refusal', 'WrongPIN', 'InvalidCard', 'NotAllowed', 'PaymentRestriction']);
const TIMEOUT = 'Communication timeout';

/**
 * A PaymentResponse's verdict. `timeout` is Adyen's 150-second issuer timeout,
 * which the docs say to verify by status rather than trust.
 */
export function paymentVerdict(
  response: PaymentResponseShape,
  request: Pick<PaymentRequestIds, 'amountMinor' | 'currency'>,
): TerminalOutcome | 'timeout' | undefined {
  const fields = formFields(response.Response.AdditionalResponse);
  const reference = fields.get('pspReference') ?? response.POIData?.POITransactionID.TransactionID;
  const withReference = reference === undefined ? {} : { terminalReference: reference };
  const { Result: result, ErrorCondition: condition } = response.Response;

  if (result === 'Success' || result === 'Partial') {
    const amounts = response.PaymentResult?.AmountsResp;
    if (amounts !== undefined && amounts.Currency !== request.currency) return undefined;
    const authorised =
      amounts === undefined ? request.amountMinor : majorNumberToMinor(amounts.AuthorizedAmount, request.currency);
    // Nothing authorised is no approval, and more than asked is a reply about something else.
    if (authorised === undefined || authorised <= 0 || authorised > request.amountMinor) return undefined;
    // Partial, or an approval for less than asked, leaves the rest of the sale due.
    if (result === 'Partial' && amounts === undefined) return undefined;
    const card = cardDetails(response, fields);
    const receipts = readTerminalReceipts(response.PaymentReceipt);
    const poiTransaction = poiTransactionOf(response);
    return {
      state: 'approved',
      authorisedMinor: authorised,
      ...withReference,
      ...(poiTransaction === undefined ? {} : { poiTransaction }),
      ...(card === undefined ? {} : { card }),
      ...(receipts.length === 0 ? {} : { receipts }),
      ...(authorised < request.amountMinor ? { reason: 'Partly approved' } : {}),
    };
  }
  if (condition === TIMEOUT) return 'timeout';
  // Another payment holds the terminal: this one never started.
  if (condition === 'Busy') return { state: 'failed', reason: 'Busy', ...withReference };
  if (condition === 'Cancel')
    return { state: 'cancelled', reason: reasonOf(fields, 'Cancelled on the terminal'), ...withReference };
  if (condition === 'Aborted')
    return { state: 'cancelled', reason: reasonOf(fields, 'Cancelled from the till'), ...withReference };
  if (condition !== undefined && DECLINES.has(condition)) {
    return { state: 'declined', reason: reasonOf(fields, condition), ...withReference };
  }
  if (condition === 'InProgress' || condition === 'NotFound') return undefined;
  return { state: 'failed', reason: reasonOf(fields, condition ?? 'Failure'), ...withReference };
}

/**
 * A ReversalResponse's verdict: Success means the amount went back to the
 * card. An amount other than the one asked for is a reply about something
 * else, so it settles nothing.
 */
export function reversalVerdict(
  response: ReversalResponseShape,
  request: Pick<PaymentRequestIds, 'amountMinor' | 'currency'>,
): TerminalOutcome | undefined {
  const fields = formFields(response.Response.AdditionalResponse);
  const reference = fields.get('pspReference') ?? response.POIData?.POITransactionID.TransactionID;
  const withReference = reference === undefined ? {} : { terminalReference: reference };
  const { Result: result, ErrorCondition: condition } = response.Response;
  if (result === 'Success') {
    const reversed =
      response.ReversedAmount === undefined
        ? request.amountMinor
        : majorNumberToMinor(response.ReversedAmount, request.currency);
    if (reversed !== request.amountMinor) return undefined;
    const receipts = readTerminalReceipts(response.PaymentReceipt);
    const poiTransaction = poiTransactionOf(response);
    return {
      state: 'approved',
      authorisedMinor: reversed,
      ...withReference,
      ...(receipts.length === 0 ? {} : { receipts }),
      ...(poiTransaction === undefined ? {} : { poiTransaction }),
    };
  }
  // A part given back is nothing this till asked for: unknown, for the status check and then a manager.
  if (result === 'Partial') return undefined;
  if (condition === 'InProgress' || condition === 'NotFound' || condition === TIMEOUT) return undefined;
  if (condition === 'Busy') return { state: 'failed', reason: 'Busy', ...withReference };
  if (condition !== undefined && DECLINES.has(condition)) {
    return { state: 'declined', reason: reasonOf(fields, condition), ...withReference };
  }
  return { state: 'failed', reason: reasonOf(fields, condition ?? 'Failure'), ...withReference };
}

/** The result message for this attempt's kind, read into a verdict; undefined when it carries none. */
function verdictIn(
  body: { PaymentResponse?: PaymentResponseShape | undefined; ReversalResponse?: ReversalResponseShape | undefined },
  request: PaymentRequestIds,
): { verdict: TerminalOutcome | 'timeout' | undefined; condition: string | undefined } | undefined {
  if (request.kind === 'reversal') {
    const reversal = body.ReversalResponse;
    if (reversal === undefined) return undefined;
    return { verdict: reversalVerdict(reversal, request), condition: reversal.Response.ErrorCondition };
  }
  const payment = body.PaymentResponse;
  if (payment === undefined) return undefined;
  return { verdict: paymentVerdict(payment, request), condition: payment.Response.ErrorCondition };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The reply to a payment on /sync or /async, already known to be HTTP 200. */
export function readPaymentReply(text: string, request: PaymentRequestIds): SendResult {
  if (text.trim() === '') return { kind: 'unknown', reason: 'empty reply' };
  if (text.trim() === 'ok') return { kind: 'accepted' };
  const json = parseJson(text);
  const reject = SaleToPOIRequestSchema.safeParse(json);
  if (reject.success && reject.data.SaleToPOIRequest.EventNotification?.EventToNotify === 'Reject') {
    const details = formFields(reject.data.SaleToPOIRequest.EventNotification.EventDetails);
    return { kind: 'not_started', reason: details.get('message') ?? 'Rejected' };
  }
  const reply = SaleToPOIResponseSchema.safeParse(json);
  const message = reply.success ? reply.data.SaleToPOIResponse : undefined;
  const read = message === undefined ? undefined : verdictIn(message, request);
  if (message === undefined || read === undefined || !sameRequest(message.MessageHeader, request)) {
    return { kind: 'unknown', reason: 'unreadable reply' };
  }
  const response = (message.PaymentResponse ?? message.ReversalResponse)?.Response;
  const condition = read.condition;
  if (
    response?.Result === 'Failure' &&
    condition === 'UnreachableHost' &&
    message.PaymentResponse?.PaymentResult === undefined
  ) {
    return {
      kind: 'not_started',
      reason: reasonOf(formFields(response.AdditionalResponse), 'Terminal is not reachable'),
    };
  }
  if (response?.Result === 'Failure' && condition === 'Busy') {
    return { kind: 'outcome', outcome: { state: 'failed', reason: 'Busy' } };
  }
  const verdict = read.verdict;
  if (verdict === 'timeout') return { kind: 'unknown', reason: TIMEOUT };
  if (verdict === undefined) return { kind: 'unknown', reason: `unreadable result (${condition ?? 'no result'})` };
  return { kind: 'outcome', outcome: verdict };
}

/** The reply to a TransactionStatusRequest about `request`. */
export function readStatusReply(text: string, request: PaymentRequestIds): StatusResult {
  const json = parseJson(text);
  const reply = SaleToPOIResponseSchema.safeParse(json);
  const status = reply.success ? reply.data.SaleToPOIResponse.TransactionStatusResponse : undefined;
  if (status === undefined) {
    const reject = SaleToPOIRequestSchema.safeParse(json);
    const details = reject.success
      ? formFields(reject.data.SaleToPOIRequest.EventNotification?.EventDetails)
      : undefined;
    return {
      kind: 'unknown',
      reason: details?.get('message') ?? (text.trim() === '' ? 'empty reply' : 'unreadable reply'),
    };
  }
  const condition = status.Response.ErrorCondition;
  if (status.Response.Result !== 'Success') {
    if (condition === 'InProgress') return { kind: 'in_progress' };
    if (condition === 'NotFound')
      return { kind: 'not_found', reason: reasonOf(formFields(status.Response.AdditionalResponse), 'Not found') };
    return { kind: 'unknown', reason: condition ?? 'Failure' };
  }
  const repeated = status.RepeatedMessageResponse;
  const read = repeated === undefined ? undefined : verdictIn(repeated.RepeatedResponseMessageBody, request);
  // Only the verdict on *this* request counts: never the terminal's last transaction.
  if (repeated === undefined || read === undefined || !sameRequest(repeated.MessageHeader, request)) {
    return { kind: 'unknown', reason: 'status about another request' };
  }
  const verdict = read.verdict;
  if (verdict === undefined) return { kind: 'unknown', reason: 'unreadable result' };
  // Asked after the fact, Adyen's issuer timeout is the final word: nothing was charged.
  if (verdict === 'timeout') return { kind: 'outcome', outcome: { state: 'failed', reason: TIMEOUT } };
  return { kind: 'outcome', outcome: verdict };
}

function sameRequest(header: z.infer<typeof HeaderSchema>, request: PaymentRequestIds): boolean {
  return (
    header.POIID === request.terminalId &&
    header.SaleID === request.saleSystemId &&
    header.ServiceID === request.serviceId
  );
}

function idsOf(header: z.infer<typeof HeaderSchema>): NotificationIds {
  return { terminalId: header.POIID, saleSystemId: header.SaleID, serviceId: header.ServiceID };
}

const MessageSchema = z.looseObject({ MessageHeader: HeaderSchema });
const ResponseEnvelopeSchema = z.object({ SaleToPOIResponse: MessageSchema });
const RequestEnvelopeSchema = z.object({ SaleToPOIRequest: MessageSchema });

/**
 * What a webhook body is before it is trusted or read in full: the message it
 * carries (`PaymentResponse`, `EventNotification`, `DisplayRequest`, …) and the
 * request it names. Undefined if it is no Terminal API message at all.
 */
export function describeEnvelope(body: unknown): ({ kind: string } & NotificationIds) | undefined {
  const response = ResponseEnvelopeSchema.safeParse(body);
  const request = RequestEnvelopeSchema.safeParse(body);
  const message = response.success
    ? response.data.SaleToPOIResponse
    : request.success
      ? request.data.SaleToPOIRequest
      : undefined;
  if (message === undefined) return undefined;
  const kind = Object.keys(message).find((key) => key !== 'MessageHeader') ?? 'Empty';
  return { kind, ...idsOf(message.MessageHeader) };
}

/** Plain words for what the terminal is showing, from a display notification's `event=`. */
export const DISPLAY_WORDS: Readonly<Record<string, string>> = {
  TENDER_CREATED: 'Waiting for card',
  CARD_INSERTED: 'Card inserted',
  CARD_PRESENTED: 'Card read',
  CARD_SWIPED: 'Card swiped',
  WAIT_FOR_APP_SELECTION: 'Customer is choosing the card application',
  APPLICATION_SELECTED: 'Card application chosen',
  WAIT_FOR_PIN: 'Enter PIN',
  PIN_ENTERED: 'PIN entered; waiting for the bank',
  PRINT_RECEIPT: 'Printing receipt',
  RECEIPT_PRINTED: 'Receipt printed',
  CARD_REMOVED: 'Card removed',
  TENDER_FINAL: 'Finishing',
};

/** A webhook body: a result, a Reject, a display step, or another event. */
export function readNotification(
  body: unknown,
  amountOf: (ids: NotificationIds) => PaymentRequestIds | undefined,
): TerminalNotification | undefined {
  const response = SaleToPOIResponseSchema.safeParse(body);
  if (response.success) {
    const message = response.data.SaleToPOIResponse;
    const result = message.PaymentResponse ?? message.ReversalResponse;
    if (result === undefined) return undefined;
    const ids = idsOf(message.MessageHeader);
    const request = amountOf(ids);
    const fields = formFields(result.Response.AdditionalResponse);
    const outcome = request === undefined ? undefined : verdictIn(message, request)?.verdict;
    return {
      kind: 'result',
      ids,
      outcome: outcome ?? 'unreadable',
      signature: fields.get(SIGNATURE_KEY) ?? undefined,
    };
  }
  const request = SaleToPOIRequestSchema.safeParse(body);
  if (!request.success) return undefined;
  const { MessageHeader: header, EventNotification: event, DisplayRequest: display } = request.data.SaleToPOIRequest;
  const ids = idsOf(header);
  if (display !== undefined) {
    const reference = display.DisplayOutput[0]?.OutputContent.PredefinedContent?.ReferenceID;
    const step = formFields(reference).get('event') ?? '';
    return { kind: 'display', ids, terminalMessage: DISPLAY_WORDS[step] };
  }
  if (event === undefined) return undefined;
  if (event.EventToNotify === 'Reject') {
    return { kind: 'rejected', ids, reason: formFields(event.EventDetails).get('message') ?? 'Rejected' };
  }
  return { kind: 'event', ids, event: event.EventToNotify };
}
