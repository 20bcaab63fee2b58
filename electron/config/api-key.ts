import { ApiKeySchema, type TillMode } from '../../shared/config/schema.ts';
import { ConfigError } from './load-config.ts';

/**
 * A payment provider's API key: the configured one, else the environment
 * variable IT may set instead. The variable gets the same check the file
 * does (printable, no spaces), since a key that cannot go into a header would
 * make every request fail with an error quoting it.
 */
export function chosenApiKey(options: {
  configured: string | undefined;
  env: NodeJS.ProcessEnv;
  envName: string;
  /** `adyen`, `worldline`: names the config key in the message. */
  section: string;
  /** The provider as people say it: "Adyen". */
  provider: string;
  mode: TillMode;
}): string {
  const { configured, envName, section } = options;
  if (configured !== undefined) return configured;
  const fromEnv = options.env[envName]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!ApiKeySchema.safeParse(fromEnv).success) {
      throw new ConfigError(`${envName}: must be the key as issued: letters, digits and punctuation, no spaces.`);
    }
    return fromEnv;
  }
  throw new ConfigError(
    `payment.${section}.apiKey: a ${options.mode} till needs ${options.provider}'s API key to reach its terminal; ` +
      `set payment.${section}.apiKey in the configuration file or ${envName} in the environment.`,
  );
}
