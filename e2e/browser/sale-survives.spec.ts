import { expect, test } from '../fixtures/browser-mode.ts';
import {
  amount,
  euro,
  lastApprovalCode,
  openTill,
  pick,
  PRODUCTS,
  receiptOnScreen,
  scan,
  snap,
  summaryRow,
  type CashierScreen,
  type Product,
} from '../fixtures/cashier.ts';

/**
 * The open sale is main's, written to the till's journal with every change:
 * neither a reload of the page nor a till that dies mid-sale loses it. The
 * cashier finds the same lines, the same total and the money already taken,
 * and finishes the sale as if nothing had happened.
 */

test.describe.configure({ mode: 'parallel' });
test.use({ viewport: { width: 1024, height: 768 } });

const RECEIPT_NUMBER = /^E2E-7-\d{6}$/;

/** A line as the cashier reads it: the product, quantity × unit price, and what the line comes to. */
async function expectLine(screen: CashierScreen, product: Product, quantity: number): Promise<void> {
  const line = screen.line(product);
  await expect(line).toContainText(`${String(quantity)} × ${euro(product.priceMinor)}`);
  await expect(line).toContainText(euro(quantity * product.priceMinor));
}

test('a reload in the middle of a sale brings back the same lines and total, and the sale can be finished', async ({
  page,
  till,
  simulator,
}, testInfo) => {
  const screen = await openTill(page, till);
  const { whiteBread, milk, sourdough } = PRODUCTS;
  await scan(screen, whiteBread.barcode);
  await scan(screen, whiteBread.barcode);
  await scan(screen, milk.barcode);
  await pick(screen, sourdough);
  const totalMinor = 2 * 189 + 115 + 349; // 8.42, which the simulated terminal approves
  await expect(screen.lines.getByRole('listitem')).toHaveCount(3);
  await expect(screen.total).toHaveText(euro(totalMinor));

  await page.reload();
  await expect(screen.search).toBeVisible();
  // The page kept nothing: the lines come back from main, in the order they were rung up.
  await expect(screen.lines.getByRole('listitem')).toHaveCount(3);
  await expect(screen.lines.getByRole('listitem').nth(0)).toContainText(whiteBread.name);
  await expect(screen.lines.getByRole('listitem').nth(1)).toContainText(milk.name);
  await expect(screen.lines.getByRole('listitem').nth(2)).toContainText(sourdough.name);
  await expectLine(screen, whiteBread, 2);
  await expectLine(screen, milk, 1);
  await expectLine(screen, sourdough, 1);
  await expect(page.getByText('Total (4 items)')).toBeVisible();
  await expect(screen.total).toHaveText(euro(totalMinor));
  await expect(screen.due).toHaveText(euro(totalMinor));
  await expect(page.getByText(/^Paid:/)).toHaveCount(0);
  await snap(page, testInfo, 'sale-after-reload');

  // The sale goes on where it was: a card pays main's total, and the receipt has every line.
  await expect(screen.device('Card terminal')).toContainText('Ready');
  await page.keyboard.press('F8');
  await expect(screen.receipt).toBeVisible();
  const { receiptNumber, lines } = await receiptOnScreen(screen);
  expect(receiptNumber).toMatch(RECEIPT_NUMBER);
  const approvalCode = await lastApprovalCode(simulator);
  expect(lines).toEqual(
    expect.arrayContaining([
      `${whiteBread.name} | ${amount(378)}`,
      `2 x ${amount(189)}`,
      `${milk.name} | ${amount(115)}`,
      `${sourdough.name} | ${amount(349)}`,
      `TOTAL EUR | ${amount(totalMinor)}`,
      expect.stringMatching(new RegExp(`^Card mc \\*{4}9999 \\| ${amount(totalMinor)}$`, 'i')),
    ]),
  );
  await expect(summaryRow(screen, `Card ••••9999 · Approval code ${approvalCode}`)).toContainText(euro(totalMinor));

  // And the next sale starts empty, after a reload too.
  await page.keyboard.press('F10');
  await page.reload();
  await expect(screen.search).toBeVisible();
  await expect(screen.receipt).toHaveCount(0);
  await expect(screen.page.getByText('Scan a product or pick one to start a sale.')).toBeVisible();
  await expect(screen.total).toHaveText(euro(0));
});

test('a till killed mid-sale comes back with the same lines and the cash already taken, and the sale is finished', async ({
  page,
  ownTill,
}, testInfo) => {
  // Two starts of `kassa serve` in one test.
  test.setTimeout(60_000);
  const { sourdough, cookingMagazine, milk } = PRODUCTS;
  const totalMinor = 349 + 650 + 115; // 11.14
  const firstCash = 500;
  const stillDue = totalMinor - firstCash; // 6.14

  let screen = await openTill(page, ownTill.till);
  await pick(screen, sourdough);
  await scan(screen, cookingMagazine.barcode);
  await scan(screen, milk.barcode);
  await expect(screen.lines.getByRole('listitem')).toHaveCount(3);
  await expect(screen.total).toHaveText(euro(totalMinor));

  // The customer pays part in cash: less than is due.
  await page.keyboard.press('F9');
  await expect(screen.cashDialog).toContainText(`To pay: ${euro(totalMinor)}`);
  await screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' }).fill('5');
  await screen.cashDialog.getByRole('button', { name: 'Take cash' }).click();
  await expect(screen.cashDialog).toHaveCount(0);
  await expect(screen.receipt).toHaveCount(0);
  await expect(page.getByText(`Paid: ${euro(firstCash)}`)).toBeVisible();
  await expect(screen.due).toHaveText(euro(stillDue));

  // The till dies: no shutdown, nothing more written. The screen says it has lost the till.
  await ownTill.kill();
  await expect(page.getByText(/Lost contact with the till/).first()).toBeVisible();

  // Started again on the same configuration (and so the same journal), at a new address and token.
  const restarted = await ownTill.restart();
  screen = await openTill(page, restarted);
  await expect(screen.lines.getByRole('listitem')).toHaveCount(3);
  await expect(screen.lines.getByRole('listitem').nth(0)).toContainText(sourdough.name);
  await expect(screen.lines.getByRole('listitem').nth(1)).toContainText(cookingMagazine.name);
  await expect(screen.lines.getByRole('listitem').nth(2)).toContainText(milk.name);
  await expectLine(screen, sourdough, 1);
  await expectLine(screen, cookingMagazine, 1);
  await expectLine(screen, milk, 1);
  await expect(page.getByText('Total (3 items)')).toBeVisible();
  await expect(screen.total).toHaveText(euro(totalMinor));
  await expect(page.getByText(`Paid: ${euro(firstCash)}`)).toBeVisible();
  await expect(screen.due).toHaveText(euro(stillDue));
  // Money is held on the sale, so its lines still cannot change.
  await expect(screen.line(milk).getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  await snap(page, testInfo, 'sale-after-restart');

  // The rest in cash: the panel asks only for what is still due, and the change is worked out on that.
  await page.keyboard.press('F9');
  await expect(screen.cashDialog).toContainText(`To pay: ${euro(stillDue)}`);
  await screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' }).fill('10');
  await screen.cashDialog.getByRole('button', { name: 'Take cash' }).click();

  await expect(screen.receipt).toBeVisible();
  const changeMinor = 1000 - stillDue; // 3.86
  await expect(screen.receipt.getByRole('status', { name: 'Give change' })).toHaveText(euro(changeMinor));
  await expect(summaryRow(screen, 'Total')).toContainText(euro(totalMinor));
  const cashRows = summaryRow(screen, 'Cash');
  await expect(cashRows).toHaveCount(2);
  await expect(cashRows.nth(0)).toContainText(euro(firstCash));
  await expect(cashRows.nth(1)).toContainText(euro(1000));
  await expect(summaryRow(screen, 'Give change')).toContainText(euro(changeMinor));

  const { receiptNumber, lines } = await receiptOnScreen(screen);
  expect(receiptNumber).toMatch(RECEIPT_NUMBER);
  expect(lines).toEqual(
    expect.arrayContaining([
      `${sourdough.name} | ${amount(349)}`,
      `${cookingMagazine.name} | ${amount(650)}`,
      `${milk.name} | ${amount(115)}`,
      `TOTAL EUR | ${amount(totalMinor)}`,
      `Change | ${amount(changeMinor)}`,
    ]),
  );
  // Both cash parts, in the order they were handed over: the one from before the crash, then the rest.
  expect(lines.filter((line) => line.startsWith('Cash |'))).toEqual([
    `Cash | ${amount(firstCash)}`,
    `Cash | ${amount(1000)}`,
  ]);
  await snap(page, testInfo, 'receipt-after-restart');
});

test('a reload while the customer pays by card brings the payment back, and its receipt once it is approved', async ({
  page,
  till,
  simulator,
}) => {
  const screen = await openTill(page, till);
  const { cityMap, saturdayPaper } = PRODUCTS;
  await scan(screen, cityMap.barcode);
  await scan(screen, saturdayPaper.barcode);
  const totalMinor = 995 + 425; // 14.20: chip and PIN above 10.00 takes the simulated customer a while
  await expect(screen.total).toHaveText(euro(totalMinor));
  // The terminal's answer comes late (5 s here), so the payment is surely still going when the page is reloaded.
  await simulator.fault({ fault: 'respond-late', delayMs: 20_000, categories: ['Payment'] });
  await page.keyboard.press('F8');
  await expect(screen.cardDialog).toBeVisible();

  await page.reload();
  // The card panel is back for the payment that is still going, and no second payment can be started.
  await expect(screen.cardDialog).toBeVisible();
  await expect(screen.cardState).toHaveAttribute('data-state', /sent|in_progress|checking/);
  // Then the approval, and the sale main recorded with it.
  await expect(screen.receipt).toBeVisible({ timeout: 15_000 });
  await expect(summaryRow(screen, 'Total')).toContainText(euro(totalMinor));
  await expect(summaryRow(screen, /^Card/)).toContainText(euro(totalMinor));
  const payments = (await simulator.transactions()).filter((transaction) => transaction.category === 'Payment');
  expect(payments.filter((payment) => payment.amountMinor === totalMinor)).toHaveLength(1);
});
