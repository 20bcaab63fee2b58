import { describe, expect, it, vi } from 'vitest';
import { defined, paymentOf, reversalOf, formFields as simulatorFields } from '../simulators/adyen/testing/harness.ts';
import {
  paymentRequest as simulatorPayment,
  reversalRequest as simulatorReversal,
  POIID,
} from '../simulators/adyen/testing/requests.ts';
import { TerminalBusyError, type AttemptRecord } from './payment-book.ts';
import { PaymentInputError, type StartRefund } from './payment-service.ts';
import { SALE_SYSTEM_ID, startPaymentHarness, type PaymentHarnessOptions } from './testing/payment-harness.ts';

/**
 * Card refunds through the real payment service, over real HTTP against the
 * Adyen simulator, with a real SQLite file (and for async the real webhook
 * listener). A referenced refund is a ReversalRequest on an approved payment
 * of this till, capped at what is left of it; an unreferenced refund is a
 * PaymentRequest of type Refund. Both run through the same states, deadline,
 * status loop and recovery as a payment, and every scenario is held to the
 * simulated terminal's own record: how many refunds it saw, of how much, on
 * which payment.
 */

type Harness = Awaited<ReturnType<typeof startPaymentHarness>>;

/** A terminal slow enough for the till to act while something runs (a refund ~150 ms, a PIN payment ~600 ms). */
const SLOW = { timeScale: 0.1 } as const;
/** A result deadline no healthy transaction misses, for tests not about the deadline. */
const PATIENT = { resultTimeoutMs: 3_000 } as const;

/** The steps an attempt went through, without notes. */
function path(h: Harness, attemptId: string): string[] {
  return h.book
    .events(attemptId)
    .filter((event) => event.from !== event.to)
    .map((event) => event.to);
}

function errorFrom(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected it to throw');
}

/** What the simulated terminal has seen, of one kind. */
async function atTerminal(h: Harness, kind: 'payment' | 'refund' | 'reversal') {
  return (await h.client.transactions(POIID)).filter((transaction) => transaction.kind === kind);
}

/** The terminal's own record of the payment `attempt` made. */
async function paymentAtTerminal(h: Harness, attempt: AttemptRecord) {
  const found = (await atTerminal(h, 'payment')).find((transaction) => transaction.serviceId === attempt.serviceId);
  return defined(found, `the payment ${attempt.serviceId} at the terminal`);
}

/** Pays `amountMinor` on a new sale and checks it was approved with the terminal's transaction id. */
async function approvedPayment(h: Harness, amountMinor: number): Promise<AttemptRecord> {
  const payment = await h.pay(amountMinor);
  expect(payment.state).toBe('approved');
  const terminal = paymentOf((await paymentAtTerminal(h, payment)).response).payment;
  const id = defined(terminal.POIData, 'POIData').POITransactionID;
  expect(payment.poiTransaction).toEqual({ transactionId: id.TransactionID, timeStamp: id.TimeStamp });
  return payment;
}

let refunds = 0;
/** A referenced refund of `amountMinor` on `original`, as its own refund document. */
function refundOn(original: AttemptRecord, amountMinor: number, extra: Partial<StartRefund> = {}): StartRefund {
  refunds += 1;
  return {
    refundId: `refund-${String(refunds)}`,
    refundTotalMinor: amountMinor,
    amountMinor,
    currency: 'EUR',
    originalAttemptId: original.id,
    ...extra,
  };
}

async function refund(h: Harness, input: StartRefund): Promise<AttemptRecord> {
  const started = h.service.startRefund(input);
  return h.service.whenSettled(started.id);
}

/** The Reversal the terminal ran for `attempt`, with its response as Adyen shaped it. */
async function reversalAtTerminal(h: Harness, attempt: AttemptRecord) {
  const found = (await atTerminal(h, 'reversal')).filter((transaction) => transaction.serviceId === attempt.serviceId);
  expect(found).toHaveLength(1);
  const transaction = defined(found[0], 'the reversal at the terminal');
  return { transaction, ...reversalOf(transaction.response) };
}

/** Every TransactionStatusRequest the till sent, from the bodies that went over HTTP. */
function statusRequestsSent(fetchSpy: { mock: { calls: unknown[][] } }) {
  return fetchSpy.mock.calls.flatMap(([, init]) => {
    const body = (init as RequestInit | undefined)?.body;
    if (typeof body !== 'string') return [];
    const message = JSON.parse(body) as {
      SaleToPOIRequest?: { TransactionStatusRequest?: { MessageReference?: Record<string, string> } };
    };
    const reference = message.SaleToPOIRequest?.TransactionStatusRequest?.MessageReference;
    return reference === undefined ? [] : [reference];
  });
}

describe('a referenced refund (ReversalRequest)', () => {
  const start = (options: PaymentHarnessOptions = {}) => startPaymentHarness({ timing: PATIENT, ...options });

  it('gives an approved payment back in full: approved, and the terminal ran one Reversal of it on that payment', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);

    const started = h.service.startRefund(refundOn(payment, 1234, { refundId: 'refund-full' }));
    expect(started).toMatchObject({
      kind: 'reversal',
      saleId: 'refund-full',
      originalAttemptId: payment.id,
      original: payment.poiTransaction,
      amountMinor: 1234,
    });
    const settled = await h.service.whenSettled(started.id);

    const { transaction, header, reversal } = await reversalAtTerminal(h, settled);
    expect(transaction).toMatchObject({
      category: 'Reversal',
      saleId: SALE_SYSTEM_ID,
      saleTransactionId: 'refund-full',
      amountMinor: 1234,
      currency: 'EUR',
    });
    expect(header.MessageCategory).toBe('Reversal');
    expect(reversal.Response.Result).toBe('Success');
    expect(reversal.ReversedAmount).toBe(12.34);
    expect(reversal.OriginalPOITransaction?.POITransactionID).toEqual({
      TransactionID: payment.poiTransaction?.transactionId,
      TimeStamp: payment.poiTransaction?.timeStamp,
    });
    const ownId = defined(reversal.POIData, 'POIData').POITransactionID;
    expect(settled).toMatchObject({
      state: 'approved',
      kind: 'reversal',
      authorisedMinor: 1234,
      terminalReference: simulatorFields(reversal.Response.AdditionalResponse).get('pspReference'),
      poiTransaction: { transactionId: ownId.TransactionID, timeStamp: ownId.TimeStamp },
      attention: undefined,
    });
    expect(settled.terminalReference).not.toBe(payment.terminalReference);
    expect(path(h, settled.id)).not.toContain('checking');
    expect(path(h, settled.id).at(-1)).toBe('approved');

    expect((await paymentAtTerminal(h, payment)).refundedMinor).toBe(1234);
    expect(h.service.refundableOn(payment.id)).toBe(0);
    expect(h.book.attemptsReversing(payment.id)).toEqual([settled]);
    expect(h.book.attemptsOf('refund-full')).toEqual([settled]);
    expect(h.service.attempt(payment.id)).toEqual(payment);
    expect(h.service.unsettled()).toEqual([]);
  });

  it('keeps the refund’s kind in the view the cashier’s screen gets', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);
    const settled = await refund(h, refundOn(payment, 500));

    expect(settled.state).toBe('approved');
    // A missing kind reads as "a payment" (PaymentAttemptViewSchema): the screen must be told it is a refund.
    expect(h.service.view(settled).kind).toBe('reversal');
  });

  it('tracks partial refunds: each is its own Reversal at the terminal, and what is left goes down', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 2000);
    expect(h.service.refundableOn(payment.id)).toBe(2000);

    const given: AttemptRecord[] = [];
    for (const [amountMinor, left] of [
      [600, 1400],
      [400, 1000],
      [1000, 0],
    ] as const) {
      const settled = await refund(h, refundOn(payment, amountMinor));
      expect(settled).toMatchObject({ state: 'approved', kind: 'reversal', authorisedMinor: amountMinor });
      expect(h.service.refundableOn(payment.id)).toBe(left);
      given.push(settled);
    }

    const reversals = await atTerminal(h, 'reversal');
    expect(reversals.map((transaction) => [transaction.serviceId, transaction.amountMinor])).toEqual(
      given.map((attempt) => [attempt.serviceId, attempt.amountMinor]),
    );
    expect((await paymentAtTerminal(h, payment)).refundedMinor).toBe(2000);
    expect(h.book.attemptsReversing(payment.id).map((attempt) => attempt.id)).toEqual(
      given.map((attempt) => attempt.id),
    );
    expect(new Set(given.map((attempt) => attempt.serviceId)).size).toBe(3);
  });

  it('refuses a refund beyond what is left before anything reaches the terminal', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);
    const tooMuchAtOnce = errorFrom(() => h.service.startRefund(refundOn(payment, 1235)));
    expect(tooMuchAtOnce).toBeInstanceOf(PaymentInputError);
    expect(tooMuchAtOnce).toMatchObject({ code: 'BAD_REQUEST' });
    expect((tooMuchAtOnce as Error).message).toBe('Only €12.34 can still be refunded on that card payment.');

    expect((await refund(h, refundOn(payment, 1000))).state).toBe('approved');
    const seen = (await h.client.transactions(POIID)).length;

    const beyond = errorFrom(() => h.service.startRefund(refundOn(payment, 235, { refundId: 'refund-beyond' })));
    expect(beyond).toBeInstanceOf(PaymentInputError);
    expect((beyond as Error).message).toBe('Only €2.34 can still be refunded on that card payment.');
    // More on the card than the whole refund is refused too, whatever is left on the payment.
    const overTotal = errorFrom(() =>
      h.service.startRefund(refundOn(payment, 200, { refundId: 'refund-over', refundTotalMinor: 199 })),
    );
    expect(overTotal).toBeInstanceOf(PaymentInputError);

    expect(await h.client.transactions(POIID)).toHaveLength(seen);
    expect(h.book.attemptsOf('refund-beyond')).toEqual([]);
    expect(h.book.attemptsOf('refund-over')).toEqual([]);
    expect(h.book.attemptsReversing(payment.id)).toHaveLength(1);
    expect(h.service.refundableOn(payment.id)).toBe(234);
    expect((await refund(h, refundOn(payment, 234))).state).toBe('approved');
  });

  it('caps a refund of a partly approved payment at what was approved, not what was asked', async () => {
    const h = await start();
    const payment = await h.pay(2906);
    expect(payment).toMatchObject({ state: 'approved', authorisedMinor: 1453 });
    expect(h.service.refundableOn(payment.id)).toBe(1453);

    // The terminal would take it (it counts the 29.06 asked): the till's own cap stops it first.
    expect(errorFrom(() => h.service.startRefund(refundOn(payment, 1454)))).toBeInstanceOf(PaymentInputError);
    expect(await atTerminal(h, 'reversal')).toEqual([]);

    expect(await refund(h, refundOn(payment, 1453))).toMatchObject({ state: 'approved', authorisedMinor: 1453 });
    expect(h.service.refundableOn(payment.id)).toBe(0);
  });

  it.each([
    { what: 'a declined payment', amount: 10123, state: 'declined' },
    { what: 'a payment cancelled on the terminal', amount: 10901, state: 'cancelled' },
  ])('refuses to refund $what, and nothing reaches the terminal', async ({ amount, state }) => {
    const h = await start();
    const payment = await h.pay(amount);
    expect(payment.state).toBe(state);

    const refused = errorFrom(() => h.service.startRefund(refundOn(payment, 100, { refundId: 'refund-nothing' })));
    expect(refused).toBeInstanceOf(PaymentInputError);
    expect((refused as Error).message).toMatch(/Only an approved card payment can be refunded/);
    expect(h.service.refundableOn(payment.id)).toBe(0);
    expect(h.book.attemptsOf('refund-nothing')).toEqual([]);
    expect(await atTerminal(h, 'reversal')).toEqual([]);
  });

  it('refuses to refund a refund, or a payment the till has no record of', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);
    const first = await refund(h, refundOn(payment, 400));
    expect(first.state).toBe('approved');

    expect(errorFrom(() => h.service.startRefund(refundOn(first, 100)))).toBeInstanceOf(PaymentInputError);
    expect(h.service.refundableOn(first.id)).toBe(0);
    const unknown = errorFrom(() =>
      h.service.startRefund({ ...refundOn(payment, 100), originalAttemptId: 'no-such-attempt' }),
    );
    expect(unknown).toBeInstanceOf(PaymentInputError);
    expect(await atTerminal(h, 'reversal')).toHaveLength(1);
  });

  it('counts a refund still in flight as given, so the same money cannot go back twice', async () => {
    const h = await start({ simulator: SLOW });
    const payment = await approvedPayment(h, 1234);

    const started = h.service.startRefund(refundOn(payment, 500));
    expect(started.state).toBe('sent');
    expect(h.service.refundableOn(payment.id)).toBe(734);

    const settled = await h.service.whenSettled(started.id);
    expect(settled.state).toBe('approved');
    expect(h.service.refundableOn(payment.id)).toBe(734);
  });

  it('does not count a refund the terminal refused: the terminal says what is left, in its own words', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 2000);
    // Another till gives 15.00 of it back (or a manager, in the Customer Area): this till cannot know.
    const id = defined(payment.poiTransaction, 'poiTransaction');
    const elsewhere = reversalOf(
      await h.client.sync(
        simulatorReversal({
          original: { TransactionID: id.transactionId, TimeStamp: id.timeStamp },
          amount: 15,
          saleId: 'OtherTill',
        }),
      ),
    );
    expect(elsewhere.reversal.Response.Result).toBe('Success');
    expect(h.service.refundableOn(payment.id)).toBe(2000);

    const refused = await refund(h, refundOn(payment, 1000));
    expect(refused).toMatchObject({
      state: 'declined',
      reason: 'Refund amount exceeds the amount still refundable (500 minor units)',
      authorisedMinor: undefined,
    });
    expect(path(h, refused.id)).toEqual(['created', 'sent', 'declined']);
    expect(h.service.refundableOn(payment.id)).toBe(2000);

    expect(await refund(h, refundOn(payment, 500))).toMatchObject({ state: 'approved', authorisedMinor: 500 });
    expect(h.service.refundableOn(payment.id)).toBe(1500);
  });

  it('a terminal busy with another till’s payment fails the refund as "Busy"; it can be tried again', async () => {
    const h = await start({ simulator: SLOW });
    const payment = await approvedPayment(h, 1234);
    const otherTill = h.client.sync(simulatorPayment({ amount: 60, saleId: 'OtherTill' }));
    await h.client.reachedTerminal(POIID, 2);

    const busy = await refund(h, refundOn(payment, 1234));
    expect(busy).toMatchObject({ state: 'failed', reason: 'Busy', authorisedMinor: undefined });
    expect(h.service.refundableOn(payment.id)).toBe(1234);
    expect(paymentOf(await otherTill).payment.Response.Result).toBe('Success');
    expect((await paymentAtTerminal(h, payment)).refundedMinor).toBe(0);

    const again = await refund(h, refundOn(payment, 1234));
    expect(again.state).toBe('approved');
    expect(again.serviceId).not.toBe(busy.serviceId);
    expect((await paymentAtTerminal(h, payment)).refundedMinor).toBe(1234);
  });
});

describe('a refund while another attempt is in flight on the terminal', () => {
  it('is refused with TerminalBusyError, and goes through once the terminal is free', async () => {
    const h = await startPaymentHarness({ simulator: SLOW, timing: PATIENT });
    const payment = await approvedPayment(h, 1234);
    const running = h.service.startPayment({ saleId: 'sale-running', amountMinor: 6000, currency: 'EUR' });
    await h.client.reachedTerminal(POIID, 2);

    const referenced = errorFrom(() => h.service.startRefund(refundOn(payment, 1234, { refundId: 'refund-busy' })));
    expect(referenced).toBeInstanceOf(TerminalBusyError);
    expect(referenced).toMatchObject({ code: 'CONFLICT' });
    const unreferenced = errorFrom(() =>
      h.service.startRefund({ refundId: 'refund-busy', refundTotalMinor: 500, amountMinor: 500, currency: 'EUR' }),
    );
    expect(unreferenced).toBeInstanceOf(TerminalBusyError);
    expect(h.book.attemptsOf('refund-busy')).toEqual([]);
    expect(h.service.refundableOn(payment.id)).toBe(1234);

    expect((await h.service.whenSettled(running.id)).state).toBe('approved');
    expect(await atTerminal(h, 'reversal')).toEqual([]);
    expect(await atTerminal(h, 'refund')).toEqual([]);
    expect((await refund(h, refundOn(payment, 1234, { refundId: 'refund-busy' }))).state).toBe('approved');
  });

  it('a payment is refused while a refund is in flight', async () => {
    const h = await startPaymentHarness({ simulator: SLOW, timing: PATIENT });
    const payment = await approvedPayment(h, 1234);
    const started = h.service.startRefund(refundOn(payment, 1234));

    const blocked = errorFrom(() => h.service.startPayment({ saleId: 'sale-next', amountMinor: 500, currency: 'EUR' }));
    expect(blocked).toBeInstanceOf(TerminalBusyError);
    expect((await h.service.whenSettled(started.id)).state).toBe('approved');
    expect(await atTerminal(h, 'payment')).toHaveLength(1);
  });
});

describe('an unreferenced refund (PaymentType Refund)', () => {
  it('is approved with the card it went to, as a refund at the terminal', async () => {
    const h = await startPaymentHarness({ timing: PATIENT });
    // 101.23 would be declined as a payment; the test acquirer approves any refund.
    const started = h.service.startRefund({
      refundId: 'refund-open',
      refundTotalMinor: 10123,
      amountMinor: 10123,
      currency: 'EUR',
    });
    expect(started).toMatchObject({ kind: 'refund', originalAttemptId: undefined, original: undefined });
    const settled = await h.service.whenSettled(started.id);

    const [transaction, ...others] = await atTerminal(h, 'refund');
    expect(others).toEqual([]);
    expect(transaction).toMatchObject({
      category: 'Payment',
      serviceId: settled.serviceId,
      saleTransactionId: 'refund-open',
      amountMinor: 10123,
    });
    const { payment: response } = paymentOf(transaction?.response);
    expect(response.PaymentResult?.PaymentType).toBe('Refund');
    const approvalCode = defined(response.PaymentResult?.PaymentAcquirerData?.ApprovalCode, 'ApprovalCode');
    const ownId = defined(response.POIData, 'POIData').POITransactionID;
    expect(settled).toMatchObject({
      state: 'approved',
      kind: 'refund',
      authorisedMinor: 10123,
      terminalReference: simulatorFields(response.Response.AdditionalResponse).get('pspReference'),
      card: { brand: 'mc', last4: '9999', authCode: approvalCode },
      poiTransaction: { transactionId: ownId.TransactionID, timeStamp: ownId.TimeStamp },
    });
    expect(await atTerminal(h, 'payment')).toEqual([]);
    expect(await atTerminal(h, 'reversal')).toEqual([]);
  });

  it('that the terminal cannot take (busy) fails, and nothing is given back', async () => {
    const h = await startPaymentHarness({ timing: PATIENT });
    const settled = await refund(h, {
      refundId: 'refund-busy',
      refundTotalMinor: 10904,
      amountMinor: 10904,
      currency: 'EUR',
    });
    expect(settled).toMatchObject({ state: 'failed', reason: 'Busy', kind: 'refund', authorisedMinor: undefined });
  });

  // The service's own guard, like startPayment's balance: a retry never adds to what a refund already gave.
  it('gives back no more on one refund than its total, across its attempts', async () => {
    const h = await startPaymentHarness({ timing: PATIENT });
    const input = { refundId: 'refund-once', refundTotalMinor: 1000, amountMinor: 1000, currency: 'EUR' };
    expect((await refund(h, input)).state).toBe('approved');

    expect(errorFrom(() => h.service.startRefund(input))).toBeInstanceOf(PaymentInputError);
    expect(await atTerminal(h, 'refund')).toHaveLength(1);
  });
});

describe('async delivery', () => {
  const start = (options: PaymentHarnessOptions = {}) =>
    startPaymentHarness({ delivery: 'async', timing: PATIENT, ...options });

  it('a referenced refund is approved by its signed ReversalResponse at the webhook', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);
    const settled = await refund(h, refundOn(payment, 1000));
    await h.simulator.notificationsIdle();

    const { reversal } = await reversalAtTerminal(h, settled);
    expect(settled).toMatchObject({
      state: 'approved',
      kind: 'reversal',
      authorisedMinor: 1000,
      terminalReference: simulatorFields(reversal.Response.AdditionalResponse).get('pspReference'),
    });
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'in_progress', 'approved']);
    expect(h.book.inbox().filter((row) => row.kind === 'ReversalResponse')).toEqual([
      expect.objectContaining({ outcome: 'applied', attemptId: settled.id }),
    ]);
    expect(h.service.refundableOn(payment.id)).toBe(234);
  });

  it('a refused referenced refund arrives at the webhook as declined', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 2000);
    const id = defined(payment.poiTransaction, 'poiTransaction');
    await h.client.sync(
      simulatorReversal({ original: { TransactionID: id.transactionId, TimeStamp: id.timeStamp }, amount: 20 }),
    );

    const refused = await refund(h, refundOn(payment, 100));
    await h.simulator.notificationsIdle();

    expect(refused).toMatchObject({
      state: 'declined',
      reason: 'The original transaction has already been refunded in full',
    });
    expect(h.book.inbox().filter((row) => row.kind === 'ReversalResponse')).toEqual([
      expect.objectContaining({ outcome: 'applied', attemptId: refused.id }),
    ]);
    expect(h.service.refundableOn(payment.id)).toBe(2000);
  });

  it('a lost ReversalResponse is made up for by asking the status of the Reversal after the deadline', async () => {
    const h = await start({ timing: { resultTimeoutMs: 400 } });
    const payment = await approvedPayment(h, 1234);
    await h.client.addFault(POIID, { fault: 'lose-notification', categories: ['Reversal'] });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    const settled = await refund(h, refundOn(payment, 1234));

    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1234 });
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'in_progress', 'checking', 'approved']);
    expect(statusRequestsSent(fetchSpy)).toContainEqual({
      MessageCategory: 'Reversal',
      SaleID: SALE_SYSTEM_ID,
      ServiceID: settled.serviceId,
    });
    await reversalAtTerminal(h, settled);
    expect(h.service.refundableOn(payment.id)).toBe(0);
  });
});

describe('a referenced refund whose reply is lost', () => {
  const start = (options: PaymentHarnessOptions = {}) => startPaymentHarness({ eventUrl: false, ...options });

  it.each([
    { fault: 'drop-connection', why: 'a dropped connection' },
    { fault: 'http-error', why: 'a 502 after the terminal gave the money back' },
    { fault: 'never-respond', why: 'a reply that never comes (the deadline)' },
  ] as const)(
    'after $why is settled by asking the status of the Reversal, never by refunding again',
    async ({ fault }) => {
      const h = await start();
      const payment = await approvedPayment(h, 1234);
      await h.client.addFault(POIID, { fault, categories: ['Reversal'] });
      const fetchSpy = vi.spyOn(globalThis, 'fetch');

      const settled = await refund(h, refundOn(payment, 700));

      expect(settled).toMatchObject({ state: 'approved', kind: 'reversal', authorisedMinor: 700 });
      expect(path(h, settled.id)).toEqual(['created', 'sent', 'checking', 'approved']);
      const asked = statusRequestsSent(fetchSpy);
      expect(asked.length).toBeGreaterThan(0);
      // A status asked in the Payment category would find nothing and call a given refund "never reached".
      for (const reference of asked) {
        expect(reference).toEqual({
          MessageCategory: 'Reversal',
          SaleID: SALE_SYSTEM_ID,
          ServiceID: settled.serviceId,
        });
      }
      const { reversal } = await reversalAtTerminal(h, settled);
      expect(settled.terminalReference).toBe(simulatorFields(reversal.Response.AdditionalResponse).get('pspReference'));
      expect((await paymentAtTerminal(h, payment)).refundedMinor).toBe(700);
      expect(h.service.refundableOn(payment.id)).toBe(534);
    },
  );

  it('that never reached the terminal is confirmed NotFound by status: failed, and the money is refundable again', async () => {
    const h = await start();
    const payment = await approvedPayment(h, 1234);
    await h.client.addFault(POIID, {
      fault: 'http-error',
      status: 502,
      beforeTerminal: true,
      categories: ['Reversal'],
    });

    const lost = await refund(h, refundOn(payment, 1234));
    expect(lost).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(path(h, lost.id)).toEqual(['created', 'sent', 'checking', 'failed']);
    expect(await atTerminal(h, 'reversal')).toEqual([]);
    expect(h.service.refundableOn(payment.id)).toBe(1234);

    const again = await refund(h, refundOn(payment, 1234));
    expect(again.state).toBe('approved');
    expect(again.serviceId).not.toBe(lost.serviceId);
  });

  it('on a terminal that cannot be asked waits for a manager, and counts as given until then', async () => {
    const h = await start({ timing: { unansweredGiveUpAfterMs: 300 } });
    const payment = await approvedPayment(h, 1234);
    await h.client.setOnline(POIID, false);

    const unconfirmed = await refund(h, refundOn(payment, 1000));
    expect(unconfirmed).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(h.service.refundableOn(payment.id)).toBe(234);
    expect(errorFrom(() => h.service.startRefund(refundOn(payment, 234)))).toBeInstanceOf(TerminalBusyError);

    await h.client.setOnline(POIID, true);
    const resolved = h.service.resolve(unconfirmed.id, {
      outcome: 'failed',
      reason: 'Not on the terminal, not in the Customer Area',
      manager: 'Mia',
    });
    expect(resolved.state).toBe('failed');
    expect(h.service.refundableOn(payment.id)).toBe(1234);
    expect(await atTerminal(h, 'reversal')).toEqual([]);
  });
});

describe('a restart during a referenced refund', () => {
  it('recover() settles the refund to what the terminal did, by asking about the Reversal', async () => {
    const first = await startPaymentHarness({ simulator: SLOW, timing: PATIENT });
    const payment = await approvedPayment(first, 1234);
    const started = first.service.startRefund(refundOn(payment, 1234));
    await first.client.reachedTerminal(POIID, 2);
    await first.stop();

    const second = await startPaymentHarness({
      reuseSimulator: first.testSimulator,
      journalFile: first.journalFile,
      timing: PATIENT,
    });
    expect(second.service.inFlight().map((attempt) => attempt.id)).toEqual([started.id]);
    expect(second.service.refundableOn(payment.id)).toBe(0);
    const recovered = await second.service.recover();

    expect(recovered).toEqual([
      expect.objectContaining({ id: started.id, kind: 'reversal', state: 'approved', authorisedMinor: 1234 }),
    ]);
    expect(second.book.events(started.id).find((event) => event.to === 'checking')?.detail).toMatchObject({
      reason: 'The till restarted during the payment',
    });
    await reversalAtTerminal(second, started);
    expect(second.service.refundableOn(payment.id)).toBe(0);
    expect(second.service.unsettled()).toEqual([]);
  });
});
