import type { Page } from '@playwright/test';
import {
  analyzeAccessibility,
  blockingViolations,
  checkAtBothTextSizes,
  describeViolations,
  setTextSize,
} from '../fixtures/axe.ts';
import { E2E_STAFF_PINS, expect, startServe, stopServe, test, type BrowserModeTill } from '../fixtures/browser-mode.ts';
import { cashierScreen, euro, keypadEntry, openTill, pick, PRODUCTS, scan, snap } from '../fixtures/cashier.ts';
import { writeTillConfig } from '../fixtures/till-config.ts';

/**
 * Every panel of the till, checked by axe (WCAG 2.0/2.1 A and AA) at 100 %
 * and at 150 % text, on a 1280×800 screen. A serious or critical violation
 * fails the test (softly: the test goes on and reports every panel it
 * reaches); the full results are attached to each test's report. A picture
 * of each panel at 150 % is kept with the test's output, to see what the
 * larger text does to the layout.
 */

// Each panel is checked twice, and axe reads the whole page each time: more than a sale test takes.
test.describe.configure({ mode: 'parallel', timeout: 90_000 });
test.use({ viewport: { width: 1280, height: 800 } });

/** Checks the page at both text sizes and keeps a picture of it at 150 %. */
async function check(page: Page, testInfo: Parameters<typeof snap>[1], name: string): Promise<void> {
  await checkAtBothTextSizes(page, testInfo, name);
  await setTextSize(page, 150);
  await snap(page, testInfo, `${name}-150`);
  await setTextSize(page, 100);
}

test('the check itself finds what it is there to find: an unlabelled field and unreadable text', async ({ page }) => {
  // A page of the test's own, so this test fails only if the check is blind, never because the till changed.
  await page.setContent(
    '<!doctype html><html lang="en"><head><title>Broken on purpose</title></head><body><main>' +
      '<input id="unlabelled">' +
      '<p id="faint" style="color:#c8c8c8;background:#ffffff">Hard to read</p>' +
      '</main></body></html>',
  );
  const blocking = blockingViolations(await analyzeAccessibility(page));
  expect(blocking.map((violation) => violation.id).sort()).toEqual(['color-contrast', 'label']);
  const described = describeViolations(blocking);
  expect(described).toContain('#unlabelled');
  expect(described).toContain('#faint');
});

async function logIn(page: Page, name: 'Anna' | 'Bo', pin: string): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await lock.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await lock.getByLabel(`PIN for ${name}`).fill(pin);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(`Logged in: ${name}`)).toBeVisible();
}

test('the sale screen empty, searching and with lines, the cash panel and the About dialog', async ({
  page,
  till,
}, testInfo) => {
  const screen = await openTill(page, till);
  await expect(page.getByText('Scan a product or pick one to start a sale.')).toBeVisible();
  await check(page, testInfo, 'sale-empty');

  await screen.search.fill('bread');
  await expect(screen.products.getByRole('button', { name: `${PRODUCTS.whiteBread.name} ${euro(189)}` })).toBeVisible();
  await check(page, testInfo, 'product-search');
  await screen.search.fill('');
  await screen.search.blur();

  await scan(screen, PRODUCTS.whiteBread.barcode);
  await scan(screen, PRODUCTS.milk.barcode);
  await scan(screen, PRODUCTS.cookingMagazine.barcode);
  await expect(screen.lines.getByRole('listitem')).toHaveCount(3);
  await check(page, testInfo, 'sale-with-lines');

  await page.keyboard.press('F9');
  await expect(screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' })).toBeFocused();
  await check(page, testInfo, 'cash-panel');
  await screen.cashDialog.getByRole('button', { name: 'Back' }).click();
  await expect(screen.cashDialog).toHaveCount(0);

  await page.getByRole('button', { name: 'About this till' }).click();
  await expect(page.getByRole('dialog', { name: 'About this till' })).toBeVisible();
  await check(page, testInfo, 'about');
  await page.getByRole('dialog', { name: 'About this till' }).getByRole('button', { name: 'Close' }).click();

  // Leave the worker's till with no sale open: pay it.
  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(189 + 115 + 650), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
});

test('at 150 % text the amount to pay and the Card and Cash buttons stay on a 1280×800 screen', async ({
  page,
  till,
}, testInfo) => {
  // Axe cannot see this (WCAG 1.4.4, text resized to 200 % without loss of function): larger text must not
  // push the payment off a screen that does not scroll.
  const screen = await openTill(page, till);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await scan(screen, PRODUCTS.milk.barcode);
  await expect(screen.total).toHaveText(euro(189 + 115));
  await setTextSize(page, 150);
  await snap(page, testInfo, 'tender-bar-150');
  const cashButton = page.getByRole('button', { name: 'Cash (F9)' });
  await expect.soft(screen.due, 'To pay, at 150 % text').toBeInViewport({ ratio: 1 });
  await expect.soft(screen.cardButton, 'Card (F8), at 150 % text').toBeInViewport({ ratio: 1 });
  await expect.soft(cashButton, 'Cash (F9), at 150 % text').toBeInViewport({ ratio: 1 });
  await setTextSize(page, 100);

  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(189 + 115), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
});

test('the card panel in progress and declined, and the receipt panel after a sale', async ({
  page,
  till,
}, testInfo) => {
  const screen = await openTill(page, till);
  // 3 × 1.69 + 3.95 = 9.02: the shopper never presents a card, so the payment stays in progress.
  for (let i = 0; i < 3; i += 1) await scan(screen, PRODUCTS.spicedCake.barcode);
  await scan(screen, PRODUCTS.crosswords.barcode);
  await expect(screen.total).toHaveText(euro(902));
  await page.keyboard.press('F8');
  await expect(screen.cardDialog.getByText(/^Waiting: 0:0\d$/)).toBeVisible();
  await check(page, testInfo, 'card-in-progress');
  await screen.cardDialog.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(screen.cardState).toHaveText('Card payment cancelled. Nothing was charged.');
  await screen.cardDialog.getByRole('button', { name: 'Choose another way to pay' }).click();

  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(1000), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
  await expect(screen.receiptPicture).toBeVisible();
  await expect(screen.printing).toHaveText('Receipt printed.');
  await check(page, testInfo, 'receipt-panel');
  await page.keyboard.press('F10');

  // 1.29 + 9.95 = 11.24: ends in 124, which the terminal declines.
  await pick(screen, PRODUCTS.baguette);
  await pick(screen, PRODUCTS.cityMap);
  await expect(screen.total).toHaveText(euro(1124));
  await page.keyboard.press('F8');
  await expect(screen.cardState).toHaveText(
    'Card payment declined. Ask the customer for another card or another way to pay.',
  );
  await check(page, testInfo, 'card-declined');
  await screen.cardDialog.getByRole('button', { name: 'Choose another way to pay' }).click();
  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(1124), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
});

test('the parked sales and the receipts (F6) panels', async ({ page, till }, testInfo) => {
  const screen = await openTill(page, till);
  await scan(screen, PRODUCTS.financialDaily.barcode);
  await expect(screen.total).toHaveText(euro(350));
  await page.keyboard.press('F3');
  await expect(screen.total).toHaveText(euro(0));
  await page.keyboard.press('F4');
  const parked = screen.parkedDialog.getByRole('listitem').filter({ hasText: `1 item · ${euro(350)}` });
  await expect(parked.last()).toBeVisible();
  await check(page, testInfo, 'parked-sales');

  await parked.last().getByRole('button', { name: 'Recall' }).click();
  await expect(screen.total).toHaveText(euro(350));

  await page.keyboard.press('F6');
  await expect(page.getByRole('dialog', { name: 'Receipts and cash drawer' })).toBeVisible();
  await check(page, testInfo, 'receipts-f6');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(350), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
});

/** A till of the test's own with one item without a code, so the sale screen offers its key. */
const withOpenItem = test.extend<{ openItemTill: BrowserModeTill }>({
  openItemTill: async ({ simulator, printer }, use) => {
    const selling = { openItems: [{ sku: 'OPEN-FLOWERS', name: 'Flowers', vatRate: 9, maxPrice: '50.00' }] };
    const { till, child } = await startServe(
      writeTillConfig({ baseUrl: simulator.url, apiKey: simulator.apiKey }, printer, { selling }),
    );
    await use(till);
    await stopServe(child);
  },
});

withOpenItem('the open-item price panel', async ({ page, openItemTill }, testInfo) => {
  await openTill(page, openItemTill);
  await page
    .getByRole('group', { name: 'Items without a code' })
    .getByRole('button', { name: 'Flowers', exact: true })
    .click();
  const panel = page.getByRole('dialog', { name: 'Flowers: type the price' });
  await expect(panel.getByRole('textbox', { name: 'Price' })).toBeFocused();
  await check(page, testInfo, 'open-item');
});

test('the lock screen and the manager approval panel', async ({ page, staffTill }, testInfo) => {
  await page.goto(staffTill.url);
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await check(page, testInfo, 'lock-screen');
  await lock.getByRole('button', { name: /^Anna/ }).click();
  await expect(lock.getByLabel('PIN for Anna')).toBeVisible();
  await check(page, testInfo, 'lock-screen-pin');
  await lock.getByLabel('PIN for Anna').fill(E2E_STAFF_PINS.anna);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Logged in: Anna')).toBeVisible();

  const screen = cashierScreen(page);
  await pick(screen, PRODUCTS.cookingMagazine);
  // 15 % is more than a cashier's 10 %: a manager must approve it.
  await keypadEntry(screen, PRODUCTS.cookingMagazine, '% Disc', '15');
  const approval = page.getByRole('dialog', { name: 'A manager must approve this' });
  await expect(approval).toBeVisible();
  await check(page, testInfo, 'approval');
  await approval.getByLabel('Manager’s PIN').fill('00000');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(approval.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
  await check(page, testInfo, 'approval-wrong-pin');
});

test('the till day (F5) open, its X report and close; the journal (F7), a sale’s detail and the refund panel', async ({
  page,
  refundTill,
}, testInfo) => {
  // The fixture starts a till twice, and every panel is checked twice: more than a sale test.
  test.setTimeout(120_000);
  await page.goto(refundTill.url);
  await logIn(page, 'Bo', E2E_STAFF_PINS.bo);

  // The day first: the refund would open it by itself.
  await page.keyboard.press('F5');
  const day = page.getByRole('region', { name: 'Till day' });
  await expect(day).toContainText('The till day is not open');
  await check(page, testInfo, 'day-not-open');
  await day.getByLabel('Float counted').fill('100,00');
  await day.getByRole('button', { name: 'Open the day' }).click();
  await expect(day).toContainText('Open since');
  await check(page, testInfo, 'day-open');
  await day.getByRole('button', { name: 'X report', exact: true }).click();
  await expect(page.getByRole('region', { name: 'X report' })).toBeVisible();
  await check(page, testInfo, 'x-report');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await expect(journal).toBeVisible();
  await check(page, testInfo, 'journal');
  await journal.getByLabel('Receipt number', { exact: true }).fill(refundTill.yesterday.receiptNumber);
  await journal.getByRole('button', { name: 'Search', exact: true }).click();
  const found = journal.getByRole('list', { name: 'Sales found' }).getByRole('button');
  await expect(found).toHaveCount(1);
  await check(page, testInfo, 'journal-results');
  await found.click();
  const sale = page.getByRole('region', { name: `Sale ${refundTill.yesterday.receiptNumber}` });
  await expect(sale.getByText(`Still refundable: ${euro(refundTill.yesterday.totalMinor)}`)).toBeVisible();
  await check(page, testInfo, 'journal-sale-detail');

  const wine = refundTill.yesterday.lines[0];
  if (wine === undefined) throw new Error('yesterday’s sale has no lines');
  await sale.getByLabel(`Refund quantity for ${wine.name}`).fill('1');
  await sale.getByLabel('Reason for the refund').fill('Corked bottle');
  await sale.getByRole('button', { name: `Refund ${euro(wine.unitPriceMinor)}` }).click();
  const refund = page.getByRole('region', { name: 'Refund', exact: true });
  await expect(refund).toContainText(`Refunded ${euro(wine.unitPriceMinor)}`);
  await check(page, testInfo, 'refund');
  await page.keyboard.press('Escape');

  await page.keyboard.press('F5');
  await day.getByLabel('Counted cash').fill('100,00');
  await day.getByRole('button', { name: 'Close the day (Z report)' }).click();
  await expect(day.getByRole('button', { name: 'Yes, close the day' })).toBeVisible();
  await check(page, testInfo, 'day-close');
});
