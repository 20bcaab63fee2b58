import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Electron binary without triggering the `electron` package's lazy
 * download (it fetches from GitHub on first use, which fails on machines
 * without internet). Used by `kassa start` and by the Playwright electron
 * project to decide whether the desktop app can run here, and to say why not.
 */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function locateElectron(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronBinary {
  const packageDir = path.join(projectRoot, 'node_modules', 'electron');
  if (!existsSync(path.join(packageDir, 'package.json'))) {
    return { found: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;

  let binary: string;
  if (env.ELECTRON_OVERRIDE_DIST_PATH !== undefined && env.ELECTRON_OVERRIDE_DIST_PATH !== '') {
    binary = path.join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      relative ?? (platform === 'win32' ? 'electron.exe' : 'electron'),
    );
  } else if (relative !== undefined) {
    binary = path.join(packageDir, 'dist', relative);
  } else {
    return {
      found: false,
      reason:
        'the Electron binary was never downloaded (the electron package fetches it on first use); ' +
        'run `npx install-electron --no` where downloads are allowed, or set ELECTRON_OVERRIDE_DIST_PATH to a local Electron',
    };
  }
  if (!existsSync(binary)) {
    return { found: false, reason: `no Electron binary at ${binary}` };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { found: false, reason: 'there is no display to open a window on (run under xvfb-run)' };
  }
  return { found: true, path: binary };
}
