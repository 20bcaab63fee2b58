import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { TillConfigSchema, type TillConfig } from '../../shared/config/schema.ts';
import builtInDefaults from './defaults.json' with { type: 'json' };
import { REDACTED } from '../logging/logger.ts';

/**
 * Configuration comes in layers, each a JSON object, later layers winning:
 *
 *   1. the built-in defaults shipped with the app;
 *   2. the machine file IT owns, which survives upgrades
 *      (`%ProgramData%\Kassa\config.json` on Windows, `/etc/kassa/config.json`
 *      on Linux); no file, no layer; in the desktop app, followed by the
 *      secrets sealed from it (electron/secrets/);
 *   3. the file a command or the app is pointed at (`--config FILE`, else
 *      `KASSA_CONFIG`);
 *   4. `KASSA_CONFIG__<KEY>__<KEY>=value` environment variables, for labs:
 *      `KASSA_CONFIG__TILL__ID=T-9` sets `till.id`, `KASSA_CONFIG__PAYMENT__ADYEN__POI_ID`
 *      sets `payment.adyen.poiId`; a value that reads as JSON is taken as JSON.
 *
 * Objects merge key by key, arrays and values are replaced whole. The merged
 * result is validated once, and every problem names the key and the layer it
 * came from, so IT can fix a till's file without guessing.
 */

export interface ConfigLayer {
  /** Where the values came from, as IT would recognise it: a file path or "built-in defaults". */
  source: string;
  values: unknown;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const BUILT_IN_DEFAULTS: ConfigLayer = { source: 'built-in defaults', values: builtInDefaults };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function readConfigFile(path: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error);
    throw new ConfigError(`Cannot read the configuration file ${path}: ${reason}.`);
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The configuration file ${path} is not valid JSON: ${(error as Error).message}.`);
  }
  if (!isPlainObject(values)) {
    throw new ConfigError(`The configuration file ${path} must hold a JSON object ({ … }).`);
  }
  return { source: path, values };
}

export function mergeLayers(layers: readonly ConfigLayer[]): unknown {
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isPlainObject(base) || !isPlainObject(over)) return over;
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: a "__proto__" key in a file must stay a key
    // (and be refused as unknown), not become the merged object's prototype.
    const set = (key: string, value: unknown) =>
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(base)) set(key, value);
    for (const [key, value] of Object.entries(over))
      set(key, merge(Object.hasOwn(base, key) ? base[key] : undefined, value));
    return out;
  };
  return layers.reduce<unknown>((merged, layer) => merge(merged, layer.values), {});
}

function hasPath(values: unknown, path: readonly PropertyKey[]): boolean {
  let node = values;
  for (const segment of path) {
    if (!isPlainObject(node) && !Array.isArray(node)) return false;
    const container = node as Record<PropertyKey, unknown>;
    if (!Object.hasOwn(container, segment)) return false;
    node = container[segment];
  }
  return true;
}

/** The last layer that sets `path` is the one to fix. */
function sourceOf(layers: readonly ConfigLayer[], path: readonly PropertyKey[]): string | undefined {
  return [...layers].reverse().find((layer) => hasPath(layer.values, path))?.source;
}

function describeProblem(layers: readonly ConfigLayer[], issue: z.core.$ZodIssue): string[] {
  const name = (path: readonly PropertyKey[]) => path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const path = [...issue.path, key];
      return `${name(path)}: not a known setting (in ${sourceOf(layers, path) ?? 'the configuration'})`;
    });
  }
  const source = sourceOf(layers, issue.path);
  if (source === undefined) {
    // Top-level sections are needed by every till; a key inside a section by that section.
    const needs = issue.path.length <= 1 ? 'every till needs it' : `needed in ${name(issue.path.slice(0, -1))}`;
    return [`${name(issue.path)}: missing; ${needs}`];
  }
  return [`${name(issue.path) || '(whole file)'}: ${issue.message} (in ${source})`];
}

export function resolveConfig(layers: readonly ConfigLayer[]): TillConfig {
  const parsed = TillConfigSchema.safeParse(mergeLayers(layers));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => describeProblem(layers, issue));
  throw new ConfigError(`The till's configuration is not valid:\n  - ${problems.join('\n  - ')}`);
}

/**
 * The file a command was pointed at: `--config FILE` (as parsed by
 * `util.parseArgs`), else `KASSA_CONFIG`, else none. A `--config` without a
 * file is an error rather than a silent fall-back to the demo defaults.
 */
export function chosenConfigFile(
  flag: string | boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (flag === true || flag === '') {
    throw new ConfigError('--config needs a file, for example --config /etc/kassa/config.json');
  }
  if (typeof flag === 'string') return flag;
  return env.KASSA_CONFIG === undefined || env.KASSA_CONFIG === '' ? undefined : env.KASSA_CONFIG;
}

/** Where IT puts a till's own configuration, beside the app rather than in it, so upgrades leave it alone. */
export function machineConfigFile(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Kassa', 'config.json');
  if (platform === 'darwin') return '/Library/Application Support/Kassa/config.json';
  return '/etc/kassa/config.json';
}

export const ENV_PREFIX = 'KASSA_CONFIG__';

/** `POI_ID` → `poiId`: a configuration key as an environment variable spells it. */
function keyOf(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** One layer per `KASSA_CONFIG__…` variable, named after it, in name order so the result never depends on the environment's order. */
export function environmentLayers(env: NodeJS.ProcessEnv): ConfigLayer[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && name.length > ENV_PREFIX.length)
    .sort()
    .map((name) => {
      const segments = name.slice(ENV_PREFIX.length).split('__');
      if (segments.some((segment) => !/^[A-Z][A-Z0-9_]*$/.test(segment))) {
        throw new ConfigError(
          `The environment variable ${name} does not name a setting: write KASSA_CONFIG__SECTION__KEY in capitals, ` +
            'for example KASSA_CONFIG__TILL__ID.',
        );
      }
      const raw = env[name] ?? '';
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // Not JSON: the text itself.
      }
      const values = segments.reduceRight<unknown>((inner, segment) => ({ [keyOf(segment)]: inner }), value);
      return { source: `environment variable ${name}`, values };
    });
}

export interface ConfigSources {
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The machine file; `machineConfigFile()` when absent, none when null. */
  machineFile?: string | null;
  /** The desktop app's sealed secrets (electron/secrets/), right after the machine file they came from. */
  secretLayer?: ConfigLayer | undefined;
}

/** Every layer, in order: built-in defaults, the machine file (when there is one), the chosen file, the environment. */
export function configLayers(options: ConfigSources): ConfigLayer[] {
  const env = options.env ?? process.env;
  const layers = [BUILT_IN_DEFAULTS];
  const machine = options.machineFile === undefined ? machineConfigFile(process.platform, env) : options.machineFile;
  if (machine !== null && existsSync(machine)) layers.push(readConfigFile(machine));
  if (options.secretLayer !== undefined) layers.push(options.secretLayer);
  if (options.configFile !== undefined) layers.push(readConfigFile(options.configFile));
  layers.push(...environmentLayers(env));
  return layers;
}

export function loadTillConfig(options: ConfigSources): TillConfig {
  return resolveConfig(configLayers(options));
}

/** Keys whose values are secrets wherever they appear: never printed, never logged. */
const SECRET_KEY = /(apikey|password|secret|hmac|pinhash|token|enrolmentcode)$/i;

/** The same mark the logger leaves where a secret was. */
export { REDACTED };

/** The configuration with every secret replaced, for `kassa config`, support bundles and logs. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) && inner !== undefined && inner !== null ? REDACTED : redactConfig(inner),
    ]),
  );
}
