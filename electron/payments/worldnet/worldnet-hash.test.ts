import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkValidationHash,
  paymentPageHash,
  validationHash,
  worldnetHash,
  type ValidationFields,
} from './worldnet-hash.ts';

/**
 * Worldnet's SHA-512 HASH, against the published worked example and the
 * reference's validation vectors (../shared/reference/online-gateways.md
 * §3.3): a field changed, a wrong secret or a DATETIME written the "proper"
 * zero-padded way must fail, since Worldnet hashes the strings as sent.
 */

const SECRET = 'x4n35c32RT';
const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');

/** The single-currency validation vector: terminal 678002, order 300145858, 325.56, approved. */
const APPROVED: ValidationFields = {
  terminalId: '678002',
  orderId: '300145858',
  amount: '325.56',
  dateTime: '15-3-2006:10:43:01:673',
  responseCode: 'A',
  responseText: 'APPROVAL',
};
const APPROVED_HASH =
  '30bac61fa65314f8d17cc57247e4fb28cb5075607b66af356a933226234f75f51ce6744fbea70ba4b559175f932f48a68f413e74d0d24ff09db0cec0be581a02';
const MC_APPROVED: ValidationFields = { ...APPROVED, terminalId: '678002MC', currency: 'EUR' };
const MC_APPROVED_HASH =
  '9cf5bdea11446e961c3c1ab5154c849ab1e8048fac18c27a95436b346866dbb6e51f591f1af319848664b2ccc44949f74082010f3c495beae8387b0e1b140650';

describe('Worldnet’s HASH', () => {
  it('passes the published worked example, lowercase hex of 128 characters', () => {
    expect(worldnetHash(['678002', '300145858', '325.56', '15-3-2006:10:43:01:673', SECRET])).toBe(
      '5b39821025c33a3c37560196f36af68668e46e82afc4017434d72e62dbc4c06781afc6364e992d5594656fb185c901ece65adf85e8822832b8985f602e533eba',
    );
  });

  it('builds the payment page request hash with optional URLs dropped with their colons', () => {
    const request = {
      terminalId: '678002',
      orderId: '300145858',
      currency: 'EUR',
      amount: '325.56',
      dateTime: '15-3-2006:10:43:01:673',
    };
    // Without URLs it is the worked example itself.
    expect(paymentPageHash(request, SECRET, 'single')).toBe(
      worldnetHash(['678002', '300145858', '325.56', '15-3-2006:10:43:01:673', SECRET]),
    );
    expect(paymentPageHash({ ...request, validationUrl: 'https://t/v' }, SECRET, 'single')).toBe(
      sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:https://t/v:${SECRET}`),
    );
  });

  it('puts CURRENCY after ORDERID on a multi-currency terminal, as the published MC request string does', () => {
    const hashed = paymentPageHash(
      {
        terminalId: '4480001',
        orderId: 'JFC2605251234560001',
        currency: 'USD',
        amount: '123.45',
        dateTime: '25-05-2026:16:07:08:009',
        receiptPageUrl: 'https://shop.example/receipt',
        validationUrl: 'https://shop.example/validation',
      },
      'mySharedSecretUSD',
      'multi',
    );
    expect(hashed).toBe(
      sha512(
        '4480001:JFC2605251234560001:USD:123.45:25-05-2026:16:07:08:009:https://shop.example/receipt:https://shop.example/validation:mySharedSecretUSD',
      ),
    );
  });

  it('passes both validation vectors, single- and multi-currency, whatever the case of the hex', () => {
    expect(validationHash(APPROVED, SECRET, 'single')).toBe(APPROVED_HASH);
    expect(validationHash(MC_APPROVED, SECRET, 'multi')).toBe(MC_APPROVED_HASH);
    expect(checkValidationHash(APPROVED, APPROVED_HASH, SECRET, 'single')).toEqual({ ok: true, form: 'text' });
    expect(checkValidationHash(MC_APPROVED, MC_APPROVED_HASH.toUpperCase(), SECRET, 'multi')).toEqual({
      ok: true,
      form: 'text',
    });
  });

  it('fails a mutated field, a wrong secret, a reformatted DATETIME or AMOUNT, and the wrong currency mode', () => {
    const refused = (fields: ValidationFields, hash = APPROVED_HASH, secret = SECRET) =>
      checkValidationHash(fields, hash, secret, 'single').ok;
    expect(refused({ ...APPROVED, amount: '325.57' })).toBe(false);
    expect(refused({ ...APPROVED, responseCode: 'D' })).toBe(false);
    expect(refused({ ...APPROVED, orderId: '300145859' })).toBe(false);
    expect(refused(APPROVED, APPROVED_HASH, 'x4n35c32Rt')).toBe(false);
    // The "proper" zero-padded date is another string: Worldnet hashed what it sent.
    expect(refused({ ...APPROVED, dateTime: '15-03-2006:10:43:01:673' })).toBe(false);
    expect(refused({ ...APPROVED, amount: '325.560' })).toBe(false);
    expect(checkValidationHash(MC_APPROVED, MC_APPROVED_HASH, SECRET, 'single').ok).toBe(false);
    expect(checkValidationHash({ ...MC_APPROVED, currency: 'USD' }, MC_APPROVED_HASH, SECRET, 'multi').ok).toBe(false);
    expect(checkValidationHash({ ...MC_APPROVED, currency: undefined }, MC_APPROVED_HASH, SECRET, 'multi')).toEqual({
      ok: false,
      why: 'CURRENCY is missing, and a multi-currency terminal hashes it',
    });
    expect(checkValidationHash(APPROVED, 'not-a-hash', SECRET, 'single').ok).toBe(false);
    expect(checkValidationHash(APPROVED, APPROVED_HASH.slice(0, 127), SECRET, 'single').ok).toBe(false);
  });

  it('takes an empty RESPONSETEXT hashed either way, and says which', () => {
    const declined: ValidationFields = { ...APPROVED, responseCode: 'D', responseText: '' };
    const dropped = sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:D:${SECRET}`);
    const kept = sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:D::${SECRET}`);
    expect(checkValidationHash(declined, dropped, SECRET, 'single')).toEqual({ ok: true, form: 'empty-dropped' });
    expect(checkValidationHash(declined, kept, SECRET, 'single')).toEqual({ ok: true, form: 'empty-kept' });
    // A text that is there is never dropped: the short form does not pass for it.
    expect(checkValidationHash({ ...declined, responseText: 'DECLINED' }, dropped, SECRET, 'single').ok).toBe(false);
  });

  it('never puts the secret in why it refused', () => {
    const refusal = checkValidationHash(APPROVED, 'f'.repeat(128), SECRET, 'single');
    expect(JSON.stringify(refusal)).not.toContain(SECRET);
  });
});
