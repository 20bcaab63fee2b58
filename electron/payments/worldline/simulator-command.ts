import { DEFAULT_MERCHANT_ID, DEFAULT_UTID, startWorldlineSimulator } from '../../simulators/worldline/simulator.ts';
import type { SimulatorCommand } from '../providers/terminal-module.ts';

/** `kassa simulator --provider worldline`: the Worldline Terminal API simulator and its terminals. */

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const WORLDLINE_SIMULATOR: SimulatorCommand = {
  usage: `With --provider worldline it runs the Worldline Terminal API simulator instead:
/api/v1/merchants/{umid}/terminals/{utid}/payments[/sync], Bearer key, results
posted to each request's WebhookUrl.

  --utid ID                a terminal's UTID; repeat for more (default ${DEFAULT_UTID})
  --merchant-id UMID       the merchant in the paths (default ${DEFAULT_MERCHANT_ID})`,
  options: {
    utid: { type: 'string', multiple: true },
    'merchant-id': { type: 'string' },
  },
  start({ port, apiKey, timeScale, values, logger }) {
    const merchantId = text(values['merchant-id']);
    const utids = Array.isArray(values.utid) ? values.utid : undefined;
    return startWorldlineSimulator({
      logger,
      port,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(merchantId === undefined ? {} : { merchantId }),
      ...(utids === undefined ? {} : { terminals: utids.map((utid) => ({ utid })) }),
      timeScale,
    });
  },
};
