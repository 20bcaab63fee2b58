import { afterEach, describe, expect, it } from 'vitest';
import { TillConfigSchema, type AdyenPaymentConfig, type TillConfig } from '../../../shared/config/schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import { createMemoryLogger } from '../../logging/logger.ts';
import { chosenPayment, DEMO_PAYMENT } from '../providers/chosen-payment.ts';
import { API_KEY_ENV, connectAdyenTerminal, type AdyenTerminalConnection } from './terminal-connection.ts';

const opened: AdyenTerminalConnection[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
});

function till(mode: TillConfig['mode'], adyen: Partial<AdyenPaymentConfig> = {}) {
  const config = TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'en-GB',
    currency: 'EUR',
    mode,
    payment: { provider: 'adyen', adyen: { poiId: 'P400Plus-123456789', merchantAccount: 'ShopNL', ...adyen } },
  });
  if (config.payment?.provider !== 'adyen') throw new Error('unreachable');
  return { config, adyen: config.payment.adyen };
}

async function connect(
  setup: ReturnType<typeof till>,
  env: NodeJS.ProcessEnv = {},
  logger = createMemoryLogger(),
): Promise<AdyenTerminalConnection> {
  const connection = await connectAdyenTerminal(setup.config, setup.adyen, { logger, env });
  opened.push(connection);
  return connection;
}

describe('connecting a till to its Adyen terminal', () => {
  it('starts the embedded simulator in demo mode and reaches the terminal over real HTTP', async () => {
    const connection = await connect(till('demo'));
    expect(connection.target).toBe('the embedded Adyen simulator');
    const status = await fetch(`${connection.endpoints.device}/merchants/ShopNL/devices/P400Plus-123456789/status`, {
      headers: { 'x-api-key': connection.apiKey },
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ deviceId: 'P400Plus-123456789', status: 'ONLINE' });

    await connection.close();
    await expect(fetch(`${connection.endpoints.legacy}/sync`, { method: 'POST' })).rejects.toThrow();
  });

  it('refuses to start a training or live till without an API key, naming where to put one', async () => {
    for (const mode of ['training', 'live'] as const) {
      const attempt = connect(till(mode));
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(/payment\.adyen\.apiKey.*KASSA_ADYEN_API_KEY/);
    }
  });

  it('takes the API key from the configuration first, else from the environment', async () => {
    const fromFile = await connect(till('training', { apiKey: 'from-file' }), { [API_KEY_ENV]: 'from-env' });
    expect(fromFile.apiKey).toBe('from-file');
    const fromEnv = await connect(till('live', { region: 'au' }), { [API_KEY_ENV]: ' from-env ' });
    expect(fromEnv.apiKey).toBe('from-env');
    expect(fromEnv.endpoints.device).toBe('https://device-api-live-au.adyen.com/v1');
    expect(fromEnv.target).toBe('Adyen live (au)');
  });

  it('never writes the API key to the log, whether made up or configured', async () => {
    const logger = createMemoryLogger();
    const connection = await connect(till('demo'), {}, logger);
    await connect(till('training', { apiKey: 'configured-secret-key' }), {}, logger);
    expect(JSON.stringify(logger.lines)).not.toContain(connection.apiKey);
    expect(JSON.stringify(logger.lines)).not.toContain('configured-secret-key');
  });

  it('gives a demo till that names no card setup the simulated terminal, and any other till none', () => {
    const { config } = till('demo');
    expect(chosenPayment({ ...config, payment: undefined })).toBe(DEMO_PAYMENT);
    expect(chosenPayment({ ...config, mode: 'training', payment: undefined })).toBeUndefined();
    expect(chosenPayment({ ...config, payment: null })).toBeUndefined();
    expect(chosenPayment(config)).toBe(config.payment);
  });
});
