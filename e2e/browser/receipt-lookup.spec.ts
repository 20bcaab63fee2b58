import { z } from 'zod';
import { euro, openTill, pick, PRODUCTS, receiptOnScreen, snap, type CashierScreen } from '../fixtures/cashier.ts';
import { callTill, expect, test } from '../fixtures/browser-mode.ts';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * F6 finds a receipt the way a cashier types its number: the last digits of
 * one of this till's receipts, in lower case, with or without its zeros, and
 * a refund's by R and its digits. At each screen size the till is sold at.
 */

test.describe.configure({ mode: 'parallel' });

const RefundDoneSchema = z.object({ state: z.literal('completed'), refundNumber: z.string() });

async function payExactCash(screen: CashierScreen, totalMinor: number): Promise<void> {
  await screen.page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(totalMinor), exact: true })
    .click();
}

for (const viewport of TILL_SCREENS) {
  const size = `${String(viewport.width)}x${String(viewport.height)}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('F6 finds a receipt by its short number or in lower case, and a refund receipt too', async ({
      page,
      till,
    }, testInfo) => {
      const screen = await openTill(page, till);
      await pick(screen, PRODUCTS.crosswords);
      await payExactCash(screen, PRODUCTS.crosswords.priceMinor);
      const { receiptNumber } = await receiptOnScreen(screen);
      const digits = receiptNumber.slice('E2E-7-'.length);
      await page.keyboard.press('F10');

      // The customer brings the book back the same day: a cash refund, made as the F7 screen makes it.
      const refund = await callTill(till, 'refunds.start', {
        receiptNumber,
        lines: [{ lineIndex: 0, quantity: 1 }],
        reason: 'Already had it',
      });
      if (!refund.ok) throw new Error(`The refund was refused: ${refund.error.message}`);
      const { refundNumber } = RefundDoneSchema.parse(refund.value);

      await page.keyboard.press('F6');
      const panel = page.getByRole('dialog', { name: 'Receipts and cash drawer' });
      await expect(panel.getByText(/the last digits are enough \(42\)/)).toBeVisible();
      const field = panel.getByLabel('Receipt number');
      const show = async (typed: string, expected: string) => {
        await field.fill(typed);
        await panel.getByRole('button', { name: 'Show' }).click();
        await expect(panel.getByRole('img', { name: `Receipt ${expected} as it prints` })).toBeVisible();
        await expect(panel.getByRole('alert')).toHaveCount(0);
      };

      // Its last digits without the zeros, with them, and the whole number in lower case.
      await show(String(Number(digits)), receiptNumber);
      await show(digits, receiptNumber);
      await show(receiptNumber.toLowerCase(), receiptNumber);
      await snap(page, testInfo, `receipt-lookup-sale-${size}`);

      // The refund's receipt by R and its digits, and by its whole number in lower case.
      const refundDigits = refundNumber.slice('E2E-7-R'.length);
      await show(`r${String(Number(refundDigits))}`, refundNumber);
      await show(refundNumber.toLowerCase(), refundNumber);
      await snap(page, testInfo, `receipt-lookup-refund-${size}`);

      // Something that is no number says so in plain words.
      await field.fill('yesterday');
      await panel.getByRole('button', { name: 'Show' }).click();
      await expect(panel.getByRole('alert')).toHaveText(
        '“yesterday” is not a receipt number. Type the number printed under the receipt, or just its last digits (R and the digits for a refund).',
      );
      await page.keyboard.press('Escape');
    });
  });
}
