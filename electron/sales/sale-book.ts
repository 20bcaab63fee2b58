import { saleWords, type SaleWords } from './sale-words.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import { PaymentStateSchema, UNSETTLED_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { cartTotals, type CartLine } from '../../shared/sale/cart.ts';
import {
  CompletedSaleSchema,
  recordedLine,
  type CompletedSale,
  type RecordedTender,
} from '../../shared/sale/completed-sale.ts';
import type { LineApprovals, SaleCards } from '../../shared/sale/open-sale.ts';
import { cashTender } from '../../shared/sale/tenders.ts';
import { cardOf } from '../payments/payment-book.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PrintQueue } from '../printing/print-queue.ts';
import { needsMerchantCopy } from '../printing/receipt-document.ts';
import { TerminalReceiptsSchema, type TerminalReceipt } from '../../shared/payments/terminal-receipt.ts';
import { auditSaleChanges } from './sale-changes.ts';
import type { TillDayBook } from '../till-day/till-day-book.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { TillMode } from '../../shared/config/schema.ts';
import { TillError } from '../till-error.ts';
import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * Finished sales, on the till's database beside the card payments (the open
 * and parked ones are in the open sale book). Completing a sale is the moment
 * the till stands behind its figures, so main does the arithmetic again from
 * the lines and takes the card tenders from the payment book, in the same
 * transaction: a sale is never recorded with money the terminal did not
 * approve, and never without money it did.
 *
 * The print queue, the audit log and the till day are injected, books on the
 * same connection: a sale's receipt is queued and its day counted in the
 * transaction that records the sale, so no sale is ever left without its
 * receipt by a crash in between.
 */

/** A sale to record, as main's open sale holds it: lines, the cash handed over, the card payments. */
export interface CompleteSale {
  saleId: string;
  lines: readonly CartLine[];
  /** Each cash tender as the cashier typed it: what the customer handed over. */
  cashTendered: readonly number[];
  /** The till's cash rounding increment (1 or absent: none): cash that settles the sale pays the due amount rounded to it. */
  cashIncrementMinor?: number;
  /** The approved card payments of this sale, by attempt. */
  cardAttemptIds: readonly string[];
}

/** What the audit log is told about the changes on a sale's lines: who approved what, which lines were open items. */
export interface SaleChangeContext {
  approvals: ReadonlyMap<string, LineApprovals>;
  openItems: ReadonlySet<string>;
}

export interface SaleBook {
  /** Records the sale and numbers its receipt; the same request again returns the same record. */
  complete(request: CompleteSale, actor?: string, changes?: SaleChangeContext): CompletedSale;
  /** A completed sale, for a reprint. */
  completed(saleId: string): CompletedSale | undefined;
  completedByReceipt(receiptNumber: string): CompletedSale | undefined;
  /** The sale's card payments: approved ones as tenders, and the one still going (or waiting for a manager). */
  cardsOf(saleId: string): SaleCards;
  /** The terminal's receipt text kept with a card attempt, if it sent any. */
  terminalReceiptsOf(attemptId: string): TerminalReceipt[] | undefined;
  /** The last completed sale on this till. */
  lastCompleted(): CompletedSale | undefined;
}

export interface SaleBookOptions {
  tillId: string;
  currency: CurrencyCode;
  clock?: Clock;
  /** Queue each sale's receipt (and a merchant copy to sign, when a card asks for one) as the sale is recorded. */
  printReceipts?: boolean;
  /** The mode this till records in; its days and reports are kept apart from other modes'. Live when absent. */
  mode?: TillMode;
  /** The books a recorded sale is written to in the same transaction: its receipt, its audit, its day. */
  printQueue: PrintQueue;
  audit: AuditLog;
  days: TillDayBook;
  /** Its refusals, in the till's language; English when absent. */
  words?: SaleWords;
}

/** The sale book on the till's database. */
export function createSaleBook(database: TillDatabase, options: SaleBookOptions): SaleBook {
  const clock = options.clock ?? systemClock;
  const words = options.words ?? saleWords;
  const now = () => clock.now();
  const statements = {
    completedBySale: database.connection.prepare('SELECT record FROM completed_sales WHERE sale_id = ?'),
    completedByReceipt: database.connection.prepare('SELECT record FROM completed_sales WHERE receipt_number = ?'),
    lastCompleted: database.connection.prepare('SELECT record FROM completed_sales ORDER BY seq DESC LIMIT 1'),
    nextSeq: database.connection.prepare("SELECT seq + 1 AS next FROM sqlite_sequence WHERE name = 'completed_sales'"),
    insertCompleted: database.connection.prepare(
      `INSERT INTO completed_sales (sale_id, receipt_number, completed_at, currency, total_minor, record, day_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    attemptsOfSale: database.connection.prepare(
      `SELECT id, state, amount_minor, authorised_minor, terminal_reference, card_brand, card_last4, card_auth_code,
              link IS NOT NULL AS by_link
         FROM payment_attempts WHERE sale_id = ? AND kind = 'payment' ORDER BY created_at, rowid`,
    ),
    receiptsOfAttempt: database.connection.prepare('SELECT terminal_receipts FROM payment_attempts WHERE id = ?'),
  };

  const { printQueue, days, audit } = options;
  const mode = options.mode ?? 'live';

  const readRecord = (row: Record<string, unknown> | undefined): CompletedSale | undefined =>
    row === undefined ? undefined : CompletedSaleSchema.parse(JSON.parse(String(row.record)));

  /**
   * A sale's card payments as the payment book has them: the approved ones
   * as tenders (what the card was charged, the card, the terminal's
   * reference) and the one not settled yet, if any. The one place a card
   * becomes money on a sale: the open sale and its record both read it here.
   */
  function cardsOf(saleId: string): SaleCards {
    const cards: SaleCards = { approved: [], unsettled: undefined };
    for (const row of statements.attemptsOfSale.all(saleId)) {
      const state = String(row.state);
      if ((UNSETTLED_PAYMENT_STATES as readonly string[]).includes(state)) {
        cards.unsettled = { attemptId: String(row.id), state: PaymentStateSchema.parse(state) };
        continue;
      }
      if (state !== 'approved') continue;
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      const card = cardOf(text(row.card_brand), text(row.card_last4), text(row.card_auth_code));
      cards.approved.push({
        kind: 'card',
        attemptId: String(row.id),
        // An approval without an amount took what was asked, as the payment book counts it.
        amountMinor: Number(row.authorised_minor ?? row.amount_minor),
        ...(row.terminal_reference === null ? {} : { terminalReference: String(row.terminal_reference) }),
        ...(card === undefined ? {} : { card }),
        // A link payment is always approved on a link the gateway made and the book kept.
        ...(Number(row.by_link) === 1 ? { byLink: true as const } : {}),
      });
    }
    return cards;
  }

  /** The card tenders of a sale to record, with the terminal's receipts; refused while one is unsettled. */
  function cardTenders(saleId: string): RecordedTender[] {
    const cards = cardsOf(saleId);
    if (cards.unsettled !== undefined) {
      throw new TillError('CONFLICT', words.cardNotSettled);
    }
    return cards.approved.map((tender) => {
      const receipts = terminalReceipts(statements.receiptsOfAttempt.get(tender.attemptId)?.terminal_receipts);
      return receipts === undefined ? tender : { ...tender, receipts };
    });
  }

  function record(request: CompleteSale): CompletedSale {
    const totals = cartTotals({ saleId: request.saleId, currency: options.currency, lines: request.lines });
    if (request.lines.length === 0) throw new TillError('CONFLICT', words.nothingToRecord);
    const cards = cardTenders(request.saleId);
    for (const attemptId of request.cardAttemptIds) {
      if (!cards.some((tender) => tender.kind === 'card' && tender.attemptId === attemptId)) {
        throw new TillError('CONFLICT', words.cardNotForSale);
      }
    }
    const cardPaid = cards.reduce((sum, tender) => sum + tender.amountMinor, 0);
    if (cardPaid > totals.totalMinor) {
      throw new TillError('CONFLICT', words.cardsOverSale);
    }
    let due = totals.totalMinor - cardPaid;
    const cash: RecordedTender[] = [];
    for (const tendered of request.cashTendered) {
      if (due === 0) {
        throw new TillError('CONFLICT', words.cashOverDue);
      }
      const tender = cashTender(due, tendered, request.cashIncrementMinor ?? 1);
      due -= tender.amountMinor;
      cash.push(tender);
    }
    if (due > 0) throw new TillError('CONFLICT', words.notPaidInFull);
    const changeMinor = cash.reduce((sum, tender) => sum + (tender.kind === 'cash' ? tender.changeMinor : 0), 0);
    const roundingMinor = cash.reduce(
      (sum, tender) => sum + (tender.kind === 'cash' ? (tender.roundingMinor ?? 0) : 0),
      0,
    );
    const seq = Number(statements.nextSeq.get()?.next ?? 1);
    return {
      saleId: request.saleId,
      receiptNumber: `${options.tillId}-${String(seq).padStart(6, '0')}`,
      completedAt: now().toISOString(),
      tillId: options.tillId,
      currency: options.currency,
      lines: request.lines.map(recordedLine),
      totalMinor: totals.totalMinor,
      discountMinor: totals.discountMinor,
      itemCount: totals.itemCount,
      vat: totals.vat,
      tenders: [...cards, ...cash],
      changeMinor,
      ...(roundingMinor === 0 ? {} : { roundingMinor }),
    };
  }

  return {
    complete(request, actor, changes) {
      return database.transaction(() => {
        const existing = readRecord(statements.completedBySale.get(request.saleId));
        if (existing !== undefined) return existing;
        const completed = record(request);
        statements.insertCompleted.run(
          completed.saleId,
          completed.receiptNumber,
          completed.completedAt,
          completed.currency,
          completed.totalMinor,
          JSON.stringify(completed),
          days.dayFor(mode, completed.completedAt).seq,
        );
        auditSaleChanges(audit, completed, actor, changes);
        if (options.printReceipts === true) {
          printQueue.enqueueReceipt(completed.receiptNumber, 'receipt', completed.completedAt);
          if (needsMerchantCopy(completed)) {
            printQueue.enqueueReceipt(completed.receiptNumber, 'merchant_copy', completed.completedAt);
          }
        }
        return completed;
      });
    },

    completed: (saleId) => readRecord(statements.completedBySale.get(saleId)),

    cardsOf,

    completedByReceipt: (receiptNumber) => readRecord(statements.completedByReceipt.get(receiptNumber)),

    lastCompleted: () => readRecord(statements.lastCompleted.get()),

    terminalReceiptsOf: (attemptId) => terminalReceipts(statements.receiptsOfAttempt.get(attemptId)?.terminal_receipts),
  };
}

/** The terminal's receipts stored with an attempt; a column the till cannot read prints no terminal text rather than failing the sale. */
function terminalReceipts(column: unknown) {
  if (typeof column !== 'string') return undefined;
  try {
    const parsed = TerminalReceiptsSchema.safeParse(JSON.parse(column));
    return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
