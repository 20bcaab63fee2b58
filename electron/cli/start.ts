import { spawn } from 'node:child_process';
import type { Logger } from '../logging/logger.ts';
import { locateElectron } from './electron-binary.ts';
import { PROJECT_ROOT } from './project.ts';
import { serve } from './serve.ts';

export const START_USAGE = `kassa start [--config FILE]

Opens the till in Electron (the app must be built: npm run build). Where no
Electron binary can run, says why and serves the till in browser mode instead.`;

export async function start(argv: readonly string[], logger: Logger): Promise<number> {
  const electron = locateElectron(PROJECT_ROOT);
  if (!electron.found) {
    process.stdout.write(
      `Electron cannot run on this machine: ${electron.reason}.\nOpening the till in browser mode instead.\n`,
    );
    return serve(argv, logger);
  }
  const child = spawn(electron.path, ['.', ...argv], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 0 : 1)));
  });
}
