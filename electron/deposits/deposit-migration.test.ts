import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../till-database/migrations.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';

const AT = '2026-12-01T10:00:00.000Z';

/** A till database as Kassa left it at schema 11, before deposits, with a paid sale, a refund of it and a webhook. */
function schemaElevenFile(): string {
  const file = path.join(tempDir(), 'journal.sqlite');
  const old = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  for (const migration of MIGRATIONS.slice(0, 11)) {
    old.exec(migration.sql);
    old.exec(`PRAGMA user_version = ${String(migration.version)}`);
  }
  old.exec(`INSERT INTO sales (id, currency, total_minor, created_at) VALUES ('SALE-1', 'EUR', 700, '${AT}')`);
  old.exec(`INSERT INTO tenders (id, sale_id, method, requested_minor, amount_minor, created_at) VALUES
    ('T-1', 'SALE-1', 'card', 700, 700, '${AT}'), ('T-2', 'SALE-1', 'card', 200, 200, '${AT}')`);
  const insert =
    old.prepare(`INSERT INTO payment_attempts (id, tender_id, sale_id, provider, terminal_id, sale_system_id,
      service_id, sale_transaction_id, amount_minor, currency, delivery, state, authorised_minor, created_at, updated_at,
      card_last4, kind, original_attempt_id, original_poi_transaction, poi_transaction, lane)
    VALUES (?, ?, 'SALE-1', 'adyen', 'V400m', 'Till1', ?, 'SALE-1', ?, 'EUR', 'sync', 'approved', ?, ?, ?, '1234', ?, ?, ?, ?, ?)`);
  // Made in the same millisecond: only their rowids keep them in order.
  insert.run(
    'PAY',
    'T-1',
    'S1',
    700,
    700,
    AT,
    AT,
    'payment',
    null,
    null,
    '{"transactionId":"tx-1","timeStamp":"t"}',
    null,
  );
  insert.run(
    'REV',
    'T-2',
    'S2',
    200,
    200,
    AT,
    AT,
    'reversal',
    'PAY',
    '{"transactionId":"tx-1","timeStamp":"t"}',
    null,
    'V400m refund tx-1',
  );
  old.exec(`INSERT INTO attempt_events (attempt_id, at, from_state, to_state, detail) VALUES
    ('PAY', '${AT}', NULL, 'created', '{}'), ('PAY', '${AT}', 'created', 'approved', '{}'), ('REV', '${AT}', NULL, 'created', '{}')`);
  old.exec(`INSERT INTO inbox (received_at, digest, kind, attempt_id, body, outcome)
    VALUES ('${AT}', 'd1', 'result', 'PAY', '{}', 'applied')`);
  // The schema before deposits knows no hold.
  expect(() =>
    old.exec(`INSERT INTO payment_attempts (id, tender_id, sale_id, provider, terminal_id, sale_system_id, service_id,
      sale_transaction_id, amount_minor, currency, delivery, state, created_at, updated_at, kind)
      VALUES ('HOLD', 'T-1', 'SALE-1', 'x', 'G', 'S', 'S9', 'SALE-1', 1, 'EUR', 'async', 'created', '${AT}', '${AT}', 'hold')`),
  ).toThrow(/CHECK constraint failed/);
  old.close();
  return file;
}

describe('the deposits migration (schema 12)', () => {
  it('keeps every attempt, its order, its events and webhooks, and its guards, and lets deposit kinds in', () => {
    const file = schemaElevenFile();
    const books = openTestBooks(file);
    const connection = books.database.connection;
    expect(connection.prepare('PRAGMA user_version').get()?.user_version).toBe(MIGRATIONS.length);
    expect(connection.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(connection.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');

    expect(books.payments.attemptsOf('SALE-1').map((attempt) => attempt.id)).toEqual(['PAY', 'REV']);
    expect(books.payments.attempt('PAY')).toMatchObject({
      kind: 'payment',
      state: 'approved',
      authorisedMinor: 700,
      card: { last4: '1234' },
      poiTransaction: { transactionId: 'tx-1', timeStamp: 't' },
    });
    expect(books.payments.attemptsReversing('PAY').map((attempt) => attempt.id)).toEqual(['REV']);
    expect(books.payments.events('PAY').map((event) => event.to)).toEqual(['created', 'approved']);
    expect(books.payments.inbox()).toEqual([{ seq: 1, kind: 'result', outcome: 'applied', attemptId: 'PAY' }]);
    expect(books.payments.saleBalance('SALE-1')).toMatchObject({ paidMinor: 900 });

    // Its guards came back with it: a frozen request, append-only events, one attempt in flight per lane.
    expect(() => connection.exec("UPDATE payment_attempts SET amount_minor = 1 WHERE id = 'PAY'")).toThrow(/frozen/);
    expect(() => connection.exec("DELETE FROM attempt_events WHERE attempt_id = 'PAY'")).toThrow(/append-only/);
    const hold = {
      saleId: 'DEP-1',
      saleTotalMinor: 5_000,
      provider: 'worldline-direct',
      terminalId: 'gateway',
      saleSystemId: 'Shop',
      saleTransactionId: 'DEP-1',
      amountMinor: 5_000,
      currency: 'EUR',
      delivery: 'async',
      kind: 'hold',
    } as const;
    books.payments.createAttempt({ ...hold, id: 'HOLD-1', tenderId: 'TH-1', serviceId: 'G1' }, AT);
    expect(books.payments.attempt('HOLD-1')?.kind).toBe('hold');
    expect(() =>
      books.payments.createAttempt({ ...hold, id: 'HOLD-2', tenderId: 'TH-2', serviceId: 'G2' }, AT),
    ).toThrow(/busy/);
    // Its indexes and guards as they were (the HQ outbox's triggers of schema 13 come on top).
    expect(
      connection
        .prepare(
          "SELECT name FROM sqlite_schema WHERE tbl_name = 'payment_attempts' AND name NOT LIKE 'hq\\_%' ESCAPE '\\' ORDER BY name",
        )
        .all(),
    ).toHaveLength(12);
    books.close();
  });
});
