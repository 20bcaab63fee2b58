import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openOppWebhook } from './webhook-crypto.ts';

/**
 * The published vector (primeiropay "Integration and Decryption", its
 * ciphertext confirmed by a second public copy). The published tag is cut
 * after seven bytes, so the full tag is computed here by encrypting, checked
 * against that prefix, and only then used to decrypt.
 */
const KEY = '000102030405060708090A0B0C0D0E0F000102030405060708090A0B0C0D0E0F';
const IV = '3D575574536D450F71AC76D8';
const CIPHERTEXT = 'F8E2F759E528CB69375E51DB2AF9B53734E393';
const PLAINTEXT = '{"type": "PAYMENT"}';
const PUBLISHED_TAG_PREFIX = '19FDD068C6F383';

function encrypt(keyHex: string, ivHex: string, plaintext: string): { ciphertext: string; tag: string } {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), Buffer.from(ivHex, 'hex'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('hex').toUpperCase(),
    tag: cipher.getAuthTag().toString('hex').toUpperCase(),
  };
}

const { ciphertext: computed, tag: TAG } = encrypt(KEY, IV, PLAINTEXT);

describe('the published vector', () => {
  it('encrypts to the published ciphertext, with a tag that starts as published', () => {
    expect(computed).toBe(CIPHERTEXT);
    expect(TAG.startsWith(PUBLISHED_TAG_PREFIX)).toBe(true);
    expect(TAG).toHaveLength(32);
  });

  it('opens the hex body', () => {
    expect(openOppWebhook({ secretHex: KEY, ivHex: IV, tagHex: TAG, body: CIPHERTEXT })).toEqual({
      ok: true,
      plaintext: PLAINTEXT,
    });
  });

  it('opens it from a Buffer, in lower case, with a trailing newline', () => {
    expect(
      openOppWebhook({
        secretHex: KEY.toLowerCase(),
        ivHex: IV.toLowerCase(),
        tagHex: TAG.toLowerCase(),
        body: Buffer.from(`${CIPHERTEXT.toLowerCase()}\n`),
      }),
    ).toEqual({ ok: true, plaintext: PLAINTEXT });
  });

  it('opens the JSON-wrapped form', () => {
    const body = JSON.stringify({ encryptedBody: CIPHERTEXT });
    expect(openOppWebhook({ secretHex: KEY, ivHex: IV, tagHex: TAG, body })).toEqual({
      ok: true,
      plaintext: PLAINTEXT,
    });
    expect(openOppWebhook({ secretHex: KEY, ivHex: IV, tagHex: TAG, body: Buffer.from(body) })).toMatchObject({
      ok: true,
    });
  });
});

describe('refusals', () => {
  const flipped = (hex: string, at: number): string => {
    const bytes = Buffer.from(hex, 'hex');
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    return bytes.toString('hex');
  };
  const OTHER_KEY = 'ff'.repeat(32);

  it.each([
    ['a flipped ciphertext byte', { body: flipped(CIPHERTEXT, 3) }, /tag does not match/],
    ['a flipped tag byte', { tagHex: flipped(TAG, 15) }, /tag does not match/],
    ['a flipped IV byte', { ivHex: flipped(IV, 0) }, /tag does not match/],
    ['the wrong key', { secretHex: OTHER_KEY }, /tag does not match/],
    ['a secret that is not 64 hex', { secretHex: KEY.slice(2) }, /secret is not 64 hexadecimal/],
    ['a secret with a non-hex character', { secretHex: `${KEY.slice(1)}g` }, /secret is not 64 hexadecimal/],
    ['no IV header', { ivHex: undefined }, /no X-Initialization-Vector header/],
    ['no tag header', { tagHex: undefined }, /no X-Authentication-Tag header/],
    ['an empty tag header', { tagHex: '' }, /no X-Authentication-Tag header/],
    ['an odd IV', { ivHex: IV.slice(1) }, /X-Initialization-Vector is not an even number/],
    ['an odd tag', { tagHex: TAG.slice(1) }, /X-Authentication-Tag is not an even number/],
    ['a short tag', { tagHex: PUBLISHED_TAG_PREFIX }, /X-Authentication-Tag is not 16 bytes/],
    ['a body that is not hex', { body: 'not hex at all' }, /body is not an even number/],
    ['an odd body', { body: CIPHERTEXT.slice(1) }, /body is not an even number/],
    ['an empty body', { body: '' }, /body is empty/],
    ['JSON without encryptedBody', { body: '{"type":"PAYMENT"}' }, /without an encryptedBody/],
    ['broken JSON', { body: '{"encryptedBody":' }, /without an encryptedBody/],
  ] as const)('refuses %s', (_what, change, why) => {
    const result = openOppWebhook({ secretHex: KEY, ivHex: IV, tagHex: TAG, body: CIPHERTEXT, ...change });
    expect(result).toEqual({ ok: false, why: expect.stringMatching(why) as string });
  });

  it('refuses a plaintext that is not UTF-8, though authentic', () => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(KEY, 'hex'), Buffer.from(IV, 'hex'));
    const body = Buffer.concat([cipher.update(Buffer.from([0xff, 0xfe, 0x7b])), cipher.final()]).toString('hex');
    const tagHex = cipher.getAuthTag().toString('hex');
    expect(openOppWebhook({ secretHex: KEY, ivHex: IV, tagHex, body })).toEqual({
      ok: false,
      why: 'the decrypted body is not UTF-8',
    });
  });

  it('never quotes the body, the key or the plaintext', () => {
    const secret = 'ab'.repeat(32);
    const plaintext = '{"type":"PAYMENT","payload":{"id":"8ac7a4a1secretish","card":{"holder":"Jane Doe"}}}';
    const sealed = encrypt(secret, IV, plaintext);
    const attempts = [
      { secretHex: OTHER_KEY, ivHex: IV, tagHex: sealed.tag, body: sealed.ciphertext },
      { secretHex: secret, ivHex: IV, tagHex: flipped(sealed.tag, 0), body: sealed.ciphertext },
      { secretHex: secret.slice(1), ivHex: IV, tagHex: sealed.tag, body: sealed.ciphertext },
      { secretHex: secret, ivHex: IV, tagHex: sealed.tag, body: `${sealed.ciphertext}zz` },
      { secretHex: secret, ivHex: IV, tagHex: sealed.tag, body: `{"encryptedBody":${sealed.ciphertext}` },
    ];
    for (const attempt of attempts) {
      const result = openOppWebhook(attempt);
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result).toLowerCase();
      for (const secretish of [secret, secret.slice(1), sealed.ciphertext.toLowerCase(), 'jane doe', 'secretish'])
        expect(text).not.toContain(secretish);
      expect(text).not.toContain(sealed.ciphertext.slice(0, 16).toLowerCase());
    }
  });
});
