import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { CartLine } from '../../shared/sale/cart.ts';
import { newOpenSale } from '../../shared/sale/open-sale.ts';
import { MIGRATIONS } from '../till-database/migrations.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { openTestBooks } from '../testing/test-books.ts';

/** The open and parked sales in a real journal file: what is written, what is read back, what is refused. */

const AT = '2026-12-04T09:00:00.000Z';
const bread: CartLine = {
  lineId: 'L1',
  sku: 'BAK-001',
  name: 'White bread',
  unitPriceMinor: 189,
  quantity: 2,
  vatBasisPoints: 900,
};

function journal(file = path.join(tempDir(), 'journal.sqlite')) {
  const books = openTestBooks(file);
  onTestFinished(() => books.close());
  return { sales: books.sales, book: books.openSales, file };
}

describe('the open sale book', () => {
  it('reads a sale back as its changes made it, and knows which one is open and which are parked', () => {
    const { book } = journal();
    book.start(newOpenSale('S-1', 'EUR', AT), { type: 'line_added', line: bread }, AT, 'anna');
    book.append('S-1', { type: 'quantity_set', lineId: 'L1', quantity: 5 }, AT, 'anna');
    expect(book.openSale()?.cart.lines).toEqual([{ ...bread, quantity: 5 }]);

    book.append('S-1', { type: 'parked', note: 'blue coat' }, '2026-12-04T09:01:00.000Z', 'anna');
    expect(book.openSale()).toBeUndefined();
    expect(book.parked().map(({ sale, parkedAt }) => [sale.saleId, sale.note, parkedAt])).toEqual([
      ['S-1', 'blue coat', '2026-12-04T09:01:00.000Z'],
    ]);
  });

  it('lets one sale be open at a time, and never rewrites or deletes a change', () => {
    const { book, file } = journal();
    book.start(newOpenSale('S-1', 'EUR', AT), { type: 'line_added', line: bread }, AT, undefined);
    expect(() => book.start(newOpenSale('S-2', 'EUR', AT), { type: 'line_added', line: bread }, AT, undefined)).toThrow(
      /UNIQUE/,
    );
    expect(book.load('S-2')).toBeUndefined();

    const raw = new DatabaseSync(file);
    onTestFinished(() => raw.close());
    expect(() => raw.exec("UPDATE sale_events SET event = '{}'")).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM sale_events')).toThrow(/append-only/);
    raw.exec("UPDATE open_sales SET state = 'completed'");
    expect(() => raw.exec("UPDATE open_sales SET state = 'open'")).toThrow(/final/);
  });

  it('says so, and sells nothing on, when a change in the file does not fit its sale', () => {
    const { book, file } = journal();
    book.start(newOpenSale('S-1', 'EUR', AT), { type: 'line_added', line: bread }, AT, undefined);
    const raw = new DatabaseSync(file);
    onTestFinished(() => raw.close());
    raw
      .prepare('INSERT INTO sale_events (sale_id, at, event) VALUES (?, ?, ?)')
      .run('S-1', AT, JSON.stringify({ type: 'quantity_set', lineId: 'L7', quantity: 2 }));
    expect(() => book.openSale()).toThrow(/Change 2 of sale S-1 in the journal does not fit the sale/);
  });

  it('turns the sales parked by an earlier Kassa into parked sales of main, lines as they were', () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const old = new DatabaseSync(file);
    for (const migration of MIGRATIONS.slice(0, 6)) {
      old.exec(migration.sql);
      old.exec(`PRAGMA user_version = ${String(migration.version)}`);
    }
    old
      .prepare('INSERT INTO parked_sales (sale_id, parked_at, note, lines) VALUES (?, ?, ?, ?)')
      .run('OLD-1', AT, 'back in five', JSON.stringify([bread]));
    old
      .prepare('INSERT INTO parked_sales (sale_id, parked_at, note, lines) VALUES (?, ?, NULL, ?)')
      .run('OLD-2', AT, '[]');
    old.close();

    const { book } = journal(file);
    expect(book.parked().map(({ sale }) => [sale.saleId, sale.note, sale.cart.lines])).toEqual([
      ['OLD-1', 'back in five', [bread]],
      ['OLD-2', undefined, []],
    ]);
  });
});
