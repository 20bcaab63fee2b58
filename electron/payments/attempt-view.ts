import { CASHIER_WORDS, type PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { AttemptRecord } from './payment-book.ts';

/** A payment book record as the renderer and the command line see it: no ServiceIDs, no raw messages. */
export function attemptView(record: AttemptRecord): PaymentAttemptView {
  return {
    attemptId: record.id,
    kind: record.kind,
    saleId: record.saleId,
    tenderId: record.tenderId,
    terminalId: record.terminalId,
    amountMinor: record.amountMinor,
    currency: record.currency,
    state: record.state,
    ...(record.authorisedMinor === undefined ? {} : { authorisedMinor: record.authorisedMinor }),
    ...(record.terminalReference === undefined ? {} : { terminalReference: record.terminalReference }),
    ...(record.reason === undefined ? {} : { reason: record.reason }),
    ...(record.attention === undefined ? {} : { attention: record.attention }),
    ...(record.card === undefined ? {} : { card: record.card }),
    cashierMessage: CASHIER_WORDS[record.state],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
