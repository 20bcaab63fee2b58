import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paymentPageFields, paymentPageHtml, worldnetAmount, worldnetDateTime } from './payment-page.ts';

/** The hosted payment page request as the till writes it, hashed by hand here to check the module. */

const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');
const AT = new Date(2026, 2, 5, 9, 4, 7, 12);

describe('a Worldnet payment page request', () => {
  it('writes AMOUNT with two decimals, or none for a currency without minor units, and refuses three', () => {
    expect(worldnetAmount(1250, 'EUR')).toBe('12.50');
    expect(worldnetAmount(5, 'EUR')).toBe('0.05');
    expect(worldnetAmount(1250, 'JPY')).toBe('1250');
    expect(() => worldnetAmount(1250, 'KWD')).toThrow(RangeError);
    expect(() => worldnetAmount(0, 'EUR')).toThrow(RangeError);
    expect(() => worldnetAmount(12.5, 'EUR')).toThrow(RangeError);
    expect(() => worldnetAmount(100, 'XYZ')).toThrow(RangeError);
  });

  it('writes DATETIME as DD-MM-YYYY:HH:MM:SS:SSS in local time, zero-padded', () => {
    expect(worldnetDateTime(AT)).toBe('05-03-2026:09:04:07:012');
  });

  it('hashes the fields as written, URLs included, CURRENCY only on a multi-currency terminal', () => {
    const request = {
      terminalId: '678002',
      orderId: 'KN0123456789ABCDEF0123',
      amountMinor: 1250,
      currency: 'EUR',
      dateTime: worldnetDateTime(AT),
      validationUrl: 'https://till-1.shop.example/kassa/worldnet/validation',
    };
    const single = paymentPageFields(request, 'x4n35c32RT', 'single');
    expect(single).toEqual({
      TERMINALID: '678002',
      ORDERID: 'KN0123456789ABCDEF0123',
      CURRENCY: 'EUR',
      AMOUNT: '12.50',
      DATETIME: '05-03-2026:09:04:07:012',
      VALIDATIONURL: 'https://till-1.shop.example/kassa/worldnet/validation',
      HASH: sha512(
        '678002:KN0123456789ABCDEF0123:12.50:05-03-2026:09:04:07:012:https://till-1.shop.example/kassa/worldnet/validation:x4n35c32RT',
      ),
    });
    const multi = paymentPageFields({ ...request, terminalId: '678002MC' }, 'x4n35c32RT', 'multi');
    expect(multi.HASH).toBe(
      sha512(
        '678002MC:KN0123456789ABCDEF0123:EUR:12.50:05-03-2026:09:04:07:012:https://till-1.shop.example/kassa/worldnet/validation:x4n35c32RT',
      ),
    );
    expect(() => paymentPageFields({ ...request, orderId: 'KN-0001' }, 'x4n35c32RT', 'single')).toThrow(RangeError);
    expect(() => paymentPageFields({ ...request, orderId: 'K'.repeat(25) }, 'x4n35c32RT', 'single')).toThrow(
      RangeError,
    );
  });

  it('serves a page that posts exactly those fields, escaped, and never the secret', () => {
    const fields = paymentPageFields(
      {
        terminalId: '678002',
        orderId: 'KN1',
        amountMinor: 999,
        currency: 'EUR',
        dateTime: worldnetDateTime(AT),
        receiptPageUrl: 'https://shop.example/thanks?a=1&b="2"',
      },
      'x4n35c32RT',
      'single',
    );
    const html = paymentPageHtml(fields, 'https://testpayments.worldnettps.com/merchant/paymentpage', {
      title: 'Pay Demo Shop',
      pay: 'Pay',
    });
    expect(html).toContain('<form method="post" action="https://testpayments.worldnettps.com/merchant/paymentpage">');
    expect(html).toContain('<input type="hidden" name="AMOUNT" value="9.99">');
    expect(html).toContain('value="https://shop.example/thanks?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain(`name="HASH" value="${fields.HASH}"`);
    expect(html).not.toContain('x4n35c32RT');
  });
});
