import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig, WorldlineDirectConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import type { Logger } from '../../logging/logger.ts';
import { startWorldlineDirectSimulator } from '../../simulators/worldline-direct/simulator.ts';
import { createDirectClient, type DirectClient } from './direct-client.ts';

/**
 * What the main process needs to reach a till's Worldline Direct merchant:
 * the host, the merchant, a signing client, the webhook secrets and where the
 * gateway posts this till's webhooks. A demo till without `baseUrl` starts
 * the embedded Direct simulator (with demo-only keys) and points the till at it.
 */
export interface DirectConnection {
  /** The gateway as the payment book names it: `worldline-direct:<merchant>`. */
  readonly terminalId: string;
  readonly merchantId: string;
  readonly saleSystemId: string;
  readonly client: DirectClient;
  /** Key id → webhook secret; secrets stay in main, never logged. */
  readonly webhookSecrets: ReadonlyMap<string, string>;
  /** Where requests go, for people. */
  readonly target: string;
  readonly baseUrl: string;
  /** The webhook address given with each link: under `webhooks.publicUrl`, or the listener's own for the simulator. */
  webhookBase: string | undefined;
  readonly webhookOnLoopback: boolean;
  /** A test's handle on the embedded simulator (demo mode only). */
  readonly simulator: Awaited<ReturnType<typeof startWorldlineDirectSimulator>> | undefined;
  close(): Promise<void>;
}

/** Worldline's published hosts (online-gateways.md §3.1). */
export const DIRECT_HOSTS = {
  training: 'https://payment.preprod.direct.worldline-solutions.com',
  live: 'https://payment.direct.worldline-solutions.com',
} as const;

/** Demo-only keys for the embedded simulator: they sign nothing outside this machine. */
const DEMO_KEYS = { secretApiKey: 'kassa-demo-secret-api-key', webhookSecret: 'kassa-demo-webhook-secret' } as const;

/** Each request's own deadline: Direct's SDK has none. */
const REQUEST_TIMEOUT_MS = 20_000;

export async function connectDirect(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeScale?: number },
): Promise<DirectConnection> {
  if (online.provider !== 'worldline-direct') throw new ConfigError('online.provider is not "worldline-direct"');
  const direct: WorldlineDirectConfig = online.worldlineDirect;
  const common = {
    terminalId: `worldline-direct:${direct.merchantId}`,
    merchantId: direct.merchantId,
    saleSystemId: config.till.id,
  };
  const publicUrl = config.webhooks?.publicUrl?.replace(/\/+$/, '');

  if (config.mode === 'demo' && direct.baseUrl === undefined) {
    const simulator = await startWorldlineDirectSimulator({
      port: 0,
      merchantId: direct.merchantId,
      apiKeyId: direct.apiKeyId,
      secretApiKey: DEMO_KEYS.secretApiKey,
      webhookKeyId: direct.webhookKeyId,
      webhookSecret: DEMO_KEYS.webhookSecret,
      ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
      logger: options.logger,
    });
    options.logger.info('online.simulator_started', { url: simulator.url, merchantId: direct.merchantId });
    return {
      ...common,
      client: createDirectClient({
        baseUrl: simulator.url,
        merchantId: direct.merchantId,
        apiKeyId: direct.apiKeyId,
        secretApiKey: DEMO_KEYS.secretApiKey,
        timeoutMs: REQUEST_TIMEOUT_MS,
      }),
      webhookSecrets: new Map([[direct.webhookKeyId, DEMO_KEYS.webhookSecret]]),
      target: 'the embedded Worldline Direct simulator',
      baseUrl: simulator.url,
      webhookBase: undefined,
      webhookOnLoopback: true,
      simulator,
      close: () => simulator.close(),
    };
  }

  const secretApiKey = direct.secretApiKey ?? (config.mode === 'demo' ? DEMO_KEYS.secretApiKey : undefined);
  const webhookSecret = direct.webhookSecret ?? (config.mode === 'demo' ? DEMO_KEYS.webhookSecret : undefined);
  if (secretApiKey === undefined || webhookSecret === undefined) {
    throw new ConfigError('online.worldlineDirect needs secretApiKey and webhookSecret (from the Merchant Portal).');
  }
  const baseUrl = direct.baseUrl ?? (config.mode === 'live' ? DIRECT_HOSTS.live : DIRECT_HOSTS.training);
  return {
    ...common,
    client: createDirectClient({
      baseUrl,
      merchantId: direct.merchantId,
      apiKeyId: direct.apiKeyId,
      secretApiKey,
      timeoutMs: REQUEST_TIMEOUT_MS,
    }),
    webhookSecrets: new Map([[direct.webhookKeyId, webhookSecret]]),
    target: baseUrl,
    baseUrl,
    webhookBase: publicUrl,
    webhookOnLoopback: false,
    simulator: undefined,
    close: () => Promise.resolve(),
  };
}
