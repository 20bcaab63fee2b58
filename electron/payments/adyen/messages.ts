import { minorToDecimalString } from '../../../shared/money.ts';
import type { MessageCategory, MessageHeader, SaleToPOIRequest } from '../../../shared/payments/adyen/nexo.ts';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import { SIGNATURE_KEY } from './request-signature.ts';

/**
 * The Terminal API requests a till sends, in Adyen's documented shapes
 * (TerminalAPI-v1.yaml). Amounts leave as major units, converted exactly from
 * the journal's minor units.
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
        MessageReference: { MessageCategory: 'Payment', SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
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
        MessageReference: { MessageCategory: 'Payment', SaleID: ids.saleSystemId, ServiceID: ids.serviceId },
      },
    },
  };
}
