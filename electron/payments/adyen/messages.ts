import { minorToDecimalString } from '../../../shared/money.ts';
import type { MessageCategory, MessageHeader, SaleToPOIRequest } from '../../../shared/payments/adyen/nexo.ts';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import { SIGNATURE_KEY } from './request-signature.ts';

/**
 * The Terminal API requests a till sends, in Adyen's documented shapes
 * (TerminalAPI-v1.yaml). Amounts leave as major units, converted exactly from
 * the till's minor units.
 */

function header(category: MessageCategory, ids: PaymentRequestIds, serviceId: string): MessageHeader {
  return {
    ProtocolVersion: '3.0',
    MessageClass: 'Service',
    MessageCategory: category,
    MessageType: 'Request',
    SaleID: ids.saleSystemId,
    ServiceID: serviceId,
    POIID: ids.terminalId,
  };
}

/** The category a request about this attempt names: a reversal is its own; a refund is a payment. */
export function categoryOf(ids: PaymentRequestIds): 'Payment' | 'Reversal' {
  return ids.kind === 'reversal' ? 'Reversal' : 'Payment';
}

/** A payment, or an unreferenced refund (`PaymentType: Refund`: money back to whatever card is presented). */
export function paymentRequest(ids: PaymentRequestIds, signature: string, at: Date): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: header('Payment', ids, ids.serviceId),
      PaymentRequest: {
        SaleData: {
          SaleTransactionID: { TransactionID: ids.saleTransactionId, TimeStamp: at.toISOString() },
          SaleToAcquirerData: new URLSearchParams({ [SIGNATURE_KEY]: signature }).toString(),
        },
        PaymentTransaction: {
          AmountsReq: {
            Currency: ids.currency,
            RequestedAmount: Number(minorToDecimalString(ids.amountMinor, ids.currency)),
          },
        },
        ...(ids.kind === 'refund' ? { PaymentData: { PaymentType: 'Refund' as const } } : {}),
      },
    },
  };
}

/**
 * A referenced refund: gives `amountMinor` back on the payment the terminal
 * knows as `original`, to the card it was paid with. The amount is always
 * stated (a missing ReversedAmount means "all that is left"), and so is the
 * currency, which Adyen otherwise finds only on the terminal that took the
 * payment.
 */
export function reversalRequest(ids: PaymentRequestIds, signature: string, at: Date): SaleToPOIRequest {
  if (ids.original === undefined) throw new Error('A reversal needs the original transaction.');
  return {
    SaleToPOIRequest: {
      MessageHeader: header('Reversal', ids, ids.serviceId),
      ReversalRequest: {
        OriginalPOITransaction: {
          POITransactionID: { TransactionID: ids.original.transactionId, TimeStamp: ids.original.timeStamp },
        },
        ReversalReason: 'MerchantCancel',
        ReversedAmount: Number(minorToDecimalString(ids.amountMinor, ids.currency)),
        SaleData: {
          SaleTransactionID: { TransactionID: ids.saleTransactionId, TimeStamp: at.toISOString() },
          SaleToAcquirerData: new URLSearchParams({ currency: ids.currency, [SIGNATURE_KEY]: signature }).toString(),
        },
      },
    },
  };
}

/** Always about the original payment, by its own ServiceID: never "the terminal's last transaction". */
export function transactionStatusRequest(ids: PaymentRequestIds, serviceId: string): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: header('TransactionStatus', ids, serviceId),
      TransactionStatusRequest: {
        ReceiptReprintFlag: true,
        DocumentQualifier: ['CashierReceipt', 'CustomerReceipt'],
        MessageReference: { MessageCategory: categoryOf(ids), SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
      },
    },
  };
}

export function abortRequest(ids: PaymentRequestIds, serviceId: string): SaleToPOIRequest {
  return {
    SaleToPOIRequest: {
      MessageHeader: header('Abort', ids, serviceId),
      AbortRequest: {
        AbortReason: 'MerchantAbort',
        MessageReference: { MessageCategory: categoryOf(ids), SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
      },
    },
  };
}
