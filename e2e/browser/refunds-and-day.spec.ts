import type { Page } from '@playwright/test';
import { E2E_STAFF_PINS, expect, test, type RefundTill } from '../fixtures/browser-mode.ts';
import { cashierScreen, euro, PRODUCTS, scan, snap } from '../fixtures/cashier.ts';
import { printoutsSince } from '../fixtures/printouts.ts';

/**
 * A manager's day at a till with staff: yesterday's card sale (made by the
 * real till with its clock a day back, see fixtures/yesterday.ts) is found by
 * its receipt number and one line of it goes back to the card by reference;
 * the simulated terminal shows the reversal; a second refund beyond what is
 * left is refused; a cashier is offered no refund and main refuses one
 * anyway; the X and Z reports add up to exactly the sales made in the test.
 */

async function logIn(page: Page, name: 'Anna' | 'Bo', pin: string): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await lock.getByLabel(`PIN for ${name}`).fill(pin);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(`Logged in: ${name}`)).toBeVisible();
}

async function openSale(page: Page, till: RefundTill) {
  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await journal.getByLabel('Receipt number', { exact: true }).fill(till.yesterday.receiptNumber);
  await journal.getByRole('button', { name: 'Search', exact: true }).click();
  const found = journal.getByRole('list', { name: 'Sales found' }).getByRole('button');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(till.yesterday.receiptNumber);
  await expect(found).toContainText(euro(till.yesterday.totalMinor));
  await found.click();
  const sale = page.getByRole('region', { name: `Sale ${till.yesterday.receiptNumber}` });
  await expect(sale).toBeVisible();
  return { journal, sale };
}

test('a manager finds yesterday’s card sale by its receipt number and gives one line back to the card', async ({
  page,
  refundTill,
  simulator,
  printer,
}, testInfo) => {
  // The fixture starts a till twice (yesterday's in process, today's `kassa serve`): more than a sale test.
  test.setTimeout(60_000);
  const wine = refundTill.yesterday.lines[0];
  if (wine === undefined) throw new Error('yesterday’s sale has no lines');
  await page.goto(refundTill.url);
  await logIn(page, 'Bo', E2E_STAFF_PINS.bo);
  const { sale } = await openSale(page, refundTill);
  // Yesterday: the card attempt and its history, and what is still refundable (all of it).
  await expect(sale).toContainText(new Date(refundTill.yesterday.completedAt).getDate().toString());
  await expect(sale.getByText(`Still refundable: ${euro(refundTill.yesterday.totalMinor)}`)).toBeVisible();
  await expect(sale.getByText(/^Card payment .*: Approved$/)).toBeVisible();
  const reversalsBefore = (await simulator.transactions()).filter((tx) => tx.category === 'Reversal').length;
  const printedBefore = printoutsSince(printer).length;

  await sale.getByLabel(`Refund quantity for ${wine.name}`).fill('1');
  await sale.getByLabel('Reason for the refund').fill('Corked bottle');
  await sale.getByRole('button', { name: `Refund ${euro(wine.unitPriceMinor)}` }).click();

  const refund = page.getByRole('region', { name: 'Refund', exact: true });
  await expect(refund).toContainText(`Refunded ${euro(wine.unitPriceMinor)}`);
  await expect(refund).toContainText(/Refund number E2E-7-R000001/);
  await expect(refund.getByRole('list', { name: 'Where the money goes' })).toContainText('given back');
  await snap(page, testInfo, 'refund-to-card');

  // The terminal gave exactly the wine back, on yesterday's payment.
  const reversals = (await simulator.transactions()).filter((tx) => tx.category === 'Reversal');
  expect(reversals.length).toBe(reversalsBefore + 1);
  expect(reversals.at(-1)).toMatchObject({ kind: 'reversal', amountMinor: wine.unitPriceMinor, finished: true });
  // The refund receipt printed.
  await expect
    .poll(() =>
      printoutsSince(printer, printedBefore).some((printout) =>
        printout.lines.some((line) => line.includes('Refund E2E-7-R000001')),
      ),
    )
    .toBe(true);

  // More than is left (one wine and the Gouda: 5,99 + 3,29 = 9,28) is refused by main, and nothing reaches the terminal.
  await page.keyboard.press('Escape');
  const again = await openSale(page, refundTill);
  await expect(
    again.sale.getByText(`Still refundable: ${euro(refundTill.yesterday.totalMinor - wine.unitPriceMinor)}`),
  ).toBeVisible();
  await again.sale.getByLabel('Refund amount', { exact: true }).fill('20,00');
  await again.sale.getByLabel('Reason for the refund').fill('Goodwill');
  const left = euro(refundTill.yesterday.totalMinor - wine.unitPriceMinor);
  await expect(again.sale.getByRole('alert')).toHaveText(`Only ${left} can still be refunded on this sale.`);
  await expect(again.sale.getByRole('button', { name: /^Refund €/ })).toBeDisabled();
  // The screen is not the guard: main refuses the same request, in the same words.
  const answer = await page.request.post(`${refundTill.origin}/api/call/refunds.start`, {
    headers: { authorization: `Bearer ${refundTill.token}`, origin: refundTill.origin },
    data: { receiptNumber: refundTill.yesterday.receiptNumber, amountMinor: 2_000, reason: 'Goodwill' },
  });
  expect(await answer.json()).toEqual({
    ok: false,
    error: { code: 'CONFLICT', message: `Only ${left} can still be refunded on this sale.` },
  });
  expect((await simulator.transactions()).filter((tx) => tx.category === 'Reversal').length).toBe(reversalsBefore + 1);
});

test('a cashier’s refund needs a manager’s approval: the screen says so, and main refuses one asked for without it', async ({
  page,
  refundTill,
  simulator,
}) => {
  const reversals = async () => (await simulator.transactions()).filter((tx) => tx.category === 'Reversal').length;
  const before = await reversals();
  await page.goto(refundTill.url);
  await logIn(page, 'Anna', E2E_STAFF_PINS.anna);
  const { sale } = await openSale(page, refundTill);
  await expect(
    sale.getByText('A manager approves refunds: when asked, they pick their name and type their PIN here.'),
  ).toBeVisible();
  await expect(sale.getByLabel('Reason for the refund')).toBeVisible();

  // The screen is not the guard: the same call the refund button makes, with this session's token.
  const answer = await page.request.post(`${refundTill.origin}/api/call/refunds.start`, {
    headers: { authorization: `Bearer ${refundTill.token}`, origin: refundTill.origin },
    data: {
      receiptNumber: refundTill.yesterday.receiptNumber,
      lines: [{ lineIndex: 0, quantity: 1 }],
      reason: 'Please',
    },
  });
  // Main gives no money back on a cashier's word: only with a manager's name and PIN sent along.
  expect(await answer.json()).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
  expect(await reversals()).toBe(before);
});

test('the X and Z reports add up to the sales made today', async ({ page, refundTill }, testInfo) => {
  const { whiteBread, milk, cityMap } = PRODUCTS;
  await page.goto(refundTill.url);
  await logIn(page, 'Bo', E2E_STAFF_PINS.bo);
  const screen = cashierScreen(page);
  await expect(screen.device('Card terminal')).toContainText('Ready');

  // Open today with a counted float of 100,00.
  await page.keyboard.press('F5');
  const day = page.getByRole('region', { name: 'Till day' });
  await expect(day).toContainText('The till day is not open');
  await day.getByLabel('Float counted').fill('100,00');
  await day.getByRole('button', { name: 'Open the day' }).click();
  await expect(day).toContainText('Open since');
  await page.keyboard.press('Escape');

  // Sale 1, cash: bread and milk (3,04), paid with a 5,00 note.
  await scan(screen, whiteBread.barcode);
  await scan(screen, milk.barcode);
  await expect(screen.total).toHaveText(euro(189 + 115));
  await page.keyboard.press('F9');
  await screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' }).fill('5,00');
  await screen.cashDialog.getByRole('button', { name: 'Take cash' }).click();
  await expect(screen.receipt).toBeVisible();
  await page.keyboard.press('F10');

  // Sale 2, card: the city map (9,95).
  await scan(screen, cityMap.barcode);
  await expect(screen.total).toHaveText(euro(995));
  await page.keyboard.press('F8');
  // Approved and finished at once: the receipt names the card.
  await expect(screen.receipt.getByRole('rowheader', { name: /^Card ••••9999/ })).toBeVisible();
  await page.keyboard.press('F10');

  // Cash out with a reason.
  await page.keyboard.press('F5');
  await day.getByRole('button', { name: 'Cash out' }).click();
  await day.getByLabel('Cash amount').fill('20,00');
  await day.getByLabel('Reason for the cash move').fill('Window cleaner');
  await day.getByRole('button', { name: 'Record cash move' }).click();

  await day.getByRole('button', { name: 'X report', exact: true }).click();
  const x = page.getByRole('region', { name: 'X report' });
  const cashTaken = 189 + 115;
  const expectedCash = 10_000 + cashTaken - 2_000;
  await expect(x.getByTestId('x-sales-count')).toHaveText('2');
  await expect(x.getByTestId('x-sales-total')).toHaveAttribute('data-minor', String(cashTaken + 995));
  await expect(x.getByTestId('x-cash-net')).toHaveAttribute('data-minor', String(cashTaken));
  await expect(x.getByTestId('x-card-net')).toHaveAttribute('data-minor', '995');
  await expect(x.getByTestId('x-refunds-total')).toHaveAttribute('data-minor', '0');
  await expect(x.getByTestId('x-cash-expected')).toHaveAttribute('data-minor', String(expectedCash));
  await snap(page, testInfo, 'x-report');

  // The drawer is counted 50 cents short.
  await day.getByLabel('Counted cash').fill('82,54');
  await day.getByRole('button', { name: 'Close the day (Z report)' }).click();
  await day.getByRole('button', { name: 'Yes, close the day' }).click();
  // Yesterday's day was Z 1.
  const z = page.getByRole('region', { name: 'Z report 2' });
  await expect(z.getByTestId('z-number')).toHaveText('2');
  await expect(z.getByTestId('z-sales-count')).toHaveText('2');
  await expect(z.getByTestId('z-sales-total')).toHaveAttribute('data-minor', String(cashTaken + 995));
  await expect(z.getByTestId('z-cash-expected')).toHaveAttribute('data-minor', String(expectedCash));
  await expect(z.getByTestId('z-difference')).toHaveText(`Cash short by ${euro(expectedCash - 8_254)}`);
  await snap(page, testInfo, 'z-report');
  await expect(day).toContainText('The till day is not open');
});
