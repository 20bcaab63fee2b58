import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openTillDatabase, type TillDatabase } from '../till-database/till-database.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { createAuditLog } from './audit-log.ts';
import { rawConnection } from '../testing/raw-connection.ts';

const AT = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T10:02:00.000Z';
const LATEST = '2025-03-01T10:09:00.000Z';

function journalFile(): string {
  return path.join(tempDir(), 'journal.sqlite');
}

function open(file = journalFile()): TillDatabase {
  const database = openTillDatabase(file);
  onTestFinished(() => database.close());
  return database;
}

describe('the audit log', () => {
  it('records who did what, when and why, and numbers the entries in order', () => {
    const log = createAuditLog(open());

    const first = log.record(
      {
        action: 'drawer.opened_without_sale',
        actor: 'Sam',
        reason: 'change for the float',
        detail: { till: 'TILL-1' },
      },
      AT,
    );
    const second = log.record(
      { action: 'drawer.opened_without_sale', detail: { till: 'TILL-1', kicked: false } },
      LATER,
    );

    expect(first).toBeGreaterThan(0);
    expect(second).toBe(first + 1);
    expect(log.recent(10)).toStrictEqual([
      {
        seq: second,
        at: LATER,
        action: 'drawer.opened_without_sale',
        detail: { till: 'TILL-1', kicked: false },
      },
      {
        seq: first,
        at: AT,
        action: 'drawer.opened_without_sale',
        actor: 'Sam',
        reason: 'change for the float',
        detail: { till: 'TILL-1' },
      },
    ]);
  });

  it('gives the last entries, newest first, as many as asked', () => {
    const log = createAuditLog(open());
    for (const [index, at] of [AT, LATER, LATEST].entries()) {
      log.record({ action: 'drawer.opened_without_sale', detail: { n: index } }, at);
    }

    expect(log.recent(2).map((entry) => [entry.at, entry.detail])).toEqual([
      [LATEST, { n: 2 }],
      [LATER, { n: 1 }],
    ]);
    expect(log.recent(0)).toEqual([]);
  });

  it('keeps the detail exactly, nested values and text that looks like markup included', () => {
    const log = createAuditLog(open());
    const detail = { problem: 'Printer is offline: "check it"', drawer: { pin: 5, pulseMs: 100 }, lines: ['a', 'b'] };

    log.record({ action: 'drawer.opened_without_sale', detail }, AT);

    expect(log.recent(1)[0]?.detail).toEqual(detail);
  });

  it('survives a restart', () => {
    const file = journalFile();
    const database = open(file);
    createAuditLog(database).record(
      { action: 'drawer.opened_without_sale', actor: 'Sam', reason: 'no sale', detail: {} },
      AT,
    );
    database.close();

    expect(createAuditLog(open(file)).recent(5)).toEqual([
      expect.objectContaining({ at: AT, actor: 'Sam', reason: 'no sale' }),
    ]);
  });

  it('cannot be changed, not even from another connection', () => {
    const file = journalFile();
    const log = createAuditLog(open(file));
    const seq = log.record({ action: 'drawer.opened_without_sale', actor: 'Sam', reason: 'float', detail: {} }, AT);
    const raw = rawConnection(file);

    expect(() => raw.prepare("UPDATE audit_log SET actor = 'nobody' WHERE seq = ?").run(seq)).toThrow(
      'the audit log is append-only',
    );
    expect(() => raw.prepare('UPDATE audit_log SET reason = NULL').run()).toThrow('the audit log is append-only');
    expect(log.recent(1)[0]).toMatchObject({ actor: 'Sam', reason: 'float' });
  });

  it('cannot be deleted from, entry by entry or all at once', () => {
    const file = journalFile();
    const log = createAuditLog(open(file));
    const seq = log.record({ action: 'drawer.opened_without_sale', detail: {} }, AT);
    const raw = rawConnection(file);

    expect(() => raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq)).toThrow('the audit log is append-only');
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow('the audit log is append-only');
    expect(log.recent(5)).toHaveLength(1);
  });

  it('refuses an entry without its time, action or detail', () => {
    const database = open();

    expect(() =>
      database.connection
        .prepare("INSERT INTO audit_log (at, action, detail) VALUES (NULL, 'drawer.opened_without_sale', '{}')")
        .run(),
    ).toThrow(/NOT NULL/);
    expect(() =>
      database.connection.prepare("INSERT INTO audit_log (at, action, detail) VALUES (?, NULL, '{}')").run(AT),
    ).toThrow(/NOT NULL/);
    expect(() =>
      database.connection
        .prepare("INSERT INTO audit_log (at, action) VALUES (?, 'drawer.opened_without_sale')")
        .run(AT),
    ).toThrow(/NOT NULL/);
  });
});
