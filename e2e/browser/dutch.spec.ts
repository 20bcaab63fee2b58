import { writeTillConfig } from '../fixtures/till-config.ts';
import { amount, euro, PRODUCTS, scannerKeys, snap } from '../fixtures/cashier.ts';
import { expect, startServe, stopServe, test as base } from '../fixtures/browser-mode.ts';
import type { BrowserModeTill } from '../fixtures/browser-mode.ts';

/**
 * The sample shop is Dutch: a till configured with `language: "nl"` speaks
 * Dutch to the cashier and prints Dutch receipts, which shows the catalogue
 * carries every word. The words are written out here, not read from the
 * catalogue, so a word that fell back to English fails the test. The till is
 * one of the test's own: the worker's shared till is English.
 */

const test = base.extend<{ dutchTill: BrowserModeTill }>({
  dutchTill: async ({ simulator, printer }, use) => {
    const config = writeTillConfig({ baseUrl: simulator.url, apiKey: simulator.apiKey }, printer, { language: 'nl' });
    const { till, child } = await startServe(config);
    await use(till);
    await stopServe(child);
  },
});

test.use({ viewport: { width: 1280, height: 800 } });

/** Words of the English screen that must not show on a Dutch one. */
const ENGLISH = [
  'Find a product',
  'Card (F8)',
  'Cash (F9)',
  'To pay',
  'Ready',
  'Park sale',
  'Receipts',
  'Loading',
  'Journal',
  'Till day',
];

test('a Dutch till speaks Dutch on screen, in main’s refusals too, and prints a Dutch receipt', async ({
  page,
  dutchTill,
}, testInfo) => {
  await page.goto(dutchTill.url);
  const search = page.getByRole('searchbox', { name: 'Product zoeken' });
  await expect(search).toBeVisible();
  await expect(page.getByRole('list', { name: 'Apparaten' }).locator('[data-device]').first()).toContainText('Gereed');

  // Main's own words follow the language too: the terminal light's detail, and F6's refusal.
  await expect(page.locator('[data-device="terminal"]')).toHaveAttribute('title', 'Klaar voor pinbetalingen.');
  await page.keyboard.press('F6');
  const receipts = page.getByRole('dialog', { name: 'Bonnen en kassalade' });
  await receipts.getByRole('textbox', { name: 'Bonnummer' }).fill('999999');
  await receipts.getByRole('button', { name: 'Tonen' }).click();
  await expect(receipts).toContainText(/Er is geen bon \S+-999999 op deze kassa\. Controleer het nummer op de bon/);
  await page.keyboard.press('Escape');
  await expect(receipts).toBeHidden();

  await search.blur();
  await scannerKeys(page, PRODUCTS.milk.barcode);
  const due = page.getByRole('status', { name: 'Te betalen', exact: true });
  await expect(due).toHaveText(euro(PRODUCTS.milk.priceMinor));
  await expect(page.getByRole('button', { name: 'Pinnen (F8)' })).toBeEnabled();
  const shown = await page.locator('body').innerText();
  for (const word of ENGLISH) expect(shown, `"${word}" on a Dutch screen`).not.toContain(word);
  await snap(page, testInfo, 'dutch-sale');

  await page.keyboard.press('F9');
  const cash = page.getByRole('dialog', { name: 'Contant' });
  await expect(cash.getByRole('textbox', { name: 'Ontvangen bedrag' })).toBeFocused();
  await cash
    .getByRole('group', { name: 'Snelle bedragen' })
    .getByRole('button', { name: euro(500) })
    .click();

  const picture = page.locator('img[data-receipt-number]');
  await expect(picture).toBeVisible();
  const lines = await picture.evaluate((image: HTMLImageElement) => {
    const svg = decodeURIComponent(image.src.slice(image.src.indexOf(',') + 1));
    return new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement.textContent.replace(/\u00a0/g, ' ');
  });
  expect(lines).toContain('TOTAAL EUR');
  expect(lines).toContain('Contant');
  expect(lines).toContain('Wisselgeld');
  expect(lines).toContain(amount(500 - PRODUCTS.milk.priceMinor));
  expect(lines).not.toContain('TOTAL EUR');
  await snap(page, testInfo, 'dutch-receipt');
});
