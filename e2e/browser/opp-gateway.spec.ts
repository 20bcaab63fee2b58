import type { Page } from '@playwright/test';
import { checkAtBothTextSizes } from '../fixtures/axe.ts';
import { cashierScreen, euro, holdSaleCompletion, PRODUCTS, scan, snap } from '../fixtures/cashier.ts';
import { E2E_STAFF_PINS, expect, test, type OppTill } from '../fixtures/opp-till.ts';

/**
 * ACI's OPP as the till's online gateway, in Chromium: a till of the test's
 * own whose gateway is an OPP simulator the test runs (it is the webshop and
 * ACI's back office too). Every webhook of the money in these tests is lost,
 * so the till learns each result only by asking, at OPP's two questions a
 * minute (a simulated minute is 3 s here); the simulator's call log shows the
 * pace was kept. A forged webhook is refused at the till's listener.
 * Deposits too: a hold by link (PA) the customer authorises, then captured in
 * part or released, each step's webhook lost and its answer too, so the till
 * learns each result by asking.
 */

test.use({ viewport: { width: 1024, height: 768 } });

async function logIn(page: Page, name: 'Anna' | 'Bo'): Promise<void> {
  const lock = page.getByRole('region', { name: 'The till is locked' });
  await expect(lock).toBeVisible();
  await lock.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await lock.getByLabel(`PIN for ${name}`).fill(name === 'Bo' ? E2E_STAFF_PINS.bo : E2E_STAFF_PINS.anna);
  await lock.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(`Logged in: ${name}`)).toBeVisible();
}

const logInAsManager = (page: Page) => logIn(page, 'Bo');

/** No more than two status questions about one transaction in any simulated minute, and none refused. */
function keptThePace(oppTill: OppTill): void {
  const calls = oppTill.gateway.control.calls();
  expect(calls.filter((call) => call.throttled)).toEqual([]);
  const asked = new Map<string, number[]>();
  for (const call of calls) {
    if (call.method !== 'GET' || !/^\/v1\/(payments|query)/.test(call.path)) continue;
    // OPP counts per transaction: one by its id in the path, a look-up by its merchantTransactionId.
    const reference = new URLSearchParams(call.query).get('merchantTransactionId');
    const where = reference === null ? call.path : `${call.path}?merchantTransactionId=${reference}`;
    asked.set(where, [...(asked.get(where) ?? []), call.atMs]);
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

/** The day open, as a manager starts one: its X report counts the deposits beside the takings. */
async function openTheDay(page: Page): Promise<void> {
  await page.keyboard.press('F5');
  const day = page.getByRole('region', { name: 'Till day' });
  await day.getByLabel('Float counted').fill('100,00');
  await day.getByRole('button', { name: 'Open the day' }).click();
  await expect(day).toContainText('Open since');
  await page.keyboard.press('Escape');
}

function depositsPanel(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Deposits' });
  return {
    dialog,
    async take(entry: { customer: string; amount: string; contact?: string; note?: string }): Promise<void> {
      await dialog.getByLabel('Customer name').fill(entry.customer);
      await dialog.getByLabel('Phone or e-mail (optional)').fill(entry.contact ?? '');
      await dialog.getByLabel('Deposit amount').fill(entry.amount);
      await dialog.getByLabel('Note (optional)').fill(entry.note ?? '');
      await dialog.getByRole('button', { name: 'Take the deposit' }).click();
    },
    /** One deposit as the panel lists it, by its number and customer. */
    deposit(number: string, customer: string) {
      const item = dialog.getByRole('article', { name: `${number} · ${customer}` });
      const fact = (term: string) =>
        item
          .locator('dt')
          .filter({ hasText: new RegExp(`^${term}$`) })
          .locator('xpath=following-sibling::dd[1]');
      return {
        item,
        /** Main's words for where it stands and what to do next. */
        message: item.getByRole('status'),
        state: fact('Where it stands'),
        fact,
        warning: item.locator('.deposit-warning'),
        address: item.locator('.deposit-address code'),
      };
    },
  };
}

/** The gateway's record: the PA of `amount`, and what referenced it. */
function atTheGateway(oppTill: OppTill, amount: string) {
  const transactions = oppTill.gateway.control.transactions();
  const holds = transactions.filter((transaction) => transaction.paymentType === 'PA' && transaction.amount === amount);
  expect(holds).toHaveLength(1);
  const hold = holds[0];
  if (hold === undefined) throw new Error('no hold at the gateway');
  const on = (paymentType: 'CP' | 'RV') =>
    transactions.filter(
      (transaction) => transaction.paymentType === paymentType && transaction.referencedId === hold.id,
    );
  const webhookOf = (paymentId: string) =>
    oppTill.gateway.control.webhooks().find((webhook) => webhook.paymentId === paymentId)?.state;
  return { hold, captures: on('CP'), releases: on('RV'), webhookOf };
}

/** The back-office call for `paymentType` had its answer cut, and the till then asked OPP by its merchantTransactionId. */
function askedAfterLostAnswer(oppTill: OppTill, paymentType: 'CP' | 'RV'): void {
  const calls = oppTill.gateway.control.calls();
  const lost = calls.findIndex((call) => call.method === 'POST' && call.fault !== undefined);
  expect(lost, `the ${paymentType}’s answer was lost`).toBeGreaterThanOrEqual(0);
  const askedAfter = calls
    .slice(lost + 1)
    .some(
      (call) => call.method === 'GET' && call.path === '/v1/query' && call.query.includes('merchantTransactionId='),
    );
  expect(askedAfter, `the till asked OPP about the ${paymentType}`).toBe(true);
}

const DAY_MS = 24 * 60 * 60 * 1000;

test('a deposit authorised by link is settled by status, captured in part at pick-up the same way, and counted in the X report', async ({
  page,
  context,
  oppTill,
}, testInfo) => {
  test.setTimeout(150_000);
  await page.goto(oppTill.till.url);
  await logInAsManager(page);
  await openTheDay(page);

  await page.keyboard.press('F1');
  const panel = depositsPanel(page);
  await expect(panel.dialog).toContainText('No deposit is open.');
  await expect(panel.dialog).toContainText('A reservation lasts about 7 days');
  await panel.take({
    customer: 'Jan de Vries',
    contact: '06 1234 5678',
    amount: '50,00',
    note: 'Oak table, order 1187',
  });

  // The link is out: its QR code for the customer's phone, until they authorise.
  const jan = panel.deposit('D-0001', 'Jan de Vries');
  const qr = jan.item.getByRole('img', { name: `QR code to authorise a deposit of ${euro(5_000)}` });
  await expect(qr).toBeVisible({ timeout: 15_000 });
  await expect(jan.message).toHaveText(
    'Waiting for the customer to authorise the deposit with the link. Show them the QR code.',
  );
  await expect(jan.state).toHaveText('Waiting for the customer');
  await expect(jan.fact('Deposit')).toHaveText(euro(5_000));
  await expect(jan.fact('Contact')).toHaveText('06 1234 5678');
  await expect(jan.fact('Note')).toHaveText('Oak table, order 1187');
  await expect(jan.fact('Authorised')).toHaveText('not yet');
  const link = (await jan.address.textContent()) ?? '';
  expect(link.startsWith(`${oppTill.gateway.url}/pay/`)).toBe(true);
  await checkAtBothTextSizes(page, testInfo, 'deposit-waiting');

  // Jan authorises on his phone; OPP's webhook for it never reaches the till.
  oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByRole('button', { name: 'Pay' }).click();
  await expect(phone.getByRole('heading', { name: 'Payment approved' })).toBeVisible();

  await expect(jan.message).toHaveText(
    `${euro(5_000)} is reserved on the customer’s card. Capture it at pick-up, or release it.`,
    { timeout: 30_000 },
  );
  await expect(jan.state).toHaveText('Reserved on the card');
  await expect(qr).toHaveCount(0);
  await expect(jan.fact('Authorised')).not.toHaveText('not yet');
  // The reservation ends the acquirer's 7 days after the customer authorised (a minute's leeway around midnight).
  const day = (at: number) => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium' }).format(new Date(at));
  const ends = [day(Date.now() - 60_000 + 7 * DAY_MS), day(Date.now() + 7 * DAY_MS)];
  await expect(jan.fact('Reservation ends')).toContainText(new RegExp(`^(${ends.join('|')})`));
  await expect(jan.warning).toHaveCount(0);
  const authorised = atTheGateway(oppTill, '50.00');
  expect(authorised.webhookOf(authorised.hold.id)).toBe('lost');

  // Pick-up: the table only, 30,00 of the 50,00 held. The capture's answer and its webhook are both lost.
  await jan.item.getByRole('button', { name: 'Capture', exact: true }).click();
  const captureAmount = jan.item.getByLabel('Amount to capture');
  await expect(captureAmount).toHaveValue('50,00');
  await captureAmount.fill('30,00');
  await jan.item.getByLabel('Note for the capture (optional)').fill('Table picked up, chairs cancelled');
  await checkAtBothTextSizes(page, testInfo, 'deposit-capture');
  oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
  oppTill.gateway.control.addFault({ fault: 'drop-connection', applied: true, method: 'POST' });
  await jan.item.getByRole('button', { name: `Capture ${euro(3_000)}` }).click();

  await expect(jan.message).toHaveText(`${euro(3_000)} of the deposit was taken.`, { timeout: 30_000 });
  await expect(jan.state).toHaveText('Captured');
  await expect(jan.fact('Captured')).toHaveText(euro(3_000));
  await snap(page, testInfo, 'deposit-captured');

  // At the gateway: one capture of 30,00 on the hold, made once although its answer never came back.
  const captured = atTheGateway(oppTill, '50.00');
  expect(captured.captures.map((capture) => capture.amount)).toEqual(['30.00']);
  expect(captured.releases).toEqual([]);
  expect(captured.webhookOf(captured.captures[0]?.id ?? '')).toBe('lost');
  askedAfterLostAnswer(oppTill, 'CP');
  keptThePace(oppTill);

  // Done: the captured deposit leaves the list. The X report counts it beside the takings, not in them.
  await jan.item.getByRole('button', { name: 'Done' }).click();
  await expect(jan.item).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('F5');
  await page.getByRole('region', { name: 'Till day' }).getByRole('button', { name: 'X report', exact: true }).click();
  const x = page.getByRole('region', { name: 'X report' });
  await expect(x.getByRole('table', { name: 'Deposits (not in takings)' })).toBeVisible();
  await expect(x.getByTestId('x-deposits-taken-count')).toHaveText('1');
  await expect(x.getByTestId('x-deposits-taken')).toHaveAttribute('data-minor', '5000');
  await expect(x.getByTestId('x-deposits-captured-count')).toHaveText('1');
  await expect(x.getByTestId('x-deposits-captured')).toHaveAttribute('data-minor', '3000');
  await expect(x.getByTestId('x-deposits-released-count')).toHaveText('0');
  await expect(x.getByTestId('x-deposits-released')).toHaveAttribute('data-minor', '0');
  await expect(x.getByTestId('x-net-takings')).toHaveAttribute('data-minor', '0');
  await snap(page, testInfo, 'deposit-x-report');
});

test.describe('a hold the till counts as valid for 2 days', () => {
  test.use({ oppHoldValidDays: 2 });

  test('a cashier takes a deposit, it is released with a manager’s PIN, and the release is settled by status', async ({
    page,
    oppTill,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto(oppTill.till.url);
    await logIn(page, 'Anna');

    // A cashier takes a deposit; main shows her no list of them (a manager's), only the one she took.
    await snap(page, testInfo, 'deposits-in-back-office');
    await page.getByRole('button', { name: 'Deposits (F1)' }).click();
    const panel = depositsPanel(page);
    await expect(panel.dialog).toContainText('see the open deposits');
    await panel.take({ customer: 'Eva Jansen', amount: '25' });
    const eva = panel.deposit('D-0001', 'Eva Jansen');
    await expect(eva.address).toBeVisible({ timeout: 15_000 });
    const link = (await eva.address.textContent()) ?? '';
    const linkId = link.split('/').at(-1) ?? '';

    // Eva authorises (the simulator's control API, as her phone would); the webhook is lost.
    oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
    expect(oppTill.gateway.control.pay(linkId)?.payment.result.code).toMatch(/^000\./);
    await expect(eva.state).toHaveText('Reserved on the card', { timeout: 30_000 });
    // Two days or less left: main says until when, and the panel warns.
    await expect(eva.message).toHaveText(
      new RegExp(`^${euro(2_500)} is reserved until about .+\\. Capture or release it before then\\.$`),
    );
    await expect(eva.warning).toHaveText('The reservation ends soon: capture or release it now.');
    await snap(page, testInfo, 'deposit-expires-soon');

    // The order is cancelled: released with a reason. A manager approves on the spot; the answer and webhook are lost.
    await eva.item.getByRole('button', { name: 'Release', exact: true }).click();
    await eva.item.getByLabel('Reason for the release').fill('Order cancelled by phone');
    oppTill.gateway.control.addFault({ fault: 'webhook-lost' });
    oppTill.gateway.control.addFault({ fault: 'http-error', status: 503, applied: true, method: 'POST' });
    await eva.item.getByRole('button', { name: 'Release the deposit' }).click();
    const approval = page.getByRole('dialog', { name: 'A manager must approve this' });
    await expect(approval).toContainText('give a deposit back');
    await expect(approval.getByRole('radio', { name: 'Bo' })).toBeChecked();
    await approval.getByLabel('Manager’s PIN').fill(E2E_STAFF_PINS.bo);
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect(approval).toHaveCount(0);

    await expect(eva.message).toHaveText('The deposit was released: nothing was taken from the customer’s card.', {
      timeout: 30_000,
    });
    await expect(eva.state).toHaveText('Released');
    await expect(eva.warning).toHaveCount(0);
    await snap(page, testInfo, 'deposit-released');

    // At the gateway: the whole hold reversed once, nothing captured.
    const released = atTheGateway(oppTill, '25.00');
    expect(released.releases).toHaveLength(1);
    expect(released.captures).toEqual([]);
    expect(released.webhookOf(released.hold.id)).toBe('lost');
    expect(released.webhookOf(released.releases[0]?.id ?? '')).toBe('lost');
    askedAfterLostAnswer(oppTill, 'RV');
    keptThePace(oppTill);

    await eva.item.getByRole('button', { name: 'Done' }).click();
    await expect(eva.item).toHaveCount(0);
  });
});
