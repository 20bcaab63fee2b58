import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import { abortRequest, paymentRequest, transactionStatusRequest } from './messages.ts';
import { paymentVerdict, readNotification, readPaymentReply, readStatusReply } from './replies.ts';
import { SIGNATURE_KEY, signatureMatches, signRequest } from './request-signature.ts';
import { newServiceId } from './service-ids.ts';

/** The till's own payment request, with the identifiers of Adyen's documented examples. */
const REQUEST: PaymentRequestIds = {
  terminalId: 'V400m-324688179',
  saleSystemId: 'POSSystemID12345',
  serviceId: '0207111104',
  saleTransactionId: '27908',
  amountMinor: 1234,
  currency: 'EUR',
  kind: 'payment',
};

/** Adyen's transaction reference in POIData, the fallback when there is no PSP reference. */
const POI_TRANSACTION_ID = '4r7i001556529591000.8515565295894301';
const POI_TIMESTAMP = '2019-04-29T00:00:00.000Z';
/** Both parts of POIData.POITransactionID, as the till keeps them for a later referenced refund. */
const POI_TRANSACTION = { transactionId: POI_TRANSACTION_ID, timeStamp: POI_TIMESTAMP };

const JPY_REQUEST: PaymentRequestIds = { ...REQUEST, amountMinor: 1200, currency: 'JPY' };

interface Header {
  SaleID?: string;
  ServiceID?: string;
  POIID?: string;
}

function header(category: string, ids: Header = {}) {
  return {
    ProtocolVersion: '3.0',
    MessageClass: 'Service',
    MessageCategory: category,
    MessageType: 'Response',
    SaleID: REQUEST.saleSystemId,
    ServiceID: REQUEST.serviceId,
    POIID: REQUEST.terminalId,
    ...ids,
  };
}

interface PaymentResponseParts {
  result: 'Success' | 'Failure' | 'Partial';
  errorCondition?: string;
  additionalResponse?: string;
  /** AuthorizedAmount in major units, as Adyen sends it. */
  authorised?: { amount: number; currency: string };
  /** Leave PaymentResult out entirely, as Adyen does for UnreachableHost. */
  withoutPaymentResult?: boolean;
}

/** A PaymentResponse body in the shape of §2.3 of the reference. */
function paymentResponse(parts: PaymentResponseParts) {
  return {
    POIData: {
      POITransactionID: {
        TimeStamp: POI_TIMESTAMP,
        TransactionID: POI_TRANSACTION_ID,
      },
      POIReconciliationID: '1000',
    },
    SaleData: {
      SaleTransactionID: { TimeStamp: '2019-04-29T00:00:00.000Z', TransactionID: REQUEST.saleTransactionId },
    },
    ...(parts.withoutPaymentResult === true
      ? {}
      : {
          PaymentResult: {
            OnlineFlag: true,
            ...(parts.authorised === undefined
              ? {}
              : { AmountsResp: { AuthorizedAmount: parts.authorised.amount, Currency: parts.authorised.currency } }),
            PaymentInstrumentData: {
              PaymentInstrumentType: 'Card',
              CardData: { EntryMode: ['Tapped'], PaymentBrand: 'mc', MaskedPan: '411111 **** 1111' },
            },
          },
        }),
    Response: {
      Result: parts.result,
      ...(parts.errorCondition === undefined ? {} : { ErrorCondition: parts.errorCondition }),
      ...(parts.additionalResponse === undefined ? {} : { AdditionalResponse: parts.additionalResponse }),
    },
  };
}

/** What the approvals below were paid with: brand and PAN from CardData, the code from authCode. */
const CARD = { brand: 'mc', last4: '1111', authCode: '123456' };

const SUCCESS_ADDITIONAL =
  'tid=75039202&pspReference=8515565295894301&cardType=mc&cardHolderName=N%2fA&merchantReference=003&posAuthAmountValue=1234&authCode=123456';

function paymentReply(parts: PaymentResponseParts, ids: Header = {}): string {
  return JSON.stringify({
    SaleToPOIResponse: { MessageHeader: header('Payment', ids), PaymentResponse: paymentResponse(parts) },
  });
}

const approvedParts = (amount: number, currency = 'EUR'): PaymentResponseParts => ({
  result: 'Success',
  additionalResponse: SUCCESS_ADDITIONAL,
  authorised: { amount, currency },
});

const failureParts = (errorCondition: string, message?: string): PaymentResponseParts => ({
  result: 'Failure',
  errorCondition,
  ...(message === undefined
    ? {}
    : { additionalResponse: `refusalReason=${encodeURIComponent(message)}&message=${encodeURIComponent(message)}` }),
});

/** A TransactionStatusResponse in the shape of §2.4, the repeated payment answering about `repeatedIds`. */
function statusReply(
  parts: { result: 'Success' | 'Failure'; errorCondition?: string; additionalResponse?: string },
  repeated?: { payment: PaymentResponseParts; ids?: Header },
): string {
  return JSON.stringify({
    SaleToPOIResponse: {
      MessageHeader: header('TransactionStatus', { ServiceID: 'STATUS0001' }),
      TransactionStatusResponse: {
        Response: {
          Result: parts.result,
          ...(parts.errorCondition === undefined ? {} : { ErrorCondition: parts.errorCondition }),
          ...(parts.additionalResponse === undefined ? {} : { AdditionalResponse: parts.additionalResponse }),
        },
        MessageReference: { MessageCategory: 'Payment', SaleID: REQUEST.saleSystemId, ServiceID: REQUEST.serviceId },
        ...(repeated === undefined
          ? {}
          : {
              RepeatedMessageResponse: {
                MessageHeader: header('Payment', repeated.ids),
                RepeatedResponseMessageBody: { PaymentResponse: paymentResponse(repeated.payment) },
              },
            }),
      },
    },
  });
}

/** The cloud's Reject of a request it could not deliver (§3, "Terminal offline"). */
function rejectBody(message: string, ids: Header = {}) {
  return {
    SaleToPOIRequest: {
      EventNotification: {
        EventToNotify: 'Reject',
        EventDetails: `message=${encodeURIComponent(message).replace(/%20/g, '+')}`,
        RejectedMessage: 'ewoi...0KfQo=',
        TimeStamp: '2020-03-31T10:28:39.515Z',
      },
      MessageHeader: {
        DeviceID: '666568147',
        MessageCategory: 'Event',
        MessageClass: 'Event',
        MessageType: 'Notification',
        POIID: REQUEST.terminalId,
        ProtocolVersion: '3.0',
        SaleID: REQUEST.saleSystemId,
        ServiceID: REQUEST.serviceId,
        ...ids,
      },
    },
  };
}

function displayBody(event: string) {
  return {
    SaleToPOIRequest: {
      DisplayRequest: {
        DisplayOutput: [
          {
            Device: 'CashierDisplay',
            InfoQualify: 'Status',
            ResponseRequiredFlag: false,
            OutputContent: {
              OutputFormat: 'MessageRef',
              PredefinedContent: {
                ReferenceID: `TransactionID=oLkO001517998574000&TimeStamp=2018-02-07T10%3a16%3a14.000Z&event=${event}`,
              },
            },
          },
        ],
      },
      MessageHeader: {
        SaleID: REQUEST.saleSystemId,
        ProtocolVersion: '3.0',
        MessageType: 'Request',
        POIID: REQUEST.terminalId,
        ServiceID: REQUEST.serviceId,
        MessageClass: 'Device',
        MessageCategory: 'Display',
        DeviceID: '1517998562',
      },
    },
  };
}

const requestOf = () => REQUEST;

describe('reading the reply to a payment', () => {
  it('reads Success as approved for the authorised amount, with the PSP reference', () => {
    expect(readPaymentReply(paymentReply(approvedParts(12.34)), REQUEST)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1234,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        card: CARD,
      },
    });
  });

  it('reads amounts in a currency without decimals', () => {
    expect(readPaymentReply(paymentReply(approvedParts(1200, 'JPY')), JPY_REQUEST)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1200,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        card: CARD,
      },
    });
  });

  it('reads Partial as approved for the smaller amount, leaving the rest due', () => {
    const reply = paymentReply({ ...approvedParts(9.06), result: 'Partial' });
    expect(readPaymentReply(reply, REQUEST)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 906,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        reason: 'Partly approved',
        card: CARD,
      },
    });
  });

  it('never takes an authorised amount larger than requested for an approval', () => {
    expect(readPaymentReply(paymentReply(approvedParts(12.35)), REQUEST).kind).toBe('unknown');
  });

  it('never takes an authorised amount in another currency for an approval', () => {
    expect(readPaymentReply(paymentReply(approvedParts(12.34, 'USD')), REQUEST).kind).toBe('unknown');
  });

  it('never takes an authorised amount with more decimals than the currency has for an approval', () => {
    expect(readPaymentReply(paymentReply(approvedParts(12.345)), REQUEST).kind).toBe('unknown');
  });

  it('reads Cancel as cancelled on the terminal, in the terminal’s words', () => {
    expect(readPaymentReply(paymentReply(failureParts('Cancel', '108 Shopper cancelled tx')), REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'cancelled', reason: '108 Shopper cancelled tx', terminalReference: POI_TRANSACTION_ID },
    });
  });

  it('reads Aborted as cancelled from the till', () => {
    expect(readPaymentReply(paymentReply(failureParts('Aborted', '104 Merchant cancelled tx')), REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'cancelled', reason: '104 Merchant cancelled tx', terminalReference: POI_TRANSACTION_ID },
    });
  });

  it.each(['Refusal', 'WrongPIN', 'InvalidCard'])('reads %s as declined', (condition) => {
    const sent = readPaymentReply(paymentReply(failureParts(condition, 'Refused')), REQUEST);
    expect(sent).toEqual({
      kind: 'outcome',
      outcome: { state: 'declined', reason: 'Refused', terminalReference: POI_TRANSACTION_ID },
    });
  });

  it('keeps the PSP reference of a decline', () => {
    const reply = paymentReply({
      result: 'Failure',
      errorCondition: 'Refusal',
      additionalResponse: 'pspReference=8815565295894302&refusalReason=Refused',
    });
    expect(readPaymentReply(reply, REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'declined', reason: 'Refused', terminalReference: '8815565295894302' },
    });
  });

  it('reads Busy as a failed payment: the terminal did not take it', () => {
    expect(readPaymentReply(paymentReply(failureParts('Busy')), REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'failed', reason: 'Busy' },
    });
  });

  it('reads the issuer’s Communication timeout as unknown, to be checked', () => {
    const sent = readPaymentReply(paymentReply(failureParts('Communication timeout')), REQUEST);
    expect(sent.kind).toBe('unknown');
  });

  it('reads UnreachableHost without a payment result as not started', () => {
    const reply = paymentReply({
      result: 'Failure',
      errorCondition: 'UnreachableHost',
      additionalResponse: 'message=Terminal+is+not+reachable',
      withoutPaymentResult: true,
    });
    expect(readPaymentReply(reply, REQUEST)).toEqual({ kind: 'not_started', reason: 'Terminal is not reachable' });
  });

  it('reads the cloud’s Reject as not started', () => {
    const reply = JSON.stringify(rejectBody('Did not receive a response from the POI.'));
    expect(readPaymentReply(reply, REQUEST)).toEqual({
      kind: 'not_started',
      reason: 'Did not receive a response from the POI.',
    });
  });

  it('reads an empty body as unknown', () => {
    expect(readPaymentReply('', REQUEST).kind).toBe('unknown');
    expect(readPaymentReply('  \n', REQUEST).kind).toBe('unknown');
  });

  it('reads "ok" as accepted (async delivery)', () => {
    expect(readPaymentReply('ok', REQUEST)).toEqual({ kind: 'accepted' });
  });

  it('reads JSON it cannot parse as unknown', () => {
    expect(readPaymentReply('{"SaleToPOIResponse": {', REQUEST).kind).toBe('unknown');
    expect(readPaymentReply('Bad JSON at line 1', REQUEST).kind).toBe('unknown');
  });

  it('reads a reply without a Result as unknown', () => {
    const reply = JSON.stringify({
      SaleToPOIResponse: { MessageHeader: header('Payment'), PaymentResponse: { Response: {} } },
    });
    expect(readPaymentReply(reply, REQUEST).kind).toBe('unknown');
  });

  it.each([
    ['ServiceID', { ServiceID: '0207111105' }],
    ['SaleID', { SaleID: 'OtherTill' }],
    ['POIID', { POIID: 'P400Plus-999999999' }],
  ])('never applies an approval whose header names another %s', (_field, ids) => {
    expect(readPaymentReply(paymentReply(approvedParts(12.34), ids), REQUEST).kind).toBe('unknown');
  });

  it('never applies an approval whose header leaves out the ServiceID', () => {
    const reply = JSON.parse(paymentReply(approvedParts(12.34))) as {
      SaleToPOIResponse: { MessageHeader: Record<string, unknown> };
    };
    delete reply.SaleToPOIResponse.MessageHeader.ServiceID;
    expect(readPaymentReply(JSON.stringify(reply), REQUEST).kind).toBe('unknown');
  });
});

describe('reading the reply to a status request', () => {
  it('reads a processed payment as its outcome', () => {
    expect(readStatusReply(statusReply({ result: 'Success' }, { payment: approvedParts(12.34) }), REQUEST)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1234,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        card: CARD,
      },
    });
  });

  it('reads a payment aborted from the till as cancelled', () => {
    const reply = statusReply({ result: 'Success' }, { payment: failureParts('Aborted', '104 Merchant cancelled tx') });
    expect(readStatusReply(reply, REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'cancelled', reason: '104 Merchant cancelled tx', terminalReference: POI_TRANSACTION_ID },
    });
  });

  it('reads the issuer’s Communication timeout as failed: asked after the fact, nothing was charged', () => {
    const reply = statusReply({ result: 'Success' }, { payment: failureParts('Communication timeout') });
    expect(readStatusReply(reply, REQUEST)).toEqual({
      kind: 'outcome',
      outcome: { state: 'failed', reason: 'Communication timeout' },
    });
  });

  it('reads InProgress as in progress', () => {
    const reply = statusReply({
      result: 'Failure',
      errorCondition: 'InProgress',
      additionalResponse: 'message=Uncompleted%20transaction',
    });
    expect(readStatusReply(reply, REQUEST)).toEqual({ kind: 'in_progress' });
  });

  it('reads NotFound as not found, with Adyen’s message', () => {
    const reply = statusReply({
      result: 'Failure',
      errorCondition: 'NotFound',
      additionalResponse:
        'message=Message%20not%20found.%20Category%3dPayment%2c%20last%20such%20Request%20has%20SaleID%3dPOSSystemID12345%20ServiceID%3d29235',
    });
    expect(readStatusReply(reply, REQUEST)).toEqual({
      kind: 'not_found',
      reason: 'Message not found. Category=Payment, last such Request has SaleID=POSSystemID12345 ServiceID=29235',
    });
  });

  it('never applies a processed result about another ServiceID', () => {
    const reply = statusReply({ result: 'Success' }, { payment: approvedParts(12.34), ids: { ServiceID: '172218' } });
    expect(readStatusReply(reply, REQUEST).kind).toBe('unknown');
  });

  it('reads Success without the repeated payment as unknown', () => {
    expect(readStatusReply(statusReply({ result: 'Success' }), REQUEST).kind).toBe('unknown');
  });

  it('reads other failures of the status request as unknown', () => {
    expect(readStatusReply(statusReply({ result: 'Failure', errorCondition: 'MessageFormat' }), REQUEST).kind).toBe(
      'unknown',
    );
  });

  it('reads a Reject, an empty body and bad JSON as unknown', () => {
    expect(readStatusReply(JSON.stringify(rejectBody('Did not receive a response from the POI.')), REQUEST)).toEqual({
      kind: 'unknown',
      reason: 'Did not receive a response from the POI.',
    });
    expect(readStatusReply('', REQUEST)).toEqual({ kind: 'unknown', reason: 'empty reply' });
    expect(readStatusReply('{not json', REQUEST)).toEqual({ kind: 'unknown', reason: 'unreadable reply' });
  });
});

describe('the verdict in a PaymentResponse', () => {
  it('takes the requested amount when Success carries no amounts', () => {
    const response = paymentResponse({ result: 'Success', additionalResponse: SUCCESS_ADDITIONAL });
    expect(paymentVerdict(response, REQUEST)).toEqual({
      state: 'approved',
      authorisedMinor: 1234,
      terminalReference: '8515565295894301',
      poiTransaction: POI_TRANSACTION,
      card: CARD,
    });
  });

  it('keeps only the last four digits of the card, and leaves out what does not look right', () => {
    const response = paymentResponse({ result: 'Success', additionalResponse: SUCCESS_ADDITIONAL });
    const withOddCard = {
      ...response,
      PaymentResult: {
        PaymentInstrumentData: { CardData: { PaymentBrand: '<script>', MaskedPan: '541333 **** 9999' } },
        PaymentAcquirerData: { ApprovalCode: 'A1B2C3' },
      },
    };
    expect(paymentVerdict(withOddCard, REQUEST)).toMatchObject({ card: { last4: '9999', authCode: 'A1B2C3' } });
    expect(paymentVerdict(withOddCard, REQUEST)).not.toHaveProperty('card.brand');
    expect(JSON.stringify(paymentVerdict(withOddCard, REQUEST))).not.toContain('541333');
  });

  it('takes the card from the additional response when the result has none', () => {
    const bare = {
      ...paymentResponse({
        result: 'Success',
        additionalResponse: `${SUCCESS_ADDITIONAL}&paymentMethod=visa&cardSummary=4242`,
      }),
      PaymentResult: {},
    };
    expect(paymentVerdict(bare, REQUEST)).toMatchObject({ card: { brand: 'visa', last4: '4242', authCode: '123456' } });
  });

  it('names no card on a decline', () => {
    expect(paymentVerdict(paymentResponse(failureParts('Refusal', 'Refused')), REQUEST)).not.toHaveProperty('card');
  });

  it('refuses a Partial that does not say how much was approved', () => {
    expect(paymentVerdict(paymentResponse({ result: 'Partial' }), REQUEST)).toBeUndefined();
  });

  it('falls back to the POI transaction id when there is no PSP reference', () => {
    expect(
      paymentVerdict(paymentResponse({ result: 'Success', authorised: { amount: 12.34, currency: 'EUR' } }), REQUEST),
    ).toMatchObject({ state: 'approved', terminalReference: POI_TRANSACTION_ID });
  });

  it('keeps both parts of the terminal’s transaction id with an approval, and only both', () => {
    const response = paymentResponse(approvedParts(12.34));
    expect(paymentVerdict(response, REQUEST)).toHaveProperty('poiTransaction', POI_TRANSACTION);

    const withoutTimeStamp = {
      ...response,
      POIData: { POITransactionID: { TransactionID: POI_TRANSACTION_ID }, POIReconciliationID: '1000' },
    };
    const verdict = paymentVerdict(withoutTimeStamp, REQUEST);
    expect(verdict).toMatchObject({ state: 'approved', authorisedMinor: 1234 });
    expect(verdict).not.toHaveProperty('poiTransaction');
  });

  it('keeps no transaction id with a decline', () => {
    expect(paymentVerdict(paymentResponse(failureParts('Refusal', 'Refused')), REQUEST)).not.toHaveProperty(
      'poiTransaction',
    );
  });

  it('gives no verdict for InProgress or NotFound', () => {
    expect(paymentVerdict(paymentResponse(failureParts('InProgress')), REQUEST)).toBeUndefined();
    expect(paymentVerdict(paymentResponse(failureParts('NotFound')), REQUEST)).toBeUndefined();
  });

  it('reads the issuer’s Communication timeout as a timeout', () => {
    expect(paymentVerdict(paymentResponse(failureParts('Communication timeout')), REQUEST)).toBe('timeout');
  });
});

describe('reading a webhook notification', () => {
  it('reads an async payment result, with the signature the till put on the request', () => {
    const body = {
      SaleToPOIResponse: {
        MessageHeader: header('Payment'),
        PaymentResponse: paymentResponse({
          ...approvedParts(12.34),
          additionalResponse: `${SUCCESS_ADDITIONAL}&${SIGNATURE_KEY}=c2lnbmF0dXJl-_x`,
        }),
      },
    };
    expect(readNotification(body, requestOf)).toEqual({
      kind: 'result',
      ids: { terminalId: REQUEST.terminalId, saleSystemId: REQUEST.saleSystemId, serviceId: REQUEST.serviceId },
      outcome: {
        state: 'approved',
        authorisedMinor: 1234,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        card: CARD,
      },
      signature: 'c2lnbmF0dXJl-_x',
    });
  });

  it('reads a result without a signature as one with no signature', () => {
    const body = {
      SaleToPOIResponse: { MessageHeader: header('Payment'), PaymentResponse: paymentResponse(approvedParts(12.34)) },
    };
    expect(readNotification(body, requestOf)).toMatchObject({ kind: 'result', signature: undefined });
  });

  it('reads a result for a request the till does not know as unreadable', () => {
    const body = {
      SaleToPOIResponse: { MessageHeader: header('Payment'), PaymentResponse: paymentResponse(approvedParts(12.34)) },
    };
    expect(readNotification(body, () => undefined)).toMatchObject({ kind: 'result', outcome: 'unreadable' });
  });

  it('reads the issuer’s Communication timeout in a result as a timeout', () => {
    const body = {
      SaleToPOIResponse: {
        MessageHeader: header('Payment'),
        PaymentResponse: paymentResponse(failureParts('Communication timeout')),
      },
    };
    expect(readNotification(body, requestOf)).toMatchObject({ kind: 'result', outcome: 'timeout' });
  });

  it('reads the terminal asking for the PIN as a display step "Enter PIN"', () => {
    expect(readNotification(displayBody('WAIT_FOR_PIN'), requestOf)).toEqual({
      kind: 'display',
      ids: { terminalId: REQUEST.terminalId, saleSystemId: REQUEST.saleSystemId, serviceId: REQUEST.serviceId },
      terminalMessage: 'Enter PIN',
    });
  });

  it('reads a display step it has no words for as a display step without a message', () => {
    expect(readNotification(displayBody('ASK_GRATUITY'), requestOf)).toMatchObject({
      kind: 'display',
      terminalMessage: undefined,
    });
  });

  it('reads a Reject as a rejected request', () => {
    expect(readNotification(rejectBody('Did not receive a response from the POI.'), requestOf)).toEqual({
      kind: 'rejected',
      ids: { terminalId: REQUEST.terminalId, saleSystemId: REQUEST.saleSystemId, serviceId: REQUEST.serviceId },
      reason: 'Did not receive a response from the POI.',
    });
  });

  it('reads other terminal events as events, not results', () => {
    const body = {
      SaleToPOIRequest: {
        EventNotification: {
          EventDetails: 'newstate=IDLE&oldstate=START',
          EventToNotify: 'Shutdown',
          TimeStamp: '2019-08-07T10:16:10.000Z',
        },
        MessageHeader: {
          SaleID: REQUEST.saleSystemId,
          ProtocolVersion: '3.0',
          MessageType: 'Notification',
          POIID: REQUEST.terminalId,
          MessageClass: 'Event',
          MessageCategory: 'Event',
          DeviceID: '1517998561',
        },
      },
    };
    expect(readNotification(body, requestOf)).toEqual({
      kind: 'event',
      ids: { terminalId: REQUEST.terminalId, saleSystemId: REQUEST.saleSystemId, serviceId: undefined },
      event: 'Shutdown',
    });
  });

  it('does not read a body that is not a Terminal API message', () => {
    expect(readNotification({ hello: 'world' }, requestOf)).toBeUndefined();
    expect(readNotification('[accepted]', requestOf)).toBeUndefined();
    expect(readNotification(null, requestOf)).toBeUndefined();
  });
});

/** A referenced refund of 6.00 on the payment above, quoting its POITransactionID (§2.6 of the reference). */
const REVERSAL: PaymentRequestIds = {
  ...REQUEST,
  serviceId: '207111108',
  saleTransactionId: '27911',
  amountMinor: 600,
  kind: 'reversal',
  original: POI_TRANSACTION,
};

/** The refund's own transaction at the terminal: tender reference "." PSP reference. */
const REVERSAL_PSP = '8815565295894303';
const REVERSAL_TRANSACTION_ID = `pZtU001565871600000.${REVERSAL_PSP}`;
const REVERSAL_TIMESTAMP = '2019-08-15T12:00:01.000Z';
const REVERSAL_POI_TRANSACTION = { transactionId: REVERSAL_TRANSACTION_ID, timeStamp: REVERSAL_TIMESTAMP };

const REVERSAL_ADDITIONAL =
  `pspReference=${REVERSAL_PSP}&originalReference=8515565295894301&reversalReason=MerchantCancel` +
  '&posAuthAmountCurrency=EUR&posAuthAmountValue=600';

/** What the till approves a 6.00 refund as: no card (it went back to the original one), its own references. */
const REVERSAL_APPROVED = {
  state: 'approved',
  authorisedMinor: 600,
  terminalReference: REVERSAL_PSP,
  poiTransaction: REVERSAL_POI_TRANSACTION,
};

interface ReversalResponseParts {
  result: 'Success' | 'Failure' | 'Partial';
  errorCondition?: string;
  additionalResponse?: string;
  /** ReversedAmount in major units, as Adyen sends it; left out when undefined. */
  reversed?: number;
}

/** A ReversalResponse body in the shape of §2.6 of the reference (and of the simulator's). */
function reversalResponse(parts: ReversalResponseParts) {
  return {
    Response: {
      Result: parts.result,
      ...(parts.errorCondition === undefined ? {} : { ErrorCondition: parts.errorCondition }),
      ...(parts.additionalResponse === undefined ? {} : { AdditionalResponse: parts.additionalResponse }),
    },
    POIData: {
      POITransactionID: { TransactionID: REVERSAL_TRANSACTION_ID, TimeStamp: REVERSAL_TIMESTAMP },
      POIReconciliationID: '1000',
    },
    OriginalPOITransaction: {
      POITransactionID: { TransactionID: POI_TRANSACTION_ID, TimeStamp: POI_TIMESTAMP },
      POIID: REQUEST.terminalId,
    },
    ...(parts.reversed === undefined ? {} : { ReversedAmount: parts.reversed }),
  };
}

const reversedParts = (amount: number | undefined): ReversalResponseParts => ({
  result: 'Success',
  additionalResponse: REVERSAL_ADDITIONAL,
  ...(amount === undefined ? {} : { reversed: amount }),
});

/** The header of a reply about the refund: its own ServiceID. */
const reversalHeader = (ids: Header = {}) => header('Reversal', { ServiceID: REVERSAL.serviceId, ...ids });

function reversalReply(parts: ReversalResponseParts, ids: Header = {}): string {
  return JSON.stringify({
    SaleToPOIResponse: { MessageHeader: reversalHeader(ids), ReversalResponse: reversalResponse(parts) },
  });
}

/** A processed TransactionStatusResponse about the refund, repeating `body` under `repeatedHeader`. */
function repeatedStatusReply(body: Record<string, unknown>, repeatedHeader: ReturnType<typeof header>): string {
  return JSON.stringify({
    SaleToPOIResponse: {
      MessageHeader: header('TransactionStatus', { ServiceID: 'STATUS0002' }),
      TransactionStatusResponse: {
        Response: { Result: 'Success' },
        MessageReference: {
          MessageCategory: repeatedHeader.MessageCategory,
          SaleID: repeatedHeader.SaleID,
          ServiceID: repeatedHeader.ServiceID,
        },
        RepeatedMessageResponse: { MessageHeader: repeatedHeader, RepeatedResponseMessageBody: body },
      },
    },
  });
}

const REFUSED_MESSAGE = 'Refund amount exceeds the amount still refundable (400 minor units)';

describe('reading the reply to a referenced refund (ReversalResponse)', () => {
  it('reads Success as approved for the amount given back, with the refund’s own PSP reference and transaction id', () => {
    expect(readPaymentReply(reversalReply(reversedParts(6)), REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: REVERSAL_APPROVED,
    });
  });

  it('takes the amount asked for when Success states no ReversedAmount', () => {
    expect(readPaymentReply(reversalReply(reversedParts(undefined)), REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: REVERSAL_APPROVED,
    });
  });

  it('reads ReversedAmount in a currency without decimals', () => {
    const yen: PaymentRequestIds = { ...REVERSAL, amountMinor: 1200, currency: 'JPY' };
    expect(readPaymentReply(reversalReply(reversedParts(1200)), yen)).toEqual({
      kind: 'outcome',
      outcome: { ...REVERSAL_APPROVED, authorisedMinor: 1200 },
    });
  });

  it.each([5.99, 6.01, 12.34, 6.001, 600])(
    'never takes a ReversedAmount of %s for a refund of 6.00: it settles nothing',
    (reversed) => {
      const sent = readPaymentReply(reversalReply(reversedParts(reversed)), REVERSAL);
      expect(sent.kind).toBe('unknown');
    },
  );

  it.each(['NotAllowed', 'Refusal'])('reads %s as declined, in the terminal’s words', (condition) => {
    const reply = reversalReply({
      result: 'Failure',
      errorCondition: condition,
      additionalResponse: `message=${encodeURIComponent(REFUSED_MESSAGE)}`,
    });
    expect(readPaymentReply(reply, REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: { state: 'declined', reason: REFUSED_MESSAGE, terminalReference: REVERSAL_TRANSACTION_ID },
    });
  });

  it('reads Busy as a failed refund: the terminal did not take it', () => {
    const reply = reversalReply({
      result: 'Failure',
      errorCondition: 'Busy',
      additionalResponse: 'message=Forbidden%20Request%2c%20Service%20Dialogue%20PaymentRequest%20is%20in%20Progress',
    });
    expect(readPaymentReply(reply, REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: { state: 'failed', reason: 'Busy' },
    });
  });

  it('reads the issuer’s Communication timeout on a refund as unknown, to be checked', () => {
    const reply = reversalReply({ result: 'Failure', errorCondition: 'Communication timeout' });
    expect(readPaymentReply(reply, REVERSAL).kind).toBe('unknown');
  });

  // A reply the till cannot read is never taken for a final "no": a part given back is asked about.
  it('never reads a Partial ReversalResponse as a refund that gave nothing back', () => {
    const reply = reversalReply({ result: 'Partial', additionalResponse: REVERSAL_ADDITIONAL, reversed: 3 });
    expect(readPaymentReply(reply, REVERSAL).kind).toBe('unknown');
  });

  it.each([
    ['ServiceID', { ServiceID: '207111109' }],
    ['SaleID', { SaleID: 'OtherTill' }],
    ['POIID', { POIID: 'P400Plus-999999999' }],
  ])('never applies a refund whose header names another %s', (_field, ids) => {
    expect(readPaymentReply(reversalReply(reversedParts(6), ids), REVERSAL).kind).toBe('unknown');
  });

  it('reads a PaymentResponse where the refund’s ReversalResponse was expected as unknown', () => {
    const reply = paymentReply(approvedParts(6), { ServiceID: REVERSAL.serviceId });
    expect(readPaymentReply(reply, REVERSAL)).toEqual({ kind: 'unknown', reason: 'unreadable reply' });
  });

  it('reads a ReversalResponse where a payment’s or an unreferenced refund’s PaymentResponse was expected as unknown', () => {
    const reply = reversalReply(reversedParts(12.34), { ServiceID: REQUEST.serviceId });
    expect(readPaymentReply(reply, REQUEST)).toEqual({ kind: 'unknown', reason: 'unreadable reply' });
    expect(readPaymentReply(reply, { ...REQUEST, kind: 'refund' })).toEqual({
      kind: 'unknown',
      reason: 'unreadable reply',
    });
  });
});

describe('reading the status of a referenced refund', () => {
  it('reads the refund repeated in RepeatedResponseMessageBody.ReversalResponse as its outcome', () => {
    const reply = repeatedStatusReply({ ReversalResponse: reversalResponse(reversedParts(6)) }, reversalHeader());
    expect(readStatusReply(reply, REVERSAL)).toEqual({ kind: 'outcome', outcome: REVERSAL_APPROVED });
  });

  it('reads a refund the terminal refused as declined', () => {
    const refused = reversalResponse({
      result: 'Failure',
      errorCondition: 'NotAllowed',
      additionalResponse: `message=${encodeURIComponent(REFUSED_MESSAGE)}`,
    });
    expect(readStatusReply(repeatedStatusReply({ ReversalResponse: refused }, reversalHeader()), REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: { state: 'declined', reason: REFUSED_MESSAGE, terminalReference: REVERSAL_TRANSACTION_ID },
    });
  });

  it('never applies a repeated refund for another amount', () => {
    const reply = repeatedStatusReply({ ReversalResponse: reversalResponse(reversedParts(6.01)) }, reversalHeader());
    expect(readStatusReply(reply, REVERSAL)).toEqual({ kind: 'unknown', reason: 'unreadable result' });
  });

  it('never applies a repeated refund about another ServiceID', () => {
    const reply = repeatedStatusReply(
      { ReversalResponse: reversalResponse(reversedParts(6)) },
      reversalHeader({ ServiceID: '207111109' }),
    );
    expect(readStatusReply(reply, REVERSAL)).toEqual({ kind: 'unknown', reason: 'status about another request' });
  });

  it('reads a repeated PaymentResponse as no answer about a refund, and a repeated refund as none about a payment', () => {
    const payment = repeatedStatusReply(
      { PaymentResponse: paymentResponse(approvedParts(6)) },
      header('Payment', { ServiceID: REVERSAL.serviceId }),
    );
    expect(readStatusReply(payment, REVERSAL)).toEqual({ kind: 'unknown', reason: 'status about another request' });

    const reversal = repeatedStatusReply(
      { ReversalResponse: reversalResponse(reversedParts(12.34)) },
      reversalHeader({ ServiceID: REQUEST.serviceId }),
    );
    expect(readStatusReply(reversal, REQUEST)).toEqual({ kind: 'unknown', reason: 'status about another request' });
  });
});

describe('reading a referenced refund’s result from the webhook', () => {
  const ids = { terminalId: REQUEST.terminalId, saleSystemId: REQUEST.saleSystemId, serviceId: REVERSAL.serviceId };

  it('reads an async refund result, with the signature the till put on the request', () => {
    const key = randomBytes(32);
    const signature = signRequest(key, REVERSAL);
    const body = {
      SaleToPOIResponse: {
        MessageHeader: reversalHeader(),
        ReversalResponse: reversalResponse({
          ...reversedParts(6),
          additionalResponse: `${REVERSAL_ADDITIONAL}&${SIGNATURE_KEY}=${signature}`,
        }),
      },
    };
    const read = readNotification(body, () => REVERSAL);
    expect(read).toEqual({ kind: 'result', ids, outcome: REVERSAL_APPROVED, signature });
    expect(signatureMatches(key, REVERSAL, signature)).toBe(true);
  });

  it('reads a refused refund as declined, with its signature', () => {
    const body = {
      SaleToPOIResponse: {
        MessageHeader: reversalHeader(),
        ReversalResponse: reversalResponse({
          result: 'Failure',
          errorCondition: 'NotAllowed',
          additionalResponse: `message=${encodeURIComponent(REFUSED_MESSAGE)}&${SIGNATURE_KEY}=c2lnbmF0dXJl-_x`,
        }),
      },
    };
    expect(readNotification(body, () => REVERSAL)).toEqual({
      kind: 'result',
      ids,
      outcome: { state: 'declined', reason: REFUSED_MESSAGE, terminalReference: REVERSAL_TRANSACTION_ID },
      signature: 'c2lnbmF0dXJl-_x',
    });
  });

  it('reads a ReversalResponse for a payment, or a PaymentResponse for a refund, as unreadable', () => {
    const reversal = {
      SaleToPOIResponse: { MessageHeader: reversalHeader(), ReversalResponse: reversalResponse(reversedParts(6)) },
    };
    expect(readNotification(reversal, () => ({ ...REVERSAL, kind: 'payment' }))).toMatchObject({
      kind: 'result',
      outcome: 'unreadable',
    });
    const payment = {
      SaleToPOIResponse: {
        MessageHeader: header('Payment', { ServiceID: REVERSAL.serviceId }),
        PaymentResponse: paymentResponse(approvedParts(6)),
      },
    };
    expect(readNotification(payment, () => REVERSAL)).toMatchObject({ kind: 'result', outcome: 'unreadable' });
  });
});

describe('the requests the till sends', () => {
  const at = new Date('2025-03-01T10:11:04.000Z');

  it('sends the amount in major units, exactly', () => {
    const body = paymentRequest(REQUEST, 'sig', at).SaleToPOIRequest;
    expect(body.PaymentRequest?.PaymentTransaction.AmountsReq).toEqual({ Currency: 'EUR', RequestedAmount: 12.34 });
    const cents = paymentRequest({ ...REQUEST, amountMinor: 1 }, 'sig', at).SaleToPOIRequest;
    expect(cents.PaymentRequest?.PaymentTransaction.AmountsReq.RequestedAmount).toBe(0.01);
    const yen = paymentRequest(JPY_REQUEST, 'sig', at).SaleToPOIRequest;
    expect(yen.PaymentRequest?.PaymentTransaction.AmountsReq).toEqual({ Currency: 'JPY', RequestedAmount: 1200 });
  });

  it('names the payment by its own ServiceID, SaleID and POIID, and the sale by its transaction id', () => {
    const body = paymentRequest(REQUEST, 'sig', at).SaleToPOIRequest;
    expect(body.MessageHeader).toMatchObject({
      MessageCategory: 'Payment',
      MessageType: 'Request',
      SaleID: REQUEST.saleSystemId,
      ServiceID: REQUEST.serviceId,
      POIID: REQUEST.terminalId,
    });
    expect(body.PaymentRequest?.SaleData.SaleTransactionID).toEqual({
      TransactionID: REQUEST.saleTransactionId,
      TimeStamp: '2025-03-01T10:11:04.000Z',
    });
  });

  it('carries the signature in SaleToAcquirerData, for Adyen to echo back', () => {
    const signature = signRequest(randomBytes(32), REQUEST);
    const body = paymentRequest(REQUEST, signature, at).SaleToPOIRequest;
    const data = new URLSearchParams(body.PaymentRequest?.SaleData.SaleToAcquirerData ?? '');
    expect(data.get(SIGNATURE_KEY)).toBe(signature);
  });

  it('asks the status of the original payment by its ServiceID, under a fresh ServiceID of its own', () => {
    const body = transactionStatusRequest(REQUEST, 'STATUS0001').SaleToPOIRequest;
    expect(body.MessageHeader).toMatchObject({
      MessageCategory: 'TransactionStatus',
      ServiceID: 'STATUS0001',
      SaleID: REQUEST.saleSystemId,
      POIID: REQUEST.terminalId,
    });
    expect(body.TransactionStatusRequest?.MessageReference).toEqual({
      MessageCategory: 'Payment',
      SaleID: REQUEST.saleSystemId,
      ServiceID: REQUEST.serviceId,
    });
  });

  it('aborts the original payment by its ServiceID, under a fresh ServiceID of its own', () => {
    const body = abortRequest(REQUEST, 'ABORT00001').SaleToPOIRequest;
    expect(body.MessageHeader).toMatchObject({ MessageCategory: 'Abort', ServiceID: 'ABORT00001' });
    expect(body.AbortRequest?.MessageReference).toEqual({
      MessageCategory: 'Payment',
      SaleID: REQUEST.saleSystemId,
      ServiceID: REQUEST.serviceId,
    });
  });
});

describe('the signature on a request', () => {
  const key = randomBytes(32);
  const signature = signRequest(key, REQUEST);

  it('matches the request it was made for', () => {
    expect(signatureMatches(key, REQUEST, signature)).toBe(true);
  });

  it('does not depend on the amount, only on the identifiers', () => {
    expect(signatureMatches(key, { ...REQUEST, amountMinor: 99 }, signature)).toBe(true);
  });

  it.each([
    ['SaleID', { saleSystemId: 'OtherTill' }],
    ['ServiceID', { serviceId: '0207111105' }],
    ['POIID', { terminalId: 'P400Plus-999999999' }],
    ['sale transaction id', { saleTransactionId: '27909' }],
  ])('does not match when the %s differs', (_field, change) => {
    expect(signatureMatches(key, { ...REQUEST, ...change }, signature)).toBe(false);
  });

  it('does not match under another book’s key', () => {
    expect(signatureMatches(randomBytes(32), REQUEST, signature)).toBe(false);
  });

  it('does not match, and does not throw, for a signature of the wrong length', () => {
    expect(signatureMatches(key, REQUEST, signature.slice(1))).toBe(false);
    expect(signatureMatches(key, REQUEST, `${signature}A`)).toBe(false);
    expect(signatureMatches(key, REQUEST, '')).toBe(false);
  });
});

describe('ServiceIDs', () => {
  it('are ten letters or digits', () => {
    for (let index = 0; index < 200; index += 1) expect(newServiceId()).toMatch(/^[A-Za-z0-9]{10}$/);
  });

  it('are fresh on each call', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newServiceId()));
    expect(ids.size).toBe(1_000);
  });
});
