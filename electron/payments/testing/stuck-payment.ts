import { randomUUID } from 'node:crypto';
import type { PaymentBook } from '../payment-book.ts';
import type { TerminalProvider } from '../terminal-provider.ts';

const notUsed = () => {
  throw new Error('A manager resolution asks nothing of the terminal');
};

/**
 * A terminal the test must never ask anything: a manager's word settles a
 * payment without the terminal, and any call to it fails the test.
 */
export const UNASKED_TERMINAL: TerminalProvider = {
  name: 'adyen',
  terminalId: 'V400m-324688179',
  saleSystemId: 'POSSystemID12345',
  delivery: 'sync',
  canAbort: true,
  newServiceId: notUsed,
  sendPayment: notUsed,
  askStatus: notUsed,
  abort: notUsed,
  readNotification: notUsed,
  verifySignature: notUsed,
};

/**
 * Writes a card payment of 50.00 on sale SALE-1 as a crash and a failed
 * status check leave it: sent, checked, and waiting for a manager
 * (`unconfirmed`). Answers its attempt id.
 */
export function recordStuckPayment(payments: PaymentBook, at: string): string {
  const id = randomUUID();
  payments.createAttempt(
    {
      id,
      saleId: 'SALE-1',
      tenderId: randomUUID(),
      saleTotalMinor: 5_000,
      provider: 'adyen',
      terminalId: UNASKED_TERMINAL.terminalId,
      saleSystemId: UNASKED_TERMINAL.saleSystemId,
      serviceId: 'SVC0000001',
      saleTransactionId: 'SALE-1',
      amountMinor: 5_000,
      currency: 'EUR',
      delivery: 'sync',
    },
    at,
  );
  for (const state of ['sent', 'checking', 'needs_attention'] as const) {
    payments.transition(id, state, state === 'needs_attention' ? { attention: 'unconfirmed' } : {}, at);
  }
  return id;
}
