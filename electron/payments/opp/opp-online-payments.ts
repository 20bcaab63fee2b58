import { decimalStringToMinor } from '../../../shared/money.ts';
import type { GatewayPaymentLookup, GatewayRefund, OnlinePayments } from '../../refunds/online-payments.ts';
import { LINK_PHRASES } from '../link-phrases.ts';
import type { OppClient } from './opp-client.ts';
import type { QuestionPacer } from './question-pacer.ts';
import { readResultCode } from './result-codes.ts';
import type { OppLooseTransaction as OppTransaction } from './opp-client.ts';

/**
 * An OPP payment as the refund service sees it, read from the transaction
 * report (`GET /v1/query/{id}` with its linked transactions: the refunds,
 * reversals and captures that reference it). One question, not two, because
 * OPP allows two a minute per transaction. What is refundable is a debit or a
 * capture that succeeded; a refund counts as requested while pending, so the
 * same money is never offered twice.
 */

const PAID_TYPES = new Set(['DB', 'CP']);

function minorOf(transaction: OppTransaction): number {
  try {
    return decimalStringToMinor(transaction.amount ?? '0', transaction.currency ?? 'EUR');
  } catch {
    return 0;
  }
}

function refundSeen(transaction: OppTransaction): GatewayRefund {
  const verdict = readResultCode(transaction.result.code).verdict;
  return {
    amountMinor: minorOf(transaction),
    state:
      verdict === 'success' || verdict === 'review'
        ? 'refunded'
        : verdict === 'reject'
          ? 'rejected'
          : // Pending or unreadable: counted as on its way, so it is never given twice.
            'requested',
    merchantReference: transaction.merchantTransactionId,
  };
}

export function oppOnlinePayments(client: OppClient, terminalId: string, pacer: QuestionPacer): OnlinePayments {
  return {
    gateway: 'opp',
    terminalId,

    paymentIdOf(typed) {
      // OPP's ids are 32 hexadecimal characters (the back office may show them in capitals).
      const id = typed.trim().toLowerCase();
      return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
    },

    async find(paymentId, signal): Promise<GatewayPaymentLookup> {
      // The report is throttled like the status: a look over the limit waits for the manager's next try.
      if (!pacer.mayAsk(`query ${paymentId}`)) return { kind: 'unknown', reason: LINK_PHRASES.gatewayPace };
      const read = await client.queryById(paymentId, signal);
      if (read.kind !== 'answer') return { kind: 'unknown', reason: read.reason };
      const { verdict } = read.reading;
      if (verdict === 'not_found') return { kind: 'not_found' };
      const transactions = read.body?.payments ?? [];
      const payment = transactions.find((transaction) => transaction.id === paymentId);
      if (payment === undefined) {
        return read.body !== undefined
          ? { kind: 'not_found' }
          : { kind: 'unknown', reason: `OPP answered ${read.result.code}` };
      }
      const currency = payment.currency;
      if (currency === undefined || payment.amount === undefined) {
        return { kind: 'unknown', reason: 'OPP named no amount for the payment' };
      }
      const paidVerdict = readResultCode(payment.result.code).verdict;
      const linked = transactions.filter((transaction) => transaction.referencedId === paymentId);
      const reversed = linked.some(
        (transaction) =>
          transaction.paymentType === 'RV' && readResultCode(transaction.result.code).verdict === 'success',
      );
      return {
        kind: 'found',
        payment: {
          paymentId,
          merchantReference: payment.merchantTransactionId,
          currency,
          paidMinor: minorOf(payment),
          refundable:
            PAID_TYPES.has(payment.paymentType) && (paidVerdict === 'success' || paidVerdict === 'review') && !reversed,
          status: reversed ? 'reversed' : `${payment.paymentType} ${payment.result.code}`,
          card:
            payment.card?.last4Digits === undefined
              ? undefined
              : {
                  last4: payment.card.last4Digits,
                  ...(payment.paymentBrand === undefined ? {} : { brand: payment.paymentBrand.toLowerCase() }),
                },
          refunds: linked.filter((transaction) => transaction.paymentType === 'RF').map(refundSeen),
        },
      };
    },
  };
}
