import type { Page } from '@playwright/test';
import { cashierScreen, euro, holdSaleCompletion, PRODUCTS, scan, snap } from '../fixtures/cashier.ts';
import { E2E_STAFF_PINS, expect, test, type OppTill } from '../fixtures/opp-till.ts';

/**
 * ACI's OPP as the till's online gateway, in Chromium: a till of the test's
 * own whose gateway is an OPP simulator the test runs (it is the webshop and
 * ACI's back office too). Every webhook of the money in these tests is lost,
 * so the till learns each result only by asking, at OPP's two questions a
 * minute (a simulated minute is 3 s here); the simulator's call log shows the
 * pace was kept. A forged webhook is refused at the till's listener.
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

/** No more than two status questions about one transaction in any simulated minute, and none refused. */
function keptThePace(oppTill: OppTill): void {
  const calls = oppTill.gateway.control.calls();
  expect(calls.filter((call) => call.throttled)).toEqual([]);
  const asked = new Map<string, number[]>();
  for (const call of calls) {
    if (call.method !== 'GET' || !/^\/v1\/(payments|query)/.test(call.path)) continue;
    asked.set(call.path, [...(asked.get(call.path) ?? []), call.atMs]);
  }
  for (const [where, times] of asked) {
    times.slice(2).forEach((at, index) => {
      expect(at - (times[index] ?? 0), where).toBeGreaterThan(54_000);
    });
  }
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

test('a link paid by DB on the phone, its webhook lost, is settled by status at OPP’s pace', async ({
  page,
  context,
  oppTill,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(oppTill.till.url);
  await logInAsManager(page);
  const screen = cashierScreen(page);
  await scan(screen, PRODUCTS.whiteBread.barcode);
  await expect(screen.total).toHaveText(euro(189));
  const completion = await holdSaleCompletion(page);

  await page.keyboard.press('F11');
  const panel = linkPanel(page);
  await expect(panel.qr).toBeVisible({ timeout: 15_000 });
  const link = (await panel.address.textContent()) ?? '';
  expect(link.startsWith(`${oppTill.gateway.url}/pay/`)).toBe(true);
  await snap(page, testInfo, 'opp-link-waiting');

  // The customer pays on their phone; OPP's webhook for it never reaches the till.
  oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByRole('button', { name: 'Pay' }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();

  await expect(panel.state).toHaveText('Paid by link.', { timeout: 30_000 });
  await completion.release();
  await expect(screen.receipt).toBeVisible();
  expect(oppTill.gateway.control.webhooks().map((webhook) => webhook.state)).toContain('lost');
  keptThePace(oppTill);
});

test('a manager refunds part of an OPP webshop payment; the lost webhook changes nothing', async ({
  page,
  oppTill,
}, testInfo) => {
  test.setTimeout(90_000);
  const order = await oppTill.payWebshopOrder(4_000, 'WEB-OPP-1');
  await page.goto(oppTill.till.url);
  await logInAsManager(page);

  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await journal.getByRole('button', { name: 'Refund an online payment' }).click();
  const online = journal.getByRole('region', { name: 'Refund an online payment' });
  await online.getByLabel('Payment id or order reference').fill(order.paymentId.toUpperCase());
  await online.getByRole('button', { name: 'Find', exact: true }).click();
  const figures = online.getByRole('list', { name: 'What the gateway says' });
  await expect(figures).toContainText(`Paid: ${euro(4_000)}`, { timeout: 15_000 });
  await expect(figures).toContainText(`Left to refund: ${euro(4_000)}`);
  await expect(online).toContainText('Paid online through ACI (OPP)');

  oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
  await online.getByLabel('Amount to refund').fill('15,00');
  await online.getByLabel('Reason for the refund').fill('One item returned in store');
  await online.getByRole('button', { name: `Refund ${euro(1_500)} to the card` }).click();
  await expect(journal).toContainText(`Back to the card that paid online`, { timeout: 15_000 });
  await expect(journal).toContainText('given back', { timeout: 30_000 });
  await snap(page, testInfo, 'opp-refund-done');

  // At the gateway: one refund of 15,00 on the payment, made once.
  const refunds = oppTill.gateway.control
    .transactions()
    .filter((transaction) => transaction.paymentType === 'RF' && transaction.referencedId === order.paymentId);
  expect(refunds.map((refund) => refund.amount)).toEqual(['15.00']);
  keptThePace(oppTill);
});

test('a forged webhook is refused at the till’s listener and changes nothing', async ({ oppTill }) => {
  const forged = await fetch(oppTill.webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'x-initialization-vector': '3D575574536D450F71AC76D8',
      'x-authentication-tag': '19FDD068C6F383C173D3A906F7BD1D83',
    },
    body: Buffer.from('{"type":"PAYMENT","payload":{"id":"forged"}}').toString('hex'),
  });
  expect(forged.status).toBe(401);
  // Without the IV and tag headers it is turned away before its body is read.
  const bare = await fetch(oppTill.webhookUrl, { method: 'POST', body: 'F8E2F759E528CB69375E51DB2AF9B53734E393' });
  expect(bare.status).toBe(401);
});
