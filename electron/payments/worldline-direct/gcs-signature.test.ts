import { describe, expect, it } from 'vitest';
import { authorizationHeader, foldHeaderValue, rfc1123, signature, stringToSign } from './gcs-signature.ts';

/**
 * The published vectors of the official Node SDK
 * (`__tests__/unit/utils/v1hmac.test.ts`), each re-run against the installed
 * onlinepayments-sdk-nodejs 6.2.0 authenticator. A stored older copy of that
 * test file expects other values for the two DELETE cases (it signs no
 * content type for DELETE); 6.2.0 signs it, and so do we.
 */

const DATE = 'Fri, 06 Jun 2014 13:39:43 GMT';
const PROCESSED = 'processed header value';
const THREE_GCS = {
  'X-GCS-ServerMetaInfo': PROCESSED,
  'X-GCS-ClientMetaInfo': PROCESSED,
  'X-GCS-CustomerHeader': PROCESSED,
};
const KEY_ID = '5e45c937b9db33ae';
const BASE64_LOOKING_SECRET = 'I42Zf4pVnRdroHfuHnRiJjJ2B6+22h0yQt/R3nZR8Xg=';

describe('GCS v1HMAC signature', () => {
  it('signs a DELETE with its content type and the three X-GCS headers', () => {
    const input = {
      method: 'DELETE',
      contentType: 'application/json',
      date: DATE,
      headers: THREE_GCS,
      path: '/v2/9991/tokens/123456789',
    };
    expect(stringToSign(input)).toBe(
      'DELETE\napplication/json\nFri, 06 Jun 2014 13:39:43 GMT\n' +
        'x-gcs-clientmetainfo:processed header value\nx-gcs-customerheader:processed header value\n' +
        'x-gcs-servermetainfo:processed header value\n/v2/9991/tokens/123456789\n',
    );
    expect(signature('secretApiKey', input)).toBe('eyLWp/Fa20rXs8UHlhD/13ZuqZkAVMJh9Z71n9TrFxM=');
  });

  it('signs a GET with an empty content-type line', () => {
    const input = { method: 'GET', contentType: '', date: DATE, headers: {}, path: '/v2/9991/tokens/123456789' };
    expect(signature('6Kj5HT0MQKC6D8eb7W3lTg71kVKVDSt1', input)).toBe('Y3E5YaU3oQCt4osEotLGb9W0cMclIzlCpvbaD1KhWxE=');
  });

  it('signs an empty content-type line for a GET even when a Content-Type is sent, and ignores non-X-GCS headers', () => {
    const input = {
      method: 'GET',
      contentType: 'application/json',
      date: DATE,
      headers: { 'User-Agent': 'Apache-HttpClient/4.3.4 (java 1.5)', Date: DATE, 'Content-Type': 'application/json' },
      path: '/v2/1/tokens/123456789',
    };
    expect(authorizationHeader(KEY_ID, BASE64_LOOKING_SECRET, input)).toBe(
      'GCS v1HMAC:5e45c937b9db33ae:UpOoo/pmmj7tW03IbEcw2WtJURFCKL2/J6hqMc+1h1I=',
    );
  });

  it('uses a base64-looking secret as its text, and sorts the X-GCS headers whatever order they come in', () => {
    const input = {
      method: 'DELETE',
      contentType: 'application/json',
      date: DATE,
      headers: { 'User-Agent': 'Apache-HttpClient/4.3.4 (java 1.5)', ...THREE_GCS, Date: DATE },
      path: '/v2/1/tokens/123456789',
    };
    expect(authorizationHeader(KEY_ID, BASE64_LOOKING_SECRET, input)).toBe(
      'GCS v1HMAC:5e45c937b9db33ae:TbiTwCCsGsyFFnfWt5Rreg0cGYJeTiofxjuZNSLUuGo=',
    );
  });

  it('changes when the path, the query or the date changes', () => {
    const base = { method: 'GET', contentType: '', date: DATE, headers: {}, path: '/v2/1/payments/1_0' };
    const signed = signature('s', base);
    expect(signature('s', { ...base, path: '/v2/1/payments/2_0' })).not.toBe(signed);
    expect(signature('s', { ...base, path: '/v2/1/payments/1_0?x=1' })).not.toBe(signed);
    expect(signature('s', { ...base, date: 'Fri, 06 Jun 2014 13:39:44 GMT' })).not.toBe(signed);
    expect(signature('s', base)).toBe(signed);
  });
});

describe('header folding', () => {
  it.each([
    ['aap\nnoot  ', 'aap noot'],
    [' aap\r\n  noot', 'aap noot'],
    [' some value  \r\n \n with  some \r\n  spaces ', 'some value    with  some  spaces'],
  ])('folds %j to %j', (raw, folded) => {
    expect(foldHeaderValue(raw)).toBe(folded);
  });
});

describe('rfc1123', () => {
  it('writes the published date', () => {
    expect(rfc1123(new Date(Date.UTC(2014, 5, 6, 13, 39, 43)))).toBe(DATE);
  });

  it('pads single digits and writes GMT whatever the local zone', () => {
    expect(rfc1123(new Date('2026-01-04T03:04:05.678Z'))).toBe('Sun, 04 Jan 2026 03:04:05 GMT');
  });
});
