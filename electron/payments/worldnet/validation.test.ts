import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readValidation, verdictOf } from './validation.ts';

/**
 * A background validation as Worldnet posts it, read by the till: the
 * reference's vector (terminal 678002, order 300145858, 325.56, approved)
 * passes; a forged or foreign one is told apart from one that is not a
 * validation at all (both get a non-OK answer, so Worldnet tries again).
 */

const SECRET = 'x4n35c32RT';
const TERMINAL = { terminalId: '678002', secret: SECRET, mode: 'single' as const, currency: 'EUR' };
const sha512 = (text: string) => createHash('sha512').update(text, 'utf8').digest('hex');

const APPROVED = {
  TERMINALID: '678002',
  UNIQUEREF: 'GH2AERQEJS',
  AMOUNT: '325.56',
  ORDERID: '300145858',
  APPROVALCODE: '475318',
  RESPONSECODE: 'A',
  RESPONSETEXT: 'APPROVAL',
  DATETIME: '15-3-2006:10:43:01:673',
  AVSRESPONSE: 'X',
  CVVRESPONSE: 'M',
  HASH: '30bac61fa65314f8d17cc57247e4fb28cb5075607b66af356a933226234f75f51ce6744fbea70ba4b559175f932f48a68f413e74d0d24ff09db0cec0be581a02',
};
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** The fields without one of them. */
const without = (fields: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
const NO_QUERY = new URLSearchParams();

describe('a Worldnet background validation', () => {
  it('passes the reference vector: approved, its amount in minor units, the hash form said', () => {
    const reading = readValidation(form(APPROVED), NO_QUERY, TERMINAL);
    expect(reading).toMatchObject({ ok: true, verdict: 'approved', amountMinor: 32_556, hashForm: 'text' });
    expect(reading.ok && reading.form.UNIQUEREF).toBe('GH2AERQEJS');
  });

  it('takes the terminal’s custom fields and a body in the query string', () => {
    expect(readValidation(form({ ...APPROVED, CUSTOMFIELD: 'till-1' }), NO_QUERY, TERMINAL).ok).toBe(true);
    expect(readValidation('', new URLSearchParams(APPROVED), TERMINAL).ok).toBe(true);
  });

  it('refuses a forged, a changed or a foreign validation as not genuine (401)', () => {
    const forged = { ...APPROVED, HASH: sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:A:APPROVAL:guess`) };
    expect(readValidation(form(forged), NO_QUERY, TERMINAL)).toMatchObject({ ok: false, status: 401 });
    expect(readValidation(form({ ...APPROVED, AMOUNT: '3255.60' }), NO_QUERY, TERMINAL)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(readValidation(form({ ...APPROVED, RESPONSECODE: 'D' }), NO_QUERY, TERMINAL)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(readValidation(form(APPROVED), NO_QUERY, { ...TERMINAL, terminalId: '678003' })).toMatchObject({
      ok: false,
      status: 401,
      why: 'TERMINALID is not this till’s',
    });
    const refusal = readValidation(form(forged), NO_QUERY, TERMINAL);
    expect(JSON.stringify(refusal)).not.toContain(SECRET);
  });

  it('refuses what is not a validation at all (400), naming the fields but not their values', () => {
    expect(readValidation(form(without(APPROVED, 'UNIQUEREF')), NO_QUERY, TERMINAL)).toEqual({
      ok: false,
      status: 400,
      why: 'not a Worldnet validation (UNIQUEREF)',
    });
    expect(readValidation('not a form at all', NO_QUERY, TERMINAL)).toMatchObject({ ok: false, status: 400 });
    expect(readValidation(form({ ...APPROVED, RESPONSECODE: 'OK' }), NO_QUERY, TERMINAL)).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('reads a multi-currency terminal’s validation, CURRENCY hashed and required', () => {
    const mc = { ...TERMINAL, terminalId: '678002MC', mode: 'multi' as const };
    const fields = {
      ...APPROVED,
      TERMINALID: '678002MC',
      CURRENCY: 'EUR',
      HASH: '9cf5bdea11446e961c3c1ab5154c849ab1e8048fac18c27a95436b346866dbb6e51f591f1af319848664b2ccc44949f74082010f3c495beae8387b0e1b140650',
    };
    expect(readValidation(form(fields), NO_QUERY, mc)).toMatchObject({ ok: true, amountMinor: 32_556 });
    expect(readValidation(form(without(fields, 'CURRENCY')), NO_QUERY, mc)).toMatchObject({ ok: false, status: 401 });
  });

  it('takes an empty RESPONSETEXT hashed either way', () => {
    const declined = { ...APPROVED, RESPONSECODE: 'D', RESPONSETEXT: '', APPROVALCODE: '' };
    const dropped = sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:D:${SECRET}`);
    const kept = sha512(`678002:300145858:325.56:15-3-2006:10:43:01:673:D::${SECRET}`);
    expect(readValidation(form({ ...declined, HASH: dropped }), NO_QUERY, TERMINAL)).toMatchObject({
      ok: true,
      verdict: 'declined',
      hashForm: 'empty-dropped',
    });
    expect(readValidation(form({ ...declined, HASH: kept }), NO_QUERY, TERMINAL)).toMatchObject({
      ok: true,
      hashForm: 'empty-kept',
    });
  });

  it('never takes a referral or a pick-up for an approval', () => {
    expect(['A', 'E', 'D', 'R', 'C', 'P', 'X'].map(verdictOf)).toEqual([
      'approved',
      'approved',
      'declined',
      'declined_for_manager',
      'declined_for_manager',
      'unknown',
      'unknown',
    ]);
  });
});
