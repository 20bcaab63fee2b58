import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { JournalSearchSchema, type JournalSearch } from '../../shared/journal/journal-search.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { searchSql } from './journal-search.ts';

/**
 * A search must cost the same after a million sales as on the first day:
 * every criterion reaches its rows through an index and never reads the
 * whole table (the bench measures the figures; this keeps the plans honest).
 */

const CRITERIA: [string, JournalSearch][] = [
  ['a receipt number', { receiptNumber: 'T-1-000042' }],
  ['from a time', { from: '2026-11-20T00:00:00.000Z' }],
  ['up to a time', { to: '2026-11-20T00:00:00.000Z' }],
  ['a time range', { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }],
  ['an amount', { amountMinor: 1_234 }],
  ['a card', { cardLast4: '9999' }],
  ['an amount on a day', { amountMinor: 1_234, from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' }],
];

describe('searching the journal', () => {
  it.each(CRITERIA)('finds sales by %s through an index', (_what, criteria) => {
    const file = path.join(tempDir(), 'journal.sqlite');
    openTestBooks(file).close();
    const database = new DatabaseSync(file);
    const { sql, values } = searchSql(JournalSearchSchema.parse(criteria));
    const plan = database
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...values, 50)
      .map((step) => String(step.detail));
    database.close();
    // "SCAN completed_sales" alone reads every sale; a SEARCH, or a SCAN USING INDEX, stops early.
    expect(plan.filter((step) => /^SCAN \w+$/.test(step))).toEqual([]);
  });
});
