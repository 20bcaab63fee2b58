import { describe, expect, it } from 'vitest';
import { JournalSearchSchema } from '../../shared/journal/journal-search.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import { cardLabel, EMPTY_SEARCH, printJobWords, searchRequest } from './journal.ts';

describe('the journal search form', () => {
  it('asks for the latest sales when nothing is filled in', () => {
    expect(searchRequest(EMPTY_SEARCH, 'EUR')).toEqual({ ok: true, request: {} });
  });

  it('sends only what was typed: trimmed, local times as instants, the amount in minor units', () => {
    const built = searchRequest(
      {
        receiptNumber: ' T-2-000042 ',
        from: '2026-11-21T09:00',
        to: '2026-11-21T17:30',
        amount: '12,50',
        cardLast4: ' 1234 ',
      },
      'EUR',
    );
    expect(built).toEqual({
      ok: true,
      request: {
        receiptNumber: 'T-2-000042',
        // Typed times are the till's own time; main compares instants.
        from: new Date('2026-11-21T09:00').toISOString(),
        to: new Date('2026-11-21T17:30').toISOString(),
        amountMinor: 1_250,
        cardLast4: '1234',
      },
    });
    // Main takes it as it is.
    expect(built.ok && JournalSearchSchema.safeParse(built.request).success).toBe(true);
  });

  it('reads the times in the till’s locale, a “to” date alone as the end of that day', () => {
    expect(searchRequest({ ...EMPTY_SEARCH, from: '03-04-2026 09:00', to: '03-04-2026' }, 'EUR', 'nl-NL')).toEqual({
      ok: true,
      request: {
        from: new Date(2026, 3, 3, 9, 0).toISOString(),
        to: new Date(2026, 3, 3, 23, 59, 59).toISOString(),
      },
    });
  });

  it('keeps the currency’s own decimals', () => {
    expect(searchRequest({ ...EMPTY_SEARCH, amount: '1500' }, 'JPY')).toEqual({
      ok: true,
      request: { amountMinor: 1_500 },
    });
  });

  it('says what to fix instead of sending a search main would refuse', () => {
    const problem = (form: Partial<typeof EMPTY_SEARCH>) => {
      const built = searchRequest({ ...EMPTY_SEARCH, ...form }, 'EUR');
      return built.ok ? undefined : built.problem;
    };
    expect(problem({ amount: '12.345' })).toBe('Type the amount as on the receipt, for example 12.50.');
    expect(problem({ amount: '-3' })).toBe('Type the amount as on the receipt, for example 12.50.');
    expect(problem({ cardLast4: '123' })).toBe('Type the last 4 digits of the card, as printed on the receipt.');
    expect(problem({ cardLast4: '12a4' })).toBe('Type the last 4 digits of the card, as printed on the receipt.');
    expect(problem({ from: 'yesterday' })).toMatch(
      /^“From” is not a date and time\. Type it like \d\d\/\d\d\/\d{4}, \d\d:\d\d, or leave it empty\.$/,
    );
    expect(problem({ from: '2026-11-21T17:00', to: '2026-11-21T09:00' })).toBe(
      '“To” is before “From”. Swap them, or leave one empty.',
    );
  });
});

describe('the journal’s words', () => {
  it('names a card as the receipt does', () => {
    expect(cardLabel({ brand: 'visa', last4: '1234' })).toBe('Card VISA ••••1234');
    expect(cardLabel({ last4: '0005' })).toBe('Card ••••0005');
    expect(cardLabel(undefined)).toBe('Card');
  });

  it('says where each receipt is on its way to paper', () => {
    const job: PrintJobView = {
      jobId: 1,
      kind: 'receipt',
      receiptNumber: 'T-2-000001',
      status: 'queued',
      tries: 2,
      problem: 'The printer is out of paper.',
      createdAt: '2026-11-21T09:00:00.000Z',
    };
    const time = (iso: string) => iso.slice(11, 16);
    expect(printJobWords(job, time)).toBe('Receipt: waiting for the printer (The printer is out of paper.)');
    expect(
      printJobWords({ ...job, kind: 'copy', status: 'printed', printedAt: '2026-11-21T09:05:00.000Z' }, time),
    ).toBe('Copy: printed 09:05');
  });
});
