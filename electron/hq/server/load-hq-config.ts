import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HQ_ENV, HqConfigSchema, type HqConfig } from '../../../shared/hq/hq-config.ts';
import { describeIssues } from '../../../shared/zod-issues.ts';
import { ConfigError, readConfigFile } from '../../config/load-config.ts';

/**
 * HQ's configuration: its file (optional), then the environment for secrets
 * and the database address, validated once. Problems are ConfigErrors worded
 * for IT (the CLI exits with 2); no message ever carries a secret's value.
 */

export interface LoadHqConfigOptions {
  /** `--config FILE`, else $KASSA_HQ_CONFIG; neither: built-in defaults only. */
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

export function loadHqConfig(options: LoadHqConfigOptions = {}): HqConfig {
  const env = options.env ?? process.env;
  const file = options.configFile ?? nonEmpty(env[HQ_ENV.configFile]);
  const fromFile = file === undefined ? {} : (readConfigFile(file).values as Record<string, unknown>);
  const values: Record<string, unknown> = { ...fromFile };

  const database = nonEmpty(env[HQ_ENV.database]);
  if (database !== undefined) values.database = database;
  const sessionSecret = nonEmpty(env[HQ_ENV.sessionSecret]);
  if (sessionSecret !== undefined) values.sessionSecret = sessionSecret;
  const adyenUsername = nonEmpty(env[HQ_ENV.adyenUsername]);
  const adyenPassword = nonEmpty(env[HQ_ENV.adyenPassword]);
  if (adyenUsername !== undefined || adyenPassword !== undefined) {
    const webhooks = (values.webhooks ?? {}) as Record<string, unknown>;
    const adyen = (webhooks.adyen ?? {}) as Record<string, unknown>;
    values.webhooks = {
      ...webhooks,
      adyen: {
        ...adyen,
        ...(adyenUsername === undefined ? {} : { username: adyenUsername }),
        ...(adyenPassword === undefined ? {} : { password: adyenPassword }),
      },
    };
  }

  const parsed = HqConfigSchema.safeParse(values);
  if (!parsed.success) {
    const where = file === undefined ? 'the environment' : `${file} (or the environment)`;
    throw new ConfigError(`HQ's configuration from ${where} is not valid: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

const SECRET_FILE = 'session-secret';

/**
 * The session secret of an HQ that keeps its database in a data folder and was
 * given none: made once (256 random bits) and kept beside the database,
 * readable by its owner only, so logins survive a restart. A single embedded
 * database means a single instance, so nothing else needs to share it.
 */
export function sessionSecretInDataDir(dataDir: string): string {
  const file = path.join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new ConfigError(
      `${file} holds no usable session secret (32 characters or more); delete it to make a new one.`,
    );
  }
  return secret;
}
