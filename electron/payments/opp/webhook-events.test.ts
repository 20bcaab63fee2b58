import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openOppWebhook } from './webhook-crypto.ts';
import { dedupKey, readOppWebhookEvent } from './webhook-events.ts';

const PAYLOAD = {
  id: '8ac7a4a1845f7e2a01845fa3a4bf3c2d',
  paymentType: 'DB',
  paymentBrand: 'VISA',
  amount: '12.34',
  currency: 'EUR',
  merchantTransactionId: 'K-3-91',
  result: { code: '000.000.000', description: 'Transaction succeeded' },
  card: { bin: '420000', last4Digits: '0000', holder: 'Jane Jones' },
  timestamp: '2026-12-06 07:05:03+0000',
};

describe('readOppWebhookEvent', () => {
  it('reads a PAYMENT notification into its transaction', () => {
    const reading = readOppWebhookEvent(JSON.stringify({ type: 'PAYMENT', payload: PAYLOAD }));
    expect(reading).toMatchObject({
      ok: true,
      event: { type: 'PAYMENT', action: undefined, payload: { id: PAYLOAD.id, amount: '12.34' } },
    });
  });

  it('reads a reversal notified without an amount', () => {
    const payload = { id: 'rv1', referencedId: PAYLOAD.id, paymentType: 'RV', result: PAYLOAD.result };
    expect(readOppWebhookEvent(JSON.stringify({ type: 'PAYMENT', payload }))).toMatchObject({
      ok: true,
      event: { type: 'PAYMENT', payload: { id: 'rv1', referencedId: PAYLOAD.id } },
    });
  });

  it('keeps another type as other, with its action', () => {
    expect(
      readOppWebhookEvent(JSON.stringify({ type: 'REGISTRATION', action: 'CREATED', payload: { id: 'r1' } })),
    ).toEqual({
      ok: true,
      event: { type: 'other', sentType: 'REGISTRATION', action: 'CREATED', payload: { id: 'r1' } },
    });
  });

  it('keeps another type without a payload', () => {
    expect(readOppWebhookEvent('{"type":"TEST"}')).toEqual({
      ok: true,
      event: { type: 'other', sentType: 'TEST', action: undefined, payload: undefined },
    });
  });

  it('reads what the published test vector decrypts to as a PAYMENT without a payload: malformed', () => {
    expect(readOppWebhookEvent('{"type": "PAYMENT"}')).toEqual({
      ok: false,
      why: "the PAYMENT notification's payload is malformed: (body): invalid_type",
    });
  });

  it.each([
    ['not JSON', 'PAYMENT', /not JSON/],
    ['no type', JSON.stringify({ payload: PAYLOAD }), /malformed: type: invalid_type/],
    [
      'a payment without a result code',
      JSON.stringify({ type: 'PAYMENT', payload: { ...PAYLOAD, result: {} } }),
      /payload.*result\.code/,
    ],
    ['a payment without an id', JSON.stringify({ type: 'PAYMENT', payload: { ...PAYLOAD, id: '' } }), /payload.*id/],
  ])('refuses %s, without quoting it', (_what, plaintext, why) => {
    const reading = readOppWebhookEvent(plaintext);
    expect(reading).toEqual({ ok: false, why: expect.stringMatching(why) as string });
    expect(JSON.stringify(reading)).not.toContain('Jane');
    expect(JSON.stringify(reading)).not.toContain(PAYLOAD.id);
  });
});

describe('dedupKey', () => {
  it('is the payment id and result code: a repeat matches, another result does not', () => {
    const read = (code: string) => {
      const reading = readOppWebhookEvent(
        JSON.stringify({ type: 'PAYMENT', payload: { ...PAYLOAD, result: { code, description: 'x' } } }),
      );
      if (!reading.ok || reading.event.type !== 'PAYMENT') throw new Error('not a payment');
      return reading.event;
    };
    expect(dedupKey(read('000.000.000'))).toBe(`${PAYLOAD.id}:000.000.000`);
    expect(dedupKey(read('000.000.000'))).toBe(dedupKey(read('000.000.000')));
    expect(dedupKey(read('800.100.100'))).not.toBe(dedupKey(read('000.000.000')));
  });
});

describe('from the wire', () => {
  it('opens and reads a notification as OPP would send it', () => {
    const secretHex = '7f'.repeat(32);
    const iv = Buffer.from('0123456789abcdef01234567', 'hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(secretHex, 'hex'), iv);
    const plain = JSON.stringify({ type: 'PAYMENT', payload: PAYLOAD });
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      .toString('hex')
      .toUpperCase();
    const opened = openOppWebhook({
      secretHex,
      ivHex: iv.toString('hex'),
      tagHex: cipher.getAuthTag().toString('hex'),
      body: JSON.stringify({ encryptedBody: body }),
    });
    if (!opened.ok) throw new Error(opened.why);
    const reading = readOppWebhookEvent(opened.plaintext);
    if (!reading.ok || reading.event.type !== 'PAYMENT') throw new Error('not a payment');
    expect(dedupKey(reading.event)).toBe(`${PAYLOAD.id}:000.000.000`);
  });
});
