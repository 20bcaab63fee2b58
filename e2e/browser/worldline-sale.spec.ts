import {
  amount,
  euro,
  holdSaleCompletion,
  openTill,
  PRODUCTS,
  receiptOnScreen,
  scan,
  snap,
  summaryRow,
} from '../fixtures/cashier.ts';
import { expect, test } from '../fixtures/browser-mode.ts';

/**
 * The card sale again, on a till configured with `payment.provider:
 * "worldline"`: a demo till, so it starts the embedded Worldline simulator
 * by itself, in async mode, so the approval comes back as a webhook to the
 * till's listener at the address the till put in that one request. The
 * cashier sees the same screens as with Adyen.
 */

test.use({ viewport: { width: 1024, height: 768 } });

test('a card sale on a Worldline terminal is approved through its webhook and printed', async ({
  page,
  worldlineTill,
}, testInfo) => {
  const screen = await openTill(page, worldlineTill);
  const { whiteBread, milk } = PRODUCTS;
  await scan(screen, whiteBread.barcode);
  await scan(screen, milk.barcode);
  const totalMinor = 189 + 115;
  await expect(screen.total).toHaveText(euro(totalMinor));

  const completion = await holdSaleCompletion(page);
  await page.keyboard.press('F8');
  await expect(screen.cardDialog).toContainText(`Amount: ${euro(totalMinor)}`);
  // The embedded simulator runs in real time: a tapped card takes a few seconds.
  await expect(screen.cardState).toHaveText('Card payment approved.', { timeout: 15_000 });
  await expect(screen.cardDialog.getByText(/ending \d{4}/)).toBeVisible();
  await snap(page, testInfo, 'worldline-card-approved');
  await completion.release();

  await expect(screen.receipt).toBeVisible();
  const { receiptNumber, lines } = await receiptOnScreen(screen);
  expect(receiptNumber).toMatch(/^E2E-7-\d{6}$/);
  expect(lines).toEqual(
    expect.arrayContaining([
      `TOTAL EUR | ${amount(totalMinor)}`,
      expect.stringMatching(new RegExp(`^Card \\w+ \\*{4}\\d{4} \\| ${amount(totalMinor)}$`)),
    ]),
  );
  await expect(summaryRow(screen, 'Total')).toContainText(euro(totalMinor));
});
