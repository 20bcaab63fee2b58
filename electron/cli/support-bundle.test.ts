import { MIGRATIONS } from '../till-database/migrations.ts';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { supportBundle } from './support-bundle.ts';

/** `kassa support-bundle` on a till set up in a temp dir: what goes in, and that no secret does. */

const API_KEY = 'AQE-support-bundle-secret-key';

function till(options: { journal?: 'sale' | 'damaged' | 'none' } = {}) {
  const dir = tempDir();
  const journal = path.join(dir, 'journal.sqlite');
  const configFile = path.join(dir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      till: { id: 'SHOP-4', name: 'Till 4' },
      mode: 'training',
      journal: { path: journal },
      payment: { provider: 'adyen', adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop', apiKey: API_KEY } },
    }),
  );
  if (options.journal !== 'none') {
    const books = openTestBooks(journal, { tillId: 'SHOP-4', mode: 'training' });
    books.sales.complete({
      saleId: 'S-1',
      lines: [{ lineId: 'l', sku: 'A', name: 'Apple', unitPriceMinor: 100, quantity: 1, vatBasisPoints: 900 }],
      cashTendered: [100],
      cardAttemptIds: [],
    });
    books.close();
  }
  if (options.journal === 'damaged') {
    // Every page after the first (which holds the schema): the tables are gone, the file still opens.
    const handle = openSync(journal, 'r+');
    const rest = statSync(journal).size - 4_096;
    writeSync(handle, Buffer.alloc(rest, 0xab), 0, rest, 4_096);
    closeSync(handle);
  }
  const dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  writeFileSync(path.join(dataDir, 'logs', 'kassa.log'), '{"msg":"till.started"}\n');
  writeFileSync(path.join(dataDir, 'logs', 'kassa.1.log'), '{"msg":"older"}\n');
  return { configFile, out: path.join(dir, 'out'), env: { KASSA_DATA_DIR: dataDir } };
}

async function bundle(setup: ReturnType<typeof till>, argv: string[] = ['--config', setup.configFile]) {
  let printed = '';
  const code = await supportBundle([...argv, '--out', setup.out], {
    env: setup.env,
    machineFile: null,
    clock: { now: () => new Date('2026-11-21T14:05:09.000Z') },
    output: (text) => {
      printed += text;
    },
  });
  const folder = printed.trim();
  const read = (name: string) => readFileSync(path.join(folder, name), 'utf8');
  return { code, folder, read };
}

describe('kassa support-bundle', () => {
  it('writes the redacted configuration, the logs, a journal report and the machine, and no secret', async () => {
    const setup = till();
    const { code, folder, read } = await bundle(setup);

    expect(code).toBe(0);
    expect(path.basename(folder)).toBe('kassa-support-SHOP-4-20261121-140509');
    expect(readdirSync(folder).sort()).toEqual(['configuration.json', 'journal.json', 'logs', 'machine.json']);
    expect(readdirSync(path.join(folder, 'logs')).sort()).toEqual(['kassa.1.log', 'kassa.log']);
    const configuration = JSON.parse(read('configuration.json')) as Record<string, unknown>;
    expect(configuration).toMatchObject({
      layers: ['built-in defaults', setup.configFile],
      effective: { till: { id: 'SHOP-4' }, payment: { adyen: { apiKey: '[redacted]' } } },
    });
    expect(JSON.parse(read('journal.json'))).toMatchObject({
      exists: true,
      integrity: 'sound',
      // 7: the open sale moved into main's journal (open_sales, sale_events).
      schemaVersion: MIGRATIONS.length,
      schemaVersionOfThisKassa: MIGRATIONS.length,
      counts: { completedSales: 1, paymentAttempts: 0, refundsOpen: 0 },
      unsettledPayments: [],
      openDays: [{ mode: 'training' }],
    });
    expect(JSON.parse(read('machine.json'))).toMatchObject({ platform: process.platform, logFiles: 2 });
    for (const name of ['configuration.json', 'journal.json', 'machine.json'])
      expect(read(name)).not.toContain(API_KEY);
  });

  it('reports a damaged journal in words, without failing', async () => {
    const { read } = await bundle(till({ journal: 'damaged' }));
    expect(JSON.parse(read('journal.json'))).toMatchObject({
      integrity: 'damaged',
      finding: expect.stringContaining('Do not delete it') as string,
    });
  });

  it('says when there is no journal yet', async () => {
    const { read } = await bundle(till({ journal: 'none' }));
    expect(JSON.parse(read('journal.json'))).toMatchObject({ exists: false });
  });

  it('keeps a configuration that does not load, with the reason, in the bundle', async () => {
    const setup = till();
    writeFileSync(setup.configFile, '{ "till": ');
    const { code, folder, read } = await bundle(setup);
    expect(code).toBe(0);
    expect(path.basename(folder)).toBe('kassa-support-unknown-till-20261121-140509');
    expect(JSON.parse(read('configuration.json'))).toMatchObject({
      error: expect.stringMatching(/^The configuration file .* is not valid JSON/) as string,
    });
  });
});
