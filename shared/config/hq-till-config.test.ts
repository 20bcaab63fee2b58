import { describe, expect, it } from 'vitest';
import { TillConfigSchema } from './schema.ts';

/**
 * The `hq` section: where the till sends its records. The token goes with
 * every request, so only over TLS outside demo mode (or to this machine); an
 * Adyen till in async mode may have its results through HQ instead of a
 * listener of its own.
 */

const BASE = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
};
const ADYEN_ASYNC = {
  provider: 'adyen',
  mode: 'async',
  adyen: { poiId: 'V400m-324688179', merchantAccount: 'Shop', apiKey: 'AQE-key-0123456789' },
};

function problems(config: Record<string, unknown>): string[] {
  const parsed = TillConfigSchema.safeParse({ ...BASE, ...config });
  return (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('hq', () => {
  it('takes an https address and fills in the defaults', () => {
    const parsed = TillConfigSchema.parse({ ...BASE, mode: 'live', hq: { url: 'https://hq.chain.example' } });
    expect(parsed.hq).toStrictEqual({ url: 'https://hq.chain.example', relayWebhooks: false, pushEverySeconds: 5 });
  });

  it('refuses plain http to another machine outside demo mode, and takes it to loopback or in demo mode', () => {
    expect(problems({ mode: 'live', hq: { url: 'http://hq.chain.example' } })).toEqual([
      expect.stringMatching(/^hq\.url: must use https in live mode, or point at this machine/),
    ]);
    expect(problems({ mode: 'training', hq: { url: 'http://127.0.0.1:8080' } })).toEqual([]);
    expect(problems({ mode: 'demo', hq: { url: 'http://hq.lan:8080' } })).toEqual([]);
  });

  it('refuses what is not an address, a password in it, a typo and a code that cannot be one', () => {
    expect(problems({ mode: 'demo', hq: { url: 'hq.chain.example' } })).toEqual([
      'hq.url: must be the http(s) address of Kassa HQ',
    ]);
    expect(problems({ mode: 'live', hq: { url: 'https://till:secret@hq.chain.example' } })).toEqual([
      expect.stringMatching(/^hq\.url: must not contain a user name or password/),
    ]);
    expect(problems({ mode: 'live', hq: { url: 'https://hq.example', pushEverySecond: 5 } })).toEqual([
      expect.stringMatching(/^hq: Unrecognized key/),
    ]);
    expect(problems({ mode: 'live', hq: { url: 'https://hq.example', enrolmentCode: 'ABCD-EFGH' } })).toEqual([
      'hq.enrolmentCode: must be the 16-character code HQ gave (e.g. ABCD-EFGH-JKLM-NPQR)',
    ]);
    expect(problems({ mode: 'live', hq: { url: 'https://hq.example', enrolmentCode: 'abcd efgh jkmn pqr2' } })).toEqual(
      [],
    );
    expect(problems({ mode: 'live', hq: { url: 'https://hq.example', pushEverySeconds: 0 } })).toEqual([
      expect.stringMatching(/^hq\.pushEverySeconds: /),
    ]);
  });

  it('lets an Adyen till in async mode have its results through HQ instead of a webhooks section', () => {
    expect(problems({ mode: 'live', payment: ADYEN_ASYNC })).toEqual([
      expect.stringMatching(/^payment\.mode: async needs a webhooks section .* or hq\.relayWebhooks: true/),
    ]);
    expect(
      problems({ mode: 'live', payment: ADYEN_ASYNC, hq: { url: 'https://hq.example', relayWebhooks: true } }),
    ).toEqual([]);
  });

  it('relays no Worldline results: HQ takes Adyen’s notifications only', () => {
    const worldline = {
      provider: 'worldline',
      mode: 'async',
      worldline: { merchantId: '12345678', terminalId: '60001234', baseUrl: 'https://terminal.example' },
    };
    expect(
      problems({ mode: 'training', payment: worldline, hq: { url: 'https://hq.example', relayWebhooks: true } }),
    ).toEqual(
      expect.arrayContaining([
        "hq.relayWebhooks: HQ relays Adyen's notifications only; a Worldline till needs its own webhooks section",
      ]),
    );
  });
});
