import { assertSuccess, init, SdkApiError, webhooks, type Client } from 'onlinepayments-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import {
  cardPaymentBody,
  field,
  linkBody,
  minutesAhead,
  startTestDirectSimulator,
  startWebhookReceiver,
  TEST_API_KEY_ID,
  TEST_MERCHANT_ID,
  TEST_SECRET_API_KEY,
  TEST_WEBHOOK_KEY_ID,
  TEST_WEBHOOK_SECRET,
} from './testing/harness.ts';

/**
 * Worldline's OFFICIAL Node SDK (onlinepayments-sdk-nodejs 6.2.0) against the
 * simulator: its signer, its chunked bodies, its error types and its webhook
 * helper are the independent check that the simulator speaks Worldline
 * Direct, not Kassa's idea of it.
 */

function sdkClient(port: number): Client {
  return init({
    host: '127.0.0.1',
    scheme: 'http',
    port,
    integrator: 'Kassa',
    apiKeyId: TEST_API_KEY_ID,
    secretApiKey: TEST_SECRET_API_KEY,
  });
}

describe('the official Node SDK', () => {
  it('passes testconnection (a signed GET with Content-Type but an empty signed content-type line)', async () => {
    const { simulator } = await startTestDirectSimulator();
    const client = sdkClient(simulator.port);
    const reply = assertSuccess(await client.services.testConnection(TEST_MERCHANT_ID));
    expect(reply.body).toEqual({ result: 'OK' });
  });

  it('creates, reads and cancels a payment link; a second cancel is the SDK error with 409', async () => {
    const { simulator } = await startTestDirectSimulator();
    const client = sdkClient(simulator.port);
    // displayQRCode is left out: the SDK 6.2.0's request schema lags the API and refuses it.
    const created = assertSuccess(
      await client.paymentLinks.createPaymentLink(TEST_MERCHANT_ID, {
        order: {
          amountOfMoney: { amount: 2500, currencyCode: 'EUR' },
          references: { merchantReference: 'till-7-sale-12' },
        },
        paymentLinkSpecificInput: { expirationDate: minutesAhead(10), description: 'Sale 12' },
      }),
    );
    expect(created.status).toBe(201);
    const id = created.body.paymentLinkId ?? '';
    expect(created.body).toMatchObject({
      status: 'ACTIVE',
      redirectionUrl: `${simulator.url}/pay/${id}`,
      isReusableLink: false,
      paymentLinkEvents: [{ type: 'CREATED' }],
      paymentLinkOrder: { amount: { amount: 2500, currencyCode: 'EUR' }, merchantReference: 'till-7-sale-12' },
    });

    const read = assertSuccess(await client.paymentLinks.getPaymentLinkById(TEST_MERCHANT_ID, id));
    expect(read.body.status).toBe('ACTIVE');

    const cancelled = await client.paymentLinks.cancelPaymentLinkById(TEST_MERCHANT_ID, id);
    expect(cancelled.status).toBe(204);
    const again = await client.paymentLinks.cancelPaymentLinkById(TEST_MERCHANT_ID, id);
    let caught: unknown;
    try {
      assertSuccess(again);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SdkApiError);
    expect((caught as SdkApiError<unknown>).status).toBe(409);
    expect(field((caught as SdkApiError<unknown>).body, 'errors', 0, 'message')).toBe(
      'Only links with status active can be cancelled',
    );
    const after = assertSuccess(await client.paymentLinks.getPaymentLinkById(TEST_MERCHANT_ID, id));
    expect(after.body.status).toBe('CANCELLED');
    expect(after.body.paymentLinkEvents?.map((event) => event.type)).toEqual(['CREATED', 'CANCELLED']);
  });

  it('repeats an idempotent create: the same link, and the SDK reads the first request’s timestamp', async () => {
    const { simulator } = await startTestDirectSimulator();
    const client = sdkClient(simulator.port);
    const body = linkBody(4200);
    const first = { idempotence: { key: 'till-7-sale-13-attempt-1' } };
    const again: { idempotence: { key: string; requestTimestamp?: string | number } } = {
      idempotence: { key: 'till-7-sale-13-attempt-1' },
    };
    const one = assertSuccess(await client.paymentLinks.createPaymentLink(TEST_MERCHANT_ID, body, first));
    const two = assertSuccess(await client.paymentLinks.createPaymentLink(TEST_MERCHANT_ID, body, again));
    expect(two.body.paymentLinkId).toBe(one.body.paymentLinkId);
    expect(Number(again.idempotence.requestTimestamp)).toBeGreaterThan(0);
    expect(simulator.control.links()).toHaveLength(1);
  });

  it('refuses displayQRCode on its own side: the SDK 6.2.0 schema lags the API (the simulator accepts it)', async () => {
    const { simulator, client: raw } = await startTestDirectSimulator();
    const client = sdkClient(simulator.port);
    const body = { ...linkBody(1000), displayQRCode: true };
    expect(() => client.paymentLinks.createPaymentLink(TEST_MERCHANT_ID, body)).toThrow();
    expect((await raw.call('POST', 'paymentlinks', { body })).status).toBe(201);
  });

  it('creates a card payment, refunds part of it, reads the refunds; a decline is 402', async () => {
    const { simulator } = await startTestDirectSimulator();
    const client = sdkClient(simulator.port);
    const created = assertSuccess(await client.payments.createPayment(TEST_MERCHANT_ID, cardPaymentBody(5000)));
    expect(created.status).toBe(201);
    const payment = created.body.payment;
    expect(payment).toMatchObject({
      status: 'CAPTURED',
      statusOutput: { statusCategory: 'COMPLETED', statusCode: 9, isRefundable: true, isCancellable: false },
      paymentOutput: {
        amountOfMoney: { amount: 5000, currencyCode: 'EUR' },
        references: { merchantReference: 'webshop-1001' },
        cardPaymentMethodSpecificOutput: { card: { cardNumber: '411111******1111' } },
      },
    });
    const id = payment?.id ?? '';
    expect(id).toMatch(/^\d{10}_0$/);
    const base = id.replace(/_0$/, '');
    expect(assertSuccess(await client.payments.getPayment(TEST_MERCHANT_ID, base)).body.id).toBe(id);

    const refund = assertSuccess(
      await client.payments.refundPayment(TEST_MERCHANT_ID, id, {
        amountOfMoney: { amount: 1500, currencyCode: 'EUR' },
        reason: 'Returned one item',
        omnichannelRefundSpecificInput: { operatorId: 'cashier-3' },
      }),
    );
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      id: `${base}_1`,
      status: 'REFUND_REQUESTED',
      refundOutput: { amountOfMoney: { amount: 1500, currencyCode: 'EUR' } },
    });
    const tooMuch = await client.payments.refundPayment(TEST_MERCHANT_ID, id, {
      amountOfMoney: { amount: 3501, currencyCode: 'EUR' },
    });
    expect(tooMuch.status).toBe(400);
    expect(field(tooMuch.body, 'errors', 0, 'propertyName')).toBe('amountOfMoney.amount');

    const declined = await client.payments.createPayment(TEST_MERCHANT_ID, cardPaymentBody(10123));
    expect(declined.isSuccess).toBe(false);
    expect(declined.status).toBe(402);
    expect(field(declined.body, 'paymentResult', 'payment', 'status')).toBe('REJECTED');

    const refunds = assertSuccess(await client.refunds.getRefunds(TEST_MERCHANT_ID, id));
    expect(refunds.body.refunds?.map((each) => each.id)).toEqual([`${base}_1`]);
  });

  it('validates the simulator’s webhook signatures with its webhooks helper', async () => {
    const receiver = await startWebhookReceiver();
    const { simulator, client } = await startTestDirectSimulator({ webhookUrl: receiver.url });
    const created = await client.call('POST', 'paymentlinks', { body: linkBody(1000) });
    const id = String(field(created.json, 'paymentLinkId'));
    simulator.control.pay(id, { outcome: 'approved' });
    await client.call('POST', 'payments', { body: cardPaymentBody(10123) });
    await receiver.waitFor('two webhooks', (deliveries) => deliveries.length === 2);

    webhooks.inMemorySecretKeyStore.storeSecretKey(TEST_WEBHOOK_KEY_ID, TEST_WEBHOOK_SECRET);
    const helper = webhooks.init(webhooks.inMemorySecretKeyStore);
    const events = [];
    for (const delivery of receiver.deliveries) events.push(await helper.unmarshal(delivery.raw, delivery.headers));
    expect(events.map((event) => event.type)).toEqual(['payment.captured', 'payment.rejected']);
    expect(events[0]).toMatchObject({
      apiVersion: 'v1',
      merchantId: TEST_MERCHANT_ID,
      payment: { status: 'CAPTURED' },
    });

    // One changed byte, or another key, and the SDK refuses it.
    const first = receiver.deliveries[0];
    if (first === undefined) throw new Error('no delivery');
    await expect(helper.unmarshal(first.raw.replace('CAPTURED', 'CAPTUREX'), first.headers)).rejects.toThrow();
    webhooks.inMemorySecretKeyStore.storeSecretKey(TEST_WEBHOOK_KEY_ID, 'another secret');
    await expect(helper.validate(first.raw, first.headers)).rejects.toThrow();
    webhooks.inMemorySecretKeyStore.clear();
  });
});
