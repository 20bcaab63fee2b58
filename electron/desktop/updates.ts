import type { Logger } from '../logging/logger.ts';

/**
 * Updates from an internal server, when IT turns them on (`updates` in the
 * configuration). The new version is downloaded in the background and
 * installed when the till quits, never by restarting it: a restart in the
 * middle of a sale or a card payment is exactly what a till must not do.
 * Everything else (what is newer, signatures on Windows, the download) is
 * electron-updater's generic provider, passed in so this runs in tests.
 */

/** The parts of electron-updater's `autoUpdater` this uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdatesConfig {
  readonly url: string;
  readonly checkEveryHours: number;
}

export function startUpdates(options: { config: UpdatesConfig; updater: Updater; logger: Logger }): { stop(): void } {
  const { config, updater, logger } = options;
  updater.setFeedURL({ provider: 'generic', url: config.url });
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.on('update-available', (info) => {
    logger.info('updates.downloading', { version: info.version });
  });
  updater.on('update-downloaded', (info) => {
    logger.info('updates.ready', { version: info.version, installs: 'when Kassa quits' });
  });
  updater.on('update-not-available', () => {
    logger.debug('updates.none');
  });
  updater.on('error', (error) => {
    logger.warn('updates.failed', { url: config.url, error: error.message });
  });
  const check = () => {
    updater.checkForUpdates().catch((error: unknown) => {
      logger.warn('updates.check_failed', { url: config.url, error: (error as Error).message });
    });
  };
  check();
  const timer = setInterval(check, config.checkEveryHours * 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
