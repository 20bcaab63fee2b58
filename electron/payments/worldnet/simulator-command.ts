import { startWorldnetSimulator } from '../../simulators/worldnet/simulator.ts';
import type { SimulatorCommand } from '../providers/terminal-module.ts';

/** `kassa simulator --provider worldnet`: Worldnet's hosted payment page, background validation and Merchant API. */

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The demo terminal's credentials, for the demo configuration to share, so a
 * till in demo mode and `kassa simulator --provider worldnet` agree without
 * typing. Worldnet terminal ids are digits (its examples use 678002); the
 * secret and key are plainly not real ones.
 */
export const WORLDNET_DEMO = {
  terminalId: '6491002',
  secret: 'kassa-demo-worldnet-secret',
  apiKey: 'kassa-demo-worldnet-api-key',
} as const;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * `--retry-schedule 1m,5m,15m,60m` → simulated ms. Each delay is a whole
 * number with `ms`, `s`, `m` or `h`; a bare number is minutes, as the
 * contract writes the schedule. `none` (or an empty value) means no retries.
 * A RangeError is a usage error.
 */
export function parseRetrySchedule(value: string): number[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  return trimmed.split(',').map((part) => {
    const match = /^(\d{1,6})(ms|s|m|h)?$/.exec(part.trim());
    if (match === null) {
      throw new RangeError(`--retry-schedule takes delays like 1m,5m,15m,60m (got "${part.trim()}")`);
    }
    return Number(match[1]) * (UNITS[match[2] ?? 'm'] ?? 60_000);
  });
}

function currencyMode(value: string | undefined): 'single' | 'multi' {
  if (value === undefined || value === 'single' || value === 'multi') return value ?? 'single';
  throw new RangeError(`--currency-mode must be single or multi (got "${value}")`);
}

export const WORLDNET_SIMULATOR: SimulatorCommand = {
  usage: `With --provider worldnet it runs the Worldnet (Payroc) simulator: the hosted payment page with
its SHA-512 request HASH, background validations POSTed to the till (retried until answered OK, then
the transaction expired and the merchant e-mailed), and the REST Merchant API (token, payments,
refunds, the transaction search).

  --terminal-id T          the terminal id (default ${WORLDNET_DEMO.terminalId})
  --secret S               the terminal's shared secret for both hashes (default: the demo's)
  --currency-mode M        single or multi (a multi-currency terminal hashes CURRENCY; default single)
  --validation-url URL     the terminal's Validation URL, for requests that send no VALIDATIONURL
  --retry-schedule LIST    simulated delays between validation tries (default 1m,5m,15m,60m)
  (--api-key K is the Merchant API key; default: the demo's)`,
  options: {
    'terminal-id': { type: 'string' },
    secret: { type: 'string' },
    'currency-mode': { type: 'string' },
    'validation-url': { type: 'string' },
    'retry-schedule': { type: 'string' },
  },
  async start({ port, apiKey, timeScale, values, logger }) {
    const validationUrl = text(values['validation-url']);
    const schedule = text(values['retry-schedule']);
    const simulator = await startWorldnetSimulator({
      port,
      timeScale,
      logger,
      terminalId: text(values['terminal-id']) ?? WORLDNET_DEMO.terminalId,
      secret: text(values.secret) ?? WORLDNET_DEMO.secret,
      currencyMode: currencyMode(text(values['currency-mode'])),
      apiKey: apiKey ?? WORLDNET_DEMO.apiKey,
      ...(validationUrl === undefined ? {} : { validationUrl }),
      ...(schedule === undefined ? {} : { retrySchedule: parseRetrySchedule(schedule) }),
    });
    return { describe: () => simulator.describe(), close: () => simulator.close() };
  },
};
