import { randomInt } from 'node:crypto';
import type { Logger } from '../../logging/logger.ts';
import { scenarioFor } from '../scenarios.ts';
import type { SimTime } from '../sim-time.ts';
import { DirectError, invalid, notFound } from './errors.ts';
import type { CreatePaymentLinkRequest, CreatePaymentRequest, RefundRequest } from './request-schemas.ts';
import type { WebhookSender } from './webhooks.ts';

/**
 * Worldline Direct's payment platform in memory: payment links, card
 * payments, refunds. Knows nothing of HTTP; `simulator.ts` carries the
 * bytes. Outcomes come from the magic amounts shared with the other
 * simulators (`scenarios.ts`): an amount ending in a decline code is
 * REJECTED, anything else approved (online there is no terminal, so the
 * terminal-only scenarios 901–905 are declines too, and 906/907 approve the
 * whole amount).
 */

export const SIX_MONTHS_MS = 183 * 24 * 3_600_000;
/** How long (simulated) a refund stays REFUND_REQUESTED before it is REFUNDED. */
export const REFUND_SETTLE_MS = 60_000;
/** The card a hosted page offers by default: Visa's classic test number. */
export const TEST_CARD = '4111111111111111';

export type LinkStatus = 'ACTIVE' | 'PAID' | 'CANCELLED' | 'EXPIRED';
export type LinkEventType = 'CREATED' | 'CLICKED' | 'PAID' | 'PAYMENT_DECLINED' | 'EXPIRED' | 'CANCELLED';

export interface Money {
  amount: number;
  currencyCode: string;
}

export interface PaymentLink {
  paymentLinkId: string;
  amount: Money;
  merchantReference: string | undefined;
  description: string | undefined;
  recipientName: string | undefined;
  expirationDate: string;
  /** Real epoch ms when it expires: the time left at creation, scaled. */
  expiresAtMs: number;
  isReusableLink: boolean;
  webhookUrl: string | undefined;
  status: LinkStatus;
  paymentId: string | undefined;
  events: { type: LinkEventType; dateTime: string; details?: string }[];
}

type PaymentState = 'CAPTURED' | 'PENDING_CAPTURE' | 'REJECTED' | 'CANCELLED';

export interface Refund {
  id: string;
  amount: Money;
  reason: string | undefined;
  operatorId: string | undefined;
  merchantReference: string | undefined;
  status: 'REFUND_REQUESTED' | 'REFUNDED';
  changedAt: Date;
}

export interface Payment {
  base: string;
  amount: Money;
  merchantReference: string | undefined;
  card: { number: string; expiryDate: string | undefined; cardholderName: string | undefined };
  state: PaymentState;
  refusal: string | undefined;
  webhookUrl: string | undefined;
  paymentLinkId: string | undefined;
  changedAt: Date;
  refunds: Refund[];
  /** The next maintenance operation's number (0 was the sale or authorisation). */
  nextOperation: number;
}

interface StatusOutput {
  statusCategory: string;
  statusCode: number;
  isCancellable: boolean;
  isRefundable: boolean;
  isAuthorized: boolean;
}

/** Worldline's legacy numeric codes for the states the simulator reaches (2, 5, 6, 9 researched; 8 and 81 assumed). */
const STATUS_OUTPUT: Readonly<Record<PaymentState | 'REFUNDED', StatusOutput>> = {
  CAPTURED: {
    statusCategory: 'COMPLETED',
    statusCode: 9,
    isCancellable: false,
    isRefundable: true,
    isAuthorized: true,
  },
  PENDING_CAPTURE: {
    statusCategory: 'PENDING_MERCHANT',
    statusCode: 5,
    isCancellable: true,
    isRefundable: false,
    isAuthorized: true,
  },
  REJECTED: {
    statusCategory: 'UNSUCCESSFUL',
    statusCode: 2,
    isCancellable: false,
    isRefundable: false,
    isAuthorized: false,
  },
  CANCELLED: {
    statusCategory: 'UNSUCCESSFUL',
    statusCode: 6,
    isCancellable: false,
    isRefundable: false,
    isAuthorized: false,
  },
  REFUNDED: {
    statusCategory: 'REFUNDED',
    statusCode: 8,
    isCancellable: false,
    isRefundable: false,
    isAuthorized: true,
  },
};

const WEBHOOK_TYPE: Readonly<Record<PaymentState, string>> = {
  CAPTURED: 'payment.captured',
  PENDING_CAPTURE: 'payment.pending_capture',
  REJECTED: 'payment.rejected',
  CANCELLED: 'payment.cancelled',
};

export function maskCard(number: string): string {
  return `${number.slice(0, 6)}${'*'.repeat(Math.max(0, number.length - 10))}${number.slice(-4)}`;
}

function brandOf(number: string): { paymentProductId: number; cardScheme: string } {
  if (number.startsWith('4')) return { paymentProductId: 1, cardScheme: 'VISA' };
  if (/^(5[1-5]|2[2-7])/.test(number)) return { paymentProductId: 3, cardScheme: 'MASTERCARD' };
  if (/^3[47]/.test(number)) return { paymentProductId: 2, cardScheme: 'AMEX' };
  return { paymentProductId: 1, cardScheme: 'VISA' };
}

/** The base of a payment id: ten digits, never starting with 0 (Worldline's look, e.g. 3136405348). */
function newBase(taken: ReadonlyMap<string, unknown>): string {
  for (;;) {
    const base = String(randomInt(1_000_000_000, 9_999_999_999));
    if (!taken.has(base)) return base;
  }
}

function refunded(payment: Payment): number {
  return payment.refunds.reduce((sum, refund) => sum + refund.amount.amount, 0);
}

/** A payment as Worldline's `PaymentResponse` shows it: operation 0, with what is left to refund. */
export function paymentView(payment: Payment) {
  const fullyRefunded = payment.refunds.length > 0 && refunded(payment) >= payment.amount.amount;
  const status = fullyRefunded ? 'REFUNDED' : payment.state;
  const statusOutput = {
    ...STATUS_OUTPUT[status],
    // Refundable while something is left to refund.
    isRefundable: payment.state === 'CAPTURED' && refunded(payment) < payment.amount.amount,
    statusCodeChangeDateTime: payment.changedAt.toISOString().replace(/\D/g, '').slice(0, 14),
    ...(payment.refusal === undefined
      ? {}
      : {
          errors: [
            {
              errorCode: '30511001',
              category: 'PAYMENT_PLATFORM_ERROR',
              httpStatusCode: 402,
              id: 'AUTHORIZATION_DECLINED',
              message: payment.refusal,
              retriable: false,
            },
          ],
        }),
  };
  const brand = brandOf(payment.card.number);
  return {
    id: `${payment.base}_0`,
    status,
    statusOutput,
    paymentOutput: {
      amountOfMoney: { ...payment.amount },
      acquiredAmount: {
        amount: payment.state === 'CAPTURED' ? payment.amount.amount : 0,
        currencyCode: payment.amount.currencyCode,
      },
      references: payment.merchantReference === undefined ? {} : { merchantReference: payment.merchantReference },
      paymentMethod: 'card',
      cardPaymentMethodSpecificOutput: {
        paymentProductId: brand.paymentProductId,
        ...(payment.state === 'REJECTED' ? {} : { authorisationCode: payment.base.slice(-6) }),
        card: {
          cardNumber: maskCard(payment.card.number),
          bin: payment.card.number.slice(0, 6),
          cardScheme: brand.cardScheme,
          ...(payment.card.expiryDate === undefined ? {} : { expiryDate: payment.card.expiryDate }),
        },
      },
    },
  };
}

export type PaymentView = ReturnType<typeof paymentView>;

/** A link as Worldline's `PaymentLinkResponse` shows it. */
export interface PaymentLinkView {
  paymentLinkId: string;
  redirectionUrl: string;
  status: LinkStatus;
  expirationDate: string;
  isReusableLink: boolean;
  recipientName?: string;
  paymentId?: string;
  paymentLinkEvents: PaymentLink['events'];
  paymentLinkOrder: { amount: Money; merchantReference?: string };
}

export interface Platform {
  createLink(request: CreatePaymentLinkRequest, hostedPageUrl: (id: string) => string): PaymentLink;
  link(id: string): PaymentLink;
  knows(id: string): boolean;
  cancelLink(id: string): void;
  clickLink(id: string): PaymentLink;
  expireLink(id: string): PaymentLink;
  /** The customer pays on the hosted page; `undefined` when the link can no longer be paid. */
  payLink(
    id: string,
    input: {
      cardNumber?: string | undefined;
      outcome?: 'approved' | 'declined' | undefined;
      afterLinkEnded?: boolean | undefined;
    },
  ): { link: PaymentLink; payment: Payment } | undefined;
  links(): PaymentLink[];
  createPayment(request: CreatePaymentRequest): Payment;
  payment(id: string): Payment;
  refund(id: string, request: RefundRequest): Refund;
  cancelPayment(id: string): Payment;
  paymentView(payment: Payment): PaymentView;
  refundView(payment: Payment, refund: Refund): unknown;
  linkView(link: PaymentLink, hostedPageUrl: string): PaymentLinkView;
  reset(): void;
}

export function createPlatform(dependencies: {
  time: SimTime;
  logger: Logger;
  webhooks: WebhookSender;
  defaultWebhookUrl: string | undefined;
}): Platform {
  const { time, logger, webhooks, defaultWebhookUrl } = dependencies;
  let links = new Map<string, PaymentLink>();
  let payments = new Map<string, Payment>();
  let refundTimers = new AbortController();

  const stamp = () => time.now().toISOString();

  /** A link past its expiry date (on the time scale) becomes EXPIRED when next looked at. */
  function refresh(link: PaymentLink): PaymentLink {
    if (link.status === 'ACTIVE' && time.now().getTime() >= link.expiresAtMs) {
      link.status = 'EXPIRED';
      link.events.push({ type: 'EXPIRED', dateTime: new Date(link.expiresAtMs).toISOString() });
    }
    return link;
  }

  function link(id: string): PaymentLink {
    const found = links.get(id);
    if (found === undefined) throw notFound('UNKNOWN_PAYMENT_LINK_ID', `Payment link ${id}`);
    return refresh(found);
  }

  function payment(id: string): Payment {
    // A payment is named with or without its operation suffix: 3136405348 and 3136405348_0 are the same.
    const base = /^(\d+)(_\d+)?$/.exec(id)?.[1];
    const found = base === undefined ? undefined : payments.get(base);
    if (found === undefined) throw notFound('UNKNOWN_PAYMENT_ID', `Payment ${id}`);
    return found;
  }

  function refundView(payment: Payment, refund: Refund) {
    return {
      id: refund.id,
      status: refund.status,
      statusOutput: {
        isCancellable: false,
        statusCategory: refund.status === 'REFUNDED' ? 'REFUNDED' : 'PENDING_CONNECT_OR_3RD_PARTY',
        statusCode: refund.status === 'REFUNDED' ? 8 : 81,
        statusCodeChangeDateTime: refund.changedAt.toISOString().replace(/\D/g, '').slice(0, 14),
      },
      refundOutput: {
        amountOfMoney: { ...refund.amount },
        paymentMethod: 'card',
        references: payment.merchantReference === undefined ? {} : { merchantReference: payment.merchantReference },
        ...(refund.merchantReference === undefined
          ? {}
          : { operationReferences: { merchantReference: refund.merchantReference } }),
      },
    };
  }

  function linkView(link: PaymentLink, hostedPageUrl: string): PaymentLinkView {
    return {
      paymentLinkId: link.paymentLinkId,
      redirectionUrl: hostedPageUrl,
      status: link.status,
      expirationDate: link.expirationDate,
      isReusableLink: link.isReusableLink,
      ...(link.recipientName === undefined ? {} : { recipientName: link.recipientName }),
      ...(link.paymentId === undefined ? {} : { paymentId: link.paymentId }),
      paymentLinkEvents: link.events.map((event) => ({ ...event })),
      paymentLinkOrder: {
        amount: { ...link.amount },
        ...(link.merchantReference === undefined ? {} : { merchantReference: link.merchantReference }),
      },
    };
  }

  function notify(payment: Payment, type: string, body: unknown) {
    const url = payment.webhookUrl ?? defaultWebhookUrl;
    if (url === undefined) return;
    webhooks.emit(url, type.startsWith('refund.') ? { type, refund: body } : { type, payment: body });
  }

  function decide(amount: number, forced: 'approved' | 'declined' | undefined): string | undefined {
    if (forced === 'approved') return undefined;
    if (forced === 'declined') return 'Refused';
    const scenario = scenarioFor(amount, 'payment');
    switch (scenario.kind) {
      case 'approve':
      case 'partial-approval':
      case 'signature':
        return undefined;
      case 'decline':
        return scenario.refusalReason;
      case 'shopper-cancels':
        return 'Cancelled by the customer';
      case 'no-card':
      case 'terminal-offline':
      case 'terminal-busy':
      case 'issuer-timeout':
        return 'Issuer unavailable';
    }
  }

  function startPayment(input: {
    amount: Money;
    merchantReference: string | undefined;
    card: Payment['card'];
    webhookUrl: string | undefined;
    paymentLinkId: string | undefined;
    authorizeOnly: boolean;
    forced?: 'approved' | 'declined';
  }): Payment {
    const refusal = decide(input.amount.amount, input.forced);
    const created: Payment = {
      base: newBase(payments),
      amount: { ...input.amount },
      merchantReference: input.merchantReference,
      card: input.card,
      state: refusal !== undefined ? 'REJECTED' : input.authorizeOnly ? 'PENDING_CAPTURE' : 'CAPTURED',
      refusal,
      webhookUrl: input.webhookUrl,
      paymentLinkId: input.paymentLinkId,
      changedAt: time.now(),
      refunds: [],
      nextOperation: 1,
    };
    payments.set(created.base, created);
    logger.info('worldline_direct_simulator.payment', { paymentId: created.base, state: created.state });
    notify(created, WEBHOOK_TYPE[created.state], paymentView(created));
    return created;
  }

  return {
    createLink(request, hostedPageUrl) {
      const nowMs = time.now().getTime();
      const input = request.paymentLinkSpecificInput;
      // Worldline's default lifetime is unpublished; a day is assumed when none is given.
      const expirationDate = input?.expirationDate ?? new Date(nowMs + 24 * 3_600_000).toISOString();
      const expiresAt = Date.parse(expirationDate);
      if (Number.isNaN(expiresAt) || expiresAt <= nowMs) {
        throw invalid('paymentLinkSpecificInput.expirationDate', 'The expiration date must be in the future');
      }
      if (expiresAt - nowMs > SIX_MONTHS_MS) {
        throw invalid('paymentLinkSpecificInput.expirationDate', 'The expiration date must be within 6 months');
      }
      let id: string;
      do id = `pl_${String(randomInt(100_000_000, 999_999_999))}`;
      while (links.has(id));
      const created: PaymentLink = {
        paymentLinkId: id,
        amount: { ...request.order.amountOfMoney },
        merchantReference: request.order.references?.merchantReference ?? request.paymentLinkOrder?.merchantReference,
        description: input?.description,
        recipientName: input?.recipientName,
        expirationDate,
        expiresAtMs: nowMs + (expiresAt - nowMs) * time.scale,
        isReusableLink: request.isReusableLink ?? false,
        webhookUrl: request.feedbacks?.webhookUrl ?? request.feedbacks?.webhooksUrls?.[0],
        status: 'ACTIVE',
        paymentId: undefined,
        events: [{ type: 'CREATED', dateTime: stamp() }],
      };
      links.set(id, created);
      logger.info('worldline_direct_simulator.link_created', { paymentLinkId: id, url: hostedPageUrl(id) });
      return created;
    },
    link,
    knows: (id) => links.has(id),
    cancelLink(id) {
      const found = link(id);
      if (found.status !== 'ACTIVE') {
        throw new DirectError(409, 'PAYMENT_LINK_NOT_ACTIVE', 'Only links with status active can be cancelled');
      }
      found.status = 'CANCELLED';
      found.events.push({ type: 'CANCELLED', dateTime: stamp() });
    },
    clickLink(id) {
      const found = link(id);
      found.events.push({ type: 'CLICKED', dateTime: stamp() });
      return found;
    },
    expireLink(id) {
      const found = link(id);
      if (found.status === 'ACTIVE') {
        found.status = 'EXPIRED';
        found.events.push({ type: 'EXPIRED', dateTime: stamp() });
      }
      return found;
    },
    payLink(id, input) {
      const found = link(id);
      const late = input.afterLinkEnded === true && (found.status === 'CANCELLED' || found.status === 'EXPIRED');
      if (found.status !== 'ACTIVE' && !late) return undefined;
      const paid = startPayment({
        amount: found.amount,
        merchantReference: found.merchantReference,
        card: { number: input.cardNumber ?? TEST_CARD, expiryDate: undefined, cardholderName: found.recipientName },
        webhookUrl: found.webhookUrl,
        paymentLinkId: id,
        authorizeOnly: false,
        ...(input.outcome === undefined ? {} : { forced: input.outcome }),
      });
      if (late) {
        // The link stays as it ended; the payment that beat the cancel is on it all the same.
        if (paid.state !== 'REJECTED') found.paymentId = `${paid.base}_0`;
      } else if (paid.state === 'REJECTED') {
        // The customer may try again: the link stays ACTIVE.
        found.events.push({ type: 'PAYMENT_DECLINED', dateTime: stamp(), details: paid.refusal ?? 'Refused' });
      } else {
        found.paymentId = `${paid.base}_0`;
        found.events.push({ type: 'PAID', dateTime: stamp() });
        if (!found.isReusableLink) found.status = 'PAID';
      }
      return { link: found, payment: paid };
    },
    links: () => [...links.values()].map(refresh),
    createPayment(request) {
      const { card, authorizationMode } = request.cardPaymentMethodSpecificInput;
      return startPayment({
        amount: request.order.amountOfMoney,
        merchantReference: request.order.references?.merchantReference,
        card: { number: card.cardNumber, expiryDate: card.expiryDate, cardholderName: card.cardholderName },
        webhookUrl: request.feedbacks?.webhookUrl ?? request.feedbacks?.webhooksUrls?.[0],
        paymentLinkId: undefined,
        authorizeOnly: authorizationMode === 'FINAL_AUTHORIZATION' || authorizationMode === 'PRE_AUTHORIZATION',
      });
    },
    payment,
    refund(id, request) {
      const found = payment(id);
      if (found.state !== 'CAPTURED') {
        // The API contract: 404 is "most commonly" a payment not in a state that allows it.
        throw new DirectError(
          404,
          'PAYMENT_NOT_REFUNDABLE',
          `Payment ${found.base} is ${found.state} and cannot be refunded`,
        );
      }
      const left = found.amount.amount - refunded(found);
      const asked = request.amountOfMoney ?? { amount: left, currencyCode: found.amount.currencyCode };
      if (asked.currencyCode !== found.amount.currencyCode) {
        throw invalid('amountOfMoney.currencyCode', `The payment was in ${found.amount.currencyCode}`);
      }
      if (asked.amount <= 0 || asked.amount > left) {
        throw invalid(
          'amountOfMoney.amount',
          `The refund amount must be between 1 and what is left of the payment (${String(left)})`,
        );
      }
      const created: Refund = {
        id: `${found.base}_${String(found.nextOperation)}`,
        amount: { ...asked },
        reason: request.reason,
        operatorId: request.omnichannelRefundSpecificInput?.operatorId,
        merchantReference: request.operationReferences?.merchantReference,
        status: 'REFUND_REQUESTED',
        changedAt: time.now(),
      };
      found.nextOperation += 1;
      found.refunds.push(created);
      notify(found, 'refund.refund_requested', refundView(found, created));
      const signal = refundTimers.signal;
      void time.wait(REFUND_SETTLE_MS, signal).then((settled) => {
        if (!settled) return;
        created.status = 'REFUNDED';
        created.changedAt = time.now();
        // The refund's own operation, seen as a payment: its id carries the operation suffix.
        notify(found, 'payment.refunded', {
          id: created.id,
          status: 'REFUNDED',
          statusOutput: { ...STATUS_OUTPUT.REFUNDED, statusCodeChangeDateTime: stamp() },
          paymentOutput: {
            amountOfMoney: { ...created.amount },
            references: found.merchantReference === undefined ? {} : { merchantReference: found.merchantReference },
            paymentMethod: 'card',
          },
        });
        // And as a refund, as Connect's refund events do: it carries the refund's own merchant reference.
        notify(found, 'refund.refunded', refundView(found, created));
      });
      return created;
    },
    cancelPayment(id) {
      const found = payment(id);
      if (found.state !== 'PENDING_CAPTURE') {
        // The API contract lists no 409 for a cancel: a payment that cannot be cancelled is bad input.
        throw new DirectError(
          400,
          'PAYMENT_NOT_CANCELLABLE',
          `Payment ${found.base} is ${found.state} and cannot be cancelled`,
        );
      }
      found.state = 'CANCELLED';
      found.changedAt = time.now();
      notify(found, WEBHOOK_TYPE.CANCELLED, paymentView(found));
      return found;
    },
    paymentView,
    refundView,
    linkView,
    reset() {
      refundTimers.abort();
      refundTimers = new AbortController();
      links = new Map();
      payments = new Map();
    },
  };
}
