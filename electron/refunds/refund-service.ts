import { randomUUID } from 'node:crypto';
import { isFinalPaymentState, type CardDetails } from '../../shared/payments/payment-state.ts';
import { formatMoney } from '../../shared/money.ts';
import {
  lineRefundAmount,
  planParts,
  spreadOverRates,
  vatRows,
  type CompletedRefund,
  type RecordedRefundTender,
  type Refundable,
  type RefundLine,
  type RefundPartPlan,
  type RefundPartView,
  type RefundPlan,
  type RefundView,
  type StartRefund,
} from '../../shared/refunds/refund.ts';
import type { OnlinePaymentView, StartOnlineRefund } from '../../shared/refunds/online-refund.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { Clock } from '../clock.ts';
import type { EventHub } from '../events/event-hub.ts';
import type { Logger } from '../logging/logger.ts';
import { attemptView } from '../payments/attempt-view.ts';
import type { Retell } from '../payments/recorded-words.ts';
import { TerminalBusyError, type AttemptRecord } from '../payments/payment-book.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import { buildRefundDocument, type ReceiptContext } from '../printing/receipt-document.ts';
import type { PrinterService } from '../printing/printer-service.ts';
import type { TillBooks } from '../till-books.ts';
import { TillError } from '../till-error.ts';
import { onlineFigures, type TillRefundOnWay } from './online-refund-figures.ts';
import type { GatewayPayment, OnlinePayments } from './online-payments.ts';
import type { RefundRow } from './refund-book.ts';
import type { RefundWords } from './refund-words.ts';

/**
 * Refunds, from the manager's request to the money back in the customer's
 * hand:
 *
 *   start ─► plan (lines, amount, parts per tender; caps checked) written, open
 *         ─► each card part: a refund attempt on the terminal (payment service:
 *            persisted before sent, deadline, status checks, recovery)
 *         ─► every card part approved ─► completed: numbered, counted in the
 *            day, its receipt queued, all in one transaction ─► cash part:
 *            the drawer opens
 *
 * An online payment (a webshop order) goes back the same way through the
 * till's online gateway: the gateway says what was paid and refunded, the
 * refund is capped at what is left, and its one part is a refund attempt on
 * the gateway, which is final only once the gateway says REFUNDED.
 *
 * A card part that is declined or fails leaves the refund open for the
 * manager to try again or cancel; one waiting for a manager waits. The
 * service moves a refund on whenever one of its attempts changes, so a
 * restart picks every open refund up where it was.
 */

export interface RefundService {
  start(request: StartRefund, actor: string | undefined): RefundView;
  startUnreferenced(request: { amountMinor: number; reason: string }, actor: string | undefined): RefundView;
  /** What the online gateway says of a payment, found by its id or by this till's link reference. */
  findOnline(reference: string): Promise<OnlinePaymentView>;
  /** Money back on an online payment to the card that paid, capped at what the gateway says is left. */
  startOnline(request: Omit<StartOnlineRefund, 'approval'>, actor: string | undefined): Promise<RefundView>;
  get(refundId: string): RefundView;
  open(): RefundView[];
  retry(refundId: string): RefundView;
  cancel(refundId: string, reason: string, actor: string | undefined): RefundView;
  /** What can still go back on a sale, line by line and tender by tender. */
  refundable(sale: CompletedSale): Refundable;
  /** A sale's refunds, for the till's database view. */
  refundsOf(saleId: string): RefundView[];
  /** Moves every open refund on: after a restart, once card payments have been recovered. */
  resume(): void;
  close(): void;
}

export interface RefundServiceOptions {
  /** Refunds, their day, audit and printouts, and the sales they refund; written together in one transaction. */
  books: Pick<TillBooks, 'sales' | 'refunds' | 'payments' | 'days' | 'mode' | 'audit' | 'printQueue' | 'transaction'>;
  payments: PaymentService | undefined;
  /** The online gateway, for refunds of payments made online; absent on a till without one. */
  online?: OnlinePayments | undefined;
  printer: PrinterService | undefined;
  events: EventHub;
  logger: Logger;
  clock: Clock;
  tillId: string;
  currency: string;
  locale: string;
  receiptContext: ReceiptContext;
  /** What the manager reads: refusals and the refund's state, in the till's language. */
  words: RefundWords;
  /** A card part's recorded reason, in the till's language (`retellIn`). */
  retell: Retell;
}

export function createRefundService(options: RefundServiceOptions): RefundService {
  const { books, payments, printer, events, logger, clock, words } = options;
  const sales = books.sales;
  const book = books.refunds;
  const now = () => clock.now().toISOString();
  const money = (minor: number) => formatMoney(minor, options.currency, options.locale);

  function row(refundId: string): RefundRow {
    const found = book.get(refundId);
    if (found === undefined) throw new TillError('NOT_FOUND', words.noSuchRefund);
    return found;
  }

  /** The latest attempt of a card part; a retry is a new attempt, so the last one speaks for the part. */
  function attemptOf(refund: RefundRow, part: RefundPartPlan): AttemptRecord | undefined {
    if (payments === undefined || part.kind === 'cash') return undefined;
    const mine = attemptsOfRefund(refund.id).filter((attempt) => {
      switch (part.kind) {
        case 'card':
          return attempt.originalAttemptId === part.originalAttemptId;
        case 'any_card':
          return attempt.kind === 'refund' && attempt.originalAttemptId === undefined;
        case 'online':
          return attempt.kind === 'reversal' && attempt.original?.transactionId === part.paymentId;
      }
    });
    return mine.at(-1);
  }

  function attemptsOfRefund(refundId: string): AttemptRecord[] {
    return payments?.attemptsOf(refundId) ?? [];
  }

  function partState(refund: RefundRow, part: RefundPartPlan): RefundPartView['state'] {
    if (part.kind === 'cash') return refund.state === 'completed' ? 'done' : 'to_do';
    const attempt = attemptOf(refund, part);
    if (attempt === undefined) return 'to_do';
    // A card refund approved for other than its part (a partial approval) is for a person to look at.
    if (attempt.state === 'approved') {
      return (attempt.authorisedMinor ?? attempt.amountMinor) === part.amountMinor ? 'done' : 'needs_attention';
    }
    if (attempt.state === 'needs_attention') return 'needs_attention';
    return isFinalPaymentState(attempt.state) ? 'failed' : 'waiting';
  }

  function cardOfOriginal(part: RefundPartPlan): CardDetails | undefined {
    if (part.kind !== 'card') return undefined;
    return payments?.attempt(part.originalAttemptId)?.card;
  }

  function view(refund: RefundRow): RefundView {
    const parts = refund.plan.parts.map((part): RefundPartView => {
      const attempt = attemptOf(refund, part);
      const card = attempt?.card ?? (part.kind === 'online' ? part.card : cardOfOriginal(part));
      return {
        kind: part.kind,
        amountMinor: part.amountMinor,
        state: partState(refund, part),
        ...(card === undefined ? {} : { card }),
        ...(attempt === undefined ? {} : { attempt: attemptView(attempt, undefined, options.retell) }),
      };
    });
    return {
      refundId: refund.id,
      state: refund.state,
      ...(refund.refundNumber === undefined ? {} : { refundNumber: refund.refundNumber }),
      ...(refund.plan.originalReceiptNumber === undefined
        ? {}
        : { originalReceiptNumber: refund.plan.originalReceiptNumber }),
      currency: refund.plan.currency,
      totalMinor: refund.plan.totalMinor,
      lines: refund.plan.lines,
      parts,
      reason: refund.reason,
      createdAt: refund.createdAt,
      ...(refund.createdBy === undefined ? {} : { createdBy: refund.createdBy }),
      ...(refund.completedAt === undefined ? {} : { completedAt: refund.completedAt }),
      message: messageFor(refund, parts),
    };
  }

  function messageFor(refund: RefundRow, parts: readonly RefundPartView[]): string {
    if (refund.state === 'cancelled') return words.cancelled(refund.cancelledReason ?? words.noMoneyGiven);
    if (refund.state === 'completed') {
      const total = money(refund.plan.totalMinor);
      const cash = parts.find((part) => part.kind === 'cash');
      if (cash !== undefined) return words.refundedCash(total, money(cash.amountMinor));
      return printer === undefined ? words.refunded(total) : words.refundedPrinting(total);
    }
    const stuck = parts.find((part) => part.state === 'needs_attention');
    if (stuck !== undefined) return words.cardUnconfirmed;
    const failed = parts.find((part) => part.state === 'failed');
    if (failed !== undefined) return words.cardFailed(failed.attempt?.reason ?? words.didNotGoThrough);
    const waiting = parts.find((part) => part.state === 'waiting');
    if (waiting !== undefined) {
      if (waiting.kind === 'online') return words.onlineRequested(money(waiting.amountMinor));
      return waiting.kind === 'any_card'
        ? words.presentCard(money(waiting.amountMinor))
        : words.givingBack(money(waiting.amountMinor));
    }
    return words.notStarted;
  }

  /**
   * Refunds still moving, kept in memory: every change of a card attempt asks
   * whether it belongs to one, and a sale's payment must not pay a journal
   * read for that.
   */
  const openRefunds = new Set(book.open().map((refund) => refund.id));

  function publish(refund: RefundRow): RefundView {
    if (refund.state !== 'open') openRefunds.delete(refund.id);
    const shown = view(refund);
    events.publish({ type: 'refund.updated', refund: shown });
    return shown;
  }

  /** What is left on a sale, from the plans of its refunds that are not cancelled. */
  function refundable(sale: CompletedSale): Refundable {
    const refunds = book.ofSale(sale.saleId);
    const refundedUnits = new Map<number, number>();
    const givenOnCard = new Map<string, number>();
    let givenInCash = 0;
    let given = 0;
    for (const refund of refunds) {
      given += refund.plan.totalMinor;
      for (const line of refund.plan.lines) {
        refundedUnits.set(line.lineIndex, (refundedUnits.get(line.lineIndex) ?? 0) + line.quantity);
      }
      for (const part of refund.plan.parts) {
        if (part.kind === 'card') {
          givenOnCard.set(part.originalAttemptId, (givenOnCard.get(part.originalAttemptId) ?? 0) + part.amountMinor);
        } else if (part.kind === 'cash') givenInCash += part.amountMinor;
      }
    }
    const cashTaken = sale.tenders.reduce((sum, tender) => sum + (tender.kind === 'cash' ? tender.amountMinor : 0), 0);
    return {
      lines: sale.lines.map((line, lineIndex) => ({
        lineIndex,
        soldQuantity: line.quantity,
        refundableQuantity: line.quantity - (refundedUnits.get(lineIndex) ?? 0),
      })),
      tenders: [
        ...sale.tenders.flatMap((tender) =>
          tender.kind === 'card'
            ? [
                {
                  kind: 'card' as const,
                  attemptId: tender.attemptId,
                  ...(tender.card === undefined ? {} : { card: tender.card }),
                  paidMinor: tender.amountMinor,
                  refundableMinor: Math.max(0, tender.amountMinor - (givenOnCard.get(tender.attemptId) ?? 0)),
                },
              ]
            : [],
        ),
        ...(cashTaken > 0
          ? [{ kind: 'cash' as const, paidMinor: cashTaken, refundableMinor: Math.max(0, cashTaken - givenInCash) }]
          : []),
      ],
      totalMinor: Math.max(0, sale.totalMinor - given),
    };
  }

  /** The refund's lines and amount, from the sale's record: never from what the screen says they cost. */
  function planFor(sale: CompletedSale, request: StartRefund, left: Refundable): RefundPlan {
    let lines: RefundLine[] = [];
    let totalMinor: number;
    let grossByRate: Map<number, number>;
    const wantedLines = request.lines ?? [];
    if (wantedLines.length > 0) {
      grossByRate = new Map();
      const asked = new Map<number, number>();
      for (const wanted of wantedLines) {
        asked.set(wanted.lineIndex, (asked.get(wanted.lineIndex) ?? 0) + wanted.quantity);
      }
      for (const [lineIndex, quantity] of asked) {
        const line = sale.lines[lineIndex];
        const leftOfLine = left.lines[lineIndex];
        if (line === undefined || leftOfLine === undefined) {
          throw new TillError('BAD_REQUEST', words.noLine(sale.receiptNumber, lineIndex + 1));
        }
        if (quantity > leftOfLine.refundableQuantity) {
          throw new TillError(
            'CONFLICT',
            leftOfLine.refundableQuantity === 0
              ? words.refundedInFull(line.name)
              : words.onlyUnits(leftOfLine.refundableQuantity, line.name),
          );
        }
        const already = leftOfLine.soldQuantity - leftOfLine.refundableQuantity;
        const amountMinor = lineRefundAmount(line, already, quantity);
        lines.push({
          lineIndex,
          sku: line.sku,
          name: line.name,
          quantity,
          vatBasisPoints: line.vatBasisPoints,
          amountMinor,
        });
        grossByRate.set(line.vatBasisPoints, (grossByRate.get(line.vatBasisPoints) ?? 0) + amountMinor);
      }
      lines = lines.sort((a, b) => a.lineIndex - b.lineIndex);
      totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
    } else {
      totalMinor = request.amountMinor ?? 0;
      grossByRate = spreadOverRates(totalMinor, leftPerRate(sale));
    }
    if (totalMinor <= 0) {
      throw new TillError('BAD_REQUEST', words.free);
    }
    if (totalMinor > left.totalMinor) {
      throw new TillError('CONFLICT', words.onlyAmount(money(left.totalMinor)));
    }
    const parts = planParts(totalMinor, left.tenders);
    if (parts === undefined) {
      const most = left.tenders.reduce((sum, tender) => sum + tender.refundableMinor, 0);
      throw new TillError('CONFLICT', words.onlyAmount(money(most)));
    }
    if (payments === undefined && parts.some((part) => part.kind !== 'cash')) {
      throw new TillError('UNAVAILABLE', words.noTerminal);
    }
    return {
      originalReceiptNumber: sale.receiptNumber,
      currency: sale.currency,
      lines,
      totalMinor,
      vat: vatRows(grossByRate),
      parts,
    };
  }

  /** The sale's gross per VAT rate less what its refunds (open or done) give back at each. */
  function leftPerRate(sale: CompletedSale): Pick<CompletedSale, 'vat' | 'totalMinor'> {
    const given = new Map<number, number>();
    for (const refund of book.ofSale(sale.saleId)) {
      for (const row of refund.plan.vat)
        given.set(row.vatBasisPoints, (given.get(row.vatBasisPoints) ?? 0) + row.grossMinor);
    }
    const vat = sale.vat.map((row) => ({
      ...row,
      grossMinor: Math.max(0, row.grossMinor - (given.get(row.vatBasisPoints) ?? 0)),
    }));
    return { vat, totalMinor: vat.reduce((sum, row) => sum + row.grossMinor, 0) };
  }

  const busy = new Set<string>();

  /**
   * Moves a refund on as far as it can go now: starts the next card part,
   * or, with every card part done, completes it. Runs again whenever one of
   * its attempts changes; never waits itself.
   */
  function advance(refundId: string): RefundRow {
    if (busy.has(refundId)) return row(refundId);
    busy.add(refundId);
    try {
      const refund = row(refundId);
      if (refund.state !== 'open') return refund;
      for (const part of refund.plan.parts) {
        if (part.kind === 'cash') continue;
        const state = partState(refund, part);
        if (state === 'done') continue;
        if (state === 'to_do') startPart(refund, part);
        // Waiting, failed or with a manager: the next move is the terminal's, or a person's.
        return row(refundId);
      }
      return complete(refund);
    } finally {
      busy.delete(refundId);
    }
  }

  function startPart(refund: RefundRow, part: Exclude<RefundPartPlan, { kind: 'cash' }>): void {
    if (payments === undefined) throw new TillError('UNAVAILABLE', words.noTerminal);
    try {
      payments.startRefund({
        refundId: refund.id,
        refundTotalMinor: refund.plan.totalMinor,
        amountMinor: part.amountMinor,
        currency: refund.plan.currency,
        originalAttemptId: part.kind === 'card' ? part.originalAttemptId : undefined,
        onlinePaymentId: part.kind === 'online' ? part.paymentId : undefined,
      });
    } catch (error) {
      if (error instanceof TerminalBusyError) {
        logger.warn('refunds.terminal_busy', { refundId: refund.id });
        return;
      }
      throw error;
    }
  }

  function complete(refund: RefundRow): RefundRow {
    const completedAt = now();
    const completed = books.transaction(() => {
      const current = row(refund.id);
      if (current.state !== 'open') return { row: current, record: undefined };
      const day = books.days.dayFor(books.mode, completedAt);
      const number = book.nextNumber();
      const record: CompletedRefund = {
        refundId: refund.id,
        refundNumber: `${options.tillId}-R${String(number).padStart(6, '0')}`,
        ...(refund.plan.originalReceiptNumber === undefined
          ? {}
          : { originalReceiptNumber: refund.plan.originalReceiptNumber }),
        completedAt,
        tillId: options.tillId,
        mode: books.mode,
        currency: refund.plan.currency,
        lines: refund.plan.lines,
        totalMinor: refund.plan.totalMinor,
        vat: refund.plan.vat,
        tenders: refund.plan.parts.map((part) => recordedTender(refund, part)),
        reason: refund.reason,
        ...(refund.createdBy === undefined ? {} : { by: refund.createdBy }),
      };
      const done = book.complete(refund.id, record, day.seq);
      books.audit.record(
        {
          action: 'refund.completed',
          ...(refund.createdBy === undefined ? {} : { actor: refund.createdBy }),
          reason: refund.reason,
          detail: {
            refundId: refund.id,
            refundNumber: record.refundNumber,
            totalMinor: record.totalMinor,
            ...(record.originalReceiptNumber === undefined ? {} : { original: record.originalReceiptNumber }),
            tenders: record.tenders.map((tender) => ({ kind: tender.kind, amountMinor: tender.amountMinor })),
          },
        },
        completedAt,
      );
      if (printer !== undefined) {
        books.printQueue.enqueueDocument(
          `refund ${record.refundNumber}`,
          buildRefundDocument(record, options.receiptContext),
          completedAt,
        );
      }
      return { row: done, record };
    });
    if (completed.record !== undefined) {
      logger.info('refunds.completed', {
        refundId: refund.id,
        refundNumber: completed.record.refundNumber,
        totalMinor: completed.record.totalMinor,
      });
      printer?.wake();
      if (completed.record.tenders.some((tender) => tender.kind === 'cash')) {
        void printer?.kickDrawer().then((result) => {
          logger.info('refunds.drawer', { refundId: refund.id, drawer: result.drawer });
        });
      }
    }
    return completed.row;
  }

  function recordedTender(refund: RefundRow, part: RefundPartPlan): RecordedRefundTender {
    if (part.kind === 'cash') return { kind: 'cash', amountMinor: part.amountMinor };
    const attempt = attemptOf(refund, part);
    if (attempt?.state !== 'approved') throw new Error('completing a refund with a card part not done');
    if (part.kind === 'online') {
      const card = attempt.card ?? part.card;
      return {
        kind: 'online',
        attemptId: attempt.id,
        amountMinor: attempt.authorisedMinor ?? attempt.amountMinor,
        gateway: part.gateway,
        paymentId: part.paymentId,
        ...(card === undefined ? {} : { card }),
      };
    }
    const receipts = sales.terminalReceiptsOf(attempt.id);
    return {
      kind: 'card',
      attemptId: attempt.id,
      amountMinor: attempt.authorisedMinor ?? attempt.amountMinor,
      ...(attempt.originalAttemptId === undefined ? {} : { originalAttemptId: attempt.originalAttemptId }),
      ...(attempt.terminalReference === undefined ? {} : { terminalReference: attempt.terminalReference }),
      ...(attempt.card === undefined ? {} : { card: attempt.card }),
      ...(receipts === undefined || receipts.length === 0 ? {} : { receipts: [...receipts] }),
    };
  }

  /** Plans the refund and writes it, in one transaction: two managers at two screens cannot both take the last of it. */
  function begin(
    makePlan: () => RefundPlan,
    originalSaleId: string | undefined,
    reason: string,
    actor: string | undefined,
  ): RefundView {
    // Where a sale id stands in the payment book: 33 characters, within the 36 a SaleTransactionID may have here.
    const refundId = `R${randomUUID().replaceAll('-', '')}`;
    const createdAt = now();
    const plan = books.transaction(() => {
      const plan = makePlan();
      book.create({ id: refundId, originalSaleId, createdAt, createdBy: actor, reason, plan });
      books.audit.record(
        {
          action: 'refund.started',
          ...(actor === undefined ? {} : { actor }),
          reason,
          detail: {
            refundId,
            totalMinor: plan.totalMinor,
            ...(plan.originalReceiptNumber === undefined ? {} : { original: plan.originalReceiptNumber }),
            parts: plan.parts,
          },
        },
        createdAt,
      );
      return plan;
    });
    openRefunds.add(refundId);
    logger.info('refunds.started', { refundId, totalMinor: plan.totalMinor, parts: plan.parts.length });
    return publish(advance(refundId));
  }

  // ── payments made online ───────────────────────────────────────────────

  const online = options.online;

  function gatewayOrRefuse(): OnlinePayments {
    if (online === undefined || payments === undefined) throw new TillError('UNAVAILABLE', words.noOnlineGateway);
    return online;
  }

  /** The payment a typed reference names: a gateway payment id, or the reference of a link paid at this till. */
  function paymentIdFor(gateway: OnlinePayments, typed: string): string {
    const byId = gateway.paymentIdOf(typed);
    if (byId !== undefined) return byId;
    const attempt = books.payments.attemptByRequest(gateway.terminalId, options.tillId, typed.trim());
    const paid = attempt?.kind === 'payment' && attempt.state === 'approved' ? attempt.poiTransaction : undefined;
    if (paid === undefined) throw new TillError('NOT_FOUND', words.notAPaymentId(typed.trim()));
    return paid.transactionId;
  }

  /** The gateway's word on the payment: nothing is decided on a lookup that did not answer. */
  async function lookUp(gateway: OnlinePayments, paymentId: string): Promise<GatewayPayment> {
    const found = await gateway.find(paymentId);
    switch (found.kind) {
      case 'not_found':
        throw new TillError('NOT_FOUND', words.noOnlinePayment(paymentId));
      case 'unknown':
        logger.warn('refunds.online_lookup_unanswered', { paymentId, reason: found.reason });
        throw new TillError('UNAVAILABLE', words.gatewayUnreachable);
      case 'found':
        if (found.payment.currency !== options.currency) {
          throw new TillError('CONFLICT', words.onlineOtherCurrency(found.payment.currency));
        }
        return found.payment;
    }
  }

  /**
   * The link sale of this till that took the payment, if one did (the link's merchant reference is
   * its attempt's ServiceID): money back on it is a refund of that sale, so the sale's caps and VAT
   * rates hold and a later refund from its receipt sees it.
   */
  function takenHere(
    gateway: OnlinePayments,
    payment: GatewayPayment,
  ): { attempt: AttemptRecord; sale: CompletedSale } | undefined {
    if (payment.merchantReference === undefined) return undefined;
    const attempt = books.payments.attemptByRequest(gateway.terminalId, options.tillId, payment.merchantReference);
    if (attempt?.kind !== 'payment' || attempt.state !== 'approved') return undefined;
    const sale = sales.completed(attempt.saleId);
    return sale === undefined ? undefined : { attempt, sale };
  }

  function leftOnSale(here: { attempt: AttemptRecord; sale: CompletedSale }): number {
    const tender = refundable(here.sale).tenders.find(
      (left) => left.kind === 'card' && left.attemptId === here.attempt.id,
    );
    return tender?.refundableMinor ?? 0;
  }

  /** This till's refunds of the payment that may still give money back, with the ServiceIDs they were sent as. */
  function onWay(paymentId: string): TillRefundOnWay[] {
    return book.open().flatMap((refund) =>
      refund.plan.parts.flatMap((part) => {
        if (part.kind !== 'online' || part.paymentId !== paymentId) return [];
        if (partState(refund, part) === 'failed') return [];
        return [
          {
            amountMinor: part.amountMinor,
            serviceIds: attemptsOfRefund(refund.id).map((attempt) => attempt.serviceId),
          },
        ];
      }),
    );
  }

  function refundNumberOf(gateway: OnlinePayments, merchantReference: string): string | undefined {
    const attempt = books.payments.attemptByRequest(gateway.terminalId, options.tillId, merchantReference);
    return attempt === undefined ? undefined : book.get(attempt.saleId)?.refundNumber;
  }

  function onlineView(gateway: OnlinePayments, payment: GatewayPayment): OnlinePaymentView {
    const figures = onlineFigures(payment, onWay(payment.paymentId), (reference) => refundNumberOf(gateway, reference));
    const here = takenHere(gateway, payment);
    const left = here === undefined ? figures.refundableMinor : Math.min(figures.refundableMinor, leftOnSale(here));
    const message = !payment.refundable
      ? words.onlineNotRefundable(payment.status)
      : left === 0
        ? words.onlineRefundedInFull
        : here === undefined
          ? words.onlineLeft(money(left), money(payment.paidMinor))
          : words.onlinePaidHere(here.sale.receiptNumber, money(left));
    return {
      gateway: gateway.gateway,
      paymentId: payment.paymentId,
      ...(payment.merchantReference === undefined ? {} : { merchantReference: payment.merchantReference }),
      currency: payment.currency,
      paidMinor: payment.paidMinor,
      refundedMinor: figures.refundedMinor,
      requestedMinor: figures.requestedMinor,
      refundableMinor: left,
      ...(payment.card === undefined ? {} : { card: payment.card }),
      ...(here === undefined ? {} : { receiptNumber: here.sale.receiptNumber }),
      refunds: figures.refunds,
      message,
    };
  }

  /** The plan of an online refund, made in the refund's transaction: what other refunds took meanwhile counts. */
  function onlinePlan(gateway: OnlinePayments, payment: GatewayPayment, amountMinor: number): RefundPlan {
    if (!payment.refundable) throw new TillError('CONFLICT', words.onlineNotRefundable(payment.status));
    const view = onlineView(gateway, payment);
    if (amountMinor > view.refundableMinor) {
      throw new TillError(
        'CONFLICT',
        view.refundableMinor === 0 ? words.onlineRefundedInFull : words.onlineOnlyAmount(money(view.refundableMinor)),
      );
    }
    const here = takenHere(gateway, payment);
    if (here !== undefined) {
      return {
        originalReceiptNumber: here.sale.receiptNumber,
        currency: here.sale.currency,
        lines: [],
        totalMinor: amountMinor,
        vat: vatRows(spreadOverRates(amountMinor, leftPerRate(here.sale))),
        parts: [{ kind: 'card', originalAttemptId: here.attempt.id, amountMinor }],
      };
    }
    return {
      currency: payment.currency,
      lines: [],
      totalMinor: amountMinor,
      // The order's lines and rates are the webshop's: the VAT is for the accountant to assign.
      vat: [],
      parts: [
        {
          kind: 'online',
          gateway: gateway.gateway,
          paymentId: payment.paymentId,
          amountMinor,
          ...(payment.card === undefined ? {} : { card: payment.card }),
        },
      ],
    };
  }

  // Attempts are followed on the payment service itself: the screen's event hub drops an event that fails
  // its contract, and a refund must move on whenever one of its attempts does.
  const unsubscribe =
    payments?.onAttemptChanged((attempt) => {
      if (!openRefunds.has(attempt.saleId)) return;
      const refund = book.get(attempt.saleId);
      if (refund?.state !== 'open') return;
      try {
        publish(advance(refund.id));
      } catch (error) {
        logger.error('refunds.advance_failed', { refundId: refund.id, error });
      }
    }) ?? (() => undefined);

  return {
    start(request, actor) {
      const sale = sales.completedByReceipt(request.receiptNumber);
      if (sale === undefined) {
        throw new TillError('NOT_FOUND', words.noReceipt(request.receiptNumber));
      }
      return begin(() => planFor(sale, request, refundable(sale)), sale.saleId, request.reason, actor);
    },

    startUnreferenced(request, actor) {
      if (payments === undefined) throw new TillError('UNAVAILABLE', words.noTerminal);
      const plan: RefundPlan = {
        currency: options.currency,
        lines: [],
        totalMinor: request.amountMinor,
        // No sale to take the rates from: the VAT is for the accountant to assign.
        vat: [],
        parts: [{ kind: 'any_card', amountMinor: request.amountMinor }],
      };
      return begin(() => plan, undefined, request.reason, actor);
    },

    async findOnline(reference) {
      const gateway = gatewayOrRefuse();
      const payment = await lookUp(gateway, paymentIdFor(gateway, reference));
      return onlineView(gateway, payment);
    },

    async startOnline(request, actor) {
      const gateway = gatewayOrRefuse();
      // The gateway is asked again here: what the screen showed may be minutes old.
      const payment = await lookUp(gateway, paymentIdFor(gateway, request.paymentId));
      const saleId = takenHere(gateway, payment)?.sale.saleId;
      return begin(() => onlinePlan(gateway, payment, request.amountMinor), saleId, request.reason, actor);
    },

    get: (refundId) => view(row(refundId)),

    open: () => book.open().map(view),

    retry(refundId) {
      const refund = row(refundId);
      if (refund.state !== 'open') throw new TillError('CONFLICT', words.nothingToRetry);
      for (const part of refund.plan.parts) {
        if (part.kind === 'cash') continue;
        const state = partState(refund, part);
        if (state === 'done') continue;
        if (state === 'waiting') throw new TillError('CONFLICT', words.terminalWorking);
        if (state === 'needs_attention') throw new TillError('CONFLICT', words.managerMustSettle);
        startPart(refund, part);
        break;
      }
      return publish(advance(refundId));
    },

    cancel(refundId, reason, actor) {
      const refund = row(refundId);
      if (refund.state !== 'open') throw new TillError('CONFLICT', words.finishedNoCancel);
      const moved = refund.plan.parts.some((part) => {
        const state = partState(refund, part);
        return state === 'done' || state === 'waiting' || state === 'needs_attention';
      });
      if (moved) throw new TillError('CONFLICT', words.mayHaveGoneBack);
      const at = now();
      const cancelled = books.transaction(() => {
        const done = book.cancel(refundId, reason);
        books.audit.record(
          { action: 'refund.cancelled', ...(actor === undefined ? {} : { actor }), reason, detail: { refundId } },
          at,
        );
        return done;
      });
      logger.info('refunds.cancelled', { refundId });
      return publish(cancelled);
    },

    refundable,

    refundsOf: (saleId) => book.allOfSale(saleId).map(view),

    resume() {
      for (const refund of book.open()) {
        try {
          publish(advance(refund.id));
        } catch (error) {
          logger.error('refunds.resume_failed', { refundId: refund.id, error });
        }
      }
    },

    close: unsubscribe,
  };
}
