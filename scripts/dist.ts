import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { locateElectron } from '../electron/cli/electron-binary.ts';

/**
 * `npm run dist:dir` (the unpacked app) and `npm run dist` (the installers):
 * runs electron-builder on a local Electron, never one it would download.
 *
 *   node scripts/dist.ts [--dir] [electron-builder options…]
 *
 * The Electron comes from KASSA_ELECTRON_DIST (an unpacked Electron, a folder
 * of Electron's release zips `electron-v<version>-<platform>-<arch>.zip`, or
 * one such zip), else from the electron package in node_modules (or its
 * ELECTRON_OVERRIDE_DIST_PATH), and goes to electron-builder as
 * `-c.electronDist=…`. With none, one line says so and how to point at one,
 * and the exit code is 1. Options after `--` on the npm command line go to
 * electron-builder as they are, e.g. `npm run dist -- --linux deb`.
 */

export const ELECTRON_DIST_ENV = 'KASSA_ELECTRON_DIST';

export type DistMode = 'dir' | 'installers';

export type LocalElectron = { found: true; electronDist: string } | { found: false; reason: string };

/** Runs electron-builder with these arguments and resolves to its exit code. */
export type BuilderRunner = (args: readonly string[]) => Promise<number>;

export interface DistIo {
  projectRoot?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  runner?: BuilderRunner;
  /** One line of text for the person building. */
  say?: (line: string) => void;
}

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

function electronVersion(projectRoot: string): string | undefined {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
    ) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/** A folder electron-builder takes as a set of Electron release zips, for this version. */
function holdsReleaseZips(dir: string, version: string | undefined): boolean {
  if (version === undefined) return false;
  const zip = new RegExp(`^electron-v${version.replaceAll('.', '\\.')}-[a-z0-9]+-[a-z0-9]+\\.zip$`);
  return readdirSync(dir).some((name) => zip.test(name));
}

/**
 * The Electron to package. Reuses `locateElectron` (what `kassa start` runs)
 * with the display check answered: packaging opens no window.
 */
export function findLocalElectron(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): LocalElectron {
  const noDisplayNeeded = { DISPLAY: env.DISPLAY === undefined || env.DISPLAY === '' ? ':packaging' : env.DISPLAY };
  const chosen = env[ELECTRON_DIST_ENV]?.trim();
  if (chosen !== undefined && chosen !== '') {
    const dist = path.resolve(projectRoot, chosen);
    if (!existsSync(dist)) return { found: false, reason: `${ELECTRON_DIST_ENV}=${chosen} does not exist` };
    if (statSync(dist).isFile()) {
      return dist.endsWith('.zip')
        ? { found: true, electronDist: dist }
        : { found: false, reason: `${ELECTRON_DIST_ENV}=${chosen} is a file but not an Electron release zip` };
    }
    if (holdsReleaseZips(dist, electronVersion(projectRoot))) return { found: true, electronDist: dist };
    const located = locateElectron(
      projectRoot,
      { ...env, ...noDisplayNeeded, ELECTRON_OVERRIDE_DIST_PATH: dist },
      platform,
    );
    if (located.found) return { found: true, electronDist: dist };
    return {
      found: false,
      reason: `${ELECTRON_DIST_ENV}=${chosen} holds neither an Electron binary nor electron-v${electronVersion(projectRoot) ?? '<version>'}-<platform>-<arch>.zip (${located.reason})`,
    };
  }
  const located = locateElectron(projectRoot, { ...env, ...noDisplayNeeded }, platform);
  if (!located.found) return { found: false, reason: located.reason };
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const electronDist =
    override !== undefined && override !== ''
      ? path.resolve(projectRoot, override)
      : path.join(projectRoot, 'node_modules', 'electron', 'dist');
  return { found: true, electronDist };
}

const TOOLSETS_NOTE =
  "installers also download electron-builder's toolsets (NSIS, WiX, fpm, appimage) from GitHub unless ELECTRON_BUILDER_BINARIES_MIRROR points at a mirror";

/** Where electron-builder looks for a mirror of its toolsets (app-builder-lib's getBinariesMirrorUrl). */
const BINARIES_MIRROR_VARIABLES = [
  'ELECTRON_BUILDER_BINARIES_MIRROR',
  'NPM_CONFIG_ELECTRON_BUILDER_BINARIES_MIRROR',
  'npm_config_electron_builder_binaries_mirror',
  'npm_package_config_electron_builder_binaries_mirror',
];

/** The one line printed when there is no Electron to package. */
export function noElectronLine(mode: DistMode, reason: string): string {
  const script = mode === 'dir' ? 'dist:dir' : 'dist';
  const line = `kassa dist: no local Electron to package: ${reason}. Point at one: ${ELECTRON_DIST_ENV}=/path/to/electron-dist npm run ${script}`;
  return mode === 'dir' ? line : `${line}. The ${TOOLSETS_NOTE}`;
}

/** electron-builder's arguments: the mode, the local Electron, no publishing unless asked, then the caller's own. */
export function electronBuilderArgs(mode: DistMode, electronDist: string, extra: readonly string[]): string[] {
  const asksToPublish = extra.some((arg) => arg === '--publish' || arg === '-p' || arg.startsWith('--publish='));
  return [
    ...(mode === 'dir' ? ['--dir'] : []),
    `-c.electronDist=${electronDist}`,
    ...(asksToPublish ? [] : ['--publish', 'never']),
    ...extra,
  ];
}

function spawnElectronBuilder(projectRoot: string): BuilderRunner {
  return (args) =>
    new Promise((resolve, reject) => {
      const cli = createRequire(path.join(projectRoot, 'package.json')).resolve('electron-builder/cli.js');
      const child = spawn(process.execPath, [cli, ...args], { cwd: projectRoot, stdio: 'inherit' });
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
    });
}

export async function dist(argv: readonly string[], io: DistIo = {}): Promise<number> {
  const projectRoot = io.projectRoot ?? PROJECT_ROOT;
  const env = io.env ?? process.env;
  const say = io.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mode: DistMode = argv.includes('--dir') ? 'dir' : 'installers';
  const extra = argv.filter((arg) => arg !== '--dir');

  const electron = findLocalElectron(projectRoot, env, io.platform ?? process.platform);
  if (!electron.found) {
    say(noElectronLine(mode, electron.reason));
    return 1;
  }
  const mirrored = BINARIES_MIRROR_VARIABLES.some((name) => (env[name] ?? '') !== '');
  if (mode === 'installers' && !mirrored) say(`kassa dist: ${TOOLSETS_NOTE}`);
  const runner = io.runner ?? spawnElectronBuilder(projectRoot);
  return runner(electronBuilderArgs(mode, electron.electronDist, extra));
}

if (import.meta.main) {
  process.exitCode = await dist(process.argv.slice(2));
}
