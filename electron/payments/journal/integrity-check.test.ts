import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TillConfigSchema } from '../../../shared/config/schema.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { openSaleJournal } from '../../sales/sale-journal.ts';
import { tempDir } from '../../test-support/temp-dir.ts';
import { createTill } from '../../till.ts';
import { checkJournalIntegrity } from './integrity-check.ts';
import { damaged } from './journal-database.ts';
import { openPaymentJournal } from './payment-journal.ts';

/** A journal with some rows in it, closed. */
function journalWithRows(): string {
  const file = path.join(tempDir(), 'journal.sqlite');
  const journal = openPaymentJournal(file);
  for (let index = 0; index < 50; index += 1) journal.reserveServiceId('T1', `S${index}`, '2026-11-21T10:00:00.000Z');
  journal.close();
  return file;
}

describe('the journal check beside the till', () => {
  it('finds a sound journal sound', async () => {
    expect(await checkJournalIntegrity(journalWithRows()).result).toEqual({ kind: 'sound' });
  });

  it('finds damaged pages and says not to delete the file', async () => {
    const file = journalWithRows();
    const handle = openSync(file, 'r+');
    // Page 2 onwards: the header stays readable, the tables do not.
    writeSync(handle, Buffer.alloc(2_000, 0xab), 0, 2_000, 4_096 + 8);
    closeSync(handle);

    const integrity = await checkJournalIntegrity(file).result;

    expect(integrity.kind).toBe('damaged');
    expect(integrity.kind === 'damaged' ? integrity.error.message : '').toMatch(/damaged.*Do not delete it/s);
  });

  it('calls a file that is no database damaged too', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const handle = openSync(file, 'w');
    writeSync(handle, Buffer.alloc(8_192, 0x41));
    closeSync(handle);

    expect((await checkJournalIntegrity(file).result).kind).toBe('damaged');
  });

  it('says "unchecked" when the check is stopped before it has an answer', async () => {
    const check = checkJournalIntegrity(journalWithRows());
    await check.stop();
    const integrity = await check.result;
    // A check this small may finish first; stopped or not, it never claims damage it did not find.
    expect(['unchecked', 'sound']).toContain(integrity.kind);
  });

  it('has the till refuse money, with the check’s words, once the check reports damage', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const sales = openSaleJournal(file, { tillId: 'T-1', currency: 'EUR', check: 'later' });
    const config = TillConfigSchema.parse({
      store: { name: 'Shop', addressLines: [] },
      till: { id: 'T-1', name: 'Till 1' },
      locale: 'en-GB',
      currency: 'EUR',
      mode: 'training',
      payment: null,
    });
    const till = createTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      sales,
      journalIntegrity: Promise.resolve({ kind: 'damaged', error: damaged(file, 'page 3 is wrong') }),
    });
    onTestFinished(() => till.close());
    await Promise.resolve();
    await Promise.resolve();

    const answer = await till.router.call(
      'sales.complete',
      {
        saleId: 'S-1',
        lines: [{ lineId: 'l', sku: 'A', name: 'Apple', unitPriceMinor: 100, quantity: 1, vatBasisPoints: 900 }],
        cashTendered: [100],
        cardAttemptIds: [],
      },
      { transport: 'in-process' },
    );

    expect(answer).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/page 3 is wrong.*Do not delete it/s) as string },
    });
    expect(sales.lastCompleted()).toBeUndefined();
  });
});
