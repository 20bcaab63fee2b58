import { describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../logging/logger.ts';
import { startUpdates } from './updates.ts';

/** The update policy against a stand-in for electron-updater's autoUpdater, on fake time. */

function fakeUpdater() {
  const listeners = new Map<string, (...args: never[]) => void>();
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(() => Promise.resolve(undefined)),
    quitAndInstall: vi.fn(),
    on: (event: string, listener: (...args: never[]) => void) => {
      listeners.set(event, listener);
      return updater;
    },
    emit: (event: string, ...args: unknown[]) => {
      (listeners.get(event) as ((...values: unknown[]) => void) | undefined)?.(...args);
    },
  };
  return updater;
}

describe('updates from an internal server', () => {
  it('points at the generic feed, downloads in the background, installs on quit, and never restarts the till', () => {
    vi.useFakeTimers();
    const updater = fakeUpdater();
    const logger = createMemoryLogger();
    const running = startUpdates({
      config: { url: 'https://updates.shop.example/kassa/', checkEveryHours: 6 },
      updater,
      logger,
    });

    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.shop.example/kassa/',
    });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(6 * 3_600_000 - 1);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);

    updater.emit('update-downloaded', { version: '1.4.0' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ msg: 'updates.ready', version: '1.4.0', installs: 'when Kassa quits' }),
    );
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    running.stop();
    vi.advanceTimersByTime(24 * 3_600_000);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });

  it('logs a server it cannot reach and carries on', async () => {
    const updater = fakeUpdater();
    updater.checkForUpdates.mockImplementation(() => Promise.reject(new Error('getaddrinfo ENOTFOUND')));
    const logger = createMemoryLogger();
    const running = startUpdates({
      config: { url: 'https://updates.shop.example/kassa/', checkEveryHours: 1 },
      updater,
      logger,
    });
    await vi.waitFor(() => {
      expect(logger.lines).toContainEqual(
        expect.objectContaining({ msg: 'updates.check_failed', level: 'warn', error: 'getaddrinfo ENOTFOUND' }),
      );
    });
    running.stop();
  });
});
