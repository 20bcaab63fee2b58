import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { loadTillCatalog } from '../catalog/catalog-service.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { currentSale, ringUp, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { createTill } from '../till.ts';
import { checkDatabaseIntegrity, type DatabaseIntegrity } from './integrity-check.ts';
import { damaged } from './till-database.ts';
import { openTestBooks, openTestPaymentBook } from '../testing/test-books.ts';

/** A journal with some rows in it, closed. */
function journalWithRows(): string {
  const file = path.join(tempDir(), 'journal.sqlite');
  const journal = openTestPaymentBook(file);
  for (let index = 0; index < 50; index += 1) journal.reserveServiceId('T1', `S${index}`, '2026-11-21T10:00:00.000Z');
  journal.close();
  return file;
}

describe('the journal check beside the till', () => {
  it('finds a sound journal sound', async () => {
    expect(await checkDatabaseIntegrity(journalWithRows()).result).toEqual({ kind: 'sound' });
  });

  it('finds damaged pages and says not to delete the file', async () => {
    const file = journalWithRows();
    const handle = openSync(file, 'r+');
    // Page 2 onwards: the header stays readable, the tables do not.
    writeSync(handle, Buffer.alloc(2_000, 0xab), 0, 2_000, 4_096 + 8);
    closeSync(handle);

    const integrity = await checkDatabaseIntegrity(file).result;

    expect(integrity.kind).toBe('damaged');
    expect(integrity.kind === 'damaged' ? integrity.error.message : '').toMatch(/damaged.*Do not delete it/s);
  });

  it('calls a file that is no database damaged too', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const handle = openSync(file, 'w');
    writeSync(handle, Buffer.alloc(8_192, 0x41));
    closeSync(handle);

    expect((await checkDatabaseIntegrity(file).result).kind).toBe('damaged');
  });

  it('says "unchecked" when the check is stopped before it has an answer', async () => {
    const check = checkDatabaseIntegrity(journalWithRows());
    await check.stop();
    const integrity = await check.result;
    // A check this small may finish first; stopped or not, it never claims damage it did not find.
    expect(['unchecked', 'sound']).toContain(integrity.kind);
  });

  it('has the till refuse money, with the check’s words, once the check reports damage', async () => {
    const { call, sale, books } = await tillFoundDamaged('en');

    // No money is taken, no sale recorded and the sale does not change: each says why, in the check's words.
    const refused = {
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/page 3 is wrong.*Do not delete it/s) as string },
    };
    expect(await call('sales.payCash', { saleId: sale.saleId, tenderedMinor: 189 })).toEqual(refused);
    expect(await call('payments.start', { saleId: sale.saleId })).toEqual(refused);
    expect(await call('sales.complete', { saleId: sale.saleId })).toEqual(refused);
    expect(await call('sales.addItem', { saleId: sale.saleId, code: 'WIN-001' })).toEqual(refused);
    expect(await currentSale(call)).toEqual(sale);
    expect(books.sales.lastCompleted()).toBeUndefined();
  });

  it('on a Dutch till, refuses money in Dutch and leaves the file and the finding to the log', async () => {
    const { call, sale } = await tillFoundDamaged('nl');
    const refused = {
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message:
          'De database van de kassa is beschadigd, dus hij neemt geen verkopen of betalingen aan. Verwijder hem niet: hij bevat de pinbetalingen. Vraag IT om hem uit de back-up terug te zetten.',
      },
    };
    expect(await call('sales.payCash', { saleId: sale.saleId, tenderedMinor: 189 })).toEqual(refused);
    expect(await call('payments.start', { saleId: sale.saleId })).toEqual(refused);
  });
});

/** A till selling white bread (1.89) whose database check then reports damage. */
async function tillFoundDamaged(language: 'en' | 'nl') {
  const dir = tempDir();
  const file = path.join(dir, 'journal.sqlite');
  const books = openTestBooks(file, { check: 'later' });
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    language,
    payment: null,
    catalog: { path: writeTestCatalog(dir) },
  });
  let report: (integrity: DatabaseIntegrity) => void = () => undefined;
  const databaseIntegrity = new Promise<DatabaseIntegrity>((resolve) => {
    report = resolve;
  });
  const logger = createMemoryLogger();
  const till = createTill(config, {
    logger,
    version: 'test',
    catalog: loadTillCatalog(config),
    books,
    databaseIntegrity,
  });
  onTestFinished(() => till.close());
  const call: Call = (channel, payload) => till.router.call(channel, payload, { transport: 'in-process' });
  // While the check has no answer yet, the till sells: white bread, 1.89.
  const sale = await ringUp(call, [{ code: 'BAK-001' }]);
  expect(sale.dueMinor).toBe(189);

  report({ kind: 'damaged', error: damaged(file, 'page 3 is wrong') });
  await vi.waitFor(() => {
    expect(logger.lines).toContainEqual(expect.objectContaining({ msg: 'journal.damaged' }));
  });
  return { call, sale, books };
}
