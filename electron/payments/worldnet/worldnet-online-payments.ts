import { CurrencyCodeSchema, majorNumberToMinor } from '../../../shared/money.ts';
import type { GatewayPayment, GatewayRefund, OnlinePayments } from '../../refunds/online-payments.ts';
import type { MerchantApi } from './merchant-api.ts';

/**
 * A Worldnet payment as the refund screen needs it, by its UNIQUEREF: what was
 * paid (`GET …/transaction/payments/{ref}`) and what went back on it (the
 * refunds found by the payment's ORDERID). Without a Merchant API key there is
 * nothing to ask: every lookup says so.
 */
export function worldnetOnlinePayments(api: MerchantApi | undefined, terminalId: string): OnlinePayments {
  const APPROVED = new Set(['PENDING', 'READY', 'COMPLETE']);
  return {
    gateway: 'worldnet',
    terminalId,
    paymentIdOf: (typed) => {
      const id = typed.trim().toUpperCase();
      return /^[A-Z0-9]{6,24}$/.test(id) ? id : undefined;
    },
    async find(paymentId, signal) {
      if (api === undefined) return { kind: 'unknown', reason: 'No Worldnet Merchant API key is set up on this till' };
      const read = await api.getPayment(paymentId, signal);
      if (read.kind === 'rejected')
        return read.status === 404
          ? { kind: 'not_found' }
          : { kind: 'unknown', reason: `Worldnet answered ${String(read.status)}` };
      if (read.kind !== 'answer') return { kind: 'unknown', reason: read.reason };
      const payment = read.body;
      const currency = CurrencyCodeSchema.safeParse(payment.order.currency);
      if (!currency.success) return { kind: 'unknown', reason: 'Worldnet named a currency the till does not know' };
      const paidMinor = majorNumberToMinor(
        payment.transactionResult.authorizedAmount ?? payment.order.totalAmount,
        currency.data,
      );
      if (paidMinor === undefined) return { kind: 'unknown', reason: 'Worldnet named an amount the till cannot read' };
      const refunds: GatewayRefund[] = [];
      const found = await api.search({ orderId: payment.order.orderId, resourceType: 'REFUND' }, signal);
      if (found.kind !== 'answer') {
        // What went back cannot be told: nothing may be refunded on a guess.
        return {
          kind: 'unknown',
          reason: found.kind === 'rejected' ? `Worldnet answered ${String(found.status)}` : found.reason,
        };
      }
      for (const refund of found.body.data) {
        const amountMinor = majorNumberToMinor(Math.abs(refund.amount), currency.data);
        if (amountMinor === undefined)
          return { kind: 'unknown', reason: 'Worldnet named a refund the till cannot read' };
        const code = refund.resultCode ?? '';
        refunds.push({
          amountMinor,
          state: code === 'A' ? 'refunded' : code === 'D' || code === 'R' || code === 'C' ? 'rejected' : 'requested',
          merchantReference: refund.operator,
        });
      }
      const status = payment.transactionResult.status;
      const found1: GatewayPayment = {
        paymentId: payment.uniqueReference,
        merchantReference: payment.order.orderId,
        currency: currency.data,
        paidMinor,
        refundable: APPROVED.has(status) && ['A', 'E'].includes(payment.transactionResult.resultCode),
        status,
        card: undefined,
        refunds,
      };
      return { kind: 'found', payment: found1 };
    },
  };
}
