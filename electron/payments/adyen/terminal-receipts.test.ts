import { describe, expect, it } from 'vitest';
import {
  TERMINAL_RECEIPT_LINES_MAX,
  TERMINAL_RECEIPT_TEXT_MAX,
  TerminalReceiptsSchema,
} from '../../../shared/payments/terminal-receipt.ts';
import type { PaymentRequestIds } from '../terminal-provider.ts';
import { readPaymentReply, readStatusReply } from './replies.ts';
import { readTerminalReceipts } from './terminal-receipts.ts';

/** One `OutputText` line as Adyen sends it: form-encoded, the key saying what it is. */
const line = (text: string, bold = false) => ({
  ...(bold ? { CharacterStyle: 'Bold' } : {}),
  EndOfLineFlag: true,
  Text: text,
});

/** Adyen's documented CashierReceipt / CustomerReceipt pair (Terminal API PaymentResponse.PaymentReceipt). */
function adyenReceipt(qualifier: string, title: string, signature?: boolean) {
  return {
    DocumentQualifier: qualifier,
    OutputContent: {
      OutputFormat: 'Text',
      OutputText: [
        line('key=header1', true),
        line(
          `name=${encodeURIComponent(title)}&key=${qualifier === 'CashierReceipt' ? 'merchantTitle' : 'cardholderHeader'}`,
          true,
        ),
        line('key=filler'),
        line('name=Date&value=29%2f04%2f19&key=txdate'),
        line('name=Time&value=14%3a03%3a49&key=txtime'),
        line('name=Card&value=%2a%2a%2a%2a%2a%2a%2a%2a%2a%2a%2a%2a1111&key=pan'),
        line('name=PAN%20seq.&value=01&key=panSeq'),
        line('name=Card%20type&value=mc&key=cardType'),
        line('name=Auth.%20code&value=123456&key=authCode'),
        line('name=TOTAL&value=%e2%82%ac%c2%a012.34&key=totalAmount', true),
        line('name=APPROVED&key=approved', true),
        line('name=Please%20retain%20receipt!&key=thanks'),
      ],
    },
    ...(signature === undefined ? {} : { RequiredSignatureFlag: signature }),
  };
}

const ADYEN_RECEIPTS = [
  adyenReceipt('CashierReceipt', 'MERCHANT COPY', true),
  adyenReceipt('CustomerReceipt', 'CARDHOLDER COPY', false),
];

describe('readTerminalReceipts', () => {
  it("reads Adyen's cashier receipt as the merchant copy and the customer receipt as the customer's", () => {
    const receipts = readTerminalReceipts(ADYEN_RECEIPTS);

    expect(receipts.map(({ copy, signatureRequired }) => ({ copy, signatureRequired }))).toEqual([
      { copy: 'merchant', signatureRequired: true },
      { copy: 'customer', signatureRequired: false },
    ]);
    expect(receipts[1]?.lines).toEqual([
      { label: '', bold: true },
      { label: 'CARDHOLDER COPY', bold: true },
      { label: '' },
      { label: 'Date', value: '29/04/19' },
      { label: 'Time', value: '14:03:49' },
      { label: 'Card', value: '************1111' },
      { label: 'PAN seq.', value: '01' },
      { label: 'Card type', value: 'mc' },
      { label: 'Auth. code', value: '123456' },
      { label: 'TOTAL', value: '€\u00a012.34', bold: true },
      { label: 'APPROVED', bold: true },
      { label: 'Please retain receipt!' },
    ]);
    expect(receipts[0]?.lines[1]).toEqual({ label: 'MERCHANT COPY', bold: true });
    expect(TerminalReceiptsSchema.safeParse(receipts).success).toBe(true);
  });

  it('never prints the key that says what a line is', () => {
    const text = JSON.stringify(readTerminalReceipts(ADYEN_RECEIPTS));

    expect(text).not.toMatch(/key|txdate|panSeq|merchantTitle|filler/);
  });

  it('takes a receipt without a signature flag as needing no signature', () => {
    const [receipt] = readTerminalReceipts([adyenReceipt('CashierReceipt', 'MERCHANT COPY')]);

    expect(receipt?.signatureRequired).toBe(false);
  });

  it('drops control characters, which would be commands to an ESC/POS printer', () => {
    const [receipt] = readTerminalReceipts([
      {
        DocumentQualifier: 'CustomerReceipt',
        OutputContent: {
          OutputText: [
            line('name=Evil%1B%40Shop&value=%1Bp%00%19%fa'),
            line('name=%1Bi&value=%C2%9B2J%0D%0A12.34'),
            line('name=Tab%09bed&value=%7F'),
          ],
        },
      },
    ]);

    expect(receipt?.lines).toEqual([
      { label: 'Evil @Shop', value: 'p  \ufffd' },
      { label: 'i', value: '2J  12.34' },
      { label: 'Tab bed' },
    ]);
    const texts = (receipt?.lines ?? []).flatMap(({ label, value }) => [label, value ?? '']);
    const codes = Array.from({ length: texts.join('').length }, (_, index) => texts.join('').charCodeAt(index));
    const controls = codes.filter((code) => code < 0x20 || (code >= 0x7f && code <= 0x9f));
    expect(controls).toEqual([]);
  });

  it('cuts a line longer than a receipt can take, and a receipt longer than the till keeps', () => {
    const long = 'X'.repeat(200);
    const [receipt] = readTerminalReceipts([
      {
        DocumentQualifier: 'CustomerReceipt',
        OutputContent: {
          OutputText: Array.from({ length: 120 }, (_, index) => line(`name=${long}&value=${String(index)}${long}`)),
        },
      },
    ]);

    expect(receipt?.lines).toHaveLength(TERMINAL_RECEIPT_LINES_MAX);
    expect(receipt?.lines[0]?.label).toBe('X'.repeat(TERMINAL_RECEIPT_TEXT_MAX));
    expect(receipt?.lines[79]?.value).toBe(`79${'X'.repeat(TERMINAL_RECEIPT_TEXT_MAX - 2)}`);
    expect(TerminalReceiptsSchema.safeParse([receipt]).success).toBe(true);
  });

  it('leaves out an empty or blank value', () => {
    const [receipt] = readTerminalReceipts([
      {
        DocumentQualifier: 'CustomerReceipt',
        OutputContent: { OutputText: [line('name=Card&value='), line('name=Card&value=%20%20'), line('value=only')] },
      },
    ]);

    expect(receipt?.lines).toEqual([{ label: 'Card' }, { label: 'Card' }, { label: '', value: 'only' }]);
  });

  it('reads a receipt without text as one without lines', () => {
    expect(readTerminalReceipts([{ DocumentQualifier: 'CustomerReceipt', OutputContent: {} }])).toEqual([
      { copy: 'customer', signatureRequired: false, lines: [] },
    ]);
  });

  it('keeps one receipt of each copy, the first, and skips documents it does not know', () => {
    const receipts = readTerminalReceipts([
      adyenReceipt('SaleReceipt', 'SALE'),
      adyenReceipt('CustomerReceipt', 'FIRST'),
      adyenReceipt('CustomerReceipt', 'SECOND'),
      adyenReceipt('CashierReceipt', 'MERCHANT COPY', true),
    ]);

    expect(receipts.map((receipt) => [receipt.copy, receipt.lines[1]?.label])).toEqual([
      ['customer', 'FIRST'],
      ['merchant', 'MERCHANT COPY'],
    ]);
  });

  it('skips what it cannot read and keeps what it can', () => {
    const receipts = readTerminalReceipts([
      null,
      'CustomerReceipt',
      { DocumentQualifier: 'CustomerReceipt' },
      { DocumentQualifier: 'CustomerReceipt', OutputContent: { OutputText: [{ Text: 42 }] } },
      { DocumentQualifier: 'CashierReceipt', RequiredSignatureFlag: 'yes', OutputContent: {} },
      adyenReceipt('CustomerReceipt', 'CARDHOLDER COPY'),
    ]);

    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.copy).toBe('customer');
    expect(receipts[0]?.lines).toContainEqual({ label: 'APPROVED', bold: true });
  });

  it.each([[undefined], [null], ['receipt'], [{ DocumentQualifier: 'CustomerReceipt' }], [42], [[]]])(
    'reads %j as no receipts',
    (value) => {
      expect(readTerminalReceipts(value)).toEqual([]);
    },
  );
});

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

const HEADER = {
  ProtocolVersion: '3.0',
  MessageClass: 'Service',
  MessageCategory: 'Payment',
  MessageType: 'Response',
  SaleID: REQUEST.saleSystemId,
  ServiceID: REQUEST.serviceId,
  POIID: REQUEST.terminalId,
};

/** The terminal's own name for the payment (POIData.POITransactionID), which the till keeps with an approval. */
const POI_TRANSACTION = { transactionId: 'oLkO001556529591000', timeStamp: '2019-04-29T00:00:00.000Z' };

function paymentResponse(result: 'Success' | 'Failure', receipts: unknown, errorCondition?: string) {
  return {
    POIData: {
      POITransactionID: { TimeStamp: POI_TRANSACTION.timeStamp, TransactionID: POI_TRANSACTION.transactionId },
    },
    PaymentResult: {
      AmountsResp: { AuthorizedAmount: 12.34, Currency: 'EUR' },
      PaymentInstrumentData: { CardData: { PaymentBrand: 'mc', MaskedPan: '541333 **** 1111' } },
      PaymentAcquirerData: { ApprovalCode: '123456' },
    },
    Response: {
      Result: result,
      ...(errorCondition === undefined ? {} : { ErrorCondition: errorCondition }),
      AdditionalResponse: 'pspReference=8515565295894301',
    },
    ...(receipts === undefined ? {} : { PaymentReceipt: receipts }),
  };
}

const paymentReply = (response: ReturnType<typeof paymentResponse>) =>
  JSON.stringify({ SaleToPOIResponse: { MessageHeader: HEADER, PaymentResponse: response } });

describe("a payment's receipts, as the terminal sends them back", () => {
  it('come with an approval', () => {
    const result = readPaymentReply(paymentReply(paymentResponse('Success', ADYEN_RECEIPTS)), REQUEST);

    expect(result).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 1234,
        terminalReference: '8515565295894301',
        poiTransaction: POI_TRANSACTION,
        card: { brand: 'mc', last4: '1111', authCode: '123456' },
        receipts: readTerminalReceipts(ADYEN_RECEIPTS),
      },
    });
  });

  it('come with an approval found by asking the status afterwards', () => {
    const reply = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: { ...HEADER, MessageCategory: 'TransactionStatus', ServiceID: 'STATUS0001' },
        TransactionStatusResponse: {
          Response: { Result: 'Success' },
          RepeatedMessageResponse: {
            MessageHeader: HEADER,
            RepeatedResponseMessageBody: { PaymentResponse: paymentResponse('Success', ADYEN_RECEIPTS) },
          },
        },
      },
    });

    const result = readStatusReply(reply, REQUEST);

    expect(result.kind).toBe('outcome');
    expect(result.kind === 'outcome' ? result.outcome.receipts : undefined).toEqual(
      readTerminalReceipts(ADYEN_RECEIPTS),
    );
  });

  it.each([
    ['no receipts', undefined],
    ['an empty list', []],
    ['receipts the till cannot read', 'not a list'],
    ['a list of unreadable receipts', [{ DocumentQualifier: 42 }]],
  ])('an approval with %s is still an approval, without receipts', (_name, receipts) => {
    const result = readPaymentReply(paymentReply(paymentResponse('Success', receipts)), REQUEST);

    expect(result).toMatchObject({ kind: 'outcome', outcome: { state: 'approved', authorisedMinor: 1234 } });
    expect(result.kind === 'outcome' && 'receipts' in result.outcome).toBe(false);
  });

  it('are not kept for a declined payment', () => {
    const result = readPaymentReply(paymentReply(paymentResponse('Failure', ADYEN_RECEIPTS, 'Refusal')), REQUEST);

    expect(result).toMatchObject({ kind: 'outcome', outcome: { state: 'declined' } });
    expect(result.kind === 'outcome' && 'receipts' in result.outcome).toBe(false);
  });
});

/** A referenced refund of 6.00 on the payment above (§2.6 of the reference). */
const REVERSAL: PaymentRequestIds = {
  ...REQUEST,
  serviceId: '207111108',
  saleTransactionId: '27911',
  amountMinor: 600,
  kind: 'reversal',
  original: POI_TRANSACTION,
};

const REVERSAL_HEADER = { ...HEADER, MessageCategory: 'Reversal', ServiceID: REVERSAL.serviceId };

function reversalResponse(result: 'Success' | 'Failure', receipts: unknown, errorCondition?: string) {
  return {
    Response: {
      Result: result,
      ...(errorCondition === undefined ? {} : { ErrorCondition: errorCondition }),
      AdditionalResponse: 'pspReference=8815565295894303&originalReference=8515565295894301',
    },
    POIData: {
      POITransactionID: {
        TimeStamp: '2019-08-15T12:00:01.000Z',
        TransactionID: 'pZtU001565871600000.8815565295894303',
      },
    },
    ReversedAmount: 6,
    ...(receipts === undefined ? {} : { PaymentReceipt: receipts }),
  };
}

describe("a referenced refund's receipts, as the terminal sends them back", () => {
  it('come with the refund’s approval', () => {
    const reply = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: REVERSAL_HEADER,
        ReversalResponse: reversalResponse('Success', ADYEN_RECEIPTS),
      },
    });

    expect(readPaymentReply(reply, REVERSAL)).toEqual({
      kind: 'outcome',
      outcome: {
        state: 'approved',
        authorisedMinor: 600,
        terminalReference: '8815565295894303',
        poiTransaction: {
          transactionId: 'pZtU001565871600000.8815565295894303',
          timeStamp: '2019-08-15T12:00:01.000Z',
        },
        receipts: readTerminalReceipts(ADYEN_RECEIPTS),
      },
    });
  });

  it('come with the refund’s approval found by asking the status afterwards', () => {
    const reply = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: { ...HEADER, MessageCategory: 'TransactionStatus', ServiceID: 'STATUS0001' },
        TransactionStatusResponse: {
          Response: { Result: 'Success' },
          RepeatedMessageResponse: {
            MessageHeader: REVERSAL_HEADER,
            RepeatedResponseMessageBody: { ReversalResponse: reversalResponse('Success', ADYEN_RECEIPTS) },
          },
        },
      },
    });

    const result = readStatusReply(reply, REVERSAL);

    expect(result).toMatchObject({ kind: 'outcome', outcome: { state: 'approved', authorisedMinor: 600 } });
    expect(result.kind === 'outcome' ? result.outcome.receipts : undefined).toEqual(
      readTerminalReceipts(ADYEN_RECEIPTS),
    );
  });

  it('are not kept for a refused refund', () => {
    const reply = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: REVERSAL_HEADER,
        ReversalResponse: reversalResponse('Failure', ADYEN_RECEIPTS, 'NotAllowed'),
      },
    });
    const result = readPaymentReply(reply, REVERSAL);

    expect(result).toMatchObject({ kind: 'outcome', outcome: { state: 'declined' } });
    expect(result.kind === 'outcome' && 'receipts' in result.outcome).toBe(false);
  });
});
