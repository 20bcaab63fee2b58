import type { StatementSync } from 'node:sqlite';
import { z } from 'zod';
import { ReceiptMailStatusSchema, type ReceiptMailStatus } from '../../shared/receipt-mail/receipt-mail.ts';
import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * Receipts asked for by e-mail, a table in the till's database (`receipt_mail`).
 * A request is written before the mail server is tried, so a server that is
 * down, a crash or a restart loses none: it stays `failed` (or `queued`) with
 * the server's reason until a later try sends it. The customer's address is
 * erased from the row once the receipt has gone, unless the store keeps it.
 */

export interface ReceiptMail {
  readonly id: number;
  readonly receiptNumber: string;
  /** Undefined once erased. */
  readonly address: string | undefined;
  readonly status: ReceiptMailStatus;
  readonly tries: number;
  readonly problem: string | undefined;
  readonly createdAt: string;
  readonly sentAt: string | undefined;
}

export interface MailOutbox {
  enqueue(receiptNumber: string, address: string, at: string): ReceiptMail;
  mail(id: number): ReceiptMail | undefined;
  /** The newest request for this receipt to this address that has not gone yet, to try again instead of adding one. */
  unsentTo(receiptNumber: string, address: string): ReceiptMail | undefined;
  /** Requests not sent that still have an address to send to, oldest first. */
  unsent(): ReceiptMail[];
  forReceipt(receiptNumber: string): ReceiptMail[];
  /** One more try begins. */
  markTrying(id: number): ReceiptMail;
  /** Sent: the address goes unless `keepAddress`. */
  markSent(id: number, at: string, keepAddress: boolean): ReceiptMail;
  markFailed(id: number, problem: string): ReceiptMail;
  /** The till gives up on it: still failed, and the address is erased unless kept. */
  giveUp(id: number, problem: string, keepAddress: boolean): ReceiptMail;
}

const MailRowSchema = z.object({
  id: z.number().int(),
  receipt_number: z.string(),
  address: z.string().nullable(),
  status: ReceiptMailStatusSchema,
  tries: z.number().int(),
  problem: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});

function toMail(row: unknown): ReceiptMail {
  const r = MailRowSchema.parse(row);
  return {
    id: r.id,
    receiptNumber: r.receipt_number,
    address: r.address ?? undefined,
    status: r.status,
    tries: r.tries,
    problem: r.problem ?? undefined,
    createdAt: r.created_at,
    sentAt: r.sent_at ?? undefined,
  };
}

/** Exported so a test can read the table the way the till does. */
export const MAIL_OUTBOX_SQL = {
  insert: `INSERT INTO receipt_mail (receipt_number, address, status, created_at)
     VALUES (?, ?, 'queued', ?) RETURNING *`,
  mail: 'SELECT * FROM receipt_mail WHERE id = ?',
  unsentTo: `SELECT * FROM receipt_mail WHERE receipt_number = ? AND address = ? AND status <> 'sent'
     ORDER BY id DESC LIMIT 1`,
  unsent: "SELECT * FROM receipt_mail WHERE status <> 'sent' AND address IS NOT NULL ORDER BY id",
  forReceipt: 'SELECT * FROM receipt_mail WHERE receipt_number = ? ORDER BY id',
  trying: 'UPDATE receipt_mail SET tries = tries + 1 WHERE id = ? RETURNING *',
  sent: `UPDATE receipt_mail SET status = 'sent', sent_at = ?, problem = NULL,
     address = CASE WHEN ? THEN address ELSE NULL END WHERE id = ? RETURNING *`,
  failed: "UPDATE receipt_mail SET status = 'failed', problem = ? WHERE id = ? RETURNING *",
  givenUp: `UPDATE receipt_mail SET status = 'failed', problem = ?,
     address = CASE WHEN ? THEN address ELSE NULL END WHERE id = ? RETURNING *`,
} as const;

export function createMailOutbox(database: TillDatabase): MailOutbox {
  const statements = Object.fromEntries(
    Object.entries(MAIL_OUTBOX_SQL).map(([name, sql]) => [name, database.connection.prepare(sql)]),
  ) as Record<keyof typeof MAIL_OUTBOX_SQL, StatementSync>;

  const changed = (row: unknown, id: number): ReceiptMail => {
    if (row === undefined) throw new Error(`No receipt mail ${String(id)} in the journal.`);
    return toMail(row);
  };

  return {
    enqueue: (receiptNumber, address, at) => toMail(statements.insert.get(receiptNumber, address, at)),
    mail(id) {
      const row = statements.mail.get(id);
      return row === undefined ? undefined : toMail(row);
    },
    unsentTo(receiptNumber, address) {
      const row = statements.unsentTo.get(receiptNumber, address);
      return row === undefined ? undefined : toMail(row);
    },
    unsent: () => statements.unsent.all().map(toMail),
    forReceipt: (receiptNumber) => statements.forReceipt.all(receiptNumber).map(toMail),
    markTrying: (id) => changed(statements.trying.get(id), id),
    markSent: (id, at, keepAddress) => changed(statements.sent.get(at, keepAddress ? 1 : 0, id), id),
    markFailed: (id, problem) => changed(statements.failed.get(problem, id), id),
    giveUp: (id, problem, keepAddress) => changed(statements.givenUp.get(problem, keepAddress ? 1 : 0, id), id),
  };
}
