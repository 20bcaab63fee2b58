import { startWorldlineDirectSimulator } from '../../simulators/worldline-direct/simulator.ts';
import type { SimulatorCommand } from '../providers/terminal-module.ts';

/** `kassa simulator --provider worldline-direct`: Worldline Direct's payment links, payments and refunds. */

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const DEFAULTS = {
  merchantId: 'KassaDemoShop',
  apiKeyId: 'KASSA-DEMO-KEY',
  secretApiKey: 'kassa-demo-secret-api-key',
  webhookKeyId: 'KASSA-DEMO-WEBHOOK',
  webhookSecret: 'kassa-demo-webhook-secret',
} as const;

export const DIRECT_SIMULATOR: SimulatorCommand = {
  usage: `With --provider worldline-direct it runs the Worldline Direct (v2) simulator: payment links
with a hosted page to pay them on, card payments, refunds, signed webhooks (GCS v1HMAC).

  --merchant-id M          the merchant in the paths (default ${DEFAULTS.merchantId})
  --api-key-id ID          the API key id requests are signed with (default ${DEFAULTS.apiKeyId})
  --secret-api-key S       its secret (default ${DEFAULTS.secretApiKey})
  --webhook-key-id K       the webhook key id (default ${DEFAULTS.webhookKeyId})
  --webhook-secret W       the webhook secret (default ${DEFAULTS.webhookSecret})`,
  options: {
    'merchant-id': { type: 'string' },
    'api-key-id': { type: 'string' },
    'secret-api-key': { type: 'string' },
    'webhook-key-id': { type: 'string' },
    'webhook-secret': { type: 'string' },
  },
  async start({ port, timeScale, values, logger }) {
    const options = {
      merchantId: text(values['merchant-id']) ?? DEFAULTS.merchantId,
      apiKeyId: text(values['api-key-id']) ?? DEFAULTS.apiKeyId,
      secretApiKey: text(values['secret-api-key']) ?? DEFAULTS.secretApiKey,
      webhookKeyId: text(values['webhook-key-id']) ?? DEFAULTS.webhookKeyId,
      webhookSecret: text(values['webhook-secret']) ?? DEFAULTS.webhookSecret,
    };
    const simulator = await startWorldlineDirectSimulator({ port, timeScale, logger, ...options });
    return {
      describe: () =>
        [
          `Worldline Direct simulator at ${simulator.url}`,
          `merchant ${options.merchantId}, API key id ${options.apiKeyId}, webhook key id ${options.webhookKeyId}`,
          `control API under ${simulator.url}/_simulator/`,
        ].join('\n'),
      close: () => simulator.close(),
    };
  },
};
