import { describe, expect, it } from 'vitest';
import { TillConfigSchema } from './schema.ts';

/**
 * The `online` section: the gateway a till takes payment links on. A live or
 * training till must have both of Worldline Direct's secrets and reach it
 * over TLS; a demo till needs neither.
 */

const BASE = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
};
const DIRECT = { merchantId: 'KassaShop', apiKeyId: 'A1B2C3', webhookKeyId: 'WH-1' };
const SECRETS = { secretApiKey: 'qwertyuiop1234567890', webhookSecret: 'asdfghjkl0987654321' };

function problems(config: Record<string, unknown>): string[] {
  const parsed = TillConfigSchema.safeParse({ ...BASE, ...config });
  return (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('online.provider "worldline-direct"', () => {
  it('takes a demo till with the ids alone, and fills in the link timings', () => {
    const parsed = TillConfigSchema.parse({
      ...BASE,
      mode: 'demo',
      online: { provider: 'worldline-direct', worldlineDirect: DIRECT },
    });
    expect(parsed.online).toStrictEqual({
      provider: 'worldline-direct',
      linkExpiryMinutes: 15,
      graceSeconds: 120,
      askEverySeconds: 10,
      worldlineDirect: DIRECT,
    });
  });

  it('asks a live till for both secrets, naming each', () => {
    expect(problems({ mode: 'live', online: { provider: 'worldline-direct', worldlineDirect: DIRECT } })).toEqual([
      expect.stringMatching(/^online\.worldlineDirect\.secretApiKey: is required outside demo mode/),
      expect.stringMatching(/^online\.worldlineDirect\.webhookSecret: is required outside demo mode/),
    ]);
    expect(
      problems({ mode: 'live', online: { provider: 'worldline-direct', worldlineDirect: { ...DIRECT, ...SECRETS } } }),
    ).toEqual([]);
  });

  it('refuses plain http to another machine outside demo mode: the key signs every request', () => {
    const at = (baseUrl: string) =>
      problems({
        mode: 'training',
        online: { provider: 'worldline-direct', worldlineDirect: { ...DIRECT, ...SECRETS, baseUrl } },
      });
    expect(at('http://payments.example.com')).toEqual([
      'online.worldlineDirect.baseUrl: must be https (or loopback): the API key signs every request',
    ]);
    expect(at('http://127.0.0.1:8090')).toEqual([]);
    expect(at('https://payment.preprod.direct.worldline-solutions.com')).toEqual([]);
  });

  it('refuses a link that lives less than two minutes, an unknown gateway and asking more often than every 5 s', () => {
    expect(
      problems({
        mode: 'demo',
        online: { provider: 'worldline-direct', worldlineDirect: DIRECT, linkExpiryMinutes: 1, askEverySeconds: 1 },
      }),
    ).toEqual([
      expect.stringMatching(/^online\.linkExpiryMinutes: /),
      expect.stringMatching(/^online\.askEverySeconds: /),
    ]);
    expect(problems({ mode: 'demo', online: { provider: 'stripe' } })).toEqual([
      'online.provider: provider must be "worldline-direct" or "opp"',
    ]);
  });

  it('takes null for a till that takes no link payments', () => {
    expect(TillConfigSchema.parse({ ...BASE, mode: 'demo', online: null }).online).toBeNull();
  });
});
