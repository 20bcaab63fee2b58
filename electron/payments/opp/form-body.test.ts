import { describe, expect, it } from 'vitest';
import { FORM_CONTENT_TYPE, formBody, oppAmount } from './form-body.ts';

describe('formBody', () => {
  it('writes entityId first, then the fields in order', () => {
    expect(
      formBody('8a829417', [
        ['amount', '12.34'],
        ['currency', 'EUR'],
        ['paymentType', 'DB'],
        ['merchantTransactionId', 'abc'],
      ]),
    ).toBe('entityId=8a829417&amount=12.34&currency=EUR&paymentType=DB&merchantTransactionId=abc');
  });

  it('escapes spaces, &, +, = and UTF-8 as a form does', () => {
    expect(
      formBody('e1', [
        ['card.holder', 'Zoë Ångström & Co+1'],
        ['merchantTransactionId', 'a=b/c?d'],
      ]),
    ).toBe('entityId=e1&card.holder=Zo%C3%AB+%C3%85ngstr%C3%B6m+%26+Co%2B1&merchantTransactionId=a%3Db%2Fc%3Fd');
  });

  it('leaves out a field without a value', () => {
    expect(
      formBody('e1', [
        ['amount', undefined],
        ['paymentType', 'RV'],
      ]),
    ).toBe('entityId=e1&paymentType=RV');
  });

  it('refuses an empty entityId, a field given twice and a name OPP does not use', () => {
    expect(() => formBody('', [])).toThrow(RangeError);
    expect(() => formBody('e1', [['entityId', 'e2']])).toThrow(/twice/);
    expect(() =>
      formBody('e1', [
        ['amount', '1.00'],
        ['amount', '2.00'],
      ]),
    ).toThrow(/twice/);
    expect(() => formBody('e1', [['a&b', 'x']])).toThrow(RangeError);
  });

  it('names the content type OPP asks for', () => {
    expect(FORM_CONTENT_TYPE).toBe('application/x-www-form-urlencoded; charset=UTF-8');
  });
});

describe('oppAmount', () => {
  it.each([
    [1234, 'EUR', '12.34'],
    [5, 'EUR', '0.05'],
    [0, 'GBP', '0.00'],
    [100, 'USD', '1.00'],
    [99_999_999_999, 'EUR', '999999999.99'],
    [999_999_999_999, 'EUR', '9999999999.99'],
  ])('%i %s → %s', (minor, currency, text) => {
    expect(oppAmount(minor, currency)).toBe(text);
  });

  it('refuses a currency whose minor unit is not a hundredth, naming it', () => {
    expect(() => oppAmount(1200, 'JPY')).toThrow(/two decimals; JPY has 0/);
    expect(() => oppAmount(1200, 'KWD')).toThrow(/KWD has 3/);
  });

  it('refuses what OPP’s format cannot carry', () => {
    expect(() => oppAmount(1_000_000_000_000, 'EUR')).toThrow(/ten digits/);
    expect(() => oppAmount(-1, 'EUR')).toThrow(RangeError);
    expect(() => oppAmount(12.5, 'EUR')).toThrow(RangeError);
    expect(() => oppAmount(Number.NaN, 'EUR')).toThrow(RangeError);
    expect(() => oppAmount(100, 'eur')).toThrow(/ISO 4217/);
    expect(() => oppAmount(100, 'XYZ')).toThrow(/ISO 4217/);
  });
});
