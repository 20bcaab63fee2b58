import type { StatementSync } from 'node:sqlite';
import { z } from 'zod';
import {
  PrintJobKindSchema,
  PrintJobStatusSchema,
  type PrintJobKind,
  type PrintJobView,
} from '../../shared/printing/print-job.ts';
import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * The print queue, a table in the till's database. A job is written before the
 * printer is tried and only leaves `queued` once the printer has taken it, so
 * an offline printer, a crash or a restart loses no receipt. The queue is
 * built on the sale book's connection: the receipt of a sale is queued in
 * the same transaction that records the sale.
 */

export interface PrintJob {
  readonly id: number;
  readonly kind: PrintJobKind;
  readonly receiptNumber: string | undefined;
  /** What the job is, for logs: "receipt TILL-1-000042". */
  readonly title: string;
  /** The receiptline document of a `document` job; sale receipts are rebuilt from the sale. */
  readonly document: string | undefined;
  readonly status: z.infer<typeof PrintJobStatusSchema>;
  readonly tries: number;
  readonly nextTryAt: string;
  readonly problem: string | undefined;
  readonly createdAt: string;
  readonly printedAt: string | undefined;
}

export interface PrintQueue {
  /** Queues a sale's receipt, a copy of it or its merchant copy. */
  enqueueReceipt(receiptNumber: string, kind: Exclude<PrintJobKind, 'document'>, at: string): PrintJob;
  enqueueDocument(title: string, document: string, at: string): PrintJob;
  job(id: number): PrintJob | undefined;
  /** The oldest job still queued. */
  next(): PrintJob | undefined;
  /** Jobs not printed yet, oldest first. */
  waiting(): PrintJob[];
  jobsForReceipt(receiptNumber: string): PrintJob[];
  markPrinting(id: number): PrintJob;
  markPrinted(id: number, at: string): PrintJob;
  /** The printer did not take it: back in the queue, saying why and when the till tries again. */
  retryLater(id: number, problem: string, nextTryAt: string): PrintJob;
  /** Jobs left `printing` by a stop mid-job go back in the queue: a receipt printed twice beats one never printed. */
  requeueInterrupted(): number;
}

const JobRowSchema = z.object({
  id: z.number().int(),
  kind: PrintJobKindSchema,
  receipt_number: z.string().nullable(),
  title: z.string(),
  document: z.string().nullable(),
  status: PrintJobStatusSchema,
  tries: z.number().int(),
  next_try_at: z.string(),
  problem: z.string().nullable(),
  created_at: z.string(),
  printed_at: z.string().nullable(),
});

function toJob(row: unknown): PrintJob {
  const r = JobRowSchema.parse(row);
  return {
    id: r.id,
    kind: r.kind,
    receiptNumber: r.receipt_number ?? undefined,
    title: r.title,
    document: r.document ?? undefined,
    status: r.status,
    tries: r.tries,
    nextTryAt: r.next_try_at,
    problem: r.problem ?? undefined,
    createdAt: r.created_at,
    printedAt: r.printed_at ?? undefined,
  };
}

/** Exported so a test can check each statement reaches its rows through an index. */
export const PRINT_QUEUE_SQL = {
  insert: `INSERT INTO print_jobs (kind, receipt_number, title, document, status, next_try_at, created_at)
     VALUES (?, ?, ?, ?, 'queued', ?, ?) RETURNING *`,
  job: 'SELECT * FROM print_jobs WHERE id = ?',
  // Oldest first, whatever its next try: receipts come out in the order the sales were made.
  nextDue: "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY id LIMIT 1",
  waiting: "SELECT * FROM print_jobs WHERE status IN ('queued', 'printing') ORDER BY id",
  forReceipt: 'SELECT * FROM print_jobs WHERE receipt_number = ? ORDER BY id',
  printing: "UPDATE print_jobs SET status = 'printing', tries = tries + 1 WHERE id = ? RETURNING *",
  printed: "UPDATE print_jobs SET status = 'printed', printed_at = ?, problem = NULL WHERE id = ? RETURNING *",
  retry: "UPDATE print_jobs SET status = 'queued', problem = ?, next_try_at = ? WHERE id = ? RETURNING *",
  requeue: "UPDATE print_jobs SET status = 'queued' WHERE status = 'printing'",
} as const;

const TITLES: Readonly<Record<Exclude<PrintJobKind, 'document'>, string>> = {
  receipt: 'receipt',
  copy: 'copy of receipt',
  merchant_copy: 'merchant copy of receipt',
};

export function createPrintQueue(database: TillDatabase): PrintQueue {
  const statements = Object.fromEntries(
    Object.entries(PRINT_QUEUE_SQL).map(([name, sql]) => [name, database.connection.prepare(sql)]),
  ) as Record<keyof typeof PRINT_QUEUE_SQL, StatementSync>;

  const changed = (row: unknown, id: number): PrintJob => {
    if (row === undefined) throw new Error(`No print job ${String(id)} in the journal.`);
    return toJob(row);
  };

  return {
    enqueueReceipt(receiptNumber, kind, at) {
      const title = `${TITLES[kind]} ${receiptNumber}`;
      return toJob(statements.insert.get(kind, receiptNumber, title, null, at, at));
    },
    enqueueDocument(title, document, at) {
      return toJob(statements.insert.get('document', null, title, document, at, at));
    },
    job(id) {
      const row = statements.job.get(id);
      return row === undefined ? undefined : toJob(row);
    },
    next() {
      const row = statements.nextDue.get();
      return row === undefined ? undefined : toJob(row);
    },
    waiting: () => statements.waiting.all().map(toJob),
    jobsForReceipt: (receiptNumber) => statements.forReceipt.all(receiptNumber).map(toJob),
    markPrinting: (id) => changed(statements.printing.get(id), id),
    markPrinted: (id, at) => changed(statements.printed.get(at, id), id),
    retryLater: (id, problem, nextTryAt) => changed(statements.retry.get(problem, nextTryAt, id), id),
    requeueInterrupted: () => Number(statements.requeue.run().changes),
  };
}

/** A job as the renderer sees it. */
export function printJobView(job: PrintJob): PrintJobView {
  return {
    jobId: job.id,
    kind: job.kind,
    ...(job.receiptNumber === undefined ? {} : { receiptNumber: job.receiptNumber }),
    status: job.status,
    tries: job.tries,
    ...(job.problem === undefined ? {} : { problem: job.problem }),
    createdAt: job.createdAt,
    ...(job.printedAt === undefined ? {} : { printedAt: job.printedAt }),
  };
}
