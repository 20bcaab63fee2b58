import { describe, expect, it } from 'vitest';
import { decryptWebhook } from './testing/harness.ts';
import { encryptNotification } from './webhook-crypto.ts';

/** The simulator's encryption against ACI's published example and an independent decryption. */

describe('webhook encryption', () => {
  it('reproduces the published vector (primeiropay "Integration and Decryption")', () => {
    const sealed = encryptNotification(
      '000102030405060708090A0B0C0D0E0F000102030405060708090A0B0C0D0E0F',
      '{"type": "PAYMENT"}',
      Buffer.from('3D575574536D450F71AC76D8', 'hex'),
    );
    expect(sealed.body).toBe('F8E2F759E528CB69375E51DB2AF9B53734E393');
    expect(sealed.iv).toBe('3D575574536D450F71AC76D8');
    // Only the first seven bytes of the tag are published.
    expect(sealed.tag).toMatch(/^19FDD068C6F383[0-9A-F]{18}$/);
  });

  it('decrypts with a merchant’s own node:crypto code, and a fresh 12-byte IV each time', () => {
    const secret = 'AB'.repeat(32);
    const plaintext = JSON.stringify({ type: 'PAYMENT', payload: { id: 'x', result: { code: '000.000.000' } } });
    const one = encryptNotification(secret, plaintext);
    const two = encryptNotification(secret, plaintext);
    expect(one.iv).toMatch(/^[0-9A-F]{24}$/);
    expect(one.iv).not.toBe(two.iv);
    expect(one.body).not.toBe(two.body);
    expect(decryptWebhook(secret, one.iv, one.tag, one.body)).toBe(plaintext);
    expect(decryptWebhook(secret.toLowerCase(), two.iv.toLowerCase(), two.tag, two.body.toLowerCase())).toBe(plaintext);
    // A changed byte fails the tag: the tag is the authentication.
    const tampered = `${one.body.slice(0, -2)}${one.body.endsWith('00') ? '01' : '00'}`;
    expect(() => decryptWebhook(secret, one.iv, one.tag, tampered)).toThrow();
  });

  it('refuses a secret that is not 64 hex characters', () => {
    expect(() => encryptNotification('kassa-secret', '{}')).toThrow(RangeError);
  });
});
