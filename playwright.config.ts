import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { locateElectron } from './electron/cli/electron-binary.ts';

/**
 * Two projects:
 * - `browser` always runs: the till in browser mode (`kassa serve`), driven in
 *   the system's Chromium (Debian's `chromium`; override the path with
 *   KASSA_CHROMIUM_PATH). Playwright never downloads a browser here.
 * - `electron` launches the real desktop app, wherever an Electron binary and
 *   a display exist; elsewhere it says in one line why it did not run.
 */
const chromiumPath = process.env.KASSA_CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  throw new Error(
    `No Chromium at ${chromiumPath}. Install Debian's chromium package or set KASSA_CHROMIUM_PATH to a Chromium binary.`,
  );
}

const electron = locateElectron(import.meta.dirname);
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
if (!electron.found && isRunner) {
  console.log(`Playwright project "electron" not run: ${electron.reason}.`);
}

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: process.env.CI !== undefined,
  retries: 0,
  workers: 2,
  reporter: 'list',
  timeout: 30_000,
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumPath,
          // Keep Chromium from calling home: these machines have no internet and refuse the connections.
          args: [
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
      testIgnore: electron.found ? [] : ['**/*'],
    },
  ],
});
