import { randomUUID } from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import { cartTotals, type CartLine } from '../../shared/sale/cart.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { type AttemptRecord, type PaymentBook, type TransitionChange } from '../payments/payment-book.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { TillError } from '../till-error.ts';
import type { CompleteSale } from './sale-book.ts';
import type { TillBooks, TillBooksOptions } from '../till-books.ts';
import { openTestBooks } from '../testing/test-books.ts';
import { rawConnection } from '../testing/raw-connection.ts';

const AT = '2025-03-01T10:00:00.000Z';
const TILL_ID = 'T-7';

// ── a cart whose figures are worked out by hand ────────────────────────────
//
// bread   189 × 3 = 567, 10 % off: 567 × 1000 / 10000 = 56.7 → 57 off → 510   (VAT 9 %)
// wine    catalogue 899, sold at 750 × 2 = 1500                               (VAT 21 %)
// cheese  425 × 1, 0.25 off → 400                                             (VAT 9 %)
//
// total 510 + 1500 + 400 = 2410; discount 57 + 25 = 82; items 3 + 2 + 1 = 6
// VAT  9 %: gross 910,  vat = 910 × 900 / 10900 = 75.14 → 75,  net 835
// VAT 21 %: gross 1500, vat = 1500 × 2100 / 12100 = 260.33 → 260, net 1240

const BREAD: CartLine = {
  lineId: 'l-1',
  sku: 'BAK-001',
  name: 'White bread',
  unitPriceMinor: 189,
  quantity: 3,
  discount: { kind: 'percent', basisPoints: 1_000 },
  vatBasisPoints: 900,
};
const WINE: CartLine = {
  lineId: 'l-2',
  sku: 'WIN-001',
  name: 'Red wine',
  unitPriceMinor: 899,
  priceOverrideMinor: 750,
  quantity: 2,
  vatBasisPoints: 2_100,
};
const CHEESE: CartLine = {
  lineId: 'l-3',
  sku: 'DAI-001',
  name: 'Cheese',
  unitPriceMinor: 425,
  quantity: 1,
  discount: { kind: 'amount', minor: 25 },
  vatBasisPoints: 900,
};
const LINES: CartLine[] = [BREAD, WINE, CHEESE];
const TOTAL = 2_410;

// ── real journals on a real file ───────────────────────────────────────────

function journalFile(): string {
  return path.join(tempDir(), 'journal.sqlite');
}

/** A clock that moves one second on every reading, so "oldest first" means something. */
function ticking(start = AT): () => Date {
  let ms = Date.parse(start);
  return () => {
    const date = new Date(ms);
    ms += 1_000;
    return date;
  };
}

/** The till's books on `file`: the sale journal and the payment journal on one connection, as in the till. */
// The payment book reads the clock once as it opens (to forget ServiceIDs too old to matter): a tick
// before AT, so the first sale is recorded at AT.
function openBooks(
  file: string,
  now: () => Date = ticking(new Date(Date.parse(AT) - 1_000).toISOString()),
  options: Partial<TillBooksOptions> = {},
): TillBooks {
  const books = openTestBooks(file, { tillId: TILL_ID, clock: { now }, ...options });
  onTestFinished(() => books.close());
  return books;
}

function rowCount(file: string, table: string): number {
  return Number(rawConnection(file).prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n);
}

/** Both journals on one file and one connection, as in the till. */
function journals() {
  const file = journalFile();
  const books = openBooks(file);
  return { file, payments: books.payments, sales: books.sales, books };
}

const PATH_TO: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  created: [],
  sent: ['sent'],
  in_progress: ['sent', 'in_progress'],
  checking: ['sent', 'checking'],
  needs_attention: ['sent', 'checking', 'needs_attention'],
  approved: ['sent', 'approved'],
  declined: ['sent', 'declined'],
  cancelled: ['sent', 'cancelled'],
  failed: ['sent', 'failed'],
};

let serial = 0;

/** A real card attempt for `saleId` in the payment journal, driven to `state`; `last` is applied on the final step. */
function cardAttempt(
  payments: PaymentBook,
  saleId: string,
  amountMinor: number,
  state: PaymentState,
  last: TransitionChange = {},
): AttemptRecord {
  serial += 1;
  const created = payments.createAttempt(
    {
      id: randomUUID(),
      saleId,
      tenderId: randomUUID(),
      saleTotalMinor: TOTAL,
      provider: 'adyen',
      // A terminal per attempt: the journal takes only one unsettled attempt per terminal.
      terminalId: `V400m-${serial}`,
      saleSystemId: 'POSSystemID12345',
      serviceId: `SVC${String(serial).padStart(7, '0')}`,
      saleTransactionId: saleId,
      amountMinor,
      currency: 'EUR',
      delivery: 'sync',
    },
    AT,
  );
  const steps = PATH_TO[state];
  let record = created;
  steps.forEach((step, index) => {
    record = payments.transition(created.id, step, index === steps.length - 1 ? last : {}, AT);
  });
  return record;
}

function sale(overrides: Partial<CompleteSale> = {}): CompleteSale {
  return { saleId: 'S-1', lines: LINES, cashTendered: [], cardAttemptIds: [], ...overrides };
}

function refusal(work: () => unknown): TillError {
  try {
    work();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a TillError, nothing was thrown');
}

// ── completing ─────────────────────────────────────────────────────────────

describe('completing a cash sale', () => {
  it('records the totals, VAT and change worked out from the lines', () => {
    const { sales } = journals();
    const completed = sales.complete(sale({ cashTendered: [5_000] }));

    expect(completed).toMatchObject({
      saleId: 'S-1',
      receiptNumber: 'T-7-000001',
      completedAt: AT,
      tillId: TILL_ID,
      currency: 'EUR',
      totalMinor: 2_410,
      discountMinor: 82,
      itemCount: 6,
      changeMinor: 2_590,
    });
    expect(completed.vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 910, vatMinor: 75, netMinor: 835 },
      { vatBasisPoints: 2_100, grossMinor: 1_500, vatMinor: 260, netMinor: 1_240 },
    ]);
    expect(completed.lines.map((line) => [line.lineId, line.totalMinor, line.discountMinor])).toEqual([
      ['l-1', 510, 57],
      ['l-2', 1_500, 0],
      ['l-3', 400, 25],
    ]);
    expect(completed.tenders).toEqual([{ kind: 'cash', tenderedMinor: 5_000, amountMinor: 2_410, changeMinor: 2_590 }]);
    expect(sales.completed('S-1')).toEqual(completed);
  });

  it('takes the money from the lines, not from totals a renderer put beside them', () => {
    const { file, sales } = journals();
    // What a lying renderer could send if nothing checked the shape: totals of 1 cent everywhere.
    const lying = {
      ...sale({ cashTendered: [2_410] }),
      totalMinor: 1,
      lines: LINES.map((line) => ({ ...line, totalMinor: 1, discountMinor: 0 })),
    } as CompleteSale;

    const completed = sales.complete(lying);

    expect(completed.totalMinor).toBe(2_410);
    expect(completed.lines.map((line) => line.totalMinor)).toEqual([510, 1_500, 400]);
    expect(completed.changeMinor).toBe(0);
    const stored = rawConnection(file).prepare('SELECT total_minor FROM completed_sales').get();
    expect(stored?.total_minor).toBe(2_410);
  });

  it('applies several cash tenders in turn, change only from the last', () => {
    const { sales } = journals();
    const completed = sales.complete(sale({ cashTendered: [1_000, 2_000] }));
    expect(completed.tenders).toEqual([
      { kind: 'cash', tenderedMinor: 1_000, amountMinor: 1_000, changeMinor: 0 },
      { kind: 'cash', tenderedMinor: 2_000, amountMinor: 1_410, changeMinor: 590 },
    ]);
    expect(completed.changeMinor).toBe(590);
  });

  it('refuses a sale not paid in full, and writes nothing', () => {
    const { file, sales } = journals();
    const error = refusal(() => sales.complete(sale({ cashTendered: [2_409] })));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/not paid in full/);
    expect(rowCount(file, 'completed_sales')).toBe(0);
    expect(sales.completed('S-1')).toBeUndefined();
  });

  it('refuses cash taken when nothing was left to pay', () => {
    const { file, sales } = journals();
    const error = refusal(() => sales.complete(sale({ cashTendered: [2_410, 500] })));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/Nothing was left to pay/);
    expect(rowCount(file, 'completed_sales')).toBe(0);
  });

  it('refuses in the till’s language: a Dutch till’s books say in Dutch that the sale is not paid in full', () => {
    const file = journalFile();
    const { sales } = openBooks(file, undefined, { language: 'nl' });
    const error = refusal(() => sales.complete(sale({ cashTendered: [2_409] })));
    expect(error.message).toBe('De verkoop is nog niet helemaal betaald: ontvang de rest voordat je afrondt.');
    expect(rowCount(file, 'completed_sales')).toBe(0);
  });

  it('records a sale discounted to nothing without any tender', () => {
    const { sales } = journals();
    const free: CartLine = { ...CHEESE, discount: { kind: 'percent', basisPoints: 10_000 } };
    const completed = sales.complete(sale({ lines: [free] }));
    expect(completed).toMatchObject({ totalMinor: 0, changeMinor: 0, tenders: [] });
  });
});

describe('completing a sale paid by card', () => {
  it('takes the card tender from the approved attempt, with its reference and card', () => {
    const { payments, sales } = journals();
    const attempt = cardAttempt(payments, 'S-1', TOTAL, 'approved', {
      authorisedMinor: TOTAL,
      terminalReference: 'PSP-1',
      card: { brand: 'visa', last4: '4242', authCode: 'AB12' },
    });

    const completed = sales.complete(sale({ cardAttemptIds: [attempt.id] }));

    expect(completed.tenders).toEqual([
      {
        kind: 'card',
        attemptId: attempt.id,
        amountMinor: TOTAL,
        terminalReference: 'PSP-1',
        card: { brand: 'visa', last4: '4242', authCode: 'AB12' },
      },
    ]);
    expect(completed).toMatchObject({ totalMinor: TOTAL, changeMinor: 0 });
  });

  it('counts a partial approval at the authorised amount and leaves the rest to cash', () => {
    const { payments, sales } = journals();
    const attempt = cardAttempt(payments, 'S-1', TOTAL, 'approved', {
      authorisedMinor: 1_000,
      reason: 'Partly approved',
    });

    expect(refusal(() => sales.complete(sale({ cardAttemptIds: [attempt.id] }))).message).toMatch(/not paid in full/);
    const completed = sales.complete(sale({ cardAttemptIds: [attempt.id], cashTendered: [2_000] }));

    expect(completed.tenders).toEqual([
      { kind: 'card', attemptId: attempt.id, amountMinor: 1_000 },
      { kind: 'cash', tenderedMinor: 2_000, amountMinor: 1_410, changeMinor: 590 },
    ]);
    expect(completed.changeMinor).toBe(590);
  });

  it('counts an approved attempt of the sale that the request did not name', () => {
    const { payments, sales } = journals();
    const attempt = cardAttempt(payments, 'S-1', TOTAL, 'approved', { authorisedMinor: TOTAL });

    const completed = sales.complete(sale());

    expect(completed.tenders).toEqual([{ kind: 'card', attemptId: attempt.id, amountMinor: TOTAL }]);
  });

  it('refuses cash on top of an unnamed approval that paid it all', () => {
    const { file, payments, sales } = journals();
    cardAttempt(payments, 'S-1', TOTAL, 'approved', { authorisedMinor: TOTAL });
    const error = refusal(() => sales.complete(sale({ cashTendered: [2_410] })));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/Nothing was left to pay/);
    expect(rowCount(file, 'completed_sales')).toBe(0);
  });

  it('counts an approval recorded without an authorised amount at what the payment journal counts it', () => {
    const { payments, sales } = journals();
    // The payment journal allows an approval without an amount and counts its tender as the amount asked.
    const attempt = cardAttempt(payments, 'S-1', TOTAL, 'approved');
    expect(payments.saleBalance('S-1')).toMatchObject({ paidMinor: TOTAL, dueMinor: 0 });

    const completed = sales.complete(sale({ cardAttemptIds: [attempt.id] }));

    expect(completed.tenders).toEqual([{ kind: 'card', attemptId: attempt.id, amountMinor: TOTAL }]);
  });

  it.each(['declined', 'cancelled', 'failed'] as const)(
    'refuses a named attempt that ended %s, and writes nothing',
    (state) => {
      const { file, payments, sales } = journals();
      const attempt = cardAttempt(payments, 'S-1', TOTAL, state);
      const error = refusal(() => sales.complete(sale({ cardAttemptIds: [attempt.id], cashTendered: [TOTAL] })));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/not approved for it/);
      expect(rowCount(file, 'completed_sales')).toBe(0);
    },
  );

  it('leaves a declined attempt the request did not name out of the tenders', () => {
    const { payments, sales } = journals();
    cardAttempt(payments, 'S-1', TOTAL, 'declined');
    const completed = sales.complete(sale({ cashTendered: [TOTAL] }));
    expect(completed.tenders).toEqual([{ kind: 'cash', tenderedMinor: TOTAL, amountMinor: TOTAL, changeMinor: 0 }]);
  });

  it("refuses another sale's approved attempt, and writes nothing", () => {
    const { file, payments, sales } = journals();
    const other = cardAttempt(payments, 'S-OTHER', TOTAL, 'approved', { authorisedMinor: TOTAL });
    const error = refusal(() => sales.complete(sale({ cardAttemptIds: [other.id] })));
    expect(error.code).toBe('CONFLICT');
    expect(rowCount(file, 'completed_sales')).toBe(0);
    // Nor is that approval counted for this sale when it is not named.
    expect(refusal(() => sales.complete(sale())).message).toMatch(/not paid in full/);
  });

  it('refuses an attempt id the journal has never seen', () => {
    const { sales } = journals();
    const error = refusal(() => sales.complete(sale({ cardAttemptIds: ['no-such-attempt'], cashTendered: [TOTAL] })));
    expect(error.code).toBe('CONFLICT');
  });

  it.each(['created', 'sent', 'in_progress', 'checking', 'needs_attention'] as const)(
    'refuses to finish while an attempt of the sale is %s, even when cash covers it',
    (state) => {
      const { file, payments, sales } = journals();
      cardAttempt(payments, 'S-1', TOTAL, state);
      const error = refusal(() => sales.complete(sale({ cashTendered: [TOTAL] })));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/not settled/);
      expect(rowCount(file, 'completed_sales')).toBe(0);
    },
  );

  it('refuses to finish when an approval was contradicted and waits for a manager', () => {
    const { payments, sales } = journals();
    const attempt = cardAttempt(payments, 'S-1', TOTAL, 'approved', { authorisedMinor: TOTAL });
    payments.transition(attempt.id, 'needs_attention', { attention: 'conflicting_result' }, AT);
    expect(refusal(() => sales.complete(sale({ cardAttemptIds: [attempt.id] }))).message).toMatch(/not settled/);
  });

  it('refuses card payments that come to more than the sale', () => {
    const { file, payments, sales } = journals();
    const first = cardAttempt(payments, 'S-1', 2_000, 'approved', { authorisedMinor: 2_000 });
    const second = cardAttempt(payments, 'S-1', 1_000, 'approved', { authorisedMinor: 1_000 });
    const error = refusal(() => sales.complete(sale({ cardAttemptIds: [first.id, second.id] })));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/more than the sale/);
    expect(rowCount(file, 'completed_sales')).toBe(0);
  });

  it('adds up two approvals that pay the sale between them', () => {
    const { payments, sales } = journals();
    const first = cardAttempt(payments, 'S-1', 2_000, 'approved', { authorisedMinor: 2_000 });
    const second = cardAttempt(payments, 'S-1', 410, 'approved', { authorisedMinor: 410 });
    const completed = sales.complete(sale({ cardAttemptIds: [second.id, first.id] }));
    expect(completed.tenders.map((tender) => [tender.kind, tender.amountMinor])).toEqual([
      ['card', 2_000],
      ['card', 410],
    ]);
  });
});

describe('numbering and keeping completed sales', () => {
  it('returns the same record for the same sale completed twice, and writes one row', () => {
    const { file, sales } = journals();
    const first = sales.complete(sale({ cashTendered: [5_000] }));
    const again = sales.complete(sale({ cashTendered: [5_000] }));
    expect(again).toEqual(first);
    expect(again.receiptNumber).toBe('T-7-000001');
    expect(rowCount(file, 'completed_sales')).toBe(1);
    // The next sale still gets the next number: the repeat used none.
    expect(sales.complete(sale({ saleId: 'S-2', cashTendered: [TOTAL] })).receiptNumber).toBe('T-7-000002');
  });

  it('numbers receipts in order, and goes on from there after the file is reopened', () => {
    const file = journalFile();
    const first = openTestBooks(file, { tillId: TILL_ID, clock: { now: ticking() } });
    expect(first.sales.complete(sale({ saleId: 'S-1', cashTendered: [TOTAL] })).receiptNumber).toBe('T-7-000001');
    expect(first.sales.complete(sale({ saleId: 'S-2', cashTendered: [TOTAL] })).receiptNumber).toBe('T-7-000002');
    first.close();

    const second = openBooks(file).sales;
    expect(second.completed('S-1')?.receiptNumber).toBe('T-7-000001');
    expect(second.lastCompleted()?.saleId).toBe('S-2');
    expect(second.complete(sale({ saleId: 'S-3', cashTendered: [TOTAL] })).receiptNumber).toBe('T-7-000003');
  });

  it('does not use up a number on a refused sale', () => {
    const { sales } = journals();
    refusal(() => sales.complete(sale({ saleId: 'S-1', cashTendered: [1] })));
    expect(sales.complete(sale({ saleId: 'S-2', cashTendered: [TOTAL] })).receiptNumber).toBe('T-7-000001');
  });

  it('keeps completed sales from being changed or deleted, even through a raw connection', () => {
    const { file, sales } = journals();
    const completed = sales.complete(sale({ cashTendered: [TOTAL] }));
    const raw = rawConnection(file);

    expect(() => raw.exec("UPDATE completed_sales SET total_minor = 1 WHERE sale_id = 'S-1'")).toThrow(
      /a completed sale is final/,
    );
    expect(() => raw.exec("UPDATE completed_sales SET record = '{}'")).toThrow(/a completed sale is final/);
    expect(() => raw.exec("DELETE FROM completed_sales WHERE sale_id = 'S-1'")).toThrow(/a completed sale is final/);
    expect(rowCount(file, 'completed_sales')).toBe(1);
    expect(sales.completed('S-1')).toEqual(completed);
  });

  it('finds a completed sale by id and the last one, and nothing before there is any', () => {
    const { sales } = journals();
    expect(sales.lastCompleted()).toBeUndefined();
    expect(sales.completed('S-1')).toBeUndefined();
    const first = sales.complete(sale({ saleId: 'S-1', cashTendered: [TOTAL] }));
    const second = sales.complete(sale({ saleId: 'S-2', lines: [WINE], cashTendered: [2_000] }));
    expect(sales.completed('S-1')).toEqual(first);
    expect(sales.lastCompleted()).toEqual(second);
    expect(sales.completed('S-3')).toBeUndefined();
  });
});

// ── parking ────────────────────────────────────────────────────────────────

describe('queueing receipts with the sale', () => {
  function printingSales() {
    return openBooks(journalFile(), ticking(), { printReceipts: true });
  }

  it("queues the sale's receipt as the sale is recorded, once however often the sale is completed", () => {
    const { sales, printQueue } = printingSales();

    const completed = sales.complete(sale({ cashTendered: [TOTAL] }));
    sales.complete(sale({ cashTendered: [TOTAL] }));

    expect(printQueue.waiting()).toMatchObject([
      { kind: 'receipt', receiptNumber: completed.receiptNumber, status: 'queued', tries: 0 },
    ]);
  });

  it('queues nothing for a refused sale, and nothing on a till that does not print', () => {
    const { sales, printQueue } = printingSales();
    refusal(() => sales.complete(sale({ cashTendered: [1] })));
    expect(printQueue.waiting()).toEqual([]);

    const { sales: silent, books } = journals();
    silent.complete(sale({ cashTendered: [TOTAL] }));
    expect(books.printQueue.waiting()).toEqual([]);
  });
});

// ── property ───────────────────────────────────────────────────────────────

const ITEMS = [
  { sku: 'A', name: 'Apple', priceMinor: 45, vatBasisPoints: 900 },
  { sku: 'B', name: 'Beer', priceMinor: 129, vatBasisPoints: 2_100 },
  { sku: 'C', name: 'Candle', priceMinor: 1_999, vatBasisPoints: 2_100 },
  { sku: 'D', name: 'Daily paper', priceMinor: 250, vatBasisPoints: 0 },
  { sku: 'E', name: 'Eggs', priceMinor: 333, vatBasisPoints: 900 },
] as const;

const lineArbitrary = fc
  .record({
    item: fc.constantFrom(...ITEMS),
    quantity: fc.integer({ min: 1, max: 25 }),
    override: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
    discount: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 1, max: 10_000 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
      // A share of the line, in thousandths, turned into an amount below.
      fc.integer({ min: 1, max: 1_000 }).map((share) => ({ kind: 'amount' as const, share })),
    ),
  })
  .map(({ item, quantity, override, discount }) => {
    const gross = (override ?? item.priceMinor) * quantity;
    const line: Omit<CartLine, 'lineId'> = {
      sku: item.sku,
      name: item.name,
      unitPriceMinor: item.priceMinor,
      quantity,
      vatBasisPoints: item.vatBasisPoints,
      ...(override === undefined ? {} : { priceOverrideMinor: override }),
    };
    if (discount === undefined) return line;
    if (discount.kind === 'percent') return { ...line, discount };
    const minor = Math.floor((gross * discount.share) / 1_000);
    return minor > 0 ? { ...line, discount: { kind: 'amount' as const, minor } } : line;
  });

/** Cash tenders that cover `total`: each but the last leaves something due, the last may bring change. */
function coveringTenders(total: number, parts: readonly number[], change: number): number[] {
  if (total === 0) return [];
  const tenders: number[] = [];
  let due = total;
  for (const part of parts) {
    if (part >= due) break;
    tenders.push(part);
    due -= part;
  }
  tenders.push(due + change);
  return tenders;
}

describe('any cash sale', () => {
  it('records the total of its lines, tenders that add up to it, and change of what was handed over beyond it', () => {
    const { sales } = journals();
    let count = 0;
    let recorded = 0;
    fc.assert(
      fc.property(
        fc.array(lineArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        (drafts, parts, extra) => {
          count += 1;
          const saleId = `P-${count}`;
          const lines: CartLine[] = drafts.map((draft, index) => ({ ...draft, lineId: `l-${index}` }));
          const expected = cartTotals({ saleId, currency: 'EUR', lines });
          const cash = coveringTenders(expected.totalMinor, parts, extra);

          const completed: CompletedSale = sales.complete({ saleId, lines, cashTendered: cash, cardAttemptIds: [] });
          recorded += 1;

          expect(completed.totalMinor).toBe(expected.totalMinor);
          expect(completed.discountMinor).toBe(expected.discountMinor);
          expect(completed.vat).toEqual(expected.vat);
          const applied = completed.tenders.reduce((sum, tender) => sum + tender.amountMinor, 0);
          expect(applied).toBe(expected.totalMinor);
          const tendered = cash.reduce((sum, amount) => sum + amount, 0);
          expect(completed.changeMinor).toBe(tendered - applied);
          for (const tender of completed.tenders) {
            if (tender.kind === 'cash') expect(tender.amountMinor + tender.changeMinor).toBe(tender.tenderedMinor);
          }
          expect(completed.receiptNumber).toBe(`T-7-${String(recorded).padStart(6, '0')}`);
          expect(sales.completed(saleId)).toEqual(completed);
        },
      ),
      { numRuns: 150 },
    );
  });
});
