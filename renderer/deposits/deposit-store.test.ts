import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CaptureDepositSchema,
  ReleaseDepositSchema,
  TakeDepositSchema,
  type DepositView,
} from '../../shared/deposits/deposit.ts';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { ChannelRequest, ChannelResponse, KassaApi } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { formatMoney } from '../../shared/money.ts';
import type { PaymentAttemptView, PaymentProgress } from '../../shared/payments/payment-state.ts';
import type { Result } from '../../shared/result.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useManagerApproval, withManagerApproval } from '../staff/manager-approval.ts';
import {
  captureRequest,
  DEPOSIT_POLL_MS,
  depositOfProgress,
  depositsOnScreen,
  heldMinor,
  newerDeposit,
  releaseRequest,
  takeRequest,
  useDepositStore,
} from './deposit-store.ts';

const money = (minor: number) => formatMoney(minor, 'EUR', 'en-GB');

function attempt(id: string, overrides: Partial<PaymentAttemptView> = {}): PaymentAttemptView {
  return {
    attemptId: id,
    kind: 'hold',
    saleId: 'dep-1',
    tenderId: 't',
    terminalId: 'opp',
    amountMinor: 5_000,
    currency: 'EUR',
    state: 'in_progress',
    cashierMessage: '',
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    tender: 'link',
    link: { url: 'https://opp.example/pay/abc', expiresAt: '2026-11-21T10:00:00.000Z' },
    ...overrides,
  };
}

/** Deposit D-0001 of 50.00 for Jan, waiting for him to authorise it by link. */
function deposit(overrides: Partial<DepositView> = {}): DepositView {
  return {
    depositId: 'dep-1',
    number: 'D-0001',
    customer: 'Jan de Vries',
    amountMinor: 5_000,
    currency: 'EUR',
    state: 'awaiting_customer',
    holdAttempt: attempt('hold-1'),
    expiresSoon: false,
    expired: false,
    createdAt: '2026-11-21T09:00:00.000Z',
    message: 'Waiting for the customer to authorise the deposit with the link. Show them the QR code.',
    ...overrides,
  };
}

/** The same deposit once Jan authorised it (at 09:01). */
const HELD = deposit({
  state: 'held',
  holdAttempt: attempt('hold-1', { state: 'approved', authorisedMinor: 5_000, updatedAt: '2026-11-21T09:01:00.000Z' }),
  authorisedAt: '2026-11-21T09:01:00.000Z',
  expiresAt: '2026-11-28T09:01:00.000Z',
  message: '€50.00 is reserved on the customer’s card. Capture it at pick-up, or release it.',
});

/** A capture of 30.00 of it on its way (sent at 10:00). */
const CAPTURING = deposit({
  ...HELD,
  state: 'capturing',
  actionAttempt: attempt('cap-1', {
    kind: 'capture',
    amountMinor: 3_000,
    state: 'sent',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
  }),
  message: 'Capturing the deposit. Wait for the payment provider’s answer.',
});

describe('what is typed to take a deposit', () => {
  it('becomes a request main accepts: the name, the amount, and a contact and note only when given', () => {
    const built = takeRequest({ customer: '  Jan de Vries ', contact: ' ', note: '', amount: '50,00' }, 'EUR');
    expect(built).toEqual({ ok: true, request: { customer: 'Jan de Vries', amountMinor: 5_000 } });
    const full = takeRequest({ customer: 'Jan', contact: '06 1234', note: 'Sofa, blue', amount: '12.5' }, 'EUR');
    expect(full).toEqual({
      ok: true,
      request: { customer: 'Jan', contact: '06 1234', note: 'Sofa, blue', amountMinor: 1_250 },
    });
    for (const ok of [built, full]) expect(ok.ok && TakeDepositSchema.safeParse(ok.request).success).toBe(true);
  });

  it('says what to put right: a name, and an amount above zero', () => {
    expect(takeRequest({ customer: ' ', contact: '', note: '', amount: '50' }, 'EUR')).toEqual({
      ok: false,
      problem: 'Type the customer’s name.',
    });
    for (const amount of ['', '0', 'fifty', '1.234', '-5'])
      expect(takeRequest({ customer: 'Jan', contact: '', note: '', amount }, 'EUR')).toEqual({
        ok: false,
        problem: 'Type the deposit as an amount above zero, for example 50.00.',
      });
  });
});

describe('capturing and releasing', () => {
  it('holds what the customer authorised, which a card may make less than asked', () => {
    expect(heldMinor(HELD)).toBe(5_000);
    expect(heldMinor(deposit({ holdAttempt: attempt('h', { authorisedMinor: 4_000 }) }))).toBe(4_000);
    expect(heldMinor(deposit())).toBe(5_000);
  });

  it('captures all or part of what is held, never more, with a note when one is typed', () => {
    expect(captureRequest(HELD, '30,00', '  ', money)).toEqual({
      ok: true,
      request: { depositId: 'dep-1', amountMinor: 3_000 },
    });
    const noted = captureRequest(HELD, '50', 'Picked up, all of it', money);
    expect(noted).toEqual({
      ok: true,
      request: { depositId: 'dep-1', amountMinor: 5_000, reason: 'Picked up, all of it' },
    });
    expect(noted.ok && CaptureDepositSchema.safeParse(noted.request).success).toBe(true);
    expect(captureRequest(HELD, '50.01', '', money)).toEqual({
      ok: false,
      problem: 'Only €50.00 is reserved. Type €50.00 or less.',
    });
    for (const amount of ['', '0', 'all'])
      expect(captureRequest(HELD, amount, '', money)).toEqual({
        ok: false,
        problem: 'Type the amount to capture as an amount above zero, for example 25.00.',
      });
  });

  it('releases with a reason, always', () => {
    const built = releaseRequest(HELD, ' Order cancelled ');
    expect(built).toEqual({ ok: true, request: { depositId: 'dep-1', reason: 'Order cancelled' } });
    expect(built.ok && ReleaseDepositSchema.safeParse(built.request).success).toBe(true);
    expect(releaseRequest(HELD, '   ')).toEqual({ ok: false, problem: 'Say why the deposit is released.' });
  });
});

describe('which view of a deposit is further on', () => {
  it('keeps a later hold over an earlier one, and a capture over the hold it settles', () => {
    expect(newerDeposit(undefined, HELD)).toBe(HELD);
    expect(newerDeposit(deposit(), HELD)).toBe(HELD);
    expect(newerDeposit(HELD, deposit())).toBe(HELD);
    expect(newerDeposit(HELD, CAPTURING)).toBe(CAPTURING);
    expect(newerDeposit(CAPTURING, HELD)).toBe(CAPTURING);
    // Same attempts, newer words (a reservation about to end): the one that just arrived.
    const soon = { ...HELD, expiresSoon: true };
    expect(newerDeposit(HELD, soon)).toBe(soon);
  });

  it('finds the deposit a payment event is about, by its id as the sale or by its attempts', () => {
    const known = { 'dep-1': CAPTURING };
    expect(depositOfProgress(known, { attemptId: 'anything', saleId: 'dep-1' })).toBe('dep-1');
    expect(depositOfProgress(known, { attemptId: 'cap-1', saleId: 'elsewhere' })).toBe('dep-1');
    expect(depositOfProgress(known, { attemptId: 'pay-9', saleId: 'sale-9' })).toBeUndefined();
  });
});

type Handlers = { [C in Channel]?: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>> };

function fakeBridge(handlers: Handlers) {
  const listeners = new Set<(event: MainEvent) => void>();
  const bridge: RendererBridge = {
    api: handlers as unknown as KassaApi,
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection: (listener) => {
      listener('connected');
      return () => undefined;
    },
  };
  const progress = (attemptId: string, state: PaymentProgress['state']) => {
    const event: MainEvent = {
      type: 'payment.progress',
      progress: { attemptId, saleId: 'dep-1', terminalId: 'opp', state, cashierMessage: '', at: HELD.createdAt },
    };
    for (const listener of listeners) listener(event);
  };
  return { bridge, progress };
}

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });

describe('the deposit store', () => {
  afterEach(() => {
    useDepositStore.getState().forget();
    useManagerApproval.setState({ asked: undefined });
    vi.useRealTimers();
  });

  it('takes a deposit, shows it, and reads it again when its hold moves', async () => {
    const take = vi.fn(() => ok(deposit()));
    const get = vi.fn(() => ok(HELD));
    const { bridge, progress } = fakeBridge({ 'deposits.take': take, 'deposits.get': get });
    const stop = useDepositStore.getState().attach(bridge);

    const request = { customer: 'Jan de Vries', amountMinor: 5_000 };
    expect(await useDepositStore.getState().take(request)).toBeUndefined();
    expect(take).toHaveBeenCalledWith(request);
    expect(depositsOnScreen(useDepositStore.getState()).map((view) => view.state)).toEqual(['awaiting_customer']);

    // Jan authorised: main says so of the hold attempt; the store asks for the deposit.
    progress('hold-1', 'approved');
    await vi.waitFor(() => expect(useDepositStore.getState().known['dep-1']?.state).toBe('held'));
    expect(get).toHaveBeenCalledWith({ depositId: 'dep-1' });
    stop();
  });

  it('reads a deposit on its way again and again, and stops once the gateway has spoken', async () => {
    vi.useFakeTimers();
    const views = [deposit(), deposit(), HELD];
    const get = vi.fn(() => ok(views.shift() ?? HELD));
    const { bridge } = fakeBridge({ 'deposits.take': () => ok(deposit()), 'deposits.get': get });
    const stop = useDepositStore.getState().attach(bridge);
    await useDepositStore.getState().take({ customer: 'Jan', amountMinor: 5_000 });

    await vi.advanceTimersByTimeAsync(DEPOSIT_POLL_MS * 3);
    expect(get).toHaveBeenCalledTimes(3);
    expect(useDepositStore.getState().known['dep-1']?.state).toBe('held');
    // Held: nothing more to wait for, so nothing more is asked.
    await vi.advanceTimersByTimeAsync(DEPOSIT_POLL_MS * 5);
    expect(get).toHaveBeenCalledTimes(3);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lists the open deposits for a manager, and says main’s refusal of the list to a cashier', async () => {
    const list = vi
      .fn<() => Promise<Result<ChannelResponse<'deposits.list'>>>>()
      .mockReturnValueOnce(
        Promise.resolve({
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Only a manager can see the open deposits.' },
        }),
      )
      .mockReturnValueOnce(ok({ deposits: [HELD], holdValidDays: 7 }));
    const { bridge } = fakeBridge({ 'deposits.list': list });
    const stop = useDepositStore.getState().attach(bridge);

    await useDepositStore.getState().load();
    expect(useDepositStore.getState().listProblem).toBe('Only a manager can see the open deposits.');
    expect(depositsOnScreen(useDepositStore.getState())).toEqual([]);

    await useDepositStore.getState().load();
    expect(useDepositStore.getState()).toMatchObject({ listProblem: undefined, holdValidDays: 7 });
    expect(depositsOnScreen(useDepositStore.getState())).toEqual([HELD]);
    stop();
  });

  it('captures with a manager’s PIN asked on the spot, and keeps the deposit on screen until Done', async () => {
    const captured = deposit({
      ...CAPTURING,
      state: 'captured',
      actionAttempt: attempt('cap-1', {
        kind: 'capture',
        amountMinor: 3_000,
        state: 'approved',
        authorisedMinor: 3_000,
        updatedAt: '2026-11-21T10:00:09.000Z',
      }),
      capturedMinor: 3_000,
      message: '€30.00 of the deposit was taken.',
    });
    const capture = vi.fn((request: ChannelRequest<'deposits.capture'>) =>
      Promise.resolve<Result<DepositView>>(
        request.approval === undefined
          ? { ok: false, error: { code: 'APPROVAL_REQUIRED', message: 'Only a manager can take a deposit’s money.' } }
          : { ok: true, value: CAPTURING },
      ),
    );
    const lists = [[HELD], []];
    const { bridge, progress } = fakeBridge({
      'deposits.list': () => ok({ deposits: lists.shift() ?? [], holdValidDays: 7 }),
      'deposits.capture': capture,
      'deposits.get': () => ok(captured),
    });
    const stop = useDepositStore.getState().attach(withManagerApproval(bridge));
    await useDepositStore.getState().load();

    const answer = useDepositStore.getState().capture({ depositId: 'dep-1', amountMinor: 3_000 });
    await vi.waitFor(() => expect(useManagerApproval.getState().asked).toBeDefined());
    expect(useDepositStore.getState().busy).toBe(true);
    expect(await useManagerApproval.getState().asked?.approve({ staffId: 'bo', pin: '97531' })).toBeUndefined();
    expect(await answer).toBeUndefined();
    expect(capture).toHaveBeenLastCalledWith({
      depositId: 'dep-1',
      amountMinor: 3_000,
      approval: { staffId: 'bo', pin: '97531' },
    });
    expect(useDepositStore.getState().known['dep-1']?.state).toBe('capturing');

    progress('cap-1', 'approved');
    await vi.waitFor(() => expect(useDepositStore.getState().known['dep-1']?.capturedMinor).toBe(3_000));
    // Main no longer lists a captured deposit; the screen shows how it ended until Done.
    await useDepositStore.getState().load();
    expect(useDepositStore.getState().openIds).toEqual([]);
    expect(depositsOnScreen(useDepositStore.getState()).map((view) => view.message)).toEqual([
      '€30.00 of the deposit was taken.',
    ]);
    useDepositStore.getState().dismiss('dep-1');
    expect(depositsOnScreen(useDepositStore.getState())).toEqual([]);
    stop();
  });

  it('answers main’s refusal in its words, and keeps nothing that answers after the till locked', async () => {
    let answerTake: (result: Result<DepositView>) => void = () => undefined;
    const { bridge } = fakeBridge({
      'deposits.release': () =>
        Promise.resolve({
          ok: false,
          error: { code: 'CONFLICT', message: 'This deposit has already been captured. A deposit is captured once.' },
        }),
      'deposits.take': () => new Promise((resolve) => (answerTake = resolve)),
    });
    const stop = useDepositStore.getState().attach(bridge);
    expect(await useDepositStore.getState().release({ depositId: 'dep-1', reason: 'Cancelled' })).toBe(
      'This deposit has already been captured. A deposit is captured once.',
    );

    const taking = useDepositStore.getState().take({ customer: 'Jan', amountMinor: 5_000 });
    useDepositStore.getState().forget();
    answerTake({ ok: true, value: deposit() });
    expect(await taking).toBeUndefined();
    expect(useDepositStore.getState().known).toEqual({});
    expect(useDepositStore.getState().followed).toEqual([]);
    stop();
  });
});
