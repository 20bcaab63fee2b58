import { describe, expect, it, vi } from 'vitest';
import { field, linkForm, startTestOppSimulator, text } from './testing/harness.ts';

/** Pay by link (Kassa's paths, docs/OPP.md) and the shopper's page, over HTTP. */

const codeOf = (json: unknown) => field(json, 'result', 'code');
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('pay by link', () => {
  it('makes a link with 000.200.100, readable by id and by merchantTransactionId, paid on its page', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const created = await client.post('paybylink', linkForm('19.99', { merchantTransactionId: 'kassa-sale-42' }));
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      status: 'ACTIVE',
      amount: '19.99',
      currency: 'EUR',
      paymentType: 'DB',
      merchantTransactionId: 'kassa-sale-42',
      result: { code: '000.200.100' },
    });
    const id = text(field(created.json, 'id'));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(field(created.json, 'link')).toBe(`${simulator.url}/pay/${id}`);
    // An hour of validity, on the simulated clock the answer's timestamp is on too.
    const made = Date.parse(text(field(created.json, 'timestamp')).replace(' ', 'T').replace('+0000', 'Z'));
    expect(Date.parse(text(field(created.json, 'validUntil'))) - made).toBe(3_600_000);

    const page = await client.raw('GET', `/pay/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('19.99 EUR');
    expect(page.text).toContain('value="4200000000000000"');
    expect(page.text).not.toMatch(/(src|href)="https?:/);

    const paid = await client.raw('POST', `/pay/${id}`, { body: 'cardNumber=4200+0000+0000+0000', headers: form });
    expect(paid.text).toContain('Payment approved');
    const read = await client.get(`paybylink/${id}`);
    expect(read.json).toMatchObject({ status: 'PAID', result: { code: '000.000.100' } });
    const paymentId = text(field(read.json, 'paymentId'));
    const payment = await client.get(`payments/${paymentId}`);
    expect(payment.json).toMatchObject({
      paymentType: 'DB',
      amount: '19.99',
      merchantTransactionId: 'kassa-sale-42',
      result: { code: '000.100.110' },
    });
    const byReference = await client.get('paybylink', { merchantTransactionId: 'kassa-sale-42' });
    expect(byReference.json).toMatchObject({ result: { code: '000.000.100' }, links: [{ id, status: 'PAID' }] });
    const none = await client.get('paybylink', { merchantTransactionId: 'never-made' });
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ result: { code: '700.400.580' }, links: [] });

    // Paid: the page says so, and paying again moves no money.
    const again = await client.raw('POST', `/pay/${id}`, { body: '', headers: form });
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been paid');
    expect(simulator.control.transactions()).toHaveLength(1);
  });

  it('a declined card leaves the link ACTIVE; another card pays it', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('paybylink', linkForm('25.00'))).json, 'id'));
    const declined = await client.raw('POST', `/pay/${id}`, { body: 'cardNumber=4000000000000002', headers: form });
    expect(declined.text).toContain('Payment declined');
    const after = await client.get(`paybylink/${id}`);
    expect(field(after.json, 'status')).toBe('ACTIVE');
    expect(field(after.json, 'paymentId')).toBeUndefined();
    const paid = simulator.control.pay(id);
    expect(paid?.link).toMatchObject({ status: 'PAID', paymentId: paid?.payment.id });
    expect(paid?.payment.result.code).toBe('000.100.110');
    // Both tries carry the link's merchantTransactionId: a query by it finds the decline and the payment.
    const reference = text(field(after.json, 'merchantTransactionId'));
    const query = await client.get('query', { merchantTransactionId: reference });
    expect(field(query.json, 'payments')).toMatchObject([
      { result: { code: '800.100.100' } },
      { result: { code: '000.100.110' } },
    ]);
  });

  it('a magic decline (…123) on a link leaves it ACTIVE, page and control alike', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('paybylink', linkForm('101.23'))).json, 'id'));
    expect(simulator.control.pay(id)?.payment.result.code).toBe('800.100.100');
    expect((await client.raw('POST', `/pay/${id}`, { body: '', headers: form })).text).toContain('declined');
    expect(simulator.control.links()[0]?.status).toBe('ACTIVE');
  });

  it('a pending payment (…908) pays the link; the payment turns final later', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('paybylink', linkForm('109.08'))).json, 'id'));
    const paid = simulator.control.pay(id);
    expect(paid?.link.status).toBe('PAID');
    expect(paid?.payment.result.code).toBe('000.200.000');
    await vi.waitFor(() => expect(simulator.control.transactions()[0]?.result.code).toBe('000.000.000'), {
      timeout: 2_000,
      interval: 10,
    });
  });

  it('a PA link makes a pre-authorisation that the till captures', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const id = text(field((await client.post('paybylink', linkForm('80.00', { paymentType: 'PA' }))).json, 'id'));
    expect((await client.raw('GET', `/pay/${id}`)).text).toContain('Authorise 80.00 EUR');
    const paymentId = simulator.control.pay(id)?.payment.id ?? '';
    expect(simulator.control.transactions()[0]).toMatchObject({ id: paymentId, paymentType: 'PA' });
    const capture = await client.post(`payments/${paymentId}`, { paymentType: 'CP', amount: '80.00', currency: 'EUR' });
    expect(codeOf(capture.json)).toBe('000.100.110');
  });

  it('expires after validUntil on the simulated clock, and then cannot be paid or deactivated', async () => {
    // An hour at 0.00005 is 180 ms.
    const { client, simulator } = await startTestOppSimulator({ timeScale: 0.00005 });
    const id = text(field((await client.post('paybylink', linkForm('10.00'))).json, 'id'));
    expect(field((await client.get(`paybylink/${id}`)).json, 'status')).toBe('ACTIVE');
    await vi.waitFor(async () => expect(field((await client.get(`paybylink/${id}`)).json, 'status')).toBe('EXPIRED'), {
      timeout: 3_000,
      interval: 30,
    });
    expect(simulator.control.pay(id)).toBeUndefined();
    const page = await client.raw('GET', `/pay/${id}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('expired');
    const deactivate = await client.delete(`paybylink/${id}`);
    expect(deactivate.status).toBe(400);
    expect(codeOf(deactivate.json)).toBe('700.400.700');
  });

  it('DAY validity, control.expire, and deactivation (once: then 700.400.700)', async () => {
    const { client, simulator } = await startTestOppSimulator();
    const daily = await client.post('paybylink', linkForm('10.00', { validUntil: '2', validUntilUnit: 'DAY' }));
    const made = Date.parse(text(field(daily.json, 'timestamp')).replace(' ', 'T').replace('+0000', 'Z'));
    expect(Date.parse(text(field(daily.json, 'validUntil'))) - made).toBe(2 * 86_400_000);
    const expired = simulator.control.expire(text(field(daily.json, 'id')));
    expect(expired).toMatchObject({ status: 'EXPIRED' });

    const id = text(field((await client.post('paybylink', linkForm('10.00'))).json, 'id'));
    const deactivated = await client.delete(`paybylink/${id}`);
    expect(deactivated.status).toBe(200);
    expect(field(deactivated.json, 'status')).toBe('DEACTIVATED');
    const twice = await client.delete(`paybylink/${id}`);
    expect(twice.status).toBe(400);
    expect(codeOf(twice.json)).toBe('700.400.700');
    expect((await client.raw('GET', `/pay/${id}`)).text).toContain('cancelled');
    expect((await client.raw('POST', `/_simulator/paybylink/${id}/pay`)).status).toBe(400);
    const paid = simulator.control.transactions();
    expect(paid).toEqual([]);
  });

  it('refuses a link without merchantTransactionId or with a bad unit, and an unknown link', async () => {
    const { client } = await startTestOppSimulator();
    const bad = linkForm('10.00', { validUntilUnit: 'WEEK' });
    expect(field((await client.post('paybylink', bad)).json, 'parameterErrors', 0, 'name')).toBe('validUntilUnit');
    const noReference = linkForm('10.00');
    delete noReference.merchantTransactionId;
    expect(codeOf((await client.post('paybylink', noReference)).json)).toBe('200.300.404');
    expect(codeOf((await client.get('paybylink/0123456789abcdef0123456789abcdef')).json)).toBe('700.400.580');
    const page = await client.raw('GET', '/pay/0123456789abcdef0123456789abcdef');
    expect(page.status).toBe(404);
    expect(page.text).toContain('not known');
    const badCard = await client.raw('POST', '/pay/0123456789abcdef0123456789abcdef', { body: 'cardNumber=12' });
    expect(badCard.status).toBe(404);
  });

  it('is never throttled: a till may read its link as often as it likes', async () => {
    const { client } = await startTestOppSimulator({ timeScale: 1 });
    const id = text(field((await client.post('paybylink', linkForm('10.00'))).json, 'id'));
    for (let read = 0; read < 5; read += 1) expect((await client.get(`paybylink/${id}`)).status).toBe(200);
  });
});
