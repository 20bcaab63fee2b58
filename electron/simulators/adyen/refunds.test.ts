import { describe, expect, it } from 'vitest';
import type { TransactionIdentification } from '../../../shared/payments/adyen/nexo.ts';
import {
  defined,
  formFields,
  paymentOf,
  reversalOf,
  startTestSimulator,
  statusOf,
  type SimulatorClient,
} from './testing/harness.ts';
import {
  headerOf,
  OTHER_POIID,
  paymentRequest,
  POIID,
  referenceTo,
  reversalRequest,
  statusRequest,
} from './testing/requests.ts';

async function approvedPayment(client: SimulatorClient, amount: number, poiid = POIID) {
  const { payment } = paymentOf(await client.sync(paymentRequest({ amount, poiid })));
  expect(payment.Response.Result).toBe('Success');
  const original: TransactionIdentification = defined(payment.POIData, 'POIData').POITransactionID;
  const pspReference = formFields(payment.Response.AdditionalResponse).get('pspReference');
  return { original, pspReference };
}

async function refund(client: SimulatorClient, options: Parameters<typeof reversalRequest>[0]) {
  const request = reversalRequest(options);
  const { header, reversal } = reversalOf(await client.sync(request));
  expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
  return { request, reversal, additional: formFields(reversal.Response.AdditionalResponse) };
}

describe('a referenced refund (ReversalRequest)', () => {
  it('refunds the whole payment when ReversedAmount is absent', async () => {
    const { client } = await startTestSimulator();
    const { original, pspReference } = await approvedPayment(client, 20);
    const { reversal, additional } = await refund(client, { original });

    expect(reversal.Response.Result).toBe('Success');
    expect(reversal.ReversedAmount).toBe(20);
    expect(reversal.OriginalPOITransaction).toEqual({ POITransactionID: original, POIID });
    expect(additional.get('originalReference')).toBe(pspReference);
    const ownPsp = additional.get('pspReference') ?? '';
    expect(ownPsp).toMatch(/^\d{16}$/);
    expect(ownPsp).not.toBe(pspReference);
    expect(reversal.POIData?.POITransactionID.TransactionID).toMatch(
      new RegExp(`^[A-Za-z0-9]{4}00\\d{13}\\.${ownPsp}$`),
    );
    expect(reversal.PaymentReceipt?.map((receipt) => receipt.DocumentQualifier)).toEqual([
      'CashierReceipt',
      'CustomerReceipt',
    ]);
  });

  it('refunds part of a payment, then refuses more than is still refundable', async () => {
    const { client } = await startTestSimulator();
    const { original } = await approvedPayment(client, 20);

    const first = await refund(client, { original, amount: 6 });
    expect(first.reversal.Response.Result).toBe('Success');
    expect(first.reversal.ReversedAmount).toBe(6);

    const tooMuch = await refund(client, { original, amount: 14.01 });
    expect(tooMuch.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
    expect(tooMuch.additional.get('message')).toMatch(/exceeds/);

    const rest = await refund(client, { original, amount: 14 });
    expect(rest.reversal.Response.Result).toBe('Success');
    expect(rest.reversal.ReversedAmount).toBe(14);

    const nothingLeft = await refund(client, { original, amount: 0.01 });
    expect(nothingLeft.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
    const again = await refund(client, { original });
    expect(again.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
  });

  it('refuses a payment taken on another terminal unless SaleToAcquirerData gives the currency', async () => {
    const { client } = await startTestSimulator();
    const { original } = await approvedPayment(client, 30, POIID);

    const without = await refund(client, { original, poiid: OTHER_POIID });
    expect(without.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
    expect(without.additional.get('message')).toBe('Original currency not found and none given');

    const wrongCurrency = await refund(client, { original, poiid: OTHER_POIID, saleToAcquirerData: 'currency=USD' });
    expect(wrongCurrency.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });

    const given = await refund(client, { original, poiid: OTHER_POIID, saleToAcquirerData: 'currency=EUR' });
    expect(given.reversal.Response.Result).toBe('Success');
    expect(given.reversal.ReversedAmount).toBe(30);
    expect(given.reversal.OriginalPOITransaction?.POIID).toBe(POIID);
  });

  it('refuses an original transaction the cloud does not know', async () => {
    const { client } = await startTestSimulator();
    const unknown = { TransactionID: 'abcd001700000000000.8800000000000001', TimeStamp: new Date().toISOString() };
    const { reversal, additional } = await refund(client, { original: unknown, saleToAcquirerData: 'currency=EUR' });
    expect(reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
    expect(additional.get('message')).toBe('Original transaction not found');
  });

  it('refuses to refund a refund', async () => {
    const { client } = await startTestSimulator();
    const { original } = await approvedPayment(client, 10);
    const first = await refund(client, { original });
    const refundId = defined(first.reversal.POIData, 'POIData').POITransactionID;
    const second = await refund(client, { original: refundId });
    expect(second.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotAllowed' });
  });

  it('echoes metadata.* from SaleToAcquirerData', async () => {
    const { client } = await startTestSimulator();
    const { original } = await approvedPayment(client, 10);
    const { additional } = await refund(client, { original, saleToAcquirerData: 'currency=EUR&metadata.refund=R-1' });
    expect(additional.get('metadata.refund')).toBe('R-1');
    expect(additional.has('currency')).toBe(false);
  });

  it('is reported by TransactionStatus with MessageCategory Reversal', async () => {
    const { client } = await startTestSimulator();
    const { original } = await approvedPayment(client, 10);
    const { request, reversal } = await refund(client, { original, amount: 4 });
    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(request) })));
    expect(status.Response.Result).toBe('Success');
    expect(status.MessageReference).toEqual({
      MessageCategory: 'Reversal',
      SaleID: headerOf(request).SaleID,
      ServiceID: headerOf(request).ServiceID,
    });
    const { PaymentReceipt: receipts, ...withoutReceipts } = reversal;
    expect(receipts).toHaveLength(2);
    expect(status.RepeatedMessageResponse?.RepeatedResponseMessageBody).toEqual({ ReversalResponse: withoutReceipts });
    expect(status.RepeatedMessageResponse?.MessageHeader.MessageCategory).toBe('Reversal');
  });
});
