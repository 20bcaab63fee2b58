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
      'online.provider: provider must be "worldline-direct", "opp" or "worldnet"',
    ]);
  });

  it('takes null for a till that takes no link payments', () => {
    expect(TillConfigSchema.parse({ ...BASE, mode: 'demo', online: null }).online).toBeNull();
  });
});

describe('online.provider "worldnet"', () => {
  const WORLDNET = { terminalId: '4479001' };
  const WEBHOOKS = { listen: '0.0.0.0:8443', username: 'adyen-events', password: 'a-long-password-123' };

  it('takes a demo till with the terminal id alone, single-currency, on Worldnet’s documented paths', () => {
    const parsed = TillConfigSchema.parse({
      ...BASE,
      mode: 'demo',
      online: { provider: 'worldnet', worldnet: WORLDNET },
    });
    expect(parsed.online).toMatchObject({
      provider: 'worldnet',
      worldnet: {
        terminalId: '4479001',
        currencyMode: 'single',
        paymentPagePath: '/merchant/paymentpage',
        apiPath: '/merchant/api/v1',
      },
    });
  });

  it('asks a live till for the terminal’s secret, an https host and a public address for the phone and Worldnet', () => {
    expect(
      problems({
        mode: 'live',
        online: { provider: 'worldnet', worldnet: { ...WORLDNET, baseUrl: 'http://worldnet.example' } },
        webhooks: WEBHOOKS,
      }),
    ).toEqual([
      expect.stringMatching(/^online\.worldnet\.secret: is required outside demo mode/),
      expect.stringMatching(/^online\.worldnet\.baseUrl: must be https/),
      expect.stringMatching(/^webhooks\.publicUrl: is required for Worldnet outside demo mode/),
    ]);
    expect(
      problems({
        mode: 'live',
        online: {
          provider: 'worldnet',
          worldnet: { ...WORLDNET, secret: 'terminal-secret-123', currencyMode: 'multi' },
        },
        webhooks: { ...WEBHOOKS, publicUrl: 'https://till-1.shop.example/kassa' },
      }),
    ).toEqual([]);
    expect(problems({ mode: 'demo', online: { provider: 'worldnet', worldnet: { terminalId: 'T-1' } } })).toEqual([
      expect.stringMatching(/^online\.worldnet\.terminalId: must be the terminal id/),
    ]);
  });
});
