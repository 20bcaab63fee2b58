import { parseArgs } from 'node:util';
import { chosenConfigFile, configLayers, redactConfig, resolveConfig } from '../config/load-config.ts';

/**
 * `kassa config`: the configuration a till would run with, and where each
 * layer came from, with every secret replaced by "[redacted]". What IT
 * attaches to a ticket, and what they check after changing a file.
 */

export const CONFIG_USAGE = `kassa config [--config FILE] [--json]

Prints the till's effective configuration, secrets redacted, and the layers it
was merged from: built-in defaults, the machine file (/etc/kassa/config.json,
or %ProgramData%\\Kassa\\config.json on Windows), --config FILE or
$KASSA_CONFIG, then KASSA_CONFIG__SECTION__KEY environment variables.
Exits 2 when the configuration is not valid, saying which key in which layer.

  --config FILE  the till's configuration file (default: $KASSA_CONFIG)
  --json         print only the effective configuration, as JSON`;

export interface ShowConfigIo {
  env?: NodeJS.ProcessEnv;
  output?: (text: string) => void;
  /** Tests name their own machine file (or none); the real one otherwise. */
  machineFile?: string | null;
}

export function showConfig(argv: readonly string[], io: ShowConfigIo = {}): number {
  const env = io.env ?? process.env;
  const output = io.output ?? ((text: string) => process.stdout.write(text));
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const layers = configLayers({
    configFile: chosenConfigFile(values.config, env),
    env,
    ...(io.machineFile === undefined ? {} : { machineFile: io.machineFile }),
  });
  const effective = JSON.stringify(redactConfig(resolveConfig(layers)), null, 2);
  if (values.json) {
    output(`${effective}\n`);
    return 0;
  }
  output(`Layers, later ones winning:\n${layers.map((layer) => `  - ${layer.source}`).join('\n')}\n\n${effective}\n`);
  return 0;
}
