import { describe, expect, it } from 'vitest';
import { STATUS_HOLD_MS } from './cloud.ts';
import {
  defined,
  eventOf,
  formFields,
  paymentOf,
  reversalOf,
  startTestSimulator,
  statusOf,
} from './testing/harness.ts';
import { accepted, startEventReceiver } from './testing/receiver.ts';
import {
  abortRequest,
  headerOf,
  newServiceId,
  paymentRequest,
  referenceTo,
  reversalRequest,
  statusRequest,
} from './testing/requests.ts';

describe('TransactionStatus on /sync', () => {
  it('repeats a finished payment: its header and PaymentResponse, no receipts unless asked', async () => {
    const { client } = await startTestSimulator();
    const payment = paymentRequest({ amount: 12.34 });
    const original = paymentOf(await client.sync(payment));

    const request = statusRequest({ reference: referenceTo(payment) });
    const { header, status } = statusOf(await client.sync(request));
    expect(header).toEqual({ ...request.SaleToPOIRequest.MessageHeader, MessageType: 'Response' });
    expect(status.Response).toEqual({ Result: 'Success' });
    expect(status.MessageReference).toEqual(referenceTo(payment));
    const repeated = defined(status.RepeatedMessageResponse, 'RepeatedMessageResponse');
    expect(repeated.MessageHeader).toEqual(original.header);
    expect(repeated.MessageHeader.ServiceID).toBe(headerOf(payment).ServiceID);
    const { PaymentReceipt: receipts, ...withoutReceipts } = original.payment;
    expect(receipts).toHaveLength(2);
    expect(repeated.RepeatedResponseMessageBody).toEqual({ PaymentResponse: withoutReceipts });
  });

  it('reprints receipts when ReceiptReprintFlag is true, only those DocumentQualifier names', async () => {
    const { client } = await startTestSimulator();
    const payment = paymentRequest({ amount: 12.34 });
    const original = paymentOf(await client.sync(payment)).payment;
    const reprint = async (options: Parameters<typeof statusRequest>[0]) => {
      const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(payment), ...options })));
      return status.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse?.PaymentReceipt;
    };

    expect(await reprint({ receiptReprint: true })).toEqual(original.PaymentReceipt);
    expect(
      await reprint({
        receiptReprint: true,
        documentQualifier: ['CashierReceipt', 'CustomerReceipt'],
      }),
    ).toEqual(original.PaymentReceipt);
    const customerOnly = await reprint({ receiptReprint: true, documentQualifier: ['CustomerReceipt'] });
    expect(customerOnly?.map((receipt) => receipt.DocumentQualifier)).toEqual(['CustomerReceipt']);
    expect(customerOnly?.[0]).toEqual(original.PaymentReceipt?.[1]);
    expect(await reprint({ receiptReprint: false, documentQualifier: ['CustomerReceipt'] })).toBeUndefined();
  });

  it('answers InProgress, "Uncompleted transaction", while the payment is still running', async () => {
    const timeScale = 0.01;
    const { client } = await startTestSimulator({ timeScale });
    // Nobody presents a card: the terminal waits 120 simulated seconds.
    const payment = paymentRequest({ amount: 9.02 });
    expect((await client.async(payment)).text).toBe('ok');

    const reply = await client.sync(statusRequest({ reference: referenceTo(payment) }));
    const { status } = statusOf(reply);
    expect(status.Response).toEqual({
      Result: 'Failure',
      ErrorCondition: 'InProgress',
      AdditionalResponse: 'message=Uncompleted%20transaction',
    });
    expect(status.MessageReference).toEqual(referenceTo(payment));
    expect(status.RepeatedMessageResponse).toBeUndefined();
    // The terminal held the status request a while first (no polling delay needed).
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(5_000 * timeScale - 2);

    await client.sync(abortRequest({ reference: referenceTo(payment) }));
    const final = statusOf(await client.finalStatus(payment)).status;
    expect(final.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse?.Response.ErrorCondition).toBe(
      'Aborted',
    );
  });

  it('holds a status request until a payment about to finish has finished', async () => {
    const { client } = await startTestSimulator({ timeScale: 0.03 });
    const payment = paymentRequest({ amount: 12.34 });
    expect((await client.async(payment)).text).toBe('ok');
    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(payment) })));
    expect(status.Response.Result).toBe('Success');
    expect(status.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse?.Response.Result).toBe(
      'Success',
    );
  });

  it('answers NotFound, "Message not found…", when the referenced request never arrived', async () => {
    const { client } = await startTestSimulator();
    const notFound = async (serviceId: string) => {
      const reference = { MessageCategory: 'Payment' as const, SaleID: 'KassaTill1', ServiceID: serviceId };
      const { status } = statusOf(await client.sync(statusRequest({ reference })));
      expect(status.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotFound' });
      expect(status.RepeatedMessageResponse).toBeUndefined();
      return formFields(status.Response.AdditionalResponse).get('message');
    };
    expect(await notFound(newServiceId())).toBe('Message not found. Category=Payment');

    const payment = paymentRequest({ amount: 5 });
    paymentOf(await client.sync(payment));
    expect(await notFound(newServiceId())).toBe(
      `Message not found. Category=Payment, last such Request has SaleID=KassaTill1 ServiceID=${headerOf(payment).ServiceID}`,
    );
  });

  it('reports the most recent transaction when the request has no MessageReference', async () => {
    const { client } = await startTestSimulator();
    paymentOf(await client.sync(paymentRequest({ amount: 5 })));
    const latest = paymentRequest({ amount: 7.77 });
    paymentOf(await client.sync(latest));
    const { status } = statusOf(await client.sync(statusRequest()));
    expect(status.Response.Result).toBe('Success');
    expect(status.MessageReference).toEqual(referenceTo(latest));
    expect(
      status.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse?.PaymentResult?.AmountsResp
        ?.AuthorizedAmount,
    ).toBe(7.77);
  });

  it('on /async is acknowledged with "ok" and never answered', async () => {
    const receiver = await startEventReceiver();
    const { client, simulator } = await startTestSimulator({ timeScale: 0.01, eventUrls: [{ url: receiver.url }] });
    const payment = paymentRequest({ amount: 5 });
    paymentOf(await client.sync(payment));
    const reply = await client.async(statusRequest({ reference: referenceTo(payment) }));
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('ok');
    // Past the longest the terminal would hold a status request, on the simulator's own clock.
    await new Promise((resolve) => setTimeout(resolve, STATUS_HOLD_MS * 0.01 * 2));
    await simulator.notificationsIdle();
    // The display notifications of the payment arrived; no status answer, and no /sync result either.
    expect(receiver.deliveries.length).toBeGreaterThan(0);
    expect(accepted(receiver.deliveries, 'result')).toEqual([]);
  });
});

describe('AbortRequest', () => {
  it('on /sync answers 200 with no body, and the payment’s own reply is Aborted, "104 Merchant cancelled tx"', async () => {
    const timeScale = 0.05;
    const { client } = await startTestSimulator({ timeScale });
    const payment = paymentRequest({ amount: 9.02 });
    const pending = client.sync(payment);
    await client.reachedTerminal();

    const abort = await client.sync(abortRequest({ reference: referenceTo(payment) }));
    expect(abort.status).toBe(200);
    expect(abort.text).toBe('');

    const reply = await pending;
    const { header, payment: result } = paymentOf(reply);
    expect(header.ServiceID).toBe(headerOf(payment).ServiceID);
    expect(result.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Aborted' });
    const additional = formFields(result.Response.AdditionalResponse);
    expect(additional.get('refusalReason')).toBe('104 Merchant cancelled tx');
    expect(additional.get('message')).toBe('104 Merchant cancelled tx');
    // Ended by the abort, long before the terminal's 120-second card wait.
    expect(reply.elapsedMs).toBeLessThan(120_000 * timeScale);
  });

  it('on /async answers "ok", and the payment ends Aborted', async () => {
    const { client } = await startTestSimulator({ timeScale: 0.05 });
    const payment = paymentRequest({ amount: 9.02 });
    expect((await client.async(payment)).text).toBe('ok');
    const abort = await client.async(abortRequest({ reference: referenceTo(payment) }));
    expect(abort.status).toBe(200);
    expect(abort.text).toBe('ok');

    const { status } = statusOf(await client.finalStatus(payment));
    const repeated = status.RepeatedMessageResponse?.RepeatedResponseMessageBody.PaymentResponse;
    expect(repeated?.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Aborted' });
  });

  it('leaves a payment alone when it names another ServiceID', async () => {
    const { client } = await startTestSimulator({ timeScale: 0.01 });
    // 9.02: the shopper never presents a card, so the payment is still waiting when the abort arrives.
    const payment = paymentRequest({ amount: 9.02 });
    const pending = client.sync(payment);
    await client.reachedTerminal();
    const abort = await client.sync(
      abortRequest({ reference: { MessageCategory: 'Payment', SaleID: 'KassaTill1', ServiceID: newServiceId() } }),
    );
    expect(abort.status).toBe(200);
    const still = statusOf(await client.sync(statusRequest({ reference: referenceTo(payment) }))).status;
    expect(still.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'InProgress' });
    // It ends the way it would have without the abort: the card wait runs out.
    const ended = paymentOf(await pending).payment.Response;
    expect(ended).toMatchObject({ Result: 'Failure', ErrorCondition: 'Cancel' });
    expect(formFields(ended.AdditionalResponse).get('message')).toBe('126 Shopper did not present card');
  });

  it('that the cloud cannot read is refused with a Reject carrying the request', async () => {
    const { client } = await startTestSimulator();
    const request = abortRequest({ reference: { MessageCategory: 'Payment', ServiceID: newServiceId() } });
    const raw = JSON.stringify(request).replace('"AbortReason":"MerchantAbort",', '');
    expect(raw).not.toContain('AbortReason');
    const reject = eventOf(await client.sync(raw));
    expect(reject.EventNotification.EventToNotify).toBe('Reject');
    expect(formFields(reject.EventNotification.EventDetails).get('message')).toBe(
      'At SaleToPOIRequest.AbortRequest, field AbortReason: Missing',
    );
    expect(Buffer.from(reject.EventNotification.RejectedMessage ?? '', 'base64').toString()).toBe(raw);
    expect(reject.MessageHeader).toMatchObject({
      POIID: headerOf(request).POIID,
      ServiceID: headerOf(request).ServiceID,
    });
  });
});

describe('a second payment while one is in progress', () => {
  it('is refused as Busy, and the first carries on to approval', async () => {
    const { client } = await startTestSimulator({ timeScale: 0.05 });
    // Chip and PIN: about 6 simulated seconds at the terminal.
    const first = paymentRequest({ amount: 75 });
    const pending = client.sync(first);
    await client.reachedTerminal();

    const second = paymentRequest({ amount: 5 });
    const busy = paymentOf(await client.sync(second));
    expect(busy.header.ServiceID).toBe(headerOf(second).ServiceID);
    expect(busy.payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Busy' });
    expect(formFields(busy.payment.Response.AdditionalResponse).get('message')).toBe(
      'Forbidden Request, Service Dialogue PaymentRequest is in Progress',
    );

    const approved = paymentOf(await pending);
    expect(approved.header.ServiceID).toBe(headerOf(first).ServiceID);
    expect(approved.payment.Response.Result).toBe('Success');
    expect(approved.payment.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(75);
  });

  it('refuses a refund as Busy too, naming the payment that is running', async () => {
    const { client } = await startTestSimulator({ timeScale: 0.05 });
    const earlier = paymentOf(await client.sync(paymentRequest({ amount: 5 })));
    const original = defined(earlier.payment.POIData, 'POIData').POITransactionID;
    const pending = client.sync(paymentRequest({ amount: 75 }));
    await client.reachedTerminal(undefined, 2);

    const busy = reversalOf(await client.sync(reversalRequest({ original })));
    expect(busy.reversal.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Busy' });
    expect(formFields(busy.reversal.Response.AdditionalResponse).get('message')).toBe(
      'Forbidden Request, Service Dialogue PaymentRequest is in Progress',
    );
    expect(paymentOf(await pending).payment.Response.Result).toBe('Success');
  });
});
