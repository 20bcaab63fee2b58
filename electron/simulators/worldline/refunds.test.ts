import { describe, expect, it } from 'vitest';
import {
  acceptedOf,
  defined,
  paymentOf,
  resultOf,
  startTestWorldlineSimulator,
  webhookDataOf,
  WORLDLINE_UTID,
} from './testing/harness.ts';
import { identificationOf, paymentRequest, refundRequest, reversalRequest, withField } from './testing/requests.ts';

/**
 * Money back: a Refund (FinancialPaymentRequest, TransactionType Refund),
 * referenced or not, and a reversal of an earlier card payment, each capped
 * by what is left of the original.
 */

async function approvedPayment(
  client: Awaited<ReturnType<typeof startTestWorldlineSimulator>>['client'],
  amount: number,
) {
  const request = paymentRequest({ amount });
  expect(paymentOf(await client.sync(request)).result.ServiceResponse.Response).toEqual({ Result: 'Success' });
  return identificationOf(request);
}

describe('a refund', () => {
  it('without an original is approved', async () => {
    const { client } = await startTestWorldlineSimulator();
    const request = refundRequest({ amount: 7.5 });
    const { result, transaction } = paymentOf(await client.sync(request));
    expect(result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect(transaction.TransactionIdentification).toEqual(identificationOf(request));
    expect(transaction.TransactionDetails).toEqual({ Currency: 'EUR', TotalAmount: 7.5 });
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      kind: 'refund',
      amountMinor: 750,
    });
  });

  it('of a declined amount is still approved (refunds follow only the shopper scenarios)', async () => {
    const { client } = await startTestWorldlineSimulator();
    expect(paymentOf(await client.sync(refundRequest({ amount: 101.23 }))).result.ServiceResponse.Response).toEqual({
      Result: 'Success',
    });
  });

  it('of an original is capped by what is left of it', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    const first = paymentOf(await client.sync(refundRequest({ amount: 20, original })));
    expect(first.result.ServiceResponse.Response).toEqual({ Result: 'Success' });

    const tooMuch = paymentOf(await client.sync(refundRequest({ amount: 10.01, original })));
    expect(tooMuch.result.ServiceResponse.Response).toEqual({
      Result: 'Failure',
      ResponseReason: 'NotAllowed',
      AdditionalResponseInformation: 'The refund exceeds what is left of the original payment (10.00 EUR)',
    });
    expect(tooMuch.transaction.TransactionDetails).toBeUndefined();

    expect(
      paymentOf(await client.sync(refundRequest({ amount: 10, original }))).result.ServiceResponse.Response,
    ).toEqual({
      Result: 'Success',
    });
    const after = paymentOf(await client.sync(refundRequest({ amount: 0.01, original })));
    expect(after.result.ServiceResponse.Response.AdditionalResponseInformation).toBe(
      'The original payment has already been refunded in full',
    );
  });

  it('of an original gives the amount back when the shopper cancels it', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    const cancelled = paymentOf(await client.sync(refundRequest({ amount: 19.01, original })));
    expect(cancelled.result.ServiceResponse.Response.ResponseReason).toBe('Cancel');
    expect(
      paymentOf(await client.sync(refundRequest({ amount: 30, original }))).result.ServiceResponse.Response,
    ).toEqual({
      Result: 'Success',
    });
  });

  it('of a payment that is not there, or in another currency, is NotAllowed', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    const unknown = { ...original, TransactionReference: 'no-such-sale' };
    expect(
      paymentOf(await client.sync(refundRequest({ amount: 1, original: unknown }))).result.ServiceResponse.Response,
    ).toMatchObject({
      ResponseReason: 'NotAllowed',
      AdditionalResponseInformation: expect.stringMatching(/^No approved card payment no-such-sale/) as string,
    });
    expect(
      paymentOf(await client.sync(refundRequest({ amount: 1, currency: 'GBP', original }))).result.ServiceResponse
        .Response,
    ).toMatchObject({
      ResponseReason: 'NotAllowed',
      AdditionalResponseInformation: 'The original payment was in EUR, not GBP',
    });
    // The same instant written differently still names the payment.
    const sameInstant = { ...original, TransactionDateTime: original.TransactionDateTime.replace('Z', '+00:00') };
    expect(
      paymentOf(await client.sync(refundRequest({ amount: 1, original: sameInstant }))).result.ServiceResponse.Response,
    ).toEqual({ Result: 'Success' });
  });

  it('names an original only as a Refund', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    const body = withField(
      refundRequest({ amount: 1, original }),
      'ServiceRequest.PaymentRequest.PaymentTransaction.TransactionType',
      'CardPayment',
    );
    expect((await client.sync(body)).status).toBe(400);
  });
});

describe('a reversal', () => {
  it('reverses what is left of an earlier payment, answered as a ReversalResponse', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    paymentOf(await client.sync(refundRequest({ amount: 5, original })));
    const request = reversalRequest({ original });
    const result = resultOf(await client.sync(request)).ServiceResponse;
    expect(result.ServiceContent).toBe('ReversalResponse');
    expect(result.Response).toEqual({ Result: 'Success' });
    const reversed = defined(result.ReversalResponse?.ReversalTransaction, 'the reversal');
    expect(reversed.TransactionIdentification.TransactionReference).toBe(original.TransactionReference);
    expect(reversed.TransactionDetails).toEqual({ Currency: 'EUR', TotalAmount: 25 });

    const again = resultOf(await client.sync(reversalRequest({ original }))).ServiceResponse;
    expect(again.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'NotAllowed' });
    const listed = (await client.transactions(WORLDLINE_UTID)).transactions.map(({ kind, amountMinor }) => ({
      kind,
      amountMinor,
    }));
    expect(listed).toEqual([
      { kind: 'payment', amountMinor: 3000 },
      { kind: 'refund', amountMinor: 500 },
      { kind: 'reversal', amountMinor: 2500 },
      { kind: 'reversal', amountMinor: 0 },
    ]);
  });

  it('with an amount must reverse exactly what is left', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = await approvedPayment(client, 30);
    const partly = resultOf(await client.sync(reversalRequest({ original, amount: 10 }))).ServiceResponse;
    expect(partly.Response).toEqual({
      Result: 'Failure',
      ResponseReason: 'NotAllowed',
      AdditionalResponseInformation: 'TotalAmount must be what is left of the original payment (30.00 EUR)',
    });
    expect(resultOf(await client.sync(reversalRequest({ original, amount: 30 }))).ServiceResponse.Response).toEqual({
      Result: 'Success',
    });
  });

  it('of an unknown payment is NotAllowed', async () => {
    const { client } = await startTestWorldlineSimulator();
    const original = { TransactionReference: 'nothing', TransactionDateTime: new Date().toISOString() };
    const result = resultOf(await client.sync(reversalRequest({ original }))).ServiceResponse;
    expect(result.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'NotAllowed' });
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]).toMatchObject({
      kind: 'reversal',
      currency: null,
    });
  });

  it('is also accepted as nexo’s FinancialReversalRequest, and posted to the webhook when asynchronous', async () => {
    const { client, simulator } = await startTestWorldlineSimulator();
    const receiver = await client.startWebhookReceiver();
    const original = await approvedPayment(client, 12);
    const body = withField(
      reversalRequest({ original, webhookUrl: receiver.url }),
      'ServiceRequest.ServiceContent',
      'FinancialReversalRequest',
    );
    acceptedOf(await client.async(body));
    await receiver.waitFor('the result', (deliveries) => deliveries.length === 1);
    await simulator.notificationsIdle();
    const result = resultOf(webhookDataOf(receiver.deliveries[0]?.body)).ServiceResponse;
    expect(result.ServiceContent).toBe('ReversalResponse');
    expect(result.ReversalResponse?.ReversalTransaction.TransactionDetails).toEqual({
      Currency: 'EUR',
      TotalAmount: 12,
    });
  });
});
