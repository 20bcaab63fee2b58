import type { TillConfig, WorldlinePaymentConfig } from '../../../shared/config/schema.ts';
import { chosenApiKey } from '../../config/api-key.ts';
import { ConfigError } from '../../config/load-config.ts';
import type { Logger } from '../../logging/logger.ts';
import { startWorldlineSimulator } from '../../simulators/worldline/simulator.ts';
import type { RetryPolicy } from './cloud-client.ts';
import { createTerminalReadings, type TerminalReadings } from './terminal-readings.ts';

/**
 * What the main process needs to reach a till's Worldline terminal: the
 * Terminal API host, the UMID and UTID, the key, and where the cloud posts
 * results. A demo till without `baseUrl` starts the embedded Worldline
 * simulator and points the till at it, as for Adyen.
 */

export interface WorldlineTerminalConnection {
  readonly provider: 'worldline';
  /** The UTID. */
  readonly terminalId: string;
  /** The UMID. */
  readonly merchantId: string;
  /** Names this till in every request (Header.InitiatingParty). */
  readonly initiatingPartyId: string;
  readonly baseUrl: string;
  /** Secret: stays in main, never logged, never sent to the renderer. */
  readonly apiKey: string;
  /** Where requests go, for people. */
  readonly target: string;
  readonly webhookRetries: number;
  /**
   * The public address results are posted under: `webhooks.publicUrl`, or for
   * the embedded simulator the till's own listener once it listens.
   */
  webhookBase: string | undefined;
  /** Whether the listener's own address is the webhook base (the embedded simulator on this machine). */
  readonly webhookOnLoopback: boolean;
  /** Reachability as the till's requests find it, for the status bar. */
  readonly readings: TerminalReadings;
  /** How a throttled request is sent again; the cloud client's backoff unless a test shortens its waits. */
  readonly retry?: RetryPolicy;
  close(): Promise<void>;
}

export const WORLDLINE_API_KEY_ENV = 'KASSA_WORLDLINE_API_KEY';

/** Worldline's published integration host; production hosts come with the API key. */
export const WORLDLINE_TEST_BASE_URL = 'https://api.terminal.iacc.global.worldline-solutions.com';

export async function connectWorldlineTerminal(
  config: TillConfig,
  worldline: WorldlinePaymentConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv },
): Promise<WorldlineTerminalConnection> {
  const env = options.env ?? process.env;
  const common = {
    provider: 'worldline' as const,
    terminalId: worldline.terminalId,
    merchantId: worldline.merchantId,
    initiatingPartyId: worldline.initiatingPartyId ?? config.till.id,
    webhookRetries: worldline.webhookRetries,
    readings: createTerminalReadings(),
  };

  if (config.mode === 'demo' && worldline.baseUrl === undefined) {
    const simulator = await startWorldlineSimulator({
      logger: options.logger,
      port: 0,
      merchantId: worldline.merchantId,
      terminals: [{ utid: worldline.terminalId }],
    });
    options.logger.info('terminal.simulator_started', { url: simulator.url, utid: worldline.terminalId });
    return {
      ...common,
      baseUrl: simulator.url,
      apiKey: simulator.apiKey,
      target: 'the embedded Worldline simulator',
      webhookBase: undefined,
      webhookOnLoopback: true,
      close: () => simulator.close(),
    };
  }

  const apiKey = chosenApiKey({
    configured: worldline.apiKey,
    env,
    envName: WORLDLINE_API_KEY_ENV,
    section: 'worldline',
    provider: 'Worldline',
    mode: config.mode,
  });
  const environment = worldline.environment ?? (config.mode === 'live' ? 'live' : 'test');
  const baseUrl = worldline.baseUrl ?? (environment === 'test' ? WORLDLINE_TEST_BASE_URL : undefined);
  if (baseUrl === undefined) {
    throw new ConfigError(
      'payment.worldline.baseUrl: Worldline does not publish its production host; ' +
        'set the Terminal API address Worldline gave with the API key.',
    );
  }
  return {
    ...common,
    baseUrl,
    apiKey,
    target: worldline.baseUrl ?? "Worldline's integration environment",
    webhookBase: config.webhooks?.publicUrl,
    webhookOnLoopback: false,
    close: () => Promise.resolve(),
  };
}
