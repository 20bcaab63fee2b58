import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { TillConfigSchema, type TillConfig } from '../../shared/config/schema.ts';
import builtInDefaults from './defaults.json' with { type: 'json' };

/**
 * Configuration comes in layers, each a JSON object: the built-in defaults
 * shipped with the app, then files IT provides. Later layers win, objects merge
 * key by key, arrays and values are replaced whole. The merged result is
 * validated once, and every problem names the key and the file it came from,
 * so IT can fix a till's file without guessing.
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

/** Built-in defaults, then the chosen file, if any. */
export function loadTillConfig(options: { configFile?: string | undefined }): TillConfig {
  const layers = [BUILT_IN_DEFAULTS];
  if (options.configFile !== undefined) layers.push(readConfigFile(options.configFile));
  return resolveConfig(layers);
}
