import { writeTillConfig } from '../fixtures/till-config.ts';
import { amount, euro, openTill, pick, PRODUCTS, receiptOnScreen, snap, summaryRow } from '../fixtures/cashier.ts';
import { expect, startServe, stopServe, test as base } from '../fixtures/browser-mode.ts';
import type { BrowserModeTill } from '../fixtures/browser-mode.ts';

/**
 * A till in the Netherlands rounds cash to 0.05 (selling.cashRounding): the
 * cash panel asks for the rounded amount and says it was rounded, the sale is
 * recorded at its exact total with the rounding beside it, and the receipt
 * prints it. The till is one of the test's own: the worker's shared till does
 * not round.
 */

const test = base.extend<{ roundingTill: BrowserModeTill }>({
  roundingTill: async ({ simulator, printer }, use) => {
    const config = writeTillConfig({ baseUrl: simulator.url, apiKey: simulator.apiKey }, printer, {
      selling: { cashRounding: { incrementMinor: 5 } },
    });
    const { till, child } = await startServe(config);
    await use(till);
    await stopServe(child);
  },
});

test.use({ viewport: { width: 1280, height: 800 } });

test('cash is rounded to 0.05 on screen and on the receipt, the card would pay the exact amount', async ({
  page,
  roundingTill,
}, testInfo) => {
  const screen = await openTill(page, roundingTill);
  // 1.15 + 1.89 = 3.04: 3.05 in cash.
  await pick(screen, PRODUCTS.milk);
  await pick(screen, PRODUCTS.whiteBread);
  const exact = 115 + 189;
  await expect(screen.total).toHaveText(euro(exact));
  // What is due, as a card would pay it: exact.
  await expect(screen.due).toHaveText(euro(exact));

  await page.keyboard.press('F9');
  await expect(screen.cashDialog).toContainText(`To pay: ${euro(305)}`);
  await expect(screen.cashDialog).toContainText(`Rounded for cash from ${euro(exact)}. A card pays the exact amount.`);
  // The quick amounts start at what cash pays.
  const quick = screen.cashDialog.getByRole('group', { name: 'Quick amounts' });
  await expect(quick.getByRole('button').first()).toHaveText(euro(305));
  await snap(page, testInfo, 'cash-rounding-panel');
  await quick.getByRole('button', { name: euro(500), exact: true }).click();

  await expect(screen.receipt).toBeVisible();
  await expect(screen.receipt.getByRole('status', { name: 'Give change' })).toHaveText(euro(195));
  await expect(summaryRow(screen, 'Cash rounding')).toContainText(euro(1));
  const { lines } = await receiptOnScreen(screen);
  expect(lines).toEqual(
    expect.arrayContaining([
      `TOTAL EUR | ${amount(exact)}`,
      `Cash rounding | ${amount(1)}`,
      `Cash | ${amount(500)}`,
      `Change | ${amount(195)}`,
    ]),
  );
  await snap(page, testInfo, 'cash-rounding-receipt');

  // The journal's detail of the sale (F7) says the rounding too.
  const { receiptNumber } = await receiptOnScreen(screen);
  await page.keyboard.press('F10');
  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await journal.getByLabel('Receipt number', { exact: true }).fill(receiptNumber);
  await journal.getByRole('button', { name: 'Search', exact: true }).click();
  await journal.getByRole('list', { name: 'Sales found' }).getByRole('button').click();
  const sale = page.getByRole('region', { name: `Sale ${receiptNumber}` });
  await expect(sale.getByRole('listitem').filter({ hasText: 'Cash rounding' })).toContainText(
    `Cash rounding: ${euro(1)}`,
  );
});
