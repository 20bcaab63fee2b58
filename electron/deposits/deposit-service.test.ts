import { describe, expect, it, vi } from 'vitest';
import { TillError } from '../till-error.ts';
import { createPaymentService } from '../payments/payment-service.ts';
import { createFakeGateway } from '../payments/testing/fake-gateway.ts';
import { startDepositRig } from './testing/deposit-rig.ts';
import { depositWords } from './deposit-words.ts';
import { paymentWords } from '../payments/payment-words.ts';
import { createMemoryLogger } from '../logging/logger.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Takes a deposit of `amountMinor` and has the customer authorise it; answers its view once held. */
async function held(rig: ReturnType<typeof startDepositRig>, amountMinor = 5_000) {
  const taken = rig.deposits.take({ customer: '  Ada Lovelace ', contact: 'ada@example.org', amountMinor }, 'anna');
  rig.gateway.authorise(taken.depositId);
  await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).state).toBe('held'));
  return rig.deposits.get(taken.depositId);
}

function refusal(call: () => unknown): TillError {
  try {
    call();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('deposits', () => {
  it('takes a deposit by link, and lists it once the customer authorised it, with when it may lapse', async () => {
    const rig = startDepositRig();
    const taken = rig.deposits.take({ customer: '  Ada Lovelace ', note: 'Wedding cake', amountMinor: 5_000 }, 'anna');
    expect(taken).toMatchObject({
      number: 'D-0001',
      customer: 'Ada Lovelace',
      note: 'Wedding cake',
      amountMinor: 5_000,
      currency: 'EUR',
      state: 'awaiting_customer',
      createdBy: 'anna',
      expiresSoon: false,
      expired: false,
      message: depositWords.awaitingCustomer,
    });
    // The hold is a link attempt: the screen draws its QR from it, and the gateway was asked for a hold.
    expect(taken.holdAttempt).toMatchObject({
      kind: 'hold',
      tender: 'link',
      amountMinor: 5_000,
      saleId: taken.depositId,
    });
    await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).holdAttempt.link?.url).toMatch(/^https:/));
    expect(rig.gateway.sent.map((request) => request.kind)).toEqual(['hold']);
    // The journal had the deposit and its attempt before the request left.
    expect(rig.books.deposits.deposit(taken.depositId)?.holdAttemptId).toBe(taken.holdAttempt.attemptId);

    rig.gateway.authorise(taken.depositId);
    await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).state).toBe('held'));
    const [listed] = rig.deposits.list();
    expect(listed?.depositId).toBe(taken.depositId);
    expect(listed?.authorisedAt).toBeDefined();
    const authorisedAt = Date.parse(listed?.authorisedAt ?? '');
    expect(Date.parse(listed?.expiresAt ?? '')).toBe(authorisedAt + 7 * DAY);
    expect(listed).toMatchObject({ expiresSoon: false, expired: false, message: depositWords.held('€50.00') });

    // Five and a half days on: two days or less remain.
    rig.clock.jump(5.5 * DAY);
    const soon = rig.deposits.get(taken.depositId);
    expect(soon).toMatchObject({ expiresSoon: true, expired: false });
    expect(soon.message).toMatch(/^€50\.00 is reserved until about/);

    // Past it: not captured any more, but it can still be released.
    rig.clock.jump(2 * DAY);
    const lapsed = rig.deposits.get(taken.depositId);
    expect(lapsed).toMatchObject({ expiresSoon: false, expired: true });
    const refused = refusal(() => rig.deposits.capture(taken.depositId, 5_000, undefined, 'boss'));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/may have lapsed on .*Take the money as a payment and release the deposit\.$/);
    rig.deposits.release(taken.depositId, 'Order cancelled', 'boss');
    await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).state).toBe('released'));
    expect(rig.deposits.list()).toEqual([]);
  });

  it('takes the hold over a configured number of days', async () => {
    const rig = startDepositRig({ holdValidDays: 3 });
    const deposit = await held(rig);
    expect(Date.parse(deposit.expiresAt ?? '') - Date.parse(deposit.authorisedAt ?? '')).toBe(3 * DAY);
    // Three days: two or fewer remain within the first day.
    rig.clock.jump(1.5 * DAY);
    expect(rig.deposits.get(deposit.depositId).expiresSoon).toBe(true);
  });

  it('captures part of a deposit once: a second capture and a release after it are refused', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    const capturing = rig.deposits.capture(deposit.depositId, 3_000, 'Cake collected', 'boss');
    expect(capturing.actionAttempt).toMatchObject({ kind: 'capture', amountMinor: 3_000 });
    await rig.payments.whenSettled(capturing.actionAttempt?.attemptId ?? '');
    const captured = rig.deposits.get(deposit.depositId);
    expect(captured).toMatchObject({
      state: 'captured',
      capturedMinor: 3_000,
      message: depositWords.captured('€30.00'),
    });
    expect(captured.capturedAt).toBeDefined();
    expect(rig.gateway.settlements).toEqual([
      expect.objectContaining({ kind: 'capture', paymentId: 'PA-0001', amountMinor: 3_000 }),
    ]);
    // The capture named the hold as the gateway knows it, and ran in a lane of its own.
    const request = rig.gateway.sent.find((sent) => sent.kind === 'capture');
    expect(request?.original?.transactionId).toBe('PA-0001');
    expect(request?.originalAmountMinor).toBe(5_000);

    expect(refusal(() => rig.deposits.capture(deposit.depositId, 2_000, undefined, 'boss')).message).toBe(
      depositWords.alreadyCaptured,
    );
    expect(refusal(() => rig.deposits.release(deposit.depositId, 'Changed mind', 'boss')).message).toBe(
      depositWords.alreadyCaptured,
    );
    // The payment service keeps the rule by itself too.
    expect(() =>
      rig.payments.startCapture({
        depositId: deposit.depositId,
        holdAttemptId: deposit.holdAttempt.attemptId,
        amountMinor: 1_000,
      }),
    ).toThrow(paymentWords.holdSettled);
    expect(rig.gateway.settlements).toHaveLength(1);
    // Captured is not open: the list leaves it out.
    expect(rig.deposits.list()).toEqual([]);
    const audit = rig.books.audit.recent(10).map((entry) => entry.action);
    expect(audit).toEqual(['deposit.capture_started', 'deposit.taken']);
  });

  it('refuses a capture above what the customer authorised, before anything is sent', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    const refused = refusal(() => rig.deposits.capture(deposit.depositId, 5_001, undefined, 'boss'));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe(depositWords.aboveHeld('€50.00'));
    expect(rig.gateway.sent.map((request) => request.kind)).toEqual(['hold']);
    expect(rig.deposits.get(deposit.depositId).state).toBe('held');
  });

  it('holds what the customer authorised when that is less than asked', async () => {
    const rig = startDepositRig();
    const taken = rig.deposits.take({ customer: 'Ada', amountMinor: 5_000 }, undefined);
    rig.gateway.authorise(taken.depositId, 4_000);
    await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).state).toBe('held'));
    expect(refusal(() => rig.deposits.capture(taken.depositId, 4_500, undefined, 'boss')).message).toBe(
      depositWords.aboveHeld('€40.00'),
    );
    const released = rig.deposits.release(taken.depositId, 'Cancelled', 'boss');
    await rig.payments.whenSettled(released.actionAttempt?.attemptId ?? '');
    expect(rig.gateway.settlements).toEqual([expect.objectContaining({ kind: 'release', amountMinor: 4_000 })]);
  });

  it('releases a deposit: nothing taken, the list leaves it out, and the reason is audited', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    const releasing = rig.deposits.release(deposit.depositId, '  Order cancelled ', 'boss');
    await rig.payments.whenSettled(releasing.actionAttempt?.attemptId ?? '');
    const released = rig.deposits.get(deposit.depositId);
    expect(released).toMatchObject({ state: 'released', message: depositWords.released });
    expect(released.releasedAt).toBeDefined();
    expect(released.capturedMinor).toBeUndefined();
    expect(rig.deposits.list()).toEqual([]);
    expect(refusal(() => rig.deposits.capture(deposit.depositId, 1_000, undefined, 'boss')).message).toBe(
      depositWords.alreadyReleased,
    );
    const [entry] = rig.books.audit.recent(1);
    expect(entry).toMatchObject({ action: 'deposit.release_started', actor: 'boss', reason: 'Order cancelled' });
    expect(refusal(() => rig.deposits.release(deposit.depositId, '   ', 'boss')).message).toBe(depositWords.sayWhy);
  });

  it('asks about a capture whose answer was lost, and never sends it again', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    rig.gateway.nextSettle('lose-answer');
    const capturing = rig.deposits.capture(deposit.depositId, 5_000, undefined, 'boss');
    const attemptId = capturing.actionAttempt?.attemptId ?? '';
    const settled = await rig.payments.whenSettled(attemptId);
    expect(settled.state).toBe('approved');
    expect(rig.deposits.get(deposit.depositId)).toMatchObject({ state: 'captured', capturedMinor: 5_000 });
    expect(rig.gateway.sent.filter((request) => request.kind === 'capture')).toHaveLength(1);
    expect(rig.gateway.asked.filter((request) => request.kind === 'capture').length).toBeGreaterThanOrEqual(1);
    expect(rig.gateway.settlements).toHaveLength(1);
    // Every step is in the journal: created, sent, checking (the answer lost), approved.
    expect(rig.payments.history(attemptId).map((event) => event.to)).toEqual([
      'created',
      'sent',
      'checking',
      'approved',
    ]);
  });

  it('lets a capture the gateway never got be tried again, as a new attempt', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    rig.gateway.nextSettle('lose-request');
    const first = rig.deposits.capture(deposit.depositId, 2_000, undefined, 'boss');
    expect((await rig.payments.whenSettled(first.actionAttempt?.attemptId ?? '')).state).toBe('failed');
    const after = rig.deposits.get(deposit.depositId);
    expect(after).toMatchObject({ state: 'held', message: depositWords.captureFailed('€50.00') });
    rig.gateway.nextSettle('decline');
    const second = rig.deposits.capture(deposit.depositId, 2_000, undefined, 'boss');
    expect((await rig.payments.whenSettled(second.actionAttempt?.attemptId ?? '')).state).toBe('declined');
    const third = rig.deposits.capture(deposit.depositId, 2_000, undefined, 'boss');
    await rig.payments.whenSettled(third.actionAttempt?.attemptId ?? '');
    expect(rig.deposits.get(deposit.depositId)).toMatchObject({ state: 'captured', capturedMinor: 2_000 });
    expect(rig.gateway.settlements).toHaveLength(1);
  });

  it('refuses to capture or release a deposit the customer has not authorised', async () => {
    const rig = startDepositRig();
    const taken = rig.deposits.take({ customer: 'Ada', amountMinor: 5_000 }, undefined);
    expect(refusal(() => rig.deposits.capture(taken.depositId, 5_000, undefined, 'boss')).message).toBe(
      depositWords.notAuthorised,
    );
    rig.gateway.decline(taken.depositId);
    await vi.waitFor(() => expect(rig.deposits.get(taken.depositId).state).toBe('failed'));
    expect(refusal(() => rig.deposits.release(taken.depositId, 'x', 'boss')).message).toBe(depositWords.notAuthorised);
    expect(rig.deposits.list()).toEqual([]);
    expect(refusal(() => rig.deposits.get('no-such-deposit')).code).toBe('NOT_FOUND');
  });

  it('numbers deposits per till and gives a refused hold its number back', async () => {
    const rig = startDepositRig();
    const first = rig.deposits.take({ customer: 'Ada', amountMinor: 1_000 }, undefined);
    expect(first.number).toBe('D-0001');
    // The payments refuse a hold above what any payment may be, before anything is sent: no deposit is left.
    const refused = refusal(() => rig.deposits.take({ customer: 'Bob', amountMinor: 100_000_001 }, undefined));
    expect(refused.message).toMatch(/amount/i);
    // Each hold has a lane of its own: a second deposit waits for its customer beside the first.
    const second = rig.deposits.take({ customer: 'Bob', amountMinor: 2_000 }, undefined);
    expect(second).toMatchObject({ number: 'D-0002', state: 'awaiting_customer' });
    rig.gateway.authorise(first.depositId);
    await vi.waitFor(() => expect(rig.deposits.get(first.depositId).state).toBe('held'));
    expect(rig.deposits.get(second.depositId).state).toBe('awaiting_customer');
    expect(rig.deposits.list().map((deposit) => deposit.number)).toEqual(['D-0001', 'D-0002']);
  });

  it('runs a capture beside a live link: its lane is the hold, not the gateway', async () => {
    const rig = startDepositRig();
    const deposit = await held(rig);
    const waiting = rig.deposits.take({ customer: 'Bob', amountMinor: 2_000 }, undefined);
    expect(waiting.state).toBe('awaiting_customer');
    const capturing = rig.deposits.capture(deposit.depositId, 5_000, undefined, 'boss');
    await rig.payments.whenSettled(capturing.actionAttempt?.attemptId ?? '');
    expect(rig.deposits.get(deposit.depositId).state).toBe('captured');
  });

  it('puts right a deposit the till stopped writing between its row and its hold', async () => {
    const first = startDepositRig();
    const orphan = first.books.deposits.create({
      id: 'orphan',
      mode: 'live',
      customer: 'Nobody',
      contact: undefined,
      note: undefined,
      amountMinor: 1_000,
      currency: 'EUR',
      createdAt: new Date().toISOString(),
      createdBy: undefined,
    });
    expect(orphan.number).toBe('D-0001');
    await first.stop();
    const again = startDepositRig({ file: first.file });
    expect(again.books.deposits.deposit('orphan')).toBeUndefined();
    expect(again.deposits.take({ customer: 'Ada', amountMinor: 1_000 }, undefined).number).toBe('D-0001');
  });

  it('refuses deposits on a provider that does not hold', () => {
    const rig = startDepositRig();
    const cards = createPaymentService({
      book: rig.books.payments,
      provider: { ...createFakeGateway({ clock: rig.clock }), holds: false },
      currency: 'EUR',
      logger: createMemoryLogger(),
    });
    expect(() => cards.startHold({ depositId: 'd-1', amountMinor: 1_000, currency: 'EUR' })).toThrow(
      paymentWords.noHolds,
    );
    expect(cards.holds).toBe(false);
    expect(rig.payments.holds).toBe(true);
  });
});
