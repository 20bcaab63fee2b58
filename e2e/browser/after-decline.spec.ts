import { amount, euro, openTill, pick, PRODUCTS, receiptOnScreen, snap, summaryRow } from '../fixtures/cashier.ts';
import { expect, test } from '../fixtures/browser-mode.ts';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * A declined card takes no money, so it holds nothing on the sale: the
 * cashier adds what the customer forgot and pays again, by card, for the new
 * amount. Main decides that (its lines unlock once every card attempt ended
 * without money); the screen only shows it. At each screen size the till is
 * sold at.
 */

test.describe.configure({ mode: 'parallel' });

for (const viewport of TILL_SCREENS) {
  const size = `${String(viewport.width)}x${String(viewport.height)}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('after a declined card an item can be added and the card tried again for the new amount', async ({
      page,
      till,
    }, testInfo) => {
      const screen = await openTill(page, till);
      const { baguette, cityMap, milk } = PRODUCTS;
      // 1.29 + 9.95 = 11.24: ends in 124, which the terminal declines for "Not enough balance".
      await pick(screen, baguette);
      await pick(screen, cityMap);
      await expect(screen.total).toHaveText(euro(1124));

      await screen.cardButton.click();
      await expect(screen.cardState).toHaveText(
        'Card payment declined. Ask the customer for another card or another way to pay.',
      );
      await screen.cardDialog.getByRole('button', { name: 'Choose another way to pay' }).click();
      await expect(screen.cardDialog).toHaveCount(0);
      await snap(page, testInfo, `after-decline-${size}`);

      // The customer remembers the milk: the line goes on, and what is due grows with it.
      await pick(screen, milk);
      const totalMinor = 1124 + 115; // 12.39: approved
      await expect(screen.total).toHaveText(euro(totalMinor));
      await expect(screen.due).toHaveText(euro(totalMinor));
      await expect(page.getByRole('alert')).toHaveCount(0);

      await page.keyboard.press('F8');
      await expect(screen.receipt).toBeVisible();
      const { lines } = await receiptOnScreen(screen);
      expect(lines).toEqual(
        expect.arrayContaining([
          `${baguette.name} | ${amount(129)}`,
          `${cityMap.name} | ${amount(995)}`,
          `${milk.name} | ${amount(115)}`,
          `TOTAL EUR | ${amount(totalMinor)}`,
          expect.stringMatching(new RegExp(`^Card .* \\| ${amount(totalMinor)}$`, 'i')),
        ]),
      );
      // The declined attempt took nothing and is not on the receipt: one card line only.
      expect(lines.filter((line) => /^Card .*\*{4}\d{4} \| /i.test(line))).toHaveLength(1);
      await expect(summaryRow(screen, /^Card/)).toHaveCount(1);
      expect(lines.join('\n')).not.toMatch(/minor units/);
      await snap(page, testInfo, `after-decline-receipt-${size}`);
      await page.keyboard.press('F10');
    });
  });
}
