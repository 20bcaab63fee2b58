import { describe, expect, it } from 'vitest';
import { DEMO_TERMINALS, TillConfigSchema } from './schema.ts';

/**
 * The payment section for both providers: what a till must say about a
 * Worldline terminal, and the rules it shares with Adyen (environment agrees
 * with mode, async needs somewhere for results to arrive).
 */

const BASE = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'en-GB',
  currency: 'EUR',
};
const WORLDLINE = { merchantId: '12345678', terminalId: '60001234' };

function problems(config: Record<string, unknown>): string[] {
  const parsed = TillConfigSchema.safeParse({ ...BASE, ...config });
  return (parsed.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('payment.provider "worldline"', () => {
  it('takes a demo till with only the UMID and UTID, with its defaults', () => {
    const parsed = TillConfigSchema.parse({
      ...BASE,
      mode: 'demo',
      payment: { provider: 'worldline', worldline: WORLDLINE },
    });
    expect(parsed.payment).toStrictEqual({
      provider: 'worldline',
      mode: 'sync',
      resultTimeoutSeconds: 150,
      worldline: { ...WORLDLINE, webhookRetries: 3 },
    });
  });

  it("gives a demo till that names the provider alone the embedded simulator's terminal, as for Adyen", () => {
    for (const provider of ['adyen', 'worldline'] as const) {
      const parsed = TillConfigSchema.parse({ ...BASE, mode: 'demo', payment: { provider } });
      expect(parsed.payment).toMatchObject({ provider, [provider]: DEMO_TERMINALS[provider] });
    }
    // Outside demo mode the terminal is the configuration's to name.
    expect(problems({ mode: 'training', payment: { provider: 'worldline' } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^payment\.worldline: /)]),
    );
  });

  it('needs the production host for a live till, since Worldline does not publish it', () => {
    expect(problems({ mode: 'live', payment: { provider: 'worldline', worldline: WORLDLINE } })).toStrictEqual([
      'payment.worldline.baseUrl: a live till needs the Terminal API address Worldline gave with its API key',
    ]);
  });

  it('keeps a training till off the live environment', () => {
    expect(
      problems({
        mode: 'training',
        payment: { provider: 'worldline', worldline: { ...WORLDLINE, environment: 'live' } },
      }),
    ).toStrictEqual(["payment.worldline.environment: a training till uses Worldline's test environment"]);
  });

  it('needs a public address for async results, and no basic-auth credentials', () => {
    const payment = { provider: 'worldline', mode: 'async', worldline: WORLDLINE };
    expect(problems({ mode: 'training', payment })).toStrictEqual([
      'payment.mode: async needs a webhooks section (listen, publicUrl) where Worldline can deliver results',
    ]);
    expect(problems({ mode: 'training', payment, webhooks: { listen: '0.0.0.0:8443' } })).toStrictEqual([
      "webhooks.publicUrl: is needed for Worldline's async mode: results are posted to addresses under it",
    ]);
    expect(
      problems({
        mode: 'training',
        payment,
        webhooks: { listen: '0.0.0.0:8443', publicUrl: 'https://till.example/kassa' },
      }),
    ).toStrictEqual([]);
  });

  it('refuses a plain-http host outside demo mode, and credentials in the URL', () => {
    const worldline = { ...WORLDLINE, baseUrl: 'http://user:pw@terminal-api.example' };
    expect(problems({ mode: 'training', payment: { provider: 'worldline', worldline } })).toStrictEqual([
      'payment.worldline.baseUrl: must not contain a user name or password; the API key goes in payment.worldline.apiKey',
      'payment.worldline.baseUrl: must use https in training mode, or point at this machine (127.0.0.1)',
    ]);
  });

  it('names an unknown provider, and a section that belongs to the other one', () => {
    expect(problems({ mode: 'demo', payment: { provider: 'ingenico' } })).toStrictEqual([
      'payment.provider: provider must be "adyen" or "worldline"',
    ]);
    expect(problems({ mode: 'demo', payment: { provider: 'worldline', adyen: { poiId: 'P400Plus-1' } } })).toEqual(
      expect.arrayContaining(['payment.worldline: Invalid input: expected object, received undefined']),
    );
  });
});

describe('API keys', () => {
  it('refuse a key with a space or control character, which would make every request fail quoting it', () => {
    for (const provider of ['adyen', 'worldline'] as const) {
      const section =
        provider === 'adyen' ? { poiId: 'P400Plus-123456789', merchantAccount: 'Shop' } : { ...WORLDLINE };
      const payment = { provider, [provider]: { ...section, apiKey: 'AQE-key\u0007part' } };
      expect(problems({ mode: 'training', payment })).toStrictEqual([
        `payment.${provider}.apiKey: must be the key as issued: letters, digits and punctuation, no spaces`,
      ]);
    }
  });
});

describe('a Worldline till in async mode', () => {
  it('takes results only over https outside demo mode: each address carries its token', () => {
    const payment = { provider: 'worldline', mode: 'async', worldline: WORLDLINE };
    expect(
      problems({
        mode: 'training',
        payment,
        webhooks: { listen: '0.0.0.0:8443', publicUrl: 'http://till.example/kassa' },
      }),
    ).toStrictEqual([
      "webhooks.publicUrl: must use https in training mode: Worldline's results carry their token in it",
    ]);
  });
});

describe('webhooks for Adyen', () => {
  it('still need the user name and password Adyen sends', () => {
    const payment = { provider: 'adyen', adyen: { poiId: 'P400Plus-123456789', merchantAccount: 'Shop' } };
    expect(problems({ mode: 'training', payment, webhooks: { listen: '0.0.0.0:8443' } })).toStrictEqual([
      "webhooks.username: is needed: Adyen's event URL sends it with every notification",
      "webhooks.password: is needed: Adyen's event URL sends it with every notification",
    ]);
  });
});
