import type { Page } from '@playwright/test';
import { cashierScreen, euro, holdSaleCompletion, PRODUCTS, scan, snap } from '../fixtures/cashier.ts';
import { E2E_STAFF_PINS, expect, test, type WorldnetTill } from '../fixtures/worldnet-till.ts';

/**
 * Worldnet as the till's online gateway, in Chromium: the link's QR opens the
 * till's own page, which posts the signed request to Worldnet's hosted page
 * (a simulator the test runs); the result comes back as a background
 * validation the till answers `OK` only once it is stored. The store's line
 * to the internet can be switched off, as when Worldnet's first validation
 * cannot reach the till.
 */

test.use({ viewport: { width: 1024, height: 768 } });

async function logInAsManager(page: Page): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: /^Bo/ }).click();
  await lock.getByLabel('PIN for Bo').fill(E2E_STAFF_PINS.bo);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Logged in: Bo')).toBeVisible();
}

function linkPanel(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Pay by link / QR' });
  return {
    dialog,
    state: dialog.getByRole('status').first(),
    qr: dialog.getByRole('img', { name: 'QR code of the payment link' }),
    address: dialog.locator('.link-address code'),
  };
}

/** Rings up a loaf of bread and shows its link; the sale's completion is held until the test looks. */
async function breadByLink(page: Page, worldnetTill: WorldnetTill) {
  await page.goto(worldnetTill.till.url);
  await logInAsManager(page);
  const screen = cashierScreen(page);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await expect(screen.total).toHaveText(euro(189));
  const completion = await holdSaleCompletion(page);
  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.qr).toBeVisible({ timeout: 15_000 });
  const link = (await panel.address.textContent()) ?? '';
  expect(link.startsWith(`${worldnetTill.publicUrl}/worldnet/pay/KN`)).toBe(true);
  return { screen, completion, panel, link };
}

/** What the till answered each try of each validation Worldnet sent. */
function answers(worldnetTill: WorldnetTill): (number | undefined)[] {
  return worldnetTill.gateway.control.validations().flatMap((sent) => sent.attempts.map((tried) => tried.status));
}

test('a link paid on Worldnet’s page completes the sale once the till has stored the result', async ({
  page,
  context,
  worldnetTill,
}, testInfo) => {
  test.setTimeout(90_000);
  const { screen, completion, panel, link } = await breadByLink(page, worldnetTill);
  await snap(page, testInfo, 'worldnet-link-waiting');

  // The customer's phone opens the link: the till's page takes it on to Worldnet's, where they pay.
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(phone.getByRole('heading', { name: /^Pay .*1[.,]89/ })).toBeVisible();
  await phone.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();

  await expect(panel.state).toHaveText('Paid by link.', { timeout: 30_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
  await worldnetTill.gateway.control.validationsIdle();
  expect(answers(worldnetTill)).toEqual([200]);
  // The link has ended: opened again, it says so and posts nothing.
  await phone.goto(link);
  await expect(phone.getByText('This payment link has ended.')).toBeVisible();
});

test('a validation that cannot reach the till is sent again by Worldnet and completes the sale', async ({
  page,
  context,
  worldnetTill,
}) => {
  test.setTimeout(90_000);
  const { screen, completion, panel, link } = await breadByLink(page, worldnetTill);
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(phone.getByRole('heading', { name: /^Pay .*1[.,]89/ })).toBeVisible();

  // The store's line goes down as the customer pays: Worldnet's validation finds no till.
  worldnetTill.line('down');
  await phone.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();
  await expect.poll(() => answers(worldnetTill), { timeout: 15_000 }).toContain(502);
  await expect(panel.state).not.toHaveText('Paid by link.');

  worldnetTill.line('up');
  await expect(panel.state).toHaveText('Paid by link.', { timeout: 30_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
  await worldnetTill.gateway.control.validationsIdle();
  expect(answers(worldnetTill).at(-1)).toBe(200);
  expect(worldnetTill.gateway.control.emails()).toEqual([]);
});

test('a forged validation is refused and the sale stays unpaid', async ({ page, worldnetTill }) => {
  test.setTimeout(60_000);
  const { panel, link } = await breadByLink(page, worldnetTill);
  const orderId = link.split('/').at(-1) ?? '';
  const forged = await fetch(`${worldnetTill.publicUrl}/worldnet/validation`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      TERMINALID: '4479001',
      UNIQUEREF: 'FORGED0001',
      ORDERID: orderId,
      AMOUNT: '1.89',
      DATETIME: '6-12-2026:14:02:09:120',
      RESPONSECODE: 'A',
      RESPONSETEXT: 'APPROVAL',
      APPROVALCODE: '123456',
      HASH: 'f'.repeat(128),
    }).toString(),
  });
  expect(forged.status).toBe(401);
  expect(await forged.text()).not.toBe('OK');
  // Still waiting for the customer: nothing was paid.
  await expect(panel.qr).toBeVisible();
  await expect(panel.state).not.toHaveText('Paid by link.');
  await panel.dialog.getByRole('button', { name: 'Cancel link' }).click();
  await expect(panel.state).toHaveText('The link is cancelled or expired. Nothing was charged.', { timeout: 30_000 });
  // The page it pointed at has ended too: the phone can no longer reach Worldnet through it.
  expect((await fetch(link)).status).toBe(410);
});

test('a manager refunds part of a Worldnet payment by its reference', async ({ page, context, worldnetTill }) => {
  test.setTimeout(120_000);
  const { screen, completion, panel, link } = await breadByLink(page, worldnetTill);
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByRole('button', { name: 'Pay', exact: true }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();
  await expect(panel.state).toHaveText('Paid by link.', { timeout: 30_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
  const reference = worldnetTill.gateway.control.transactions()[0]?.uniqueReference ?? '';
  expect(reference).toMatch(/^[A-Z0-9]{10}$/);

  await page.keyboard.press('F10');
  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await journal.getByRole('button', { name: 'Refund an online payment' }).click();
  const online = journal.getByRole('region', { name: 'Refund an online payment' });
  await online.getByLabel('Payment id or order reference').fill(reference.toLowerCase());
  await online.getByRole('button', { name: 'Find', exact: true }).click();
  const figures = online.getByRole('list', { name: 'What the gateway says' });
  await expect(figures).toContainText(`Paid: ${euro(189)}`, { timeout: 15_000 });
  await expect(online).toContainText('Paid online through Worldnet');
  await online.getByLabel('Amount to refund').fill('1,00');
  await online.getByLabel('Reason for the refund').fill('Half a loaf returned');
  await online.getByRole('button', { name: `Refund ${euro(100)} to the card` }).click();
  await expect(journal).toContainText('given back', { timeout: 30_000 });

  // At Worldnet: one refund of 1.00 on the payment, made once.
  const refunds = worldnetTill.gateway.control.transactions().filter((transaction) => transaction.type === 'REFUND');
  expect(refunds.map((refund) => refund.amount)).toEqual([1]);
});
