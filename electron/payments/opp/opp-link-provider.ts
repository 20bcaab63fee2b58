import { randomBytes } from 'node:crypto';
import { decimalStringToMinor } from '../../../shared/money.ts';
import { PaymentLinkSchema } from '../../../shared/payments/payment-state.ts';
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
import type { OppClient, OppLink, OppLooseTransaction, OppResult } from './opp-client.ts';
import { createQuestionPacer, type QuestionPacer } from './question-pacer.ts';
import { readResultCode, type ResultReading } from './result-codes.ts';
import { readOppWebhookEvent } from './webhook-events.ts';

/**
 * ACI's Open Payment Platform as the payment service's `TerminalProvider`:
 * the "terminal" is the customer's phone, as with Worldline Direct. A payment
 * is a link (`DB`), a deposit a link that only reserves (`PA`); money back on
 * an OPP payment (`RF`), a deposit's capture (`CP`) and its release (`RV`) are
 * back-office calls on the gateway's payment id. The attempt's ServiceID is
 * the `merchantTransactionId` of each, which is how a lost reply is found
 * again: OPP has no idempotency key, only duplicate detection (`800.110.100`),
 * which says "made already", never "made now".
 *
 * Only `result.code` decides (docs/OPP.md), through `result-codes.ts`; the HTTP
 * status plays no part. A throttle (`800.120.100`), a communication error or
 * no answer is "unknown": the service asks again at this provider's pace (two
 * questions a minute per transaction). A webhook is authenticated by the
 * intake's GCM tag but settles nothing on its own: it makes the service ask,
 * so a doubled, late or contradicting webhook ends in one answer, the status.
 */

/** What the intake marks on a webhook whose GCM tag it checked before storing it. */
export const OPP_VERIFIED = 'opp:verified';

/** OPP's published limit: two status questions a minute per transaction (configurable: it is per platform). */
export const OPP_STATUS_LIMIT = { questions: 2, perMs: 60_000 } as const;

export interface OppLinkOptions {
  client: OppClient;
  /** The gateway as the payment book names it: one entity on OPP. */
  terminalId: string;
  saleSystemId: string;
  /** The expiry the till asks for; OPP takes whole hours, so it is rounded up. */
  linkExpiryMs: number;
  graceMs: number;
  /** How often a live link is asked about while the webhook is awaited; never faster than OPP allows. */
  askEveryMs: number;
  /** OPP's limit on status questions per transaction; `OPP_STATUS_LIMIT` unless the platform says otherwise. */
  statusLimit?: { questions: number; perMs: number };
  /** The gateway's one pacer, shared with the refund lookups (they ask the same throttled report). */
  pacer?: QuestionPacer;
  now?: () => Date;
}

const readingOf = (transaction: OppLooseTransaction): ResultReading => readResultCode(transaction.result.code);

/** What a back-office operation is, in OPP's words. */
const BACK_OFFICE = { reversal: 'RF', capture: 'CP', release: 'RV' } as const;
type BackOfficeKind = keyof typeof BACK_OFFICE;

function isBackOffice(kind: PaymentRequestIds['kind']): kind is BackOfficeKind {
  return kind in BACK_OFFICE;
}

/** Whole hours, at least one: OPP's `validUntilUnit` is HOUR or DAY. */
export function linkHours(linkExpiryMs: number): number {
  return Math.max(1, Math.ceil(linkExpiryMs / 3_600_000));
}

function words(result: { code: string; description?: string | undefined }): string {
  const description = result.description?.trim();
  return `OPP answered ${result.code}${description === undefined || description === '' ? '' : `: ${description.slice(0, 120)}`}`;
}

/** The amount OPP answered, in minor units; the request's when absent or unreadable. */
function amountOf(answer: { amount?: string | undefined; currency?: string | undefined }, request: PaymentRequestIds) {
  if (answer.amount === undefined) return request.amountMinor;
  try {
    return decimalStringToMinor(answer.amount, answer.currency ?? request.currency);
  } catch {
    return request.amountMinor;
  }
}

function cardOf(transaction: OppLooseTransaction): TerminalOutcome['card'] {
  const last4 = transaction.card?.last4Digits;
  const brand = transaction.paymentBrand?.toLowerCase();
  const card = {
    ...(brand === undefined ? {} : { brand: brand.slice(0, 20) }),
    ...(last4 !== undefined && /^\d{4}$/.test(last4) ? { last4 } : {}),
  };
  return Object.keys(card).length === 0 ? undefined : card;
}

function card(transaction: OppLooseTransaction): Pick<TerminalOutcome, 'card'> {
  const seen = cardOf(transaction);
  return seen === undefined ? {} : { card: seen };
}

/** A link the screen can show: an http(s) address and OPP's own expiry. */
function providerLink(link: OppLink, fallbackExpiry: Date): ProviderLink | undefined {
  const shown = PaymentLinkSchema.safeParse({
    url: link.link,
    expiresAt: Number.isNaN(Date.parse(link.validUntil)) ? fallbackExpiry.toISOString() : link.validUntil,
  });
  return shown.success ? { reference: link.id, ...shown.data } : undefined;
}

/**
 * A transaction's verdict, as the service reads it. Success (and success to be reviewed: the money is
 * taken; the review is the merchant's back office's) approves; pending is still going; a reject declines;
 * anything that does not say is unknown and asked again.
 */
function verdictOf(transaction: OppLooseTransaction, reading: ResultReading, request: PaymentRequestIds): StatusResult {
  switch (reading.verdict) {
    case 'success':
    case 'review':
      return {
        kind: 'outcome',
        outcome: {
          state: 'approved',
          authorisedMinor: amountOf(transaction, request),
          terminalReference: transaction.id,
          // A refund, capture or release quotes this id: it is the payment's own, at OPP.
          poiTransaction: {
            transactionId: transaction.id,
            timeStamp: transaction.timestamp ?? new Date().toISOString(),
          },
          ...card(transaction),
        },
      };
    case 'pending':
      return { kind: 'in_progress' };
    case 'reject':
      return { kind: 'outcome', outcome: { state: 'declined', reason: words(transaction.result) } };
    case 'throttled':
    case 'duplicate':
    case 'uncertain':
    case 'not_found':
    case 'unreadable':
      return { kind: 'unknown', reason: words(transaction.result) };
  }
}

export function createOppLinkProvider(options: OppLinkOptions): TerminalProvider {
  const { client } = options;
  const now = options.now ?? (() => new Date());
  const limit = options.statusLimit ?? OPP_STATUS_LIMIT;
  /** The least time between two questions about one transaction that keeps within the limit. */
  const intervalMs = Math.ceil(limit.perMs / limit.questions);
  const askEveryMs = Math.max(options.askEveryMs, intervalMs);
  const pacer = options.pacer ?? createQuestionPacer(limit, now);
  const paced: StatusResult = { kind: 'unknown', reason: LINK_PHRASES.gatewayPace };

  function notAnswered(result: Exclude<OppResult<unknown>, { kind: 'answer' }>): StatusResult {
    return result.kind === 'refused'
      ? { kind: 'refused', reason: result.reason }
      : { kind: 'unknown', reason: result.reason };
  }

  function createLink(request: PaymentRequestIds, signal: AbortSignal) {
    return client.createLink(
      {
        amountMinor: request.amountMinor,
        currency: request.currency,
        paymentType: request.kind === 'hold' ? 'PA' : 'DB',
        // The same on every try: OPP's duplicate detection then answers a repeat instead of making a second link.
        merchantTransactionId: request.serviceId,
        validHours: linkHours(options.linkExpiryMs),
      },
      signal,
    );
  }

  const fallbackExpiry = () => new Date(now().getTime() + linkHours(options.linkExpiryMs) * 3_600_000);

  /** The link OPP made under this ServiceID, if any: how a lost or duplicate-refused create is found. */
  async function linkMadeFor(request: PaymentRequestIds, signal: AbortSignal): Promise<StatusResult> {
    const found = await client.findLinks(request.serviceId, signal);
    if (found.kind !== 'answer') return notAnswered(found);
    const made = found.body?.links.find((link) => link.merchantTransactionId === request.serviceId);
    if (made === undefined) {
      // Only OPP's "none" (an empty list, or no such transaction) means never made; anything else is asked again.
      const none = found.reading.verdict === 'not_found' || found.body !== undefined;
      return none
        ? { kind: 'not_found', reason: LINK_PHRASES.noLinkYet }
        : { kind: 'unknown', reason: words(found.result) };
    }
    const link = providerLink(made, fallbackExpiry());
    return link === undefined
      ? { kind: 'unknown', reason: LINK_PHRASES.cannotShowLink }
      : { kind: 'in_progress', link };
  }

  /** What became of a create: a link to show, or why there is none. */
  async function readCreate(
    created: Awaited<ReturnType<OppClient['createLink']>>,
    request: PaymentRequestIds,
    signal: AbortSignal,
  ): Promise<StatusResult> {
    if (created.kind !== 'answer') return notAnswered(created);
    switch (created.reading.verdict) {
      case 'success':
      case 'pending': {
        const link = created.body === undefined ? undefined : providerLink(created.body, fallbackExpiry());
        // A link made but not showable is still a live link: asking about it keeps it watched.
        return link === undefined
          ? { kind: 'unknown', reason: LINK_PHRASES.cannotShowLink }
          : { kind: 'in_progress', link };
      }
      case 'duplicate':
        // Made by an earlier try whose answer was lost: find it, never make another.
        return linkMadeFor(request, signal);
      case 'reject':
      case 'not_found':
      case 'review':
        return { kind: 'outcome', outcome: { state: 'failed', reason: words(created.result) } };
      case 'throttled':
      case 'uncertain':
      case 'unreadable':
        return { kind: 'unknown', reason: words(created.result) };
    }
  }

  /** A paid link's payment: approved (or held) only on the payment's own status. */
  async function paymentOfLink(
    request: PaymentRequestIds,
    paymentId: string,
    link: ProviderLink,
    signal: AbortSignal,
  ): Promise<StatusResult> {
    if (!pacer.mayAsk(`payments ${paymentId}`)) return paced;
    const read = await client.getPayment(paymentId, signal);
    if (read.kind !== 'answer') return notAnswered(read);
    if (read.body === undefined) return { kind: 'unknown', reason: words(read.result) };
    const verdict = verdictOf(read.body, read.reading, request);
    if (verdict.kind === 'in_progress') return { kind: 'in_progress', link: { ...link, stage: 'paying' } };
    // A link OPP calls paid whose payment was refused is a contradiction: asked again, never a decline.
    if (verdict.kind === 'outcome' && verdict.outcome.state !== 'approved') {
      return { kind: 'unknown', reason: `The link says paid but ${words(read.result)}` };
    }
    return verdict;
  }

  async function askAboutLink(request: PaymentRequestIds, signal: AbortSignal): Promise<StatusResult> {
    const known = request.link;
    if (known === undefined) {
      // The reply to "create" was lost. Made: found by its merchantTransactionId. Not found: the same
      // create again (a late first one is then refused as a duplicate, and found).
      const made = await linkMadeFor(request, signal);
      if (made.kind !== 'not_found') return made;
      return readCreate(await createLink(request, signal), request, signal);
    }
    const read = await client.getLink(known.reference, signal);
    if (read.kind !== 'answer') return notAnswered(read);
    // The link existed (the till was given it): a gateway that cannot read it now has not un-made it.
    if (read.body === undefined) return { kind: 'unknown', reason: words(read.result) };
    const link = providerLink(read.body, new Date(known.expiresAt)) ?? known;
    switch (read.body.status) {
      case 'ACTIVE':
        return { kind: 'in_progress', link: known.stage === undefined ? link : { ...link, stage: known.stage } };
      case 'PAID':
        return read.body.paymentId === undefined
          ? { kind: 'in_progress', link: { ...link, stage: 'paying' } }
          : paymentOfLink(request, read.body.paymentId, link, signal);
      case 'EXPIRED':
      case 'DEACTIVATED': {
        // A payment made just before the end still counts: its own status decides.
        if (read.body.paymentId !== undefined) return paymentOfLink(request, read.body.paymentId, link, signal);
        const reason = read.body.status === 'EXPIRED' ? LINK_PHRASES.expired : LINK_PHRASES.cancelled;
        return { kind: 'outcome', outcome: { state: 'cancelled', reason } };
      }
    }
  }

  /** The gateway's payment id a back-office operation acts on, as the till recorded it. */
  function actedOn(request: PaymentRequestIds): string | undefined {
    return isBackOffice(request.kind) ? request.original?.transactionId : undefined;
  }

  async function sendBackOffice(
    request: PaymentRequestIds & { kind: BackOfficeKind },
    paymentId: string,
    signal: AbortSignal,
  ): Promise<StatusResult> {
    const paymentType = BACK_OFFICE[request.kind];
    const sent = await client.backOffice(
      paymentId,
      {
        paymentType,
        // A release names no amount: it reverses the whole authorisation.
        ...(request.kind === 'release' ? {} : { amountMinor: request.amountMinor, currency: request.currency }),
        merchantTransactionId: request.serviceId,
      },
      signal,
    );
    if (sent.kind !== 'answer') return notAnswered(sent);
    // Made already by a try whose answer was lost: the status question finds it by its merchantTransactionId.
    if (sent.reading.verdict === 'duplicate') return { kind: 'unknown', reason: words(sent.result) };
    // A refusal carries only a result (no transaction was made): nothing moved, and the manager reads why.
    if (sent.body === undefined) {
      return sent.reading.verdict === 'reject'
        ? { kind: 'outcome', outcome: { state: 'declined', reason: words(sent.result) } }
        : { kind: 'unknown', reason: words(sent.result) };
    }
    return verdictOf(sent.body, sent.reading, request);
  }

  /**
   * Where a back-office operation stands: found by its merchantTransactionId (the query is throttled like
   * the status, so the service's pace holds for it too); not there, the first request never arrived, and
   * sending it again under the same merchantTransactionId makes it once (a late first is a duplicate).
   */
  async function askAboutBackOffice(
    request: PaymentRequestIds & { kind: BackOfficeKind },
    paymentId: string,
    signal: AbortSignal,
  ): Promise<StatusResult> {
    if (!pacer.mayAsk(`query-reference ${request.serviceId}`)) return paced;
    const found = await client.queryByMerchantTransactionId(request.serviceId, signal);
    if (found.kind !== 'answer') return notAnswered(found);
    if (found.reading.verdict === 'throttled') return { kind: 'unknown', reason: words(found.result) };
    const mine = found.body?.payments.find(
      (transaction) =>
        transaction.paymentType === BACK_OFFICE[request.kind] &&
        (transaction.referencedId === undefined || transaction.referencedId === paymentId),
    );
    if (mine !== undefined) return verdictOf(mine, readingOf(mine), request);
    // Only OPP's own "no such transaction" (or an empty list) is "never arrived"; anything else is asked again.
    const none = found.reading.verdict === 'not_found' || found.reading.verdict === 'success';
    return none ? sendBackOffice(request, paymentId, signal) : { kind: 'unknown', reason: words(found.result) };
  }

  function idsOf(merchantTransactionId: string | undefined): NotificationIds {
    return { terminalId: options.terminalId, saleSystemId: options.saleSystemId, serviceId: merchantTransactionId };
  }

  return {
    name: 'opp',
    terminalId: options.terminalId,
    saleSystemId: options.saleSystemId,
    delivery: 'async',
    canAbort: true,
    refundsByPaymentId: true,
    holds: true,
    pace: {
      resultDeadlineMs: linkHours(options.linkExpiryMs) * 3_600_000 + options.graceMs,
      graceAfterLinkExpiryMs: options.graceMs,
      askWhileWaitingMs: askEveryMs,
      minStatusIntervalMs: intervalMs,
      recheckEndedAfterMs: Math.max(options.graceMs, intervalMs),
    },

    newServiceId() {
      // The merchantTransactionId of the link, its payment, or the back-office operation.
      return `KO${randomBytes(12).toString('hex').toUpperCase()}`;
    },

    async sendPayment(request, signal): Promise<SendResult> {
      if (request.kind === 'refund') return { kind: 'refused', reason: LINK_PHRASES.refundToAnyCard };
      if (isBackOffice(request.kind)) {
        const paymentId = actedOn(request);
        if (paymentId === undefined) return { kind: 'refused', reason: LINK_PHRASES.refundToAnyCard };
        const sent = await sendBackOffice({ ...request, kind: request.kind }, paymentId, signal);
        if (sent.kind === 'in_progress') return { kind: 'accepted' };
        return sent.kind === 'not_found' ? { kind: 'unknown', reason: sent.reason } : sent;
      }
      const created = await readCreate(await createLink(request, signal), request, signal);
      switch (created.kind) {
        case 'in_progress':
          return created.link === undefined ? { kind: 'accepted' } : { kind: 'accepted', link: created.link };
        case 'not_found':
          // Refused as a duplicate yet not findable: only asking again can tell.
          return { kind: 'unknown', reason: created.reason };
        case 'outcome':
        case 'refused':
        case 'unknown':
          return created;
      }
    },

    askStatus(request, _serviceId, signal) {
      const paymentId = actedOn(request);
      if (paymentId !== undefined && isBackOffice(request.kind)) {
        return askAboutBackOffice({ ...request, kind: request.kind }, paymentId, signal);
      }
      return askAboutLink(request, signal);
    },

    async abort(request, _serviceId, signal) {
      if (isBackOffice(request.kind)) return { delivered: false, reason: LINK_PHRASES.backOfficeNotRecalled };
      if (request.link === undefined) return { delivered: false, reason: LINK_PHRASES.noLinkYet };
      const deactivated = await client.deactivateLink(request.link.reference, signal);
      if (deactivated.kind !== 'answer') return { delivered: false, reason: deactivated.reason };
      const verdict = deactivated.reading.verdict;
      if (verdict === 'success' || deactivated.body?.status === 'DEACTIVATED') return { delivered: true };
      return {
        delivered: false,
        reason: verdict === 'reject' ? LINK_PHRASES.notActive : words(deactivated.result),
      };
    },

    readNotification(body) {
      const reading = readOppWebhookEvent(JSON.stringify(body));
      if (!reading.ok) return undefined;
      const event = reading.event;
      if (event.type !== 'PAYMENT') return { kind: 'event', ids: idsOf(undefined), event: event.sentType };
      const payment = event.payload;
      const ids = idsOf(payment.merchantTransactionId);
      const verdict = readingOf(payment).verdict;
      // A card refused on the customer's phone leaves the link live: progress for the screen, not an end.
      if (verdict === 'reject' && (payment.paymentType === 'DB' || payment.paymentType === 'PA')) {
        return { kind: 'display', ids, terminalMessage: LINK_PHRASES.declinedOnPhone, stage: 'declined' };
      }
      // Anything else is a reason to ask: the status is the truth, whatever order webhooks come in.
      return { kind: 'result', ids, outcome: 'unreadable', signature: OPP_VERIFIED };
    },

    verifySignature(_request, signature) {
      return signature === OPP_VERIFIED;
    },
  };
}
