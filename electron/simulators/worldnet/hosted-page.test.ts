import { describe, expect, it } from 'vitest';
import {
  field,
  newOrderId,
  signedRequest,
  startTestWorldnet,
  startValidationReceiver,
  type Reply,
} from './testing/harness.ts';

/**
 * The hosted payment page: a correctly signed request shows the amount with
 * Pay and Cancel; anything else is a 400 page naming the check that failed,
 * in single and multi-currency mode alike.
 */

const problemsOf = (reply: Reply) => /<ul id="problems">([\s\S]*?)<\/ul>/.exec(reply.text)?.[1] ?? '';

describe.each(['single', 'multi'] as const)('the hosted page (%s currency)', (mode) => {
  it('shows a correctly signed request (POST form and GET query) with its amount, Pay and Cancel', async () => {
    const { client, simulator } = await startTestWorldnet({ currencyMode: mode });
    const posted = await client.openPage(signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode }));
    expect(posted.status).toBe(200);
    expect(posted.headers.get('content-type')).toMatch(/^text\/html/);
    expect(posted.text).toContain('Pay 12.50 EUR');
    expect(posted.text).toMatch(/<button[^>]*value="pay"[^>]*>Pay<\/button>/);
    expect(posted.text).toMatch(/<button[^>]*value="cancel"[^>]*>Cancel<\/button>/);

    const orderId = newOrderId();
    const got = await client.openPage(
      signedRequest(
        {
          orderId,
          amount: '1200',
          currency: 'JPY',
          // Zero-padded as Kassa writes it; URLs with characters that need encoding in a query.
          dateTime: '05-03-2026:09:04:07:012',
          validationUrl: 'http://127.0.0.1:9/worldnet/validation?till=1&x=a:b',
          receiptPageUrl: 'https://shop.example/receipt',
        },
        { mode },
      ),
      'GET',
    );
    expect(got.status).toBe(200);
    expect(got.text).toContain('Pay 1200 JPY');
    expect(simulator.control.orders().map((order) => [order.amount, order.method, order.status])).toEqual([
      ['12.50', 'POST', 'OPEN'],
      ['1200', 'GET', 'OPEN'],
    ]);
    expect(simulator.control.orders()[1]?.validationUrl).toBe('http://127.0.0.1:9/worldnet/validation?till=1&x=a:b');
  });

  it('refuses a wrong hash: another secret, the other currency mode, a changed field', async () => {
    const { client, simulator } = await startTestWorldnet({ currencyMode: mode });
    const other = mode === 'multi' ? 'single' : 'multi';
    const wrongSecret = await client.openPage(
      signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode, secret: 'not-it' }),
    );
    const wrongMode = await client.openPage(signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode: other }));
    const tampered = { ...signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode }), AMOUNT: '1.50' };
    const uppercase = signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode });
    for (const reply of [wrongSecret, wrongMode, await client.openPage(tampered)]) {
      expect(reply.status).toBe(400);
      expect(problemsOf(reply)).toContain('HASH does not match');
      expect(problemsOf(reply)).toContain(mode === 'multi' ? 'multi-currency' : 'single-currency');
    }
    const upper = await client.openPage({ ...uppercase, HASH: (uppercase.HASH ?? '').toUpperCase() });
    expect(problemsOf(upper)).toContain('HASH must be 128 lowercase hexadecimal');
    expect(simulator.control.orders()).toEqual([]);
  });

  it('refuses an ORDERID used before, even by the identical request, and keeps the first order as it was', async () => {
    const { client, simulator } = await startTestWorldnet({ currencyMode: mode });
    const orderId = newOrderId();
    const request = signedRequest({ orderId, amount: '12.50' }, { mode });
    expect((await client.openPage(request)).status).toBe(200);
    const again = await client.openPage(request);
    expect(again.status).toBe(400);
    expect(problemsOf(again)).toContain(`ORDERID ${orderId} has been used before`);
    const changed = await client.openPage(signedRequest({ orderId, amount: '20.00' }, { mode }));
    expect(problemsOf(changed)).toContain('has been used before');
    expect(simulator.control.orders().map((order) => order.amount)).toEqual(['12.50']);
  });

  it('refuses an AMOUNT not in Worldnet form for its currency', async () => {
    const { client } = await startTestWorldnet({ currencyMode: mode });
    const cases: [string, string][] = [
      ['12.5', 'EUR'],
      ['12', 'EUR'],
      ['12,50', 'EUR'],
      ['0.00', 'EUR'],
      ['-1.00', 'EUR'],
      ['12.00', 'JPY'],
    ];
    for (const [amount, currency] of cases) {
      const reply = await client.openPage(signedRequest({ orderId: newOrderId(), amount, currency }, { mode }));
      expect(reply.status, `${amount} ${currency}`).toBe(400);
      expect(problemsOf(reply)).toContain('AMOUNT must be above zero');
    }
    const kwd = await client.openPage(signedRequest({ orderId: newOrderId(), amount: '1.500', currency: 'KWD' }));
    expect(problemsOf(kwd)).toContain('CURRENCY must be an ISO 4217 code');
  });

  it('names every missing or malformed field, and the wrong terminal', async () => {
    const { client } = await startTestWorldnet({ currencyMode: mode });
    const good = signedRequest({ orderId: newOrderId(), amount: '12.50' }, { mode });
    for (const name of ['TERMINALID', 'ORDERID', 'CURRENCY', 'AMOUNT', 'DATETIME', 'HASH']) {
      const without = Object.fromEntries(Object.entries(good).filter(([key]) => key !== name));
      const reply = await client.openPage(without);
      expect(reply.status, name).toBe(400);
      expect(problemsOf(reply)).toContain(`${name} is missing`);
    }
    const nothing = await client.openPage({}, 'GET');
    expect(problemsOf(nothing).match(/is missing/g)).toHaveLength(6);
    for (const dateTime of ['32-1-2026:10:00:00:000', '1-13-2026:10:00:00:000', '1-1-2026:10:00:00', '2026-01-01']) {
      const reply = await client.openPage(signedRequest({ orderId: newOrderId(), amount: '1.00', dateTime }, { mode }));
      expect(problemsOf(reply), dateTime).toContain('DATETIME must be');
    }
    const tooLong = await client.openPage(signedRequest({ orderId: 'X'.repeat(25), amount: '1.00' }, { mode }));
    expect(problemsOf(tooLong)).toContain('ORDERID must be at most 24 characters');
    const otherTerminal = await client.openPage(
      signedRequest({ orderId: newOrderId(), amount: '1.00' }, { mode, terminalId: '999999' }),
    );
    expect(problemsOf(otherTerminal)).toContain('TERMINALID 999999 is not this terminal');
    const badUrl = await client.openPage(
      signedRequest({ orderId: newOrderId(), amount: '1.00', validationUrl: 'ftp://till.example/v' }, { mode }),
    );
    expect(problemsOf(badUrl)).toContain('VALIDATIONURL must be an http or https URL');
    const notAForm = await client.raw('POST', '/merchant/paymentpage', {
      body: JSON.stringify(good),
      headers: { 'content-type': 'application/json' },
    });
    expect(notAForm.status).toBe(400);
    expect(problemsOf(notAForm)).toContain('form post');
  });
});

describe('the page buttons', () => {
  it('Pay pays the order (and sends the validation), Cancel cancels it; a closed or unknown order is refused', async () => {
    const receiver = await startValidationReceiver();
    const { client, simulator } = await startTestWorldnet({ validationUrl: receiver.url });
    const paid = newOrderId();
    const cancelled = newOrderId();
    await client.openPage(signedRequest({ orderId: paid, amount: '10.00' }));
    await client.openPage(signedRequest({ orderId: cancelled, amount: '10.00' }));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const pay = await client.raw('POST', `/merchant/paymentpage/orders/${paid}`, { body: 'action=pay', headers: form });
    expect(pay.status).toBe(200);
    expect(pay.text).toContain('Payment approved');
    const cancel = await client.raw('POST', `/merchant/paymentpage/orders/${cancelled}`, {
      body: 'action=cancel',
      headers: form,
    });
    expect(cancel.text).toContain('Payment cancelled');
    await receiver.waitFor('the validation', (received) => received.length === 1);
    expect(receiver.received[0]?.form.ORDERID).toBe(paid);
    expect(simulator.control.orders().map((order) => order.status)).toEqual(['PAID', 'CANCELLED']);

    const again = await client.raw('POST', `/merchant/paymentpage/orders/${paid}`, {
      body: 'action=pay',
      headers: form,
    });
    expect(again.status).toBe(410);
    const unknown = await client.raw('POST', '/merchant/paymentpage/orders/KNNOPE', {
      body: 'action=pay',
      headers: form,
    });
    expect(unknown.status).toBe(404);
    expect(simulator.control.transactions()).toHaveLength(1);
    expect(field(simulator.control.transactions()[0], 'status')).toBe('READY');
  });

  it('show the decline, and the customer cancelling on the page (…121) makes no transaction', async () => {
    const { client, simulator } = await startTestWorldnet();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const declined = newOrderId();
    const cancels = newOrderId();
    await client.openPage(signedRequest({ orderId: declined, amount: '1.24' }));
    await client.openPage(signedRequest({ orderId: cancels, amount: '1.21' }));
    const one = await client.raw('POST', `/merchant/paymentpage/orders/${declined}`, {
      body: 'action=pay',
      headers: form,
    });
    expect(one.text).toContain('INSUFFICIENT FUNDS');
    const two = await client.raw('POST', `/merchant/paymentpage/orders/${cancels}`, {
      body: 'action=pay',
      headers: form,
    });
    expect(two.text).toContain('Payment cancelled');
    expect(simulator.control.orders().map((order) => order.status)).toEqual(['DECLINED', 'CANCELLED']);
    expect(simulator.control.transactions().map((one) => one.status)).toEqual(['DECLINED']);
  });
});
