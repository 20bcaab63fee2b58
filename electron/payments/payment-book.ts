import { createHash, randomBytes } from 'node:crypto';
import type { StatementSync } from 'node:sqlite';
import { z } from 'zod';
import {
  AttemptKindSchema,
  AttentionReasonSchema,
  canTransition,
  PaymentLinkSchema,
  PaymentStateSchema,
  UNSETTLED_PAYMENT_STATES,
  type AttemptKind,
  type AttentionReason,
  type CardDetails,
  type PaymentState,
} from '../../shared/payments/payment-state.ts';
import type { TerminalReceipt } from '../../shared/payments/terminal-receipt.ts';
import type { PoiTransaction, ProviderLink } from './terminal-provider.ts';
import { systemClock, type Clock } from '../clock.ts';
import { TillError } from '../till-error.ts';
import { paymentWords, type PaymentWords } from './payment-words.ts';
import { TillDatabaseError, type TillDatabase } from '../till-database/till-database.ts';

/**
 * The payment book: the one place the truth about card payments is kept.
 * Every write is one SQLite transaction, so a sale, its tender and the attempt
 * appear together or not at all, and an attempt's state never changes without
 * its event. The payment service talks only to this interface; tests open a
 * real file in a temp dir.
 */

export interface AttemptRecord {
  readonly id: string;
  readonly tenderId: string;
  readonly saleId: string;
  readonly provider: string;
  readonly terminalId: string;
  /** Terminal API SaleID, ServiceID and SaleTransactionID of the payment request. */
  readonly saleSystemId: string;
  readonly serviceId: string;
  readonly saleTransactionId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly delivery: 'sync' | 'async';
  /** A payment, a referenced refund of `originalAttemptId`, or an unreferenced refund. */
  readonly kind: AttemptKind;
  readonly originalAttemptId: string | undefined;
  /** What a reversal quotes: the terminal's identifier of the payment it gives money back on. */
  readonly original: PoiTransaction | undefined;
  /** The terminal's identifier of this attempt's transaction, once it gave one. */
  readonly poiTransaction: PoiTransaction | undefined;
  readonly state: PaymentState;
  readonly authorisedMinor: number | undefined;
  readonly terminalReference: string | undefined;
  readonly reason: string | undefined;
  readonly attention: AttentionReason | undefined;
  /** The card an approval was made with, as far as the terminal said. */
  readonly card: CardDetails | undefined;
  /** A pay-by-link attempt's link, once the gateway made it. */
  readonly link: ProviderLink | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AttemptEvent {
  readonly seq: number;
  readonly attemptId: string;
  readonly at: string;
  readonly from: PaymentState | undefined;
  readonly to: PaymentState;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** An attempt as `createAttempt` writes it: the request, frozen from then on, and the sale's total. */
export type NewAttempt = Pick<
  AttemptRecord,
  | 'id'
  | 'saleId'
  | 'tenderId'
  | 'provider'
  | 'terminalId'
  | 'saleSystemId'
  | 'serviceId'
  | 'saleTransactionId'
  | 'amountMinor'
  | 'currency'
  | 'delivery'
> & {
  /** A payment when absent. */
  readonly kind?: AttemptKind;
  readonly originalAttemptId?: string;
  readonly original?: PoiTransaction;
  /**
   * What it must not run beside: an unsettled attempt in the same lane makes it wait. The terminal when
   * absent; a gateway's refund names the payment it refunds, so it runs beside the shop's links.
   */
  readonly lane?: string;
  /** The sale's total and currency, recorded with the sale the first time it is seen. */
  readonly saleTotalMinor: number;
};

export interface TransitionChange {
  readonly authorisedMinor?: number;
  readonly terminalReference?: string;
  readonly reason?: string;
  readonly attention?: AttentionReason;
  readonly card?: CardDetails;
  readonly poiTransaction?: PoiTransaction;
  /** The terminal's receipt text; kept beside the attempt, read only when a receipt is printed. */
  readonly receipts?: readonly TerminalReceipt[];
  /** Kept in the event only: what was said, by whom, why. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface InboxEntry {
  readonly receivedAt: string;
  readonly kind: string;
  readonly terminalId: string | undefined;
  readonly saleSystemId: string | undefined;
  readonly serviceId: string | undefined;
  readonly attemptId: string | undefined;
  readonly body: string;
  /**
   * What makes two deliveries the same notification, when not their bytes: an OPP payment's id and result
   * code (each delivery is encrypted afresh, and Peach says the same status may come more than once).
   */
  readonly sameAs?: string | undefined;
}

export interface SaleBalance {
  readonly saleId: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly paidMinor: number;
  readonly dueMinor: number;
}

export interface PaymentBook {
  readonly file: string;
  /** A secret for signing what goes out to the terminal; made once per book, never leaves main. */
  readonly signingKey: Buffer;
  /**
   * Writes the sale (first time), the tender and the attempt in state
   * `created` with its first event, and reserves its ServiceID, all before
   * any request is sent. Throws `TerminalBusyError` if the terminal has an
   * attempt that is not settled, `ServiceIdInUseError` if the ServiceID is taken.
   */
  createAttempt(attempt: NewAttempt, at: string): AttemptRecord;
  /** Moves an attempt on and appends the event; refuses a step the state machine does not allow. */
  transition(attemptId: string, to: PaymentState, change: TransitionChange, at: string): AttemptRecord;
  attempt(id: string): AttemptRecord | undefined;
  /** The attempt a Terminal API message belongs to, by the identifiers it echoes. */
  attemptByRequest(terminalId: string, saleSystemId: string, serviceId: string): AttemptRecord | undefined;
  lastAttempt(): AttemptRecord | undefined;
  /** The refunds made against a payment, oldest first. */
  attemptsReversing(attemptId: string): AttemptRecord[];
  /** Every attempt of a sale (or of a refund), oldest first. */
  attemptsOf(saleId: string): AttemptRecord[];
  /** Attempts that are not final, oldest first: in flight, or waiting for a manager. */
  unsettledAttempts(): AttemptRecord[];
  /**
   * Payments on `terminalId` that ended without money (cancelled or declined) at or after `since`,
   * oldest first: a restarted till gives each its last look (a link the customer paid as it ended).
   */
  endedWithoutMoney(terminalId: string, since: string): AttemptRecord[];
  /** The attempt blocking `lane` (a terminal, or a gateway refund's lane), if any. */
  blockingAttempt(lane: string): AttemptRecord | undefined;
  events(attemptId: string): AttemptEvent[];
  saleBalance(saleId: string): SaleBalance | undefined;
  /** Records a ServiceID as used with a terminal; false if it was used in the last 48 hours (or ever kept). */
  reserveServiceId(terminalId: string, serviceId: string, at: string): boolean;
  /** Stores a notification; false if the very same one was stored before (a duplicate delivery). */
  recordInbox(entry: InboxEntry): { stored: boolean; seq: number };
  markInbox(seq: number, outcome: string, attemptId?: string): void;
  /** Notifications stored but never handled: the process stopped in between. */
  unhandledInbox(): { seq: number; body: string; terminalId: string | undefined }[];
  /** Appends an event that is not a change of state (an abort asked for, a result kept aside). */
  note(attemptId: string, detail: Readonly<Record<string, unknown>>, at: string): void;
  /** Keeps the link a gateway made (or news of it: opened, paying) with the attempt, and an event saying so. */
  recordLink(attemptId: string, link: ProviderLink, at: string): AttemptRecord;
  inbox(): { seq: number; kind: string; outcome: string | undefined; attemptId: string | undefined }[];
}

export class TerminalBusyError extends TillError {
  readonly blocking: AttemptRecord;
  /** `words` in the till's language; the book itself knows none and says it in English. */
  constructor(
    blocking: AttemptRecord,
    words: Pick<PaymentWords, 'terminalNeedsManager' | 'terminalBusy'> = paymentWords,
  ) {
    super('CONFLICT', blocking.state === 'needs_attention' ? words.terminalNeedsManager : words.terminalBusy);
    this.name = 'TerminalBusyError';
    this.blocking = blocking;
  }
}

export class ServiceIdInUseError extends Error {
  override name = 'ServiceIdInUseError';
  constructor(serviceId: string) {
    super(`ServiceID ${serviceId} was already used with this terminal.`);
  }
}

export class IllegalTransitionError extends Error {
  override name = 'IllegalTransitionError';
}

const AttemptRowSchema = z.object({
  id: z.string(),
  tender_id: z.string(),
  sale_id: z.string(),
  provider: z.string(),
  terminal_id: z.string(),
  sale_system_id: z.string(),
  service_id: z.string(),
  sale_transaction_id: z.string(),
  amount_minor: z.number().int(),
  currency: z.string(),
  delivery: z.enum(['sync', 'async']),
  kind: AttemptKindSchema,
  original_attempt_id: z.string().nullable(),
  original_poi_transaction: z.string().nullable(),
  poi_transaction: z.string().nullable(),
  state: PaymentStateSchema,
  authorised_minor: z.number().int().nullable(),
  terminal_reference: z.string().nullable(),
  reason: z.string().nullable(),
  attention: AttentionReasonSchema.nullable(),
  card_brand: z.string().nullable(),
  card_last4: z.string().nullable(),
  card_auth_code: z.string().nullable(),
  link: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const EventRowSchema = z.object({
  seq: z.number().int(),
  attempt_id: z.string(),
  at: z.string(),
  from_state: PaymentStateSchema.nullable(),
  to_state: PaymentStateSchema,
  detail: z.string(),
});

/** The card columns of an attempt row as CardDetails; undefined when the terminal named no card. */
export function cardOf(brand: string | null, last4: string | null, authCode: string | null): CardDetails | undefined {
  if (brand === null && last4 === null && authCode === null) return undefined;
  return {
    ...(brand === null ? {} : { brand }),
    ...(last4 === null ? {} : { last4 }),
    ...(authCode === null ? {} : { authCode }),
  };
}

const ProviderLinkSchema = PaymentLinkSchema.extend({ reference: z.string().min(1) });

const PoiTransactionSchema = z.object({ transactionId: z.string().min(1), timeStamp: z.string().min(1) });

function poiTransactionOf(column: string | null): PoiTransaction | undefined {
  return column === null ? undefined : PoiTransactionSchema.parse(JSON.parse(column));
}

function toAttempt(row: unknown): AttemptRecord {
  const r = AttemptRowSchema.parse(row);
  return {
    id: r.id,
    tenderId: r.tender_id,
    saleId: r.sale_id,
    provider: r.provider,
    terminalId: r.terminal_id,
    saleSystemId: r.sale_system_id,
    serviceId: r.service_id,
    saleTransactionId: r.sale_transaction_id,
    amountMinor: r.amount_minor,
    currency: r.currency,
    delivery: r.delivery,
    kind: r.kind,
    originalAttemptId: r.original_attempt_id ?? undefined,
    original: poiTransactionOf(r.original_poi_transaction),
    poiTransaction: poiTransactionOf(r.poi_transaction),
    state: r.state,
    authorisedMinor: r.authorised_minor ?? undefined,
    terminalReference: r.terminal_reference ?? undefined,
    reason: r.reason ?? undefined,
    attention: r.attention ?? undefined,
    card: cardOf(r.card_brand, r.card_last4, r.card_auth_code),
    link: r.link === null ? undefined : ProviderLinkSchema.parse(JSON.parse(r.link)),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** How long a ServiceID stays reserved: Adyen asks for 48 hours; we keep a week. */
const SERVICE_ID_KEEP_MS = 7 * 24 * 3_600_000;

/** The states' own names written into the SQL: they come from the schema, never from input. */
const inList = (states: readonly string[]) => states.map((state) => `'${state}'`).join(', ');

/**
 * Every statement the book runs on its hot paths, by name. Exported so a test can
 * check each one reaches its rows through an index, not by reading the whole table.
 */
export const PAYMENT_BOOK_SQL = {
  attempt: 'SELECT * FROM payment_attempts WHERE id = ?',
  attemptByRequest: 'SELECT * FROM payment_attempts WHERE terminal_id = ? AND sale_system_id = ? AND service_id = ?',
  lastAttempt: 'SELECT * FROM payment_attempts ORDER BY created_at DESC, rowid DESC LIMIT 1',
  unsettled: `SELECT * FROM payment_attempts WHERE state IN (${inList(UNSETTLED_PAYMENT_STATES)}) ORDER BY created_at, rowid`,
  endedWithoutMoney: `SELECT * FROM payment_attempts WHERE terminal_id = ? AND state IN ('cancelled', 'declined')
       AND kind = 'payment' AND updated_at >= ? ORDER BY updated_at, rowid`,
  blocking: `SELECT * FROM payment_attempts WHERE coalesce(lane, terminal_id) = ? AND state IN (${inList(UNSETTLED_PAYMENT_STATES)})
       ORDER BY created_at, rowid LIMIT 1`,
  sale: 'SELECT id, currency, total_minor FROM sales WHERE id = ?',
  insertSale: 'INSERT INTO sales (id, currency, total_minor, created_at) VALUES (?, ?, ?, ?)',
  saleTotal: 'UPDATE sales SET total_minor = ? WHERE id = ?',
  insertTender: "INSERT INTO tenders (id, sale_id, method, requested_minor, created_at) VALUES (?, ?, 'card', ?, ?)",
  insertAttempt: `INSERT INTO payment_attempts (id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
         sale_transaction_id, amount_minor, currency, delivery, kind, original_attempt_id, original_poi_transaction,
         lane, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?)`,
  updateAttempt: `UPDATE payment_attempts SET state = ?, authorised_minor = ?, terminal_reference = ?, reason = ?,
         attention = ?, card_brand = ?, card_last4 = ?, card_auth_code = ?, poi_transaction = ?, updated_at = ?
       WHERE id = ?`,
  byOriginal: 'SELECT * FROM payment_attempts WHERE original_attempt_id = ? ORDER BY created_at, rowid',
  bySale: 'SELECT * FROM payment_attempts WHERE sale_id = ? ORDER BY created_at, rowid',
  tenderAmount: 'UPDATE tenders SET amount_minor = ? WHERE id = ?',
  setReceipts: 'UPDATE payment_attempts SET terminal_receipts = ? WHERE id = ?',
  setLink: 'UPDATE payment_attempts SET link = ? WHERE id = ?',
  insertEvent: 'INSERT INTO attempt_events (attempt_id, at, from_state, to_state, detail) VALUES (?, ?, ?, ?, ?)',
  events: 'SELECT * FROM attempt_events WHERE attempt_id = ? ORDER BY seq',
  paid: 'SELECT COALESCE(SUM(amount_minor), 0) AS paid FROM tenders WHERE sale_id = ?',
  reserveServiceId:
    'INSERT INTO service_ids (terminal_id, service_id, used_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  insertInbox: `INSERT INTO inbox (received_at, digest, kind, terminal_id, sale_system_id, service_id, attempt_id, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING`,
  inboxByDigest: 'SELECT seq FROM inbox WHERE digest = ?',
  markInbox: 'UPDATE inbox SET outcome = ?, attempt_id = COALESCE(?, attempt_id) WHERE seq = ?',
  inbox: 'SELECT seq, kind, outcome, attempt_id FROM inbox ORDER BY seq',
  unhandledInbox: 'SELECT seq, body, terminal_id FROM inbox WHERE outcome IS NULL ORDER BY seq',
} as const;

/**
 * The payment book on the till's database. Made once per start: it keeps the
 * signing key and forgets ServiceIDs older than the cloud could still echo.
 */
export function createPaymentBook(database: TillDatabase, clock: Clock = systemClock): PaymentBook {
  const now = () => clock.now();
  const signingKey = database.transaction(() => {
    const row = database.connection.prepare("SELECT value FROM meta WHERE key = 'signing_key'").get();
    if (row !== undefined) return Buffer.from(String(row.value), 'base64');
    const key = randomBytes(32);
    database.connection.prepare("INSERT INTO meta (key, value) VALUES ('signing_key', ?)").run(key.toString('base64'));
    return key;
  });
  database.connection
    .prepare('DELETE FROM service_ids WHERE used_at < ?')
    .run(new Date(now().getTime() - SERVICE_ID_KEEP_MS).toISOString());

  const statements = Object.fromEntries(
    Object.entries(PAYMENT_BOOK_SQL).map(([name, sql]) => [name, database.connection.prepare(sql)]),
  ) as Record<keyof typeof PAYMENT_BOOK_SQL, StatementSync>;

  function attempt(id: string): AttemptRecord | undefined {
    const row = statements.attempt.get(id);
    return row === undefined ? undefined : toAttempt(row);
  }

  function blockingAttempt(lane: string): AttemptRecord | undefined {
    const row = statements.blocking.get(lane);
    return row === undefined ? undefined : toAttempt(row);
  }

  return {
    file: database.file,
    signingKey,

    createAttempt(next, at) {
      // No disk sync of its own: the `sent` commit that must precede the request syncs the log
      // up to and including this one (WAL commits are ordered). If the power fails in between,
      // the attempt is gone, but so is any chance that its request left.
      return database.transaction({ synchronous: 'NORMAL' }, () => {
        const lane = next.lane ?? next.terminalId;
        const blocking = blockingAttempt(lane);
        if (blocking !== undefined) throw new TerminalBusyError(blocking);
        // Reserved in the same transaction: one disk sync fewer on the way to the terminal.
        if (statements.reserveServiceId.run(next.terminalId, next.serviceId, at).changes !== 1) {
          throw new ServiceIdInUseError(next.serviceId);
        }
        const sale = statements.sale.get(next.saleId);
        if (sale === undefined) {
          statements.insertSale.run(next.saleId, next.currency, next.saleTotalMinor, at);
        } else if (sale.currency !== next.currency) {
          throw new TillDatabaseError(`Sale ${next.saleId} is in ${String(sale.currency)}, not ${next.currency}.`);
        } else if (Number(sale.total_minor) !== next.saleTotalMinor) {
          // Lines may change while no card holds money (after a decline): the sale's total is what it is now.
          statements.saleTotal.run(next.saleTotalMinor, next.saleId);
        }
        statements.insertTender.run(next.tenderId, next.saleId, next.amountMinor, at);
        statements.insertAttempt.run(
          next.id,
          next.tenderId,
          next.saleId,
          next.provider,
          next.terminalId,
          next.saleSystemId,
          next.serviceId,
          next.saleTransactionId,
          next.amountMinor,
          next.currency,
          next.delivery,
          next.kind ?? 'payment',
          next.originalAttemptId ?? null,
          next.original === undefined ? null : JSON.stringify(next.original),
          lane,
          at,
          at,
        );
        statements.insertEvent.run(next.id, at, null, 'created', JSON.stringify({ serviceId: next.serviceId }));
        return {
          id: next.id,
          tenderId: next.tenderId,
          saleId: next.saleId,
          provider: next.provider,
          terminalId: next.terminalId,
          saleSystemId: next.saleSystemId,
          serviceId: next.serviceId,
          saleTransactionId: next.saleTransactionId,
          amountMinor: next.amountMinor,
          currency: next.currency,
          delivery: next.delivery,
          kind: next.kind ?? 'payment',
          originalAttemptId: next.originalAttemptId,
          original: next.original,
          poiTransaction: undefined,
          state: 'created',
          authorisedMinor: undefined,
          terminalReference: undefined,
          reason: undefined,
          attention: undefined,
          card: undefined,
          link: undefined,
          createdAt: at,
          updatedAt: at,
        };
      });
    },

    transition(attemptId, to, change, at) {
      return database.transaction(() => {
        const current = attempt(attemptId);
        if (current === undefined) throw new TillDatabaseError(`No payment attempt ${attemptId} in the book.`);
        if (!canTransition(current.state, to)) {
          throw new IllegalTransitionError(`A payment attempt cannot go from ${current.state} to ${to}.`);
        }
        const updated: AttemptRecord = {
          ...current,
          state: to,
          authorisedMinor: change.authorisedMinor ?? current.authorisedMinor,
          terminalReference: change.terminalReference ?? current.terminalReference,
          // The reason belongs to the step that gave it; only a manager's or the terminal's word is kept.
          reason: change.reason,
          attention: to === 'needs_attention' ? (change.attention ?? current.attention ?? 'unconfirmed') : undefined,
          card: change.card ?? current.card,
          poiTransaction: change.poiTransaction ?? current.poiTransaction,
          updatedAt: at,
        };
        statements.updateAttempt.run(
          updated.state,
          updated.authorisedMinor ?? null,
          updated.terminalReference ?? null,
          updated.reason ?? null,
          updated.attention ?? null,
          updated.card?.brand ?? null,
          updated.card?.last4 ?? null,
          updated.card?.authCode ?? null,
          updated.poiTransaction === undefined ? null : JSON.stringify(updated.poiTransaction),
          at,
          attemptId,
        );
        statements.tenderAmount.run(tenderAmount(current, to, change, updated.authorisedMinor), current.tenderId);
        if (change.receipts !== undefined) statements.setReceipts.run(JSON.stringify(change.receipts), attemptId);
        statements.insertEvent.run(attemptId, at, current.state, to, JSON.stringify(eventDetail(change)));
        // What was just written, without reading it back: this sits on every payment's path.
        return updated;
      });
    },

    attempt,

    attemptByRequest(terminalId, saleSystemId, serviceId) {
      const row = statements.attemptByRequest.get(terminalId, saleSystemId, serviceId);
      return row === undefined ? undefined : toAttempt(row);
    },

    lastAttempt() {
      const row = statements.lastAttempt.get();
      return row === undefined ? undefined : toAttempt(row);
    },

    attemptsReversing: (attemptId) => statements.byOriginal.all(attemptId).map(toAttempt),

    attemptsOf: (saleId) => statements.bySale.all(saleId).map(toAttempt),

    unsettledAttempts: () => statements.unsettled.all().map(toAttempt),

    endedWithoutMoney: (terminalId, since) => statements.endedWithoutMoney.all(terminalId, since).map(toAttempt),

    blockingAttempt,

    events(attemptId) {
      return statements.events.all(attemptId).map((row) => {
        const r = EventRowSchema.parse(row);
        return {
          seq: r.seq,
          attemptId: r.attempt_id,
          at: r.at,
          from: r.from_state ?? undefined,
          to: r.to_state,
          detail: z.record(z.string(), z.unknown()).parse(JSON.parse(r.detail)),
        };
      });
    },

    saleBalance(saleId) {
      const sale = statements.sale.get(saleId);
      if (sale === undefined) return undefined;
      const totalMinor = Number(sale.total_minor);
      const paidMinor = Number(statements.paid.get(saleId)?.paid ?? 0);
      return { saleId, currency: String(sale.currency), totalMinor, paidMinor, dueMinor: totalMinor - paidMinor };
    },

    reserveServiceId(terminalId, serviceId, at) {
      return statements.reserveServiceId.run(terminalId, serviceId, at).changes === 1;
    },

    recordInbox(entry) {
      const digest = createHash('sha256')
        .update(entry.sameAs === undefined ? entry.body : `same-as:${entry.sameAs}`)
        .digest('hex');
      const inserted = statements.insertInbox.run(
        entry.receivedAt,
        digest,
        entry.kind,
        entry.terminalId ?? null,
        entry.saleSystemId ?? null,
        entry.serviceId ?? null,
        entry.attemptId ?? null,
        entry.body,
      );
      if (inserted.changes === 1) return { stored: true, seq: Number(inserted.lastInsertRowid) };
      return { stored: false, seq: Number(statements.inboxByDigest.get(digest)?.seq ?? 0) };
    },

    markInbox(seq, outcome, attemptId) {
      statements.markInbox.run(outcome, attemptId ?? null, seq);
    },

    unhandledInbox() {
      return statements.unhandledInbox.all().map((row) => ({
        seq: Number(row.seq),
        body: String(row.body),
        terminalId: row.terminal_id === null ? undefined : String(row.terminal_id),
      }));
    },

    note(attemptId, detail, at) {
      database.transaction(() => {
        const current = attempt(attemptId);
        if (current === undefined) throw new TillDatabaseError(`No payment attempt ${attemptId} in the book.`);
        statements.insertEvent.run(attemptId, at, current.state, current.state, JSON.stringify(detail));
      });
    },

    recordLink(attemptId, link, at) {
      return database.transaction(() => {
        const current = attempt(attemptId);
        if (current === undefined) throw new TillDatabaseError(`No payment attempt ${attemptId} in the book.`);
        statements.setLink.run(JSON.stringify(link), attemptId);
        statements.insertEvent.run(attemptId, at, current.state, current.state, JSON.stringify({ link }));
        return { ...current, link };
      });
    },

    inbox() {
      return statements.inbox.all().map((row) => ({
        seq: Number(row.seq),
        kind: String(row.kind),
        outcome: row.outcome === null ? undefined : String(row.outcome),
        attemptId: row.attempt_id === null ? undefined : String(row.attempt_id),
      }));
    },
  };
}

/**
 * What the tender counts as taken: the authorised amount once approved,
 * nothing when it ends otherwise. While a manager looks at a contradiction it
 * counts as taken if either side says approved, so the sale never asks the
 * customer to pay a second time for money the card may already have given.
 */
function tenderAmount(
  current: AttemptRecord,
  to: PaymentState,
  change: TransitionChange,
  authorisedMinor: number | undefined,
): number | null {
  if (to === 'approved') return authorisedMinor ?? current.amountMinor;
  if (to !== 'needs_attention') return null;
  if (change.authorisedMinor !== undefined) return change.authorisedMinor;
  return current.state === 'approved' ? (current.authorisedMinor ?? current.amountMinor) : null;
}

function eventDetail(change: TransitionChange): Record<string, unknown> {
  const detail: Record<string, unknown> = { ...change.detail };
  if (change.reason !== undefined) detail.reason = change.reason;
  if (change.authorisedMinor !== undefined) detail.authorisedMinor = change.authorisedMinor;
  if (change.terminalReference !== undefined) detail.terminalReference = change.terminalReference;
  if (change.attention !== undefined) detail.attention = change.attention;
  if (change.card !== undefined) detail.card = change.card;
  if (change.poiTransaction !== undefined) detail.poiTransaction = change.poiTransaction;
  return detail;
}
