import type { Logger } from '../../logging/logger.ts';
import type { SimTime } from '../sim-time.ts';
import { BUILD_NUMBER, newHexId, newNdc, oppTimestamp } from './envelope.ts';
import { OppError } from './errors.ts';
import { formatAmount, parseAmount } from './money.ts';
import type { BackOfficeForm, LinkForm, PaymentForm } from './request-schemas.ts';
import { isApproved, paymentOutcome, RESULTS, type Result } from './result-codes.ts';
import type { WebhookSender } from './webhooks.ts';

/**
 * OPP's payment platform in memory: transactions (DB, PA and the back-office
 * CP, RF, RV that reference them) and pay-by-link links. Knows nothing of
 * HTTP; `simulator.ts` carries the bytes. Every time read here is simulated
 * (`time.now()` runs at the time scale), so a link's hour, a hold's seven
 * days and a pending payment's minute all pass at the same pace.
 */

/** A pending payment (…905, …908) turns final this long after it was made (simulated). */
export const PENDING_SETTLE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The card the pay page offers: OPP's published test Visa. */
export const TEST_CARD = '4200000000000000';

export type PaymentType = 'DB' | 'PA' | 'CP' | 'RF' | 'RV';
export type LinkStatus = 'ACTIVE' | 'PAID' | 'EXPIRED' | 'DEACTIVATED';

interface Card {
  bin: string;
  last4Digits: string;
  holder: string | undefined;
  expiryMonth: string;
  expiryYear: string;
}

export interface Transaction {
  id: string;
  paymentType: PaymentType;
  /** Hundredths, as OPP's amounts have two decimals whatever the currency. */
  amount: number;
  currency: string;
  merchantTransactionId: string | undefined;
  referencedId: string | undefined;
  paymentBrand: string | undefined;
  card: Card | undefined;
  result: Result;
  /** What a pending result turns into, a minute after. */
  later: Result | undefined;
  changedAt: Date;
  ndc: string;
  /** A PA's hold: simulated epoch ms after which it can no longer be captured. */
  holdExpiresAtMs: number | undefined;
  linkId: string | undefined;
}

export interface PaymentLink {
  id: string;
  amount: number;
  currency: string;
  paymentType: 'DB' | 'PA';
  merchantTransactionId: string;
  /** Simulated epoch ms. */
  validUntilMs: number;
  status: LinkStatus;
  paymentId: string | undefined;
  changedAt: Date;
  ndc: string;
}

/** A transaction as `GET /v1/payments/{id}` answers it (and as a webhook's payload carries it). */
export interface TransactionView {
  id: string;
  paymentType: PaymentType;
  paymentBrand?: string;
  amount: string;
  currency: string;
  merchantTransactionId?: string;
  referencedId?: string;
  result: Result;
  card?: { bin: string; last4Digits: string; holder?: string; expiryMonth: string; expiryYear: string };
  buildNumber: string;
  timestamp: string;
  ndc: string;
  readonly [field: string]: unknown;
}

/** A link as `GET /v1/paybylink/{id}` answers it (docs/OPP.md). */
export interface LinkView {
  id: string;
  link: string;
  status: LinkStatus;
  validUntil: string;
  merchantTransactionId: string;
  amount: string;
  currency: string;
  paymentType: 'DB' | 'PA';
  paymentId?: string;
  result: Result;
  buildNumber: string;
  timestamp: string;
  ndc: string;
}

export interface Platform {
  createPayment(form: PaymentForm): Transaction;
  /** A capture, refund or reversal of `targetId`, or an OppError saying why not. */
  backOffice(targetId: string, form: BackOfficeForm): Transaction;
  transaction(id: string): Transaction;
  transactionsByReference(merchantTransactionId: string): Transaction[];
  createLink(form: LinkForm): PaymentLink;
  link(id: string): PaymentLink;
  knowsLink(id: string): boolean;
  linksByReference(merchantTransactionId: string): PaymentLink[];
  deactivateLink(id: string): PaymentLink;
  /** The shopper pays; undefined when the link can no longer be paid. A declined card leaves it ACTIVE. */
  payLink(id: string, cardNumber?: string): { link: PaymentLink; payment: Transaction } | undefined;
  /** Expires a link, or a PA's hold so it can no longer be captured. */
  expire(id: string): { link: PaymentLink } | { transaction: Transaction };
  links(): PaymentLink[];
  transactions(): Transaction[];
  transactionView(transaction: Transaction): TransactionView;
  linkView(link: PaymentLink, result?: Result): LinkView;
  reset(): void;
}

export function createPlatform(dependencies: {
  time: SimTime;
  logger: Logger;
  webhooks: WebhookSender;
  entityId: string;
  holdValidDays: number;
  linkUrl: (id: string) => string;
}): Platform {
  const { time, logger, webhooks, entityId, holdValidDays, linkUrl } = dependencies;
  let transactions = new Map<string, Transaction>();
  let links = new Map<string, PaymentLink>();
  /** `paymentType merchantTransactionId` of every transaction and of every link: OPP's duplicate check. */
  let usedReferences = new Set<string>();
  let usedLinkReferences = new Set<string>();
  let settling = new AbortController();

  const nowMs = () => time.now().getTime();

  function newId(taken: ReadonlyMap<string, unknown>): string {
    for (;;) {
      const id = newHexId();
      if (!taken.has(id)) return id;
    }
  }

  function amountOf(text: string): number {
    const hundredths = parseAmount(text);
    // The schema has checked the form; zero is what OPP's amount validation refuses.
    if (hundredths === undefined || hundredths === 0) throw new OppError(400, RESULTS.tooLowAmount);
    return hundredths;
  }

  function refuseDuplicate(used: Set<string>, paymentType: string, reference: string | undefined) {
    if (reference === undefined) return;
    if (used.has(`${paymentType} ${reference}`)) throw new OppError(400, RESULTS.duplicate);
  }

  function transactionView(transaction: Transaction): TransactionView {
    return {
      id: transaction.id,
      paymentType: transaction.paymentType,
      ...(transaction.paymentBrand === undefined ? {} : { paymentBrand: transaction.paymentBrand }),
      amount: formatAmount(transaction.amount),
      currency: transaction.currency,
      ...(transaction.merchantTransactionId === undefined
        ? {}
        : { merchantTransactionId: transaction.merchantTransactionId }),
      ...(transaction.referencedId === undefined ? {} : { referencedId: transaction.referencedId }),
      result: { ...transaction.result },
      ...(transaction.card === undefined
        ? {}
        : {
            card: {
              bin: transaction.card.bin,
              last4Digits: transaction.card.last4Digits,
              ...(transaction.card.holder === undefined ? {} : { holder: transaction.card.holder }),
              expiryMonth: transaction.card.expiryMonth,
              expiryYear: transaction.card.expiryYear,
            },
          }),
      buildNumber: BUILD_NUMBER,
      timestamp: oppTimestamp(transaction.changedAt),
      ndc: transaction.ndc,
    };
  }

  /** A link past its validity (simulated) is EXPIRED when next looked at. */
  function refresh(link: PaymentLink): PaymentLink {
    if (link.status === 'ACTIVE' && nowMs() >= link.validUntilMs) {
      link.status = 'EXPIRED';
      link.changedAt = new Date(link.validUntilMs);
    }
    return link;
  }

  function linkView(link: PaymentLink, result: Result = RESULTS.request): LinkView {
    refresh(link);
    return {
      id: link.id,
      link: linkUrl(link.id),
      status: link.status,
      validUntil: new Date(link.validUntilMs).toISOString(),
      merchantTransactionId: link.merchantTransactionId,
      amount: formatAmount(link.amount),
      currency: link.currency,
      paymentType: link.paymentType,
      ...(link.paymentId === undefined ? {} : { paymentId: link.paymentId }),
      result: { ...result },
      buildNumber: BUILD_NUMBER,
      timestamp: oppTimestamp(link.changedAt),
      ndc: link.ndc,
    };
  }

  /** Keeps a transaction, tells the listener, and turns a pending one final a minute later. */
  function record(transaction: Transaction): Transaction {
    transactions.set(transaction.id, transaction);
    if (transaction.merchantTransactionId !== undefined) {
      usedReferences.add(`${transaction.paymentType} ${transaction.merchantTransactionId}`);
    }
    logger.info('opp_simulator.transaction', {
      id: transaction.id,
      paymentType: transaction.paymentType,
      resultCode: transaction.result.code,
    });
    webhooks.emit(transactionView(transaction));
    const later = transaction.later;
    if (later !== undefined) {
      void time.wait(PENDING_SETTLE_MS, settling.signal).then((settled) => {
        if (!settled) return;
        transaction.result = later;
        transaction.later = undefined;
        transaction.changedAt = time.now();
        logger.info('opp_simulator.transaction_final', { id: transaction.id, resultCode: later.code });
        webhooks.emit(transactionView(transaction));
      });
    }
    return transaction;
  }

  function startPayment(input: {
    paymentType: 'DB' | 'PA';
    amount: number;
    currency: string;
    merchantTransactionId: string | undefined;
    paymentBrand: string;
    card: { number: string; holder: string | undefined; expiryMonth: string; expiryYear: string };
    linkId: string | undefined;
  }): Transaction {
    const outcome = paymentOutcome(input.amount, input.card.number);
    const now = time.now();
    return record({
      id: newId(transactions),
      paymentType: input.paymentType,
      amount: input.amount,
      currency: input.currency,
      merchantTransactionId: input.merchantTransactionId,
      referencedId: undefined,
      paymentBrand: input.paymentBrand,
      card: {
        bin: input.card.number.slice(0, 6),
        last4Digits: input.card.number.slice(-4),
        holder: input.card.holder,
        expiryMonth: input.card.expiryMonth,
        expiryYear: input.card.expiryYear,
      },
      result: outcome.now,
      later: outcome.later,
      changedAt: now,
      ndc: newNdc(entityId),
      holdExpiresAtMs: input.paymentType === 'PA' ? now.getTime() + holdValidDays * DAY_MS : undefined,
      linkId: input.linkId,
    });
  }

  function transaction(id: string): Transaction {
    const found = transactions.get(id);
    if (found === undefined) throw new OppError(400, RESULTS.notFound);
    return found;
  }

  function link(id: string): PaymentLink {
    const found = links.get(id);
    if (found === undefined) throw new OppError(400, RESULTS.notFound);
    return refresh(found);
  }

  /** The back-office transactions already made against `target`. */
  function children(target: Transaction, paymentType: PaymentType): Transaction[] {
    return [...transactions.values()].filter(
      (child) => child.referencedId === target.id && child.paymentType === paymentType && isApproved(child.result.code),
    );
  }

  /** Why `form` may not act on `target` (the result to refuse with), or undefined when it may. */
  function refusal(target: Transaction, form: BackOfficeForm, amount: number): Result | undefined {
    const approved = isApproved(target.result.code);
    const reversed = children(target, 'RV').length > 0;
    switch (form.paymentType) {
      case 'CP': {
        // One capture per PA (ppro: "a capture is a one-time event"), within the hold, not above it.
        const expired = target.holdExpiresAtMs !== undefined && nowMs() >= target.holdExpiresAtMs;
        const capturable =
          target.paymentType === 'PA' &&
          approved &&
          !reversed &&
          !expired &&
          children(target, 'CP').length === 0 &&
          form.currency === target.currency &&
          amount <= target.amount;
        return capturable ? undefined : RESULTS.cannotCapture;
      }
      case 'RF': {
        const refunded = children(target, 'RF').reduce((sum, refund) => sum + refund.amount, 0);
        const refundable =
          (target.paymentType === 'DB' || target.paymentType === 'CP') &&
          approved &&
          !reversed &&
          form.currency === target.currency &&
          amount <= target.amount - refunded;
        return refundable ? undefined : RESULTS.cannotRefund;
      }
      case 'RV': {
        // A held amount is released before capture; a debit is reversed before anything is refunded of it.
        const reversible =
          approved &&
          !reversed &&
          ((target.paymentType === 'PA' && children(target, 'CP').length === 0) ||
            (target.paymentType === 'DB' && children(target, 'RF').length === 0));
        return reversible ? undefined : RESULTS.cannotReverse;
      }
    }
  }

  return {
    createPayment(form) {
      const amount = amountOf(form.amount);
      refuseDuplicate(usedReferences, form.paymentType, form.merchantTransactionId);
      return startPayment({
        paymentType: form.paymentType,
        amount,
        currency: form.currency,
        merchantTransactionId: form.merchantTransactionId,
        paymentBrand: form.paymentBrand,
        card: {
          number: form['card.number'],
          holder: form['card.holder'],
          expiryMonth: form['card.expiryMonth'],
          expiryYear: form['card.expiryYear'],
        },
        linkId: undefined,
      });
    },
    backOffice(targetId, form) {
      const target = transaction(targetId);
      const amount = form.paymentType === 'RV' ? target.amount : amountOf(form.amount);
      refuseDuplicate(usedReferences, form.paymentType, form.merchantTransactionId);
      const refused = refusal(target, form, amount);
      if (refused !== undefined) throw new OppError(400, refused);
      return record({
        id: newId(transactions),
        paymentType: form.paymentType,
        amount,
        currency: target.currency,
        merchantTransactionId: form.merchantTransactionId,
        referencedId: target.id,
        paymentBrand: target.paymentBrand,
        card: target.card,
        result: RESULTS.testSuccess,
        later: undefined,
        changedAt: time.now(),
        ndc: newNdc(entityId),
        holdExpiresAtMs: undefined,
        linkId: undefined,
      });
    },
    transaction,
    transactionsByReference: (reference) =>
      [...transactions.values()].filter((found) => found.merchantTransactionId === reference),
    createLink(form) {
      const amount = amountOf(form.amount);
      refuseDuplicate(usedLinkReferences, form.paymentType, form.merchantTransactionId);
      const now = time.now();
      const unit = form.validUntilUnit === 'HOUR' ? HOUR_MS : DAY_MS;
      const created: PaymentLink = {
        id: newId(links),
        amount,
        currency: form.currency,
        paymentType: form.paymentType,
        merchantTransactionId: form.merchantTransactionId,
        validUntilMs: now.getTime() + Number(form.validUntil) * unit,
        status: 'ACTIVE',
        paymentId: undefined,
        changedAt: now,
        ndc: newNdc(entityId),
      };
      links.set(created.id, created);
      usedLinkReferences.add(`${form.paymentType} ${form.merchantTransactionId}`);
      logger.info('opp_simulator.link_created', { id: created.id, url: linkUrl(created.id) });
      return created;
    },
    link,
    knowsLink: (id) => links.has(id),
    linksByReference: (reference) =>
      [...links.values()].filter((found) => found.merchantTransactionId === reference).map(refresh),
    deactivateLink(id) {
      const found = link(id);
      if (found.status !== 'ACTIVE') throw new OppError(400, RESULTS.linkNotActive);
      found.status = 'DEACTIVATED';
      found.changedAt = time.now();
      return found;
    },
    payLink(id, cardNumber = TEST_CARD) {
      const found = link(id);
      if (found.status !== 'ACTIVE') return undefined;
      const payment = startPayment({
        paymentType: found.paymentType,
        amount: found.amount,
        currency: found.currency,
        merchantTransactionId: found.merchantTransactionId,
        paymentBrand: cardNumber.startsWith('5') || cardNumber.startsWith('2') ? 'MASTER' : 'VISA',
        card: {
          number: cardNumber,
          holder: 'Test Shopper',
          expiryMonth: '12',
          expiryYear: String(time.now().getUTCFullYear() + 3),
        },
        linkId: id,
      });
      // A declined card leaves the link ACTIVE for another try; anything else (pending too) has paid it.
      if (isApproved(payment.result.code) || payment.later !== undefined) {
        found.status = 'PAID';
        found.paymentId = payment.id;
        found.changedAt = time.now();
      }
      return { link: found, payment };
    },
    expire(id) {
      if (links.has(id)) {
        const found = link(id);
        if (found.status === 'ACTIVE') {
          found.status = 'EXPIRED';
          found.changedAt = time.now();
          found.validUntilMs = Math.min(found.validUntilMs, nowMs());
        }
        return { link: found };
      }
      const found = transaction(id);
      if (found.paymentType !== 'PA') {
        throw new RangeError(`${id} is a ${found.paymentType}: only a link or a PA's hold can expire.`);
      }
      found.holdExpiresAtMs = Math.min(found.holdExpiresAtMs ?? Infinity, nowMs());
      return { transaction: found };
    },
    links: () => [...links.values()].map(refresh),
    transactions: () => [...transactions.values()],
    transactionView,
    linkView,
    reset() {
      settling.abort();
      settling = new AbortController();
      transactions = new Map();
      links = new Map();
      usedReferences = new Set();
      usedLinkReferences = new Set();
    },
  };
}
