import { describe, expect, it } from 'vitest';
import {
  defined,
  eventOf,
  formFields,
  paymentOf,
  receiptLines,
  startTestSimulator,
  statusOf,
} from './testing/harness.ts';
import { headerOf, paymentRequest, referenceTo, statusRequest } from './testing/requests.ts';

/** Simulated milliseconds of Adyen's rules, and a little slack for timers firing on the millisecond. */
const CARD_WAIT_MS = 120_000;
const ISSUER_TIMEOUT_MS = 150_000;
const TIMER_SLACK_MS = 2;

describe('declines chosen by the last three digits of the amount in minor units', () => {
  it.each([
    [101.23, 'Refusal', 'Refused'],
    [1.34, 'WrongPIN', 'Invalid Pin'],
    [1.26, 'InvalidCard', 'Expired Card'],
    [21.24, 'Refusal', 'Not enough balance'],
  ])('%d is declined with %s, refusalReason %j', async (amount, errorCondition, refusalReason) => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount })));
    expect(payment.Response.Result).toBe('Failure');
    expect(payment.Response.ErrorCondition).toBe(errorCondition);
    const additional = formFields(payment.Response.AdditionalResponse);
    expect(additional.get('refusalReason')).toBe(refusalReason);
    const pspReference = additional.get('pspReference') ?? '';
    expect(pspReference).toMatch(/^\d{16}$/);
    // The acquirer saw it, so the terminal's reference carries the PSP reference.
    expect(payment.POIData?.POITransactionID.TransactionID).toMatch(
      new RegExp(`^[A-Za-z0-9]{4}00\\d{13}\\.${pspReference}$`),
    );
    expect(payment.PaymentResult).toBeUndefined();
    const receipt = defined(payment.PaymentReceipt?.[0], 'a receipt');
    expect(
      receiptLines(receipt)
        .find((line) => line.get('key') === 'declined')
        ?.get('name'),
    ).toBe('DECLINED');
  });

  it('approves any other amount', async () => {
    const { client } = await startTestSimulator();
    for (const amount of [1, 2.12, 9.08, 123, 1.2]) {
      const { payment } = paymentOf(await client.sync(paymentRequest({ amount })));
      expect(payment.Response.Result).toBe('Success');
    }
  });

  it('approves only half of an amount ending in 906, as a partial approval', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 19.06 })));
    expect(payment.Response.Result).toBe('Partial');
    expect(payment.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(9.53);
    expect(formFields(payment.Response.AdditionalResponse).get('posAuthAmountValue')).toBe('953');
  });

  it('approves an amount ending in 907 with a merchant receipt the cardholder must sign', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 19.07 })));
    expect(payment.Response.Result).toBe('Success');
    const flags = Object.fromEntries(
      (payment.PaymentReceipt ?? []).map((receipt) => [receipt.DocumentQualifier, receipt.RequiredSignatureFlag]),
    );
    expect(flags).toEqual({ CashierReceipt: true, CustomerReceipt: false });
  });

  it('approves an unreferenced refund whatever the amount ends in', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 101.23, paymentType: 'Refund' })));
    expect(payment.Response.Result).toBe('Success');
    expect(payment.PaymentResult?.PaymentType).toBe('Refund');
    expect(payment.PaymentResult?.AmountsResp?.AuthorizedAmount).toBe(101.23);
    expect(formFields(payment.Response.AdditionalResponse).get('transactionType')).toBe('REFUND');
  });
});

describe('the terminal and shopper scenarios (901–905)', () => {
  it('901: the shopper cancels on the terminal', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 9.01 })));
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Cancel' });
    const additional = formFields(payment.Response.AdditionalResponse);
    expect(additional.get('refusalReason')).toBe('108 Shopper cancelled tx');
    expect(additional.get('message')).toBe('108 Shopper cancelled tx');
    expect(additional.has('pspReference')).toBe(false);
    expect(payment.POIData?.POITransactionID.TransactionID).toMatch(/^[A-Za-z0-9]{4}00\d{13}$/);
  });

  it('902: nobody presents a card, so the terminal cancels after its 120-second card wait', async () => {
    const timeScale = 0.002;
    const { client } = await startTestSimulator({ timeScale });
    const reply = await client.sync(paymentRequest({ amount: 9.02 }));
    const { payment } = paymentOf(reply);
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Cancel' });
    expect(formFields(payment.Response.AdditionalResponse).get('refusalReason')).toMatch(/card/i);
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(CARD_WAIT_MS * timeScale - TIMER_SLACK_MS);
  });

  it('903: the terminal does not answer, so the cloud rejects the request and never heard of it', async () => {
    const { client } = await startTestSimulator();
    const request = paymentRequest({ amount: 9.03 });
    const reject = eventOf(await client.sync(request));
    expect(reject.EventNotification.EventToNotify).toBe('Reject');
    expect(reject.EventNotification.EventDetails).toBe('message=Did+not+receive+a+response+from+the+POI.');
    expect(Buffer.from(reject.EventNotification.RejectedMessage ?? '', 'base64').toString()).toBe(
      JSON.stringify(request),
    );
    expect(reject.MessageHeader).toMatchObject({
      MessageCategory: 'Event',
      MessageClass: 'Event',
      MessageType: 'Notification',
      POIID: headerOf(request).POIID,
      SaleID: headerOf(request).SaleID,
      ServiceID: headerOf(request).ServiceID,
    });

    const { status } = statusOf(await client.sync(statusRequest({ reference: referenceTo(request) })));
    expect(status.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'NotFound' });
    expect(formFields(status.Response.AdditionalResponse).get('message')).toMatch(/^Message not found\./);
  });

  it('903 on /async: the Reject is the HTTP reply', async () => {
    const { client } = await startTestSimulator();
    const reply = await client.async(paymentRequest({ amount: 9.03 }));
    expect(reply.status).toBe(200);
    expect(eventOf(reply).EventNotification.EventToNotify).toBe('Reject');
  });

  it('904: the terminal is busy with another sale', async () => {
    const { client } = await startTestSimulator();
    const { payment } = paymentOf(await client.sync(paymentRequest({ amount: 9.04 })));
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Busy' });
    expect(formFields(payment.Response.AdditionalResponse).get('message')).toBe(
      'Forbidden Request, Service Dialogue PaymentRequest is in Progress',
    );
    expect(payment.PaymentResult).toBeUndefined();
  });

  it('905: the issuer never answers, so the platform gives up after 150 seconds', async () => {
    const timeScale = 0.002;
    const { client } = await startTestSimulator({ timeScale });
    const reply = await client.sync(paymentRequest({ amount: 9.05 }));
    const { payment } = paymentOf(reply);
    expect(payment.Response).toMatchObject({ Result: 'Failure', ErrorCondition: 'Communication timeout' });
    expect(formFields(payment.Response.AdditionalResponse).get('pspReference')).toMatch(/^\d{16}$/);
    expect(reply.elapsedMs).toBeGreaterThanOrEqual(ISSUER_TIMEOUT_MS * timeScale - TIMER_SLACK_MS);
  });
});
