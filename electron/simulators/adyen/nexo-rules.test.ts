import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SaleToPOIRequest } from '../../../shared/payments/adyen/nexo.ts';
import {
  defined,
  eventOf,
  formFields,
  jsonOf,
  paymentOf,
  startTestSimulator,
  statusOf,
  type SimulatorClient,
} from './testing/harness.ts';
import {
  headerOf,
  newServiceId,
  OTHER_POIID,
  paymentRequest,
  POIID,
  referenceTo,
  requestHeader,
  statusRequest,
} from './testing/requests.ts';
import { PaymentResponseSchema } from './testing/schemas.ts';

async function expectMessageFormat(client: SimulatorClient, request: SaleToPOIRequest | string) {
  const { header, payment } = paymentOf(await client.sync(request));
  expect(payment.Response.Result).toBe('Failure');
  expect(payment.Response.ErrorCondition).toBe('MessageFormat');
  return { header, errors: formFields(payment.Response.AdditionalResponse).get('errors') ?? '' };
}

describe('the MessageHeader', () => {
  it('comes back as the request sent it, with MessageType Response', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 5, saleId: 'Till 7 (ID: 3)' });
    const { header } = paymentOf(await client.sync(request));
    expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
  });

  it.each(['1234..56', '12345678901', 'abc-def'])(
    'refuses the ServiceID %j (1–10 alphanumerics)',
    async (serviceId) => {
      const { client } = await startTestSimulator();
      const request = paymentRequest({ amount: 5, serviceId });
      const { header, errors } = await expectMessageFormat(client, request);
      expect(header.ServiceID).toBe(serviceId);
      expect(header.MessageType).toBe('Response');
      expect(errors).toMatch(/^At SaleToPOIRequest\.MessageHeader, field ServiceID: /);
      expect(await client.transactions(POIID)).toEqual([]);
    },
  );

  it('refuses a ServiceID used before on the same terminal, leaving the first transaction alone', async () => {
    const { client } = await startTestSimulator();
    const serviceId = newServiceId();
    const first = paymentRequest({ amount: 12.34, serviceId });
    const original = paymentOf(await client.sync(first)).payment;
    expect(original.Response.Result).toBe('Success');

    const { errors } = await expectMessageFormat(client, paymentRequest({ amount: 99.99, serviceId }));
    expect(errors).toContain('field ServiceID');
    expect(errors).toContain(serviceId);

    // Status requests reuse nothing and still find the first payment, unchanged.
    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(first) })));
    expect(status.Response.Result).toBe('Success');
    const repeated = defined(status.RepeatedMessageResponse, 'RepeatedMessageResponse');
    expect(repeated.RepeatedResponseMessageBody.PaymentResponse?.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(
      12.34,
    );
    expect(repeated.RepeatedResponseMessageBody.PaymentResponse?.POIData).toEqual(original.POIData);
    expect((await client.transactions(POIID)).map((transaction) => transaction.amountMinor)).toEqual([1234]);

    // A status request may not reuse it either.
    const reused = statusOf(await client.sync(statusRequest({ serviceId, reference: referenceTo(first) })));
    expect(reused.status.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'MessageFormat' });
  });

  it('accepts the same ServiceID on a different terminal', async () => {
    const { client } = await startTestSimulator();
    const serviceId = newServiceId();
    const first = paymentOf(await client.sync(paymentRequest({ amount: 5, serviceId, poiid: POIID })));
    const second = paymentOf(await client.sync(paymentRequest({ amount: 6, serviceId, poiid: OTHER_POIID })));
    expect(first.payment.Response.Result).toBe('Success');
    expect(second.payment.Response.Result).toBe('Success');
    expect(second.header).toMatchObject({ POIID: OTHER_POIID, ServiceID: serviceId });
  });

  it('answers a header missing a field with MessageFormat naming it', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 5 });
    const header: Record<string, unknown> = { ...request.SaleToPOIRequest.MessageHeader };
    delete header.SaleID;
    const reply = await client.sync(
      JSON.stringify({ SaleToPOIRequest: { ...request.SaleToPOIRequest, MessageHeader: header } }),
    );
    // The echoed header lacks SaleID too, so read it with the header left open.
    const body = z
      .looseObject({
        SaleToPOIResponse: z.looseObject({
          MessageHeader: z.record(z.string(), z.string()),
          PaymentResponse: PaymentResponseSchema,
        }),
      })
      .parse(jsonOf(reply)).SaleToPOIResponse;
    expect(body.MessageHeader).toEqual({ ...header, MessageType: 'Response' });
    expect(body.PaymentResponse.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'MessageFormat' });
    expect(formFields(body.PaymentResponse.Response.AdditionalResponse).get('errors')).toBe(
      'At SaleToPOIRequest.MessageHeader, field SaleID: Missing',
    );
  });

  it('answers a request without its body (PaymentRequest) with MessageFormat naming it', async () => {
    const { client } = await startTestSimulator();
    const { errors } = await expectMessageFormat(client, {
      SaleToPOIRequest: { MessageHeader: requestHeader('Payment') },
    });
    expect(errors).toBe('At SaleToPOIRequest, field PaymentRequest: Missing');
  });
});

describe('request bodies the cloud cannot read', () => {
  it('answers malformed JSON with HTTP 400 "Bad JSON" naming the line', async () => {
    const { client } = await startTestSimulator();
    const reply = await client.sync('{\n  "SaleToPOIRequest": {\n    "MessageHeader": {}\n  \n');
    expect(reply.status).toBe(400);
    expect(reply.contentType).toMatch(/^text\/plain/);
    expect(reply.text).toMatch(/^Bad JSON: line 5: /);
  });

  it('names the last line when the body stops short', async () => {
    const { client } = await startTestSimulator();
    const pretty = JSON.stringify(paymentRequest({ amount: 5 }), null, 2);
    const cut = pretty.slice(0, pretty.indexOf('"ServiceID": ') + '"ServiceID": '.length);
    const lastLine = cut.split('\n').length;
    expect(lastLine).toBeGreaterThan(1);
    const reply = await client.async(cut);
    expect(reply.status).toBe(400);
    expect(reply.text).toMatch(new RegExp(`^Bad JSON: line ${String(lastLine)}: `));
  });

  it('answers an empty body with a Reject: "Empty input which would have resulted in a null result."', async () => {
    const { client } = await startTestSimulator();
    for (const reply of [await client.sync(''), await client.async('')]) {
      const reject = eventOf(reply);
      expect(reject.EventNotification.EventToNotify).toBe('Reject');
      expect(reject.EventNotification.EventDetails).toBe(
        'message=Empty+input+which+would+have+resulted+in+a+null+result.',
      );
      expect(reject.EventNotification.RejectedMessage).toBe('');
      expect(reject.MessageHeader).toMatchObject({ POIID: 'N/A', SaleID: 'N/A', MessageType: 'Notification' });
    }
  });

  it('answers a body without SaleToPOIRequest with a Reject', async () => {
    const { client } = await startTestSimulator();
    const raw = JSON.stringify({ SaleToPOIResponse: {} });
    const reject = eventOf(await client.sync(raw));
    expect(reject.EventNotification.EventToNotify).toBe('Reject');
    expect(formFields(reject.EventNotification.EventDetails).get('message')).toContain('SaleToPOIRequest');
    expect(Buffer.from(defined(reject.EventNotification.RejectedMessage, 'RejectedMessage'), 'base64').toString()).toBe(
      raw,
    );
  });

  it('answers a missing AmountsReq.Currency with MessageFormat in Adyen’s wording', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 5 });
    const raw = JSON.stringify(request).replace('"Currency":"EUR",', '');
    expect(raw).not.toContain('Currency');
    const { header, payment } = paymentOf(await client.sync(raw));
    expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
    expect(payment.Response).toEqual({
      Result: 'Failure',
      ErrorCondition: 'MessageFormat',
      AdditionalResponse:
        'errors=At%20SaleToPOIRequest.PaymentRequest.PaymentTransaction.AmountsReq%2C%20field%20Currency%3A%20Missing',
    });
    expect(formFields(payment.Response.AdditionalResponse).get('errors')).toBe(
      'At SaleToPOIRequest.PaymentRequest.PaymentTransaction.AmountsReq, field Currency: Missing',
    );
    expect(await client.transactions(POIID)).toEqual([]);
  });

  it('answers a field of the wrong type with MessageFormat that does not call it missing', async () => {
    const { client } = await startTestSimulator();
    const raw = JSON.stringify(paymentRequest({ amount: 5 })).replace('"Currency":"EUR"', '"Currency":978');
    const { errors } = await expectMessageFormat(client, raw);
    expect(errors).toMatch(/^At SaleToPOIRequest\.PaymentRequest\.PaymentTransaction\.AmountsReq, field Currency: /);
    expect(errors).not.toContain('Missing');
  });

  it.each([
    [10.999, 'EUR'],
    [100.5, 'JPY'],
    [1.2345, 'KWD'],
    // Large amounts too: a tolerance that grows with the amount would let this through as 12345.68.
    [12345.675, 'EUR'],
    [99999.991, 'EUR'],
  ])('answers %d %s (more decimals than the currency has) with MessageFormat', async (amount, currency) => {
    const { client } = await startTestSimulator();
    const { errors } = await expectMessageFormat(client, paymentRequest({ amount, currency }));
    expect(errors).toBe(
      `At SaleToPOIRequest.PaymentRequest.PaymentTransaction.AmountsReq, field RequestedAmount: Invalid value, more decimals than ${currency} has`,
    );
    expect(await client.transactions(POIID)).toEqual([]);
  });

  it('answers a request for a POIID it does not know with a Reject', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 5, poiid: 'P400Plus-424242' });
    const reject = eventOf(await client.sync(request));
    expect(reject.EventNotification.EventToNotify).toBe('Reject');
    expect(formFields(reject.EventNotification.EventDetails).get('message')).toBe(
      'Did not receive a response from the POI.',
    );
    expect(reject.MessageHeader).toMatchObject({ POIID: 'P400Plus-424242', ServiceID: headerOf(request).ServiceID });
  });

  it('keeps every request header field it was sent, whatever the category', async () => {
    const { client } = await startTestSimulator();
    const payment = paymentRequest({ amount: 5 });
    paymentOf(await client.sync(payment));
    const status = statusRequest({ reference: referenceTo(payment) });
    const { header } = statusOf(await client.sync(status));
    expect(header).toEqual({ ...status.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
    expect(header.MessageCategory).toBe('TransactionStatus');
  });
});
