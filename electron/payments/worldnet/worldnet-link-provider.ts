import { randomBytes } from 'node:crypto';
import { CurrencyCodeSchema, majorNumberToMinor } from '../../../shared/money.ts';
import { LINK_PHRASES } from '../link-phrases.ts';
import type {
  NotificationIds,
  PaymentRequestIds,
  ProviderLink,
  SendResult,
  StatusResult,
  TerminalOutcome,
  TerminalProvider,
} from '../terminal-provider.ts';
import type { MerchantApi, WorldnetResult, WorldnetTransaction } from './merchant-api.ts';
import { StoredValidationSchema, WORLDNET_PAY_PATH } from './validation-intake.ts';
import { worldnetDateTime } from './payment-page.ts';

/**
 * Worldnet as the payment service's `TerminalProvider` (docs/WORLDNET.md):
 * the "terminal" is the customer's phone on Worldnet's hosted payment page.
 *
 * - A link costs Worldnet nothing: it is the till's own page
 *   (`<public address>/worldnet/pay/<ORDERID>`) that posts the signed
 *   request to Worldnet when the phone opens it. The ORDERID is the attempt's
 *   ServiceID, and the request's DATETIME is kept in the link's reference, so
 *   the page posts the same signed fields whenever it is opened.
 * - The result is Worldnet's background validation, checked by its HASH in the
 *   intake before it is stored; a genuine one settles the link.
 * - With a Merchant API key, a silent link is asked about by searching its
 *   ORDERID; a refund is sent by the payment's UNIQUEREF under the refund's
 *   ServiceID as `operator`, which is how a lost answer is found again (no
 *   idempotency key exists, so an unknown refund is never sent twice).
 * - Without one, a link whose validation never came goes to a manager after
 *   its expiry, with what is known.
 */

/** What the intake marks on a validation whose HASH it checked before storing it. */
export const WORLDNET_VERIFIED = 'worldnet:verified';

const PHRASES = {
  noApi: 'No Merchant API key is set up, so the till cannot ask Worldnet; a manager must check Selfcare',
  notFoundYet: 'Worldnet has no payment for this link yet',
  referral: 'Worldnet answered a referral: the card issuer wants a call. Not paid',
  pickUp: 'Worldnet answered pick up: the card is reported. Not paid',
  askedMore: 'Worldnet holds more than one payment for this link: a manager must look',
  refundsOnlyByReference: 'A Worldnet refund needs the payment’s UNIQUEREF',
  notRecalled: 'A refund asked of Worldnet cannot be called back',
} as const;

export interface WorldnetLinkOptions {
  /** Absent: no Merchant API key (no status questions, no refunds). */
  api: MerchantApi | undefined;
  terminalId: string;
  saleSystemId: string;
  linkExpiryMs: number;
  graceMs: number;
  askEveryMs: number;
  /** Where the phone and Worldnet reach this till: the listener, or the store's public address. */
  publicBase: () => string | undefined;
  now?: () => Date;
}

/** The link's reference: its ORDERID and the DATETIME its request is signed with. */
export function linkReference(orderId: string, dateTime: string): string {
  return `${orderId} ${dateTime}`;
}

export function readLinkReference(reference: string): { orderId: string; dateTime: string } | undefined {
  const [orderId, dateTime, ...rest] = reference.split(' ');
  return orderId === undefined || dateTime === undefined || rest.length > 0 ? undefined : { orderId, dateTime };
}

/** REST statuses (docs/WORLDNET.md): the APPROVAL group with A or E is money taken. */
const APPROVED_STATUSES = new Set(['PENDING', 'READY', 'COMPLETE']);
const DECLINED_STATUSES = new Set(['DECLINED', 'REFERRAL', 'PICKUP']);
const VOIDED_STATUSES = new Set(['VOID', 'REVERSAL']);

function minorOf(amount: number, currency: string): number | undefined {
  const code = CurrencyCodeSchema.safeParse(currency);
  return code.success ? majorNumberToMinor(Math.abs(amount), code.data) : undefined;
}

export function createWorldnetLinkProvider(options: WorldnetLinkOptions): TerminalProvider {
  const now = options.now ?? (() => new Date());
  /** Links cancelled at the till: the page stops serving them at once. */
  const cancelled = new Set<string>();

  function approved(reference: string, amountMinor: number, at: string): TerminalOutcome {
    return {
      state: 'approved',
      authorisedMinor: amountMinor,
      terminalReference: reference,
      // A refund quotes the payment's UNIQUEREF.
      poiTransaction: { transactionId: reference, timeStamp: at },
    };
  }

  function notAnswered(result: Exclude<WorldnetResult<unknown>, { kind: 'answer' }>): StatusResult {
    if (result.kind === 'refused') return { kind: 'refused', reason: result.reason };
    if (result.kind === 'rejected')
      return { kind: 'unknown', reason: `Worldnet refused the question (${String(result.status)})` };
    return { kind: 'unknown', reason: result.reason };
  }

  /** A transaction found by search, read as the service reads an outcome. */
  function readTransaction(found: WorldnetTransaction, request: PaymentRequestIds): StatusResult {
    const status = found.status ?? '';
    const code = found.resultCode ?? '';
    const amountMinor = minorOf(found.amount, found.currency ?? request.currency);
    if (APPROVED_STATUSES.has(status) && (code === 'A' || code === 'E')) {
      if (amountMinor === undefined || amountMinor > request.amountMinor) {
        return { kind: 'unknown', reason: 'Worldnet shows an amount the till did not ask for' };
      }
      return {
        kind: 'outcome',
        outcome: approved(found.uniqueReference, amountMinor, found.dateTime ?? now().toISOString()),
      };
    }
    if (DECLINED_STATUSES.has(status)) {
      const reason =
        status === 'REFERRAL' ? PHRASES.referral : status === 'PICKUP' ? PHRASES.pickUp : `Worldnet: ${status}`;
      return { kind: 'outcome', outcome: { state: 'declined', reason } };
    }
    if (VOIDED_STATUSES.has(status))
      return { kind: 'outcome', outcome: { state: 'cancelled', reason: `Worldnet: ${status}` } };
    // EXPIRED, ACCEPTED, REVIEW, a partial approval, anything new: not for the till to guess.
    return { kind: 'unknown', reason: `Worldnet shows ${status || 'no status'} ${code}`.trim() };
  }

  function pastDeadline(link: ProviderLink | undefined): boolean {
    if (link === undefined) return true;
    return now().getTime() > Date.parse(link.expiresAt) + options.graceMs;
  }

  async function askAboutLink(request: PaymentRequestIds, signal: AbortSignal): Promise<StatusResult> {
    const link = request.link;
    const ended = cancelled.has(request.serviceId) || pastDeadline(link);
    if (options.api === undefined) {
      return ended
        ? { kind: 'unknown', reason: PHRASES.noApi }
        : { kind: 'in_progress', ...(link === undefined ? {} : { link }) };
    }
    const found = await options.api.search(
      { orderId: request.serviceId, resourceType: 'PAYMENT', afterDate: new Date(now().getTime() - 24 * 3_600_000) },
      signal,
    );
    if (found.kind !== 'answer') return notAnswered(found);
    const mine = found.body.data.filter((item) => item.orderId === undefined || item.orderId === request.serviceId);
    if (mine.length > 1) return { kind: 'unknown', reason: PHRASES.askedMore };
    const only = mine[0];
    if (only !== undefined) return readTransaction(only, request);
    if (!ended) return { kind: 'in_progress', ...(link === undefined ? {} : { link }) };
    const reason = cancelled.has(request.serviceId) ? LINK_PHRASES.cancelled : LINK_PHRASES.expired;
    return { kind: 'outcome', outcome: { state: 'cancelled', reason } };
  }

  async function sendRefund(request: PaymentRequestIds, signal: AbortSignal): Promise<SendResult> {
    const reference = request.original?.transactionId;
    if (options.api === undefined) return { kind: 'refused', reason: PHRASES.noApi };
    if (reference === undefined || !/^[A-Za-z0-9]{1,24}$/.test(reference)) {
      return { kind: 'refused', reason: PHRASES.refundsOnlyByReference };
    }
    const sent = await options.api.refund(
      reference,
      {
        amountMinor: request.amountMinor,
        currency: request.currency,
        reason: 'Refund at the till',
        operator: request.serviceId,
      },
      signal,
    );
    if (sent.kind === 'rejected') {
      return {
        kind: 'outcome',
        outcome: { state: 'declined', reason: `Worldnet refused the refund (${String(sent.status)})` },
      };
    }
    if (sent.kind !== 'answer')
      return sent.kind === 'refused'
        ? { kind: 'refused', reason: sent.reason }
        : { kind: 'unknown', reason: sent.reason };
    const result = sent.body.transactionResult;
    if (result.resultCode === 'A') {
      return {
        kind: 'outcome',
        outcome: approved(sent.body.uniqueReference, request.amountMinor, result.dateTime ?? now().toISOString()),
      };
    }
    if (result.resultCode === 'D' || result.resultCode === 'R' || result.resultCode === 'C') {
      return {
        kind: 'outcome',
        outcome: { state: 'declined', reason: `Worldnet: ${result.resultMessage ?? result.status}` },
      };
    }
    return { kind: 'unknown', reason: `Worldnet answered ${result.resultCode}` };
  }

  /** A refund whose answer was lost: found by the operator the till gave it; not found, it stays unknown. */
  async function askAboutRefund(request: PaymentRequestIds, signal: AbortSignal): Promise<StatusResult> {
    if (options.api === undefined) return { kind: 'unknown', reason: PHRASES.noApi };
    const found = await options.api.search(
      {
        operator: request.serviceId,
        resourceType: 'REFUND',
        afterDate: new Date(now().getTime() - 7 * 24 * 3_600_000),
      },
      signal,
    );
    if (found.kind !== 'answer') return notAnswered(found);
    const mine = found.body.data.filter((item) => item.operator === undefined || item.operator === request.serviceId);
    if (mine.length > 1) return { kind: 'unknown', reason: PHRASES.askedMore };
    const only = mine[0];
    // Never "not found": with no idempotency key, sending it again could refund twice. A manager decides.
    if (only === undefined) return { kind: 'unknown', reason: PHRASES.notFoundYet };
    if (only.resultCode === 'A') {
      return {
        kind: 'outcome',
        outcome: approved(
          only.uniqueReference,
          minorOf(only.amount, only.currency ?? request.currency) ?? request.amountMinor,
          only.dateTime ?? now().toISOString(),
        ),
      };
    }
    if (only.resultCode === 'D' || only.resultCode === 'R' || only.resultCode === 'C') {
      return { kind: 'outcome', outcome: { state: 'declined', reason: `Worldnet: ${only.status ?? only.resultCode}` } };
    }
    return { kind: 'unknown', reason: `Worldnet shows ${only.status ?? ''} ${only.resultCode ?? ''}`.trim() };
  }

  function idsOf(orderId: string): NotificationIds {
    return { terminalId: options.terminalId, saleSystemId: options.saleSystemId, serviceId: orderId };
  }

  return {
    name: 'worldnet',
    terminalId: options.terminalId,
    saleSystemId: options.saleSystemId,
    delivery: 'async',
    canAbort: true,
    refundsByPaymentId: true,
    pace: {
      resultDeadlineMs: options.linkExpiryMs + options.graceMs,
      graceAfterLinkExpiryMs: options.graceMs,
      askWhileWaitingMs: options.askEveryMs,
      minStatusIntervalMs: options.askEveryMs,
      recheckEndedAfterMs: options.graceMs,
    },

    newServiceId() {
      // The ORDERID: letters and digits, 22 of Worldnet's 24.
      return `KN${randomBytes(10).toString('hex').toUpperCase()}`;
    },

    async sendPayment(request, signal): Promise<SendResult> {
      if (request.kind === 'reversal') return sendRefund(request, signal);
      if (request.kind !== 'payment') return { kind: 'refused', reason: LINK_PHRASES.refundToAnyCard };
      const base = options.publicBase();
      if (base === undefined)
        return { kind: 'refused', reason: 'The till has no address the phone and Worldnet can reach' };
      const made = now();
      // Nothing leaves the till: the link is the till's own page, which signs the request when the phone opens it.
      return {
        kind: 'accepted',
        link: {
          reference: linkReference(request.serviceId, worldnetDateTime(made)),
          url: `${base.replace(/\/+$/, '')}${WORLDNET_PAY_PATH}${request.serviceId}`,
          expiresAt: new Date(made.getTime() + options.linkExpiryMs).toISOString(),
        },
      };
    },

    askStatus(request, _serviceId, signal) {
      return request.kind === 'reversal' ? askAboutRefund(request, signal) : askAboutLink(request, signal);
    },

    abort(request) {
      if (request.kind === 'reversal') return Promise.resolve({ delivered: false, reason: PHRASES.notRecalled });
      // The page stops at once; a phone already on Worldnet's page may still pay, which the status decides.
      cancelled.add(request.serviceId);
      return Promise.resolve({ delivered: true });
    },

    readNotification(body, requestOf) {
      const read = StoredValidationSchema.safeParse(body);
      if (!read.success) return undefined;
      const { form, verdict, amountMinor } = read.data;
      const ids = idsOf(form.ORDERID);
      const request = requestOf(ids);
      const at = now().toISOString();
      switch (verdict) {
        case 'approved':
          // More than was asked is not a payment the till can place: asking sorts it out, or a manager.
          if (request !== undefined && amountMinor > request.amountMinor) {
            return { kind: 'result', ids, outcome: 'unreadable', signature: WORLDNET_VERIFIED };
          }
          return {
            kind: 'result',
            ids,
            outcome: {
              ...approved(form.UNIQUEREF, amountMinor, at),
              ...(form.APPROVALCODE === '' ? {} : { card: { authCode: form.APPROVALCODE.slice(0, 20) } }),
            },
            signature: WORLDNET_VERIFIED,
          };
        case 'declined':
        case 'declined_for_manager': {
          const reason =
            form.RESPONSECODE === 'R'
              ? PHRASES.referral
              : form.RESPONSECODE === 'C'
                ? PHRASES.pickUp
                : `Worldnet: ${form.RESPONSETEXT || 'declined'}`;
          return { kind: 'result', ids, outcome: { state: 'declined', reason }, signature: WORLDNET_VERIFIED };
        }
        case 'unknown':
          return { kind: 'result', ids, outcome: 'unreadable', signature: WORLDNET_VERIFIED };
      }
    },

    verifySignature(_request, signature) {
      return signature === WORLDNET_VERIFIED;
    },
  };
}

/** Whether a link's page may still be served: its attempt is live and the link has not expired or been cancelled. */
export function isLinkPageLive(
  attempt: { state: string; link: ProviderLink | undefined } | undefined,
  liveStates: readonly string[],
  now: Date,
): boolean {
  if (attempt?.link === undefined || !liveStates.includes(attempt.state)) return false;
  return now.getTime() < Date.parse(attempt.link.expiresAt);
}
