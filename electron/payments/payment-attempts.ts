import { randomUUID } from 'node:crypto';
import { isFinalPaymentState } from '../../shared/payments/payment-state.ts';
import { ServiceIdInUseError, TerminalBusyError, type AttemptRecord, type NewAttempt } from './payment-book.ts';
import { PaymentInputError, type PaymentContext } from './payment-context.ts';
import type { PaymentRuns } from './payment-run.ts';
import type { StartCapture, StartHold, StartPayment, StartRefund, StartRelease } from './payment-service.ts';

/**
 * New attempts: what may be asked of the card (the amount, the currency, what
 * is still due on the sale, what is left to give back on a payment), written
 * to the book with a fresh ServiceID before anything is sent, then handed
 * to a run. The book refuses a second unsettled attempt on a terminal.
 */

export interface PaymentAttempts {
  readonly startPayment: (input: StartPayment) => AttemptRecord;
  readonly startRefund: (input: StartRefund) => AttemptRecord;
  readonly refundableOn: (attemptId: string) => number;
  readonly startHold: (input: StartHold) => AttemptRecord;
  readonly startCapture: (input: StartCapture) => AttemptRecord;
  readonly startRelease: (input: StartRelease) => AttemptRecord;
}

const MAX_AMOUNT_MINOR = 100_000_000;

export function createPaymentAttempts(context: PaymentContext, runs: PaymentRuns): PaymentAttempts {
  const { book, provider, logger, at, current, words } = context;

  function createAttempt(
    input: { saleId: string; amountMinor: number; currency: string },
    saleTotalMinor: number,
    refund: Pick<NewAttempt, 'kind' | 'originalAttemptId' | 'original' | 'lane'> = {},
  ): AttemptRecord {
    for (let tries = 0; ; tries += 1) {
      try {
        return book.createAttempt(
          {
            id: randomUUID(),
            saleId: input.saleId,
            tenderId: randomUUID(),
            saleTotalMinor,
            provider: provider.name,
            terminalId: provider.terminalId,
            saleSystemId: provider.saleSystemId,
            serviceId: provider.newServiceId(),
            saleTransactionId: input.saleId,
            amountMinor: input.amountMinor,
            currency: input.currency,
            delivery: provider.delivery,
            ...refund,
          },
          at(),
        );
      } catch (error) {
        // The book knows no language: the cashier is told that the terminal is busy in the till's.
        if (error instanceof TerminalBusyError) throw new TerminalBusyError(error.blocking, words);
        // A clash of random ServiceIDs: practically never, and never twice in a row.
        if (!(error instanceof ServiceIdInUseError) || tries >= 4) throw error;
      }
    }
  }

  function checkNewAttempt(documentId: string, amountMinor: number, currency: string): void {
    if (context.closed) throw new PaymentInputError(words.shuttingDown);
    if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR) {
      throw new PaymentInputError(words.amountRange);
    }
    if (currency !== context.currency) {
      throw new PaymentInputError(words.wrongCurrency(context.currency, currency));
    }
    if (!/^[A-Za-z0-9._-]{1,36}$/.test(documentId)) {
      throw new PaymentInputError('A sale id is 1–36 letters, digits, dots, dashes or underscores.');
    }
  }

  /** A new attempt is in the book: tell the screen and start it. */
  function launch(record: AttemptRecord): AttemptRecord {
    context.changed(record);
    runs.startRun(record.id, true);
    // The run has already written `sent` (it does so before its first await): report what is true now.
    return current(record.id);
  }

  /**
   * What is left to give back on a payment. A refund that may still be
   * approved (in flight, or waiting for a manager) counts as given: two
   * refunds must never be able to take the same money back twice.
   */
  function refundableOn(attemptId: string): number {
    const original = current(attemptId);
    if (original.kind !== 'payment' || original.state !== 'approved') return 0;
    const paid = original.authorisedMinor ?? original.amountMinor;
    const given = book
      .attemptsReversing(attemptId)
      .filter((refund) => refund.state === 'approved' || !isFinalPaymentState(refund.state))
      .reduce((sum, refund) => sum + (refund.authorisedMinor ?? refund.amountMinor), 0);
    return Math.max(0, paid - given);
  }

  function startPayment(input: StartPayment): AttemptRecord {
    checkNewAttempt(input.saleId, input.amountMinor, input.currency);
    // The sale's total as its owner says it is now (lines may change after a declined card); what the
    // cards of this sale have taken comes from this book. The sale service checks cash as well.
    const balance = book.saleBalance(input.saleId);
    const saleTotalMinor = input.saleTotalMinor ?? balance?.totalMinor ?? input.amountMinor;
    const due = saleTotalMinor - (balance?.paidMinor ?? 0);
    if (input.amountMinor > due) {
      throw new PaymentInputError(words.moreThanDue(context.money(Math.max(0, due))));
    }
    const record = createAttempt(input, saleTotalMinor);
    logger.info('payments.created', {
      attemptId: record.id,
      saleId: record.saleId,
      terminal: record.terminalId,
      serviceId: record.serviceId,
      amountMinor: record.amountMinor,
    });
    return launch(record);
  }

  function startRefund(input: StartRefund): AttemptRecord {
    checkNewAttempt(input.refundId, input.amountMinor, input.currency);
    // Attempts of this refund that gave, or may yet give, money back: a retry never adds to them.
    const given = book
      .attemptsOf(input.refundId)
      .filter((attempt) => attempt.state === 'approved' || !isFinalPaymentState(attempt.state))
      .reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? attempt.amountMinor), 0);
    if (input.amountMinor > input.refundTotalMinor - given) {
      throw new PaymentInputError(words.refundMoreThanLeft);
    }
    let refund: Pick<NewAttempt, 'kind' | 'originalAttemptId' | 'original' | 'lane'> = { kind: 'refund' };
    if (input.onlinePaymentId !== undefined) {
      // A card terminal would take this id for one of its own transactions: only a gateway may.
      if (provider.refundsByPaymentId !== true) throw new PaymentInputError(words.refundNoReference);
      refund = { kind: 'reversal', original: { transactionId: input.onlinePaymentId, timeStamp: at() } };
    } else if (input.originalAttemptId !== undefined) {
      const original = current(input.originalAttemptId);
      if (original.kind !== 'payment' || original.state !== 'approved') {
        throw new PaymentInputError(words.refundOnlyApproved);
      }
      if (original.poiTransaction === undefined) {
        throw new PaymentInputError(words.refundNoReference);
      }
      const left = refundableOn(original.id);
      if (input.amountMinor > left) {
        throw new PaymentInputError(words.refundLeft(context.money(left)));
      }
      refund = { kind: 'reversal', originalAttemptId: original.id, original: original.poiTransaction };
    }
    // A gateway's refund may stay "requested" for hours: it waits only for another refund of the same payment.
    if (provider.refundsByPaymentId === true && refund.original !== undefined) {
      refund = { ...refund, lane: `${provider.terminalId} refund ${refund.original.transactionId}` };
    }
    const record = createAttempt(
      { saleId: input.refundId, amountMinor: input.amountMinor, currency: input.currency },
      input.refundTotalMinor,
      refund,
    );
    logger.info('payments.refund_created', {
      attemptId: record.id,
      refundId: input.refundId,
      kind: record.kind,
      terminal: record.terminalId,
      serviceId: record.serviceId,
      amountMinor: record.amountMinor,
      ...(record.originalAttemptId === undefined ? {} : { original: record.originalAttemptId }),
      ...(input.onlinePaymentId === undefined ? {} : { onlinePayment: input.onlinePaymentId }),
    });
    return launch(record);
  }

  /** A deposit's attempts are for a provider that takes deposits only: a card terminal would take a hold for a sale. */
  function checkHolds(): void {
    if (provider.holds !== true) throw new PaymentInputError(words.noHolds);
  }

  function startHold(input: StartHold): AttemptRecord {
    checkHolds();
    checkNewAttempt(input.depositId, input.amountMinor, input.currency);
    // The deposit stands where a sale stands, but in a lane of its own: its link may wait hours for the
    // customer, and the shop's links and other deposits go on beside it. One hold per deposit, still.
    const record = createAttempt(
      { saleId: input.depositId, amountMinor: input.amountMinor, currency: input.currency },
      input.amountMinor,
      { kind: 'hold', lane: `${provider.terminalId} hold ${input.depositId}` },
    );
    logger.info('payments.hold_created', {
      attemptId: record.id,
      depositId: input.depositId,
      terminal: record.terminalId,
      serviceId: record.serviceId,
      amountMinor: record.amountMinor,
    });
    return launch(record);
  }

  /**
   * The approved hold a capture or release settles, with what it holds. Refused while a capture or release
   * of it is approved or may still be (in flight, with a manager): a hold is captured or released once.
   */
  function heldBy(depositId: string, holdAttemptId: string): { hold: AttemptRecord; heldMinor: number } {
    checkHolds();
    const hold = current(holdAttemptId);
    if (hold.kind !== 'hold' || hold.saleId !== depositId || hold.state !== 'approved') {
      throw new PaymentInputError(words.holdNotHeld);
    }
    if (hold.poiTransaction === undefined) throw new PaymentInputError(words.holdNoReference);
    const settling = book
      .attemptsReversing(hold.id)
      .some((attempt) => attempt.state === 'approved' || !isFinalPaymentState(attempt.state));
    if (settling) throw new PaymentInputError(words.holdSettled);
    return { hold, heldMinor: hold.authorisedMinor ?? hold.amountMinor };
  }

  function settleHold(
    kind: 'capture' | 'release',
    hold: AttemptRecord,
    heldMinor: number,
    amountMinor: number,
  ): AttemptRecord {
    checkNewAttempt(hold.saleId, amountMinor, hold.currency);
    const original = hold.poiTransaction;
    if (original === undefined) throw new PaymentInputError(words.holdNoReference);
    // Beside the shop's links: a capture waits only for another capture or release of the same hold.
    const record = createAttempt({ saleId: hold.saleId, amountMinor, currency: hold.currency }, heldMinor, {
      kind,
      originalAttemptId: hold.id,
      original,
      lane: `${provider.terminalId} deposit ${original.transactionId}`,
    });
    logger.info(`payments.${kind}_created`, {
      attemptId: record.id,
      depositId: hold.saleId,
      hold: hold.id,
      terminal: record.terminalId,
      serviceId: record.serviceId,
      amountMinor: record.amountMinor,
    });
    return launch(record);
  }

  function startCapture(input: StartCapture): AttemptRecord {
    const { hold, heldMinor } = heldBy(input.depositId, input.holdAttemptId);
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > heldMinor) {
      throw new PaymentInputError(words.captureRange(context.money(heldMinor)));
    }
    return settleHold('capture', hold, heldMinor, input.amountMinor);
  }

  function startRelease(input: StartRelease): AttemptRecord {
    const { hold, heldMinor } = heldBy(input.depositId, input.holdAttemptId);
    return settleHold('release', hold, heldMinor, heldMinor);
  }

  return { startPayment, startRefund, refundableOn, startHold, startCapture, startRelease };
}
