import type { Page } from '@playwright/test';
import { E2E_STAFF_PINS, expect, test } from '../fixtures/browser-mode.ts';
import { cashierScreen, euro, pick, PRODUCTS, snap } from '../fixtures/cashier.ts';

/**
 * The staff till at a small touch screen: people log in by touching the PIN
 * pad, a sale left open at Lock waits for the cashier who rang it, and a
 * manager approves on the spot what a cashier may not do alone, the cashier
 * staying logged in.
 */

test.use({ viewport: { width: 1024, height: 768 } });

/** Picks a name on the lock screen and touches the PIN on the pad, then OK. */
async function logInByTouch(page: Page, name: string, pin: string): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await lock.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const pad = lock.getByRole('group', { name: 'PIN keys' });
  for (const digit of pin) await pad.getByRole('button', { name: digit, exact: true }).click();
  // The digits are never shown: the field holds them as a password, and says only how many.
  await expect(lock.getByLabel(`PIN for ${name}`)).toHaveAttribute('type', 'password');
  await expect(lock.getByText(`${String(pin.length)} of at most 8 digits typed.`)).toBeVisible();
  await pad.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(page.getByText(`Logged in: ${name}`)).toBeVisible();
}

async function lockTill(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('region', { name: 'The till is locked' })).toBeVisible();
}

test('a sale left open at Lock waits for the cashier who rang it, not the next person', async ({
  page,
  staffTill,
}, testInfo) => {
  await page.goto(staffTill.url);
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await lock.getByRole('button', { name: /^Anna/ }).click();
  const pad = lock.getByRole('group', { name: 'PIN keys' });
  // A wrong digit is taken back with the erase key.
  await pad.getByRole('button', { name: '9', exact: true }).click();
  await pad.getByRole('button', { name: 'Erase the last digit' }).click();
  await expect(lock.getByLabel('PIN for Anna')).toHaveValue('');
  await snap(page, testInfo, 'pin-pad-1024x768');
  await lock.getByRole('button', { name: 'Someone else' }).click();
  await logInByTouch(page, 'Anna', E2E_STAFF_PINS.anna);

  const screen = cashierScreen(page);
  await pick(screen, PRODUCTS.whiteBread);
  await pick(screen, PRODUCTS.milk);
  await expect(screen.total).toHaveText(euro(189 + 115));
  await lockTill(page);

  await logInByTouch(page, 'Bo', E2E_STAFF_PINS.bo);
  await expect(screen.search).toBeVisible();
  await expect(screen.line(PRODUCTS.whiteBread)).toHaveCount(0);
  await expect(screen.total).toHaveText(euro(0));
  await page.keyboard.press('F4');
  await expect(screen.parkedDialog).toContainText('Anna’s sale, left at Lock: it comes back when Anna logs in');
  await snap(page, testInfo, 'parked-for-anna-1024x768');
  await screen.parkedDialog.getByRole('button', { name: 'Close' }).click();
  await lockTill(page);

  await logInByTouch(page, 'Anna', E2E_STAFF_PINS.anna);
  await expect(screen.line(PRODUCTS.whiteBread)).toBeVisible();
  await expect(screen.line(PRODUCTS.milk)).toBeVisible();
  await expect(screen.total).toHaveText(euro(189 + 115));
  await snap(page, testInfo, 'sale-back-for-anna-1024x768');
});

test('a cashier opens the drawer without a sale with a manager’s PIN typed on the pad, and stays logged in', async ({
  page,
  staffTill,
}, testInfo) => {
  await page.goto(staffTill.url);
  await logInByTouch(page, 'Anna', E2E_STAFF_PINS.anna);

  await page.keyboard.press('F6');
  const panel = page.getByRole('dialog', { name: 'Receipts and cash drawer' });
  await panel.getByLabel('Why is the drawer opened?').fill('Change for the float');
  await panel.getByRole('button', { name: 'Open drawer' }).click();

  const approval = page.getByRole('dialog', { name: 'A manager must approve this' });
  await expect(approval).toContainText(
    'Only a manager can open the cash drawer without a sale. Ask a manager to approve it with their PIN.',
  );
  await expect(approval.getByRole('radio', { name: 'Bo' })).toBeChecked();
  const pad = approval.getByRole('group', { name: 'PIN keys' });
  for (const digit of '00000') await pad.getByRole('button', { name: digit, exact: true }).click();
  await pad.getByRole('button', { name: 'OK', exact: true }).click();
  await expect(approval.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
  await expect(approval.getByLabel('Manager’s PIN')).toHaveValue('');

  for (const digit of E2E_STAFF_PINS.bo) await pad.getByRole('button', { name: digit, exact: true }).click();
  await snap(page, testInfo, 'manager-approval-1024x768');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(approval).toHaveCount(0);
  await expect(panel.getByRole('status')).toHaveText('The cash drawer is open. Close it when you are done.');
  await expect(page.getByText('Logged in: Anna')).toBeVisible();
  await snap(page, testInfo, 'drawer-open-approved-1024x768');
});
