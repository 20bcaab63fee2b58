import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { PaymentState } from '../../shared/payments/payment-state.ts';
import { TerminalBusyError, type AttemptRecord } from './payment-book.ts';
import { PaymentInputError } from './payment-service.ts';
import { TERMINAL_MODULES } from './providers/registry.ts';
import type { InvariantRig, InvariantTill, Outcome, Run, Step, TillSetup } from './testing/invariant-rig.ts';
import { withInvariantRig } from './testing/invariant-rigs.ts';
import { openTestPaymentBook } from '../testing/test-books.ts';

/**
 * Property: whatever faults the network, the cloud and the terminal throw at
 * a short run of card payments, the book and the terminal agree. Each run
 * is a real till (payment service, SQLite file, webhook listener), wired by
 * `startCardPayments` as the till wires it, against a provider's simulator
 * over real HTTP, paying one payment after another; after
 * the run, the book is read back from its file and held against the
 * terminal's own record of what it did:
 *
 *   (a) at most one approved attempt per tender, and no sale paid beyond its total;
 *   (b) every payment the terminal approved is approved in the book, for the
 *       amount and with the reference the terminal gave (or flagged for a
 *       manager, but only because the till had recorded another outcome first);
 *       and every other outcome is the one the terminal reported;
 *   (c) nothing is left in flight unflagged: final, or waiting for a manager;
 *   (d) the terminal saw exactly one payment request per attempt that reached
 *       it, and none that is not an attempt of the till;
 *   (e) no run of the payment service died on an exception.
 *
 * Between payments the terminal comes back online (after a fault that took
 * it offline), and an attempt the till had to flag as
 * unconfirmed meanwhile is asked about again, as a manager would: the truth
 * must then be found, so "unconfirmed" never stands in for an answer the
 * terminal can give.
 *
 * It runs for every provider the registry lists, each through its own
 * invariant rig (`testing/invariant-rigs.ts`): the faults in its simulator's
 * own words, the amounts its terminal answers in a known way, and the
 * terminal's own record read into the book's words. A provider added to
 * the registry without a rig does not compile here.
 */

/** Short, so a run takes milliseconds; a healthy payment (timeScale 0.001) still beats the deadline. */
const TIMING = { resultTimeoutMs: 250, statusGiveUpAfterMs: 400, unansweredGiveUpAfterMs: 400 } as const;
const TIME_SCALE = 0.001;
const SALE_TOTAL_MINOR = 20_000;
const OUTCOMES: readonly Outcome[] = ['approve', 'decline', 'cancel', 'busy', 'offline', 'partial'];

function runArbitrary<Fault, Setup extends TillSetup>(
  rig: InvariantRig<Fault, Setup>,
): fc.Arbitrary<Run<Fault, Setup>> {
  const stepArbitrary: fc.Arbitrary<Step<Fault>> = fc
    .record({
      outcome: fc.constantFrom(...OUTCOMES),
      pick: fc.nat(),
      faults: fc.oneof(
        { weight: 2, arbitrary: fc.constant<Fault[]>([]) },
        { weight: 3, arbitrary: fc.tuple(rig.fault) },
        { weight: 1, arbitrary: fc.tuple(rig.fault, rig.fault) },
      ),
      sameSale: fc.boolean(),
    })
    .map(({ outcome, pick, faults, sameSale }) => {
      const amounts = rig.amounts[outcome];
      return { outcome, amountMinor: amounts[pick % amounts.length] ?? 1_000, faults, sameSale };
    });
  return fc
    .tuple(rig.setup, fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }))
    .map(([setup, steps]): Run<Fault, Setup> => ({ ...setup, steps }));
}

const FINAL: readonly PaymentState[] = ['approved', 'declined', 'cancelled', 'failed'];

interface StepLog {
  readonly step: Step<unknown>;
  readonly result: string;
}

/** A manager who, once the terminal is back, asks it again about an attempt the till could not settle. */
async function askAgainUntilAnswered<Fault>(h: InvariantTill<Fault>, attemptId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      await h.setOnline(true);
      await h.clearFaults();
      const record = await h.service.checkStatus(attemptId);
      expect(record.state === 'needs_attention' && record.attention === 'unconfirmed').toBe(false);
    },
    { timeout: 5_000, interval: 10 },
  );
}

async function play<Fault>(h: InvariantTill<Fault>, steps: readonly Step<Fault>[], log: StepLog[]): Promise<void> {
  let saleId = '';
  for (const [index, step] of steps.entries()) {
    if (!step.sameSale || saleId === '') saleId = `sale-${String(index + 1)}`;
    for (const fault of step.faults) await h.fault(fault);
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
      await h.clearFaults();
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
    // The terminal reconnects (after a fault that took it offline) before the next sale. A scripted fault the
    // step did not use up (Worldline's "gone until back" on status questions among them) carries over to the
    // next, as any unused fault does: the invariants hold whatever the terminal does.
    await h.setOnline(true);
  }
}

interface Readback {
  readonly attempts: AttemptRecord[];
  readonly eventsOf: (attemptId: string) => { from: PaymentState | undefined; to: PaymentState }[];
  readonly tenders: { id: string; saleId: string; amountMinor: number | null }[];
  readonly sales: { id: string; totalMinor: number; paidMinor: number }[];
}

/** The book as its file holds it, after the till has stopped. */
function readBack(journalFile: string): Readback {
  const book = openTestPaymentBook(journalFile);
  const database = new DatabaseSync(journalFile, { readOnly: true });
  try {
    const ids = z
      .array(z.object({ id: z.string() }))
      .parse(database.prepare('SELECT id FROM payment_attempts ORDER BY created_at, rowid').all());
    const attempts = ids.map(({ id }) => {
      const record = book.attempt(id);
      if (record === undefined) throw new Error(`Attempt ${id} is listed but cannot be read`);
      return record;
    });
    const events = new Map(attempts.map((attempt) => [attempt.id, book.events(attempt.id)]));
    const tenders = z
      .array(z.object({ id: z.string(), sale_id: z.string(), amount_minor: z.number().nullable() }))
      .parse(database.prepare('SELECT id, sale_id, amount_minor FROM tenders').all())
      .map((row) => ({ id: row.id, saleId: row.sale_id, amountMinor: row.amount_minor }));
    const sales = z
      .array(z.object({ id: z.string() }))
      .parse(database.prepare('SELECT id FROM sales').all())
      .map(({ id }) => {
        const balance = book.saleBalance(id);
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
    book.close();
  }
}

async function checkInvariants<Fault>(h: InvariantTill<Fault>, log: readonly StepLog[]): Promise<void> {
  // (e) no run of the service died on an exception, leaving its attempt without anyone to drive it.
  expect(
    h.logLines.filter((line) => line.msg === 'payments.run_failed'),
    `runs that failed: ${JSON.stringify(log)}`,
  ).toEqual([]);

  // Let the terminal finish and the cloud deliver what it still holds, then stop the till as a restart would.
  await vi.waitFor(async () => expect(await h.idle()).toBe(true), { timeout: 5_000 });
  await h.deliveriesDone();
  await h.stop();
  const atTerminal = await h.paymentsAtTerminal();
  const book = readBack(h.journalFile);
  // Every payment the till took on is in the book; a refused one left nothing behind.
  expect(book.attempts.length, JSON.stringify(log)).toBe(
    log.filter((entry) => !entry.result.startsWith('refused')).length,
  );
  const story = (attempt: AttemptRecord) =>
    `attempt ${attempt.serviceId} (${String(attempt.amountMinor)}): ${book
      .eventsOf(attempt.id)
      .map((event) => event.to)
      .join(' → ')}; run: ${JSON.stringify(log)}`;

  // (d) one request per attempt that reached the terminal, and none that is not an attempt.
  const serviceIds = new Set(book.attempts.map((attempt) => attempt.serviceId));
  for (const transaction of atTerminal) {
    expect(transaction.saleSystemId).toBe(h.saleSystemId);
    expect(serviceIds, `a payment at the terminal that is no attempt: ${JSON.stringify(log)}`).toContain(
      transaction.serviceId,
    );
  }
  const reachedTerminal = book.attempts.filter((attempt) =>
    atTerminal.some((transaction) => transaction.serviceId === attempt.serviceId),
  );
  expect(atTerminal.length, `payment requests at the terminal: ${JSON.stringify(log)}`).toBe(reachedTerminal.length);

  for (const attempt of book.attempts) {
    const seen = atTerminal.filter((transaction) => transaction.serviceId === attempt.serviceId);
    expect(seen.length, story(attempt)).toBeLessThanOrEqual(1);
    // (c) nothing in flight, nothing unknown without a flag.
    expect([...FINAL, 'needs_attention'], story(attempt)).toContain(attempt.state);

    // (b) the book says what the terminal did.
    const [transaction] = seen;
    if (transaction === undefined) {
      expect(attempt.state, `never reached the terminal: ${story(attempt)}`).toBe('failed');
      continue;
    }
    const verdict = transaction.verdict;
    // Finished: the terminal has its outcome.
    expect(verdict, story(attempt)).toBeDefined();
    if (verdict === undefined) continue;
    if (attempt.state === 'needs_attention') {
      // Only a contradiction keeps it from the truth: the till recorded another final outcome first.
      expect(attempt.attention, story(attempt)).toBe('conflicting_result');
      const recordedFirst = book
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
      expect(attempt.terminalReference, story(attempt)).toBe(verdict.terminalReference);
    } else {
      expect(attempt.authorisedMinor, story(attempt)).toBeUndefined();
    }
  }

  // (a) one approval per tender at most; a tender holds what its approval took; no sale paid beyond its total.
  for (const tender of book.tenders) {
    const approved = book.attempts.filter((attempt) => attempt.tenderId === tender.id && attempt.state === 'approved');
    expect(approved.length, `tender ${tender.id}: ${JSON.stringify(log)}`).toBeLessThanOrEqual(1);
    expect(tender.amountMinor, `tender ${tender.id}: ${JSON.stringify(log)}`).toBe(
      approved[0]?.authorisedMinor ?? null,
    );
  }
  for (const sale of book.sales) {
    expect(sale.paidMinor, `sale ${sale.id}: ${JSON.stringify(log)}`).toBeLessThanOrEqual(sale.totalMinor);
    const taken = book.attempts
      .filter((attempt) => attempt.saleId === sale.id && attempt.state === 'approved')
      .reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? 0), 0);
    expect(sale.paidMinor, `sale ${sale.id}: ${JSON.stringify(log)}`).toBe(taken);
  }
}

/** The property for one provider, through its rig. */
function checkAgainstTheTerminal<Fault, Setup extends TillSetup>(rig: InvariantRig<Fault, Setup>): void {
  describe(`card payments under random faults (${rig.name})`, () => {
    it('keep the book and the terminal in agreement', async () => {
      await fc.assert(
        fc.asyncProperty(runArbitrary(rig), async (run) => {
          const h = await rig.start(run, { timing: TIMING, timeScale: TIME_SCALE });
          try {
            const log: StepLog[] = [];
            await play(h, run.steps, log);
            await checkInvariants(h, log);
          } finally {
            await h.close();
          }
        }),
        { numRuns: rig.numRuns, examples: rig.examples.map((example) => [example]) },
      );
    }, 120_000);
  });
}

for (const module of TERMINAL_MODULES) withInvariantRig(module.name, checkAgainstTheTerminal);
