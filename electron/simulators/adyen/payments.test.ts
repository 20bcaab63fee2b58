import { describe, expect, it } from 'vitest';
import { defined, formFields, paymentOf, receiptLines, startTestSimulator } from './testing/harness.ts';
import { headerOf, paymentRequest, POIID } from './testing/requests.ts';

const TENDER_REFERENCE = /^[A-Za-z0-9]{4}00\d{13}$/;
const PSP_REFERENCE = /^\d{16}$/;

describe('an approved payment', () => {
  it('comes back in the shape Adyen documents', async () => {
    const { client, simulator } = await startTestSimulator();
    const request = paymentRequest({ amount: 12.34, transactionId: 'order-1001' });
    const sent = request.SaleToPOIRequest.PaymentRequest?.SaleData.SaleTransactionID;
    const { header, payment } = paymentOf(await client.sync(request));

    expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
    expect(payment.Response.Result).toBe('Success');
    expect(payment.Response.ErrorCondition).toBeUndefined();

    const additional = formFields(payment.Response.AdditionalResponse);
    const pspReference = defined(additional.get('pspReference') ?? undefined, 'pspReference');
    expect(pspReference).toMatch(PSP_REFERENCE);
    expect(additional.get('cardType')).toBe('mc');
    expect(additional.get('cardHolderName')).toBeTruthy();
    expect(additional.get('posAuthAmountCurrency')).toBe('EUR');
    expect(additional.get('posAuthAmountValue')).toBe('1234');
    expect(additional.get('merchantReference')).toBe('order-1001');

    expect(payment.SaleData?.SaleTransactionID).toEqual(sent);

    const poiTransaction = defined(payment.POIData, 'POIData').POITransactionID;
    const [tender, psp, ...rest] = poiTransaction.TransactionID.split('.');
    expect(rest).toEqual([]);
    expect(tender).toMatch(TENDER_REFERENCE);
    expect(psp).toBe(pspReference);
    expect(Date.parse(poiTransaction.TimeStamp)).not.toBeNaN();

    const result = defined(payment.PaymentResult, 'PaymentResult');
    expect(result.PaymentType).toBe('Normal');
    expect(result.AmountsResp).toEqual({ AuthorizedAmount: 12.34, Currency: 'EUR' });
    expect(result.PaymentInstrumentData?.CardData).toEqual({
      MaskedPan: expect.stringMatching(/^\d{6} \*{4} \d{4}$/) as unknown,
      PaymentBrand: 'mc',
      EntryMode: ['Tapped'],
    });
    const acquirer = defined(result.PaymentAcquirerData, 'PaymentAcquirerData');
    expect(acquirer.ApprovalCode).toMatch(/^\d{6}$/);
    expect(additional.get('authCode')).toBe(acquirer.ApprovalCode);
    expect(acquirer.MerchantID).toBe(simulator.merchantAccount);
    expect(acquirer.AcquirerPOIID).toBe(POIID);
    expect(acquirer.AcquirerTransactionID?.TransactionID).toBe(pspReference);
  });

  it('prints cashier and customer receipts, each line form-encoded name=…&value=…&key=…', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 12.34 })));
    const receipts = defined(payment.PaymentReceipt, 'PaymentReceipt');
    expect(receipts.map((receipt) => receipt.DocumentQualifier)).toEqual(['CashierReceipt', 'CustomerReceipt']);

    const tender = payment.POIData?.POITransactionID.TransactionID.split('.')[0];
    for (const receipt of receipts) {
      expect(receipt.OutputContent.OutputFormat).toBe('Text');
      for (const line of receipt.OutputContent.OutputText) {
        expect(line.EndOfLineFlag).toBe(true);
        // Only name, value and key, each percent-encoded.
        expect(line.Text).toMatch(/^(name=[^&=]*&)?(value=[^&=]*&)?key=[A-Za-z0-9]+$/);
      }
      const lines = receiptLines(receipt);
      const byKey = (key: string) => lines.find((line) => line.get('key') === key);
      expect(byKey('totalAmount')?.get('name')).toBe('TOTAL');
      expect(byKey('totalAmount')?.get('value')).toBe('EUR 12.34');
      expect(byKey('approved')?.get('name')).toBe('APPROVED');
      expect(byKey('txRef')?.get('value')).toBe(tender);
      expect(byKey('authCode')?.get('value')).toBe(payment.PaymentResult?.PaymentAcquirerData?.ApprovalCode);
      expect(byKey('pan')?.get('value')).toBe(payment.PaymentResult?.PaymentInstrumentData?.CardData?.MaskedPan);
      expect(
        receipt.OutputContent.OutputText.find((line) => line.Text.endsWith('key=totalAmount'))?.CharacterStyle,
      ).toBe('Bold');
    }
    const titles = receipts.map((receipt) => receiptLines(receipt).find((line) => line.get('key') === 'merchantTitle'));
    expect(titles.map((line) => line?.get('name'))).toEqual(['MERCHANT COPY', 'CARDHOLDER COPY']);
  });

  it('is read by chip and PIN above the contactless limit', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 75 })));
    expect(payment.Response.Result).toBe('Success');
    expect(payment.PaymentResult?.PaymentInstrumentData?.CardData?.EntryMode).toEqual(['ICC']);
    expect(formFields(payment.Response.AdditionalResponse).get('posEntryMode')).toBe('CHIP');
    expect(payment.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(75);
  });

  it.each([
    ['JPY', 1500, '1500', 'JPY 1500'],
    ['KWD', 1.234, '1234', 'KWD 1.234'],
    ['EUR', 0.01, '1', 'EUR 0.01'],
  ])('authorises %s amounts in major units with that currency’s decimals', async (currency, amount, minor, printed) => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount, currency })));
    expect(payment.Response.Result).toBe('Success');
    expect(payment.PaymentResult?.AmountsResp).toEqual({ AuthorizedAmount: amount, Currency: currency });
    const additional = formFields(payment.Response.AdditionalResponse);
    expect(additional.get('posAuthAmountValue')).toBe(minor);
    expect(additional.get('posAuthAmountCurrency')).toBe(currency);
    const customer = defined(payment.PaymentReceipt?.[1], 'customer receipt');
    expect(
      receiptLines(customer)
        .find((line) => line.get('key') === 'totalAmount')
        ?.get('value'),
    ).toBe(printed);
  });
});

describe('SaleToAcquirerData', () => {
  it('echoes every metadata.* key of form-encoded data in AdditionalResponse, and nothing else of it', async () => {
    const { client } = await startTestSimulator();
    const data = new URLSearchParams({
      'metadata.order': 'A-17',
      'metadata.note': 'two words & more',
      'metadata.pos_hmac': 'c2lnbmF0dXJl',
      tenderOption: 'AskGratuity',
      'applicationInfo.merchantApplication.name': 'Kassa',
    }).toString();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 9.99, saleToAcquirerData: data })));
    const additional = formFields(payment.Response.AdditionalResponse);
    expect(additional.get('metadata.order')).toBe('A-17');
    expect(additional.get('metadata.note')).toBe('two words & more');
    expect(additional.get('metadata.pos_hmac')).toBe('c2lnbmF0dXJl');
    expect(additional.has('tenderOption')).toBe(false);
    expect(additional.has('applicationInfo.merchantApplication.name')).toBe(false);
  });

  it('echoes metadata from Base64 JSON, nested objects flattened with dots', async () => {
    const { client } = await startTestSimulator();
    const data = Buffer.from(
      JSON.stringify({
        metadata: { order: 'B-9', till: 'T2' },
        applicationInfo: { merchantApplication: { name: 'Kassa', version: '0.1.0' } },
      }),
    ).toString('base64');
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 9.99, saleToAcquirerData: data })));
    const additional = formFields(payment.Response.AdditionalResponse);
    expect(additional.get('metadata.order')).toBe('B-9');
    expect(additional.get('metadata.till')).toBe('T2');
    expect([...additional.keys()].filter((key) => key.startsWith('applicationInfo'))).toEqual([]);
  });

  it('echoes metadata on a declined payment too', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(
      await client.sync(paymentRequest({ amount: 101.23, saleToAcquirerData: 'metadata.order=C-3' })),
    );
    expect(payment.Response.Result).toBe('Failure');
    expect(formFields(payment.Response.AdditionalResponse).get('metadata.order')).toBe('C-3');
  });

  it('answers data that is neither form-encoded nor Base64 JSON with MessageFormat', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 5, saleToAcquirerData: 'just some words' });
    const { header, payment } = paymentOf(await client.sync(request));
    expect(header.ServiceID).toBe(headerOf(request).ServiceID);
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'MessageFormat' });
    expect(formFields(payment.Response.AdditionalResponse).get('errors')).toMatch(
      /^At SaleToPOIRequest\.PaymentRequest\.SaleData, field SaleToAcquirerData: /,
    );
  });
});
