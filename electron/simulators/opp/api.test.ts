import { describe, expect, it, vi } from 'vitest';
import { cardForm, field, startTestOppSimulator, TEST_ENTITY_ID, text } from './testing/harness.ts';

/** The API over plain fetch: authentication, form rules, magic amounts, and the back-office rules. */

const idOf = (json: unknown) => text(field(json, 'id'));
const codeOf = (json: unknown) => field(json, 'result', 'code');

describe('authentication and the form', () => {
  it('accepts Bearer + entityId, answering with OPP’s envelope and a 32-hex id', async () => {
    const { client } = await startTestOppSimulator();
    const reply = await client.post('payments', cardForm('10.00'));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      paymentType: 'DB',
      amount: '10.00',
      currency: 'EUR',
      paymentBrand: 'VISA',
      result: { code: '000.100.110' },
      card: { bin: '420000', last4Digits: '0000', holder: 'Jane Jones', expiryMonth: '05', expiryYear: '2034' },
      buildNumber: expect.any(String) as unknown,
    });
    expect(idOf(reply.json)).toMatch(/^[0-9a-f]{32}$/);
    expect(text(field(reply.json, 'timestamp'))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(text(field(reply.json, 'ndc'))).toMatch(new RegExp(`^${TEST_ENTITY_ID}_[0-9a-f]{32}$`));
  });

  it.each([
    ['no Authorization', { token: null }],
    ['a wrong token', { token: 'not-the-token' }],
  ])('refuses %s with 401 800.900.300 and makes nothing', async (_what, options) => {
    const { client, simulator } = await startTestOppSimulator();
    const reply = await client.post('payments', cardForm('10.00'), options);
    expect(reply.status).toBe(401);
    expect(codeOf(reply.json)).toBe('800.900.300');
    expect((await client.get('payments/0123456789abcdef0123456789abcdef', {}, options)).status).toBe(401);
    expect(simulator.control.transactions()).toEqual([]);
  });

  it('refuses another entity with 403 800.900.301, in the body or the query', async () => {
    const { client } = await startTestOppSimulator();
    const post = await client.post('payments', cardForm('10.00', { entityId: '8a8294174b7ecb28014b9699220015cb' }));
    expect(post.status).toBe(403);
    expect(codeOf(post.json)).toBe('800.900.301');
    const get = await client.get('payments/0123456789abcdef0123456789abcdef', {
      entityId: '8a8294174b7ecb28014b9699220015cb',
    });
    expect(get.status).toBe(403);
  });

  it('refuses POST parameters in the URL, and bodies that are not form-encoded', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const inUrl = await client.post(`payments?entityId=${TEST_ENTITY_ID}&amount=10.00`, cardForm('10.00'));
    expect(inUrl.status).toBe(400);
    expect(codeOf(inUrl.json)).toBe('200.300.404');
    const asJson = await client.post('payments', {}, { contentType: 'application/json', rawBody: '{"amount":"1"}' });
    expect(asJson.status).toBe(400);
    expect(codeOf(asJson.json)).toBe('200.300.404');
    expect(simulator.control.transactions()).toEqual([]);
  });

  it('names each bad parameter: amount not 12.34, a missing card number, a zero amount', async () => {
    const { client } = await startTestOppSimulator();
    const badAmount = await client.post('payments', cardForm('10.5'));
    expect(badAmount.status).toBe(400);
    expect(badAmount.json).toMatchObject({
      result: { code: '200.300.404' },
      parameterErrors: [{ name: 'amount', value: '10.5' }],
    });
    const form = cardForm('10.00');
    delete form['card.number'];
    const noCard = await client.post('payments', form);
    expect(field(noCard.json, 'parameterErrors', 0, 'name')).toBe('card.number');
    expect(codeOf((await client.post('payments', cardForm('0.00'))).json)).toBe('100.550.300');
    const noEntity = await client.get('payments/0123456789abcdef0123456789abcdef', { entityId: '' });
    expect(noEntity.status).toBe(403);
  });

  it('answers 700.400.580 for an unknown transaction', async () => {
    const { client } = await startTestOppSimulator();
    const reply = await client.get('payments/0123456789abcdef0123456789abcdef');
    expect(reply.status).toBe(400);
    expect(codeOf(reply.json)).toBe('700.400.580');
  });
});

describe('magic amounts', () => {
  it.each([
    ['10.00', 200, '000.100.110'],
    ['101.21', 400, '100.396.101'],
    ['101.23', 400, '800.100.100'],
    ['101.24', 400, '800.100.203'],
    ['101.53', 400, '800.100.153'],
    ['109.15', 200, '000.400.000'],
  ])('%s answers HTTP %i with %s, and the status says the same', async (amount, status, code) => {
    const { client } = await startTestOppSimulator();
    const reply = await client.post('payments', cardForm(amount));
    expect(reply.status).toBe(status);
    expect(codeOf(reply.json)).toBe(code);
    const read = await client.get(`payments/${idOf(reply.json)}`);
    expect(codeOf(read.json)).toBe(code);
    expect(field(read.json, 'amount')).toBe(amount);
  });

  it.each([
    ['109.05', '900.100.300'],
    ['109.08', '000.200.000'],
  ])('%s is %s at first and 000.000.000 a simulated minute later', async (amount, first) => {
    const { client, simulator } = await startTestOppSimulator();
    const reply = await client.post('payments', cardForm(amount));
    expect(codeOf(reply.json)).toBe(first);
    const id = idOf(reply.json);
    expect(codeOf(simulator.control.transactions()[0])).toBe(first);
    await vi.waitFor(() => expect(codeOf(simulator.control.transactions()[0])).toBe('000.000.000'), {
      timeout: 2_000,
      interval: 10,
    });
    expect(codeOf((await client.get(`payments/${id}`)).json)).toBe('000.000.000');
  });

  it('a declined test card is declined whatever the amount', async () => {
    const { client } = await startTestOppSimulator();
    const reply = await client.post('payments', cardForm('10.00', { 'card.number': '4000000000000002' }));
    expect(codeOf(reply.json)).toBe('800.100.100');
  });
});

describe('back-office operations', () => {
  it('refund a debit in parts, never more than is left, each with a new id and the referencedId', async () => {
    const { client } = await startTestOppSimulator();
    const debit = idOf((await client.post('payments', cardForm('30.00'))).json);
    const first = await client.post(`payments/${debit}`, {
      paymentType: 'RF',
      amount: '20.00',
      currency: 'EUR',
      merchantTransactionId: 'refund-1',
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      paymentType: 'RF',
      referencedId: debit,
      amount: '20.00',
      currency: 'EUR',
      merchantTransactionId: 'refund-1',
      result: { code: '000.100.110' },
      buildNumber: expect.any(String) as unknown,
      ndc: expect.any(String) as unknown,
      timestamp: expect.any(String) as unknown,
    });
    expect(idOf(first.json)).toMatch(/^[0-9a-f]{32}$/);
    expect(idOf(first.json)).not.toBe(debit);
    const over = await client.post(`payments/${debit}`, { paymentType: 'RF', amount: '10.01', currency: 'EUR' });
    expect(over.status).toBe(400);
    expect(codeOf(over.json)).toBe('700.400.200');
    const otherCurrency = await client.post(`payments/${debit}`, {
      paymentType: 'RF',
      amount: '1.00',
      currency: 'GBP',
    });
    expect(codeOf(otherCurrency.json)).toBe('700.400.200');
    const rest = await client.post(`payments/${debit}`, { paymentType: 'RF', amount: '10.00', currency: 'EUR' });
    expect(codeOf(rest.json)).toBe('000.100.110');
    const more = await client.post(`payments/${debit}`, { paymentType: 'RF', amount: '0.01', currency: 'EUR' });
    expect(codeOf(more.json)).toBe('700.400.200');
    // A refund is a transaction of its own, read like any other.
    expect(field((await client.get(`payments/${idOf(first.json)}`)).json, 'referencedId')).toBe(debit);
  });

  it('a declined debit cannot be refunded; a refund cannot be refunded', async () => {
    const { client } = await startTestOppSimulator();
    const declined = idOf((await client.post('payments', cardForm('101.23'))).json);
    const refund = await client.post(`payments/${declined}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' });
    expect(codeOf(refund.json)).toBe('700.400.200');
    const debit = idOf((await client.post('payments', cardForm('10.00'))).json);
    const rf = idOf(
      (await client.post(`payments/${debit}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' })).json,
    );
    expect(
      codeOf((await client.post(`payments/${rf}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' })).json),
    ).toBe('700.400.200');
  });

  it('capture a PA once, not above it; refund the capture', async () => {
    const { client } = await startTestOppSimulator();
    const held = idOf((await client.post('payments', cardForm('50.00', { paymentType: 'PA' }))).json);
    const tooMuch = await client.post(`payments/${held}`, { paymentType: 'CP', amount: '50.01', currency: 'EUR' });
    expect(codeOf(tooMuch.json)).toBe('700.400.100');
    const capture = await client.post(`payments/${held}`, { paymentType: 'CP', amount: '40.00', currency: 'EUR' });
    expect(capture.json).toMatchObject({ paymentType: 'CP', referencedId: held, amount: '40.00' });
    const again = await client.post(`payments/${held}`, { paymentType: 'CP', amount: '10.00', currency: 'EUR' });
    expect(again.status).toBe(400);
    expect(codeOf(again.json)).toBe('700.400.100');
    // A PA is not refunded (nothing was taken); its capture is.
    expect(
      codeOf((await client.post(`payments/${held}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' })).json),
    ).toBe('700.400.200');
    const refund = await client.post(`payments/${idOf(capture.json)}`, {
      paymentType: 'RF',
      amount: '40.00',
      currency: 'EUR',
    });
    expect(codeOf(refund.json)).toBe('000.100.110');
    // Captured: no longer releasable.
    expect(codeOf((await client.post(`payments/${held}`, { paymentType: 'RV' })).json)).toBe('700.400.300');
  });

  it('reverse an uncaptured PA once; a capture after it is refused', async () => {
    const { client } = await startTestOppSimulator();
    const held = idOf((await client.post('payments', cardForm('50.00', { paymentType: 'PA' }))).json);
    const reversal = await client.post(`payments/${held}`, { paymentType: 'RV' });
    expect(reversal.json).toMatchObject({ paymentType: 'RV', referencedId: held, amount: '50.00', currency: 'EUR' });
    expect(codeOf(reversal.json)).toBe('000.100.110');
    expect(codeOf((await client.post(`payments/${held}`, { paymentType: 'RV' })).json)).toBe('700.400.300');
    const capture = await client.post(`payments/${held}`, { paymentType: 'CP', amount: '50.00', currency: 'EUR' });
    expect(codeOf(capture.json)).toBe('700.400.100');
  });

  it('reverse a debit (then it cannot be refunded); a refunded debit cannot be reversed', async () => {
    const { client } = await startTestOppSimulator();
    const debit = idOf((await client.post('payments', cardForm('20.00'))).json);
    expect(codeOf((await client.post(`payments/${debit}`, { paymentType: 'RV' })).json)).toBe('000.100.110');
    expect(
      codeOf((await client.post(`payments/${debit}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' })).json),
    ).toBe('700.400.200');
    const other = idOf((await client.post('payments', cardForm('20.00'))).json);
    await client.post(`payments/${other}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' });
    expect(codeOf((await client.post(`payments/${other}`, { paymentType: 'RV' })).json)).toBe('700.400.300');
  });

  it('a hold past its validity cannot be captured (control.expire, or holdValidDays passing)', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const held = idOf((await client.post('payments', cardForm('50.00', { paymentType: 'PA' }))).json);
    expect(simulator.control.expire(held)).toMatchObject({ id: held, paymentType: 'PA' });
    const capture = await client.post(`payments/${held}`, { paymentType: 'CP', amount: '50.00', currency: 'EUR' });
    expect(codeOf(capture.json)).toBe('700.400.100');
    // Released all the same: nothing is lost by giving back what can no longer be taken.
    expect(codeOf((await client.post(`payments/${held}`, { paymentType: 'RV' })).json)).toBe('000.100.110');

    // A day's validity at 0.000002 passes in about 170 ms.
    const short = await startTestOppSimulator({ holdValidDays: 1, timeScale: 0.000002 });
    const pa = idOf((await short.client.post('payments', cardForm('50.00', { paymentType: 'PA' }))).json);
    await vi.waitFor(
      async () => {
        const late = await short.client.post(`payments/${pa}`, { paymentType: 'CP', amount: '1.00', currency: 'EUR' });
        expect(codeOf(late.json)).toBe('700.400.100');
      },
      { timeout: 3_000, interval: 50 },
    );
  });

  it('refuses a back-office call on a pending payment until it is final', async () => {
    const { client } = await startTestOppSimulator();
    const pending = idOf((await client.post('payments', cardForm('109.08'))).json);
    const early = await client.post(`payments/${pending}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' });
    expect(codeOf(early.json)).toBe('700.400.200');
    await vi.waitFor(
      async () => {
        const later = await client.post(`payments/${pending}`, { paymentType: 'RF', amount: '1.00', currency: 'EUR' });
        expect(codeOf(later.json)).toBe('000.100.110');
      },
      { timeout: 2_000, interval: 20 },
    );
  });

  it('refuses a back-office call without a valid paymentType, or on an unknown id', async () => {
    const { client } = await startTestOppSimulator();
    const debit = idOf((await client.post('payments', cardForm('20.00'))).json);
    const wrong = await client.post(`payments/${debit}`, { paymentType: 'DB', amount: '1.00', currency: 'EUR' });
    expect(codeOf(wrong.json)).toBe('200.300.404');
    const noAmount = await client.post(`payments/${debit}`, { paymentType: 'RF', currency: 'EUR' });
    expect(field(noAmount.json, 'parameterErrors', 0, 'name')).toBe('amount');
    const unknown = await client.post('payments/0123456789abcdef0123456789abcdef', { paymentType: 'RV' });
    expect(codeOf(unknown.json)).toBe('700.400.580');
  });
});
