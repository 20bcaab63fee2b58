import type { PaymentAttemptView, PaymentState } from '../../../../shared/payments/payment-state.ts';

/** A card attempt as main shows it, in `state`: what the slice tests put on screen. */
export const cardAttempt = (state: PaymentState): PaymentAttemptView => ({
  attemptId: 'A-1',
  saleId: 'S-1',
  tenderId: 'T-1',
  terminalId: 'V400m-1',
  amountMinor: 1_250,
  currency: 'EUR',
  state,
  cashierMessage: 'Follow the terminal',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
});
