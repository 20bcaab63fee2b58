import { euro, openTill, pick, PRODUCTS, scan, scannerKeys, snap, summaryRow } from '../fixtures/cashier.ts';
import { expect, test } from '../fixtures/browser-mode.ts';
import type { Locator } from '@playwright/test';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * A scanner types its code and Enter into whatever has the focus. Here it
 * must never land in the cash box (a barcode once completed a sale with
 * €96 million in cash), never submit a panel, and still add items where the
 * sale takes them. The cash panel takes the exact amount on an empty Enter
 * and asks before taking cash far above what is due. Panels are modal
 * dialogs: focus in, Tab kept inside, Esc from a field, focus back.
 */

test.describe.configure({ mode: 'parallel' });

const { whiteBread, milk, baguette } = PRODUCTS;

/** Whether the element sits in a part of the page made inert by a modal. */
const isInert = (locator: Locator) => locator.evaluate((element) => element.closest('[inert]') !== null);

for (const viewport of TILL_SCREENS) {
  const size = `${viewport.width}x${viewport.height}`;

  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('a scan while cash is being taken leaves the amount as it was and completes nothing', async ({
      page,
      till,
    }, testInfo) => {
      const screen = await openTill(page, till);
      await scan(screen, whiteBread.barcode);
      await expect(screen.line(whiteBread)).toBeVisible();

      await page.keyboard.press('F9');
      const cash = screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' });
      await expect(cash).toBeFocused();
      await cash.pressSequentially('2');
      await scannerKeys(page, milk.barcode, { afterMs: 300 });

      await expect(screen.page.getByRole('alert').filter({ hasText: 'Scan not added' })).toHaveText(
        'Scan not added: a payment is being taken. Finish or close the payment, then scan again.',
      );
      await expect(cash).toHaveValue('2');
      await expect(cash).toBeFocused();
      await expect(screen.cashDialog).toBeVisible();
      await expect(screen.receipt).toHaveCount(0);
      await expect(screen.line(milk)).toHaveCount(0);
      await expect(screen.due).toHaveText(euro(whiteBread.priceMinor));
      await snap(page, testInfo, `scan-into-cash-${size}`);

      // The cashier goes on typing where they were, and the sale completes with what they typed.
      await cash.pressSequentially('0');
      await page.keyboard.press('Enter');
      await expect(screen.receipt).toBeVisible();
      await expect(summaryRow(screen, 'Cash')).toContainText(euro(2000));
      await expect(summaryRow(screen, 'Give change')).toContainText(euro(2000 - whiteBread.priceMinor));
    });

    test('Enter on an empty cash box takes exactly what is due', async ({ page, till }, testInfo) => {
      const screen = await openTill(page, till);
      await scan(screen, baguette.barcode);
      await page.keyboard.press('F9');
      await expect(screen.cashDialog).toContainText(`Press Enter with the box empty to take exactly ${euro(129)}.`);
      await snap(page, testInfo, `cash-panel-${size}`);
      await page.keyboard.press('Enter');

      await expect(screen.receipt).toBeVisible();
      await expect(summaryRow(screen, 'Cash')).toContainText(euro(129));
      await expect(summaryRow(screen, 'Give change')).toHaveCount(0);
    });

    test('cash far above what is due is asked about, with both amounts, before it is taken', async ({
      page,
      till,
    }, testInfo) => {
      const screen = await openTill(page, till);
      await scan(screen, whiteBread.barcode);
      await page.keyboard.press('F9');
      const cash = screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' });
      // 50.00 for 1.89: more than 20 times what is due.
      await cash.fill('50');
      await page.keyboard.press('Enter');

      const question = screen.cashDialog.getByRole('group', {
        name: `Take ${euro(5000)} in cash for ${euro(189)} due?`,
      });
      await expect(question).toBeVisible();
      await expect(question.getByRole('button', { name: 'No, change the amount' })).toBeFocused();
      await snap(page, testInfo, `cash-confirm-${size}`);

      // No: back to the amount, nothing taken.
      await page.keyboard.press('Enter');
      await expect(cash).toHaveValue('50');
      await expect(screen.due).toHaveText(euro(189));

      await page.keyboard.press('Enter');
      await question.getByRole('button', { name: 'Yes, take it' }).click();
      await expect(screen.receipt).toBeVisible();
      await expect(summaryRow(screen, 'Give change')).toContainText(euro(5000 - 189));
    });

    test('a scan into the search box that already holds text adds the item', async ({ page, till }, testInfo) => {
      const screen = await openTill(page, till);
      await screen.search.fill('bread');
      await expect(screen.search).toBeFocused();
      await scannerKeys(page, milk.barcode, { afterMs: 300 });

      await expect(screen.line(milk)).toBeVisible();
      await expect(screen.search).toHaveValue('');
      await expect(screen.lines.getByRole('listitem')).toHaveCount(1);
      await snap(page, testInfo, `scan-into-search-${size}`);
    });
  });
}

test.describe('panels are modal dialogs', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the cash panel takes the focus, keeps Tab inside, closes on Esc from its field, and gives the focus back', async ({
    page,
    till,
  }) => {
    const screen = await openTill(page, till);
    await pick(screen, whiteBread);
    await page.keyboard.press('F2');
    await expect(screen.search).toBeFocused();

    await page.keyboard.press('F9');
    await expect(screen.cashDialog).toHaveAttribute('aria-modal', 'true');
    const cash = screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' });
    await expect(cash).toBeFocused();
    expect(await isInert(screen.search)).toBe(true);
    expect(await isInert(cash)).toBe(false);

    // Round and round: Tab never leaves the panel.
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press(step % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await screen.cashDialog.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
    }

    await cash.focus();
    await page.keyboard.press('Escape');
    await expect(screen.cashDialog).toHaveCount(0);
    await expect(screen.search).toBeFocused();
    expect(await isInert(screen.search)).toBe(false);
  });

  test('F7 opens the journal on its first field, its dates in the till’s locale', async ({ page, till }) => {
    const screen = await openTill(page, till);
    await page.keyboard.press('F7');
    const journal = page.getByRole('dialog', { name: 'Journal' });
    await expect(journal).toHaveAttribute('aria-modal', 'true');
    await expect(journal.getByRole('textbox', { name: 'Receipt number' })).toBeFocused();
    // Dates as the till (nl-NL) writes them, not the browser's mm/dd/yyyy picker.
    await expect(journal.getByRole('textbox', { name: 'From' })).toHaveAttribute('placeholder', /^21-11-2026,? 09:00$/);
    await page.keyboard.press('Escape');
    await expect(journal).toHaveCount(0);
    expect(await isInert(screen.search)).toBe(false);
  });

  test('About this till is modal too and closes on Esc', async ({ page, till }) => {
    await openTill(page, till);
    const about = page.getByRole('button', { name: 'About this till' });
    await about.click();
    const dialog = page.getByRole('dialog', { name: 'About this till' });
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    expect(await isInert(about)).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(about).toBeFocused();
  });
});
