import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Paths of the source checkout the CLI runs from. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_RENDERER_DIR = path.join(PROJECT_ROOT, 'out', 'renderer');

export function projectVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}
