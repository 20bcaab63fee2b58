import type { TillConfig } from '../../shared/config/schema.ts';
import { chosenConfigFile, ConfigError, loadTillConfig } from '../config/load-config.ts';
import { fail, pass, type CheckOutcome } from './check.ts';

/**
 * The till's configuration, loaded exactly as the till loads it. A mistake is
 * a failed check carrying the loader's own message (it names the key and the
 * file), not a crash: IT should see it beside everything else.
 */

export const CONFIGURATION = 'configuration';

export function checkConfiguration(
  flag: string | boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { result: CheckOutcome; config?: TillConfig } {
  let file: string | undefined;
  try {
    file = chosenConfigFile(flag, env);
    const config = loadTillConfig({ configFile: file });
    const source = file ?? 'the built-in defaults only (no --config and no KASSA_CONFIG)';
    return {
      config,
      result: pass(
        CONFIGURATION,
        `Loaded ${source}: ${config.mode} till ${config.till.id} (${config.till.name}), ${config.currency}.`,
      ),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const fix =
      file === undefined
        ? 'Name the configuration file with --config FILE or KASSA_CONFIG.'
        : `Fix what the message names in ${file} (or point --config / KASSA_CONFIG at the right file), then run kassa doctor again.`;
    return { result: fail(CONFIGURATION, error.message, fix, { configuration: true }) };
  }
}
