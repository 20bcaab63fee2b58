import type { TillDatabase } from '../till-database/till-database.ts';

/**
 * The append-only record of what was done to the money outside a sale: who,
 * when, what and why. Triggers in the till's database refuse any change or deletion.
 * `actor` is the staff id of whoever was logged in, absent on a till without
 * staff set up.
 */

export type AuditAction =
  | 'drawer.opened_without_sale'
  /** Too many wrong PINs: the person is locked out for a while. */
  | 'staff.locked_out'
  | 'refund.started'
  | 'refund.completed'
  | 'refund.cancelled'
  /** A manager settled a card payment the terminal could not confirm. */
  | 'payment.resolved'
  | 'price.overridden'
  | 'discount.given'
  /** A line sold on an open item key, at a price typed at the till. */
  | 'open_item.sold'
  /** A manager allowed a change above the cashier's limits, with their PIN, at the till. */
  | 'approval.given'
  /** A sale given up with goods on it (and any cash taken for it handed back). */
  | 'sale.voided'
  /** A payment approved for a sale that had already ended: a manager decides (refund or keep). */
  | 'payment.late_approval'
  /** The app was closed while a card payment was still out at the terminal. */
  | 'quit.overridden'
  | 'day.opened'
  /** Closing the day, a manager cancelled the payment links still live. */
  | 'day.links_cancelled'
  | 'day.closed'
  | 'cash.moved'
  /** A deposit taken by link: its hold (a pre-authorisation) sent to the customer. */
  | 'deposit.taken'
  /** A manager asked the gateway to take all or part of a deposit's hold. */
  | 'deposit.capture_started'
  /** A manager asked the gateway to give a deposit's hold back to the customer's card. */
  | 'deposit.release_started';

export interface AuditEntry {
  readonly action: AuditAction;
  readonly actor?: string;
  readonly reason?: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditLog {
  record(entry: AuditEntry, at: string): number;
  /** The last `limit` entries, newest first. */
  recent(limit: number): (AuditEntry & { seq: number; at: string })[];
}

export function createAuditLog(database: TillDatabase): AuditLog {
  const insert = database.connection.prepare(
    'INSERT INTO audit_log (at, action, actor, reason, detail) VALUES (?, ?, ?, ?, ?) RETURNING seq',
  );
  const recent = database.connection.prepare(
    'SELECT seq, at, action, actor, reason, detail FROM audit_log ORDER BY seq DESC LIMIT ?',
  );
  return {
    record(entry, at) {
      const row = insert.get(at, entry.action, entry.actor ?? null, entry.reason ?? null, JSON.stringify(entry.detail));
      return Number(row?.seq);
    },
    recent(limit) {
      return recent.all(limit).map((row) => ({
        seq: Number(row.seq),
        at: String(row.at),
        action: String(row.action) as AuditAction,
        ...(row.actor === null ? {} : { actor: String(row.actor) }),
        ...(row.reason === null ? {} : { reason: String(row.reason) }),
        detail: JSON.parse(String(row.detail)) as Record<string, unknown>,
      }));
    },
  };
}
