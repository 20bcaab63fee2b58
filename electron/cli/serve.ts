import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBrowserMode } from '../browser-mode/server.ts';
import { chosenConfigFile, loadTillConfig } from '../config/load-config.ts';
import type { Logger } from '../logging/logger.ts';
import { startTill } from '../till.ts';
import { auditQuitOverride, paymentsInFlight } from '../till-quit.ts';
import { untilStopAsked } from './stop-signals.ts';
import { DEFAULT_RENDERER_DIR, projectVersion } from './project.ts';
import { parsePort, UsageError } from './arguments.ts';

export const DEFAULT_SERVE_PORT = 4310;

export const SERVE_USAGE = `kassa serve [--port N] [--config FILE] [--renderer DIR]

Runs the till headless and serves its UI to a browser on this machine only
(127.0.0.1). Prints the address to open; it carries a token that changes at
every launch, and the customer display's address (a second screen facing
the customer), whose own token opens only that display. Stop with Ctrl+C (during a card payment it waits for the
terminal to finish; press it twice to stop at once).

  --port N        port on 127.0.0.1 (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)
  --config FILE   the till's configuration file (default: $KASSA_CONFIG, else built-in defaults)
  --renderer DIR  the built UI to serve (default: out/renderer; build it with npm run build)`;

export async function serve(argv: readonly string[], logger: Logger): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      config: { type: 'string' },
      renderer: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = parsePort(values.port, DEFAULT_SERVE_PORT);
  const rendererDir = path.resolve(values.renderer ?? DEFAULT_RENDERER_DIR);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new UsageError(`There is no built UI in ${rendererDir}. Run \`npm run build\` first.`);
  }

  const config = loadTillConfig({ configFile: chosenConfigFile(values.config) });
  const till = await startTill(config, { logger, version: projectVersion() });
  let server;
  try {
    server = await startBrowserMode({
      router: till.router,
      events: till.feed,
      display: till.customerDisplay,
      rendererDir,
      logger,
      port,
    });
  } catch (error) {
    // The till may have started an embedded simulator; left running, it would keep this process alive.
    await till.close();
    throw error;
  }

  // Listening for Ctrl+C before saying it can be pressed.
  const stopAsked = untilStopAsked({
    signals: process,
    inFlight: () => paymentsInFlight(till),
    say: (text) => process.stdout.write(`${text}\n`),
    onOverride: (count) => {
      logger.warn('app.close_overridden', { paymentsInFlight: count });
      auditQuitOverride(till, count);
    },
  });
  process.stdout.write(
    `Kassa is running in browser mode for ${config.store.name}, ${config.till.name} (${config.mode}).\n` +
      `Open ${server.url}\n` +
      `Customer display (a second screen facing the customer): ${server.displayUrl}\n` +
      'Press Ctrl+C to stop.\n',
  );

  await stopAsked;
  await server.close();
  await till.close();
  return 0;
}
