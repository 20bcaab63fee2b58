import { startOppSimulator } from '../../simulators/opp/simulator.ts';
import type { SimulatorCommand } from '../providers/terminal-module.ts';

/** `kassa simulator --provider opp`: ACI's Open Payment Platform, pay by link, deposits and refunds. */

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The demo's credentials, shared with the demo configuration so a till in
 * demo mode and `kassa simulator --provider opp` agree without typing. The
 * entity id has the 32-character shape of ACI's; the webhook secret is 64
 * hex characters (the AES-256 key), here "kassa-demo-opp-webhook-secret-01".
 */
export const OPP_DEMO = {
  entityId: '8ac7a4c8kassademo000000000000001',
  token: 'kassa-demo-opp-token',
  webhookSecret: '6b617373612d64656d6f2d6f70702d776562686f6f6b2d7365637265742d3031',
} as const;

export const OPP_SIMULATOR: SimulatorCommand = {
  usage: `With --provider opp it runs the ACI Open Payment Platform (OPP) simulator: pay by link with a
page to pay on, card debits and pre-authorisations, captures, refunds and reversals, status questions
throttled to two a minute, and AES-256-GCM encrypted webhooks.

  --entity-id ID           the entityId every call carries (default ${OPP_DEMO.entityId})
  --token T                the Bearer access token (default ${OPP_DEMO.token})
  --webhook-secret HEX     the webhook listener's secret, 64 hex characters (default: the demo's)
  --webhook-url URL        where webhooks go (default: none until set under /_simulator/webhook-url)`,
  options: {
    'entity-id': { type: 'string' },
    token: { type: 'string' },
    'webhook-secret': { type: 'string' },
    'webhook-url': { type: 'string' },
  },
  async start({ port, timeScale, values, logger }) {
    const webhookUrl = text(values['webhook-url']);
    const simulator = await startOppSimulator({
      port,
      timeScale,
      logger,
      entityId: text(values['entity-id']) ?? OPP_DEMO.entityId,
      token: text(values.token) ?? OPP_DEMO.token,
      webhookSecret: text(values['webhook-secret']) ?? OPP_DEMO.webhookSecret,
      ...(webhookUrl === undefined ? {} : { webhookUrl }),
    });
    return { describe: () => simulator.describe(), close: () => simulator.close() };
  },
};
