import type { Language } from '../shared/config/schema.ts';
import { saleWordsFor } from './sales/sale-words.ts';
import type { CurrencyCode } from '../shared/money.ts';
import type { TillMode } from '../shared/config/schema.ts';
import { createAuditLog, type AuditLog } from './audit/audit-log.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDepositBook, type DepositBook } from './deposits/deposit-book.ts';
import { createPaymentBook, type PaymentBook } from './payments/payment-book.ts';
import { createPrintQueue, type PrintQueue } from './printing/print-queue.ts';
import { createMailOutbox, type MailOutbox } from './receipt-mail/mail-outbox.ts';
import { createRefundBook, type RefundBook } from './refunds/refund-book.ts';
import { createOpenSaleBook, type OpenSaleBook } from './sales/open-sale-book.ts';
import { createSaleBook, type SaleBook } from './sales/sale-book.ts';
import { createPinFailureBook, type PinFailureBook } from './staff/pin-failure-book.ts';
import { openTillDatabase, type OpenTillDatabaseOptions, type TillDatabase } from './till-database/till-database.ts';
import { createTillDayBook, type TillDayBook } from './till-day/till-day-book.ts';

/**
 * Every capability's book on the till's one database connection, built in
 * one place: the composition root hands each service the books it needs. A
 * service that writes to two books in one step (a sale and its receipt, a
 * manager's resolution and its audit row) wraps them in `transaction`, and
 * they commit or roll back together.
 */

export interface TillBooks {
  readonly database: TillDatabase;
  readonly payments: PaymentBook;
  readonly sales: SaleBook;
  /** The open and parked sales, change by change. */
  readonly openSales: OpenSaleBook;
  readonly refunds: RefundBook;
  /** The till day each sale is counted in, cash moves and Z reports. */
  readonly days: TillDayBook;
  readonly audit: AuditLog;
  readonly printQueue: PrintQueue;
  /** Wrong PINs and lockouts, so a restart does not forgive them. */
  readonly pinFailures: PinFailureBook;
  /** Receipts asked for by e-mail, sent or waiting. */
  readonly mail: MailOutbox;
  /** Deposits taken by link; where each stands is read from its attempts in `payments`. */
  readonly deposits: DepositBook;
  /** The mode this till records in; its days and reports are kept apart from other modes'. */
  readonly mode: TillMode;
  /** One write transaction across any of the books. */
  transaction<T>(work: () => T): T;
  close(): void;
}

export interface TillBooksOptions extends OpenTillDatabaseOptions {
  tillId: string;
  currency: CurrencyCode;
  clock?: Clock;
  /** Live when absent. */
  mode?: TillMode;
  /** Queue each sale's receipt as it is recorded: the till has a printer. */
  printReceipts?: boolean;
  /** The language the books refuse in; English when absent. */
  language?: Language;
}

export function openTillBooks(file: string, options: TillBooksOptions): TillBooks {
  const database = openTillDatabase(file, options.check === undefined ? {} : { check: options.check });
  try {
    return createTillBooks(database, options);
  } catch (error) {
    database.close();
    throw error;
  }
}

export function createTillBooks(database: TillDatabase, options: Omit<TillBooksOptions, 'check'>): TillBooks {
  const clock = options.clock ?? systemClock;
  const mode = options.mode ?? 'live';
  const audit = createAuditLog(database);
  const printQueue = createPrintQueue(database);
  const days = createTillDayBook(database);
  return {
    database,
    payments: createPaymentBook(database, clock),
    sales: createSaleBook(database, {
      tillId: options.tillId,
      currency: options.currency,
      clock,
      mode,
      printReceipts: options.printReceipts ?? false,
      printQueue,
      audit,
      days,
      words: saleWordsFor(options.language ?? 'en'),
    }),
    openSales: createOpenSaleBook(database, options.currency),
    refunds: createRefundBook(database),
    days,
    audit,
    printQueue,
    pinFailures: createPinFailureBook(database),
    mail: createMailOutbox(database),
    deposits: createDepositBook(database),
    mode,
    transaction: (work) => database.transaction(work),
    close: () => database.close(),
  };
}
