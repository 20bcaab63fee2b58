import { spawn } from 'node:child_process';
import type { Logger } from '../logging/logger.ts';
import { locateElectron } from './electron-binary.ts';
import { PROJECT_ROOT } from './project.ts';
import { serve } from './serve.ts';

export const START_USAGE = `kassa start [--config FILE] [--verbose]

Opens the till in Electron (the app must be built: npm run build). Where no
Electron binary can run, says why and serves the till in browser mode instead.
Log lines go to the log file; --verbose shows them in the terminal too.`;

export async function start(argv: readonly string[], logger: Logger): Promise<number> {
  const electron = locateElectron(PROJECT_ROOT);
  if (!electron.found) {
    process.stdout.write(
      `Electron cannot run on this machine: ${electron.reason}.\nOpening the till in browser mode instead.\n`,
    );
    return serve(argv, logger);
  }
  // Chromium's own warnings are noise for the person at the terminal; --verbose shows them with the log lines.
  const verbose = argv.includes('--verbose');
  const child = spawn(electron.path, ['.', ...argv], {
    cwd: PROJECT_ROOT,
    stdio: ['inherit', 'inherit', verbose ? 'inherit' : 'ignore'],
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal === null ? 0 : 1)));
  });
  if (code !== 0 && !verbose)
    process.stdout.write(`Kassa stopped with code ${String(code)}. Run it with --verbose to see why.\n`);
  return code;
}
