import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { minorToDecimalString } from '../../shared/money.ts';
import type { PaymentProgress } from '../../shared/payments/payment-state.ts';
import { API_KEY } from '../simulators/adyen/testing/harness.ts';
import { POIID } from '../simulators/adyen/testing/requests.ts';
import { signRequest, SIGNATURE_KEY } from './adyen/request-signature.ts';
import { TerminalBusyError, type AttemptRecord } from './payment-book.ts';
import { PaymentInputError } from './payment-service.ts';
import { paymentWordsNl } from './payment-words.ts';
import { startPaymentHarness, WEBHOOK_PASSWORD, type PaymentHarnessOptions } from './testing/payment-harness.ts';
import type { PaymentRequestIds } from './terminal-provider.ts';

/**
 * The payment service against the Adyen simulator over real HTTP, with a real
 * SQLite file and the real webhook listener. Every scenario ends with the
 * book telling the truth and exactly as many payments at the terminal as
 * the till meant to send: never a second one to find out about the first.
 */

type Harness = Awaited<ReturnType<typeof startPaymentHarness>>;

const DELIVERIES = ['sync', 'async'] as const;
const APIS = ['cloud-device', 'terminal-api'] as const;
/**
 * A terminal slow enough for the till to act while the payment runs: a tap (up to 50.00) takes ~350 ms,
 * a card with PIN ~600 ms, ~450 ms of it before the card is read.
 */
const SLOW = { timeScale: 0.1 } as const;
/** A result deadline no healthy payment misses even on a loaded machine, for tests not about the deadline. */
const PATIENT = { resultTimeoutMs: 3_000 } as const;

/** The steps an attempt went through, without notes (events that do not change the state). */
function path(h: Harness, attemptId: string): string[] {
  return h.book
    .events(attemptId)
    .filter((event) => event.from !== event.to)
    .map((event) => event.to);
}

function notes(h: Harness, attemptId: string): Record<string, unknown>[] {
  return h.book
    .events(attemptId)
    .filter((event) => event.from === event.to)
    .map((event) => event.detail);
}

/** Payments (not refunds or status requests) the simulated terminal has seen. */
async function paymentsAtTerminal(h: Harness) {
  return (await h.client.transactions(POIID)).filter((transaction) => transaction.kind === 'payment');
}

const TerminalResponseSchema = z.looseObject({
  SaleToPOIResponse: z.looseObject({
    PaymentResponse: z.looseObject({
      Response: z.looseObject({ Result: z.string(), AdditionalResponse: z.string().optional() }),
    }),
  }),
});

/** The one payment at the terminal, which must be the attempt's own request; with its PSP reference. */
async function onlyPaymentAtTerminal(h: Harness, attempt: AttemptRecord) {
  const payments = await paymentsAtTerminal(h);
  expect(payments).toHaveLength(1);
  const [payment] = payments;
  expect(payment?.serviceId).toBe(attempt.serviceId);
  expect(payment?.saleId).toBe(attempt.saleSystemId);
  const response = TerminalResponseSchema.safeParse(payment?.response);
  const fields = new URLSearchParams(response.data?.SaleToPOIResponse.PaymentResponse.Response.AdditionalResponse);
  return { result: response.data?.SaleToPOIResponse.PaymentResponse.Response.Result, psp: fields.get('pspReference') };
}

function errorFrom(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected it to throw');
}

function progressOf(h: Harness, attemptId: string): PaymentProgress[] {
  return h.published.flatMap((event) =>
    event.type === 'payment.progress' && event.progress.attemptId === attemptId ? [event.progress] : [],
  );
}

function idsOf(attempt: AttemptRecord): PaymentRequestIds {
  return {
    terminalId: attempt.terminalId,
    saleSystemId: attempt.saleSystemId,
    serviceId: attempt.serviceId,
    saleTransactionId: attempt.saleTransactionId,
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    kind: attempt.kind,
  };
}

/**
 * An approval as the terminal would post it to the webhook for `ids`, carrying
 * `signature` back as Adyen echoes `metadata.*` (no signature at all when undefined).
 */
function approvalFor(ids: PaymentRequestIds, signature: string | undefined, pspReference = 'LATE000000000001') {
  const additional = new URLSearchParams({ pspReference, authCode: '123456' });
  if (signature !== undefined) additional.set(SIGNATURE_KEY, signature);
  return {
    SaleToPOIResponse: {
      MessageHeader: {
        ProtocolVersion: '3.0',
        MessageClass: 'Service',
        MessageCategory: 'Payment',
        MessageType: 'Response',
        SaleID: ids.saleSystemId,
        ServiceID: ids.serviceId,
        POIID: ids.terminalId,
      },
      PaymentResponse: {
        Response: { Result: 'Success', AdditionalResponse: additional.toString() },
        SaleData: { SaleTransactionID: { TransactionID: ids.saleTransactionId, TimeStamp: new Date().toISOString() } },
        POIData: { POITransactionID: { TransactionID: `T1.${pspReference}`, TimeStamp: new Date().toISOString() } },
        PaymentResult: {
          AmountsResp: {
            AuthorizedAmount: Number(minorToDecimalString(ids.amountMinor, ids.currency)),
            Currency: ids.currency,
          },
        },
      },
    },
  };
}

function resultRows(h: Harness) {
  return h.book.inbox().filter((row) => row.kind === 'PaymentResponse');
}

describe.each(DELIVERIES)('%s delivery', (delivery) => {
  const start = (options: Omit<PaymentHarnessOptions, 'delivery'> = {}) =>
    startPaymentHarness({ delivery, ...options });

  describe.each(APIS)('on the %s endpoints', (api) => {
    it('an approved payment is recorded as approved, with the terminal reference, and pays the sale', async () => {
      const h = await start({ api, timing: PATIENT });
      const settled = await h.pay(1234);

      expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1234, attention: undefined });
      if (delivery === 'async') {
        expect(path(h, settled.id)).toEqual(['created', 'sent', 'in_progress', 'approved']);
      } else {
        // A display step posted to the event URL may show the payment running before the reply comes.
        expect([
          ['created', 'sent', 'approved'],
          ['created', 'sent', 'in_progress', 'approved'],
        ]).toContainEqual(path(h, settled.id));
      }
      const terminal = await onlyPaymentAtTerminal(h, settled);
      expect(terminal.result).toBe('Success');
      expect(settled.terminalReference).toBe(terminal.psp);
      expect(h.book.saleBalance(settled.saleId)).toEqual({
        saleId: settled.saleId,
        currency: 'EUR',
        totalMinor: 1234,
        paidMinor: 1234,
        dueMinor: 0,
      });
      expect(h.service.unsettled()).toEqual([]);
    });

    it('a wrong API key is refused by Adyen: the payment fails and nothing reaches the terminal', async () => {
      const h = await start({ api, apiKey: 'test_key_WrongWrongWrong000' });
      const settled = await h.pay(1234);

      expect(settled.state).toBe('failed');
      expect(settled.reason).toMatch(/refused/);
      expect(settled.reason).toMatch(/401/);
      expect(path(h, settled.id)).toEqual(['created', 'sent', 'failed']);
      expect(await paymentsAtTerminal(h)).toHaveLength(0);
      expect(h.book.saleBalance(settled.saleId)?.paidMinor).toBe(0);
    });
  });

  it.each([
    { amount: 10123, state: 'declined', reason: 'Refused' },
    { amount: 10134, state: 'declined', reason: 'Invalid Pin' },
    { amount: 10901, state: 'cancelled', reason: '108 Shopper cancelled tx' },
    { amount: 10902, state: 'cancelled', reason: '126 Shopper did not present card' },
  ])('$amount at the terminal ends $state ("$reason"), with nothing paid', async ({ amount, state, reason }) => {
    const h = await start({ timing: PATIENT });
    const settled = await h.pay(amount);

    expect(settled).toMatchObject({ state, reason, authorisedMinor: undefined });
    expect(path(h, settled.id).at(-1)).toBe(state);
    expect(path(h, settled.id)).not.toContain('checking');
    await onlyPaymentAtTerminal(h, settled);
    expect(h.book.saleBalance(settled.saleId)).toMatchObject({ paidMinor: 0, dueMinor: amount });
  });

  it('the cashier can stop a payment from the till while the customer is still at the terminal', async () => {
    const h = await start({ simulator: SLOW, timing: PATIENT });
    const started = h.service.startPayment({ saleId: 'sale-abort', amountMinor: 6000, currency: 'EUR' });
    await h.client.reachedTerminal();

    await h.service.abort(started.id);
    const settled = await h.service.whenSettled(started.id);

    expect(settled).toMatchObject({ state: 'cancelled', reason: '104 Merchant cancelled tx' });
    expect(notes(h, started.id)).toContainEqual(expect.objectContaining({ action: 'abort' }));
    await onlyPaymentAtTerminal(h, settled);
    expect(h.book.saleBalance('sale-abort')?.paidMinor).toBe(0);
  });

  it('a busy terminal fails the payment as "Busy" and takes the next one', async () => {
    const h = await start();
    const busy = await h.pay(10904);

    expect(busy).toMatchObject({ state: 'failed', reason: 'Busy' });
    expect(h.book.saleBalance(busy.saleId)?.paidMinor).toBe(0);

    const next = await h.pay(1234);
    expect(next.state).toBe('approved');
    expect(await paymentsAtTerminal(h)).toHaveLength(2);
  });

  it('a payment the cloud could not hand to the terminal (Reject) is confirmed NotFound by status and fails', async () => {
    const h = await start();
    const settled = await h.pay(10903);

    expect(settled).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'checking', 'failed']);
    expect(await paymentsAtTerminal(h)).toHaveLength(0);
    // The cashier may try again: a new attempt with a new ServiceID.
    const again = await h.pay(1234);
    expect(again.state).toBe('approved');
    expect(again.serviceId).not.toBe(settled.serviceId);
  });

  it('an issuer timeout settles nothing by itself: the status confirms it failed, nothing charged', async () => {
    const h = await start();
    const settled = await h.pay(10905);

    expect(settled).toMatchObject({ state: 'failed', reason: 'Communication timeout' });
    expect(path(h, settled.id)).toContain('checking');
    await onlyPaymentAtTerminal(h, settled);
  });

  it('an offline terminal that cannot be asked leaves the payment to a manager and blocks the terminal until then', async () => {
    const h = await start({ timing: { unansweredGiveUpAfterMs: 300 } });
    await h.client.setOnline(POIID, false);
    const started = h.service.startPayment({ saleId: 'sale-offline', amountMinor: 1234, currency: 'EUR' });
    const before = performance.now();
    const settled = await h.service.whenSettled(started.id);

    expect(settled).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(settled.reason).toMatch(/^The terminal could not be asked \(Did not receive a response from the POI\.\)$/);
    expect(path(h, started.id)).toEqual(['created', 'sent', 'checking', 'needs_attention']);
    // Given up on the short budget for a terminal that answers nothing, not the full status budget.
    expect(performance.now() - before).toBeLessThan(h.timing.statusGiveUpAfterMs);
    expect(await paymentsAtTerminal(h)).toHaveLength(0);

    await h.client.setOnline(POIID, true);
    const blocked = errorFrom(() => h.service.startPayment({ saleId: 'sale-next', amountMinor: 500, currency: 'EUR' }));
    expect(blocked).toBeInstanceOf(TerminalBusyError);
    expect(blocked).toMatchObject({ code: 'CONFLICT' });

    // A manager must say who and why; an approval needs the terminal's reference.
    const noReason = errorFrom(() => h.service.resolve(started.id, { outcome: 'failed', reason: '', manager: 'Mia' }));
    expect(noReason).toBeInstanceOf(PaymentInputError);
    const noReference = errorFrom(() =>
      h.service.resolve(started.id, { outcome: 'approved', reason: 'Seen on the terminal', manager: 'Mia' }),
    );
    expect(noReference).toBeInstanceOf(PaymentInputError);
    expect(h.service.attempt(started.id)?.state).toBe('needs_attention');

    const resolved = h.service.resolve(started.id, {
      outcome: 'failed',
      reason: 'Nothing on the terminal or in the Customer Area',
      manager: 'Mia',
    });
    expect(resolved).toMatchObject({ state: 'failed', reason: 'Nothing on the terminal or in the Customer Area' });
    expect(h.book.events(started.id).at(-1)?.detail).toMatchObject({ resolvedBy: 'Mia', source: 'manager' });

    const next = h.service.startPayment({ saleId: 'sale-next', amountMinor: 500, currency: 'EUR' });
    expect((await h.service.whenSettled(next.id)).state).toBe('approved');
  });

  it('a terminal that drops off mid-payment is never guessed about: once back, asking the status finds the approval', async () => {
    const h = await start({ timing: { unansweredGiveUpAfterMs: 300 } });
    await h.client.addFault(POIID, { fault: 'offline-mid-transaction', afterMs: 1_000 });
    const started = h.service.startPayment({ saleId: 'sale-dropped', amountMinor: 1234, currency: 'EUR' });
    const unconfirmed = await h.service.whenSettled(started.id);

    expect(unconfirmed).toMatchObject({ state: 'needs_attention', attention: 'unconfirmed' });
    expect(h.book.saleBalance('sale-dropped')?.paidMinor).toBe(0);

    await h.client.setOnline(POIID, true);
    await h.service.checkStatus(started.id);
    await vi.waitFor(() => expect(h.service.attempt(started.id)?.state).toBe('approved'));
    const settled = h.service.attempt(started.id) ?? started;
    expect(settled).toMatchObject({ authorisedMinor: 1234, attention: undefined });
    const terminal = await onlyPaymentAtTerminal(h, settled);
    expect(settled.terminalReference).toBe(terminal.psp);
    expect(h.book.saleBalance('sale-dropped')?.dueMinor).toBe(0);
  });

  it('once an offline terminal is back, asking the status settles an unconfirmed payment it never saw as failed', async () => {
    const h = await start({ timing: { unansweredGiveUpAfterMs: 300 } });
    await h.client.setOnline(POIID, false);
    const started = h.service.startPayment({ saleId: 'sale-offline', amountMinor: 1234, currency: 'EUR' });
    expect((await h.service.whenSettled(started.id)).state).toBe('needs_attention');

    await h.client.setOnline(POIID, true);
    const checked = await h.service.checkStatus(started.id);

    expect(checked).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(await paymentsAtTerminal(h)).toHaveLength(0);
    expect((await h.pay(1234)).state).toBe('approved');
  });

  it('a dropped connection after approval is settled by asking the status, never by paying again', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'drop-connection' });
    const settled = await h.pay(1234);

    expect(settled.state).toBe('approved');
    const terminal = await onlyPaymentAtTerminal(h, settled);
    expect(settled.terminalReference).toBe(terminal.psp);
    expect(settled.terminalReference).toBeDefined();
    if (delivery === 'sync') expect(path(h, settled.id)).toContain('checking');
    expect(h.book.saleBalance(settled.saleId)?.paidMinor).toBe(1234);
  });

  it('a reply that never comes is followed up by status after the deadline, not by a second payment', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'never-respond' });
    const settled = await h.pay(1234);

    expect(settled.state).toBe('approved');
    if (delivery === 'sync') {
      // In async mode the result may come by webhook before the deadline; in sync mode only the status can tell.
      expect(path(h, settled.id).slice(-2)).toEqual(['checking', 'approved']);
    }
    await onlyPaymentAtTerminal(h, settled);
  });

  it('a 502 after the terminal approved is not a decline: status finds the approval', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'http-error', status: 502 });
    const settled = await h.pay(1234);

    expect(settled.state).toBe('approved');
    if (delivery === 'sync') expect(path(h, settled.id)).toContain('checking');
    const terminal = await onlyPaymentAtTerminal(h, settled);
    expect(settled.terminalReference).toBe(terminal.psp);
  });

  it('a 502 before the terminal is confirmed NotFound by status: the payment fails and may be tried again', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'http-error', status: 502, beforeTerminal: true });
    const settled = await h.pay(1234);

    expect(settled).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'checking', 'failed']);
    expect(await paymentsAtTerminal(h)).toHaveLength(0);
  });

  it('a partial approval pays half and leaves the rest due; no more than the rest is taken', async () => {
    const h = await start();
    const settled = await h.pay(2906);

    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1453, reason: 'Partly approved' });
    expect(h.book.saleBalance(settled.saleId)).toMatchObject({ totalMinor: 2906, paidMinor: 1453, dueMinor: 1453 });

    const tooMuch = errorFrom(() =>
      h.service.startPayment({ saleId: settled.saleId, amountMinor: 1454, currency: 'EUR' }),
    );
    expect(tooMuch).toBeInstanceOf(PaymentInputError);
    expect((tooMuch as Error).message).toBe(
      'That is more than is still due on this sale (€14.53). Take a smaller amount by card.',
    );

    const rest = h.service.startPayment({ saleId: settled.saleId, amountMinor: 1453, currency: 'EUR' });
    expect((await h.service.whenSettled(rest.id)).state).toBe('approved');
    expect(h.book.saleBalance(settled.saleId)).toMatchObject({ paidMinor: 2906, dueMinor: 0 });
  });

  it('an approval arriving after the till recorded a cancel goes to a manager as a conflicting result', async () => {
    const h = await start();
    const cancelled = await h.pay(10901);
    expect(cancelled.state).toBe('cancelled');

    const late = approvalFor(idsOf(cancelled), signRequest(h.book.signingKey, idsOf(cancelled)));
    expect(await h.notify(late)).toEqual({ status: 200, text: '[accepted]' });

    await vi.waitFor(() => expect(h.service.attempt(cancelled.id)?.state).toBe('needs_attention'));
    const attempt = h.service.attempt(cancelled.id);
    expect(attempt).toMatchObject({ attention: 'conflicting_result', terminalReference: 'LATE000000000001' });
    expect(attempt?.reason).toMatch(/approved after the till had recorded cancelled/);
    expect(resultRows(h).at(-1)).toMatchObject({ outcome: 'conflict', attemptId: cancelled.id });
    expect(
      errorFrom(() => h.service.startPayment({ saleId: 'sale-after', amountMinor: 500, currency: 'EUR' })),
    ).toMatchObject({ code: 'CONFLICT' });

    // The manager finds the approval in the Customer Area and records it.
    const resolved = h.service.resolve(cancelled.id, {
      outcome: 'approved',
      terminalReference: 'LATE000000000001',
      reason: 'Approved in the Customer Area',
      manager: 'Mia',
    });
    expect(resolved).toMatchObject({ state: 'approved', authorisedMinor: 10901 });
    expect(h.book.saleBalance(cancelled.saleId)?.dueMinor).toBe(0);
  });

  it.each([
    { what: 'no signature', signature: () => undefined },
    {
      what: 'a signature made with another key',
      signature: (ids: PaymentRequestIds) => signRequest(randomBytes(32), ids),
    },
  ])('an "approved" result with $what is not applied: the terminal\'s own answer settles it', async ({ signature }) => {
    const h = await start({ simulator: SLOW, timing: PATIENT });
    const started = h.service.startPayment({ saleId: 'sale-forged', amountMinor: 4123, currency: 'EUR' });
    await h.client.reachedTerminal();

    expect(await h.notify(approvalFor(idsOf(started), signature(idsOf(started))))).toEqual({
      status: 200,
      text: '[accepted]',
    });
    const settled = await h.service.whenSettled(started.id);

    expect(settled).toMatchObject({ state: 'declined', reason: 'Refused', attention: undefined });
    expect(path(h, started.id)).not.toContain('approved');
    expect(h.book.inbox()).toContainEqual(
      expect.objectContaining({ kind: 'PaymentResponse', outcome: 'unauthentic', attemptId: started.id }),
    );
    await onlyPaymentAtTerminal(h, settled);
    expect(h.book.saleBalance('sale-forged')?.paidMinor).toBe(0);
  });

  it('a result naming no payment of this till is kept in the inbox as unmatched and applied to nothing', async () => {
    const h = await start();
    const paid = await h.pay(1234);
    const stranger = { ...idsOf(paid), serviceId: 'NoSuch0001', saleTransactionId: 'sale-unknown' };

    expect(await h.notify(approvalFor(stranger, signRequest(h.book.signingKey, stranger)))).toEqual({
      status: 200,
      text: '[accepted]',
    });

    await vi.waitFor(() =>
      expect(resultRows(h).filter((row) => row.outcome === 'unmatched')).toEqual([
        expect.objectContaining({ attemptId: undefined }),
      ]),
    );
    expect(h.service.attempt(paid.id)).toEqual(paid);
    expect(h.service.unsettled()).toEqual([]);
  });

  it('asking the status by hand during a payment settles it once, with one payment at the terminal', async () => {
    const h = await start({ simulator: SLOW, timing: PATIENT });
    const started = h.service.startPayment({ saleId: 'sale-check', amountMinor: 1234, currency: 'EUR' });
    await h.client.reachedTerminal();

    const busy = errorFrom(() => h.service.startPayment({ saleId: 'sale-other', amountMinor: 500, currency: 'EUR' }));
    expect(busy).toBeInstanceOf(TerminalBusyError);
    expect(
      errorFrom(() => h.service.resolve(started.id, { outcome: 'failed', reason: 'Not now', manager: 'Mia' })),
    ).toBeInstanceOf(PaymentInputError);

    const checked = await h.service.checkStatus(started.id);
    expect(checked.state).toBe('approved');
    const settled = await h.service.whenSettled(started.id);
    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1234 });
    expect(path(h, started.id).filter((state) => state === 'approved')).toHaveLength(1);
    await onlyPaymentAtTerminal(h, settled);
  });

  it('a manager cannot settle by hand a payment that is already settled', async () => {
    const h = await start();
    const paid = await h.pay(1234);

    const refused = errorFrom(() =>
      h.service.resolve(paid.id, { outcome: 'failed', reason: 'Customer says no', manager: 'Mia' }),
    );
    expect(refused).toBeInstanceOf(PaymentInputError);
    expect(h.service.attempt(paid.id)).toEqual(paid);
  });

  it('recover() after a restart settles the attempt left in flight to what the terminal decided', async () => {
    const first = await start({ simulator: SLOW, timing: PATIENT });
    const started = first.service.startPayment({ saleId: 'sale-restart', amountMinor: 6000, currency: 'EUR' });
    await first.client.reachedTerminal();
    await first.stop();

    const second = await start({ reuseSimulator: first.testSimulator, journalFile: first.journalFile });
    expect(second.service.inFlight().map((attempt) => attempt.id)).toEqual([started.id]);
    const recovered = await second.service.recover();

    expect(recovered).toEqual([expect.objectContaining({ id: started.id, state: 'approved', authorisedMinor: 6000 })]);
    expect(path(second, started.id)).toContain('checking');
    expect(second.book.events(started.id).find((event) => event.to === 'checking')?.detail).toMatchObject({
      reason: 'The till restarted during the payment',
    });
    await onlyPaymentAtTerminal(second, recovered[0] ?? started);
    expect(second.book.saleBalance('sale-restart')?.dueMinor).toBe(0);
    expect(second.service.unsettled()).toEqual([]);
  });

  it('every step is published as payment progress for the cashier', async () => {
    const h = await start();
    const settled = await h.pay(1234);
    const progress = progressOf(h, settled.id);

    expect(progress.map((step) => step.state)).toEqual(expect.arrayContaining(['created', 'sent', 'approved']));
    expect(progress.at(-1)).toMatchObject({ state: 'approved', cashierMessage: 'Card payment approved.' });
  });

  it('no API key or webhook password ever appears in the log', async () => {
    const wrongKey = 'test_key_LeakedIfLogged42';
    const h = await start();
    await h.pay(1234);
    await h.client.addFault(POIID, { fault: 'drop-connection' });
    await h.pay(1234);
    await h.pay(10123);
    await h.notify(approvalFor({ ...idsOf(await h.pay(1234)), serviceId: 'Unknown01' }, undefined));
    const refused = await start({ apiKey: wrongKey });
    await refused.pay(1234);

    for (const lines of [h.logger.lines, refused.logger.lines]) {
      const text = JSON.stringify(lines);
      expect(lines.length).toBeGreaterThan(3);
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(WEBHOOK_PASSWORD);
    }
  });
});

describe('a Dutch till', () => {
  const messageOf = (action: () => unknown) => (errorFrom(action) as Error).message;

  it('refuses more than is due, a second card while the terminal is busy, and settling a settled payment in Dutch', async () => {
    const h = await startPaymentHarness({ words: paymentWordsNl, simulator: SLOW, timing: PATIENT });
    const settled = await h.pay(2906);
    expect(settled).toMatchObject({ state: 'approved', authorisedMinor: 1453 });

    expect(
      messageOf(() => h.service.startPayment({ saleId: settled.saleId, amountMinor: 1454, currency: 'EUR' })),
    ).toBe('Dat is meer dan er nog te betalen is op deze verkoop (€14.53). Laat een kleiner bedrag pinnen.');
    expect(messageOf(() => h.service.startPayment({ saleId: 'sale-x', amountMinor: 0, currency: 'EUR' }))).toBe(
      'Het bedrag moet meer dan nul zijn en hoogstens 1.000.000,00.',
    );
    expect(messageOf(() => h.service.startPayment({ saleId: 'sale-x', amountMinor: 100, currency: 'USD' }))).toBe(
      'Deze kassa neemt betalingen aan in EUR, niet in USD.',
    );
    expect(
      messageOf(() => h.service.resolve(settled.id, { outcome: 'failed', reason: 'Klant zegt nee', manager: 'Mia' })),
    ).toBe('Alleen een pinbetaling die op een manager wacht kan met de hand worden afgehandeld.');
    await expect(h.service.abort('nope')).rejects.toThrow('Er is geen pinbetaling nope.');

    const started = h.service.startPayment({ saleId: 'sale-busy', amountMinor: 1234, currency: 'EUR' });
    await h.client.reachedTerminal();
    const busy = errorFrom(() => h.service.startPayment({ saleId: 'sale-other', amountMinor: 500, currency: 'EUR' }));
    expect(busy).toBeInstanceOf(TerminalBusyError);
    expect((busy as Error).message).toBe('De pinautomaat is nog bezig met een betaling. Wacht tot die klaar is.');
    await h.service.whenSettled(started.id);
  });

  it('shows the cashier why a card payment failed in Dutch, and keeps the reason in the book as it was written', async () => {
    const h = await startPaymentHarness({ words: paymentWordsNl });
    await h.client.addFault(POIID, { fault: 'http-error', status: 502, beforeTerminal: true });
    const settled = await h.pay(1234);

    expect(settled).toMatchObject({ state: 'failed', reason: 'The payment never reached the terminal' });
    expect(h.service.view(settled)).toMatchObject({
      state: 'failed',
      reason: 'De betaling heeft de pinautomaat nooit bereikt',
    });
    expect(h.service.unsettled()).toEqual([]);
  });
});

describe('sync delivery without an event URL', () => {
  it('an approval goes created → sent → approved, nothing in between', async () => {
    const h = await startPaymentHarness({ delivery: 'sync', eventUrl: false, timing: PATIENT });
    const settled = await h.pay(1234);

    expect(path(h, settled.id)).toEqual(['created', 'sent', 'approved']);
    expect(h.book.inbox()).toEqual([]);
  });
});

describe('async notifications', () => {
  const start = (options: Omit<PaymentHarnessOptions, 'delivery'> = {}) =>
    startPaymentHarness({ delivery: 'async', ...options });

  it('a lost result notification is made up for by asking the status after the deadline', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'lose-notification' });
    const settled = await h.pay(1234);

    expect(settled.state).toBe('approved');
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'in_progress', 'checking', 'approved']);
    await onlyPaymentAtTerminal(h, settled);
    await h.simulator.notificationsIdle();
    expect(resultRows(h)).toEqual([]);
  });

  it('a result delivered twice is stored and applied once', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'duplicate-notification' });
    const settled = await h.pay(1234);
    await h.simulator.notificationsIdle();

    expect(settled.state).toBe('approved');
    expect(path(h, settled.id).filter((state) => state === 'approved')).toHaveLength(1);
    expect(resultRows(h)).toEqual([expect.objectContaining({ outcome: 'applied', attemptId: settled.id })]);
    expect(h.book.inbox().filter((row) => row.outcome === 'duplicate')).toEqual([]);
    expect(h.logger.lines.filter((line) => line.msg === 'webhooks.duplicate')).toHaveLength(1);
    await onlyPaymentAtTerminal(h, settled);
  });

  it('a result arriving after the deadline finds the payment already approved by status and changes nothing', async () => {
    const h = await start();
    await h.client.addFault(POIID, { fault: 'delay-notification', delayMs: 1_000_000 });
    const settled = await h.pay(1234);

    expect(settled.state).toBe('approved');
    expect(path(h, settled.id)).toContain('checking');
    await vi.waitFor(() => expect(resultRows(h)).toEqual([expect.objectContaining({ outcome: 'duplicate' })]), {
      timeout: 3_000,
    });
    expect(h.service.attempt(settled.id)).toEqual(settled);
    expect(h.logger.lines.filter((line) => line.msg === 'payments.same_result_again')).toHaveLength(1);
    expect(h.logger.lines.filter((line) => line.msg === 'payments.conflicting_result')).toEqual([]);
    await onlyPaymentAtTerminal(h, settled);
  });

  it('a result overtaking the display steps still approves the payment once', async () => {
    const h = await start({ timing: PATIENT });
    await h.client.addFault(POIID, { fault: 'reorder-notifications' });
    const settled = await h.pay(1234);
    await h.simulator.notificationsIdle();

    expect(settled.state).toBe('approved');
    expect(path(h, settled.id)).toEqual(['created', 'sent', 'in_progress', 'approved']);
    expect(h.service.attempt(settled.id)?.state).toBe('approved');
    expect(resultRows(h)).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    await onlyPaymentAtTerminal(h, settled);
  });

  it("the terminal's display steps reach the cashier as terminal messages", async () => {
    const h = await start();
    // Over 50.00 the customer inserts the card and enters a PIN.
    const settled = await h.pay(6000);
    const messages = progressOf(h, settled.id).flatMap((step) =>
      step.terminalMessage === undefined ? [] : [step.terminalMessage],
    );

    expect(settled.state).toBe('approved');
    expect(messages).toEqual(expect.arrayContaining(['Waiting for card', 'Card inserted', 'Enter PIN']));
  });

  it('an "ok" from /async that comes after the terminal already showed progress does not stop the till following the payment', async () => {
    const h = await start({ simulator: { timeScale: 0.05 }, timing: { resultTimeoutMs: 800 } });
    // The first display step arrives at once and moves the attempt to in_progress; the "ok" comes 150 ms
    // later, while the customer is still entering the PIN (the payment takes 300 ms, the deadline is 800 ms).
    await h.client.addFault(POIID, { fault: 'respond-late', delayMs: 3_000 });
    await h.client.addFault(POIID, { fault: 'lose-notification' });
    const settled = await h.pay(6000);

    expect(settled.state).toBe('approved');
    expect(h.logger.lines.filter((line) => line.msg === 'payments.run_failed')).toEqual([]);
    await onlyPaymentAtTerminal(h, settled);
  });
});
