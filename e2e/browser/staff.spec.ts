import { E2E_STAFF_PINS, expect, test } from '../fixtures/browser-mode.ts';
import { cashierScreen, euro, keypadEntry, pick, PRODUCTS } from '../fixtures/cashier.ts';

/**
 * Staff at a till with people set up: the till opens locked, a PIN logs a
 * person in, wrong PINs are counted, and what only a manager may do is
 * refused by main for a cashier, whatever the screen offers.
 */

test('a cashier logs in with a PIN, is not let open the drawer without a manager, locks the till, and a manager opens it', async ({
  page,
  staffTill,
}) => {
  await page.goto(staffTill.url);
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await expect(page.getByRole('searchbox')).toHaveCount(0);

  await lock.getByRole('button', { name: /^Anna/ }).click();
  await lock.getByLabel('PIN for Anna').fill('0000');
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(lock.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
  await lock.getByLabel('PIN for Anna').fill(E2E_STAFF_PINS.anna);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Logged in: Anna')).toBeVisible();
  await expect(lock).toHaveCount(0);

  await page.keyboard.press('F6');
  const panel = page.getByRole('dialog', { name: 'Receipts and cash drawer' });
  await panel.getByLabel('Why is the drawer opened?').fill('Change for the float');
  await panel.getByRole('button', { name: 'Open drawer' }).click();
  // Main asks for a manager's approval; nobody gives it, and the drawer stays shut.
  const approval = page.getByRole('dialog', { name: 'A manager must approve this' });
  await approval.getByRole('button', { name: 'Do not do it' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    'Only a manager can open the cash drawer without a sale. Ask a manager to approve it with their PIN.',
  );
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: /^Bo/ }).click();
  await lock.getByLabel('PIN for Bo').fill(E2E_STAFF_PINS.bo);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Logged in: Bo')).toBeVisible();
  await page.keyboard.press('F6');
  await panel.getByLabel('Why is the drawer opened?').fill('Change for the float');
  await panel.getByRole('button', { name: 'Open drawer' }).click();
  await expect(panel.getByRole('status')).toHaveText('The cash drawer is open. Close it when you are done.');
});

test.describe('on a full-HD till screen', () => {
  // Room for the approval dialog beside the sale; the keypad is on screen at every size.
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('a discount above the cashier’s limit is approved on the spot with a manager’s PIN, the cashier still at the till', async ({
    page,
    staffTill,
  }) => {
    await page.goto(staffTill.url);
    const lock = page.getByRole('region', { name: 'The till is locked' });
    await lock.getByRole('button', { name: /^Anna/ }).click();
    await lock.getByLabel('PIN for Anna').fill(E2E_STAFF_PINS.anna);
    await lock.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Logged in: Anna')).toBeVisible();

    const screen = cashierScreen(page);
    const magazine = PRODUCTS.cookingMagazine;
    await pick(screen, magazine);
    // 15 % of 6,50 is 0,975, rounded to 0,98: more than a cashier's 10 %.
    await keypadEntry(screen, magazine, '% Disc', '15');
    const approval = page.getByRole('dialog', { name: 'A manager must approve this' });
    await expect(approval).toContainText(
      `A discount of 15 % on ${magazine.name} is more than you may give. Ask a manager to approve it with their PIN.`,
    );
    await expect(screen.total).toHaveText(euro(650));

    // Bo is the only manager, so already chosen; a wrong PIN is said, and changes nothing.
    await expect(approval.getByRole('radio', { name: 'Bo' })).toBeChecked();
    await approval.getByLabel('Manager’s PIN').fill('00000');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(approval.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
    await expect(screen.total).toHaveText(euro(650));

    await approval.getByLabel('Manager’s PIN').fill(E2E_STAFF_PINS.bo);
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(approval).toHaveCount(0);
    await expect(screen.line(magazine)).toContainText(`Discount −${euro(98)}`);
    await expect(screen.total).toHaveText(euro(552));
    await expect(page.getByText('Logged in: Anna')).toBeVisible();
  });
});
