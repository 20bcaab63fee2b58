import { _electron as electron, expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../electron/cli/project.ts';
import { locateElectron } from '../../electron/cli/electron-binary.ts';
import { E2E_TILL, writeTillConfig } from '../fixtures/till-config.ts';

/**
 * The real desktop app, launched with Electron. Only collected where an
 * Electron binary can run (see playwright.config.ts).
 */

test('the desktop app opens the till and talks to main only through the preload bridge', async () => {
  const binary = locateElectron(PROJECT_ROOT);
  if (!binary.found) throw new Error(binary.reason);
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.'],
    cwd: PROJECT_ROOT,
    env: { ...process.env, KASSA_CONFIG: writeTillConfig() },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: E2E_TILL.store.name })).toBeVisible();

    const info = await page.evaluate(() => window.kassa?.api['till.getInfo']({}));
    expect(info).toMatchObject({ ok: true, value: { tillId: E2E_TILL.till.id } });

    const bad = await page.evaluate(() =>
      window.kassa?.api['diagnostics.reportRendererError']({ where: 'e2e', message: '' }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // No Node in the page, and the page is served from app://, not file://.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(page.url()).toMatch(/^app:\/\/kassa\//);
  } finally {
    await app.close();
  }
});
