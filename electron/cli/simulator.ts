import { parseArgs } from 'node:util';
import { credentialsOutOfUrl, type EventUrl } from '../simulators/adyen/event-delivery.ts';
import type { Logger } from '../logging/logger.ts';
import { DEFAULT_MERCHANT_ACCOUNT, DEFAULT_POIID, startAdyenSimulator } from '../simulators/adyen/simulator.ts';
import { DEFAULT_MERCHANT_ID, DEFAULT_UTID, startWorldlineSimulator } from '../simulators/worldline/simulator.ts';
import { parsePort, UsageError } from './arguments.ts';

export const DEFAULT_SIMULATOR_PORT = 4320;

export const SIMULATOR_USAGE = `kassa simulator [--port N] [--api-key KEY] [--poiid ID]... [--merchant-account NAME]
                [--event-url URL]... [--time-scale X]
kassa simulator --provider worldline [--port N] [--api-key KEY] [--utid ID]... [--merchant-id UMID]
                [--time-scale X]

Runs the Adyen cloud terminal simulator on 127.0.0.1: both Terminal API
endpoint families (/sync, /async and /v1/merchants/…/devices/…), the device
status endpoints and a control API for scripting faults. Prints its address,
API key, merchant account and terminals. Stop with Ctrl+C.

  --port N                 port on 127.0.0.1 (default ${DEFAULT_SIMULATOR_PORT}; 0 picks a free one)
  --api-key KEY            the X-API-Key clients must send (default: random per start)
  --poiid ID               a terminal, MODEL-SERIAL; repeat for more (default ${DEFAULT_POIID})
  --merchant-account NAME  the merchant account in Cloud device API paths (default ${DEFAULT_MERCHANT_ACCOUNT})
  --event-url URL          where async results and notifications are posted; repeat for more;
                           basic auth as https://user:password@host/path
  --time-scale X           1 is real time; 0.01 runs the 150-second rules in 1.5 s (default 1)

With --provider worldline it runs the Worldline Terminal API simulator instead:
/api/v1/merchants/{umid}/terminals/{utid}/payments[/sync], Bearer key, results
posted to each request's WebhookUrl.

  --utid ID                a terminal's UTID; repeat for more (default ${DEFAULT_UTID})
  --merchant-id UMID       the merchant in the paths (default ${DEFAULT_MERCHANT_ID})

Magic amounts and the control API are described in the README.`;

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

export function parseTimeScale(text: string | undefined): number {
  if (text === undefined) return 1;
  const scale = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(scale > 0) || scale > 100) {
    throw new UsageError(`--time-scale must be a number above 0 and at most 100 (got "${text}")`);
  }
  return scale;
}

export async function simulator(argv: readonly string[], logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      poiid: { type: 'string', multiple: true },
      'merchant-account': { type: 'string' },
      'event-url': { type: 'string', multiple: true },
      'time-scale': { type: 'string' },
      provider: { type: 'string' },
      utid: { type: 'string', multiple: true },
      'merchant-id': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const apiKey = values['api-key'];
  if (apiKey?.trim() === '') throw new UsageError('--api-key must not be empty');
  const provider = values.provider ?? 'adyen';
  if (provider !== 'adyen' && provider !== 'worldline') {
    throw new UsageError(`--provider must be adyen or worldline (got "${provider}")`);
  }
  const foreign =
    provider === 'worldline'
      ? (['poiid', 'merchant-account', 'event-url'] as const).filter((option) => values[option] !== undefined)
      : (['utid', 'merchant-id'] as const).filter((option) => values[option] !== undefined);
  if (foreign.length > 0) {
    throw new UsageError(
      `--${foreign.join(', --')} ${foreign.length === 1 ? 'is' : 'are'} not for the ${provider} simulator`,
    );
  }
  let running;
  try {
    running =
      provider === 'worldline'
        ? await startWorldlineSimulator({
            logger,
            port: parsePort(values.port, DEFAULT_SIMULATOR_PORT),
            ...(apiKey === undefined ? {} : { apiKey }),
            ...(values['merchant-id'] === undefined ? {} : { merchantId: values['merchant-id'] }),
            ...(values.utid === undefined ? {} : { terminals: values.utid.map((utid) => ({ utid })) }),
            timeScale: parseTimeScale(values['time-scale']),
          })
        : await startAdyenSimulator({
            logger,
            port: parsePort(values.port, DEFAULT_SIMULATOR_PORT),
            ...(apiKey === undefined ? {} : { apiKey }),
            ...(values['merchant-account'] === undefined ? {} : { merchantAccount: values['merchant-account'] }),
            ...(values.poiid === undefined ? {} : { terminals: values.poiid.map((poiid) => ({ poiid })) }),
            eventUrls: (values['event-url'] ?? []).map(parseEventUrl),
            timeScale: parseTimeScale(values['time-scale']),
          });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  process.stdout.write(`${running.describe()}\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await running.close();
  return 0;
}
