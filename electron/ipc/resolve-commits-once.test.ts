import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { recordStuckPayment } from '../payments/testing/stuck-payment.ts';

/**
 * A manager's resolution of a payment the till could not settle, and the
 * audit row that says who did it and why, are one transaction on the till's
 * one connection: a process killed between the two, or after both but before
 * the commit, leaves neither; one that lives leaves both.
 */

const CHILD = fileURLToPath(new URL('./testing/resolve-then-die.ts', import.meta.url));
const AT = '2026-12-04T10:00:00.000Z';

/** A card payment the till could not settle, as a crash and a failed status check leave it. */
function unsettledPayment(file: string): string {
  const books = openTestBooks(file, { mode: 'training' });
  try {
    return recordStuckPayment(books.payments, AT);
  } finally {
    books.close();
  }
}

function afterwards(file: string, attemptId: string) {
  const books = openTestBooks(file, { mode: 'training' });
  try {
    return {
      state: books.payments.attempt(attemptId)?.state,
      resolvedInAudit: books.audit
        .recent(10)
        .filter((entry) => entry.action === 'payment.resolved' && entry.detail.attemptId === attemptId).length,
    };
  } finally {
    books.close();
  }
}

function resolveIn(file: string, attemptId: string, killAt: 'before-audit' | 'after-audit' | 'never') {
  return spawnSync(process.execPath, [CHILD, file, attemptId, killAt], { encoding: 'utf8', timeout: 60_000 });
}

describe('a manager resolving a payment, and the audit row that says so', () => {
  it.each(['before-audit', 'after-audit'] as const)(
    'leave neither when the till dies %s, and the payment still waits for a manager',
    (killAt) => {
      const file = path.join(tempDir(), 'journal.sqlite');
      const attemptId = unsettledPayment(file);

      const child = resolveIn(file, attemptId, killAt);

      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(afterwards(file, attemptId)).toEqual({ state: 'needs_attention', resolvedInAudit: 0 });
    },
  );

  it('leave both when the till lives', () => {
    const file = path.join(tempDir(), 'journal.sqlite');
    const attemptId = unsettledPayment(file);

    const child = resolveIn(file, attemptId, 'never');

    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ ok: true, value: { attemptId, state: 'approved' } });
    expect(afterwards(file, attemptId)).toEqual({ state: 'approved', resolvedInAudit: 1 });
  });
});
