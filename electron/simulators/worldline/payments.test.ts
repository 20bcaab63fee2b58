import { describe, expect, it } from 'vitest';
import { TIMINGS } from '../adyen/terminal.ts';
import {
  defined,
  errorOf,
  paymentOf,
  startTestWorldlineSimulator,
  TEST_TIME_SCALE,
  WORLDLINE_OTHER_UTID,
  WORLDLINE_UTID,
} from './testing/harness.ts';
import { exchangeIdOf, INITIATING_PARTY, paymentRequest } from './testing/requests.ts';

/**
 * Card payments on /payments/sync: the result on the held request, its
 * outcome chosen by the amount (the Adyen simulator's magic-amount table).
 */

describe('a synchronous card payment', () => {
  it('is approved with the fields a till reads, echoing the request', async () => {
    const { client } = await startTestWorldlineSimulator();
    const request = paymentRequest({ amount: 12.5 });
    const sentTransaction = defined(
      request.SaleToPOIServiceRequest.ServiceRequest.PaymentRequest?.PaymentTransaction,
      'the payment',
    );
    const reply = await client.sync(request);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const { result, transaction } = paymentOf(reply);

    expect(result.Header).toEqual({
      MessageFunction: 'SaleFinancialServiceResponse',
      ProtocolVersion: '5.1-WL1.0.0',
      ExchangeIdentification: exchangeIdOf(request),
      CreationDateTime: expect.any(String) as string,
      InitiatingParty: { Identification: INITIATING_PARTY, Type: 'Merchant' },
    });
    expect(Date.parse(result.Header.CreationDateTime)).toBeGreaterThanOrEqual(
      Date.parse(request.SaleToPOIServiceRequest.Header.CreationDateTime),
    );
    expect(result.ServiceResponse.Environment).toEqual({ POI: { Identification: { Identification: WORLDLINE_UTID } } });
    expect(result.ServiceResponse.ServiceContent).toBe('FinancialPaymentResponse');
    expect(result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect(transaction.TransactionIdentification).toEqual(sentTransaction.TransactionIdentification);
    expect(transaction.TransactionDetails).toEqual({ Currency: 'EUR', TotalAmount: 12.5 });
    expect(transaction.TransactionResponse?.AuthorisationResult?.ResponseToAuthorisation?.Response).toBe('Approved');
    expect(transaction.TransactionResponse?.AuthorisationResult?.AuthorisationCode).toMatch(/^\d{6}$/);
    expect(transaction.PaymentCard).toEqual({ Brand: 'VISA', MaskedPAN: '411111******1111' });
    // Tap: the card, then the acquirer.
    expect(reply.elapsedMs).toBeGreaterThanOrEqual((TIMINGS.presentCard + TIMINGS.authorise) * TEST_TIME_SCALE - 1);

    const { transactions, duplicates } = await client.transactions(WORLDLINE_UTID);
    expect(duplicates).toBe(0);
    expect(transactions).toEqual([
      {
        kind: 'payment',
        exchangeId: exchangeIdOf(request),
        // The sale system that sent it, as Adyen's listing names the SaleID.
        initiatingParty: request.SaleToPOIServiceRequest.Header.InitiatingParty.Identification,
        transactionReference: sentTransaction.TransactionIdentification.TransactionReference,
        transactionDateTime: sentTransaction.TransactionIdentification.TransactionDateTime,
        amountMinor: 1250,
        currency: 'EUR',
        state: 'done',
        response: result.ServiceResponse,
        channel: 'sync',
        webhookAttempts: 0,
        webhookDelivered: false,
      },
    ]);
  });

  it('above 50.00 is paid with a PIN card', async () => {
    const { client } = await startTestWorldlineSimulator();
    const { transaction } = paymentOf(await client.sync(paymentRequest({ amount: 75 })));
    expect(transaction.PaymentCard).toEqual({ Brand: 'MASTERCARD', MaskedPAN: '541333******9999' });
  });

  it('works in a currency without decimals', async () => {
    const { client } = await startTestWorldlineSimulator();
    const { transaction } = paymentOf(await client.sync(paymentRequest({ amount: 1500, currency: 'JPY' })));
    expect(transaction.TransactionDetails).toEqual({ Currency: 'JPY', TotalAmount: 1500 });
    expect((await client.transactions(WORLDLINE_UTID)).transactions[0]?.amountMinor).toBe(1500);
  });

  it('is declined as the magic amount says, without an amount or a card', async () => {
    const { client } = await startTestWorldlineSimulator();
    for (const [amount, reason, information] of [
      [101.23, 'Refusal', 'Refused'],
      [101.34, 'WrongPIN', 'Invalid Pin'],
      [101.26, 'InvalidCard', 'Expired Card'],
    ] as const) {
      const { result, transaction } = paymentOf(await client.sync(paymentRequest({ amount })));
      expect(result.ServiceResponse.Response).toEqual({
        Result: 'Failure',
        ResponseReason: reason,
        AdditionalResponseInformation: information,
      });
      expect(transaction.TransactionResponse).toEqual({
        AuthorisationResult: { ResponseToAuthorisation: { Response: 'Declined' } },
      });
      expect(transaction.TransactionDetails).toBeUndefined();
      expect(transaction.PaymentCard).toBeUndefined();
    }
  });

  it('is cancelled by the shopper (…901) after about 3 s', async () => {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.sync(paymentRequest({ amount: 9.01 }));
    const { result, transaction } = paymentOf(reply);
    expect(result.ServiceResponse.Response).toEqual({
      Result: 'Failure',
      ResponseReason: 'Cancel',
      AdditionalResponseInformation: 'Cancelled by the customer',
    });
    expect(transaction.TransactionResponse).toBeUndefined();
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(TIMINGS.shopperCancels * TEST_TIME_SCALE - 1);
  });

  it('ends in Cancel after the 120 s card wait when no card is presented (…902)', async () => {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.sync(paymentRequest({ amount: 9.02 }));
    expect(paymentOf(reply).result.ServiceResponse.Response).toEqual({
      Result: 'Failure',
      ResponseReason: 'Cancel',
      AdditionalResponseInformation: 'No card presented',
    });
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(TIMINGS.cardWait * TEST_TIME_SCALE - 1);
  });

  it('finds the terminal not connected (…903): 404, nothing starts', async () => {
    const { client } = await startTestWorldlineSimulator();
    const request = paymentRequest({ amount: 9.03 });
    expect(errorOf(await client.sync(request), 404)).toBe(`Terminal ${WORLDLINE_UTID} is not connected`);
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toEqual([]);
  });

  it('finds the terminal busy (…904): Busy at once, nothing charged', async () => {
    const { client } = await startTestWorldlineSimulator({ timeScale: 1 });
    const reply = await client.sync(paymentRequest({ amount: 9.04 }));
    expect(reply.elapsedMs).toBeLessThan(500);
    const { result, transaction } = paymentOf(reply);
    expect(result.ServiceResponse.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'Busy' });
    expect(transaction.TransactionDetails).toBeUndefined();
  });

  it('answers CommunicationTimeout after 150 s when the issuer never answers (…905)', async () => {
    const { client } = await startTestWorldlineSimulator();
    const reply = await client.sync(paymentRequest({ amount: 9.05 }));
    expect(paymentOf(reply).result.ServiceResponse.Response).toMatchObject({
      Result: 'Failure',
      ResponseReason: 'CommunicationTimeout',
    });
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(TIMINGS.issuerTimeout * TEST_TIME_SCALE - 1);
  });

  it('is approved for half when the card covers only part (…906)', async () => {
    const { client } = await startTestWorldlineSimulator();
    const { result, transaction } = paymentOf(await client.sync(paymentRequest({ amount: 19.06 })));
    expect(result.ServiceResponse.Response).toEqual({ Result: 'Partial' });
    expect(transaction.TransactionDetails).toEqual({ Currency: 'EUR', TotalAmount: 9.53 });
    expect(transaction.TransactionResponse?.AuthorisationResult?.ResponseToAuthorisation?.Response).toBe('Partial');
    expect(transaction.TransactionResponse?.AuthorisationResult?.AuthorisationCode).toMatch(/^\d{6}$/);
  });

  it('while another runs is answered Busy at once, and the running one is unaffected', async () => {
    // Slow enough (300 ms) that the first is surely still running when the second arrives.
    const { client } = await startTestWorldlineSimulator({ timeScale: 0.05 });
    const first = client.sync(paymentRequest({ amount: 75 }));
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    const second = paymentOf(await client.sync(paymentRequest({ amount: 20 })));
    expect(second.result.ServiceResponse.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'Busy' });
    expect(paymentOf(await first).result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    const { transactions } = await client.transactions(WORLDLINE_UTID);
    expect(transactions.map((transaction) => transaction.response?.Response.Result)).toEqual(['Success', 'Failure']);
  });

  it('on one terminal leaves the other free', async () => {
    const { client } = await startTestWorldlineSimulator();
    const first = client.sync(paymentRequest({ amount: 75 }));
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    const other = await client.sync(paymentRequest({ amount: 20, utid: WORLDLINE_OTHER_UTID }));
    expect(paymentOf(other).result.ServiceResponse.Response).toEqual({ Result: 'Success' });
    expect(paymentOf(await first).result.ServiceResponse.Response).toEqual({ Result: 'Success' });
  });
});
