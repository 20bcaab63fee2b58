import type { GatewayPaymentLookup, GatewayRefund, OnlinePayments } from '../../refunds/online-payments.ts';
import type { DirectClient, Refund } from './direct-client.ts';
import { cardOf } from './link-provider.ts';
import { classifyPayment, classifyRefund } from './payment-status.ts';
import { splitOperationId } from './wire-schemas.ts';

/**
 * A Worldline Direct payment as the refund service sees it, read from
 * `GET /v2/{m}/payments/{id}` and `GET …/refunds`. Direct finds a payment by
 * its id alone (a merchant reference may be reused, so Direct offers no
 * search by it); the refund service looks a reference up in the till's own
 * book first.
 */

const PAID = new Set(['approved', 'refund_requested', 'refunded']);

function refundSeen(refund: Refund): GatewayRefund {
  const reading = classifyRefund({ status: refund.status, statusCategory: refund.statusOutput?.statusCategory });
  const state =
    reading.kind === 'refunded'
      ? 'refunded'
      : reading.kind === 'refund_declined' || reading.kind === 'refund_cancelled'
        ? 'rejected'
        : // Requested, or a status the till does not know: counted as on its way, so it is never given twice.
          'requested';
  return {
    amountMinor: refund.refundOutput?.amountOfMoney?.amount ?? 0,
    state,
    merchantReference:
      refund.refundOutput?.operationReferences?.merchantReference ?? refund.refundOutput?.references?.merchantReference,
  };
}

export function directOnlinePayments(client: DirectClient, terminalId: string): OnlinePayments {
  return {
    gateway: 'worldline-direct',
    terminalId,

    paymentIdOf(typed) {
      const { base, operation } = splitOperationId(typed.trim());
      // Direct's payment ids are digits; `_0` is the sale itself, a later operation is not a payment.
      if (!/^\d{1,30}$/.test(base) || (operation !== undefined && operation !== 0)) return undefined;
      return base;
    },

    async find(paymentId, signal): Promise<GatewayPaymentLookup> {
      const read = await client.getPayment(paymentId, signal);
      if (read.kind === 'rejected' && (read.status === 404 || read.status === 400)) return { kind: 'not_found' };
      if (read.kind === 'refused' || read.kind === 'rejected') {
        return { kind: 'unknown', reason: `Worldline Direct answered ${String(read.status)}` };
      }
      if (read.kind === 'unknown') return { kind: 'unknown', reason: read.reason };
      const payment = read.value;
      const paidMinor = payment.paymentOutput?.amountOfMoney?.amount;
      const currency = payment.paymentOutput?.amountOfMoney?.currencyCode;
      if (paidMinor === undefined || currency === undefined) {
        return { kind: 'unknown', reason: 'Worldline Direct named no amount for the payment' };
      }
      const reading = classifyPayment({ status: payment.status, statusCategory: payment.statusOutput?.statusCategory });
      const listed = await client.getRefunds(paymentId, signal);
      if (listed.kind === 'unknown') return { kind: 'unknown', reason: listed.reason };
      if (listed.kind !== 'ok')
        return { kind: 'unknown', reason: `Worldline Direct answered ${String(listed.status)}` };
      return {
        kind: 'found',
        payment: {
          paymentId: splitOperationId(payment.id).base,
          merchantReference: payment.paymentOutput?.references?.merchantReference,
          currency,
          paidMinor,
          refundable: PAID.has(reading.kind) && payment.statusOutput?.isRefundable !== false,
          status: payment.status ?? payment.statusOutput?.statusCategory ?? 'unknown',
          card: cardOf(payment),
          refunds: listed.value.map(refundSeen),
        },
      };
    },
  };
}
