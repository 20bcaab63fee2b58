import { describe, expect, it } from 'vitest';
import { requestHash, sha512Hex, validationHash } from './hash.ts';
import { signedRequest, TEST_SECRET } from './testing/harness.ts';

/** The simulator's SHA-512 code against Worldnet's published vectors and the contract's own. */

const PUBLISHED = {
  TERMINALID: '678002',
  ORDERID: '300145858',
  CURRENCY: 'EUR',
  AMOUNT: '325.56',
  DATETIME: '15-3-2006:10:43:01:673',
};

describe('the simulator hash', () => {
  it('matches the published request vector, hashing DATETIME unpadded as sent', () => {
    const expected =
      '5b39821025c33a3c37560196f36af68668e46e82afc4017434d72e62dbc4c06781afc6364e992d5594656fb185c901ece65adf85e8822832b8985f602e533eba';
    expect(sha512Hex('678002:300145858:325.56:15-3-2006:10:43:01:673:x4n35c32RT')).toBe(expected);
    expect(requestHash(PUBLISHED, TEST_SECRET, 'single')).toBe(expected);
    // Padding the day or month, as a careless client would, is another hash.
    expect(requestHash({ ...PUBLISHED, DATETIME: '15-03-2006:10:43:01:673' }, TEST_SECRET, 'single')).not.toBe(
      expected,
    );
  });

  it('matches the published validation vectors, single and multi-currency', () => {
    const fields = { ...PUBLISHED, RESPONSECODE: 'A', RESPONSETEXT: 'APPROVAL' };
    expect(validationHash(fields, TEST_SECRET, 'single')).toBe(
      '30bac61fa65314f8d17cc57247e4fb28cb5075607b66af356a933226234f75f51ce6744fbea70ba4b559175f932f48a68f413e74d0d24ff09db0cec0be581a02',
    );
    expect(validationHash({ ...fields, TERMINALID: '678002MC' }, TEST_SECRET, 'multi')).toBe(
      '9cf5bdea11446e961c3c1ab5154c849ab1e8048fac18c27a95436b346866dbb6e51f591f1af319848664b2ccc44949f74082010f3c495beae8387b0e1b140650',
    );
  });

  it('hashes an empty RESPONSETEXT dropped with its colon or kept as an empty element (…901, …902)', () => {
    const fields = { ...PUBLISHED, RESPONSECODE: 'A', RESPONSETEXT: '' };
    const dropped = validationHash(fields, TEST_SECRET, 'single', 'dropped');
    const kept = validationHash(fields, TEST_SECRET, 'single', 'kept');
    expect(dropped).toBe(sha512Hex('678002:300145858:325.56:15-3-2006:10:43:01:673:A:x4n35c32RT'));
    expect(kept).toBe(sha512Hex('678002:300145858:325.56:15-3-2006:10:43:01:673:A::x4n35c32RT'));
    // The contract's [SELF] vectors, as far as it prints them.
    expect(dropped.slice(0, 8)).toBe('04ea50e3');
    expect(dropped.slice(-8)).toBe('f55bb81d');
    expect(kept.slice(0, 8)).toBe('18b39f4b');
    expect(kept.slice(-8)).toBe('93db4a30');
  });

  it('drops absent optional request elements with their colons and puts CURRENCY after ORDERID only in multi mode', () => {
    const urls = {
      RECEIPTPAGEURL: 'https://shop.example/receipt',
      VALIDATIONURL: 'https://till.example/worldnet/validation',
    };
    expect(requestHash({ ...PUBLISHED, ...urls }, TEST_SECRET, 'single')).toBe(
      sha512Hex(
        '678002:300145858:325.56:15-3-2006:10:43:01:673:https://shop.example/receipt:https://till.example/worldnet/validation:x4n35c32RT',
      ),
    );
    expect(requestHash({ ...PUBLISHED, VALIDATIONURL: urls.VALIDATIONURL }, TEST_SECRET, 'multi')).toBe(
      sha512Hex(
        '678002:300145858:EUR:325.56:15-3-2006:10:43:01:673:https://till.example/worldnet/validation:x4n35c32RT',
      ),
    );
    // The test harness signs with its own code; the two agree on a request with every element.
    const signed = signedRequest(
      {
        orderId: 'KN1',
        amount: '12.50',
        currency: 'GBP',
        dateTime: '1-1-2026:00:00:00:000',
        receiptPageUrl: urls.RECEIPTPAGEURL,
        validationUrl: urls.VALIDATIONURL,
      },
      { mode: 'multi' },
    );
    const fields = {
      TERMINALID: '678002',
      ORDERID: 'KN1',
      CURRENCY: 'GBP',
      AMOUNT: '12.50',
      DATETIME: '1-1-2026:00:00:00:000',
      ...urls,
    };
    expect(requestHash(fields, TEST_SECRET, 'multi')).toBe(signed.HASH);
    expect(requestHash(fields, TEST_SECRET, 'single')).not.toBe(signed.HASH);
  });
});
