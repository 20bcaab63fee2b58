import type { Page } from '@playwright/test';
import { snap } from '../fixtures/cashier.ts';
import { expect, HQ_PASSWORDS, test } from '../fixtures/hq-office.ts';

/**
 * The head-office page of Kassa HQ in Chromium: two shops' takings from what
 * their tills pushed, and a card payment that waits for a manager. A viewer
 * sees the takings and never receives what is a manager's: the waiting
 * payments, cash differences and the revoke button are not in the page at all.
 */

test.describe.configure({ timeout: 120_000 });

async function signIn(page: Page, url: string, name: 'vera' | 'max'): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(HQ_PASSWORDS[name]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in: the overview of today, before the test asks for its own days.
  await expect(page.getByRole('heading', { name: /^Takings for/ })).toBeVisible();
}

test('a viewer sees both shops’ takings and nothing of a manager’s', async ({ page, hq }) => {
  await signIn(page, hq.url, 'vera');
  await page.goto(`${hq.url}/${hq.range}`);
  const byShop = page.locator('section', { has: page.getByRole('heading', { name: 'Takings by shop' }) });
  await expect(byShop.getByRole('row', { name: /Amsterdam Centraal/ })).toContainText('17.34');
  await expect(byShop.getByRole('row', { name: /Utrecht Oudegracht/ })).toContainText('20.00');
  await expect(page.getByRole('heading', { name: 'Charts' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waiting for a manager' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /revoke/i })).toHaveCount(0);
  expect(await page.content()).not.toContain('42.50');
});

test('a manager sees the payment that waits, where and for how much', async ({ page, hq }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, hq.url, 'max');
  await page.goto(`${hq.url}/${hq.range}`);
  const waiting = page.locator('section', { has: page.getByRole('heading', { name: 'Waiting for a manager' }) });
  await expect(waiting).toBeVisible();
  const row = waiting.getByRole('row', { name: /AMS-01/ });
  await expect(row).toContainText('42.50');
  await expect(page.getByRole('row', { name: /Utrecht Oudegracht/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /revoke/i }).first()).toBeVisible();
  await snap(page, testInfo, 'hq-manager-overview');
});

test('a wrong password is refused and shows no figures', async ({ page, hq }) => {
  await page.goto(`${hq.url}/login`);
  await page.getByLabel('Name').fill('vera');
  await page.getByLabel('Password').fill('not-veras-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Takings by shop' })).toHaveCount(0);
  await page.goto(`${hq.url}/${hq.range}`);
  await expect(page).toHaveURL(/\/login/);
});
