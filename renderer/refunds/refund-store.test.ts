import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { ChannelRequest, ChannelResponse, KassaApi } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import { formatMoney } from '../../shared/money.ts';
import {
  StartOnlineRefundSchema,
  type OnlinePaymentView,
  type StartOnlineRefund,
} from '../../shared/refunds/online-refund.ts';
import { StartRefundSchema, type Refundable, type RefundView } from '../../shared/refunds/refund.ts';
import type { Result } from '../../shared/result.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { typedAmount } from '../i18n/amount-input.ts';
import { useManagerApproval, withManagerApproval } from '../staff/manager-approval.ts';
import {
  isManager,
  newerRefund,
  onlineReference,
  onlineRefundRequest,
  refundRequest,
  refundSelection,
  shownRefund,
  useRefundStore,
} from './refund-store.ts';

const money = (minor: number) => formatMoney(minor, 'EUR', 'en-GB');

/** Cheese 3.50 once; red wine 3 for 10.00 (a price the units do not divide), one of them already back. */
const LINES: Pick<CompletedSale, 'lines'>['lines'] = [
  {
    lineId: 'l-1',
    sku: 'CHE-001',
    name: 'Cheese',
    unitPriceMinor: 350,
    quantity: 1,
    vatBasisPoints: 900,
    totalMinor: 350,
    discountMinor: 0,
  },
  {
    lineId: 'l-2',
    sku: 'WIN-001',
    name: 'Red wine',
    unitPriceMinor: 400,
    quantity: 3,
    vatBasisPoints: 2_100,
    priceOverrideMinor: 334,
    totalMinor: 1_000,
    discountMinor: 0,
  },
];
const REFUNDABLE: Refundable = {
  lines: [
    { lineIndex: 0, soldQuantity: 1, refundableQuantity: 1 },
    { lineIndex: 1, soldQuantity: 3, refundableQuantity: 2 },
  ],
  tenders: [{ kind: 'cash', paidMinor: 1_350, refundableMinor: 1_017 }],
  totalMinor: 1_017,
};

const select = (quantities: Record<number, string>, amount = '') =>
  refundSelection({ lines: LINES }, REFUNDABLE, { quantities, amount }, 'EUR', money);

describe('what a manager picks to refund on a sale', () => {
  it('prices lines as main will: the share of what was paid, after what went back before', () => {
    // Units 2 and 3 of 10.00 for 3: 10.00 − 3.33.
    expect(select({ 1: '2' })).toEqual({
      lines: [{ lineIndex: 1, quantity: 2 }],
      amountMinor: undefined,
      displayMinor: 667,
      problem: undefined,
    });
    expect(select({ 0: '1', 1: '0' }).displayMinor).toBe(350);
    expect(select({}).displayMinor).toBe(0);
  });

  it('refuses more than is left and what is not a count', () => {
    expect(select({ 1: '3' }).problem).toBe('Only 2 of “Red wine” can still be refunded.');
    expect(select({ 1: '1.5' }).problem).toBe('Type a whole number of Red wine to refund, or 0.');
  });

  it('takes an amount only when no line is chosen, and no more than is left', () => {
    expect(select({}, '5,00')).toMatchObject({ lines: [], amountMinor: 500, displayMinor: 500, problem: undefined });
    expect(select({ 0: '1' }, '5,00')).toMatchObject({ amountMinor: undefined, displayMinor: 350 });
    expect(select({}, '10.18').problem).toBe('Only €10.17 can still be refunded on this sale.');
    expect(select({}, 'five').problem).toBe('Type the amount to refund, for example 5.00.');
  });

  it('becomes a request main accepts, with a reason', () => {
    const lines = refundRequest('T-2-000001', select({ 1: '1' }), '  damaged bottle ');
    expect(lines).toEqual({
      ok: true,
      request: { receiptNumber: 'T-2-000001', lines: [{ lineIndex: 1, quantity: 1 }], reason: 'damaged bottle' },
    });
    const amount = refundRequest('T-2-000001', select({}, '2'), 'goodwill');
    expect(amount.ok && amount.request).toMatchObject({ lines: [], amountMinor: 200 });
    for (const built of [lines, amount])
      expect(built.ok && StartRefundSchema.safeParse(built.request).success).toBe(true);

    expect(refundRequest('T-2-000001', select({}), 'goodwill')).toEqual({
      ok: false,
      problem: 'Type the amount to refund, for example 5.00.',
    });
    expect(refundRequest('T-2-000001', select({ 1: '1' }), ' no')).toEqual({
      ok: false,
      problem: 'Say why the money goes back (at least 3 characters).',
    });
  });
});

describe('who may refund', () => {
  it('is a manager, or anyone on a till without staff', () => {
    expect(isManager({ loginRequired: true, operator: { staffId: 'm', name: 'Mia', role: 'manager' } })).toBe(true);
    expect(isManager({ loginRequired: true, operator: { staffId: 'c', name: 'Cas', role: 'cashier' } })).toBe(false);
    expect(isManager({ loginRequired: true, operator: null })).toBe(false);
    expect(isManager({ loginRequired: false, operator: null })).toBe(true);
    expect(isManager(undefined)).toBe(false);
  });
});

function view(refundId: string, overrides: Partial<RefundView> = {}, attemptAt?: string): RefundView {
  return {
    refundId,
    state: 'open',
    currency: 'EUR',
    totalMinor: 1_250,
    lines: [],
    parts: [
      {
        kind: 'card',
        amountMinor: 1_250,
        card: { brand: 'visa', last4: '1234' },
        state: attemptAt === undefined ? 'to_do' : 'waiting',
        ...(attemptAt === undefined
          ? {}
          : {
              attempt: {
                attemptId: `A-${attemptAt}`,
                kind: 'reversal',
                saleId: refundId,
                tenderId: 't',
                terminalId: 'V400m',
                amountMinor: 1_250,
                currency: 'EUR',
                state: 'in_progress',
                cashierMessage: '',
                createdAt: attemptAt,
                updatedAt: attemptAt,
              },
            }),
      },
    ],
    reason: 'damaged',
    createdAt: '2026-11-21T09:00:00.000Z',
    message: 'Giving €12.50 back to the card. Wait for the terminal.',
    ...overrides,
  };
}

describe('which view of a refund is further on', () => {
  it('keeps a finished refund over an open one, and a later attempt over an earlier one', () => {
    const waiting = view('R-1', {}, '2026-11-21T09:00:01.000Z');
    const later = view('R-1', {}, '2026-11-21T09:00:05.000Z');
    const done = view('R-1', { state: 'completed', refundNumber: 'T-2-R000001' }, '2026-11-21T09:00:05.000Z');
    expect(newerRefund(undefined, waiting)).toBe(waiting);
    expect(newerRefund(waiting, later)).toBe(later);
    expect(newerRefund(later, waiting)).toBe(later);
    expect(newerRefund(done, later)).toBe(done);
    expect(newerRefund(later, done)).toBe(done);
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
  const emit = (refund: RefundView) => {
    for (const listener of listeners) listener({ type: 'refund.updated', refund });
  };
  return { bridge, emit };
}

describe('the refund store', () => {
  afterEach(() => useRefundStore.setState({ known: {}, shownId: undefined, openIds: [], busy: false }));

  it('follows the refund it started, whichever arrives first: its answer or its events', async () => {
    const started = view('R-1', {}, '2026-11-21T09:00:01.000Z');
    const approved = view('R-1', { state: 'completed', refundNumber: 'T-2-R000001' }, '2026-11-21T09:00:03.000Z');
    const { bridge, emit } = fakeBridge({
      'refunds.start': () => {
        // The refund finished before the answer got here (browser mode: another connection).
        emit(approved);
        return Promise.resolve({ ok: true, value: started });
      },
    });
    const stop = useRefundStore.getState().attach(bridge);
    const refused = await useRefundStore
      .getState()
      .start({ receiptNumber: 'T-2-000001', lines: [{ lineIndex: 1, quantity: 1 }], reason: 'damaged' });
    expect(refused).toBeUndefined();
    expect(shownRefund(useRefundStore.getState())).toBe(approved);

    // Events of other refunds do not touch the one on screen.
    emit(view('R-2', { state: 'cancelled' }));
    expect(shownRefund(useRefundStore.getState())?.refundNumber).toBe('T-2-R000001');
    stop();
  });

  it('moves on live with refund.updated, and answers main’s refusal in its words', async () => {
    const failed = view('R-1', {
      state: 'open',
      message: 'The card refund did not go through (Refused). Try the card again, or cancel the refund.',
    });
    const retry = vi.fn(() =>
      Promise.resolve<Result<RefundView>>({
        ok: false,
        error: { code: 'CONFLICT', message: 'The terminal is still working on this refund.' },
      }),
    );
    const { bridge, emit } = fakeBridge({
      'refunds.get': () => Promise.resolve({ ok: true, value: failed }),
      'refunds.retry': retry,
    });
    const stop = useRefundStore.getState().attach(bridge);
    expect(await useRefundStore.getState().show('R-1')).toBeUndefined();
    expect(shownRefund(useRefundStore.getState())?.message).toMatch(/Try the card again/);

    expect(await useRefundStore.getState().retry()).toBe('The terminal is still working on this refund.');
    expect(retry).toHaveBeenCalledWith({ refundId: 'R-1' });

    emit(
      view('R-1', { message: 'Giving €12.50 back to the card. Wait for the terminal.' }, '2026-11-21T09:01:00.000Z'),
    );
    expect(shownRefund(useRefundStore.getState())?.parts[0]?.state).toBe('waiting');
    stop();
    emit(view('R-1', { state: 'completed' }, '2026-11-21T09:02:00.000Z'));
    expect(shownRefund(useRefundStore.getState())?.state).toBe('open');
  });
});

/** A webshop order of 40.00, 15.00 of it refunded for good and 5.00 asked for and not final yet. */
const WEBSHOP: OnlinePaymentView = {
  gateway: 'worldline-direct',
  paymentId: '3066019730',
  merchantReference: 'WEB-1001',
  currency: 'EUR',
  paidMinor: 4_000,
  refundedMinor: 1_500,
  requestedMinor: 500,
  refundableMinor: 2_000,
  card: { brand: 'visa', last4: '1111' },
  refunds: [
    { amountMinor: 1_500, state: 'refunded', refundNumber: 'T-2-R000001' },
    { amountMinor: 500, state: 'requested', refundNumber: 'T-2-R000002' },
  ],
  message: 'Up to €20.00 can go back to the card that paid.',
};

describe('a refund of a payment made online', () => {
  it('needs a payment id or an order reference to look for', () => {
    expect(onlineReference('  WEB-1001 ')).toEqual({ ok: true, reference: 'WEB-1001' });
    expect(onlineReference('   ')).toEqual({
      ok: false,
      problem: 'Type the payment id or the order reference, then press Find.',
    });
  });

  it('prefills what is left as the manager would type it, and reads it back the same', () => {
    expect(typedAmount(4_000, 'EUR', 'nl-NL')).toBe('40,00');
    expect(typedAmount(123_456, 'EUR', 'nl-NL')).toBe('1234,56');
    expect(typedAmount(2_005, 'EUR', 'en-GB')).toBe('20.05');
    expect(typedAmount(1_200, 'JPY', 'nl-NL')).toBe('1200');
    const back = onlineRefundRequest(WEBSHOP, typedAmount(2_000, 'EUR', 'nl-NL'), 'Returned', money);
    expect(back.ok && back.amountMinor).toBe(2_000);
  });

  it('becomes a request main accepts: the payment, the amount and the reason', () => {
    const built = onlineRefundRequest(WEBSHOP, '15,00', '  Returned the shoes ', money);
    const request: StartOnlineRefund = { paymentId: '3066019730', amountMinor: 1_500, reason: 'Returned the shoes' };
    expect(built).toEqual({ ok: true, amountMinor: 1_500, request });
    expect(built.ok && StartOnlineRefundSchema.safeParse(built.request).success).toBe(true);
  });

  it('refuses more than is left, an amount that is none, and no reason, in words that say what to do', () => {
    expect(onlineRefundRequest(WEBSHOP, '20.01', 'Returned', money)).toEqual({
      ok: false,
      problem: 'Only €20.00 is left to refund on this payment. Type €20.00 or less.',
    });
    for (const amount of ['', '0', 'ten', '1.234'])
      expect(onlineRefundRequest(WEBSHOP, amount, 'Returned', money)).toEqual({
        ok: false,
        problem: 'Type the amount to refund, for example 5.00.',
      });
    expect(onlineRefundRequest(WEBSHOP, '20', ' no ', money)).toEqual({
      ok: false,
      problem: 'Say why the money goes back (at least 3 characters).',
    });
    expect(onlineRefundRequest({ ...WEBSHOP, refundableMinor: 0 }, '1', 'Returned', money)).toEqual({
      ok: false,
      problem: 'Nothing is left to refund on this payment: it has all gone back, or is on its way.',
    });
  });
});

function onlineView(refundId: string, overrides: Partial<RefundView> = {}): RefundView {
  return view(refundId, {
    totalMinor: 1_500,
    parts: [{ kind: 'online', amountMinor: 1_500, card: { brand: 'visa', last4: '1111' }, state: 'waiting' }],
    reason: 'Returned the shoes',
    message: 'Worldline has the refund of €15.00 as requested: it is not final yet.',
    ...overrides,
  });
}

describe('the refund store, for a payment made online', () => {
  afterEach(() => {
    useRefundStore.setState({ known: {}, shownId: undefined, openIds: [], busy: false });
    useManagerApproval.setState({ asked: undefined });
  });

  it('finds a payment, or answers main’s refusal in its words', async () => {
    const findOnline = vi.fn((request: ChannelRequest<'refunds.findOnline'>) =>
      Promise.resolve<Result<OnlinePaymentView>>(
        request.reference === 'WEB-1001'
          ? { ok: true, value: WEBSHOP }
          : { ok: false, error: { code: 'NOT_FOUND', message: 'Worldline knows no payment WEB-9999.' } },
      ),
    );
    const { bridge } = fakeBridge({ 'refunds.findOnline': findOnline });
    const stop = useRefundStore.getState().attach(bridge);
    expect(await useRefundStore.getState().findOnline('WEB-1001')).toEqual({ ok: true, found: WEBSHOP });
    expect(await useRefundStore.getState().findOnline('WEB-9999')).toEqual({
      ok: false,
      problem: 'Worldline knows no payment WEB-9999.',
    });
    expect(useRefundStore.getState().busy).toBe(false);
    stop();
  });

  it('starts the refund, shows it and follows it from requested to refunded', async () => {
    const requested = onlineView('R-7');
    const refunded = onlineView('R-7', {
      state: 'completed',
      refundNumber: 'T-2-R000003',
      parts: [{ kind: 'online', amountMinor: 1_500, state: 'done' }],
      message: 'Refunded €15.00 to the card that paid online.',
    });
    const startOnline = vi.fn(() => Promise.resolve<Result<RefundView>>({ ok: true, value: requested }));
    const { bridge, emit } = fakeBridge({ 'refunds.startOnline': startOnline });
    const stop = useRefundStore.getState().attach(bridge);
    const request = { paymentId: '3066019730', amountMinor: 1_500, reason: 'Returned the shoes' };
    expect(await useRefundStore.getState().startOnline(request)).toBeUndefined();
    expect(startOnline).toHaveBeenCalledWith(request);
    expect(shownRefund(useRefundStore.getState())?.parts[0]).toMatchObject({ kind: 'online', state: 'waiting' });
    emit(refunded);
    expect(shownRefund(useRefundStore.getState())).toBe(refunded);
    // A late copy of the requested view does not take the finished refund off the screen.
    emit(requested);
    expect(shownRefund(useRefundStore.getState())?.refundNumber).toBe('T-2-R000003');
    stop();
  });

  it('asks a manager when main wants one, and sends the same request again with their PIN', async () => {
    const requested = onlineView('R-8');
    const startOnline = vi.fn((request: ChannelRequest<'refunds.startOnline'>) =>
      Promise.resolve<Result<RefundView>>(
        request.approval === undefined
          ? { ok: false, error: { code: 'APPROVAL_REQUIRED', message: 'A manager gives money back.' } }
          : request.approval.pin === '97531'
            ? { ok: true, value: requested }
            : { ok: false, error: { code: 'FORBIDDEN', message: 'That PIN is not right.' } },
      ),
    );
    const { bridge } = fakeBridge({ 'refunds.startOnline': startOnline });
    const stop = useRefundStore.getState().attach(withManagerApproval(bridge));
    const request = { paymentId: '3066019730', amountMinor: 1_500, reason: 'Returned the shoes' };
    const answer = useRefundStore.getState().startOnline(request);
    await vi.waitFor(() => expect(useManagerApproval.getState().asked).toBeDefined());
    const asked = useManagerApproval.getState().asked;
    expect(asked?.message).toBe('A manager gives money back.');
    expect(await asked?.approve({ staffId: 'bo', pin: '0000' })).toBe('That PIN is not right.');
    expect(await asked?.approve({ staffId: 'bo', pin: '97531' })).toBeUndefined();
    expect(await answer).toBeUndefined();
    expect(startOnline).toHaveBeenLastCalledWith({ ...request, approval: { staffId: 'bo', pin: '97531' } });
    expect(shownRefund(useRefundStore.getState())?.refundId).toBe('R-8');
    stop();
  });
});
