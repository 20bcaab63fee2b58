import { UsageError } from '../../cli/arguments.ts';
import { credentialsOutOfUrl, type EventUrl } from '../../simulators/adyen/event-delivery.ts';
import { DEFAULT_MERCHANT_ACCOUNT, DEFAULT_POIID, startAdyenSimulator } from '../../simulators/adyen/simulator.ts';
import type { SimulatorCommand } from '../providers/terminal-module.ts';

/** `kassa simulator` (Adyen is the default): the cloud terminal simulator, its terminals and event URLs. */

export function parseEventUrl(text: string): EventUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--event-url must be a full http(s) URL (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--event-url must start with http:// or https:// (got "${text}")`);
  }
  return credentialsOutOfUrl({ url: url.toString() });
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const ADYEN_SIMULATOR: SimulatorCommand = {
  usage: `Runs the Adyen cloud terminal simulator on 127.0.0.1: both Terminal API
endpoint families (/sync, /async and /v1/merchants/…/devices/…), the device
status endpoints and a control API for scripting faults.

  --poiid ID               a terminal, MODEL-SERIAL; repeat for more (default ${DEFAULT_POIID})
  --merchant-account NAME  the merchant account in Cloud device API paths (default ${DEFAULT_MERCHANT_ACCOUNT})
  --event-url URL          where async results and notifications are posted; repeat for more;
                           basic auth as https://user:password@host/path`,
  options: {
    poiid: { type: 'string', multiple: true },
    'merchant-account': { type: 'string' },
    'event-url': { type: 'string', multiple: true },
  },
  start({ port, apiKey, timeScale, values, logger }) {
    const merchantAccount = text(values['merchant-account']);
    const poiids = strings(values.poiid);
    return startAdyenSimulator({
      logger,
      port,
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(merchantAccount === undefined ? {} : { merchantAccount }),
      ...(poiids === undefined ? {} : { terminals: poiids.map((poiid) => ({ poiid })) }),
      eventUrls: (strings(values['event-url']) ?? []).map(parseEventUrl),
      timeScale,
    });
  },
};
