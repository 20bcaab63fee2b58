import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { CartLine } from '../../shared/sale/cart.ts';
import { ConfigError } from '../config/load-config.ts';
import { closedPort } from '../doctor/testing.ts';
import { HQ_TOKEN_FILE } from '../hq-sync/hq-credentials.ts';
import { createHqLinkBook } from '../hq-sync/hq-link.ts';
import { createHqOutbox } from '../hq-sync/hq-outbox.ts';
import { DOUBLE_TOKEN, startHqDouble, type HqDouble } from '../hq-sync/testing/hq-double.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { hqEnrol } from './hq-enrol.ts';

/**
 * `kassa hq enrol` against the tests' HQ double on loopback, with the till's
 * configuration and journal in a temp dir: what it stores, what it queues,
 * and what it tells IT when it cannot.
 */

const CODE = 'abcd-efgh-jkmn-pqr2';
const BREAD: CartLine = {
  lineId: 'l-1',
  sku: 'B',
  name: 'Bread',
  unitPriceMinor: 189,
  quantity: 1,
  vatBasisPoints: 900,
};

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function double(): Promise<HqDouble> {
  const hq = await startHqDouble();
  onTestFinished(() => hq.close());
  hq.enrolAnswer = {
    status: 200,
    body: { tillKey: 'AMS-01/T-4', shopId: 'AMS-01', shopName: 'Amsterdam Centrum', token: DOUBLE_TOKEN },
  };
  return hq;
}

/** A training till's configuration file, its journal beside it; `hq` as given. */
function till(hq: Record<string, unknown> | undefined) {
  const dir = tempDir();
  const journal = path.join(dir, 'journal.sqlite');
  const configFile = path.join(dir, 'till.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      store: { name: 'Shop', addressLines: [] },
      till: { id: 'T-4', name: 'Till 4' },
      locale: 'en-GB',
      currency: 'EUR',
      mode: 'training',
      payment: null,
      journal: { path: journal },
      ...(hq === undefined ? {} : { hq }),
    }),
  );
  return { dir, journal, configFile };
}

function outboxOf(journal: string) {
  const books = openTestBooks(journal);
  try {
    return {
      link: createHqLinkBook(books.database).link(),
      kinds: createHqOutbox(books.database)
        .nextBatch()
        .map((item) => item.kind),
    };
  } finally {
    books.close();
  }
}

describe('kassa hq enrol', () => {
  it('enrols with the code, keeps the token where only the till’s user reads it, and queues the history', async () => {
    const hq = await double();
    const { dir, journal, configFile } = till({ url: hq.url });
    const books = openTestBooks(journal, { mode: 'training' });
    books.sales.complete({ saleId: 'S-1', lines: [BREAD], cashTendered: [200], cardAttemptIds: [] });
    books.close();

    const code = await hqEnrol(['--code', CODE, '--config', configFile], createMemoryLogger());

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(hq.enrolRequests).toEqual([
      { code: 'ABCDEFGHJKMNPQR2', tillId: 'T-4', tillName: 'Till 4', appVersion: expect.any(String) as string },
    ]);
    expect(stdout).toContain('This till is enrolled with Kassa HQ as AMS-01/T-4 (Amsterdam Centrum).');
    expect(stdout).toContain('1 record this till already held is queued for HQ.');
    expect(stdout).not.toContain(DOUBLE_TOKEN);
    const tokenFile = path.join(dir, HQ_TOKEN_FILE);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(DOUBLE_TOKEN);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(outboxOf(journal)).toEqual({
      link: expect.objectContaining({ tillKey: 'AMS-01/T-4', hqUrl: hq.url, mode: 'training' }) as unknown,
      kinds: ['sale'],
    });
  });

  it('takes the code from hq.enrolmentCode, and refuses to enrol a till twice', async () => {
    const hq = await double();
    const { configFile } = till({ url: hq.url, enrolmentCode: CODE });
    expect(await hqEnrol(['--config', configFile], createMemoryLogger())).toBe(0);

    stdout = '';
    expect(await hqEnrol(['--config', configFile], createMemoryLogger())).toBe(1);
    expect(stderr).toMatch(/^This till is already enrolled with Kassa HQ as AMS-01\/T-4 \(Amsterdam Centrum\)/);
    expect(stderr).toContain('enrol it again with a new code and --again');
    expect(hq.enrolRequests).toHaveLength(1);
  });

  it.each([
    ['code_used', 'This code has already enrolled a till: a code works once. Ask HQ for a new one (kassa hq code).'],
    ['code_expired', 'This code has expired. Ask HQ for a new one (kassa hq code).'],
    ['code_unknown', 'HQ does not know this code.'],
    ['till_taken', 'HQ already has an enrolled till with the id T-4 in that shop.'],
  ])('says what to do when HQ answers %s, and links nothing', async (error, advice) => {
    const hq = await double();
    hq.enrolAnswer = { status: error === 'till_taken' ? 409 : 400, body: { error, message: 'no' } };
    const { journal, configFile } = till({ url: hq.url });

    expect(await hqEnrol(['--code', CODE, '--config', configFile], createMemoryLogger())).toBe(1);
    expect(stderr).toContain(advice);
    expect(outboxOf(journal)).toEqual({ link: undefined, kinds: [] });
  });

  it('says so when HQ cannot be reached, or the code cannot be one, without linking anything', async () => {
    const { journal, configFile } = till({ url: `http://127.0.0.1:${String(await closedPort())}` });
    expect(await hqEnrol(['--code', CODE, '--config', configFile], createMemoryLogger())).toBe(1);
    expect(stderr).toMatch(/^Kassa HQ at http:\/\/127\.0\.0\.1:\d+ could not be reached: HQ refused the connection/);

    stderr = '';
    expect(await hqEnrol(['--code', 'ABCD', '--config', configFile], createMemoryLogger())).toBe(1);
    expect(stderr).toContain('That is not an enrolment code: it must be the 16-character code HQ gave');
    expect(outboxOf(journal).link).toBeUndefined();
  });

  it('needs an hq section and a code', async () => {
    await expect(hqEnrol(['--config', till(undefined).configFile], createMemoryLogger())).rejects.toThrow(ConfigError);
    await expect(
      hqEnrol(['--config', till({ url: 'http://127.0.0.1:1' }).configFile], createMemoryLogger()),
    ).rejects.toThrow(/--code/);
  });
});
