import type { Page } from '@playwright/test';
import { euro, snap } from '../fixtures/cashier.ts';
import { callTill } from '../fixtures/browser-mode.ts';
import { E2E_STAFF_PINS, expect, test } from '../fixtures/online-till.ts';

/**
 * Omnichannel returns: a customer brings back part of a webshop order paid
 * online, and the manager gives that part back at the till, to the card that
 * paid, through the gateway. The webshop's payment is made with Worldline's
 * official Node SDK against a Worldline Direct simulator the test runs; the
 * till knows of it only through the gateway. The refund stays "requested" at
 * the gateway for a simulated minute (3 s here) before it is final; the till
 * learns of that by asking (every 5 s) or by the gateway's webhook, and the
 * screen follows.
 */

test.use({ viewport: { width: 1024, height: 900 } });

async function logInAsManager(page: Page): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: /^Bo/ }).click();
  await lock.getByLabel('PIN for Bo').fill(E2E_STAFF_PINS.bo);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('Logged in: Bo')).toBeVisible();
}

/** The journal's online refund: the form to find a payment, and what the gateway says of it. */
async function openOnlineRefund(page: Page) {
  await page.keyboard.press('F7');
  const journal = page.getByRole('region', { name: 'Journal' });
  await journal.getByRole('button', { name: 'Refund an online payment' }).click();
  const online = journal.getByRole('region', { name: 'Refund an online payment' });
  await expect(online).toBeVisible();
  const reference = online.getByLabel('Payment id or order reference');
  const find = async (typed: string) => {
    await reference.fill(typed);
    await online.getByRole('button', { name: 'Find', exact: true }).click();
  };
  return {
    journal,
    online,
    reference,
    find,
    payment: online.getByRole('region', { name: /^Online payment / }),
    figures: online.getByRole('list', { name: 'What the gateway says' }),
    refunds: online.getByRole('list', { name: 'Refunds of this payment' }),
    amount: online.getByLabel('Amount to refund'),
    reason: online.getByLabel('Reason for the refund'),
    problem: online.getByRole('alert'),
  };
}

test('a manager refunds part of a webshop order to the card that paid online, and the day shows it', async ({
  page,
  onlineTill,
}, testInfo) => {
  // Its own till and gateway, a refund that settles only after the gateway's minute, and the day's figures.
  test.setTimeout(90_000);
  const order = await onlineTill.payWebshopOrder(4_000, 'WEB-1001');
  const paymentId = order.paymentId.replace(/_\d+$/, '');
  await page.goto(onlineTill.till.url);
  await logInAsManager(page);

  // The day is open, with a float, as a manager starts one.
  await page.keyboard.press('F5');
  const day = page.getByRole('region', { name: 'Till day' });
  await day.getByLabel('Float counted').fill('100,00');
  await day.getByRole('button', { name: 'Open the day' }).click();
  await expect(day).toContainText('Open since');
  await page.keyboard.press('Escape');

  // The order, found by the payment id the webshop got: all of it paid, all of it left.
  const screen = await openOnlineRefund(page);
  await screen.find(order.paymentId);
  await expect(screen.payment).toHaveAccessibleName(`Online payment ${paymentId}`);
  await expect(screen.payment).toContainText('Paid online through Worldline · Order reference WEB-1001');
  await expect(screen.figures).toContainText(`Paid: ${euro(4_000)}`);
  await expect(screen.figures).toContainText(`Already refunded: ${euro(0)}`);
  await expect(screen.figures).toContainText(`Left to refund: ${euro(4_000)}`);
  await expect(screen.figures).toContainText('Paid with: Card VISA ••••1111');
  await expect(screen.payment.getByRole('status')).not.toBeEmpty();
  await expect(screen.amount).toHaveValue('40,00');
  await snap(page, testInfo, 'online-refund-found');

  // More than is left, and no reason: said in the form, and nothing typed is lost.
  await screen.amount.fill('40,01');
  await screen.reason.fill('Shoes too small');
  await screen.online.getByRole('button', { name: `Refund ${euro(4_001)} to the card` }).click();
  await expect(screen.problem).toHaveText(
    `Only ${euro(4_000)} is left to refund on this payment. Type ${euro(4_000)} or less.`,
  );
  await expect(screen.amount).toHaveValue('40,01');
  await expect(screen.reason).toHaveValue('Shoes too small');
  await screen.amount.fill('15,00');
  await screen.reason.fill('');
  await screen.online.getByRole('button', { name: `Refund ${euro(1_500)} to the card` }).click();
  await expect(screen.problem).toHaveText('Say why the money goes back (at least 3 characters).');
  await expect(screen.amount).toHaveValue('15,00');

  // 15,00 back: the gateway has it as requested, not final, for its minute.
  await screen.reason.fill('Shoes too small');
  await screen.online.getByRole('button', { name: `Refund ${euro(1_500)} to the card` }).click();
  const refund = page.getByRole('region', { name: 'Refund', exact: true });
  const parts = refund.getByRole('list', { name: 'Where the money goes' });
  await expect(parts).toContainText(
    `Back to the card that paid online (Card VISA ••••1111): ${euro(1_500)}, requested, waiting for the gateway to confirm`,
  );
  await expect(refund).toContainText(`Total ${euro(1_500)}`);
  await expect(refund.getByRole('status')).not.toBeEmpty();
  await snap(page, testInfo, 'online-refund-requested');

  // Once the gateway settles it, the refund is complete, with its number.
  await expect(refund).toContainText(/Refund number E2E-7-R\d+/, { timeout: 30_000 });
  await expect(parts).toContainText(`${euro(1_500)}, given back`);
  const refundNumber = /Refund number (E2E-7-R\d+)/.exec((await refund.textContent()) ?? '')?.[1] ?? '';
  expect(refundNumber).not.toBe('');
  await snap(page, testInfo, 'online-refund-completed');

  // Found again: 15,00 refunded for good, 25,00 left, and the refund listed with its number.
  await screen.find(order.paymentId);
  await expect(screen.figures).toContainText(`Already refunded: ${euro(1_500)}`);
  await expect(screen.figures).toContainText(`Left to refund: ${euro(2_500)}`);
  await expect(screen.figures).not.toContainText('Requested, not final yet');
  await expect(screen.refunds).toContainText(`${euro(1_500)}: refunded · refund number ${refundNumber}`);
  await expect(screen.amount).toHaveValue('25,00');
  // The screen is not the guard: main refuses more than is left too, and no money moves.
  const tooMuch = await callTill(onlineTill.till, 'refunds.startOnline', {
    paymentId,
    amountMinor: 2_501,
    reason: 'Shoes too small',
  });
  expect(tooMuch).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(await onlineTill.refundsAtGateway(order.paymentId)).toEqual([{ amountMinor: 1_500, status: 'REFUNDED' }]);

  // The day's figures: the online refund on its own line.
  await page.keyboard.press('Escape');
  await page.keyboard.press('F5');
  await day.getByRole('button', { name: 'X report', exact: true }).click();
  const x = page.getByRole('region', { name: 'X report' });
  const online = x.getByRole('row', { name: /^Online refunds in store/ });
  await expect(online).toContainText(euro(1_500));
  await expect(x.getByTestId('x-online-net')).toHaveAttribute('data-minor', '-1500');
  await expect(x.getByTestId('x-refunds-total')).toHaveAttribute('data-minor', '1500');
  await snap(page, testInfo, 'online-refund-x-report');
});

test('a payment id the gateway does not know, or none at all, is said plainly', async ({ page, onlineTill }) => {
  await page.goto(onlineTill.till.url);
  await logInAsManager(page);
  const screen = await openOnlineRefund(page);

  await screen.online.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(screen.problem).toHaveText('Type the payment id or the order reference, then press Find.');

  await screen.find('9999999999');
  await expect(screen.problem).toHaveText(
    'The payment gateway knows no payment 9999999999. Check the number on the order and try again.',
  );
  await expect(screen.payment).toHaveCount(0);
  await expect(screen.reference).toHaveValue('9999999999');
});
