import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { z } from 'zod';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import {
  AttentionItemSchema,
  AuditPayloadSchema,
  SyncItemSchema,
  type OutboxKind,
} from '../../shared/hq/hq-contract.ts';
import { CompletedRefundSchema, RefundViewSchema } from '../../shared/refunds/refund.ts';
import { CompletedSaleSchema } from '../../shared/sale/completed-sale.ts';
import { CashMoveSchema, DayReportSchema } from '../../shared/till-day/day-report.ts';
import { loadTillCatalog } from '../catalog/catalog-service.ts';
import { createEventHub } from '../events/event-hub.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { createPaymentService } from '../payments/payment-service.ts';
import { recordStuckPayment, UNASKED_TERMINAL } from '../payments/testing/stuck-payment.ts';
import { sellForCash, value, writeTestCatalog, type Call } from '../testing/selling.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { openTillBooks } from '../till-books.ts';
import { createTill } from '../till.ts';
import { createHqLinkBook } from './hq-link.ts';
import { createHqOutbox } from './hq-outbox.ts';

/**
 * What lands in the outbox, written by the till's own services through its
 * router (a sale paid in cash, cash taken out, a refund, a payment a manager
 * settles, the day closed), read back and parsed with the schemas HQ parses
 * them with: the contract's, and the shared records it names.
 */

const AT = '2026-12-04T10:00:00.000Z';
const context = { transport: 'in-process' } as const;

const PAYLOADS: Readonly<Record<OutboxKind, z.ZodType>> = {
  sale: CompletedSaleSchema,
  refund: CompletedRefundSchema,
  z_report: DayReportSchema,
  cash_move: CashMoveSchema,
  audit: AuditPayloadSchema,
  attempt_attention: AttentionItemSchema,
  attempt_settled: AttentionItemSchema,
};

function enrolledTill() {
  const dir = tempDir();
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'en-GB',
    currency: 'EUR',
    mode: 'training',
    payment: null,
    catalog: { path: writeTestCatalog(dir) },
  });
  const books = openTillBooks(path.join(dir, 'journal.sqlite'), { tillId: 'T-1', currency: 'EUR', mode: 'training' });
  createHqLinkBook(books.database).enrol({
    tillKey: 'AMS-01/T-1',
    shopId: 'AMS-01',
    shopName: 'Amsterdam',
    enrolledAt: AT,
    hqUrl: 'https://hq.example',
    mode: 'training',
  });
  const attemptId = recordStuckPayment(books.payments, AT);
  const logger = createMemoryLogger();
  const events = createEventHub(logger);
  const service = createPaymentService({
    book: books.payments,
    provider: UNASKED_TERMINAL,
    currency: 'EUR',
    logger,
    events,
  });
  const till = createTill(config, {
    logger,
    version: 'test',
    books,
    events,
    catalog: loadTillCatalog(config),
    payments: {
      service,
      book: books.payments,
      listener: undefined,
      recovered: Promise.resolve(),
      close: () => service.close(),
    },
  });
  onTestFinished(async () => {
    await till.close();
    books.close();
  });
  const call: Call = (channel, payload) => till.router.call(channel, payload, context);
  return { till, books, call, attemptId };
}

describe('what the till queues for HQ', () => {
  it('is, for every kind, what the contract and the shared records parse, in the mode the till records in', async () => {
    const { books, call, attemptId } = enrolledTill();

    const { sale } = await sellForCash(call, [{ code: 'CHE-001' }, { code: 'BAK-001' }], 1_000);
    value(await call('day.cashMove', { kind: 'out', amountMinor: 500, reason: 'To the bank' }), 'day.cashMove');
    const refund = RefundViewSchema.parse(
      value(
        await call('refunds.start', {
          receiptNumber: sale.receiptNumber,
          lines: [{ lineIndex: 1, quantity: 1 }],
          reason: 'Stale bread',
        }),
        'refunds.start',
      ),
    );
    expect(refund.state).toBe('completed');
    value(
      await call('payments.resolve', {
        attemptId,
        outcome: 'failed',
        reason: 'Not on the terminal’s list',
        manager: 'Bo',
      }),
      'payments.resolve',
    );
    value(await call('day.close', { countedCashMinor: 0 }), 'day.close');

    const items = createHqOutbox(books.database).nextBatch();
    for (const item of items) {
      expect(SyncItemSchema.parse(item)).toEqual(item);
      const parsed = PAYLOADS[item.kind].safeParse(item.payload);
      expect(parsed.error?.issues ?? [], `${item.kind} #${String(item.seq)}`).toEqual([]);
    }
    expect(new Set(items.map((item) => item.kind))).toEqual(new Set(Object.keys(PAYLOADS)));
    expect(new Set(items.map((item) => item.mode))).toEqual(new Set(['training']));
    expect(items.map((item) => item.seq)).toEqual(items.map((_, index) => index + 1));

    // The sale is the record its receipt was printed from, as it is.
    expect(items.find((item) => item.kind === 'sale')?.payload).toEqual(sale);
    expect(items.find((item) => item.kind === 'z_report')?.payload).toMatchObject({ kind: 'Z', zNumber: 1 });
    expect(items.find((item) => item.kind === 'cash_move')?.payload).toEqual({
      at: expect.any(String) as string,
      kind: 'out',
      amountMinor: 500,
      reason: 'To the bank',
    });
    // A payment for a manager carries the fields HQ's list shows, and nothing of the card.
    const attention = items.filter((item) => item.kind.startsWith('attempt_'));
    expect(attention.map((item) => [item.kind, item.payload.state])).toEqual([
      ['attempt_attention', 'needs_attention'],
      ['attempt_settled', 'failed'],
    ]);
    for (const item of attention) {
      expect(Object.keys(item.payload).sort()).toEqual(Object.keys(AttentionItemSchema.shape).sort());
    }
    expect(items.filter((item) => item.kind === 'audit').map((item) => item.payload.action)).toEqual(
      expect.arrayContaining(['cash.moved', 'refund.completed', 'payment.resolved', 'day.closed']),
    );
  });
});
