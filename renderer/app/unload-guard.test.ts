import { describe, expect, it } from 'vitest';
import type { PaymentProgress, PaymentState } from '../../shared/payments/payment-state.ts';
import { guardUnloadWhilePaying } from './unload-guard.ts';

function progress(state: PaymentState): PaymentProgress {
  return {
    attemptId: 'a-1',
    saleId: 's-1',
    terminalId: 'P400Plus-1',
    state,
    cashierMessage: '',
    at: new Date().toISOString(),
  };
}

describe('leaving the page while paying', () => {
  it('asks before unloading while a payment is in flight, and not once it is settled', () => {
    const target = new EventTarget();
    let payments: Record<string, PaymentProgress> = { 'a-1': progress('in_progress') };
    guardUnloadWhilePaying(target, () => ({ payments }));

    const first = new Event('beforeunload', { cancelable: true });
    target.dispatchEvent(first);
    expect(first.defaultPrevented).toBe(true);

    payments = { 'a-1': progress('approved') };
    const second = new Event('beforeunload', { cancelable: true });
    target.dispatchEvent(second);
    expect(second.defaultPrevented).toBe(false);
  });
});
