import type { Page } from '@playwright/test';
import { checkAccessibility } from '../fixtures/axe.ts';
import { expect, startServe, stopServe, test as base, type BrowserModeTill } from '../fixtures/browser-mode.ts';
import { euro, openTill, pick, PRODUCTS, snap } from '../fixtures/cashier.ts';
import { writeTillConfig } from '../fixtures/till-config.ts';

/**
 * The customer display in browser mode: a second page opened at the address
 * `kassa serve` prints for it, with the display's own token, beside the
 * cashier's page. It follows the sale main has open (lines, total, what is
 * due), says thank you when the sale is paid, and its token can do nothing
 * else: no call, no till event stream. The till is the test's own, so no
 * other test's sale or "thank you" is on its display.
 */

const test = base.extend<{ displayTill: BrowserModeTill }>({
  displayTill: async ({ simulator, printer }, use) => {
    const config = writeTillConfig({ baseUrl: simulator.url, apiKey: simulator.apiKey }, printer);
    const { till, child } = await startServe(config);
    await use(till);
    await stopServe(child);
  },
});

test.use({ viewport: { width: 1024, height: 768 } });

function customerDisplay(page: Page) {
  const items = page.getByRole('list', { name: 'Your items' });
  return {
    page,
    welcome: page.getByRole('heading', { name: 'Welcome' }),
    items,
    item: (name: string) => items.getByRole('listitem').filter({ hasText: name }),
    sums: page.getByRole('definition'),
    thanks: page.getByRole('heading', { name: 'Thank you' }),
  };
}

test('the customer sees each item and the total as it is rung up, then thank you once paid in cash', async ({
  page,
  context,
  displayTill,
}, testInfo) => {
  expect(displayTill.displayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/display#token=[\w-]{40,}$/);
  expect(new URL(displayTill.displayUrl).hash).not.toContain(displayTill.token);

  const displayPage = await context.newPage();
  await displayPage.setViewportSize({ width: 1920, height: 1080 });
  await displayPage.goto(displayTill.displayUrl);
  const display = customerDisplay(displayPage);
  await expect(display.welcome).toBeVisible();
  // The token leaves the address bar, as the till's own page does with its own.
  expect(displayPage.url()).not.toContain('token=');
  await checkAccessibility(displayPage, testInfo, 'display-welcome');

  const screen = await openTill(page, displayTill);
  await pick(screen, PRODUCTS.milk);
  await expect(display.item(PRODUCTS.milk.name)).toContainText(euro(PRODUCTS.milk.priceMinor));
  await pick(screen, PRODUCTS.whiteBread);
  const totalMinor = PRODUCTS.milk.priceMinor + PRODUCTS.whiteBread.priceMinor;
  await expect(display.items.getByRole('listitem')).toHaveCount(2);
  await expect(display.item(PRODUCTS.whiteBread.name)).toContainText('1 ×');
  await expect(display.item(PRODUCTS.whiteBread.name)).toContainText(euro(PRODUCTS.whiteBread.priceMinor));
  await expect(display.sums.first()).toHaveText(euro(totalMinor));
  await checkAccessibility(displayPage, testInfo, 'display-sale-1920');
  await snap(displayPage, testInfo, 'customer-display-sale-1920x1080');

  // An older 4:3 screen holds the same sale, its total in view.
  await displayPage.setViewportSize({ width: 1024, height: 768 });
  await expect(display.sums.first()).toBeInViewport();
  await expect(display.item(PRODUCTS.milk.name)).toBeInViewport();
  await checkAccessibility(displayPage, testInfo, 'display-sale-1024');
  await snap(displayPage, testInfo, 'customer-display-sale-1024x768');

  await page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(500), exact: true })
    .click();
  await expect(screen.receipt).toBeVisible();
  await expect(display.thanks).toBeVisible();
  await expect(displayPage.getByRole('main')).toContainText(euro(totalMinor));
  await expect(displayPage.getByRole('main')).toContainText(`Your change${euro(500 - totalMinor)}`);
  await checkAccessibility(displayPage, testInfo, 'display-thanks');
});

test('the display’s token opens its stream and nothing else, and the cashier’s does not open the display’s', async ({
  page,
  displayTill,
}) => {
  await page.goto(displayTill.displayUrl);
  await expect(customerDisplay(page).welcome).toBeVisible();
  const statuses = await page.evaluate(async (tillToken) => {
    const displayToken = window.sessionStorage.getItem('kassa.display-token') ?? '';
    const status = async (path: string, token: string, method: 'GET' | 'POST') => {
      const controller = new AbortController();
      const response = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
        signal: controller.signal,
      });
      controller.abort();
      return response.status;
    };
    return {
      call: await status('/api/call/till.getInfo', displayToken, 'POST'),
      sale: await status('/api/call/sales.current', displayToken, 'POST'),
      events: await status('/api/events', displayToken, 'GET'),
      displayWithTillToken: await status('/api/display/events', tillToken, 'GET'),
      displayWithOwnToken: await status('/api/display/events', displayToken, 'GET'),
    };
  }, displayTill.token);
  expect(statuses).toEqual({ call: 403, sale: 403, events: 403, displayWithTillToken: 403, displayWithOwnToken: 200 });
});

test('the customer is asked to pay on the card terminal while the card runs, then thanked', async ({
  page,
  context,
  displayTill,
}) => {
  const displayPage = await context.newPage();
  await displayPage.goto(displayTill.displayUrl);
  const display = customerDisplay(displayPage);
  await expect(display.welcome).toBeVisible();

  const screen = await openTill(page, displayTill);
  await pick(screen, PRODUCTS.cityMap);
  await expect(display.item(PRODUCTS.cityMap.name)).toBeVisible();
  await screen.cardButton.click();
  // A tapped card takes under a second here: long enough to see the prompt.
  await expect(displayPage.getByRole('status')).toHaveText('Please pay on the card terminal');
  await expect(display.thanks).toBeVisible();
  await expect(displayPage.getByRole('main')).toContainText(euro(PRODUCTS.cityMap.priceMinor));
  await expect(displayPage.getByRole('main')).not.toContainText('Your change');
});

/**
 * A payment link's QR code, with its amount and a countdown to its expiry, in
 * the till's language. Pay by link is not in the till yet, so the page is
 * handed the states a display window's preload would hand it.
 */
test('a payment link shows as a QR code with its amount and a countdown, in English and Dutch', async ({
  page,
  displayTill,
}, testInfo) => {
  const expiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
  const sale = {
    kind: 'sale',
    language: 'en',
    locale: 'nl-NL',
    lines: [{ name: 'Coffee beans', quantity: 1, totalMinor: 842 }],
    moreLines: 0,
    totalMinor: 842,
    dueMinor: 842,
    currency: 'EUR',
    prompt: { kind: 'link', url: 'https://pay.example/l/abc123', expiresAt, amountMinor: 842 },
  };
  await page.addInitScript((first) => {
    const listeners = new Set<(state: unknown) => void>();
    let last: unknown = first;
    Object.assign(window, {
      kassaDisplay: {
        onState(listener: (state: unknown) => void) {
          listeners.add(listener);
          listener(last);
          return () => listeners.delete(listener);
        },
      },
      pushDisplayState(state: unknown) {
        last = state;
        for (const listener of listeners) listener(state);
      },
    });
  }, sale);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${displayTill.origin}/display`);

  const qr = page.getByRole('img', { name: `QR code to pay ${euro(842)} by link` });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;/);
  await expect(page.getByText('Scan the code with your phone to pay')).toBeVisible();
  await expect(page.getByText(/^Amount: /)).toHaveText(`Amount: ${euro(842)}`);
  await expect(page.getByText(/^The code expires in [45]:\d\d$/)).toBeVisible();
  await checkAccessibility(page, testInfo, 'display-link-1920');
  await snap(page, testInfo, 'customer-display-link-1920x1080');

  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(qr).toBeInViewport({ ratio: 1 });
  await expect(page.getByText(/^Amount: /)).toBeInViewport();
  await snap(page, testInfo, 'customer-display-link-1024x768');

  await page.evaluate(
    (state) => {
      (window as unknown as { pushDisplayState(state: unknown): void }).pushDisplayState(state);
    },
    { ...sale, language: 'nl' },
  );
  await expect(page.getByRole('img', { name: `QR-code om ${euro(842)} te betalen met een betaallink` })).toBeVisible();
  await expect(page.getByText(/^De code verloopt over [45]:\d\d$/)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

  // Past its expiry the code goes, and the customer is told to ask at the till.
  await page.evaluate(
    (state) => {
      (window as unknown as { pushDisplayState(state: unknown): void }).pushDisplayState(state);
    },
    { ...sale, prompt: { ...sale.prompt, expiresAt: new Date(Date.now() - 1_000).toISOString() } },
  );
  await expect(page.getByRole('alert')).toHaveText('This code has expired. Please ask at the till.');
  await expect(qr).toHaveCount(0);
});
