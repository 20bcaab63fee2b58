import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/browser-mode.ts';
import {
  amount,
  euro,
  lastApprovalCode,
  openTill,
  PRODUCTS,
  receiptOnScreen,
  summaryRow,
  type CashierScreen,
  type Product,
} from '../fixtures/cashier.ts';
import { printoutsOf } from '../fixtures/printouts.ts';

/**
 * A whole sale without the mouse: every step is a key on `page.keyboard`,
 * nothing is clicked, filled or focused by the test. Finding a product is the
 * search box (F2), its name typed, and Enter, which takes the one product the
 * name matches (the results cannot be walked with the arrow keys yet). A
 * quantity is changed with Tab to the line's "One more" button and Space. Part
 * is paid by card (F8), the rest in cash (F9, typed, Enter).
 */

test.use({ viewport: { width: 1280, height: 800 } });

/** The most Tabs it may take to reach a control: past every category and product tile on the screen. */
const MAX_TABS = 120;

/**
 * Presses Tab until the control has the focus, as a person tabs through the
 * screen; fails if it is not reached within MAX_TABS (not in the tab order).
 * Answers how many Tabs it took.
 */
async function tabTo(page: Page, control: Locator): Promise<number> {
  for (let tabs = 1; tabs <= MAX_TABS; tabs += 1) {
    await page.keyboard.press('Tab');
    if (await control.evaluate((element) => element === document.activeElement)) return tabs;
  }
  throw new Error(`${control.toString()} was not reached with ${String(MAX_TABS)} presses of Tab.`);
}

/** A quick typist's pace; a barcode scanner's keys come 1–20 ms apart. */
const PERSON_KEY_GAP_MS = 60;

/** F2 to the search, the product's name typed, Enter: the one product with that name goes on the sale. */
async function findByName(screen: CashierScreen, product: Product): Promise<void> {
  const { page } = screen;
  await page.keyboard.press('F2');
  await expect(screen.search).toBeFocused();
  // At a person's pace: keys a few milliseconds apart are a scanner's, kept out of the field.
  await page.keyboard.type(product.name, { delay: PERSON_KEY_GAP_MS });
  await expect(screen.search).toHaveValue(product.name);
  // The product tiles (the buttons with a price; the categories have none): only this one.
  const tiles = screen.products.getByRole('button').filter({ hasText: '€' });
  await expect(tiles).toHaveCount(1);
  await expect(tiles).toHaveAccessibleName(`${product.name} ${euro(product.priceMinor)}`);
  await page.keyboard.press('Enter');
  await expect(screen.line(product)).toBeVisible();
  // The search is empty again, ready for the next product.
  await expect(screen.search).toHaveValue('');
}

test('a whole sale by keyboard alone: found by name, a quantity changed, part by card, the rest in cash', async ({
  page,
  till,
  simulator,
  printer,
}) => {
  const screen = await openTill(page, till);
  const { cityMap, cookingMagazine } = PRODUCTS;

  await findByName(screen, cityMap);
  await expect(screen.line(cityMap)).toContainText(`1 × ${euro(995)}`);
  await findByName(screen, cookingMagazine);
  await expect(screen.lines.getByRole('listitem')).toHaveCount(2);
  await expect(screen.total).toHaveText(euro(995 + 650));

  // Two city maps: Tab to the line's "One more" button, Space.
  const oneMore = screen.line(cityMap).getByRole('button', { name: `One more ${cityMap.name}` });
  const tabsToOneMore = await tabTo(page, oneMore);
  await page.keyboard.press('Space');
  await expect(screen.line(cityMap)).toContainText(`2 × ${euro(995)}`);
  const totalMinor = 2 * 995 + 650; // 26.40
  await expect(screen.total).toHaveText(euro(totalMinor));
  await expect(screen.due).toHaveText(euro(totalMinor));

  // 5,00 by card: Tab to the amount for this payment, type it, F8.
  const tabsToAmount = await tabTo(page, screen.splitAmount);
  await page.keyboard.type('5');
  await page.keyboard.press('F8');
  await expect(screen.cardDialog).toContainText(`Amount: ${euro(500)}`);
  await expect(screen.cardState).toHaveText('Card payment approved.');
  const approvalCode = await lastApprovalCode(simulator);
  await expect(screen.cardDialog.getByText(`Approval code ${approvalCode}`)).toBeVisible();
  // The panel does not take the focus: Tab to its Continue button, Enter.
  const tabsToContinue = await tabTo(page, screen.cardDialog.getByRole('button', { name: 'Continue' }));
  // How far a keyboard user travels, in the report: the lead can see the cost of the tab order.
  test.info().annotations.push({
    type: 'Tab presses',
    description: `search → One more: ${String(tabsToOneMore)}; → amount for this payment: ${String(tabsToAmount)}; → card panel's Continue: ${String(tabsToContinue)}`,
  });
  await page.keyboard.press('Enter');
  await expect(screen.cardDialog).toHaveCount(0);
  await expect(page.getByText(`Paid: ${euro(500)}`)).toBeVisible();
  const restMinor = totalMinor - 500; // 21.40
  await expect(screen.due).toHaveText(euro(restMinor));

  // The rest in cash: F9 puts the focus in "Cash handed over"; 25 typed, Enter takes it.
  await page.keyboard.press('F9');
  const handedOver = screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' });
  await expect(handedOver).toBeFocused();
  await expect(screen.cashDialog).toContainText(`To pay: ${euro(restMinor)}`);
  await page.keyboard.type('25', { delay: PERSON_KEY_GAP_MS });
  await expect(screen.cashDialog.getByText('Change to give:')).toHaveText(`Change to give: ${euro(2500 - restMinor)}`);
  await page.keyboard.press('Enter');

  // The receipt panel: main's receipt, as it prints, with both payments and the change.
  await expect(screen.receipt).toBeVisible();
  await expect(screen.receipt.getByRole('status', { name: 'Give change' })).toHaveText(euro(2500 - restMinor));
  await expect(summaryRow(screen, 'Total')).toContainText(euro(totalMinor));
  await expect(summaryRow(screen, `Card ••••9999 · Approval code ${approvalCode}`)).toContainText(euro(500));
  await expect(summaryRow(screen, 'Cash')).toContainText(euro(2500));
  const { receiptNumber, lines } = await receiptOnScreen(screen);
  expect(lines).toEqual(
    expect.arrayContaining([
      `${cityMap.name} | ${amount(2 * 995)}`,
      `2 x ${amount(995)}`,
      `${cookingMagazine.name} | ${amount(650)}`,
      `TOTAL EUR | ${amount(totalMinor)}`,
      expect.stringMatching(new RegExp(`^Card mc \\*{4}9999 \\| ${amount(500)}$`, 'i')),
      `Cash | ${amount(2500)}`,
      `Change | ${amount(2500 - restMinor)}`,
      `Receipt ${receiptNumber}`,
    ]),
  );
  // And on paper: the till printed that receipt once.
  await expect.poll(() => printoutsOf(printer, receiptNumber).length).toBe(1);
  await expect(screen.printing).toHaveText('Receipt printed.');

  // F10: the next customer.
  await page.keyboard.press('F10');
  await expect(screen.receipt).toHaveCount(0);
  await expect(page.getByText('Scan a product or pick one to start a sale.')).toBeVisible();
  await expect(screen.total).toHaveText(euro(0));
  await expect(screen.lines).toHaveCount(0);
});
