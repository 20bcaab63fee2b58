import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import type { FaultRequestSchema } from '../simulators/adyen/faults.ts';
import { POIID } from '../simulators/adyen/testing/requests.ts';
import { TerminalBusyError, type AttemptRecord } from './journal/payment-journal.ts';
import { PaymentInputError } from './payment-service.ts';
import { SALE_SYSTEM_ID, startPaymentHarness } from './testing/payment-harness.ts';
import { openTestPaymentJournal } from '../test-support/test-books.ts';

/**
 * Property: whatever faults the network, the cloud and the terminal throw at
 * a short run of card payments, the journal and the terminal agree. Each run
 * is a real till (payment service, SQLite journal, webhook listener) against
 * the Adyen simulator over real HTTP, paying one payment after another; after
 * the run, the journal is read back from its file and held against the
 * terminal's own record of what it did:
 *
 *   (a) at most one approved attempt per tender, and no sale paid beyond its total;
 *   (b) every payment the terminal approved is approved in the journal, for the
 *       amount and with the reference the terminal gave (or flagged for a
 *       manager, but only because the till had recorded another outcome first);
 *       and every other outcome is the one the terminal reported;
 *   (c) nothing is left in flight unflagged: final, or waiting for a manager;
 *   (d) the terminal saw exactly one payment request per attempt that reached
 *       it, and none that is not an attempt of the till;
 *   (e) no run of the payment service died on an exception.
 *
 * Between payments the terminal comes back online (after an
 * offline-mid-transaction fault), and an attempt the till had to flag as
 * unconfirmed meanwhile is asked about again, as a manager would: the truth
 * must then be found, so "unconfirmed" never stands in for an answer the
 * terminal can give.
 */

type FaultInput = z.input<typeof FaultRequestSchema>;
type Delivery = 'sync' | 'async';

/** Short, so a run takes milliseconds; a healthy payment (timeScale 0.001) still beats the deadline. */
const TIMING = { resultTimeoutMs: 250, statusGiveUpAfterMs: 400, unansweredGiveUpAfterMs: 400 } as const;
const TIME_SCALE = 0.001;
const SALE_TOTAL_MINOR = 20_000;
/** About 0.2 s each. */
const RUNS = 80;

/** The amounts by what the simulated terminal does with them (last three digits of the minor units). */
const AMOUNTS = {
  approve: [1_000, 7_000],
  decline: [10_123, 2_134],
  cancel: [901, 5_901],
  busy: [904],
  offline: [903],
  partial: [906, 8_906],
} as const;
type Outcome = keyof typeof AMOUNTS;

interface Step {
  readonly outcome: Outcome;
  readonly amountMinor: number;
  /** Scripted on the terminal's next request(s) before the payment starts; usually none or one. */
  readonly faults: readonly FaultInput[];
  /** Pays towards the previous step's sale (what is still due) instead of a new one. */
  readonly sameSale: boolean;
}

interface Run {
  readonly delivery: Delivery;
  readonly api: 'cloud-device' | 'terminal-api';
  readonly steps: readonly Step[];
}

/** Simulated milliseconds; at 0.001 a 300 000 ms delay is 300 ms, past the 250 ms deadline. */
const delay = fc.constantFrom(5_000, 20_000, 300_000);

const faultArbitrary: fc.Arbitrary<FaultInput> = fc.oneof(
  delay.map((delayMs): FaultInput => ({ fault: 'respond-late', delayMs })),
  fc.constant<FaultInput>({ fault: 'never-respond' }),
  fc.constant<FaultInput>({ fault: 'drop-connection' }),
  fc
    .record({ status: fc.constantFrom(500, 502, 503, 504), beforeTerminal: fc.boolean() })
    .map(({ status, beforeTerminal }): FaultInput => ({ fault: 'http-error', status, beforeTerminal })),
  fc.constant<FaultInput>({ fault: 'lose-notification' }),
  fc.constant<FaultInput>({ fault: 'duplicate-notification' }),
  delay.map((delayMs): FaultInput => ({ fault: 'delay-notification', delayMs })),
  fc.constant<FaultInput>({ fault: 'reorder-notifications' }),
  fc.constantFrom(500, 2_000, 5_000).map((afterMs): FaultInput => ({ fault: 'offline-mid-transaction', afterMs })),
  // The same glitches on the till's status requests: whichever status request comes next takes it.
  fc.constantFrom<FaultInput>(
    { fault: 'drop-connection', categories: ['TransactionStatus'] },
    { fault: 'http-error', status: 503, categories: ['TransactionStatus'] },
    { fault: 'respond-late', delayMs: 50_000, categories: ['TransactionStatus'] },
  ),
);

const stepArbitrary: fc.Arbitrary<Step> = fc
  .record({
    outcome: fc.constantFrom<Outcome>('approve', 'decline', 'cancel', 'busy', 'offline', 'partial'),
    pick: fc.nat(),
    faults: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 3, arbitrary: fc.tuple(faultArbitrary) },
      { weight: 1, arbitrary: fc.tuple(faultArbitrary, faultArbitrary) },
    ),
    sameSale: fc.boolean(),
  })
  .map(({ outcome, pick, faults, sameSale }) => {
    const amounts: readonly number[] = AMOUNTS[outcome];
    return { outcome, amountMinor: amounts[pick % amounts.length] ?? 1_000, faults, sameSale };
  });

const runArbitrary: fc.Arbitrary<Run> = fc.record({
  delivery: fc.constantFrom<Delivery>('sync', 'async'),
  api: fc.constantFrom('cloud-device' as const, 'terminal-api' as const),
  steps: fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }),
});

type Harness = Awaited<ReturnType<typeof startPaymentHarness>>;

const FINAL: readonly PaymentState[] = ['approved', 'declined', 'cancelled', 'failed'];
const DECLINES = new Set(['Refusal', 'WrongPIN', 'InvalidCard']);

const TerminalResponseSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    PaymentResponse: z.looseObject({
      Response: z.looseObject({
        Result: z.enum(['Success', 'Failure', 'Partial']),
        ErrorCondition: z.string().optional(),
        AdditionalResponse: z.string().optional(),
      }),
      PaymentResult: z
        .looseObject({ AmountsResp: z.looseObject({ AuthorizedAmount: z.number() }).optional() })
        .optional(),
    }),
  }),
});

/** What the terminal did with a payment request, in the journal's words. */
interface TerminalVerdict {
  readonly state: 'approved' | 'declined' | 'cancelled' | 'failed';
  readonly authorisedMinor?: number;
  readonly pspReference?: string | null;
}

function verdictOf(response: unknown): TerminalVerdict {
  const payment = TerminalResponseSchema.parse(response).SaleToPOIResponse.PaymentResponse;
  const { Result: result, ErrorCondition: condition } = payment.Response;
  if (result === 'Success' || result === 'Partial') {
    const authorised = payment.PaymentResult?.AmountsResp?.AuthorizedAmount;
    if (authorised === undefined) throw new Error('The terminal approved without an authorised amount');
    return {
      state: 'approved',
      authorisedMinor: Math.round(authorised * 100),
      pspReference: new URLSearchParams(payment.Response.AdditionalResponse).get('pspReference'),
    };
  }
  if (condition !== undefined && DECLINES.has(condition)) return { state: 'declined' };
  if (condition === 'Cancel' || condition === 'Aborted') return { state: 'cancelled' };
  return { state: 'failed' };
}

interface StepLog {
  readonly step: Step;
  readonly result: string;
}

/** A manager who, once the terminal is back, asks it again about an attempt the till could not settle. */
async function askAgainUntilAnswered(h: Harness, attemptId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      await h.client.setOnline(POIID, true);
      await h.client.request('DELETE', `/_simulator/terminals/${POIID}/faults`);
      const record = await h.service.checkStatus(attemptId);
      expect(record.state === 'needs_attention' && record.attention === 'unconfirmed').toBe(false);
    },
    { timeout: 5_000, interval: 10 },
  );
}

async function play(h: Harness, run: Run, log: StepLog[]): Promise<void> {
  let saleId = '';
  for (const [index, step] of run.steps.entries()) {
    if (!step.sameSale || saleId === '') saleId = `sale-${String(index + 1)}`;
    for (const fault of step.faults) await h.client.addFault(POIID, fault);
    let started: AttemptRecord;
    try {
      started = h.service.startPayment({
        saleId,
        saleTotalMinor: SALE_TOTAL_MINOR,
        amountMinor: step.amountMinor,
        currency: 'EUR',
      });
    } catch (error) {
      // More than is due on the sale, or a manager is needed first: refused before anything is sent.
      if (!(error instanceof PaymentInputError || error instanceof TerminalBusyError)) throw error;
      log.push({ step, result: `refused: ${error.message}` });
      await h.client.request('DELETE', `/_simulator/terminals/${POIID}/faults`);
      continue;
    }
    const settled = await h.service.whenSettled(started.id);
    // (c) for this attempt, right away: the service stops only at a final state or with a flag.
    expect(
      [...FINAL, 'needs_attention'],
      `whenSettled left attempt ${settled.serviceId} ${settled.state}: ${JSON.stringify([...log, step])}`,
    ).toContain(settled.state);
    log.push({ step, result: `${settled.state}${settled.attention === undefined ? '' : `/${settled.attention}`}` });
    if (settled.state === 'needs_attention' && settled.attention === 'unconfirmed') {
      await askAgainUntilAnswered(h, settled.id);
    }
    // The terminal reconnects (after an offline-mid-transaction fault) before the next sale.
    await h.client.setOnline(POIID, true);
  }
}

interface Readback {
  readonly attempts: AttemptRecord[];
  readonly eventsOf: (attemptId: string) => { from: PaymentState | undefined; to: PaymentState }[];
  readonly tenders: { id: string; saleId: string; amountMinor: number | null }[];
  readonly sales: { id: string; totalMinor: number; paidMinor: number }[];
}

/** The journal as its file holds it, after the till has stopped. */
function readBack(journalFile: string): Readback {
  const journal = openTestPaymentJournal(journalFile);
  const database = new DatabaseSync(journalFile, { readOnly: true });
  try {
    const ids = z
      .array(z.object({ id: z.string() }))
      .parse(database.prepare('SELECT id FROM payment_attempts ORDER BY created_at, rowid').all());
    const attempts = ids.map(({ id }) => {
      const record = journal.attempt(id);
      if (record === undefined) throw new Error(`Attempt ${id} is listed but cannot be read`);
      return record;
    });
    const events = new Map(attempts.map((attempt) => [attempt.id, journal.events(attempt.id)]));
    const tenders = z
      .array(z.object({ id: z.string(), sale_id: z.string(), amount_minor: z.number().nullable() }))
      .parse(database.prepare('SELECT id, sale_id, amount_minor FROM tenders').all())
      .map((row) => ({ id: row.id, saleId: row.sale_id, amountMinor: row.amount_minor }));
    const sales = z
      .array(z.object({ id: z.string() }))
      .parse(database.prepare('SELECT id FROM sales').all())
      .map(({ id }) => {
        const balance = journal.saleBalance(id);
        if (balance === undefined) throw new Error(`Sale ${id} is listed but has no balance`);
        return { id, totalMinor: balance.totalMinor, paidMinor: balance.paidMinor };
      });
    return {
      attempts,
      eventsOf: (attemptId) => (events.get(attemptId) ?? []).filter((event) => event.from !== event.to),
      tenders,
      sales,
    };
  } finally {
    database.close();
    journal.close();
  }
}

async function checkInvariants(h: Harness, log: readonly StepLog[]): Promise<void> {
  // (e) no run of the service died on an exception, leaving its attempt without anyone to drive it.
  expect(
    h.logger.lines.filter((line) => line.msg === 'payments.run_failed'),
    `runs that failed: ${JSON.stringify(log)}`,
  ).toEqual([]);

  // Let the terminal finish and the cloud deliver what it still holds, then stop the till as a restart would.
  await vi.waitFor(() => expect(h.simulator.terminal(POIID)?.current).toBeUndefined(), { timeout: 5_000 });
  await h.simulator.notificationsIdle();
  await h.stop();
  const atTerminal = (await h.client.transactions(POIID)).filter((transaction) => transaction.category === 'Payment');
  const journal = readBack(h.journalFile);
  // Every payment the till took on is in the journal; a refused one left nothing behind.
  expect(journal.attempts.length, JSON.stringify(log)).toBe(
    log.filter((entry) => !entry.result.startsWith('refused')).length,
  );
  const story = (attempt: AttemptRecord) =>
    `attempt ${attempt.serviceId} (${String(attempt.amountMinor)}): ${journal
      .eventsOf(attempt.id)
      .map((event) => event.to)
      .join(' → ')}; run: ${JSON.stringify(log)}`;

  // (d) one request per attempt that reached the terminal, and none that is not an attempt.
  const serviceIds = new Set(journal.attempts.map((attempt) => attempt.serviceId));
  for (const transaction of atTerminal) {
    expect(transaction.saleId).toBe(SALE_SYSTEM_ID);
    expect(serviceIds, `a payment at the terminal that is no attempt: ${JSON.stringify(log)}`).toContain(
      transaction.serviceId,
    );
  }
  const reachedTerminal = journal.attempts.filter((attempt) =>
    atTerminal.some((transaction) => transaction.serviceId === attempt.serviceId),
  );
  expect(atTerminal.length, `payment requests at the terminal: ${JSON.stringify(log)}`).toBe(reachedTerminal.length);

  for (const attempt of journal.attempts) {
    const seen = atTerminal.filter((transaction) => transaction.serviceId === attempt.serviceId);
    expect(seen.length, story(attempt)).toBeLessThanOrEqual(1);
    // (c) nothing in flight, nothing unknown without a flag.
    expect([...FINAL, 'needs_attention'], story(attempt)).toContain(attempt.state);

    // (b) the journal says what the terminal did.
    const [transaction] = seen;
    if (transaction === undefined) {
      expect(attempt.state, `never reached the terminal: ${story(attempt)}`).toBe('failed');
      continue;
    }
    expect(transaction.finished, story(attempt)).toBe(true);
    const verdict = verdictOf(transaction.response);
    if (attempt.state === 'needs_attention') {
      // Only a contradiction keeps it from the truth: the till recorded another final outcome first.
      expect(attempt.attention, story(attempt)).toBe('conflicting_result');
      const recordedFirst = journal
        .eventsOf(attempt.id)
        .map((event) => event.to)
        .find((state) => FINAL.includes(state));
      expect(recordedFirst, story(attempt)).toBeDefined();
      expect(recordedFirst, story(attempt)).not.toBe(verdict.state);
      continue;
    }
    expect(attempt.state, story(attempt)).toBe(verdict.state);
    if (verdict.state === 'approved') {
      expect(attempt.authorisedMinor, story(attempt)).toBe(verdict.authorisedMinor);
      expect(attempt.terminalReference, story(attempt)).toBe(verdict.pspReference);
    } else {
      expect(attempt.authorisedMinor, story(attempt)).toBeUndefined();
    }
  }

  // (a) one approval per tender at most; a tender holds what its approval took; no sale paid beyond its total.
  for (const tender of journal.tenders) {
    const approved = journal.attempts.filter(
      (attempt) => attempt.tenderId === tender.id && attempt.state === 'approved',
    );
    expect(approved.length, `tender ${tender.id}: ${JSON.stringify(log)}`).toBeLessThanOrEqual(1);
    expect(tender.amountMinor, `tender ${tender.id}: ${JSON.stringify(log)}`).toBe(
      approved[0]?.authorisedMinor ?? null,
    );
  }
  for (const sale of journal.sales) {
    expect(sale.paidMinor, `sale ${sale.id}: ${JSON.stringify(log)}`).toBeLessThanOrEqual(sale.totalMinor);
    const taken = journal.attempts
      .filter((attempt) => attempt.saleId === sale.id && attempt.state === 'approved')
      .reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? 0), 0);
    expect(sale.paidMinor, `sale ${sale.id}: ${JSON.stringify(log)}`).toBe(taken);
  }
}

/**
 * Found by this property, kept as a fixed first case: an async "ok" that comes
 * late (a slow cloud or proxy), so the terminal's first display notification
 * is handled before it, and a result notification that never comes.
 */
const RACE_OK_AFTER_DISPLAY: Run = {
  delivery: 'async',
  api: 'cloud-device',
  steps: [
    {
      outcome: 'approve',
      amountMinor: 7_000,
      faults: [{ fault: 'respond-late', delayMs: 20_000 }, { fault: 'lose-notification' }],
      sameSale: false,
    },
    { outcome: 'approve', amountMinor: 1_000, faults: [], sameSale: false },
  ],
};

describe('card payments under random faults', () => {
  it('keep the journal and the terminal in agreement', async () => {
    await fc.assert(
      fc.asyncProperty(runArbitrary, async (run) => {
        const h = await startPaymentHarness({
          delivery: run.delivery,
          api: run.api,
          timing: TIMING,
          simulator: { timeScale: TIME_SCALE, terminals: [{ poiid: POIID }] },
        });
        try {
          const log: StepLog[] = [];
          await play(h, run, log);
          await checkInvariants(h, log);
        } finally {
          await h.stop();
          await h.simulator.close();
        }
      }),
      { numRuns: RUNS, examples: [[RACE_OK_AFTER_DISPLAY]] },
    );
  }, 120_000);
});
