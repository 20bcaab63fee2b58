import type { Page } from '@playwright/test';
import { euro, holdSaleCompletion, openTill, PRODUCTS, receiptOnScreen, scan, snap } from '../fixtures/cashier.ts';
import { expect, test } from '../fixtures/browser-mode.ts';

/**
 * Pay by link on a demo till: its online gateway is the embedded Worldline
 * Direct simulator, whose hosted payment page a second page opens as the
 * customer's phone would (from the link the till shows), and whose signed
 * webhooks reach the till's own listener. The customer's side is real
 * pages and the simulator's control API, found at the link's own address;
 * the till's side is the cashier's screen.
 */

test.use({ viewport: { width: 1024, height: 768 } });

function linkPanel(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Pay by link / QR' });
  return {
    dialog,
    state: dialog.getByRole('status').first(),
    qr: dialog.getByRole('img', { name: 'QR code of the payment link' }),
    address: dialog.locator('.link-address code'),
  };
}

/** The simulator's control API, beside the hosted page the link points at. */
async function control(linkUrl: string, what: string, body: unknown = {}): Promise<void> {
  const url = new URL(linkUrl);
  const answer = await fetch(`${url.origin}/_simulator/${what}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`simulator ${what}: ${String(answer.status)} ${await answer.text()}`);
}

const linkIdOf = (linkUrl: string) => new URL(linkUrl).pathname.split('/').at(-1) ?? '';

test('the customer pays a link on their phone and the sale completes with its receipt', async ({
  page,
  context,
  till,
}, testInfo) => {
  const screen = await openTill(page, till);
  // The second screen, facing the customer.
  const display = await context.newPage();
  await display.goto(till.displayUrl);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await scan(screen, PRODUCTS.milk.barcode);
  const totalMinor = 189 + 115;
  await expect(screen.total).toHaveText(euro(totalMinor));
  const completion = await holdSaleCompletion(page);

  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.dialog).toContainText(`Amount: ${euro(totalMinor)}`);
  await expect(panel.qr).toBeVisible();
  // The customer scans the code on their own screen; the cashier's is the fallback.
  await expect(display.getByRole('img', { name: `QR code to pay ${euro(totalMinor)} by link` })).toBeVisible();
  await snap(display, testInfo, 'link-customer-display');
  await expect(panel.state).toHaveText('Waiting for the customer to pay on their phone.');
  await expect(panel.dialog).toContainText(/The link expires in 1[45]:\d\d/);
  const link = (await panel.address.textContent()) ?? '';
  await snap(page, testInfo, 'link-waiting');

  const phone = await context.newPage();
  await phone.goto(link);
  await expect(panel.state).toHaveText('The customer opened the link on their phone.', { timeout: 15_000 });
  await phone.getByRole('button', { name: 'Pay' }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();

  await expect(panel.state).toHaveText('Paid by link.', { timeout: 15_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
  const { lines } = await receiptOnScreen(screen);
  expect(lines.join('\n')).toContain(`TOTAL EUR`);
  await expect(display.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await snap(page, testInfo, 'link-paid-receipt');
});

test('a lost webhook is settled by asking the gateway', async ({ page, till }) => {
  const screen = await openTill(page, till);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await expect(screen.total).toHaveText(euro(189));
  const completion = await holdSaleCompletion(page);
  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.qr).toBeVisible();
  const link = (await panel.address.textContent()) ?? '';

  // Every webhook of this payment goes missing: only the till's own questions can tell it.
  for (let lost = 0; lost < 3; lost += 1) await control(link, 'faults', { fault: 'webhook-lost' });
  await control(link, `paymentlinks/${linkIdOf(link)}/pay`, { outcome: 'approved' });

  await expect(panel.state).toHaveText('Paid by link.', { timeout: 20_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
});

test('a card declined on the phone leaves the link live; cancelling it frees the sale', async ({ page, till }) => {
  const screen = await openTill(page, till);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await expect(screen.total).toHaveText(euro(189));
  // 1.23 ends in 123: the simulated bank refuses it.
  await screen.splitAmount.fill('1,23');
  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  // The link comes from the gateway: as long as every other wait on it in this file.
  await expect(panel.qr).toBeVisible({ timeout: 15_000 });
  const link = (await panel.address.textContent()) ?? '';

  await control(link, `paymentlinks/${linkIdOf(link)}/pay`, {});
  await expect(panel.state).toHaveText(
    'The card was declined on the phone. The customer may try another card, or cancel the link.',
    { timeout: 15_000 },
  );
  await expect(panel.qr).toBeVisible();

  await panel.dialog.getByRole('button', { name: 'Cancel link' }).click();
  await expect(panel.state).toHaveText('The link is cancelled or expired. Nothing was charged.', { timeout: 15_000 });
  await panel.dialog.getByRole('button', { name: 'Choose another way to pay' }).click();
  await expect(screen.total).toHaveText(euro(189));
});

test('an expired link ends with nothing charged', async ({ page, till }) => {
  const screen = await openTill(page, till);
  await scan(screen, PRODUCTS.milk.barcode);
  await expect(screen.total).toHaveText(euro(115));
  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.qr).toBeVisible();
  const link = (await panel.address.textContent()) ?? '';

  await control(link, `paymentlinks/${linkIdOf(link)}/expire`);
  await expect(panel.state).toHaveText('The link is cancelled or expired. Nothing was charged.', { timeout: 15_000 });
  await expect(panel.dialog).toContainText('The payment link expired before the customer paid');
  await panel.dialog.getByRole('button', { name: 'Choose another way to pay' }).click();
});

// On a till of its own: the payment it flags waits for a manager, and blocks the gateway until one comes.
test('an approval that arrives after the link was cancelled is flagged for a manager, not dropped', async ({
  page,
  ownTill,
}) => {
  const screen = await openTill(page, ownTill.till);
  await scan(screen, PRODUCTS.milk.barcode);
  await expect(screen.total).toHaveText(euro(115));
  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.qr).toBeVisible();
  const link = (await panel.address.textContent()) ?? '';

  await panel.dialog.getByRole('button', { name: 'Cancel link' }).click();
  await expect(panel.state).toHaveText('The link is cancelled or expired. Nothing was charged.', { timeout: 15_000 });

  // The customer's payment was already on its way to the bank when the link was cancelled: it goes through.
  await control(link, `paymentlinks/${linkIdOf(link)}/pay`, { outcome: 'approved', afterLinkEnded: true });
  // Money came in for a link the till had recorded cancelled: a manager settles it (refund or keep).
  await expect(page.getByRole('button', { name: '1 payment to settle' })).toBeVisible({ timeout: 15_000 });
});
