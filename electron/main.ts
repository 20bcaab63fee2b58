import { app, dialog, safeStorage, session } from 'electron';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chosenConfigFile } from './config/load-config.ts';
import { defaultDataDir } from './config/data-dir.ts';
import { desktopVault, loadDesktopConfig } from './desktop/desktop-config.ts';
import { startUpdates } from './desktop/updates.ts';
import { appCommand, refusedAppCommand } from './desktop/app-commands.ts';
import { runKassa } from './cli/run-kassa.ts';
import { APP_ORIGIN, registerAppScheme, serveRendererOverAppProtocol } from './desktop/app-protocol.ts';
import { exposeRouterOverIpc, forwardEventsToWindow } from './desktop/ipc-main.ts';
import { isTrustedFrame, schemeAndHost } from './desktop/trusted-frame.ts';
import { guardWindowWhilePaying, quitWordsFor } from './desktop/quit-guard.ts';
import { createSystemPrinter } from './desktop/system-printer.ts';
import { followCustomerScreens } from './desktop/customer-display-window.ts';
import { createMainWindow, denyAllPermissions, hardenWebContents } from './desktop/window.ts';
import { createLogger } from './logging/logger.ts';
import { defaultLogDir, openLogFiles, teeToLogFiles } from './logging/log-files.ts';
import { startTill, type Till } from './till.ts';
import { auditQuitOverride, paymentsInFlight } from './till-quit.ts';

/**
 * The Electron entry: app lifecycle, one window, and the till's router on IPC.
 * Everything the till does is built by `startTill`, which knows nothing of
 * Electron; this file only adapts it to the desktop.
 */

// Log lines go to rotating files for support; to standard error as well only when asked (`kassa start --verbose`).
const logFiles = openLogFiles({ dir: defaultLogDir() });
const logger = createLogger({
  write: process.argv.includes('--verbose') ? teeToLogFiles(logFiles) : (line) => logFiles.write(line),
});
let till: Till | undefined;

registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));

/** `--config FILE` among Electron's own arguments (the app path, Chromium switches). */
function configFlag(): string | boolean | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { config: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return values.config;
}

async function start(): Promise<void> {
  await app.whenReady();

  let config;
  let running;
  try {
    // Secrets IT left in the machine file move into the OS key store before anything else reads them.
    config = loadDesktopConfig({
      configFile: chosenConfigFile(configFlag()),
      userData: defaultDataDir(),
      safeStorage,
      logger,
    });
    running = await startTill(config, {
      logger,
      version: app.getVersion(),
      systemPrinter: createSystemPrinter(),
      // The HQ token is sealed beside the configuration's secrets.
      vault: desktopVault(defaultDataDir(), safeStorage, config),
    });
  } catch (error) {
    dialog.showErrorBox('Kassa cannot start', (error as Error).message);
    app.exit(1);
    return;
  }
  till = running;
  if (config.updates !== undefined) {
    // Loaded only when IT turned updates on: most estates push installers themselves.
    const { autoUpdater } = await import('electron-updater');
    startUpdates({ config: config.updates, updater: autoUpdater, logger });
  }

  // In development the UI comes from Vite's dev server; a packaged app never loads a remote page.
  const devServerUrl = app.isPackaged || !process.env.VITE_DEV_SERVER_URL ? undefined : process.env.VITE_DEV_SERVER_URL;
  const trustedOrigins = new Set([APP_ORIGIN]);
  const devOrigin = devServerUrl === undefined ? undefined : schemeAndHost(devServerUrl);
  if (devOrigin !== undefined) trustedOrigins.add(devOrigin);

  serveRendererOverAppProtocol(path.join(import.meta.dirname, '../renderer'));
  denyAllPermissions(session.defaultSession);
  exposeRouterOverIpc(running.router, (frame) => isTrustedFrame(frame, trustedOrigins), logger);

  const window = createMainWindow({
    preloadPath: path.join(import.meta.dirname, 'preload.cjs'),
    url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    devTools: !app.isPackaged,
    title: `Kassa · ${config.store.name} · ${config.till.name}`,
  });
  forwardEventsToWindow(running.feed, window);
  // A second screen, when one is connected, faces the customer: it is sent what the display shows, nothing more.
  const customerScreens = followCustomerScreens({
    display: running.customerDisplay,
    preloadPath: path.join(import.meta.dirname, 'display-preload.cjs'),
    url: devServerUrl === undefined ? `${APP_ORIGIN}/display.html` : new URL('display.html', devServerUrl).href,
    devTools: !app.isPackaged,
    logger,
  });
  window.on('closed', () => customerScreens.close());
  guardWindowWhilePaying({
    window,
    inFlight: () => paymentsInFlight(running),
    ask: ({ message, detail, buttons }) =>
      dialog.showMessageBoxSync(window, { type: 'warning', message, detail, buttons, defaultId: 0, cancelId: 0 }),
    logger,
    onOverride: (count) => auditQuitOverride(running, count),
    words: quitWordsFor(config.language),
  });

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
}

const command = appCommand(process.argv, app.isPackaged);
const refused = command === undefined ? undefined : refusedAppCommand(command);
if (refused !== undefined) {
  process.stderr.write(`${refused}\n`);
  app.exit(2);
} else if (command !== undefined) {
  // `kassa doctor` and the like on an installed till: answer, and never open a window or take the lock.
  void runKassa(command).then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  // Two instances on one till would mean two payment services on one terminal.
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (till === undefined) return;
    const closing = till;
    till = undefined;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
  start().catch((error: unknown) => {
    logger.error('app.start_failed', { error });
    dialog.showErrorBox('Kassa cannot start', (error as Error).message);
    app.exit(1);
  });
}
