import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig, WorldnetConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import type { Logger } from '../../logging/logger.ts';
import { startWorldnetSimulator, type WorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import { createMerchantApi, type MerchantApi } from './merchant-api.ts';
import { WORLDNET_DEMO } from './simulator-command.ts';

/**
 * What the main process needs to reach a till's Worldnet terminal: where its
 * payment page and Merchant API are, the terminal's secret (both hashes), the
 * API client when a key is set. A demo till without `baseUrl` starts the
 * embedded simulator with the demo terminal's secret and key.
 */
export interface WorldnetConnection {
  /** The gateway as the payment book names it: `worldnet:<terminalId>`. */
  readonly terminalId: string;
  readonly worldnetTerminalId: string;
  readonly saleSystemId: string;
  readonly secret: string;
  readonly currencyMode: WorldnetConfig['currencyMode'];
  readonly paymentPageUrl: string;
  readonly receiptPageUrl: string | undefined;
  readonly api: MerchantApi | undefined;
  readonly target: string;
  readonly webhookOnLoopback: boolean;
  /** A test's handle on the embedded simulator (demo mode only). */
  readonly simulator: WorldnetSimulator | undefined;
  close(): Promise<void>;
}

/** Worldnet's hosts (online-gateways.md §3.3): the live one is third-party knowledge, so `baseUrl` may replace it. */
export const WORLDNET_HOSTS = {
  training: 'https://testpayments.worldnettps.com',
  live: 'https://payments.worldnettps.com',
} as const;

const REQUEST_TIMEOUT_MS = 20_000;

export async function connectWorldnet(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeScale?: number },
): Promise<WorldnetConnection> {
  if (online.provider !== 'worldnet') throw new ConfigError('online.provider is not "worldnet"');
  const worldnet = online.worldnet;
  const common = {
    terminalId: `worldnet:${worldnet.terminalId}`,
    worldnetTerminalId: worldnet.terminalId,
    saleSystemId: config.till.id,
    currencyMode: worldnet.currencyMode,
    receiptPageUrl: worldnet.receiptPageUrl,
  };
  const api = (baseUrl: string, apiKey: string | undefined) =>
    apiKey === undefined
      ? undefined
      : createMerchantApi({
          baseUrl,
          apiPath: worldnet.apiPath,
          apiKey,
          integrationId: worldnet.integrationId,
          terminalId: worldnet.terminalId,
          timeoutMs: REQUEST_TIMEOUT_MS,
        });

  if (config.mode === 'demo' && worldnet.baseUrl === undefined) {
    const simulator = await startWorldnetSimulator({
      port: 0,
      terminalId: worldnet.terminalId,
      secret: WORLDNET_DEMO.secret,
      currencyMode: worldnet.currencyMode,
      apiKey: WORLDNET_DEMO.apiKey,
      paymentPagePath: worldnet.paymentPagePath,
      ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
      logger: options.logger,
    });
    options.logger.info('online.simulator_started', { url: simulator.url, terminal: worldnet.terminalId });
    return {
      ...common,
      secret: WORLDNET_DEMO.secret,
      paymentPageUrl: `${simulator.url}${worldnet.paymentPagePath}`,
      api: api(simulator.url, WORLDNET_DEMO.apiKey),
      target: 'the embedded Worldnet simulator',
      webhookOnLoopback: true,
      simulator,
      close: () => simulator.close(),
    };
  }

  const secret = worldnet.secret ?? (config.mode === 'demo' ? WORLDNET_DEMO.secret : undefined);
  if (secret === undefined) throw new ConfigError('online.worldnet needs the terminal’s secret (from Selfcare).');
  const baseUrl = worldnet.baseUrl ?? (config.mode === 'live' ? WORLDNET_HOSTS.live : WORLDNET_HOSTS.training);
  return {
    ...common,
    secret,
    paymentPageUrl: `${baseUrl.replace(/\/+$/, '')}${worldnet.paymentPagePath}`,
    api: api(baseUrl, worldnet.apiKey ?? (config.mode === 'demo' ? WORLDNET_DEMO.apiKey : undefined)),
    target: baseUrl,
    webhookOnLoopback: false,
    simulator: undefined,
    close: () => Promise.resolve(),
  };
}
