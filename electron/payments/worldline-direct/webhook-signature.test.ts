import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature, type WebhookHeaders } from './webhook-signature.ts';

/**
 * The SDK's published webhook vector: its body is rebuilt here from the
 * fixture, and the sha256 of the rebuilt bytes is checked first, so a wrong
 * reconstruction fails loudly instead of making every later test meaningless.
 */

interface Vector {
  keyId: string;
  secret: string;
  signature: string;
  bodyBytes: number;
  bodySha256: string;
  body: { created: string };
}

const vector = JSON.parse(readFileSync(new URL('./testing/webhook-vector.json', import.meta.url), 'utf8')) as Vector;
const bodyText = JSON.stringify(vector.body, null, 2);
const body = Buffer.from(bodyText, 'utf8');
const secrets = new Map([[vector.keyId, vector.secret]]);
const headers: WebhookHeaders = { 'x-gcs-signature': vector.signature, 'x-gcs-keyid': vector.keyId };

describe('the published vector', () => {
  it('is rebuilt byte for byte', () => {
    expect(body.length).toBe(vector.bodyBytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(vector.bodySha256);
  });

  it('verifies', () => {
    expect(webhookSignature(vector.secret, body)).toBe(vector.signature);
    expect(verifyWebhookSignature(body, headers, secrets)).toEqual({ kind: 'verified', keyId: 'dummy-key-id' });
  });

  it('verifies with headers as headersDistinct gives them, and in any letter case', () => {
    const distinct = { 'x-gcs-signature': [vector.signature], 'x-gcs-keyid': [vector.keyId] };
    expect(verifyWebhookSignature(body, distinct, secrets).kind).toBe('verified');
    const shouted = { 'X-GCS-SIGNATURE': vector.signature, 'X-Gcs-KeyId': vector.keyId };
    expect(verifyWebhookSignature(body, shouted, secrets).kind).toBe('verified');
  });

  it('fails when `created` is one second different', () => {
    const shifted = Buffer.from(
      bodyText.replace('"2017-02-02T11:24:14.040+0100"', '"2017-02-02T11:24:15.040+0100"'),
      'utf8',
    );
    expect(shifted.length).toBe(body.length);
    expect(verifyWebhookSignature(shifted, headers, secrets)).toMatchObject({
      kind: 'refused',
      reason: 'bad_signature',
    });
  });

  it('fails when the body is re-serialised (whitespace counts)', () => {
    const compact = Buffer.from(JSON.stringify(vector.body), 'utf8');
    expect(verifyWebhookSignature(compact, headers, secrets)).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('refusals', () => {
  it.each<[string, WebhookHeaders, ReadonlyMap<string, string>, string]>([
    ['no signature header', { 'x-gcs-keyid': vector.keyId }, secrets, 'missing_signature'],
    ['no key id header', { 'x-gcs-signature': vector.signature }, secrets, 'missing_key_id'],
    [
      'an empty headersDistinct entry',
      { 'x-gcs-signature': [], 'x-gcs-keyid': vector.keyId },
      secrets,
      'missing_signature',
    ],
    [
      'the signature twice',
      { 'x-gcs-signature': [vector.signature, vector.signature], 'x-gcs-keyid': vector.keyId },
      secrets,
      'duplicate_signature',
    ],
    [
      'the key id twice',
      { 'x-gcs-signature': vector.signature, 'x-gcs-keyid': [vector.keyId, vector.keyId] },
      secrets,
      'duplicate_key_id',
    ],
    [
      'the signature under two spellings',
      { 'x-gcs-signature': vector.signature, 'X-GCS-Signature': vector.signature, 'x-gcs-keyid': vector.keyId },
      secrets,
      'duplicate_signature',
    ],
    ['a key id we hold no secret for', headers, new Map([['other-key', vector.secret]]), 'unknown_key_id'],
    ['the wrong secret for the key id', headers, new Map([[vector.keyId, `1${vector.secret}`]]), 'bad_signature'],
    [
      'a longer signature',
      { 'x-gcs-signature': `1${vector.signature}`, 'x-gcs-keyid': vector.keyId },
      secrets,
      'bad_signature',
    ],
  ])('refuses %s', (_what, given, keys, reason) => {
    const verdict = verifyWebhookSignature(body, given, keys);
    expect(verdict).toMatchObject({ kind: 'refused', reason });
  });

  it('never quotes the secret or the body', () => {
    const cases: WebhookHeaders[] = [{}, headers, { 'x-gcs-signature': 'x', 'x-gcs-keyid': vector.keyId }];
    for (const given of cases) {
      for (const keys of [secrets, new Map<string, string>()]) {
        const verdict = verifyWebhookSignature(body, given, keys);
        if (verdict.kind === 'refused') {
          expect(verdict.message).not.toContain(vector.secret);
          expect(verdict.message).not.toContain('8ee793f6');
          expect(verdict.message).not.toContain(webhookSignature(vector.secret, body));
        }
      }
    }
  });
});

describe('against the official SDK', () => {
  it('signs what the SDK’s own webhook validator accepts, and refuses what it refuses', async () => {
    const { webhooks } = await import('onlinepayments-sdk-nodejs');
    const keys = new Map([['till-key', 'ünïcode secret+/=']]);
    const sdk = webhooks.init({
      getSecretKey: (keyId: string) => {
        const secret = keys.get(keyId);
        return secret === undefined ? Promise.reject(new Error('no key')) : Promise.resolve(secret);
      },
    });
    const payload = Buffer.from(JSON.stringify({ ...vector.body, id: 'other-event', note: 'café' }, null, 1), 'utf8');
    const signed = { 'x-gcs-signature': webhookSignature('ünïcode secret+/=', payload), 'x-gcs-keyid': 'till-key' };
    await expect(sdk.validate(payload, signed)).resolves.toBeUndefined();
    expect(verifyWebhookSignature(payload, signed, keys).kind).toBe('verified');

    const tampered = Buffer.from(payload.toString('utf8').replace('café', 'cafe'), 'utf8');
    await expect(sdk.validate(tampered, signed)).rejects.toThrow();
    expect(verifyWebhookSignature(tampered, signed, keys)).toMatchObject({ reason: 'bad_signature' });
  });
});
