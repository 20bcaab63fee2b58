import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createHqLinkBook } from '../hq-sync/hq-link.ts';
import { createHqOutbox } from '../hq-sync/hq-outbox.ts';
import { startHqDouble } from '../hq-sync/testing/hq-double.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { checkHq } from './hq-check.ts';
import { closedPort, tillConfig } from './testing.ts';

/**
 * `kassa doctor`'s look at Kassa HQ: the journal read on its own read-only
 * connection, HQ's health asked of the tests' HQ double on loopback.
 */

const LINK = {
  tillKey: 'AMS-01/T-1',
  shopId: 'AMS-01',
  shopName: 'Amsterdam',
  enrolledAt: '2026-12-01T09:00:00.000Z',
  hqUrl: 'http://127.0.0.1',
  mode: 'training',
} as const;

async function hqUrl(): Promise<string> {
  const hq = await startHqDouble();
  onTestFinished(() => hq.close());
  return hq.url;
}

/** A journal enrolled with HQ, `change` done to it, closed again (as a stopped till leaves it). */
function journal(change: (books: ReturnType<typeof openTestBooks>) => void = () => undefined): string {
  const file = path.join(tempDir(), 'journal.sqlite');
  const books = openTestBooks(file);
  createHqLinkBook(books.database).enrol(LINK);
  change(books);
  books.close();
  return file;
}

const config = (url: string, file: string, extra: Record<string, unknown> = {}) =>
  tillConfig({ mode: 'training', journal: { path: file }, hq: { url, ...extra } });

describe('the HQ check', () => {
  it('skips a till without HQ', async () => {
    expect(await checkHq(tillConfig({}))).toMatchObject({ name: 'hq', status: 'skip' });
  });

  it('fails a till that has not enrolled, and says how to enrol it', async () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const outcome = await checkHq(config(await hqUrl(), file));
    expect(outcome).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^Not enrolled with HQ\.\nHQ at http:\/\/127\.0\.0\.1:\d+ answers\./) as string,
      fix: 'Enrol the till: kassa hq enrol --code CODE, with a code from kassa hq code at HQ.',
    });
  });

  it('passes an enrolled till whose HQ answers, with when it last synced and what waits', async () => {
    const file = journal((books) => {
      books.audit.record({ action: 'drawer.opened_without_sale', detail: {} }, '2026-12-01T10:00:00.000Z');
      createHqOutbox(books.database).recordSynced(0, '2026-12-01T09:30:00.000Z');
    });
    const outcome = await checkHq(config(await hqUrl(), file, { relayWebhooks: true }));
    expect(outcome.status).toBe('pass');
    expect(outcome.detail.split('\n')).toEqual([
      'Enrolled as AMS-01/T-1 (Amsterdam) since 2026-12-01T09:00:00.000Z.',
      expect.stringMatching(/^HQ at http:\/\/127\.0\.0\.1:\d+ answers\.$/),
      'Last synced 2026-12-01T09:30:00.000Z; 1 record waits (oldest from 2026-12-01T10:00:00.000Z).',
      'Adyen’s notifications come through HQ (hq.relayWebhooks).',
    ]);
  });

  it('fails a till HQ revoked, and says how to enrol it again', async () => {
    const file = journal((books) => {
      createHqOutbox(books.database).recordProblem(
        'revoked',
        'This till was revoked at HQ.',
        '2026-12-02T08:00:00.000Z',
      );
    });
    const outcome = await checkHq(config(await hqUrl(), file));
    expect(outcome).toMatchObject({
      status: 'fail',
      fix: 'HQ revoked this till. Ask HQ for a new code (kassa hq code) and run kassa hq enrol --code CODE --again.',
    });
    expect(outcome.detail).toContain(
      'The last push failed (revoked, 2026-12-02T08:00:00.000Z): This till was revoked at HQ.',
    );
  });

  it('fails when HQ does not answer, naming the address to check', async () => {
    const url = `http://127.0.0.1:${String(await closedPort())}`;
    const outcome = await checkHq(config(url, journal()), { timeoutMs: 2_000 });
    expect(outcome).toMatchObject({
      status: 'fail',
      fix: `Check hq.url and that this till may reach ${url} (firewall, proxy, DNS).`,
    });
    expect(outcome.detail).toContain(`HQ at ${url} does not answer: HQ refused the connection`);
  });
});
