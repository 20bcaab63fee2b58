import type { AttemptKind, CardDetails, FinalPaymentState } from '../../shared/payments/payment-state.ts';
import type { TerminalReceipt } from '../../shared/payments/terminal-receipt.ts';
import type { PaymentLink } from '../../shared/payments/payment-state.ts';

/**
 * A payment link the gateway created for an attempt (pay by link / QR): the
 * gateway's own id for it, which every later question quotes, and what the
 * customer and the cashier see. Kept in the book the moment it is known.
 */
export interface ProviderLink extends PaymentLink {
  readonly reference: string;
}

/**
 * What the payment service needs from a card terminal provider, in the
 * service's own words. A provider turns its protocol (Adyen's nexo JSON,
 * Worldline's) into these answers and nothing else: every decision about
 * money (when to ask, when to give up, what blocks the terminal) stays in the
 * service, the same for every provider.
 */

/** The terminal's verdict on a payment. */
export interface TerminalOutcome {
  readonly state: FinalPaymentState;
  /** What was charged when approved; less than requested for a partial approval. */
  readonly authorisedMinor?: number;
  /** The provider's reference for the payment: Adyen's PSP reference, a gateway's payment id. */
  readonly terminalReference?: string;
  /** The terminal's words for it: "Refused", "108 Shopper cancelled tx", … */
  readonly reason?: string;
  /** Brand, last four digits and approval code, when the terminal names them. */
  readonly card?: CardDetails;
  /** The terminal's receipt text for an approval, to print with the till's receipt. */
  readonly receipts?: readonly TerminalReceipt[];
  /** The terminal's own identifier of the transaction, which a later referenced refund must quote. */
  readonly poiTransaction?: PoiTransaction;
}

/** A transaction as the terminal names it (nexo POITransactionID): both parts are needed to refer to it. */
export interface PoiTransaction {
  readonly transactionId: string;
  readonly timeStamp: string;
}

/** The request the service persisted, which every later message refers to. */
export interface PaymentRequestIds {
  readonly terminalId: string;
  readonly saleSystemId: string;
  readonly serviceId: string;
  readonly saleTransactionId: string;
  readonly amountMinor: number;
  readonly currency: string;
  /**
   * A payment, or money back: by reference to `original` (a reversal) or to any card (a refund). On a
   * provider that `holds`: a deposit's `hold` (a pre-authorisation by link), or the `capture` or `release`
   * of one, whose `original` is the hold as the gateway named it (its transactionId: the gateway's payment id).
   */
  readonly kind: AttemptKind;
  /** The payment a reversal gives money back on (or the hold a capture or release settles), as the terminal named it. */
  readonly original?: PoiTransaction;
  /** What that payment charged: a provider may void a whole payment where it refunds a part. */
  readonly originalAmountMinor?: number | undefined;
  /** The payment link the gateway made for it, once known: a status question asks about this link. */
  readonly link?: ProviderLink | undefined;
}

/** What came of sending a payment. */
export type SendResult =
  /** The terminal's verdict (sync mode; or an immediate failure such as Busy). */
  | { readonly kind: 'outcome'; readonly outcome: TerminalOutcome }
  /** Async mode: taken; the result comes as a notification. A gateway names the link it made. */
  | { readonly kind: 'accepted'; readonly link?: ProviderLink }
  /** The cloud says the terminal did not get it (Reject, UnreachableHost); to be confirmed by status. */
  | { readonly kind: 'not_started'; readonly reason: string }
  /** The provider refused the till itself (bad API key, no permission): nothing reached the terminal. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** No answer that settles it: timeout, dropped connection, empty or unreadable reply, 5xx. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** What came of asking the terminal about a payment. */
export type StatusResult =
  | { readonly kind: 'outcome'; readonly outcome: TerminalOutcome }
  /** Still going; a gateway says where its link stands (or names the link a lost reply did not). */
  | { readonly kind: 'in_progress'; readonly link?: ProviderLink }
  /** The terminal never received the payment: safe to send it again, with a new ServiceID. */
  | { readonly kind: 'not_found'; readonly reason: string }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A notification from the provider's webhook, read but not yet trusted. */
export type TerminalNotification =
  /**
   * A payment's result. `timeout` (an issuer timeout) and `unreadable` settle
   * nothing: the service asks the terminal. `signature` is what came back of
   * the mark the till put on its request, if anything.
   */
  | {
      readonly kind: 'result';
      readonly ids: NotificationIds;
      readonly outcome: TerminalOutcome | 'timeout' | 'unreadable';
      readonly signature: string | undefined;
    }
  /** The cloud could not deliver one of our requests. */
  | { readonly kind: 'rejected'; readonly ids: NotificationIds; readonly reason: string }
  /** What the terminal shows the customer; progress only, never a result. */
  | {
      readonly kind: 'display';
      readonly ids: NotificationIds;
      readonly terminalMessage: string | undefined;
      /** How far the customer has got on a payment link (opened it, paying), when the gateway says. */
      readonly stage?: PaymentLink['stage'];
    }
  /** Anything else the terminal reports (network, maintenance, …); kept, not acted on. */
  | { readonly kind: 'event'; readonly ids: NotificationIds; readonly event: string };

export interface NotificationIds {
  readonly terminalId: string | undefined;
  readonly saleSystemId: string | undefined;
  readonly serviceId: string | undefined;
}

/**
 * How a provider's payments are paced where they differ from a card
 * terminal's. A payment whose "terminal" is the customer's phone (a payment
 * link, a QR code) has minutes, not 150 seconds, and an online gateway may
 * allow only a few status questions (ACI: two a minute per transaction).
 * The provider states its pace; the service keeps it.
 */
export interface ProviderPace {
  /** How long the customer has before the till asks (a link's expiry); the till's result timeout otherwise. */
  readonly resultDeadlineMs?: number;
  /**
   * With a link, the deadline is also no earlier than the link's own expiry (as the gateway answered
   * it, which may be later than the till asked) plus this grace: silence before then is no reason to ask.
   */
  readonly graceAfterLinkExpiryMs?: number;
  /** The least time between two status questions the status loop asks about one payment. */
  readonly minStatusIntervalMs?: number;
  /**
   * Ask this often while waiting for the webhook, too: a lost webhook then
   * costs one interval, not the whole of a link's life. Answers that settle
   * nothing keep the wait going; silence is never a decline.
   */
  readonly askWhileWaitingMs?: number;
  /**
   * Ask once more this long after an attempt ended without money (a link cancelled or expired): a
   * payment the customer started just before the end may still go through, and its webhook may be
   * lost. What that question finds is applied like any late result (a manager for a contradiction).
   */
  readonly recheckEndedAfterMs?: number;
}

export interface TerminalProvider {
  readonly name: string;
  readonly terminalId: string;
  /** Names this till in the provider's messages (Adyen's SaleID). */
  readonly saleSystemId: string;
  readonly delivery: 'sync' | 'async';
  /** Whether the till can ask the terminal to stop a payment (Worldline's cloud offers no way). */
  readonly canAbort: boolean;
  /** Its own deadline and status pace, when a card terminal's do not fit. */
  readonly pace?: ProviderPace;
  /**
   * Gives money back on a payment by the gateway's payment id alone, one this till need not have
   * taken (an online gateway refunding a webshop order): a reversal whose `original` is that id.
   */
  readonly refundsByPaymentId?: boolean;
  /**
   * Takes deposits: a hold by link (a pre-authorisation: approved means reserved, not taken), and the
   * capture or release of one by the gateway's payment id for it. The service refuses all three to a
   * provider without it (every card terminal, and Worldline Direct for now).
   */
  readonly holds?: boolean;
  /** A fresh request identifier; the service reserves it in the book before use. */
  newServiceId(): string;
  /** Sends the payment. In sync mode resolves with the result, or when `signal` aborts (the deadline). */
  sendPayment(request: PaymentRequestIds, signal: AbortSignal): Promise<SendResult>;
  /** Asks about the payment, with a fresh `serviceId` of its own. */
  askStatus(request: PaymentRequestIds, serviceId: string, signal: AbortSignal): Promise<StatusResult>;
  /**
   * Asks the terminal to stop the payment; whether it did shows in the payment's own outcome. Undelivered,
   * with the reason, when it cannot be stopped (a gateway whose customer has already paid).
   */
  abort(
    request: PaymentRequestIds,
    serviceId: string,
    signal: AbortSignal,
  ): Promise<{ delivered: boolean; reason?: string }>;
  /**
   * Reads a webhook body; undefined if it is not a notification this provider
   * sends. `requestOf` finds the till's own request the notification names,
   * to read its amounts against.
   */
  readNotification(
    body: unknown,
    requestOf: (ids: NotificationIds) => PaymentRequestIds | undefined,
  ): TerminalNotification | undefined;
  /** Whether `signature` is the one this till put on `request`. Constant time. */
  verifySignature(request: PaymentRequestIds, signature: string): boolean;
}
