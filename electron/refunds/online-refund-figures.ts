import type { OnlinePaymentView } from '../../shared/refunds/online-refund.ts';
import type { GatewayPayment } from './online-payments.ts';

/**
 * What is left to give back on an online payment, from the gateway's own
 * list of its refunds and this till's refunds still on their way there. A
 * refund this till has written but the gateway does not list yet (sent, the
 * reply not back) counts as given: two managers, or a retry after a lost
 * reply, must never take the same money back twice. Pure, so the screen's
 * figures and the cap main enforces are the same sums.
 */

/** A refund of this till on the payment that is not final yet, and the ServiceIDs its attempts were sent with. */
export interface TillRefundOnWay {
  readonly amountMinor: number;
  readonly serviceIds: readonly string[];
}

export interface OnlineFigures {
  readonly refundedMinor: number;
  readonly requestedMinor: number;
  readonly refundableMinor: number;
  readonly refunds: OnlinePaymentView['refunds'];
}

export function onlineFigures(
  payment: GatewayPayment,
  onWay: readonly TillRefundOnWay[],
  refundNumberOf: (merchantReference: string) => string | undefined,
): OnlineFigures {
  const listed = new Set(payment.refunds.flatMap((refund) => refund.merchantReference ?? []));
  const refunds: OnlinePaymentView['refunds'] = payment.refunds.map((refund) => {
    const refundNumber = refund.merchantReference === undefined ? undefined : refundNumberOf(refund.merchantReference);
    return {
      amountMinor: refund.amountMinor,
      state: refund.state,
      ...(refundNumber === undefined ? {} : { refundNumber }),
    };
  });
  for (const refund of onWay) {
    if (refund.serviceIds.some((serviceId) => listed.has(serviceId))) continue;
    refunds.push({ amountMinor: refund.amountMinor, state: 'requested' });
  }
  const sum = (state: 'requested' | 'refunded') =>
    refunds.filter((refund) => refund.state === state).reduce((total, refund) => total + refund.amountMinor, 0);
  const refundedMinor = sum('refunded');
  const requestedMinor = sum('requested');
  return {
    refundedMinor,
    requestedMinor,
    refundableMinor: payment.refundable ? Math.max(0, payment.paidMinor - refundedMinor - requestedMinor) : 0,
    refunds,
  };
}
