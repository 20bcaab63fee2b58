import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { openTillDatabase, TillDatabaseError } from '../till-database/till-database.ts';
import { MIGRATIONS } from '../till-database/migrations.ts';
import {
  IllegalTransitionError,
  PAYMENT_BOOK_SQL,
  TerminalBusyError,
  type NewAttempt,
  type PaymentBook,
} from './payment-book.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';
import { rawConnection } from '../testing/raw-connection.ts';

const AT = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T10:00:05.000Z';

function journalFile(): string {
  return path.join(tempDir(), 'journal.sqlite');
}

function openJournal(file = journalFile(), options: { clock?: { now(): Date } } = {}): PaymentBook {
  const book = openTestPaymentBook(file, options);
  onTestFinished(() => book.close());
  return book;
}

let serial = 0;
function newAttempt(overrides: Partial<NewAttempt> = {}): NewAttempt {
  serial += 1;
  return {
    id: randomUUID(),
    saleId: `SALE-${serial}`,
    tenderId: randomUUID(),
    saleTotalMinor: 5_000,
    provider: 'adyen',
    terminalId: 'V400m-324688179',
    saleSystemId: 'POSSystemID12345',
    serviceId: `SVC${String(serial).padStart(7, '0')}`,
    saleTransactionId: `SALE-${serial}`,
    amountMinor: 5_000,
    currency: 'EUR',
    delivery: 'sync',
    ...overrides,
  };
}

/** Steps that take a fresh attempt from created to each state. */
const PATH_TO: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  created: [],
  sent: ['sent'],
  in_progress: ['sent', 'in_progress'],
  checking: ['sent', 'checking'],
  needs_attention: ['sent', 'checking', 'needs_attention'],
  approved: ['sent', 'approved'],
  declined: ['sent', 'declined'],
  cancelled: ['sent', 'cancelled'],
  failed: ['sent', 'failed'],
};

function driveTo(book: PaymentBook, attemptId: string, state: PaymentState): void {
  for (const step of PATH_TO[state]) book.transition(attemptId, step, {}, AT);
}

function tableCount(file: string, table: string): number {
  const row = rawConnection(file).prepare(`SELECT COUNT(*) AS n FROM ${table}`).get();
  return Number(row?.n);
}

describe('opening the book file', () => {
  it('runs with WAL, synchronous FULL and foreign keys on', () => {
    const file = journalFile();
    const database = openTillDatabase(file);
    onTestFinished(() => database.close());
    const { connection } = database;
    expect(connection.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    expect(connection.prepare('PRAGMA synchronous').get()?.synchronous).toBe(2);
    expect(connection.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
  });

  it('leaves the file itself in WAL mode, as another connection sees it', () => {
    const file = journalFile();
    openJournal(file);
    expect(rawConnection(file).prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
  });

  it('sets user_version to the number of migrations', () => {
    const file = journalFile();
    openJournal(file);
    expect(rawConnection(file).prepare('PRAGMA user_version').get()?.user_version).toBe(MIGRATIONS.length);
  });

  it('does not run the migrations again when reopened, and keeps what was written', () => {
    const file = journalFile();
    const first = openTestPaymentBook(file);
    const attempt = first.createAttempt(newAttempt(), AT);
    first.close();

    const second = openJournal(file);
    expect(second.attempt(attempt.id)?.state).toBe('created');
    expect(second.events(attempt.id)).toHaveLength(1);
    expect(rawConnection(file).prepare('PRAGMA user_version').get()?.user_version).toBe(MIGRATIONS.length);
  });

  it('brings a book written by the first schema up to date and keeps its payments', () => {
    const file = journalFile();
    const old = new DatabaseSync(file);
    old.exec(MIGRATIONS[0]?.sql ?? '');
    old.exec('PRAGMA user_version = 1');
    old.exec(`INSERT INTO sales VALUES ('SALE-OLD', 'EUR', 700, '${AT}')`);
    old.exec(`INSERT INTO tenders VALUES ('T-OLD', 'SALE-OLD', 'card', 700, 700, '${AT}')`);
    old.close();

    const book = openJournal(file);
    expect(book.saleBalance('SALE-OLD')).toMatchObject({ totalMinor: 700, paidMinor: 700, dueMinor: 0 });
    expect(rawConnection(file).prepare('PRAGMA user_version').get()?.user_version).toBe(MIGRATIONS.length);
  });

  it('refuses a book written by a newer schema, and leaves it as it was', () => {
    const file = journalFile();
    const database = new DatabaseSync(file);
    database.exec('PRAGMA user_version = 99');
    database.close();

    expect(() => openTestPaymentBook(file)).toThrow(TillDatabaseError);
    expect(() => openTestPaymentBook(file)).toThrow(/newer Kassa \(schema 99/);
    expect(rawConnection(file).prepare('PRAGMA user_version').get()?.user_version).toBe(99);
  });

  it('refuses a file of garbage bytes and says not to delete it', () => {
    const file = journalFile();
    const garbage = Buffer.from('these are not the bytes of a SQLite database; '.repeat(200));
    writeFileSync(file, garbage);

    expect(() => openTestPaymentBook(file)).toThrow(TillDatabaseError);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(() => openTestPaymentBook(file)).toThrow(/Do not delete it/);
  });

  it('refuses a book whose pages are damaged and says not to delete it', () => {
    const file = journalFile();
    const book = openTestPaymentBook(file);
    for (let index = 0; index < 20; index += 1) book.reserveServiceId('T1', `S${index}`, AT);
    book.close();
    const handle = openSync(file, 'r+');
    // Page 2 onwards: the header stays readable, the tables do not.
    writeSync(handle, Buffer.alloc(2_000, 0xab), 0, 2_000, 4_096 + 8);
    closeSync(handle);

    expect(() => openTestPaymentBook(file)).toThrow(TillDatabaseError);
    expect(() => openTestPaymentBook(file)).toThrow(/damaged.*Do not delete it/s);
  });
});

describe('staying quick as the book grows', () => {
  // Whole-table reads on purpose: the inbox listing is for diagnostics and tests.
  const readsEverything = new Set<string>(['inbox']);

  it.each(Object.entries(PAYMENT_BOOK_SQL).filter(([name]) => !readsEverything.has(name)))(
    '%s finds its rows through an index',
    (_name, sql) => {
      const file = journalFile();
      openJournal(file);
      const plan = rawConnection(file)
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((step) => String(step.detail));
      // "SCAN t" alone reads every row; "SCAN t USING INDEX" walks an index in order and stops early.
      expect(plan.filter((step) => /^SCAN \w+$/.test(step))).toEqual([]);
    },
  );
});

describe('creating an attempt', () => {
  it('writes the sale, the tender, the attempt and its first event together', () => {
    const file = journalFile();
    const book = openJournal(file);
    const next = newAttempt({ saleTotalMinor: 8_000, amountMinor: 5_000 });
    const created = book.createAttempt(next, AT);

    expect(created).toMatchObject({
      id: next.id,
      saleId: next.saleId,
      tenderId: next.tenderId,
      terminalId: next.terminalId,
      serviceId: next.serviceId,
      amountMinor: 5_000,
      currency: 'EUR',
      state: 'created',
      authorisedMinor: undefined,
      createdAt: AT,
      updatedAt: AT,
    });
    expect(book.saleBalance(next.saleId)).toEqual({
      saleId: next.saleId,
      currency: 'EUR',
      totalMinor: 8_000,
      paidMinor: 0,
      dueMinor: 8_000,
    });
    const tender = rawConnection(file).prepare('SELECT * FROM tenders WHERE id = ?').get(next.tenderId);
    expect(tender).toMatchObject({ sale_id: next.saleId, requested_minor: 5_000, amount_minor: null });
    const events = book.events(next.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: undefined, to: 'created', at: AT, detail: { serviceId: next.serviceId } });
  });

  it('writes nothing at all when the attempt itself cannot be written', () => {
    const file = journalFile();
    const book = openJournal(file);
    const first = book.createAttempt(newAttempt(), AT);
    driveTo(book, first.id, 'failed');

    // The attempt's id is taken: its row is refused after the new sale and tender went in.
    const second = newAttempt({ id: first.id });
    expect(() => book.createAttempt(second, LATER)).toThrow(/UNIQUE|PRIMARY KEY/);

    expect(book.saleBalance(second.saleId)).toBeUndefined();
    expect(book.attempt(first.id)?.saleId).toBe(first.saleId);
    expect(tableCount(file, 'tenders')).toBe(1);
    expect(tableCount(file, 'sales')).toBe(1);
    expect(tableCount(file, 'attempt_events')).toBe(3);
    // Nothing of the refused attempt stays behind, not even a hold on its ServiceID.
    expect(book.reserveServiceId(second.terminalId, second.serviceId, LATER)).toBe(true);
  });

  it('refuses a second tender in another currency on the same sale, and writes nothing', () => {
    const file = journalFile();
    const book = openJournal(file);
    const first = book.createAttempt(newAttempt({ saleId: 'SALE-CUR', amountMinor: 1_000 }), AT);
    driveTo(book, first.id, 'approved');

    expect(() =>
      book.createAttempt(newAttempt({ saleId: 'SALE-CUR', currency: 'GBP', amountMinor: 1_000 }), LATER),
    ).toThrow(TillDatabaseError);
    expect(tableCount(file, 'tenders')).toBe(1);
    expect(tableCount(file, 'payment_attempts')).toBe(1);
  });

  it.each(['created', 'sent', 'in_progress', 'checking', 'needs_attention'] as const)(
    'refuses a second attempt on a terminal whose attempt is %s',
    (state) => {
      const book = openJournal();
      const first = book.createAttempt(newAttempt(), AT);
      driveTo(book, first.id, state);

      let thrown: unknown;
      try {
        book.createAttempt(newAttempt(), LATER);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TerminalBusyError);
      expect(thrown).toMatchObject({ code: 'CONFLICT', blocking: { id: first.id, state } });
      expect(book.blockingAttempt(first.terminalId)?.id).toBe(first.id);
    },
  );

  it('says a manager is needed when the blocking attempt needs attention', () => {
    const book = openJournal();
    const first = book.createAttempt(newAttempt(), AT);
    driveTo(book, first.id, 'needs_attention');
    expect(() => book.createAttempt(newAttempt(), LATER)).toThrow(/needs a manager/);
  });

  it('takes an attempt on another terminal while the first terminal is busy', () => {
    const book = openJournal();
    const first = book.createAttempt(newAttempt({ terminalId: 'V400m-1' }), AT);
    driveTo(book, first.id, 'in_progress');

    const other = book.createAttempt(newAttempt({ terminalId: 'P400Plus-2' }), LATER);
    expect(other.state).toBe('created');
    expect(book.unsettledAttempts().map((record) => record.id)).toEqual([first.id, other.id]);
  });

  it.each(['approved', 'declined', 'cancelled', 'failed'] as const)(
    'takes a new attempt on the terminal once the previous one is %s',
    (state) => {
      const book = openJournal();
      const first = book.createAttempt(newAttempt(), AT);
      driveTo(book, first.id, state);

      const next = book.createAttempt(newAttempt(), LATER);
      expect(next.state).toBe('created');
      expect(book.blockingAttempt(next.terminalId)?.id).toBe(next.id);
      expect(book.lastAttempt()?.id).toBe(next.id);
    },
  );

  it('takes a new attempt once a manager has settled the one that needed attention', () => {
    const book = openJournal();
    const first = book.createAttempt(newAttempt(), AT);
    driveTo(book, first.id, 'needs_attention');
    book.transition(first.id, 'declined', { reason: 'Not on the terminal', detail: { resolvedBy: 'Ann' } }, AT);

    expect(book.createAttempt(newAttempt(), LATER).state).toBe('created');
  });
});

describe('moving an attempt on', () => {
  it('refuses a step the state machine does not allow and leaves no event', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt(), AT);

    expect(() => book.transition(attempt.id, 'approved', { authorisedMinor: 5_000 }, LATER)).toThrow(
      IllegalTransitionError,
    );
    expect(book.attempt(attempt.id)).toMatchObject({ state: 'created', authorisedMinor: undefined, updatedAt: AT });
    expect(book.events(attempt.id)).toHaveLength(1);
    expect(book.saleBalance(attempt.saleId)?.paidMinor).toBe(0);
  });

  it('refuses to turn a decline into an approval', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt(), AT);
    driveTo(book, attempt.id, 'declined');
    const eventsBefore = book.events(attempt.id).length;

    expect(() => book.transition(attempt.id, 'approved', {}, LATER)).toThrow(IllegalTransitionError);
    expect(book.attempt(attempt.id)?.state).toBe('declined');
    expect(book.events(attempt.id)).toHaveLength(eventsBefore);
  });

  it('refuses to move an attempt that does not exist', () => {
    const book = openJournal();
    expect(() => book.transition('no-such-attempt', 'sent', {}, AT)).toThrow(TillDatabaseError);
  });

  it('records each step as an event with where it came from, where it went and why', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt(), AT);
    book.transition(attempt.id, 'sent', {}, AT);
    book.transition(attempt.id, 'declined', { reason: 'Refused', detail: { source: 'reply' } }, LATER);

    expect(book.events(attempt.id).map((event) => [event.from, event.to])).toEqual([
      [undefined, 'created'],
      ['created', 'sent'],
      ['sent', 'declined'],
    ]);
    expect(book.events(attempt.id)[2]?.detail).toEqual({ source: 'reply', reason: 'Refused' });
    expect(book.attempt(attempt.id)).toMatchObject({ state: 'declined', reason: 'Refused', updatedAt: LATER });
  });

  it('records the approved amount on the tender, so nothing is due after a full approval', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt({ saleTotalMinor: 5_000, amountMinor: 5_000 }), AT);
    book.transition(attempt.id, 'sent', {}, AT);
    const approved = book.transition(
      attempt.id,
      'approved',
      { authorisedMinor: 5_000, terminalReference: '8515565295894301' },
      LATER,
    );

    expect(approved).toMatchObject({
      state: 'approved',
      authorisedMinor: 5_000,
      terminalReference: '8515565295894301',
    });
    expect(book.saleBalance(attempt.saleId)).toMatchObject({ totalMinor: 5_000, paidMinor: 5_000, dueMinor: 0 });
  });

  it('leaves the rest of the sale due after a partial approval', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt({ saleTotalMinor: 5_000, amountMinor: 5_000 }), AT);
    book.transition(attempt.id, 'sent', {}, AT);
    book.transition(attempt.id, 'approved', { authorisedMinor: 3_000, reason: 'Partly approved' }, LATER);

    expect(book.saleBalance(attempt.saleId)).toMatchObject({ paidMinor: 3_000, dueMinor: 2_000 });

    const rest = book.createAttempt(
      newAttempt({ saleId: attempt.saleId, saleTotalMinor: 5_000, amountMinor: 2_000 }),
      LATER,
    );
    book.transition(rest.id, 'sent', {}, LATER);
    book.transition(rest.id, 'approved', { authorisedMinor: 2_000 }, LATER);
    expect(book.saleBalance(attempt.saleId)).toMatchObject({ totalMinor: 5_000, paidMinor: 5_000, dueMinor: 0 });
  });

  it('counts nothing as paid for a declined, cancelled or failed attempt', () => {
    const book = openJournal();
    for (const state of ['declined', 'cancelled', 'failed'] as const) {
      const attempt = book.createAttempt(newAttempt({ saleId: 'SALE-NOPAY' }), AT);
      driveTo(book, attempt.id, state);
    }
    expect(book.saleBalance('SALE-NOPAY')).toMatchObject({ paidMinor: 0, dueMinor: 5_000 });
  });

  it('marks needs_attention as unconfirmed unless told it is a conflicting result', () => {
    const book = openJournal();
    const first = book.createAttempt(newAttempt(), AT);
    driveTo(book, first.id, 'needs_attention');
    expect(book.attempt(first.id)?.attention).toBe('unconfirmed');
    book.transition(first.id, 'approved', {}, AT);
    expect(book.attempt(first.id)?.attention).toBeUndefined();

    book.transition(first.id, 'needs_attention', { attention: 'conflicting_result' }, LATER);
    expect(book.attempt(first.id)?.attention).toBe('conflicting_result');
  });

  it('hands back exactly what a fresh read of the file gives, at every step', () => {
    // The book returns what it wrote instead of reading it back; this keeps the two the same.
    const file = journalFile();
    const book = openJournal(file);
    const created = book.createAttempt(newAttempt({ amountMinor: 4_000 }), AT);
    const steps: [PaymentState, Parameters<PaymentBook['transition']>[2]][] = [
      ['sent', {}],
      ['checking', { reason: 'No result after 150 seconds' }],
      ['needs_attention', { reason: 'The terminal did not answer' }],
      [
        'approved',
        {
          authorisedMinor: 2_000,
          terminalReference: 'REF-1',
          reason: 'Terminal said so',
          card: { brand: 'visa', last4: '4242', authCode: 'AB12' },
        },
      ],
      ['needs_attention', { attention: 'conflicting_result', reason: 'Declined reported later' }],
      ['declined', { reason: 'Manager: the bank says declined' }],
    ];
    const reopened = () => {
      const fresh = openTestPaymentBook(file);
      try {
        return fresh.attempt(created.id);
      } finally {
        fresh.close();
      }
    };
    expect(created).toEqual(reopened());
    for (const [to, change] of steps) {
      expect(book.transition(created.id, to, change, LATER)).toEqual(reopened());
    }
  });
});

describe('what the database itself refuses', () => {
  it("refuses a raw change of an attempt's amount from another connection", () => {
    const file = journalFile();
    const book = openJournal(file);
    const attempt = book.createAttempt(newAttempt(), AT);
    const raw = rawConnection(file);

    expect(() => raw.prepare('UPDATE payment_attempts SET amount_minor = 1 WHERE id = ?').run(attempt.id)).toThrow(
      /request is frozen once written/,
    );
    expect(() =>
      raw.prepare("UPDATE payment_attempts SET service_id = 'OTHER00001' WHERE id = ?").run(attempt.id),
    ).toThrow(/request is frozen once written/);
    expect(book.attempt(attempt.id)).toMatchObject({ amountMinor: 5_000, serviceId: attempt.serviceId });
  });

  it('refuses to change or delete an event', () => {
    const file = journalFile();
    const book = openJournal(file);
    const attempt = book.createAttempt(newAttempt(), AT);
    const raw = rawConnection(file);

    expect(() =>
      raw.prepare("UPDATE attempt_events SET to_state = 'approved' WHERE attempt_id = ?").run(attempt.id),
    ).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM attempt_events WHERE attempt_id = ?').run(attempt.id)).toThrow(/append-only/);
    expect(book.events(attempt.id)).toHaveLength(1);
    expect(book.events(attempt.id)[0]?.to).toBe('created');
  });

  it('refuses a second in-flight attempt on one terminal even when written behind the book', () => {
    const file = journalFile();
    const book = openJournal(file);
    const attempt = book.createAttempt(newAttempt(), AT);
    const raw = rawConnection(file);

    expect(() =>
      raw
        .prepare(
          `INSERT INTO payment_attempts (id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
             sale_transaction_id, amount_minor, currency, delivery, state, created_at, updated_at)
           VALUES ('raw', ?, ?, 'adyen', ?, 'POS', 'RAW0000001', 'x', 100, 'EUR', 'sync', 'sent', ?, ?)`,
        )
        .run(attempt.tenderId, attempt.saleId, attempt.terminalId, AT, AT),
    ).toThrow(/UNIQUE/);
  });
});

describe('ServiceIDs', () => {
  it('refuses a ServiceID already used with the same terminal, and allows it on another terminal', () => {
    const book = openJournal();
    expect(book.reserveServiceId('V400m-1', 'ABCDEFGHIJ', AT)).toBe(true);
    expect(book.reserveServiceId('V400m-1', 'ABCDEFGHIJ', LATER)).toBe(false);
    expect(book.reserveServiceId('P400Plus-2', 'ABCDEFGHIJ', LATER)).toBe(true);
  });

  it('forgets ServiceIDs older than seven days when opened, but keeps those used in the last 48 hours', () => {
    const file = journalFile();
    const now = new Date('2025-03-10T12:00:00.000Z');
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    const first = openTestPaymentBook(file, { clock: { now: () => now } });
    first.reserveServiceId('T1', 'EIGHTDAYS0', hoursAgo(8 * 24));
    first.reserveServiceId('T1', 'SIXDAYS000', hoursAgo(6 * 24));
    first.reserveServiceId('T1', 'YESTERDAY0', hoursAgo(47));
    first.reserveServiceId('T1', 'JUSTNOW000', hoursAgo(0));
    first.close();

    const reopened = openJournal(file, { clock: { now: () => now } });
    expect(reopened.reserveServiceId('T1', 'EIGHTDAYS0', now.toISOString())).toBe(true);
    expect(reopened.reserveServiceId('T1', 'SIXDAYS000', now.toISOString())).toBe(false);
    expect(reopened.reserveServiceId('T1', 'YESTERDAY0', now.toISOString())).toBe(false);
    expect(reopened.reserveServiceId('T1', 'JUSTNOW000', now.toISOString())).toBe(false);
  });
});

describe('the notification inbox', () => {
  const entry = (body: string) => ({
    receivedAt: AT,
    kind: 'result',
    terminalId: 'V400m-324688179',
    saleSystemId: 'POSSystemID12345',
    serviceId: '0207111104',
    attemptId: undefined,
    body,
  });

  it('stores the very same body only once and gives back the first sequence number', () => {
    const book = openJournal();
    const first = book.recordInbox(entry('{"SaleToPOIResponse":{"n":1}}'));
    const again = book.recordInbox(entry('{"SaleToPOIResponse":{"n":1}}'));
    const other = book.recordInbox(entry('{"SaleToPOIResponse":{"n":2}}'));

    expect(first.stored).toBe(true);
    expect(again).toEqual({ stored: false, seq: first.seq });
    expect(other.stored).toBe(true);
    expect(other.seq).toBeGreaterThan(first.seq);
    expect(book.inbox()).toHaveLength(2);
  });

  it('lists notifications not yet handled until they are marked', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt(), AT);
    const first = book.recordInbox(entry('{"a":1}'));
    const second = book.recordInbox(entry('{"b":2}'));
    expect(book.unhandledInbox()).toEqual([
      { seq: first.seq, body: '{"a":1}', terminalId: 'V400m-324688179' },
      { seq: second.seq, body: '{"b":2}', terminalId: 'V400m-324688179' },
    ]);

    book.markInbox(first.seq, 'applied', attempt.id);
    expect(book.unhandledInbox()).toEqual([{ seq: second.seq, body: '{"b":2}', terminalId: 'V400m-324688179' }]);
    expect(book.inbox()).toEqual([
      { seq: first.seq, kind: 'result', outcome: 'applied', attemptId: attempt.id },
      { seq: second.seq, kind: 'result', outcome: undefined, attemptId: undefined },
    ]);

    book.markInbox(second.seq, 'unmatched');
    expect(book.unhandledInbox()).toEqual([]);
    expect(book.inbox()[1]).toEqual({ seq: second.seq, kind: 'result', outcome: 'unmatched', attemptId: undefined });
  });
});

describe('the signing key', () => {
  it('is 32 bytes, the same after reopening, and different for another book', () => {
    const file = journalFile();
    const first = openTestPaymentBook(file);
    const key = Buffer.from(first.signingKey);
    first.close();

    expect(key).toHaveLength(32);
    expect(openJournal(file).signingKey.equals(key)).toBe(true);
    expect(openJournal().signingKey.equals(key)).toBe(false);
  });
});

describe('notes', () => {
  it('appends an event that keeps the current state as both from and to', () => {
    const book = openJournal();
    const attempt = book.createAttempt(newAttempt(), AT);
    driveTo(book, attempt.id, 'in_progress');

    book.note(attempt.id, { action: 'abort', serviceId: 'ABORT00001' }, LATER);

    const events = book.events(attempt.id);
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({
      from: 'in_progress',
      to: 'in_progress',
      at: LATER,
      detail: { action: 'abort', serviceId: 'ABORT00001' },
    });
    expect(book.attempt(attempt.id)).toMatchObject({ state: 'in_progress', updatedAt: AT });
  });

  it('refuses a note about an attempt that does not exist', () => {
    const book = openJournal();
    expect(() => book.note('no-such-attempt', { action: 'abort' }, AT)).toThrow(TillDatabaseError);
  });

  it('keeps counting an approved tender as taken while a contradicting result waits for a manager', () => {
    const book = openJournal();
    const created = book.createAttempt(newAttempt(), AT);
    driveTo(book, created.id, 'approved');
    const paid = book.saleBalance(created.saleId);
    expect(paid?.paidMinor).toBeGreaterThan(0);

    book.transition(
      created.id,
      'needs_attention',
      { attention: 'conflicting_result', reason: 'cancelled later' },
      LATER,
    );
    expect(book.saleBalance(created.saleId)).toEqual(paid);
  });

  it('counts a late approval reported after a cancel as taken while a manager looks at it', () => {
    const book = openJournal();
    const created = book.createAttempt(newAttempt(), AT);
    driveTo(book, created.id, 'cancelled');
    expect(book.saleBalance(created.saleId)?.paidMinor).toBe(0);

    book.transition(created.id, 'needs_attention', { attention: 'conflicting_result', authorisedMinor: 700 }, LATER);
    expect(book.saleBalance(created.saleId)?.paidMinor).toBe(700);
  });
});
