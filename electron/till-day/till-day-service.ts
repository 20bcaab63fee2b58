import { formatMoney } from '../../shared/money.ts';
import {
  dayReport,
  zReport,
  type DayReport,
  type LiveLink,
  type TillDayState,
} from '../../shared/till-day/day-report.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { ReceiptContext } from '../printing/receipt-document.ts';
import type { PrinterService } from '../printing/printer-service.ts';
import type { TillBooks } from '../till-books.ts';
import { TillError } from '../till-error.ts';
import { buildDayReportDocument } from './report-document.ts';
import { DayAlreadyOpenError, DayClosedMeanwhileError, publicDay, type DayRow } from './till-day-book.ts';
import type { TillDayWords } from './till-day-words.ts';
import type { DepositFigures } from '../deposits/deposit-service.ts';

/**
 * The till day as a manager runs it: open with the counted float, cash in
 * and out with a reason (the drawer opens), an X report whenever asked, and
 * the Z report that closes the day with the counted drawer. A Z report is
 * numbered in its mode's gap-free sequence, printed, kept as it was, and
 * reprinted from what was kept.
 */

export interface TillDayService {
  state(): TillDayState;
  open(floatMinor: number, actor: string | undefined): Promise<TillDayState>;
  cashMove(
    move: { kind: 'in' | 'out'; amountMinor: number; reason: string },
    actor: string | undefined,
  ): Promise<DayReport>;
  xReport(print: boolean): DayReport;
  close(countedCashMinor: number, actor: string | undefined): DayReport;
  /**
   * Cancels every live payment link (the manager asked for it when closing) and waits for each to
   * settle; a link the customer paid meanwhile is paid, and its sale's money counts.
   */
  cancelLiveLinks(actor: string | undefined): Promise<void>;
  reprintZ(zNumber: number): DayReport;
}

export function createTillDayService(options: {
  books: Pick<TillBooks, 'refunds' | 'days' | 'mode' | 'audit' | 'printQueue' | 'transaction'>;
  printer: PrinterService | undefined;
  logger: Logger;
  clock: Clock;
  tillId: string;
  currency: string;
  receiptContext: ReceiptContext;
  /** What the manager reads when the day refuses, in the till's language. */
  words: TillDayWords;
  /**
   * Payment links not settled yet (live, being asked about, or waiting for a manager): the day does not
   * close over money that may still arrive. None on a till without an online gateway.
   */
  liveLinks?: () => readonly LiveLink[];
  /**
   * Cancels a live link at the gateway and waits until its attempt is settled (cancelled, or paid after
   * all) or the wait is over; what is still live after it keeps the day open.
   */
  cancelLink?: (attemptId: string) => Promise<void>;
  /**
   * Deposits, on a till that takes them: what was taken, captured and released over the day (beside the
   * takings, not in them), and how many captures or releases are still on their way (the day waits for them).
   */
  deposits?: {
    figures: (from: string, to: string) => DepositFigures;
    onTheirWay: () => number;
  };
}): TillDayService {
  const { books, printer, logger, clock, words } = options;
  const days = books.days;
  const mode = books.mode;
  const now = () => clock.now().toISOString();
  const money = (minor: number) => formatMoney(minor, options.currency, options.receiptContext.locale);

  function state(): TillDayState {
    const open = days.openDay(mode);
    const live = options.liveLinks?.() ?? [];
    return {
      day: open === undefined ? null : publicDay(open),
      lastZNumber: days.lastZNumber(mode),
      ...(live.length === 0 ? {} : { liveLinks: [...live] }),
    };
  }

  function openDayOrRefuse(): DayRow {
    const day = days.openDay(mode);
    if (day === undefined) {
      throw new TillError('CONFLICT', words.notOpen);
    }
    return day;
  }

  function report(day: DayRow, generatedAt: string): DayReport {
    const figures = dayReport(days.figures(day, { tillId: options.tillId, currency: options.currency, generatedAt }));
    return options.deposits === undefined
      ? figures
      : { ...figures, deposits: options.deposits.figures(day.openedAt, generatedAt) };
  }

  /** A call to the book, whose refusals are English and say on what: the manager reads them in the till's language. */
  function inWords<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof DayAlreadyOpenError) throw new TillError(error.code, words.alreadyOpen(error.since));
      if (error instanceof DayClosedMeanwhileError) throw new TillError(error.code, words.closedMeanwhile);
      throw error;
    }
  }

  function print(title: string, document: string, at: string): void {
    if (printer === undefined) return;
    books.printQueue.enqueueDocument(title, document, at);
  }

  async function kickDrawer(why: string): Promise<void> {
    if (printer === undefined) return;
    const result = await printer.kickDrawer();
    logger.info('day.drawer', { why, drawer: result.drawer });
  }

  return {
    state,

    async open(floatMinor, actor) {
      const at = now();
      const day = books.transaction(() => {
        const opened = inWords(() => days.open(mode, floatMinor, actor, at));
        books.audit.record(
          { action: 'day.opened', ...(actor === undefined ? {} : { actor }), detail: { day: opened.seq, floatMinor } },
          at,
        );
        return opened;
      });
      logger.info('day.opened', { day: day.seq, mode, floatMinor });
      // The float goes into the drawer now.
      await kickDrawer('float');
      return state();
    },

    async cashMove(move, actor) {
      const at = now();
      // One report, after the move, inside the write: a cash-out that leaves the drawer below nothing is undone.
      const after = books.transaction(() => {
        const day = openDayOrRefuse();
        days.recordCashMove(day, { at, ...move, ...(actor === undefined ? {} : { by: actor }) });
        const figures = report(day, at);
        if (move.kind === 'out' && figures.cash.expectedMinor < 0) {
          const inDrawer = figures.cash.expectedMinor + move.amountMinor;
          throw new TillError('CONFLICT', words.drawerHoldsOnly(money(inDrawer)));
        }
        books.audit.record(
          {
            action: 'cash.moved',
            ...(actor === undefined ? {} : { actor }),
            reason: move.reason,
            detail: { day: day.seq, kind: move.kind, amountMinor: move.amountMinor },
          },
          at,
        );
        return figures;
      });
      logger.info('day.cash_moved', { kind: move.kind, amountMinor: move.amountMinor });
      await kickDrawer(`cash ${move.kind}`);
      return after;
    },

    xReport(wanted) {
      const at = now();
      const x = report(openDayOrRefuse(), at);
      if (wanted) {
        print(`X report day ${String(x.day.dayNumber)}`, buildDayReportDocument(x, options.receiptContext), at);
        printer?.wake();
      }
      return x;
    },

    async cancelLiveLinks(actor) {
      const live = options.liveLinks?.() ?? [];
      if (live.length === 0 || options.cancelLink === undefined) return;
      const cancel = options.cancelLink;
      books.audit.record(
        {
          action: 'day.links_cancelled',
          ...(actor === undefined ? {} : { actor }),
          detail: { links: live.map((link) => ({ attemptId: link.attemptId, amountMinor: link.amountMinor })) },
        },
        now(),
      );
      logger.info('day.cancelling_links', { count: live.length });
      await Promise.all(live.map((link) => cancel(link.attemptId)));
    },

    close(countedCashMinor, actor) {
      const at = now();
      const z = books.transaction(() => {
        const day = openDayOrRefuse();
        // An online refund the gateway has taken counts in the day its money goes back: it does not hold this one.
        if (books.refunds.open().some((refund) => refund.plan.parts.some((part) => part.kind !== 'online'))) {
          throw new TillError('CONFLICT', words.refundOpen);
        }
        const live = options.liveLinks?.() ?? [];
        if (live.length > 0) {
          const time = new Intl.DateTimeFormat(options.receiptContext.locale, { timeStyle: 'short' });
          const listed = live.map((link) => `${money(link.amountMinor)}, ${time.format(new Date(link.createdAt))}`);
          throw new TillError('CONFLICT', words.linksLive(listed.join('; ')));
        }
        if ((options.deposits?.onTheirWay() ?? 0) > 0) throw new TillError('CONFLICT', words.depositOnItsWay);
        const closed = inWords(() =>
          days.close(day, at, (zNumber) => zReport(report(day, at), zNumber, countedCashMinor, actor)),
        );
        print(`Z report ${String(closed.zNumber)}`, buildDayReportDocument(closed, options.receiptContext), at);
        books.audit.record(
          {
            action: 'day.closed',
            ...(actor === undefined ? {} : { actor }),
            detail: {
              day: day.seq,
              zNumber: closed.zNumber,
              expectedMinor: closed.cash.expectedMinor,
              countedMinor: countedCashMinor,
              differenceMinor: closed.differenceMinor,
            },
          },
          at,
        );
        return closed;
      });
      logger.info('day.closed', { zNumber: z.zNumber, mode, differenceMinor: z.differenceMinor });
      printer?.wake();
      return z;
    },

    reprintZ(zNumber) {
      const z = days.zReport(mode, zNumber);
      if (z === undefined) throw new TillError('NOT_FOUND', words.noZReport(zNumber));
      // Without a printer the report is read on screen, as it was written.
      print(`Z report ${String(zNumber)} (copy)`, buildDayReportDocument(z, options.receiptContext), now());
      printer?.wake();
      return z;
    },
  };
}
