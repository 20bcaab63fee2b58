import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRequest, KassaApi } from '../../shared/ipc/contract.ts';
import type { MainEvent } from '../../shared/ipc/events.ts';
import type { PaymentAttemptView, PaymentState } from '../../shared/payments/payment-state.ts';
import type { Result } from '../../shared/result.ts';
import type { Connection, RendererBridge } from '../api/renderer-bridge.ts';
import { cardAttempt } from '../sale/store/testing/card-attempt.ts';
import { useUnsettledStore } from './unsettled-store.ts';

/**
 * The payments to settle, as main lists them: read on connection and on every
 * payment event, checked before a manager may record anything, and recorded
 * only through main. Main here is a scripted bridge that keeps what was asked.
 */

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function scriptedMain(initial: PaymentAttemptView[]) {
  let unsettled = initial;
  const asked: { channel: string; request: unknown }[] = [];
  let emit: (event: MainEvent) => void = () => undefined;
  let connect: (connection: Connection) => void = () => undefined;
  let checkAnswer: PaymentState = 'needs_attention';
  const api = {
    'payments.unsettled': (request: unknown) => {
      asked.push({ channel: 'payments.unsettled', request });
      return Promise.resolve(ok(unsettled));
    },
    'payments.checkStatus': (request: ChannelRequest<'payments.checkStatus'>) => {
      asked.push({ channel: 'payments.checkStatus', request });
      const found = unsettled.find((payment) => payment.attemptId === request.attemptId);
      if (found === undefined) throw new Error('asked about a payment that is not there');
      if (checkAnswer !== 'needs_attention') unsettled = unsettled.filter((payment) => payment !== found);
      return Promise.resolve(ok({ ...found, state: checkAnswer }));
    },
    'payments.resolve': (request: ChannelRequest<'payments.resolve'>) => {
      asked.push({ channel: 'payments.resolve', request });
      const found = unsettled.find((payment) => payment.attemptId === request.attemptId);
      if (found === undefined) throw new Error('resolved a payment that is not there');
      unsettled = unsettled.filter((payment) => payment !== found);
      return Promise.resolve(ok({ ...found, state: request.outcome }));
    },
  } as unknown as KassaApi;
  const bridge: RendererBridge = {
    api,
    onEvent: (listener) => {
      emit = listener;
      return () => undefined;
    },
    onConnection: (listener) => {
      connect = listener;
      return () => undefined;
    },
  };
  return {
    bridge,
    asked,
    set: (next: PaymentAttemptView[]) => (unsettled = next),
    emit: (event: MainEvent) => emit(event),
    connect: (connection: Connection) => connect(connection),
    checkWillSay: (state: PaymentState) => (checkAnswer = state),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const stuck = { ...cardAttempt('needs_attention'), attention: 'unconfirmed' as const };

let detach: (() => void) | undefined;
afterEach(() => {
  detach?.();
  detach = undefined;
});

describe('the payments to settle', () => {
  it('reads main’s list on connection and again whenever a payment moves', async () => {
    const main = scriptedMain([stuck]);
    detach = useUnsettledStore.getState().attach(main.bridge);
    main.connect('connected');
    await settle();
    expect(useUnsettledStore.getState().payments).toEqual([stuck]);

    main.set([]);
    main.emit({
      type: 'payment.progress',
      progress: { ...stuck, cashierMessage: 'Card payment approved.', at: stuck.updatedAt, state: 'approved' },
    });
    await settle();
    expect(useUnsettledStore.getState().payments).toEqual([]);
  });

  it('lets a manager record an outcome only after a check the terminal could not settle', async () => {
    const main = scriptedMain([stuck]);
    detach = useUnsettledStore.getState().attach(main.bridge);
    main.connect('connected');
    await settle();
    const store = useUnsettledStore.getState();
    const outcome = { approved: true, terminalReference: 'PSP-1', reason: 'Seen on the terminal', managerName: 'Mia' };

    expect(await store.resolve('A-1', outcome)).toBe('Check the status first: the terminal may still settle it.');
    expect(main.asked.map((ask) => ask.channel)).not.toContain('payments.resolve');

    await store.check('A-1');
    expect(useUnsettledStore.getState().checked).toEqual({ 'A-1': true });
    expect(useUnsettledStore.getState().said['A-1']?.text).toMatch(/^The terminal could not settle it\./);

    // Approved needs the terminal's reference; the screen says so before main is asked.
    expect(await store.resolve('A-1', { ...outcome, terminalReference: '  ' })).toMatch(/terminal’s reference/);
    expect(await store.resolve('A-1', outcome)).toBeUndefined();
    expect(main.asked.filter((ask) => ask.channel === 'payments.resolve')).toEqual([
      {
        channel: 'payments.resolve',
        request: {
          attemptId: 'A-1',
          outcome: 'approved',
          reason: 'Seen on the terminal',
          terminalReference: 'PSP-1',
          manager: 'Mia',
        },
      },
    ]);
    expect(useUnsettledStore.getState()).toMatchObject({
      payments: [],
      checked: {},
      notice: 'Recorded. The terminal is free again.',
    });
  });

  it('sends a manager’s PIN for main to check, and records “not approved” as nothing charged', async () => {
    const main = scriptedMain([stuck]);
    detach = useUnsettledStore.getState().attach(main.bridge);
    main.connect('connected');
    await settle();
    await useUnsettledStore.getState().check('A-1');
    await useUnsettledStore.getState().resolve('A-1', {
      approved: false,
      terminalReference: '',
      reason: 'Not on the terminal’s list',
      approval: { staffId: 'bo', pin: '97531' },
    });
    expect(main.asked.find((ask) => ask.channel === 'payments.resolve')?.request).toEqual({
      attemptId: 'A-1',
      outcome: 'failed',
      reason: 'Not on the terminal’s list',
      approval: { staffId: 'bo', pin: '97531' },
    });
  });

  it('says when a check settled the payment, and the payment leaves the list', async () => {
    const main = scriptedMain([stuck]);
    detach = useUnsettledStore.getState().attach(main.bridge);
    main.connect('connected');
    await settle();
    main.checkWillSay('approved');
    await useUnsettledStore.getState().check('A-1');
    expect(useUnsettledStore.getState()).toMatchObject({
      payments: [],
      checked: {},
      notice: 'Settled by the terminal: Card payment approved.',
    });
  });
});
