import type { TillConfig } from '../../../shared/config/schema.ts';
import type { OnlinePaymentsConfig, OppConfig } from '../../../shared/config/online-schema.ts';
import { ConfigError } from '../../config/load-config.ts';
import type { Logger } from '../../logging/logger.ts';
import { startOppSimulator, type OppSimulator } from '../../simulators/opp/simulator.ts';
import { createOppClient, type OppClient } from './opp-client.ts';
import { OPP_DEMO } from './simulator-command.ts';

/**
 * What the main process needs to reach a till's OPP entity: the host, the
 * entity, a client with the access token, the webhook listener's secret, and
 * where OPP posts webhooks. A demo till without `baseUrl` starts the embedded
 * OPP simulator (with demo-only secrets) and points the till at it.
 */
export interface OppConnection {
  /** The gateway as the payment book names it: `opp:<entityId>`. */
  readonly terminalId: string;
  readonly entityId: string;
  readonly saleSystemId: string;
  readonly client: OppClient;
  /** The listener secret (64 hex): stays in main, never logged. */
  readonly webhookSecret: string;
  readonly target: string;
  readonly baseUrl: string;
  readonly webhookOnLoopback: boolean;
  /** A test's handle on the embedded simulator (demo mode only). */
  readonly simulator: OppSimulator | undefined;
  close(): Promise<void>;
}

/** ACI's hosts (online-gateways.md §3.2); the live one is UNVERIFIED, so `baseUrl` may replace it. */
export const OPP_HOSTS = {
  training: 'https://eu-test.oppwa.com',
  live: 'https://eu-prod.oppwa.com',
} as const;

/** Each request's own deadline (Peach waits 30 s for a webhook answer; the till waits less for its own calls). */
const REQUEST_TIMEOUT_MS = 20_000;

export async function connectOpp(
  config: TillConfig,
  online: OnlinePaymentsConfig,
  options: { logger: Logger; timeScale?: number },
): Promise<OppConnection> {
  if (online.provider !== 'opp') throw new ConfigError('online.provider is not "opp"');
  const opp: OppConfig = online.opp;
  const common = { terminalId: `opp:${opp.entityId}`, entityId: opp.entityId, saleSystemId: config.till.id };
  const clientOptions = {
    entityId: opp.entityId,
    payByLinkPath: opp.payByLinkPath,
    timeoutMs: REQUEST_TIMEOUT_MS,
  };

  if (config.mode === 'demo' && opp.baseUrl === undefined) {
    const simulator = await startOppSimulator({
      port: 0,
      entityId: opp.entityId,
      token: OPP_DEMO.token,
      webhookSecret: OPP_DEMO.webhookSecret,
      holdValidDays: opp.holdValidDays,
      // The embedded simulator's minute is the configured limit's: a demo (or a test) told OPP takes two
      // questions per 3 s meets a simulated platform whose minute, pending payments and webhooks all run that fast.
      timeScale: options.timeScale ?? opp.statusLimit.perSeconds / 60,
      statusPerMinute: opp.statusLimit.questions,
      logger: options.logger,
    });
    options.logger.info('online.simulator_started', { url: simulator.url, entityId: opp.entityId });
    return {
      ...common,
      client: createOppClient({ ...clientOptions, baseUrl: simulator.url, token: OPP_DEMO.token }),
      webhookSecret: OPP_DEMO.webhookSecret,
      target: 'the embedded OPP simulator',
      baseUrl: simulator.url,
      webhookOnLoopback: true,
      simulator,
      close: () => simulator.close(),
    };
  }

  const token = opp.accessToken ?? (config.mode === 'demo' ? OPP_DEMO.token : undefined);
  const webhookSecret = opp.webhookSecret ?? (config.mode === 'demo' ? OPP_DEMO.webhookSecret : undefined);
  if (token === undefined || webhookSecret === undefined) {
    throw new ConfigError("online.opp needs accessToken and webhookSecret (from ACI's back office).");
  }
  const baseUrl = opp.baseUrl ?? (config.mode === 'live' ? OPP_HOSTS.live : OPP_HOSTS.training);
  return {
    ...common,
    client: createOppClient({ ...clientOptions, baseUrl, token }),
    webhookSecret,
    target: baseUrl,
    baseUrl,
    webhookOnLoopback: false,
    simulator: undefined,
    close: () => Promise.resolve(),
  };
}
