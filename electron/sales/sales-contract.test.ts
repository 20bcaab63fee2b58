import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CatalogSchema } from '../../shared/catalog/catalog-item.ts';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { PaymentAttemptViewSchema } from '../../shared/payments/payment-state.ts';
import type { CartLine } from '../../shared/sale/cart.ts';
import { FinishedSaleSchema } from '../../shared/sale/completed-sale.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { tempDir } from '../test-support/temp-dir.ts';
import { startTill, type Till } from '../till.ts';

/**
 * The sales channels as the renderer reaches them: through the router of a
 * till started from its configuration, with a real journal file in a temp dir.
 */

const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-9', name: 'Till 9' },
  locale: 'en-GB',
  currency: 'EUR',
};
const context = { transport: 'in-process' } as const;

/** 189 × 2 = 378 at 9 %, and 1 250 at 21 %: 1 628. */
const LINES: CartLine[] = [
  { lineId: 'l-1', sku: 'BAK-001', name: 'White bread', unitPriceMinor: 189, quantity: 2, vatBasisPoints: 900 },
  { lineId: 'l-2', sku: 'WIN-001', name: 'Red wine', unitPriceMinor: 1_250, quantity: 1, vatBasisPoints: 2_100 },
];
const TOTAL = 1_628;

async function cashTill(): Promise<{ till: Till; journal: string }> {
  const journal = path.join(tempDir(), 'journal.sqlite');
  const config = TillConfigSchema.parse({ ...base, mode: 'training', payment: null, journal: { path: journal } });
  const till = await startTill(config, { logger: createMemoryLogger(), version: 'test', env: {} });
  onTestFinished(() => till.close());
  return { till, journal };
}

describe('the sales contract of a started till', () => {
  it('serves the sample catalogue on catalog.get', async () => {
    const { till } = await cashTill();
    const answer = await till.router.call('catalog.get', {}, context);
    expect(answer.ok).toBe(true);
    const catalog = CatalogSchema.parse(answer.ok ? answer.value : undefined);
    expect(catalog.source).toBe('the sample catalogue');
    expect(catalog.items.length).toBeGreaterThanOrEqual(300);
  });

  it('opens the sale journal on the file the configuration names', async () => {
    const { till, journal } = await cashTill();
    expect(till.sales?.file).toBe(journal);
  });

  it.each([
    ['no lines', { saleId: 'S-1', lines: [], cashTendered: [TOTAL], cardAttemptIds: [] }],
    [
      'a total claimed beside the lines',
      { saleId: 'S-1', lines: LINES, cashTendered: [1], cardAttemptIds: [], totalMinor: 1 },
    ],
    [
      'a line total claimed',
      { saleId: 'S-1', lines: [{ ...LINES[0], totalMinor: 1 }], cashTendered: [378], cardAttemptIds: [] },
    ],
    ['a negative cash tender', { saleId: 'S-1', lines: LINES, cashTendered: [-100], cardAttemptIds: [] }],
    ['a sale id with a space', { saleId: 'S 1', lines: LINES, cashTendered: [TOTAL], cardAttemptIds: [] }],
    ['no tenders field', { saleId: 'S-1', lines: LINES, cardAttemptIds: [] }],
  ])('answers sales.complete with %s as BAD_REQUEST and records nothing', async (_what, payload) => {
    const { till } = await cashTill();
    const answer = await till.router.call('sales.complete', payload, context);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await till.router.call('sales.get', {}, context)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('records a good cash sale with its receipt number, and gives it back on sales.get', async () => {
    const { till } = await cashTill();
    const answer = await till.router.call(
      'sales.complete',
      { saleId: 'S-1', lines: LINES, cashTendered: [2_000], cardAttemptIds: [] },
      context,
    );
    expect(answer).toMatchObject({
      ok: true,
      value: {
        sale: { saleId: 'S-1', receiptNumber: 'T-9-000001', tillId: 'T-9', totalMinor: TOTAL, changeMinor: 372 },
        // Cash was taken, but this till has no printer and so no drawer to kick: the cashier opens it by hand.
        drawer: { drawer: 'none' },
        receipt: null,
      },
    });
    const completed = FinishedSaleSchema.parse(answer.ok ? answer.value : undefined).sale;

    const second = await till.router.call(
      'sales.complete',
      { saleId: 'S-2', lines: [LINES[0]], cashTendered: [378], cardAttemptIds: [] },
      context,
    );
    expect(second).toMatchObject({ ok: true, value: { sale: { receiptNumber: 'T-9-000002', totalMinor: 378 } } });

    expect(await till.router.call('sales.get', {}, context)).toMatchObject({
      ok: true,
      value: { saleId: 'S-2', receiptNumber: 'T-9-000002' },
    });
    expect(await till.router.call('sales.get', { saleId: 'S-1' }, context)).toEqual({ ok: true, value: completed });
    expect(await till.router.call('sales.get', { saleId: 'S-3' }, context)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('answers a sale not paid in full with CONFLICT, in words for the cashier', async () => {
    const { till } = await cashTill();
    const answer = await till.router.call(
      'sales.complete',
      { saleId: 'S-1', lines: LINES, cashTendered: [1_000], cardAttemptIds: [] },
      context,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/not paid in full/);
  });

  it('parks, lists and recalls a sale', async () => {
    const { till } = await cashTill();
    const parked = await till.router.call('sales.park', { saleId: 'S-1', lines: LINES, note: 'blue coat' }, context);
    expect(parked).toMatchObject({
      ok: true,
      value: { saleId: 'S-1', note: 'blue coat', lineCount: 2, totalMinor: TOTAL },
    });
    await till.router.call('sales.park', { saleId: 'S-2', lines: [LINES[1]] }, context);

    const list = await till.router.call('sales.parked', {}, context);
    expect(list).toMatchObject({
      ok: true,
      value: [
        { saleId: 'S-1', totalMinor: TOTAL },
        { saleId: 'S-2', totalMinor: 1_250 },
      ],
    });

    expect(await till.router.call('sales.recall', { saleId: 'S-1' }, context)).toEqual({
      ok: true,
      value: { saleId: 'S-1', lines: LINES },
    });
    expect(await till.router.call('sales.parked', {}, context)).toMatchObject({
      ok: true,
      value: [{ saleId: 'S-2' }],
    });
    expect(await till.router.call('sales.recall', { saleId: 'S-1' }, context)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses to park a sale with a note too long, as BAD_REQUEST', async () => {
    const { till } = await cashTill();
    const answer = await till.router.call('sales.park', { saleId: 'S-1', lines: LINES, note: 'x'.repeat(61) }, context);
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await till.router.call('sales.parked', {}, context)).toEqual({ ok: true, value: [] });
  });

  it('finishes a sale paid on the simulated terminal, the card part partly approved and the rest in cash', async () => {
    const dataDir = tempDir();
    const config = TillConfigSchema.parse({ ...base, mode: 'demo' });
    const till = await startTill(config, {
      logger: createMemoryLogger(),
      version: 'test',
      env: { KASSA_DATA_DIR: dataDir },
    });
    onTestFinished(() => till.close());
    // An amount ending in 906: the simulated card covers half of it (953), rounded down.
    const lines: CartLine[] = [
      { lineId: 'l-1', sku: 'GIF-001', name: 'Gift box', unitPriceMinor: 1_906, quantity: 1, vatBasisPoints: 2_100 },
    ];

    const started = await till.router.call('payments.start', { saleId: 'S-CARD', amountMinor: 1_906 }, context);
    expect(started).toMatchObject({ ok: true });
    const { attemptId } = PaymentAttemptViewSchema.parse(started.ok ? started.value : undefined);
    await till.payments?.service.whenSettled(attemptId);
    expect(await till.router.call('payments.get', { attemptId }, context)).toMatchObject({
      ok: true,
      value: { state: 'approved', authorisedMinor: 953 },
    });

    const answer = await till.router.call(
      'sales.complete',
      { saleId: 'S-CARD', lines, cashTendered: [1_000], cardAttemptIds: [attemptId] },
      context,
    );

    expect(answer).toMatchObject({
      ok: true,
      value: {
        sale: {
          receiptNumber: 'T-9-000001',
          totalMinor: 1_906,
          changeMinor: 47,
          tenders: [
            { kind: 'card', attemptId, amountMinor: 953 },
            { kind: 'cash', tenderedMinor: 1_000, amountMinor: 953, changeMinor: 47 },
          ],
        },
      },
    });
    // The terminal's receipt text came with its result and is kept with the sale, for the printed receipt.
    const card = FinishedSaleSchema.parse(answer.ok ? answer.value : undefined).sale.tenders[0];
    expect(card?.kind === 'card' ? card.receipts?.map((receipt) => receipt.copy) : undefined).toEqual([
      'merchant',
      'customer',
    ]);
    expect(till.sales?.file).toBe(path.join(dataDir, 'journal.sqlite'));
    // A sale a card payment was started on cannot be parked.
    expect(await till.router.call('sales.park', { saleId: 'S-CARD', lines }, context)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    // The simulator runs in real time: the card tap and the issuer take a few seconds.
  }, 20_000);
});
