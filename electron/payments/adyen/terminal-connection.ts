import type { AdyenPaymentConfig, TillConfig } from '../../../shared/config/schema.ts';
import { chosenApiKey } from '../../config/api-key.ts';
import type { Logger } from '../../logging/logger.ts';
import { startAdyenSimulator } from '../../simulators/adyen/simulator.ts';
import { endpointsAt, endpointsFor, type AdyenEndpoints } from './endpoints.ts';

/**
 * What the main process needs to talk to a till's Adyen terminal: where, as
 * whom, and with which key. In demo mode it starts the embedded simulator
 * in-process and points the till at it, so `npm start` rings up a real card
 * flow over real HTTP with no account and no configuration.
 */

export interface AdyenTerminalConnection {
  readonly provider: 'adyen';
  readonly poiId: string;
  readonly merchantAccount: string;
  /** Names this till in every message: `payment.adyen.saleId`, else the till's id. */
  readonly saleId: string;
  readonly api: AdyenPaymentConfig['api'];
  readonly endpoints: AdyenEndpoints;
  /** Secret: stays in main, never logged, never sent to the renderer. */
  readonly apiKey: string;
  /** Where requests go, for people: "the embedded simulator", "Adyen test", a URL. */
  readonly target: string;
  /**
   * Points the embedded simulator's event notifications at the till's
   * listener; only a demo connection has one. Real terminals get their event
   * URL in Adyen's Customer Area.
   */
  readonly useEventUrl?: (target: { url: string; username: string; password: string }) => void;
  /** Stops what the connection started (the embedded simulator); safe to call twice. */
  close(): Promise<void>;
}

export const API_KEY_ENV = 'KASSA_ADYEN_API_KEY';

export async function connectAdyenTerminal(
  config: TillConfig,
  adyen: AdyenPaymentConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv },
): Promise<AdyenTerminalConnection> {
  const env = options.env ?? process.env;
  const endpoints = endpointsFor(config.mode, adyen);
  const common = {
    provider: 'adyen' as const,
    poiId: adyen.poiId,
    merchantAccount: adyen.merchantAccount,
    saleId: adyen.saleId ?? config.till.id,
    api: adyen.api,
  };

  if (endpoints === 'simulator') {
    const simulator = await startAdyenSimulator({
      logger: options.logger,
      port: 0,
      merchantAccount: adyen.merchantAccount,
      terminals: [{ poiid: adyen.poiId }],
    });
    options.logger.info('terminal.simulator_started', { url: simulator.url, poiid: adyen.poiId });
    return {
      ...common,
      endpoints: endpointsAt(simulator.url),
      apiKey: simulator.apiKey,
      target: 'the embedded Adyen simulator',
      useEventUrl: (target) => {
        simulator.setEventUrls([target]);
      },
      close: () => simulator.close(),
    };
  }

  const apiKey = chosenApiKey({
    configured: adyen.apiKey,
    env,
    envName: API_KEY_ENV,
    section: 'adyen',
    provider: 'Adyen',
    mode: config.mode,
  });
  const environment = adyen.environment ?? (config.mode === 'live' ? 'live' : 'test');
  const target =
    adyen.baseUrl ?? (environment === 'test' ? "Adyen's test environment" : `Adyen live (${adyen.region})`);
  return { ...common, endpoints, apiKey, target, close: () => Promise.resolve() };
}
