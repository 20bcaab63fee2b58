import type { StatementSync } from 'node:sqlite';
import {
  JournalSearchSchema,
  SaleAttemptKindSchema,
  type AttemptHistory,
  type JournalSearch,
  type SaleDetail,
  type SaleSummary,
} from '../../shared/journal/journal-search.ts';
import { CompletedSaleSchema, type CompletedSale } from '../../shared/sale/completed-sale.ts';
import { attemptView } from '../payments/attempt-view.ts';
import type { AttemptEvent } from '../payments/payment-book.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import { printJobView } from '../printing/print-queue.ts';
import type { ReceiptLookupWords } from '../printing/receipt-words.ts';
import type { HistoryWords } from './history-words.ts';
import type { RefundService } from '../refunds/refund-service.ts';
import type { TillBooks } from '../till-books.ts';
import { TillError } from '../till-error.ts';

/**
 * Looking back through the journal. Every criterion is answered by an index
 * (receipt number, completion time, total, the card's last four digits), so
 * a search costs the same on the first day and after a million sales; only
 * the rows found are read in full.
 */

export interface JournalLookup {
  search(criteria: JournalSearch): SaleSummary[];
  sale(receiptNumber: string): SaleDetail;
}

export function createJournalLookup(options: {
  /** Searched with SQL of its own across the sales, read through the books for the rest. */
  books: Pick<TillBooks, 'database' | 'sales' | 'printQueue'>;
  payments: PaymentService | undefined;
  refunds: RefundService;
  /** What the manager reads when a receipt is not in the journal, in the till's language. */
  words: ReceiptLookupWords;
  /** How a card payment's history is told, in the till's language. */
  history: HistoryWords;
}): JournalLookup {
  const { books, payments, refunds, words, history } = options;
  const prepared = new Map<string, StatementSync>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (found === undefined) {
      found = books.database.connection.prepare(sql);
      prepared.set(sql, found);
    }
    return found;
  };

  return {
    search(input) {
      const criteria = JournalSearchSchema.parse(input);
      const { sql, values } = searchSql(criteria);
      return statement(sql)
        .all(...values, criteria.limit)
        .map((row) => summary(CompletedSaleSchema.parse(JSON.parse(String(row.record)))));
    },

    sale(receiptNumber) {
      const sale = books.sales.completedByReceipt(receiptNumber.toUpperCase());
      if (sale === undefined) throw new TillError('NOT_FOUND', words.notInJournal(receiptNumber));
      // A sale's attempts are payments and refunds: a deposit's hold, capture and release stand on a deposit.
      const attempts: AttemptHistory[] = (payments?.attemptsOf(sale.saleId) ?? []).flatMap((attempt) => {
        const kind = SaleAttemptKindSchema.safeParse(attempt.kind);
        if (!kind.success) return [];
        return [
          {
            ...attemptView(attempt, undefined, history.retell),
            kind: kind.data,
            events: payments?.history(attempt.id).map((event) => eventView(event, history)) ?? [],
          },
        ];
      });
      return {
        sale,
        attempts,
        printJobs: books.printQueue.jobsForReceipt(sale.receiptNumber).map(printJobView),
        refunds: refunds.refundsOf(sale.saleId),
        refundable: refunds.refundable(sale),
      };
    },
  };
}

/** The query for a search, newest first; exported so a test can check that each criterion uses an index. */
export function searchSql(criteria: ReturnType<typeof JournalSearchSchema.parse>): {
  sql: string;
  values: (string | number)[];
} {
  const where: string[] = [];
  const values: (string | number)[] = [];
  if (criteria.receiptNumber !== undefined) {
    where.push('receipt_number = ?');
    values.push(criteria.receiptNumber.toUpperCase());
  }
  if (criteria.from !== undefined) {
    where.push('completed_at >= ?');
    values.push(new Date(criteria.from).toISOString());
  }
  if (criteria.to !== undefined) {
    where.push('completed_at < ?');
    values.push(new Date(criteria.to).toISOString());
  }
  if (criteria.amountMinor !== undefined) {
    where.push('total_minor = ?');
    values.push(criteria.amountMinor);
  }
  if (criteria.cardLast4 !== undefined) {
    where.push(
      `sale_id IN (SELECT sale_id FROM payment_attempts
         WHERE card_last4 = ? AND kind = 'payment' AND state = 'approved')`,
    );
    values.push(criteria.cardLast4);
  }
  // A time range walks the time index backwards: ordered by seq, SQLite would read every sale to find
  // the newest few in range (the bench found 400 ms on a million sales). Times rise with seq anyway.
  const byTime = criteria.receiptNumber === undefined && (criteria.from !== undefined || criteria.to !== undefined);
  const sql =
    'SELECT record FROM completed_sales' +
    (where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`) +
    (byTime ? ' ORDER BY completed_at DESC, seq DESC' : ' ORDER BY seq DESC') +
    ' LIMIT ?';
  return { sql, values };
}

function summary(sale: CompletedSale): SaleSummary {
  return {
    receiptNumber: sale.receiptNumber,
    saleId: sale.saleId,
    completedAt: sale.completedAt,
    currency: sale.currency,
    totalMinor: sale.totalMinor,
    itemCount: sale.itemCount,
    cards: sale.tenders.flatMap((tender) => (tender.kind === 'card' && tender.card !== undefined ? [tender.card] : [])),
    paidInCash: sale.tenders.some((tender) => tender.kind === 'cash'),
  };
}

/** An event in words, for a person reading the history: why, what the terminal said, who. */
function eventView(event: AttemptEvent, words: HistoryWords): AttemptHistory['events'][number] {
  const detail = event.detail;
  const said = (key: string): string | undefined => {
    const value = detail[key];
    return typeof value === 'string' ? value : undefined;
  };
  const source = said('source');
  const reference = said('terminalReference');
  const resolvedBy = said('resolvedBy');
  const action = said('action');
  const status = said('status');
  const reason = said('reason');
  const parts = [
    reason === undefined ? undefined : words.retell(reason),
    source === undefined ? undefined : words.from(source),
    reference === undefined ? undefined : words.reference(reference),
    resolvedBy === undefined ? undefined : words.settledBy(resolvedBy),
    action === undefined ? undefined : words.askedTo(action),
    status === undefined ? undefined : words.terminalSaid(status),
  ].filter((part): part is string => part !== undefined);
  return {
    at: event.at,
    ...(event.from === undefined ? {} : { from: event.from }),
    to: event.to,
    note: parts.join('; '),
  };
}
