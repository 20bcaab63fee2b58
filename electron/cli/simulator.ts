import { parseArgs } from 'node:util';
import type { Logger } from '../logging/logger.ts';
import { GATEWAY_MODULES } from '../payments/providers/gateway-registry.ts';
import { TERMINAL_MODULES } from '../payments/providers/registry.ts';
import type { SimulatorCommand } from '../payments/providers/terminal-module.ts';
import { parsePort, UsageError } from './arguments.ts';

/**
 * `kassa simulator [--provider NAME]`: runs a provider's cloud simulator on
 * 127.0.0.1 until Ctrl+C. The options every simulator takes are read here;
 * each provider's module brings its own options and its start.
 */

export const DEFAULT_SIMULATOR_PORT = 4320;

/** Card terminal providers first (the default is the first), then the online gateways. */
const SIMULATED: readonly { name: string; simulator: SimulatorCommand }[] = [...TERMINAL_MODULES, ...GATEWAY_MODULES];
const [DEFAULT_PROVIDER] = SIMULATED;
const names = SIMULATED.map((module) => module.name);

export const SIMULATOR_USAGE = `kassa simulator [--port N] [--api-key KEY] [--time-scale X] [--provider ${names.join('|')}]
                [the provider's own options]

Runs a card terminal provider's cloud simulator, or an online gateway's (default ${DEFAULT_PROVIDER?.name ?? 'none'}).
Prints its address, API key and terminals. Stop with Ctrl+C.

  --port N                 port on 127.0.0.1 (default ${DEFAULT_SIMULATOR_PORT}; 0 picks a free one)
  --api-key KEY            the key clients must send (default: random per start)
  --time-scale X           1 is real time; 0.01 runs the 150-second rules in 1.5 s (default 1)

${SIMULATED.map((module) => module.simulator.usage).join('\n\n')}

Magic amounts and the control API are described in the README.`;

export function parseTimeScale(text: string | undefined): number {
  if (text === undefined) return 1;
  const scale = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(scale > 0) || scale > 100) {
    throw new UsageError(`--time-scale must be a number above 0 and at most 100 (got "${text}")`);
  }
  return scale;
}

export async function simulator(argv: readonly string[], logger: Logger): Promise<number> {
  const own = Object.assign({}, ...SIMULATED.map((module) => module.simulator.options)) as Record<
    string,
    { type: 'string'; multiple?: boolean }
  >;
  const parsed = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      'time-scale': { type: 'string' },
      provider: { type: 'string' },
      ...own,
    },
    strict: true,
    allowPositionals: false,
  });
  const values: Readonly<Record<string, string | string[] | boolean | undefined>> = parsed.values;
  const apiKey = typeof values['api-key'] === 'string' ? values['api-key'] : undefined;
  if (apiKey?.trim() === '') throw new UsageError('--api-key must not be empty');
  const provider = typeof values.provider === 'string' ? values.provider : DEFAULT_PROVIDER?.name;
  const chosen = SIMULATED.find((module) => module.name === provider);
  if (chosen === undefined) {
    throw new UsageError(`--provider must be ${names.join(' or ')} (got "${String(provider)}")`);
  }
  const foreign = Object.keys(own).filter(
    (option) => values[option] !== undefined && !(option in chosen.simulator.options),
  );
  if (foreign.length > 0) {
    throw new UsageError(
      `--${foreign.join(', --')} ${foreign.length === 1 ? 'is' : 'are'} not for the ${chosen.name} simulator`,
    );
  }
  let running;
  try {
    running = await chosen.simulator.start({
      port: parsePort(typeof values.port === 'string' ? values.port : undefined, DEFAULT_SIMULATOR_PORT),
      apiKey,
      timeScale: parseTimeScale(typeof values['time-scale'] === 'string' ? values['time-scale'] : undefined),
      values,
      logger,
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
