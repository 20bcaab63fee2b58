import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { MAX_PUSH_ITEMS, SyncItemSchema } from '../../shared/hq/hq-contract.ts';
import type { CartLine } from '../../shared/sale/cart.ts';
import { recordStuckPayment } from '../payments/testing/stuck-payment.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { tempDir } from '../testing/temp-dir.ts';
import type { TillBooks } from '../till-books.ts';
import { createHqLinkBook, type HqLink } from './hq-link.ts';
import { createHqOutbox } from './hq-outbox.ts';

/**
 * The outbox to HQ as migration 13 makes it: triggers on the tables that
 * record things queue each record in the transaction that writes it, only on
 * a till linked to HQ, and enrolment queues the till's history with the link.
 * Real books on a real file.
 */

const AT = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T11:00:00.000Z';

const BREAD: CartLine = {
  lineId: 'l-1',
  sku: 'BAK-001',
  name: 'White bread',
  unitPriceMinor: 189,
  quantity: 1,
  vatBasisPoints: 900,
};

const LINK: HqLink = {
  tillKey: 'AMS-01/T-1',
  shopId: 'AMS-01',
  shopName: 'Amsterdam',
  enrolledAt: LATER,
  hqUrl: 'https://hq.example',
  mode: 'live',
};

function books(): TillBooks {
  let now = Date.parse(AT);
  const opened = openTestBooks(path.join(tempDir(), 'journal.sqlite'), {
    // Each read of the clock a second later, so records are told apart by time.
    clock: { now: () => new Date((now += 1_000)) },
  });
  onTestFinished(() => opened.close());
  return opened;
}

let sales = 0;
function sellBread(till: TillBooks) {
  sales += 1;
  return till.sales.complete({
    saleId: `SALE-${String(sales)}`,
    lines: [BREAD],
    cashTendered: [200],
    cardAttemptIds: [],
  });
}

const queued = (till: TillBooks) =>
  till.database.connection.prepare('SELECT seq, kind, at, mode FROM hq_outbox ORDER BY seq').all();

describe('the outbox before enrolment', () => {
  it('queues nothing on a till that is not linked to HQ', () => {
    const till = books();
    sellBread(till);
    till.audit.record({ action: 'drawer.opened_without_sale', detail: {} }, AT);
    recordStuckPayment(till.payments, AT);

    expect(queued(till)).toEqual([]);
    expect(createHqOutbox(till.database).waiting()).toEqual({ count: 0, oldestAt: undefined });
  });
});

describe('enrolment', () => {
  it("queues the till's history with the link, oldest first, and leaves the audit log behind", () => {
    const till = books();
    const first = sellBread(till);
    const day = till.days.openDay('live');
    if (day === undefined) throw new Error('the sale opened no day');
    till.transaction(() =>
      till.days.recordCashMove(day, { at: '2026-12-01T10:30:00.000Z', kind: 'out', amountMinor: 100, reason: 'Bank' }),
    );
    const attemptId = recordStuckPayment(till.payments, '2026-12-01T10:20:00.000Z');
    const second = sellBread(till);
    till.audit.record({ action: 'drawer.opened_without_sale', detail: {} }, AT);

    const written = createHqLinkBook(till.database).enrol(LINK);

    expect(written).toEqual({ queued: 4, again: false });
    // In the order it happened, not the order it was written.
    expect(queued(till)).toEqual([
      { seq: 1, kind: 'sale', at: first.completedAt, mode: 'live' },
      { seq: 2, kind: 'sale', at: second.completedAt, mode: 'live' },
      { seq: 3, kind: 'attempt_attention', at: '2026-12-01T10:20:00.000Z', mode: 'live' },
      { seq: 4, kind: 'cash_move', at: '2026-12-01T10:30:00.000Z', mode: 'live' },
    ]);
    const items = createHqOutbox(till.database).nextBatch();
    expect(items.map((item) => SyncItemSchema.parse(item))).toEqual(items);
    expect(items[2]?.payload).toMatchObject({ attemptId, state: 'needs_attention', attention: 'unconfirmed' });
    expect(createHqLinkBook(till.database).link()).toEqual(LINK);
  });

  it('enrolled again (after HQ revoked it) keeps what waits and queues no second history', () => {
    const till = books();
    sellBread(till);
    const links = createHqLinkBook(till.database);
    links.enrol(LINK);
    createHqOutbox(till.database).recordProblem('revoked', 'token revoked', LATER);

    const again = links.enrol({ ...LINK, enrolledAt: '2026-12-02T09:00:00.000Z' });

    expect(again).toEqual({ queued: 0, again: true });
    expect(queued(till)).toHaveLength(1);
    expect(createHqOutbox(till.database).state().problem).toBeUndefined();
    expect(links.link()?.enrolledAt).toBe('2026-12-02T09:00:00.000Z');
  });
});

describe('the triggers, once linked', () => {
  it('queue a record in the transaction that writes it: a sale rolled back queues nothing', () => {
    const till = books();
    createHqLinkBook(till.database).enrol(LINK);

    expect(() =>
      till.transaction(() => {
        sellBread(till);
        throw new Error('the power went');
      }),
    ).toThrow('the power went');
    expect(queued(till)).toEqual([]);
    expect(till.database.connection.prepare('SELECT count(*) AS n FROM completed_sales').get()?.n).toBe(0);

    const sale = sellBread(till);
    // The sale and the audit row the book writes with it (none for a plain cash sale), nothing else.
    expect(queued(till)).toEqual([{ seq: 1, kind: 'sale', at: sale.completedAt, mode: 'live' }]);
  });

  it('queue a payment when it starts waiting for a manager and when it stops, not on other changes', () => {
    const till = books();
    createHqLinkBook(till.database).enrol(LINK);
    const attemptId = recordStuckPayment(till.payments, AT);
    till.payments.transition(attemptId, 'approved', { reason: 'Seen on the terminal' }, LATER);

    expect(queued(till).map((row) => row.kind)).toEqual(['attempt_attention', 'attempt_settled']);
    const settled = createHqOutbox(till.database).nextBatch()[1];
    expect(settled).toMatchObject({ at: LATER, payload: { attemptId, state: 'approved', attention: null } });
  });
});

describe('reading and forgetting', () => {
  it('hands out batches in order, at most the contract allows, and forgets only what HQ acknowledged', () => {
    const till = books();
    createHqLinkBook(till.database).enrol(LINK);
    const insert = till.database.connection.prepare(
      "INSERT INTO hq_outbox (kind, at, mode, payload) VALUES ('audit', ?, 'live', ?)",
    );
    till.transaction(() => {
      for (let n = 1; n <= MAX_PUSH_ITEMS + 20; n += 1) {
        const at = new Date(Date.parse(AT) + n * 1_000).toISOString();
        insert.run(at, JSON.stringify({ seq: n, at, action: 'cash.moved', actor: null, reason: null, detail: {} }));
      }
    });
    const outbox = createHqOutbox(till.database);

    const batch = outbox.nextBatch();
    expect(batch).toHaveLength(MAX_PUSH_ITEMS);
    expect(batch.map((item) => item.seq)).toEqual(Array.from({ length: MAX_PUSH_ITEMS }, (_, index) => index + 1));
    expect(outbox.waiting(MAX_PUSH_ITEMS)).toEqual({ count: 20, oldestAt: '2026-12-01T10:08:21.000Z' });

    expect(outbox.recordSynced(300, LATER)).toBe(300);
    expect(outbox.nextBatch(2).map((item) => item.seq)).toEqual([301, 302]);
    expect(outbox.waiting()).toEqual({ count: 220, oldestAt: '2026-12-01T10:05:01.000Z' });
    expect(outbox.state()).toMatchObject({ ackedThrough: 300, lastSyncAt: LATER, problem: undefined });
  });
});
