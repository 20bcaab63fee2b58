import { describe, expect, it } from 'vitest';
import { canonicalHeaderValue, signature, stringToSign } from './auth.ts';

/** The official Direct Node SDK's own test vectors (__tests__/unit/utils/v1hmac.test.ts). */
const DATE = 'Fri, 06 Jun 2014 13:39:43 GMT';
const THREE_HEADERS = [
  ['X-GCS-ServerMetaInfo', 'processed header value'],
  ['X-GCS-ClientMetaInfo', 'processed header value'],
  ['X-GCS-CustomerHeader', 'processed header value'],
] as const;

describe('GCS v1HMAC', () => {
  it('matches the SDK vector for a DELETE with X-GCS headers', () => {
    const toSign = stringToSign({
      method: 'DELETE',
      contentType: 'application/json',
      date: DATE,
      gcsHeaders: THREE_HEADERS,
      resource: '/v2/9991/tokens/123456789',
    });
    expect(signature('secretApiKey', toSign)).toBe('eyLWp/Fa20rXs8UHlhD/13ZuqZkAVMJh9Z71n9TrFxM=');
  });

  it('signs an empty content-type line for GET, whatever the header says', () => {
    const toSign = stringToSign({
      method: 'GET',
      contentType: 'application/json',
      date: DATE,
      gcsHeaders: [['User-Agent', 'not signed']],
      resource: '/v2/9991/tokens/123456789',
    });
    expect(signature('6Kj5HT0MQKC6D8eb7W3lTg71kVKVDSt1', toSign)).toBe('Y3E5YaU3oQCt4osEotLGb9W0cMclIzlCpvbaD1KhWxE=');
  });

  it('uses a base64-looking secret as text', () => {
    const secret = 'I42Zf4pVnRdroHfuHnRiJjJ2B6+22h0yQt/R3nZR8Xg=';
    const get = stringToSign({
      method: 'GET',
      contentType: '',
      date: DATE,
      gcsHeaders: [],
      resource: '/v2/1/tokens/123456789',
    });
    expect(signature(secret, get)).toBe('UpOoo/pmmj7tW03IbEcw2WtJURFCKL2/J6hqMc+1h1I=');
    const del = stringToSign({
      method: 'DELETE',
      contentType: 'application/json',
      date: DATE,
      gcsHeaders: THREE_HEADERS,
      resource: '/v2/1/tokens/123456789',
    });
    expect(signature(secret, del)).toBe('TbiTwCCsGsyFFnfWt5Rreg0cGYJeTiofxjuZNSLUuGo=');
  });

  it('folds header values as the SDKs do', () => {
    expect(canonicalHeaderValue('aap\nnoot  ')).toBe('aap noot');
    expect(canonicalHeaderValue(' aap\r\n  noot')).toBe('aap noot');
    expect(canonicalHeaderValue(' some value  \r\n \n with  some \r\n  spaces ')).toBe(
      'some value    with  some  spaces',
    );
  });
});
