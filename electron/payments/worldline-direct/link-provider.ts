import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { PaymentLinkSchema, type PaymentLink } from '../../../shared/payments/payment-state.ts';
import type {
  NotificationIds,
  PaymentRequestIds,
  ProviderLink,
  SendResult,
  StatusResult,
  TerminalNotification,
  TerminalOutcome,
  TerminalProvider,
} from '../terminal-provider.ts';
import type { DirectClient, DirectResult, Payment, PaymentLink as DirectLink, Refund } from './direct-client.ts';
import { classifyPayment, classifyPaymentLink, classifyRefund } from './payment-status.ts';
import { LINK_PHRASES } from '../link-phrases.ts';
import { readWebhookEvent, type DirectWebhookEvent } from './webhook-events.ts';
import { splitOperationId } from './wire-schemas.ts';

/**
 * Pay by link on Worldline Direct as the payment service's `TerminalProvider`:
 * the "terminal" is the customer's phone. Sending makes a payment link (the
 * attempt's ServiceID is both the idempotence key and the merchant reference);
 * the status question reads the link and, once it is paid, the payment itself;
 * abort cancels the link. Only a payment's own status is an approval: a PAID
 * link, a link event or a checkout that ended is a reason to ask, never money.
 *
 * Money back is a reversal quoting the gateway's payment id (a link paid here,
 * or a webshop order): a refund on that payment, with the attempt's ServiceID
 * as idempotence key and as the refund's own merchant reference, by which the
 * status question finds it among the payment's refunds. REFUND_REQUESTED is
 * the gateway taking it, not the money going back: only REFUNDED approves.
 *
 * Nothing here decides about money: the service keeps the rules (persist
 * before send, unknown is asked, a late approval goes to a manager).
 */

/** What the intake marks on a webhook it verified (X-GCS-Signature over the raw body) before storing it. */
export const DIRECT_VERIFIED = 'worldline-direct:verified';

export interface DirectLinkOptions {
  client: DirectClient;
  /** The gateway as the payment book names it: one merchant on Worldline Direct. */
  terminalId: string;
  /** This till, in the book's keys. */
  saleSystemId: string;
  /** The expiry the till asks for; the gateway's answer is what counts. */
  linkExpiryMs: number;
  /** How long after the expiry the till still waits for the gateway's word before it asks. */
  graceMs: number;
  /** How often a live link is asked about while the webhook is awaited. */
  askEveryMs: number;
  /** Where Direct posts this till's webhooks, once the listener knows; none: status questions alone. */
  webhookUrl: () => string | undefined;
  /** What the customer reads on the payment page. */
  description: string;
  now?: () => Date;
}

/** A link the screen can show: an http(s) address and the gateway's expiry. */
function providerLink(link: DirectLink, fallbackExpiry: Date): ProviderLink | undefined {
  const shown = PaymentLinkSchema.safeParse({
    url: link.redirectionUrl,
    expiresAt: link.expirationDate ?? fallbackExpiry.toISOString(),
  });
  return shown.success ? { reference: link.paymentLinkId, ...shown.data } : undefined;
}

const CardOutput = z.looseObject({
  paymentOutput: z
    .looseObject({
      cardPaymentMethodSpecificOutput: z
        .looseObject({
          card: z.looseObject({ cardNumber: z.string().optional() }).optional(),
          paymentProductId: z.number().optional(),
          authorisationCode: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Direct's product ids for the brands a shop meets most; the number otherwise. */
const BRANDS: Readonly<Record<number, string>> = { 1: 'visa', 2: 'amex', 3: 'mc', 117: 'maestro', 130: 'cb' };

export function cardOf(payment: Payment): TerminalOutcome['card'] {
  const output = CardOutput.safeParse(payment).data?.paymentOutput?.cardPaymentMethodSpecificOutput;
  if (output === undefined) return undefined;
  const last4 = /(\d{4})$/.exec(output.card?.cardNumber ?? '')?.[1];
  const product = output.paymentProductId;
  const card = {
    ...(product === undefined ? {} : { brand: BRANDS[product] ?? `product ${String(product)}` }),
    ...(last4 === undefined ? {} : { last4 }),
    ...(output.authorisationCode === undefined ? {} : { authCode: output.authorisationCode.slice(0, 20) }),
  };
  return Object.keys(card).length === 0 ? undefined : card;
}

/** An approved payment as the service records it: the gateway's payment id is what a refund quotes. */
function approval(payment: Payment, request: PaymentRequestIds, at: Date): TerminalOutcome {
  const base = splitOperationId(payment.id).base;
  const amount = payment.paymentOutput?.amountOfMoney?.amount;
  const card = cardOf(payment);
  return {
    state: 'approved',
    authorisedMinor: amount ?? request.amountMinor,
    terminalReference: base,
    poiTransaction: { transactionId: base, timeStamp: at.toISOString() },
    ...(card === undefined ? {} : { card }),
  };
}

function failureReason(result: Extract<DirectResult<unknown>, { kind: 'refused' | 'rejected' }>): string {
  const first = result.errors[0];
  const words = first?.message ?? first?.id ?? first?.errorCode ?? first?.code;
  return `Worldline Direct answered ${String(result.status)}${words === undefined ? '' : `: ${words.slice(0, 120)}`}`;
}

/** The refund's own merchant reference, where Direct echoes it. */
function referenceOf(refund: Refund): string | undefined {
  return (
    refund.refundOutput?.operationReferences?.merchantReference ?? refund.refundOutput?.references?.merchantReference
  );
}

/** A refund's status as the service reads it: REFUND_REQUESTED is still under way. */
function refundStatus(refund: Refund, request: PaymentRequestIds): StatusResult {
  const reading = classifyRefund({ status: refund.status, statusCategory: refund.statusOutput?.statusCategory });
  switch (reading.kind) {
    case 'refund_requested':
      return { kind: 'in_progress' };
    case 'refunded':
      return {
        kind: 'outcome',
        outcome: {
          state: 'approved',
          authorisedMinor: refund.refundOutput?.amountOfMoney?.amount ?? request.amountMinor,
          terminalReference: refund.id,
        },
      };
    case 'refund_declined':
      return {
        kind: 'outcome',
        outcome: { state: 'declined', reason: `Worldline Direct refused the refund (${reading.status})` },
      };
    case 'refund_cancelled':
      return {
        kind: 'outcome',
        outcome: { state: 'cancelled', reason: `Worldline Direct cancelled the refund (${reading.status})` },
      };
    case 'unknown':
      return { kind: 'unknown', reason: `Worldline Direct refund status ${reading.status ?? 'missing'}` };
  }
}

export function createDirectLinkProvider(options: DirectLinkOptions): TerminalProvider {
  const { client } = options;
  const now = options.now ?? (() => new Date());

  function asNotFoundOrUnknown(result: DirectResult<unknown>): StatusResult {
    switch (result.kind) {
      case 'ok':
        return { kind: 'unknown', reason: 'Unexpected answer' };
      case 'refused':
        return { kind: 'refused', reason: failureReason(result) };
      case 'rejected':
        // The link existed (the till was given it): a gateway that cannot find it now is not "never made".
        return { kind: 'unknown', reason: failureReason(result) };
      case 'unknown':
        return { kind: 'unknown', reason: result.reason };
    }
  }

  async function createLink(request: PaymentRequestIds, signal: AbortSignal): Promise<DirectResult<DirectLink>> {
    const webhookUrl = options.webhookUrl();
    return client.createPaymentLink(
      {
        amountMinor: request.amountMinor,
        currency: request.currency,
        merchantReference: request.serviceId,
        expiresAt: new Date(now().getTime() + options.linkExpiryMs),
        description: options.description,
        ...(webhookUrl === undefined ? {} : { webhookUrl }),
      },
      // The same key on every try: a re-sent create is answered with the first link, never a second one.
      request.serviceId,
      signal,
    );
  }

  /** What a paid (or ended) link's payment says: approved only on the payment's own status. */
  async function paymentStatus(
    request: PaymentRequestIds,
    paymentId: string,
    link: ProviderLink,
    signal: AbortSignal,
  ): Promise<StatusResult | undefined> {
    const read = await client.getPayment(paymentId, signal);
    if (read.kind !== 'ok') return asNotFoundOrUnknown(read);
    const reading = classifyPayment({
      status: read.value.status,
      statusCategory: read.value.statusOutput?.statusCategory,
    });
    switch (reading.kind) {
      case 'approved':
      case 'refund_requested':
      case 'refunded':
        // Refunded later (on the webshop side) it still was paid: the approval is what this attempt learns.
        return { kind: 'outcome', outcome: approval(read.value, request, now()) };
      case 'pending':
        return { kind: 'in_progress', link: { ...link, stage: 'paying' } };
      case 'declined':
      case 'cancelled':
        // A payment on the link that did not go through: the link's own state says what is left.
        return undefined;
      case 'unknown':
        return { kind: 'unknown', reason: `Worldline Direct payment status ${reading.status ?? 'missing'}` };
    }
  }

  async function askAboutLink(request: PaymentRequestIds, signal: AbortSignal): Promise<StatusResult> {
    const known = request.link;
    if (known === undefined) {
      // The reply to "create" was lost: the same idempotence key brings back the link it made, or makes it now.
      const created = await createLink(request, signal);
      if (created.kind === 'ok') {
        const link = providerLink(created.value, new Date(now().getTime() + options.linkExpiryMs));
        return link === undefined
          ? { kind: 'unknown', reason: 'Worldline Direct sent a link the till cannot show' }
          : { kind: 'in_progress', link };
      }
      // Refused outright now: the first try made nothing either, so it is safe to try again.
      if (created.kind === 'rejected' && created.status !== 409) {
        return { kind: 'not_found', reason: failureReason(created) };
      }
      return asNotFoundOrUnknown(created);
    }
    const read = await client.getPaymentLink(known.reference, signal);
    if (read.kind !== 'ok') return asNotFoundOrUnknown(read);
    const link = providerLink(read.value, new Date(known.expiresAt)) ?? known;
    const reading = classifyPaymentLink(read.value);
    switch (reading.kind) {
      case 'waiting':
        return { kind: 'in_progress', link };
      case 'opened': {
        const lastEvent = read.value.paymentLinkEvents?.at(-1)?.type;
        return {
          kind: 'in_progress',
          link: { ...link, stage: lastEvent === 'PAYMENT_DECLINED' ? 'declined' : 'opened' },
        };
      }
      case 'paid': {
        if (reading.paymentId === undefined) return { kind: 'in_progress', link: { ...link, stage: 'paying' } };
        const paid = await paymentStatus(request, reading.paymentId, link, signal);
        return paid ?? { kind: 'unknown', reason: 'The link says paid but its payment did not go through' };
      }
      case 'expired':
      case 'cancelled': {
        // A payment started just before the end may still have gone through: its own status decides.
        if (reading.paymentId !== undefined) {
          const paid = await paymentStatus(request, reading.paymentId, link, signal);
          if (paid !== undefined) return paid;
        }
        return {
          kind: 'outcome',
          outcome: {
            state: 'cancelled',
            reason: reading.kind === 'expired' ? LINK_PHRASES.expired : LINK_PHRASES.cancelled,
          },
        };
      }
      case 'unknown':
        return { kind: 'unknown', reason: `Worldline Direct link status ${reading.status ?? 'missing'}` };
    }
  }

  /** The payment a reversal gives money back on: the gateway's id, as the till recorded it. */
  function refundedPayment(request: PaymentRequestIds): string | undefined {
    return request.kind === 'reversal' ? request.original?.transactionId : undefined;
  }

  /** Asks Direct for the refund; the same key on every try, so a repeat is answered with the first refund. */
  async function sendRefund(request: PaymentRequestIds, paymentId: string, signal: AbortSignal): Promise<StatusResult> {
    const sent = await client.refundPayment(
      paymentId,
      { amountMinor: request.amountMinor, currency: request.currency, merchantReference: request.serviceId },
      request.serviceId,
      signal,
    );
    switch (sent.kind) {
      case 'ok':
        return refundStatus(sent.value, request);
      case 'refused':
        return { kind: 'refused', reason: failureReason(sent) };
      case 'rejected':
        // 409: the same request still being worked on. Any other 4xx: Direct made no refund (more than
        // is left, a payment that cannot be refunded): nothing went back, and the manager reads why.
        return sent.status === 409
          ? { kind: 'unknown', reason: failureReason(sent) }
          : { kind: 'outcome', outcome: { state: 'failed', reason: failureReason(sent) } };
      case 'unknown':
        return { kind: 'unknown', reason: sent.reason };
    }
  }

  /**
   * Where a refund stands: found among the payment's refunds by its merchant reference; not there, the
   * first request never arrived, and sending it again with the same key makes it once.
   */
  async function askAboutRefund(
    request: PaymentRequestIds,
    paymentId: string,
    signal: AbortSignal,
  ): Promise<StatusResult> {
    const listed = await client.getRefunds(paymentId, signal);
    if (listed.kind !== 'ok') return asNotFoundOrUnknown(listed);
    const mine = listed.value.find((refund) => referenceOf(refund) === request.serviceId);
    return mine === undefined ? sendRefund(request, paymentId, signal) : refundStatus(mine, request);
  }

  function idsOf(merchantReference: string | undefined): NotificationIds {
    return { terminalId: options.terminalId, saleSystemId: options.saleSystemId, serviceId: merchantReference };
  }

  function display(
    event: DirectWebhookEvent & { merchantReference: string | undefined },
    stage: PaymentLink['stage'],
    words: string,
  ): TerminalNotification {
    return {
      kind: 'display',
      ids: idsOf(event.merchantReference),
      terminalMessage: words,
      ...(stage === undefined ? {} : { stage }),
    };
  }

  /** A notice that says something happened but not what it came to: the service asks. */
  function askAbout(merchantReference: string | undefined): TerminalNotification {
    return { kind: 'result', ids: idsOf(merchantReference), outcome: 'unreadable', signature: DIRECT_VERIFIED };
  }

  return {
    name: 'worldline-direct',
    terminalId: options.terminalId,
    saleSystemId: options.saleSystemId,
    delivery: 'async',
    canAbort: true,
    refundsByPaymentId: true,
    pace: {
      resultDeadlineMs: options.linkExpiryMs + options.graceMs,
      graceAfterLinkExpiryMs: options.graceMs,
      askWhileWaitingMs: options.askEveryMs,
      minStatusIntervalMs: Math.min(options.askEveryMs, 5_000),
      // A payment under way as the link ended settles within the grace: one last look then.
      recheckEndedAfterMs: Math.max(options.graceMs, options.askEveryMs),
    },

    newServiceId() {
      // The merchant reference on the link and its payment (at most 40 characters at Direct).
      return `KL${randomBytes(10).toString('hex').toUpperCase()}`;
    },

    async sendPayment(request, signal): Promise<SendResult> {
      if (request.kind !== 'payment') {
        const paymentId = refundedPayment(request);
        if (paymentId === undefined) return { kind: 'refused', reason: LINK_PHRASES.refundToAnyCard };
        const sent = await sendRefund(request, paymentId, signal);
        // REFUND_REQUESTED: taken; the money's going back is for the webhook or the status question.
        if (sent.kind === 'in_progress') return { kind: 'accepted' };
        return sent.kind === 'not_found' ? { kind: 'unknown', reason: sent.reason } : sent;
      }
      const created = await createLink(request, signal);
      switch (created.kind) {
        case 'ok': {
          const link = providerLink(created.value, new Date(now().getTime() + options.linkExpiryMs));
          // A link made but not showable is still a live link: asking about it keeps it watched.
          return link === undefined
            ? { kind: 'unknown', reason: 'Worldline Direct sent a link the till cannot show' }
            : { kind: 'accepted', link };
        }
        case 'refused':
          return { kind: 'refused', reason: failureReason(created) };
        case 'rejected':
          // A 409 is the same request still being worked on: not a refusal, ask.
          return created.status === 409
            ? { kind: 'unknown', reason: failureReason(created) }
            : { kind: 'outcome', outcome: { state: 'failed', reason: failureReason(created) } };
        case 'unknown':
          return { kind: 'unknown', reason: created.reason };
      }
    },

    askStatus(request, _serviceId, signal) {
      const paymentId = refundedPayment(request);
      return paymentId === undefined ? askAboutLink(request, signal) : askAboutRefund(request, paymentId, signal);
    },

    async abort(request, _serviceId, signal) {
      if (request.kind !== 'payment') return { delivered: false, reason: LINK_PHRASES.refundNotRecalled };
      if (request.link === undefined) return { delivered: false, reason: LINK_PHRASES.noLinkYet };
      const cancelled = await client.cancelPaymentLink(request.link.reference, signal);
      if (cancelled.kind === 'ok' && cancelled.value === 'cancelled') return { delivered: true };
      if (cancelled.kind === 'ok') return { delivered: false, reason: LINK_PHRASES.notActive };
      return { delivered: false, reason: cancelled.kind === 'unknown' ? cancelled.reason : failureReason(cancelled) };
    },

    readNotification(body) {
      const reading = readWebhookEvent(JSON.stringify(body));
      if (reading.kind === 'refused') return undefined;
      const event = reading.event;
      switch (event.kind) {
        case 'payment': {
          // An operation after the sale (`_1`, `_2`: a capture, a refund) is not the payment's own result,
          // and its merchant reference is the payment's: a refund hears of itself by its refund events.
          if (event.operation !== undefined && event.operation > 0) {
            return { kind: 'event', ids: idsOf(undefined), event: event.type };
          }
          const state = classifyPayment({ status: event.status, statusCategory: event.statusCategory });
          if (state.kind === 'pending') return display(event, 'paying', LINK_PHRASES.paying);
          if (state.kind === 'declined') return display(event, 'declined', LINK_PHRASES.declinedOnPhone);
          // Approved (or anything stranger) is confirmed by asking: the status question reads the
          // payment with its card, and a forged body cannot get past the intake's signature anyway.
          return askAbout(event.merchantReference);
        }
        case 'paymentLink':
          if (event.linkEvent === 'CLICKED') return display(event, 'opened', LINK_PHRASES.opened);
          if (event.linkEvent === 'PAYMENT_DECLINED') return display(event, 'declined', LINK_PHRASES.declinedOnPhone);
          return askAbout(event.merchantReference);
        case 'refund':
          // A refund's own merchant reference is its attempt's ServiceID: the service asks where it stands.
          return askAbout(event.merchantReference);
        case 'other':
          return { kind: 'event', ids: idsOf(undefined), event: event.type };
      }
    },

    verifySignature(_request, signature) {
      return signature === DIRECT_VERIFIED;
    },
  };
}
