import { randomUUID } from 'node:crypto';
import type { DepositState, DepositView } from '../../shared/deposits/deposit.ts';
import { formatMoney } from '../../shared/money.ts';
import { isFinalPaymentState } from '../../shared/payments/payment-state.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { AttemptRecord } from '../payments/payment-book.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { TillBooks } from '../till-books.ts';
import { TillError } from '../till-error.ts';
import type { DepositRecord } from './deposit-book.ts';
import type { DepositWords } from './deposit-words.ts';

/**
 * Deposits at the till. A cashier takes one: the customer authorises the
 * amount by link (a `hold`: the money is reserved on their card, not taken).
 * At pick-up a manager captures it (all or part, once) or releases it when the
 * order is cancelled. Each of those is an attempt of the payment service, in
 * the book before its request leaves, settled like any other (an unknown
 * answer is asked about, never sent again); this service decides what may be
 * asked and reads where each deposit stands from its attempts.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** A hold this close to lapsing is flagged on the manager's screen. */
const WARN_BEFORE_MS = 2 * DAY_MS;

export interface TakeDepositInput {
  customer: string;
  contact?: string | undefined;
  note?: string | undefined;
  amountMinor: number;
}

/** What the day report counts of deposits between two moments. */
export interface DepositFigures {
  readonly taken: { readonly count: number; readonly totalMinor: number };
  readonly captured: { readonly count: number; readonly totalMinor: number };
  readonly released: { readonly count: number; readonly totalMinor: number };
}

export interface DepositService {
  /** How many days the acquirer keeps a hold (config `online.opp.holdValidDays`). */
  readonly holdValidDays: number;
  /** Writes the deposit, then its hold (a link for the customer); a cashier may. */
  take(input: TakeDepositInput, actor: string | undefined): DepositView;
  /** Deposits still to capture or release, and those with a capture or release not settled; oldest first. */
  list(): DepositView[];
  get(depositId: string): DepositView;
  /** Takes all or part of what is held, once; the caller has checked that a manager asks. */
  capture(depositId: string, amountMinor: number, reason: string | undefined, actor: string | undefined): DepositView;
  /** Gives what is held back to the customer's card; the caller has checked that a manager asks. */
  release(depositId: string, reason: string, actor: string | undefined): DepositView;
  /** Captures and releases on their way to the gateway: the day does not close over them. */
  inFlight(): AttemptRecord[];
  /** Holds approved (taken), captures and releases approved after `from` and at or before `to`. */
  figures(from: string, to: string): DepositFigures;
}

export interface DepositServiceOptions {
  books: Pick<TillBooks, 'deposits' | 'audit' | 'transaction' | 'mode'>;
  /** The till's payments; deposits need a provider that `holds`. */
  payments: PaymentService;
  currency: string;
  locale: string;
  /** How many days the acquirer keeps a hold before it may lapse; 7 when absent. */
  holdValidDays?: number;
  clock: Clock;
  logger: Logger;
  words: DepositWords;
}

/** What the acquirer keeps a hold for when the configuration does not say. */
export const DEFAULT_HOLD_VALID_DAYS = 7;

export function createDepositService(options: DepositServiceOptions): DepositService {
  const { books, payments, clock, logger, words } = options;
  const holdValidDays = options.holdValidDays ?? DEFAULT_HOLD_VALID_DAYS;
  const now = () => clock.now();
  const money = (minor: number) => formatMoney(minor, options.currency, options.locale);
  const date = (iso: string) =>
    new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  if (!Number.isSafeInteger(holdValidDays) || holdValidDays <= 0) {
    throw new Error(`holdValidDays must be a whole number of days above zero, not ${String(holdValidDays)}.`);
  }

  repair();

  /**
   * A till that stopped between a deposit's row and naming its hold: the hold is named now if the
   * payment book has it (its run is recovered like any other), and a deposit whose hold was never made
   * is taken back.
   */
  function repair(): void {
    for (const deposit of books.deposits.withoutHold()) {
      const hold = payments.attemptsOf(deposit.id).find((attempt) => attempt.kind === 'hold');
      if (hold === undefined) {
        books.deposits.discard(deposit.id);
        logger.warn('deposits.discarded_without_hold', { depositId: deposit.id });
      } else {
        books.deposits.attachHold(deposit.id, hold.id);
        logger.warn('deposits.hold_named_after_restart', { depositId: deposit.id, attemptId: hold.id });
      }
    }
  }

  function recordOf(depositId: string): DepositRecord & { holdAttemptId: string } {
    const deposit = books.deposits.deposit(depositId);
    if (deposit?.holdAttemptId === undefined) throw new TillError('NOT_FOUND', words.noSuchDeposit);
    return { ...deposit, holdAttemptId: deposit.holdAttemptId };
  }

  interface Standing {
    readonly deposit: DepositRecord & { holdAttemptId: string };
    readonly hold: AttemptRecord;
    /** The captures and releases of the hold, oldest first. */
    readonly actions: readonly AttemptRecord[];
    readonly state: DepositState;
    readonly heldMinor: number;
    readonly authorisedAt: string | undefined;
    readonly expiresAt: string | undefined;
    readonly expired: boolean;
    readonly expiresSoon: boolean;
  }

  /** Where a deposit stands, read from its attempts: the hold, then its captures and releases. */
  function standing(depositId: string): Standing {
    const deposit = recordOf(depositId);
    const hold = payments.attempt(deposit.holdAttemptId);
    if (hold === undefined) throw new TillError('NOT_FOUND', words.noSuchDeposit);
    const actions = payments
      .attemptsOf(deposit.id)
      .filter((attempt) => attempt.originalAttemptId === hold.id && attempt.kind !== 'hold');
    const approved = actions.find((attempt) => attempt.state === 'approved');
    const unsettled = actions.find((attempt) => !isFinalPaymentState(attempt.state));
    const state: DepositState = (() => {
      if (hold.state === 'needs_attention') return 'needs_attention';
      if (hold.state !== 'approved') return isFinalPaymentState(hold.state) ? 'failed' : 'awaiting_customer';
      if (approved !== undefined) return approved.kind === 'capture' ? 'captured' : 'released';
      if (unsettled?.state === 'needs_attention') return 'needs_attention';
      if (unsettled !== undefined) return unsettled.kind === 'capture' ? 'capturing' : 'releasing';
      return 'held';
    })();
    // When the customer authorised: the hold's (first) approval, as the book recorded it.
    const authorisedAt =
      hold.state === 'approved' || approved !== undefined
        ? (payments.history(hold.id).find((event) => event.to === 'approved')?.at ?? hold.updatedAt)
        : undefined;
    const expiresAt =
      authorisedAt === undefined
        ? undefined
        : new Date(Date.parse(authorisedAt) + holdValidDays * DAY_MS).toISOString();
    const stillHeld = state === 'held' || state === 'capturing' || state === 'releasing';
    const left = expiresAt === undefined ? Infinity : Date.parse(expiresAt) - now().getTime();
    return {
      deposit,
      hold,
      actions,
      state,
      heldMinor: hold.authorisedMinor ?? hold.amountMinor,
      authorisedAt,
      expiresAt,
      expired: stillHeld && left <= 0,
      expiresSoon: stillHeld && left > 0 && left <= WARN_BEFORE_MS,
    };
  }

  function messageOf(seen: Standing): string {
    const last = seen.actions.at(-1);
    switch (seen.state) {
      case 'awaiting_customer':
        return words.awaitingCustomer;
      case 'held':
        if (seen.expired && seen.expiresAt !== undefined) return words.expiredHold(date(seen.expiresAt));
        // The last capture or release tried did not go through: the money is still reserved.
        if (last !== undefined && last.state !== 'approved') {
          return last.kind === 'capture' ? words.captureFailed(money(seen.heldMinor)) : words.releaseFailed;
        }
        if (seen.expiresSoon && seen.expiresAt !== undefined) {
          return words.expiresSoon(money(seen.heldMinor), date(seen.expiresAt));
        }
        return words.held(money(seen.heldMinor));
      case 'capturing':
        return words.capturing;
      case 'releasing':
        return words.releasing;
      case 'captured': {
        const capture = seen.actions.find((attempt) => attempt.state === 'approved');
        return words.captured(money(capture?.authorisedMinor ?? capture?.amountMinor ?? 0));
      }
      case 'released':
        return words.released;
      case 'failed':
        return words.failed;
      case 'needs_attention':
        return words.needsManager;
    }
  }

  function view(depositId: string): DepositView {
    const seen = standing(depositId);
    const { deposit } = seen;
    const approved = seen.actions.find((attempt) => attempt.state === 'approved');
    const last = seen.actions.at(-1);
    return {
      depositId: deposit.id,
      number: deposit.number,
      customer: deposit.customer,
      ...(deposit.contact === undefined ? {} : { contact: deposit.contact }),
      ...(deposit.note === undefined ? {} : { note: deposit.note }),
      amountMinor: deposit.amountMinor,
      currency: deposit.currency,
      state: seen.state,
      holdAttempt: payments.view(seen.hold),
      ...(last === undefined ? {} : { actionAttempt: payments.view(last) }),
      ...(seen.authorisedAt === undefined ? {} : { authorisedAt: seen.authorisedAt }),
      ...(seen.expiresAt === undefined ? {} : { expiresAt: seen.expiresAt }),
      expiresSoon: seen.expiresSoon,
      expired: seen.expired,
      ...(approved?.kind === 'capture'
        ? { capturedMinor: approved.authorisedMinor ?? approved.amountMinor, capturedAt: approved.updatedAt }
        : {}),
      ...(approved?.kind === 'release' ? { releasedAt: approved.updatedAt } : {}),
      createdAt: deposit.createdAt,
      ...(deposit.createdBy === undefined ? {} : { createdBy: deposit.createdBy }),
      message: messageOf(seen),
    };
  }

  /** What may be done with a deposit now; refused in words that say what to do instead. */
  function mustBeHeld(seen: Standing): void {
    switch (seen.state) {
      case 'held':
        break;
      case 'awaiting_customer':
      case 'failed':
        throw new TillError('CONFLICT', words.notAuthorised);
      case 'captured':
        throw new TillError('CONFLICT', words.alreadyCaptured);
      case 'released':
        throw new TillError('CONFLICT', words.alreadyReleased);
      case 'capturing':
      case 'releasing':
        throw new TillError('CONFLICT', words.onItsWay);
      case 'needs_attention':
        throw new TillError('CONFLICT', words.needsManager);
    }
  }

  function trimmed(text: string | undefined, max: number, refusal: string): string | undefined {
    if (text === undefined) return undefined;
    const kept = text.trim();
    if (kept.length > max) throw new TillError('BAD_REQUEST', refusal);
    return kept === '' ? undefined : kept;
  }

  function audit(
    action: 'deposit.taken' | 'deposit.capture_started' | 'deposit.release_started',
    actor: string | undefined,
    reason: string | undefined,
    detail: Record<string, unknown>,
  ): void {
    books.audit.record(
      {
        action,
        ...(actor === undefined ? {} : { actor }),
        ...(reason === undefined ? {} : { reason }),
        detail,
      },
      now().toISOString(),
    );
  }

  return {
    holdValidDays,

    take(input, actor) {
      if (payments.holds !== true) throw new TillError('UNAVAILABLE', words.noDeposits);
      const customer = trimmed(input.customer, 80, words.customerName);
      if (customer === undefined) throw new TillError('BAD_REQUEST', words.customerName);
      const contact = trimmed(input.contact, 120, words.contactTooLong);
      const note = trimmed(input.note, 200, words.noteTooLong);
      if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
        throw new TillError('BAD_REQUEST', words.amountRange);
      }
      // The row first (committed), then the hold: the hold's request never leaves for a deposit the book lacks.
      const deposit = books.deposits.create({
        id: randomUUID(),
        mode: books.mode,
        customer,
        contact,
        note,
        amountMinor: input.amountMinor,
        currency: options.currency,
        createdAt: now().toISOString(),
        createdBy: actor,
      });
      let hold: AttemptRecord;
      try {
        hold = payments.startHold({
          depositId: deposit.id,
          amountMinor: deposit.amountMinor,
          currency: deposit.currency,
        });
      } catch (error) {
        // Refused before anything was sent (the gateway busy with another link, an amount out of range).
        books.deposits.discard(deposit.id);
        throw error;
      }
      books.transaction(() => {
        books.deposits.attachHold(deposit.id, hold.id);
        audit('deposit.taken', actor, undefined, {
          depositId: deposit.id,
          number: deposit.number,
          amountMinor: deposit.amountMinor,
          holdAttemptId: hold.id,
        });
      });
      logger.info('deposits.taken', { depositId: deposit.id, number: deposit.number, attemptId: hold.id });
      return view(deposit.id);
    },

    list() {
      return books.deposits.open(books.mode).map((deposit) => view(deposit.id));
    },

    get: view,

    capture(depositId, amountMinor, reason, actor) {
      const seen = standing(depositId);
      mustBeHeld(seen);
      if (seen.expired && seen.expiresAt !== undefined) {
        throw new TillError('CONFLICT', words.expired(date(seen.expiresAt)));
      }
      if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
        throw new TillError('BAD_REQUEST', words.amountRange);
      }
      if (amountMinor > seen.heldMinor) throw new TillError('BAD_REQUEST', words.aboveHeld(money(seen.heldMinor)));
      const why = trimmed(reason, 200, words.noteTooLong);
      const capture = payments.startCapture({ depositId, holdAttemptId: seen.hold.id, amountMinor });
      audit('deposit.capture_started', actor, why, {
        depositId,
        number: seen.deposit.number,
        amountMinor,
        heldMinor: seen.heldMinor,
        attemptId: capture.id,
      });
      logger.info('deposits.capture_started', { depositId, attemptId: capture.id, amountMinor });
      return view(depositId);
    },

    release(depositId, reason, actor) {
      const why = trimmed(reason, 200, words.sayWhy);
      if (why === undefined) throw new TillError('BAD_REQUEST', words.sayWhy);
      const seen = standing(depositId);
      // An expired hold may still be released: that is what tells the acquirer to let it go now.
      mustBeHeld(seen);
      const release = payments.startRelease({ depositId, holdAttemptId: seen.hold.id });
      audit('deposit.release_started', actor, why, {
        depositId,
        number: seen.deposit.number,
        heldMinor: seen.heldMinor,
        attemptId: release.id,
      });
      logger.info('deposits.release_started', { depositId, attemptId: release.id });
      return view(depositId);
    },

    inFlight() {
      return payments
        .inFlight()
        .filter((attempt) => attempt.kind === 'capture' || attempt.kind === 'release')
        .filter((attempt) => books.deposits.deposit(attempt.saleId)?.mode === books.mode);
    },

    figures(from, to) {
      const figures = {
        taken: { count: 0, totalMinor: 0 },
        captured: { count: 0, totalMinor: 0 },
        released: { count: 0, totalMinor: 0 },
      };
      const line = { hold: figures.taken, capture: figures.captured, release: figures.released } as const;
      for (const settled of books.deposits.settledBetween(books.mode, from, to)) {
        line[settled.kind].count += 1;
        line[settled.kind].totalMinor += settled.amountMinor;
      }
      return figures;
    },
  };
}
