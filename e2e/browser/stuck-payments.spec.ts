import type { Page } from '@playwright/test';
import { expect, test, type BrowserModeTill } from '../fixtures/browser-mode.ts';
import { cashierScreen, euro, openTill, PRODUCTS, scan, snap, type CashierScreen } from '../fixtures/cashier.ts';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * Every state a card payment can get stuck in has a way out on screen, and
 * the status bar tells the truth about it: a payment a restart left for a
 * manager blocks the terminal until a manager settles it from the screen
 * (status check first); Cancel after the PIN says at once that the customer
 * may already have paid, and says so plainly when the payment wins the race;
 * a terminal the cloud cannot reach (amounts ending 903) shows Offline; and
 * while the screen cannot hear the till, the card panel does not claim the
 * customer is paying. Each test has a till of its own, so a blocked or
 * offline terminal never reaches another test.
 */

test.describe.configure({ mode: 'parallel' });

const BLOCKED = 'Blocked: a payment needs a manager';

/** Opens the till's page without asking for a Ready terminal: after a restart it may rightly be blocked. */
async function openBlockedTill(page: Page, till: BrowserModeTill): Promise<CashierScreen> {
  await page.goto(till.url);
  const screen = cashierScreen(page);
  await expect(screen.search).toBeVisible();
  return screen;
}

for (const size of TILL_SCREENS) {
  const at = `${String(size.width)}x${String(size.height)}`;

  test.describe(`at ${at}`, () => {
    test.use({ viewport: size });

    test('a payment a restart left for a manager blocks the terminal until a manager checks it and settles it from the screen', async ({
      page,
      ownTill,
      simulator,
    }, testInfo) => {
      // Two starts of `kassa serve` in one test.
      test.setTimeout(90_000);
      let screen = await openTill(page, ownTill.till);
      await scan(screen, PRODUCTS.cityMap.barcode);
      await expect(screen.total).toHaveText(euro(995));

      // The terminal approves, but its reply never reaches the till; the till dies meanwhile.
      const before = (await simulator.transactions()).length;
      await simulator.fault({ fault: 'never-respond', categories: ['Payment'] });
      await page.keyboard.press('F8');
      await expect(screen.cardDialog).toBeVisible();
      await expect
        .poll(async () => (await simulator.transactions()).slice(before).some((transaction) => transaction.finished))
        .toBe(true);
      // And the cloud refuses the status question the restarted till asks: nobody can tell what happened.
      await simulator.fault({
        fault: 'http-error',
        status: 401,
        beforeTerminal: true,
        categories: ['TransactionStatus'],
      });
      await ownTill.kill();
      const restarted = await ownTill.restart();

      screen = await openBlockedTill(page, restarted);
      await expect(screen.device('Card terminal')).toContainText(BLOCKED);
      await expect(screen.cardDialog).toContainText('A manager settles it');
      await expect(screen.cardDialog.getByRole('button', { name: 'Settle payments' })).toBeVisible();
      await snap(page, testInfo, `blocked-after-restart-${at}`);

      // The status bar says so too, but the card panel is a modal: the manager opens the payments to
      // settle from it. The check comes first.
      await expect(page.getByRole('button', { name: '1 payment to settle' })).toBeVisible();
      const settle = page.getByRole('dialog', { name: 'Card payments to settle' });
      await screen.cardDialog.getByRole('button', { name: 'Settle payments' }).click();
      await expect(settle).toContainText(euro(995));
      await expect(settle).toContainText(
        'The till could not find out from the terminal whether this payment went through.',
      );
      await expect(settle.getByRole('form', { name: 'Manager: record what the terminal shows' })).toHaveCount(0);
      await simulator.fault({
        fault: 'http-error',
        status: 401,
        beforeTerminal: true,
        categories: ['TransactionStatus'],
      });
      await settle.getByRole('button', { name: 'Check status' }).click();
      await expect(settle.getByText(/^The terminal could not settle it\./)).toBeVisible();

      // Only now the manager records what the terminal shows: approved, with its reference and a reason.
      const record = settle.getByRole('form', { name: 'Manager: record what the terminal shows' });
      await record.getByRole('radio', { name: 'Approved: the customer paid' }).check();
      await expect(record.getByRole('button', { name: 'Record outcome' })).toBeDisabled();
      await record.getByRole('textbox', { name: 'Terminal reference (needed when approved)' }).fill('PSP-ON-RECEIPT');
      await record.getByRole('textbox', { name: 'Why (what you checked)' }).fill('Approved on the terminal’s list');
      await record.getByRole('textbox', { name: 'Manager’s name' }).fill('Mia');
      await snap(page, testInfo, `manager-settles-${at}`);
      await record.getByRole('button', { name: 'Record outcome' }).click();

      await expect(settle.getByText('Recorded. The terminal is free again.')).toBeVisible();
      await expect(settle).toContainText('No card payment is waiting. The terminal is free.');
      await expect(screen.device('Card terminal')).toContainText('Ready');
      await expect(page.getByRole('button', { name: /payments? to settle/ })).toHaveCount(0);
      await settle.getByRole('button', { name: 'Close' }).click();
      // The approval paid the sale: its receipt.
      await expect(screen.receipt).toBeVisible();
      await snap(page, testInfo, `terminal-free-${at}`);
    });

    test('Cancel after the PIN says at once the customer may have paid, and says plainly when the payment won the race', async ({
      page,
      ownTill,
      simulator,
    }, testInfo) => {
      const screen = await openTill(page, ownTill.till);
      // 6 × 9.95 = 59.70: above 50.00 the simulated customer inserts the card and types a PIN.
      for (let scanned = 0; scanned < 6; scanned += 1) await scan(screen, PRODUCTS.cityMap.barcode);
      const totalMinor = 6 * 995;
      await expect(screen.total).toHaveText(euro(totalMinor));

      // The terminal has the card and the PIN and approves; its reply to the till is late.
      const before = (await simulator.transactions()).length;
      await simulator.fault({ fault: 'respond-late', delayMs: 24_000, categories: ['Payment'] });
      await page.keyboard.press('F8');
      await expect(screen.cardDialog).toBeVisible();
      await expect
        .poll(async () => (await simulator.transactions()).slice(before).some((transaction) => transaction.finished))
        .toBe(true);

      await screen.cardDialog.getByRole('button', { name: 'Cancel payment' }).click();
      await expect(screen.cardDialog.getByText('Cancel sent — the customer may already have paid.')).toBeVisible();
      await expect(
        screen.cardDialog.getByText(/^The terminal decides\. The till waits up to \d:\d\d more/),
      ).toBeVisible();
      await expect(screen.cardDialog.getByRole('button', { name: 'Cancel payment' })).toBeDisabled();
      await snap(page, testInfo, `cancel-sent-${at}`);

      // The terminal's late reply (6 s here) brings the approval.
      await expect(screen.cardState).toHaveText(
        'The customer paid before the cancel reached the terminal: the payment went through.',
        { timeout: 15_000 },
      );
      await expect(screen.receipt).toHaveCount(0);
      await snap(page, testInfo, `payment-won-race-${at}`);
      await screen.cardDialog.getByRole('button', { name: 'Show the receipt' }).click();
      await expect(screen.receipt).toBeVisible();
    });

    test('a terminal the cloud cannot reach shows Offline, and F10 after it says what is left to do', async ({
      page,
      ownTill,
    }, testInfo) => {
      const screen = await openTill(page, ownTill.till);
      await scan(screen, PRODUCTS.cityMap.barcode);
      await expect(screen.total).toHaveText(euro(995));

      // 9.03 by card: the simulator's terminal is offline for amounts ending 903.
      await screen.splitAmount.fill('9,03');
      await page.keyboard.press('F8');
      await expect(screen.cardState).toHaveText(
        'The card payment did not go through. Nothing was charged; you can try again.',
      );
      await expect(screen.device('Card terminal')).toContainText('Offline');
      await snap(page, testInfo, `terminal-offline-${at}`);

      // F10 with the sale's items still on it: the card is put away and the cashier is told why not.
      await page.keyboard.press('F10');
      await expect(screen.cardDialog).toHaveCount(0);
      await expect(page.getByText('This sale still has items. Pay it, park it (F3) or clear it first.')).toBeVisible();
      await expect(screen.lines.getByRole('listitem')).toHaveCount(1);
    });

    test('while the screen cannot hear the till, the card panel does not say the customer is paying', async ({
      page,
      ownTill,
      simulator,
    }, testInfo) => {
      test.setTimeout(90_000);
      let screen = await openTill(page, ownTill.till);
      await scan(screen, PRODUCTS.cityMap.barcode);
      await expect(screen.total).toHaveText(euro(995));
      const before = (await simulator.transactions()).length;
      await simulator.fault({ fault: 'respond-late', delayMs: 40_000, categories: ['Payment'] });
      await page.keyboard.press('F8');
      await expect(screen.cardState).toHaveAttribute('data-state', /sent|in_progress/);
      // The terminal has the payment (the till's reply is what is late).
      await expect.poll(async () => (await simulator.transactions()).length).toBeGreaterThan(before);

      // The till stops answering: the payment carries on there, and the screen says only what it knows.
      await ownTill.kill();
      await expect(screen.cardDialog.getByText('Contact with the till is lost.')).toBeVisible();
      await expect(screen.cardDialog).toContainText('The payment carries on in the till. Do not take another payment.');
      await expect(screen.cardDialog.getByText('The customer is paying on the card terminal.')).toHaveCount(0);
      await expect(screen.cardDialog.getByRole('button', { name: 'Cancel payment' })).toHaveCount(0);
      await expect(screen.device('Till')).toContainText('Lost contact');
      await snap(page, testInfo, `contact-lost-${at}`);

      // Back: the till asked the terminal about the payment it had out, and the screen shows the truth.
      const restarted = await ownTill.restart();
      screen = await openBlockedTill(page, restarted);
      await expect(screen.receipt).toBeVisible({ timeout: 20_000 });
      await expect(screen.device('Card terminal')).toContainText('Ready');
    });
  });
}
