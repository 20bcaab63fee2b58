import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decimalStringToMinor } from '../../../shared/money.ts';
import { createEventHub } from '../../events/event-hub.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import type { FaultInput } from '../../simulators/opp/faults.ts';
import type { TransactionView } from '../../simulators/opp/platform.ts';
import { DECLINED_CARD, isApproved } from '../../simulators/opp/result-codes.ts';
import { startOppSimulator, type OppSimulator } from '../../simulators/opp/simulator.ts';
import { TEST_ENTITY_ID, TEST_TOKEN, TEST_WEBHOOK_SECRET } from '../../simulators/opp/testing/harness.ts';
import { openTestPaymentBook } from '../../testing/test-books.ts';
import { tempDir } from '../../testing/temp-dir.ts';
import { startCardPayments } from '../card-payments.ts';
import type { AttemptRecord } from '../payment-book.ts';
import type { PaymentService } from '../payment-service.ts';
import { createOppClient } from './opp-client.ts';
import { connectedOppGateway } from './opp-module.ts';

/**
 * The money rules for OPP, as a property: sales paid by link (`DB`) and
 * refunded (`RF`), deposits held by link (`PA`) and captured (`CP`) or
 * released (`RV`), whatever the customer does (pays, has a card declined
 * and pays again, never pays, pays just as the cashier cancels, lets the
 * link expire) and whatever happens on the way: webhooks lost, doubled,
 * late, reordered, or followed by a second final webhook that contradicts
 * the first; calls answered 5xx, cut, slow; status questions throttled
 * because someone else asked. Every attempt ends with the truth OPP holds:
 * no money counted twice (one approval per attempt and per sale, refunds
 * within what was paid, a capture within the hold and once), none lost
 * (what OPP approved is approved in the book, or in front of a manager),
 * and the till never asks about one transaction faster than OPP allows.
 *
 * Time: the till is told OPP takes `questions` status questions per
 * `WINDOW_MS`, and the simulator's minute (its throttle, pending payments,
 * webhook retries and delays) is made 0.9 of that window. A till keeping
 * its limit is then never throttled even with a request's travel time in
 * between, and one asking faster than its limit is.
 */

/** The till's status-limit window, in real milliseconds. */
const WINDOW_MS = 1_000;
/** The simulator's minute is 0.9 of the till's window: a tenth of it is travel time. */
const SIMULATED_MINUTE_MS = 60_000;
const TIME_SCALE = (0.9 * WINDOW_MS) / SIMULATED_MINUTE_MS;

/** Tags the questions the test asks as "someone else" (a webshop's back office), to use up OPP's quota. */
const OTHER_ASKER = 'asker=property-test';

type Customer =
  | 'pays'
  | 'declined-then-pays'
  | 'declined-then-cancelled'
  | 'cancelled'
  | 'pays-then-cancels'
  | 'cancels-then-pays'
  | 'expires';

/** A fault in the simulator's words, or another asker using up OPP's status quota on what the till is about to ask. */
type Trouble = FaultInput | { readonly fault: 'quota-used-up' };

/** The amount's last three digits: approved at once, uncertain then approved, pending then approved, to review. */
type Ending = 250 | 905 | 908 | 915;

interface Refund {
  /** Of what was paid; past 100 or what is left, the till must refuse it. */
  readonly percent: number;
  readonly troubles: readonly Trouble[];
}

interface SaleStory {
  readonly kind: 'sale';
  readonly customer: Customer;
  readonly ending: Ending;
  readonly troubles: readonly Trouble[];
  readonly refunds: readonly Refund[];
}

type DepositAction = 'capture' | 'release' | 'capture-twice' | 'capture-then-release' | 'release-then-capture';

interface DepositStory {
  readonly kind: 'deposit';
  readonly customer: Customer;
  readonly ending: Ending;
  readonly troubles: readonly Trouble[];
  readonly action: DepositAction;
  /** Of the hold; past 100, the till must refuse the capture. */
  readonly capturePercent: number;
  readonly actionTroubles: readonly Trouble[];
}

type Story = SaleStory | DepositStory;

interface Run {
  /** OPP's status questions per window, as the till is told and the simulator counts. */
  readonly questions: number;
  readonly stories: readonly Story[];
}

const METHOD = fc.option(fc.constantFrom('GET' as const, 'POST' as const, 'DELETE' as const), { nil: undefined });

/** The simulator's faults on calls: a 5xx or a cut connection before or after it acted, a slow answer. */
const CALL_FAULT: fc.Arbitrary<FaultInput> = fc.oneof(
  fc
    .record({
      status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const),
      applied: fc.boolean(),
      method: METHOD,
    })
    .map<FaultInput>(({ status, applied, method }) => ({
      fault: 'http-error',
      status,
      applied,
      ...(method === undefined ? {} : { method }),
    })),
  fc.record({ applied: fc.boolean(), method: METHOD }).map<FaultInput>(({ applied, method }) => ({
    fault: 'drop-connection',
    applied,
    ...(method === undefined ? {} : { method }),
  })),
  fc
    .record({ delayMs: fc.integer({ min: 0, max: 30_000 }), method: METHOD })
    .map<FaultInput>(({ delayMs, method }) => ({
      fault: 'slow-answer',
      delayMs,
      ...(method === undefined ? {} : { method }),
    })),
);

const WEBHOOK_FAULT: fc.Arbitrary<FaultInput> = fc.oneof(
  fc.constant<FaultInput>({ fault: 'webhook-lost' }),
  fc.constant<FaultInput>({ fault: 'webhook-doubled' }),
  // Up to a simulated minute late: past the till's own questions, not past the property's patience.
  fc.integer({ min: 0, max: 60_000 }).map<FaultInput>((delayMs) => ({ fault: 'webhook-late', delayMs })),
  fc.constant<FaultInput>({ fault: 'webhook-reordered' }),
  fc.constant<FaultInput>({ fault: 'webhook-contradicting' }),
);

const TROUBLE: fc.Arbitrary<Trouble> = fc.oneof(
  { weight: 3, arbitrary: WEBHOOK_FAULT },
  { weight: 2, arbitrary: CALL_FAULT },
  { weight: 1, arbitrary: fc.constant<Trouble>({ fault: 'quota-used-up' }) },
);
const TROUBLES = fc.array(TROUBLE, { maxLength: 3 });

const CUSTOMER = fc.constantFrom<Customer>(
  'pays',
  'declined-then-pays',
  'declined-then-cancelled',
  'cancelled',
  'pays-then-cancels',
  'cancels-then-pays',
  'expires',
);
const ENDING = fc.constantFrom<Ending>(250, 905, 908, 915);

const SALE: fc.Arbitrary<Story> = fc.record({
  kind: fc.constant('sale' as const),
  customer: CUSTOMER,
  ending: ENDING,
  troubles: TROUBLES,
  refunds: fc.array(fc.record({ percent: fc.integer({ min: 1, max: 100 }), troubles: TROUBLES }), { maxLength: 2 }),
});

const DEPOSIT: fc.Arbitrary<Story> = fc.record({
  kind: fc.constant('deposit' as const),
  customer: CUSTOMER,
  ending: ENDING,
  troubles: TROUBLES,
  action: fc.constantFrom<DepositAction>(
    'capture',
    'release',
    'capture-twice',
    'capture-then-release',
    'release-then-capture',
  ),
  capturePercent: fc.integer({ min: 1, max: 110 }),
  actionTroubles: TROUBLES,
});

const RUN: fc.Arbitrary<Run> = fc.record({
  questions: fc.constantFrom(1, 2, 3),
  stories: fc.array(fc.oneof(SALE, DEPOSIT), { minLength: 1, maxLength: 3 }),
});

/** The book's kind of attempt, and the OPP payment type that carries it. */
const PAYMENT_TYPE: Readonly<Record<AttemptRecord['kind'], string>> = {
  payment: 'DB',
  hold: 'PA',
  reversal: 'RF',
  capture: 'CP',
  release: 'RV',
  refund: 'none: a link till makes no unreferenced refunds',
};

const minorOf = (transaction: TransactionView) => decimalStringToMinor(transaction.amount, 'EUR');

/** Polls (every 10 ms, real time) until `done`; the property's patience is 20 s per wait. */
async function until(
  service: PaymentService,
  attemptId: string,
  done: (record: AttemptRecord) => boolean,
): Promise<AttemptRecord> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const record = service.attempt(attemptId);
    if (record !== undefined && done(record)) return record;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`attempt ${attemptId} never got there: ${service.attempt(attemptId)?.state ?? 'none'}`);
}

const SETTLED = new Set(['approved', 'declined', 'cancelled', 'failed', 'needs_attention']);

async function run({ questions, stories }: Run): Promise<void> {
  const simulator = await startOppSimulator({
    entityId: TEST_ENTITY_ID,
    token: TEST_TOKEN,
    webhookSecret: TEST_WEBHOOK_SECRET,
    timeScale: TIME_SCALE,
    statusPerMinute: questions,
  });
  const book = openTestPaymentBook(path.join(tempDir(), 'journal.sqlite'));
  const logger = createMemoryLogger();
  const gateway = connectedOppGateway(
    {
      terminalId: `opp:${TEST_ENTITY_ID}`,
      entityId: TEST_ENTITY_ID,
      saleSystemId: 'T-P',
      client: createOppClient({
        baseUrl: simulator.url,
        entityId: TEST_ENTITY_ID,
        token: TEST_TOKEN,
        timeoutMs: 5_000,
      }),
      webhookSecret: TEST_WEBHOOK_SECRET,
      target: simulator.url,
      baseUrl: simulator.url,
      webhookOnLoopback: true,
      simulator,
      close: () => simulator.close(),
    },
    // Asked as often as the limit allows while the webhook is awaited (the provider never asks faster).
    { linkExpiryMinutes: 60, graceSeconds: 1, askEverySeconds: 0.05 },
    { questions, perSeconds: WINDOW_MS / 1000 },
  );
  const links = await startCardPayments({
    config: { currency: 'EUR', webhooks: undefined },
    book,
    payment: { mode: 'async', resultTimeoutSeconds: 150 },
    connection: gateway,
    logger,
    events: createEventHub(logger),
    timing: {
      statusRetryDelaysMs: [20, 50],
      inProgressPollMs: 20,
      statusGiveUpAfterMs: 15_000,
      unansweredGiveUpAfterMs: 15_000,
    },
  });
  gateway.handOnTo(links.service);
  const service = links.service;
  /** Whether another asker used up OPP's quota in this run: the till may then be throttled, through no fault of its own. */
  let quotaUsedUp = false;
  /** Every document (sale, refund, deposit) the run made attempts for. */
  const documents: string[] = [];

  /** Scripts the faults on the simulator; says whether another asker should use up the quota. */
  function script(troubles: readonly Trouble[]): boolean {
    let useUpQuota = false;
    for (const trouble of troubles) {
      if (trouble.fault === 'quota-used-up') useUpQuota = true;
      else simulator.control.addFault(trouble);
    }
    return useUpQuota;
  }

  /** Someone else asks OPP about `what` as often as it allows, so the till's next question is throttled. */
  async function useUpQuota(what: string): Promise<void> {
    quotaUsedUp = true;
    const separator = what.includes('?') ? '&' : '?';
    for (let asked = 0; asked < questions; asked += 1) {
      try {
        const answer = await fetch(`${simulator.url}${what}${separator}entityId=${TEST_ENTITY_ID}&${OTHER_ASKER}`, {
          headers: { authorization: `Bearer ${TEST_TOKEN}` },
        });
        await answer.arrayBuffer();
      } catch {
        // A scripted fault meant for any call took this one (a cut connection): it is used up all the same.
      }
    }
  }

  /** What OPP did under an attempt's ServiceID (its merchantTransactionId), in the attempt's own payment type. */
  function atOpp(record: AttemptRecord): TransactionView[] {
    return simulator.control
      .transactions()
      .filter(
        (transaction) =>
          transaction.merchantTransactionId === record.serviceId &&
          transaction.paymentType === PAYMENT_TYPE[record.kind],
      );
  }

  /**
   * Waits until the attempt is final or with a manager. With a manager is allowed (nothing is lost there);
   * the manager settles it by OPP's own record, as one would in ACI's back office, so the gateway can take
   * the next attempt and the checks below see what the book ends with.
   */
  async function settled(attemptId: string): Promise<AttemptRecord> {
    const record = await until(service, attemptId, (candidate) => SETTLED.has(candidate.state));
    if (record.state !== 'needs_attention') return record;
    const taken = atOpp(record).find((transaction) => isApproved(transaction.result.code));
    const link = record.kind === 'payment' || record.kind === 'hold';
    service.resolve(
      attemptId,
      taken === undefined
        ? { outcome: link ? 'cancelled' : 'failed', reason: 'Not in the back office', manager: 'property' }
        : {
            outcome: 'approved',
            terminalReference: taken.id,
            authorisedMinor: minorOf(taken),
            reason: 'Found in the back office',
            manager: 'property',
          },
    );
    return service.attempt(attemptId) ?? record;
  }

  /** The cashier cancels the link, and again if the cancel did not reach OPP, until the attempt has ended. */
  async function cancel(attemptId: string): Promise<AttemptRecord> {
    for (let tries = 0; tries < 10; tries += 1) {
      await service.abort(attemptId);
      // The till asks about the link within its pace anyway: a cancel that reached OPP shows by then.
      const deadline = Date.now() + WINDOW_MS;
      while (Date.now() < deadline) {
        const record = service.attempt(attemptId);
        if (record !== undefined && SETTLED.has(record.state)) return record;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    throw new Error(`attempt ${attemptId} was never cancelled`);
  }

  /** A link attempt (a payment or a hold) from its start to its end, the customer and the faults doing their part. */
  async function throughLink(
    started: AttemptRecord,
    story: Pick<Story, 'customer' | 'troubles'>,
    useUp: boolean,
  ): Promise<AttemptRecord> {
    const live = await until(service, started.id, (record) => record.link !== undefined || SETTLED.has(record.state));
    const linkId = live.link?.reference;
    if (linkId === undefined) return settled(started.id);
    const paid = async (payment: { payment: TransactionView } | undefined) => {
      if (useUp && payment !== undefined) await useUpQuota(`/v1/payments/${payment.payment.id}`);
    };
    switch (story.customer) {
      case 'pays':
        await paid(simulator.control.pay(linkId));
        break;
      case 'declined-then-pays':
        simulator.control.pay(linkId, { cardNumber: DECLINED_CARD });
        await paid(simulator.control.pay(linkId));
        break;
      case 'declined-then-cancelled':
        simulator.control.pay(linkId, { cardNumber: DECLINED_CARD });
        await cancel(started.id);
        break;
      case 'cancelled':
        await cancel(started.id);
        break;
      case 'pays-then-cancels':
        // Paid as the cashier presses cancel: OPP refuses to deactivate a paid link, and the payment counts.
        await paid(simulator.control.pay(linkId));
        await cancel(started.id);
        break;
      case 'cancels-then-pays': {
        // Cancelled first: the customer meets a link that can no longer be paid.
        const ended = await cancel(started.id);
        const late = simulator.control.pay(linkId);
        if (ended.state === 'cancelled') expect(late).toBeUndefined();
        break;
      }
      case 'expires':
        simulator.control.expire(linkId);
        break;
    }
    return settled(started.id);
  }

  async function sale(story: SaleStory, index: number): Promise<void> {
    const saleId = `sale-${String(index)}`;
    documents.push(saleId);
    const useUp = script(story.troubles);
    const started = service.startPayment({ saleId, amountMinor: 10_000 * (index + 1) + story.ending, currency: 'EUR' });
    const payment = await throughLink(started, story, useUp);
    if (payment.state !== 'approved' || payment.poiTransaction === undefined) return;
    for (const [number, refund] of story.refunds.entries()) {
      const refundId = `refund-${String(index)}-${String(number)}`;
      const paidMinor = payment.authorisedMinor ?? payment.amountMinor;
      const amountMinor = Math.max(1, Math.floor((paidMinor * refund.percent) / 100));
      const input = {
        refundId,
        refundTotalMinor: amountMinor,
        amountMinor,
        currency: 'EUR',
        originalAttemptId: payment.id,
      };
      if (amountMinor > service.refundableOn(payment.id)) {
        // More than is left of the payment: refused before anything is sent.
        expect(() => service.startRefund(input)).toThrow();
        continue;
      }
      documents.push(refundId);
      const useUpNow = script(refund.troubles);
      const started = service.startRefund(input);
      if (useUpNow) await useUpQuota(`/v1/query?merchantTransactionId=${started.serviceId}`);
      await settled(started.id);
    }
  }

  async function deposit(story: DepositStory, index: number): Promise<void> {
    const depositId = `deposit-${String(index)}`;
    documents.push(depositId);
    const useUp = script(story.troubles);
    const started = service.startHold({ depositId, amountMinor: 10_000 * (index + 1) + story.ending, currency: 'EUR' });
    const hold = await throughLink(started, story, useUp);
    if (hold.state !== 'approved' || hold.poiTransaction === undefined) return;
    const heldMinor = hold.authorisedMinor ?? hold.amountMinor;
    const captureMinor = Math.max(1, Math.floor((heldMinor * story.capturePercent) / 100));
    const capture = { depositId, holdAttemptId: hold.id, amountMinor: captureMinor };
    const release = { depositId, holdAttemptId: hold.id };
    if (story.action !== 'release' && story.action !== 'release-then-capture' && captureMinor > heldMinor) {
      // More than is held: refused before anything is sent.
      expect(() => service.startCapture(capture)).toThrow();
      return;
    }
    const useUpNow = script(story.actionTroubles);
    const settle = async (started: AttemptRecord) => {
      if (useUpNow) await useUpQuota(`/v1/query?merchantTransactionId=${started.serviceId}`);
      return settled(started.id);
    };
    switch (story.action) {
      case 'capture':
        await settle(service.startCapture(capture));
        break;
      case 'release':
        await settle(service.startRelease(release));
        break;
      case 'capture-twice': {
        const first = service.startCapture(capture);
        // Once: a second capture is refused while the first may still take the money, and after it did.
        expect(() => service.startCapture(capture)).toThrow();
        const ended = await settle(first);
        if (ended.state === 'approved') expect(() => service.startCapture(capture)).toThrow();
        break;
      }
      case 'capture-then-release': {
        const captured = await settle(service.startCapture(capture));
        if (captured.state === 'approved') expect(() => service.startRelease(release)).toThrow();
        else await settled(service.startRelease(release).id);
        break;
      }
      case 'release-then-capture': {
        const released = await settle(service.startRelease(release));
        // Released: nothing is left to capture, whatever the amount.
        if (released.state === 'approved') expect(() => service.startCapture(capture)).toThrow();
        break;
      }
    }
  }

  try {
    for (const [index, story] of stories.entries()) {
      if (story.kind === 'sale') await sale(story, index);
      else await deposit(story, index);
    }
    await simulator.control.webhooksIdle();
    // A question the last webhooks set off gets its answer (one round trip) before the book is read.
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS / 4));

    const attempts = documents.flatMap((document) => service.attemptsOf(document));
    const transactions = simulator.control.transactions();
    for (const record of attempts) {
      // Approved once at most in its life: a contradicting webhook never turns it, and nothing re-approves it.
      expect(service.history(record.id).filter((event) => event.to === 'approved').length).toBeLessThanOrEqual(1);
      const done = atOpp(record);
      const taken = done.filter((transaction) => isApproved(transaction.result.code));
      if (record.kind === 'payment' || record.kind === 'hold') {
        // One link per attempt: a lost reply is found by its merchantTransactionId, never made twice.
        const link = simulator.control.links().filter((one) => one.merchantTransactionId === record.serviceId);
        expect(link).toHaveLength(1);
        // A link takes one payment: a second card after a decline is a new try, not a second payment.
        expect(taken.length).toBeLessThanOrEqual(1);
      } else {
        // A capture, release or refund is sent once under its ServiceID, whatever came back.
        expect(done.length).toBeLessThanOrEqual(1);
      }
      const truth = taken[0];
      if (truth !== undefined) {
        // None lost: money OPP took (or gave back) is in the book, approved (a manager's, if need be).
        expect({ attempt: record.id, state: record.state }).toEqual({ attempt: record.id, state: 'approved' });
        expect(record.authorisedMinor).toBe(minorOf(truth));
        expect(record.terminalReference).toBe(truth.id);
      } else {
        // Nothing counted that OPP did not take.
        expect({ attempt: record.id, state: record.state }).not.toEqual({ attempt: record.id, state: 'approved' });
        expect(record.authorisedMinor).toBeUndefined();
      }
    }
    // Every transaction OPP approved belongs to an attempt of the book: nothing taken behind the till's back.
    const serviceIds = attempts.map((record) => record.serviceId);
    for (const transaction of transactions.filter((one) => isApproved(one.result.code))) {
      expect(serviceIds).toContain(transaction.merchantTransactionId);
    }

    for (const document of documents.filter((id) => id.startsWith('sale-'))) {
      // No sale paid twice: one approval per sale, for no more than it came to.
      const approved = service.attemptsOf(document).filter((attempt) => attempt.state === 'approved');
      expect(approved.length).toBeLessThanOrEqual(1);
      for (const payment of approved) {
        const paidMinor = payment.authorisedMinor ?? 0;
        expect(paidMinor).toBeLessThanOrEqual(payment.amountMinor);
        // A refund never exceeds what was paid, in the book or at OPP.
        const refunded = attempts
          .filter((attempt) => attempt.originalAttemptId === payment.id && attempt.state === 'approved')
          .reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? 0), 0);
        expect(refunded).toBeLessThanOrEqual(paidMinor);
        const refundedAtOpp = transactions
          .filter((one) => one.paymentType === 'RF' && one.referencedId === payment.terminalReference)
          .filter((one) => isApproved(one.result.code))
          .reduce((sum, one) => sum + minorOf(one), 0);
        expect(refundedAtOpp).toBe(refunded);
      }
    }
    for (const document of documents.filter((id) => id.startsWith('deposit-'))) {
      const all = service.attemptsOf(document);
      const holds = all.filter((attempt) => attempt.kind === 'hold' && attempt.state === 'approved');
      expect(holds.length).toBeLessThanOrEqual(1);
      for (const hold of holds) {
        const settling = all.filter((attempt) => attempt.originalAttemptId === hold.id && attempt.state === 'approved');
        const captures = settling.filter((attempt) => attempt.kind === 'capture');
        // Captured once at most, never beyond the hold, and never both captured and released.
        expect(captures.length).toBeLessThanOrEqual(1);
        expect(captures.reduce((sum, attempt) => sum + (attempt.authorisedMinor ?? 0), 0)).toBeLessThanOrEqual(
          hold.authorisedMinor ?? 0,
        );
        expect(settling.length).toBeLessThanOrEqual(1);
        const atOppSettled = transactions.filter(
          (one) => one.referencedId === hold.terminalReference && isApproved(one.result.code),
        );
        expect(atOppSettled.map((one) => one.paymentType)).toEqual(
          settling.map((attempt) => PAYMENT_TYPE[attempt.kind]),
        );
      }
    }

    keptThePace(simulator, questions, quotaUsedUp);
  } finally {
    await links.close();
    book.close();
    await simulator.close();
  }
}

/**
 * The till's own status questions (the other asker's left out), by what OPP counts them under: any
 * `questions + 1` of them about one transaction span at least the simulator's minute. Unless another asker
 * used up the quota, OPP turned none of them away.
 */
function keptThePace(simulator: OppSimulator, questions: number, quotaUsedUp: boolean): void {
  const asked = new Map<string, number[]>();
  const tills = simulator.control
    .calls()
    .filter((call) => call.method === 'GET' && /^\/v1\/(payments|query)(\/|$)/.test(call.path))
    .filter((call) => !call.query.includes(OTHER_ASKER));
  for (const call of tills) {
    const reference = new URLSearchParams(call.query).get('merchantTransactionId');
    const key = call.path === '/v1/query' ? `${call.path} ${reference ?? ''}` : call.path;
    asked.set(key, [...(asked.get(key) ?? []), call.atMs]);
  }
  for (const [key, times] of asked) {
    times.slice(questions).forEach((at, index) => {
      expect(at - (times[index] ?? 0), key).toBeGreaterThanOrEqual(SIMULATED_MINUTE_MS);
    });
  }
  if (!quotaUsedUp) expect(tills.filter((call) => call.throttled)).toEqual([]);
}

describe('OPP links, refunds and deposits under random faults', { timeout: 120_000 }, () => {
  it('lose no approval, count no money twice, and keep OPP’s pace', async () => {
    await fc.assert(
      fc.asyncProperty(RUN, (generated) => run(generated)),
      {
        numRuns: 20,
        examples: [
          // Once found: another asker's question takes a fault meant for any call (a cut connection).
          [
            {
              questions: 1,
              stories: [
                {
                  kind: 'deposit',
                  customer: 'pays',
                  ending: 250,
                  troubles: [],
                  action: 'capture',
                  capturePercent: 1,
                  actionTroubles: [{ fault: 'quota-used-up' }, { fault: 'drop-connection', applied: false }],
                },
              ],
            },
          ],
          // Two contradicting final webhooks for one payment: a success then a decline, and the reverse.
          [
            {
              questions: 2,
              stories: [
                {
                  kind: 'sale',
                  customer: 'pays',
                  ending: 250,
                  troubles: [{ fault: 'webhook-contradicting' }],
                  refunds: [
                    { percent: 60, troubles: [{ fault: 'webhook-contradicting' }] },
                    { percent: 60, troubles: [] },
                  ],
                },
                {
                  kind: 'sale',
                  customer: 'declined-then-pays',
                  ending: 908,
                  troubles: [{ fault: 'webhook-contradicting' }, { fault: 'webhook-lost' }],
                  refunds: [],
                },
              ],
            },
          ],
          [
            {
              questions: 2,
              stories: [
                {
                  kind: 'deposit',
                  customer: 'pays',
                  ending: 250,
                  troubles: [{ fault: 'webhook-contradicting' }, { fault: 'quota-used-up' }],
                  action: 'capture-twice',
                  capturePercent: 40,
                  actionTroubles: [
                    { fault: 'drop-connection', applied: true, method: 'POST' },
                    { fault: 'quota-used-up' },
                    { fault: 'webhook-contradicting' },
                  ],
                },
                {
                  kind: 'deposit',
                  customer: 'pays-then-cancels',
                  ending: 905,
                  troubles: [{ fault: 'webhook-reordered' }],
                  action: 'release-then-capture',
                  capturePercent: 100,
                  actionTroubles: [{ fault: 'http-error', status: 503, applied: true, method: 'POST' }],
                },
              ],
            },
          ],
          [
            {
              questions: 1,
              stories: [
                {
                  kind: 'sale',
                  customer: 'cancels-then-pays',
                  ending: 915,
                  troubles: [{ fault: 'http-error', status: 500, applied: false, method: 'DELETE' }],
                  refunds: [],
                },
                {
                  kind: 'sale',
                  customer: 'pays',
                  ending: 250,
                  troubles: [{ fault: 'drop-connection', applied: true, method: 'POST' }, { fault: 'webhook-doubled' }],
                  refunds: [
                    {
                      percent: 100,
                      troubles: [{ fault: 'http-error', status: 502, applied: false, method: 'POST' }],
                    },
                  ],
                },
              ],
            },
          ],
        ],
      },
    );
  });
});
