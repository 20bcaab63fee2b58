import type { AdyenTerminalConfig, TillConfig } from '../../../shared/config/schema.ts';
import { ConfigError } from '../../config/load-config.ts';
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
  readonly poiid: string;
  readonly merchantAccount: string;
  readonly api: AdyenTerminalConfig['api'];
  readonly endpoints: AdyenEndpoints;
  /** Secret: stays in main, never logged, never sent to the renderer. */
  readonly apiKey: string;
  /** Where requests go, for people: "the embedded simulator", "Adyen test", a URL. */
  readonly target: string;
  /** Stops what the connection started (the embedded simulator); safe to call twice. */
  close(): Promise<void>;
}

export const API_KEY_ENV = 'KASSA_ADYEN_API_KEY';

/** The terminal a demo till gets when its configuration names none: one on the embedded simulator. */
export const DEMO_TERMINAL: AdyenTerminalConfig = {
  provider: 'adyen',
  poiid: 'P400Plus-100000001',
  merchantAccount: 'KassaSimulatorMerchant',
  api: 'device',
  region: 'eu',
};

/**
 * The terminal a till uses: the one configured; none when set to null; for a
 * demo till that names none, the simulated one. Never a made-up terminal for
 * a training or live till.
 */
export function chosenTerminal(config: TillConfig): AdyenTerminalConfig | undefined {
  if (config.terminal === null) return undefined;
  return config.terminal ?? (config.mode === 'demo' ? DEMO_TERMINAL : undefined);
}

export async function connectAdyenTerminal(
  config: TillConfig,
  terminal: AdyenTerminalConfig,
  options: { logger: Logger; env?: NodeJS.ProcessEnv },
): Promise<AdyenTerminalConnection> {
  const env = options.env ?? process.env;
  const endpoints = endpointsFor(config.mode, terminal);
  const common = { poiid: terminal.poiid, merchantAccount: terminal.merchantAccount, api: terminal.api };

  if (endpoints === 'simulator') {
    const simulator = await startAdyenSimulator({
      logger: options.logger,
      port: 0,
      merchantAccount: terminal.merchantAccount,
      terminals: [{ poiid: terminal.poiid }],
    });
    options.logger.info('terminal.simulator_started', { url: simulator.url, poiid: terminal.poiid });
    return {
      ...common,
      endpoints: endpointsAt(simulator.url),
      apiKey: simulator.apiKey,
      target: 'the embedded Adyen simulator',
      close: () => simulator.close(),
    };
  }

  const envKey = env[API_KEY_ENV]?.trim();
  const apiKey = terminal.apiKey ?? (envKey === undefined || envKey === '' ? undefined : envKey);
  if (apiKey === undefined) {
    throw new ConfigError(
      `terminal.apiKey: a ${config.mode} till needs Adyen's API key to reach its terminal; ` +
        `set terminal.apiKey in the configuration file or ${API_KEY_ENV} in the environment.`,
    );
  }
  const target =
    terminal.baseUrl ?? (config.mode === 'training' ? "Adyen's test environment" : `Adyen live (${terminal.region})`);
  return { ...common, endpoints, apiKey, target, close: () => Promise.resolve() };
}
