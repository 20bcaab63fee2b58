import { describe, expect, it } from 'vitest';
import {
  acceptedOf,
  defined,
  paymentOf,
  resultOf,
  startTestWorldlineSimulator,
  WORLDLINE_OTHER_UTID,
  WORLDLINE_UTID,
} from './testing/harness.ts';
import {
  exchangeIdOf,
  identificationOf,
  newExchangeId,
  paymentRequest,
  reversalRequest,
  statusRequest,
} from './testing/requests.ts';

/**
 * TransactionStatusRequest on /payments/sync: what became of an earlier
 * request of the same terminal, named by its ExchangeIdentification.
 */

describe('a status request', () => {
  it('about a request that never reached the terminal answers NotFound', async () => {
    const { client } = await startTestWorldlineSimulator();
    const about = newExchangeId();
    const result = resultOf(await client.sync(statusRequest({ about })));
    expect(result.ServiceResponse.ServiceContent).toBe('TransactionStatusResponse');
    expect(result.ServiceResponse.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'NotFound' });
    expect(result.ServiceResponse.TransactionStatusResponse).toEqual({
      MessageReference: { ExchangeIdentification: about },
    });
  });

  it('about a running request answers InProgress at once, then Success with the result exactly as sent', async () => {
    // The issuer takes 150 s: 450 ms here, surely still running when the status request arrives.
    const { client } = await startTestWorldlineSimulator({ timeScale: 0.003 });
    const payment = paymentRequest({ amount: 9.05 });
    const pending = client.sync(payment);
    await client.reachedTerminal(WORLDLINE_UTID, 1);

    const running = await client.sync(statusRequest({ about: exchangeIdOf(payment) }));
    expect(running.elapsedMs).toBeLessThan(100);
    const inProgress = resultOf(running).ServiceResponse;
    expect(inProgress.Response).toMatchObject({ Result: 'Failure', ResponseReason: 'InProgress' });
    expect(inProgress.TransactionStatusResponse?.MessageReference).toEqual({
      ExchangeIdentification: exchangeIdOf(payment),
      TransactionReference: identificationOf(payment).TransactionReference,
    });

    const sent = paymentOf(await pending).result.ServiceResponse;
    const status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(payment) }))).ServiceResponse;
    expect(status.Response).toEqual({ Result: 'Success' });
    expect(status.TransactionStatusResponse?.RepeatedResponse).toEqual({
      ServiceContent: sent.ServiceContent,
      Response: sent.Response,
      PaymentResponse: sent.PaymentResponse,
    });
    expect(sent.Response.ResponseReason).toBe('CommunicationTimeout');
  });

  it('finds an asynchronous payment whose webhook was lost, and is not a transaction itself', async () => {
    const { client } = await startTestWorldlineSimulator();
    await client.addFault(WORLDLINE_UTID, { fault: 'lose-webhook' });
    const payment = paymentRequest({ amount: 10, webhookUrl: 'http://127.0.0.1:9/unused?token=x' });
    acceptedOf(await client.async(payment));
    await client.reachedTerminal(WORLDLINE_UTID, 1);
    let status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(payment) }))).ServiceResponse;
    for (let tries = 0; status.Response.ResponseReason === 'InProgress' && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      status = resultOf(await client.sync(statusRequest({ about: exchangeIdOf(payment) }))).ServiceResponse;
    }
    const repeated = defined(status.TransactionStatusResponse?.RepeatedResponse, 'the repeated response');
    expect(repeated.Response).toEqual({ Result: 'Success' });
    expect(repeated.PaymentResponse?.PaymentTransaction.TransactionDetails).toEqual({
      Currency: 'EUR',
      TotalAmount: 10,
    });
    expect((await client.transactions(WORLDLINE_UTID)).transactions).toHaveLength(1);
  });

  it('must name the right TransactionReference if it names one', async () => {
    const { client } = await startTestWorldlineSimulator();
    const payment = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(payment));
    const wrong = resultOf(
      await client.sync(statusRequest({ about: exchangeIdOf(payment), transactionReference: 'someone-else' })),
    );
    expect(wrong.ServiceResponse.Response.ResponseReason).toBe('NotFound');
    const right = resultOf(
      await client.sync(
        statusRequest({
          about: exchangeIdOf(payment),
          transactionReference: identificationOf(payment).TransactionReference,
        }),
      ),
    );
    expect(right.ServiceResponse.Response.Result).toBe('Success');
  });

  it('about a reversal finds it by its ExchangeIdentification, whatever TransactionReference it names', async () => {
    const { client } = await startTestWorldlineSimulator();
    const payment = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(payment));
    const reversal = reversalRequest({ original: identificationOf(payment) });
    resultOf(await client.sync(reversal));
    const status = resultOf(
      await client.sync(statusRequest({ about: exchangeIdOf(reversal), transactionReference: exchangeIdOf(reversal) })),
    ).ServiceResponse;
    expect(status.Response).toEqual({ Result: 'Success' });
    expect(status.TransactionStatusResponse?.RepeatedResponse?.ServiceContent).toBe('ReversalResponse');
    expect(status.TransactionStatusResponse?.MessageReference).toEqual({
      ExchangeIdentification: exchangeIdOf(reversal),
      TransactionReference: exchangeIdOf(reversal),
    });
  });

  it('about another terminal’s request answers NotFound', async () => {
    const { client } = await startTestWorldlineSimulator();
    const payment = paymentRequest({ amount: 10 });
    paymentOf(await client.sync(payment));
    const status = resultOf(
      await client.sync(statusRequest({ about: exchangeIdOf(payment), utid: WORLDLINE_OTHER_UTID })),
    ).ServiceResponse;
    expect(status.Response.ResponseReason).toBe('NotFound');
  });
});
