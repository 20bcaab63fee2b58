import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { PROJECT_ROOT } from '../../electron/cli/project.ts';
import { euro, openTill, PRODUCTS, scan, snap, type CashierScreen } from '../fixtures/cashier.ts';
import {
  callTill,
  expect,
  startServe,
  stopServe,
  test as base,
  type BrowserModeTill,
} from '../fixtures/browser-mode.ts';
import { writeTillConfig } from '../fixtures/till-config.ts';
import { TILL_SCREENS } from '../fixtures/till-screens.ts';

/**
 * The sale screen's layout at the three screens tills have (1024×768,
 * 1280×800, 1920×1080) and at larger text: the sale's lines, the newest in
 * view, the tender bar whole, tiles that never hide a price, "All" through a
 * catalogue of two thousand products, the keypad from the keyboard and "3 ×",
 * and the arrow keys from the search into the tiles.
 */

/** The sample catalogue, a product whose name takes three lines and more, then enough products for 35 pages. */
const LONG_NAME = {
  sku: 'LAY-LONG',
  name: 'Organic free-range chicken thigh fillets in lemon, garlic and thyme, 4 × 300 g',
  priceMinor: 1295,
};
const EXTRA_COUNT = 1700;
const extraName = (index: number) => `Layout item ${String(index).padStart(4, '0')}`;
const LAST_PRODUCT = { name: extraName(EXTRA_COUNT), priceMinor: 100 + EXTRA_COUNT };

function writeLayoutCatalog(): string {
  const sample = readFileSync(path.join(PROJECT_ROOT, 'electron/catalog/sample-catalog.csv'), 'utf8').trimEnd();
  const rows = [`${LONG_NAME.sku},,"${LONG_NAME.name}",12.95,9,Deli`];
  for (let index = 1; index <= EXTRA_COUNT; index += 1) {
    const price = 100 + index;
    rows.push(
      `LAY-${String(index).padStart(4, '0')},,${extraName(index)},${Math.floor(price / 100)}.${String(price % 100).padStart(2, '0')},21,Layout`,
    );
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kassa-layout-')), 'catalog.csv');
  writeFileSync(file, `${sample}\n${rows.join('\n')}\n`);
  return file;
}

/** A till of this file's own, on the big catalogue; each test gets it with no sale left open. */
const test = base.extend<{ layoutTill: BrowserModeTill }, { workerLayoutTill: BrowserModeTill }>({
  workerLayoutTill: [
    async ({ simulator, printer }, use) => {
      const terminal = { baseUrl: simulator.url, apiKey: simulator.apiKey };
      const { till, child } = await startServe(
        writeTillConfig(terminal, printer, { catalog: { path: writeLayoutCatalog() } }),
      );
      await use(till);
      await stopServe(child);
    },
    { scope: 'worker' },
  ],
  layoutTill: async ({ workerLayoutTill }, use) => {
    const current = await callTill(workerLayoutTill, 'sales.current');
    if (current.ok) {
      const saleId = (current.value as { saleId: string }).saleId;
      await callTill(workerLayoutTill, 'sales.void', { saleId, reason: 'e2e: layout test before this one' });
    }
    await use(workerLayoutTill);
  },
});

test.describe.configure({ mode: 'parallel' });

/** Twelve products by SKU, as a cashier types one in full and presses Enter. */
const TWELVE = Array.from({ length: 12 }, (_, index) => ({
  sku: `LAY-${String(index + 1).padStart(4, '0')}`,
  name: extraName(index + 1),
}));

async function ringUp(screen: CashierScreen, items: readonly { sku: string; name: string }[]) {
  for (const item of items) {
    await screen.search.fill(item.sku);
    await screen.search.press('Enter');
    await expect(screen.lines.getByRole('button', { name: item.name, exact: true })).toBeVisible();
  }
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error(`${locator.toString()} is not on the page.`);
  return found;
}

/** Wholly inside, to the pixel. */
const within = (inner: Box, outer: Box) =>
  inner.y >= outer.y - 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1 &&
  inner.x >= outer.x - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1;

const viewportBox = (page: Page): Box => {
  const size = page.viewportSize();
  if (size === null) throw new Error('No viewport.');
  return { x: 0, y: 0, ...size };
};

/** How many sale lines are wholly inside the cart's visible area. */
async function linesInView(page: Page): Promise<number> {
  const area = await box(page.locator('.cart-scroll'));
  let count = 0;
  for (const row of await page.getByRole('list', { name: 'Sale lines' }).getByRole('listitem').all()) {
    if (within(await box(row), area)) count += 1;
  }
  return count;
}

async function expectTenderBarWhole(screen: CashierScreen) {
  const screenBox = viewportBox(screen.page);
  const bar = screen.page.getByRole('region', { name: 'Payment' });
  await expect(bar).toBeVisible();
  expect(within(await box(bar), screenBox)).toBe(true);
  for (const button of [screen.cardButton, screen.page.getByRole('button', { name: 'Cash (F9)' })]) {
    await expect(button).toBeVisible();
    expect(within(await box(button), screenBox)).toBe(true);
  }
}

for (const viewport of TILL_SCREENS) {
  test.describe(`at ${String(viewport.width)}×${String(viewport.height)}`, () => {
    test.use({ viewport });

    test('twelve lines: at least eight in view, the newest among them, the tender bar whole', async ({
      page,
      layoutTill,
    }, testInfo) => {
      const screen = await openTill(page, layoutTill);
      await ringUp(screen, TWELVE);
      await expect(screen.lines.getByRole('listitem')).toHaveCount(12);
      await expect.poll(() => linesInView(page)).toBeGreaterThanOrEqual(8);

      // The newest line is wholly in view, at the bottom of the list.
      const newest = screen.lines.getByRole('listitem').filter({ hasText: TWELVE[11]?.name ?? '' });
      await expect.poll(async () => within(await box(newest), await box(page.locator('.cart-scroll')))).toBe(true);
      await expectTenderBarWhole(screen);

      // The first item again: its line, scrolled out of view at the top, changes and comes back into view.
      const first = screen.lines.getByRole('listitem').filter({ hasText: TWELVE[0]?.name ?? '' });
      if (viewport.height < 1000) expect(within(await box(first), await box(page.locator('.cart-scroll')))).toBe(false);
      await screen.search.fill(TWELVE[0]?.sku ?? '');
      await screen.search.press('Enter');
      await expect(first).toContainText(`2 × ${euro(101)}`);
      await expect.poll(async () => within(await box(first), await box(page.locator('.cart-scroll')))).toBe(true);

      // The sale is the biggest thing on the right.
      const cart = await box(page.getByRole('region', { name: 'Sale lines' }));
      for (const other of [
        page.getByRole('region', { name: 'Payment' }),
        page.getByRole('toolbar', { name: 'Sale' }),
      ]) {
        expect(cart.height * cart.width).toBeGreaterThan((await box(other)).height * (await box(other)).width);
      }
      await snap(page, testInfo, `sale-${String(viewport.width)}x${String(viewport.height)}`);
    });

    test('a product whose name takes three lines still shows its whole price', async ({
      page,
      layoutTill,
    }, testInfo) => {
      const screen = await openTill(page, layoutTill);
      await screen.search.fill('chicken thigh');
      const tile = screen.products.getByRole('button', { name: `${LONG_NAME.name} ${euro(LONG_NAME.priceMinor)}` });
      await expect(tile).toBeVisible();
      const name = tile.locator('.product-name');
      // The name is longer than the tile shows: it is cut short…
      expect(await name.evaluate((element) => element.scrollHeight > element.clientHeight + 1)).toBe(true);
      // …and the price is not.
      const price = tile.getByText(euro(LONG_NAME.priceMinor), { exact: true });
      await expect(price).toBeVisible();
      const priceBox = await box(price);
      expect(within(priceBox, await box(tile))).toBe(true);
      expect(within(priceBox, viewportBox(page))).toBe(true);
      expect(await price.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
      await snap(page, testInfo, `long-name-${String(viewport.width)}x${String(viewport.height)}`);
    });
  });
}

test.describe('at 1024×768 with larger text', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  for (const percent of [150, 200]) {
    test(`at ${String(percent)} % text the cart, the totals and the tender bar stay on screen`, async ({
      page,
      layoutTill,
    }, testInfo) => {
      const screen = await openTill(page, layoutTill);
      await page.evaluate((size) => (document.documentElement.style.fontSize = `${String(size)}%`), percent);
      await ringUp(screen, TWELVE.slice(0, 5));
      const cart = page.getByRole('region', { name: 'Sale lines' });
      await expect(cart).toBeVisible();
      expect(within(await box(cart), viewportBox(page))).toBe(true);
      await expect.poll(() => linesInView(page)).toBeGreaterThanOrEqual(1);
      await expect(screen.total).toBeVisible();
      expect(within(await box(screen.total), viewportBox(page))).toBe(true);
      await expectTenderBarWhole(screen);
      await snap(page, testInfo, `text-${String(percent)}`);
    });
  }
});

test.describe('finding and adding products', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('"All" pages through every product, to the last of the catalogue', async ({ page, layoutTill }, testInfo) => {
    const screen = await openTill(page, layoutTill);
    await screen.products.getByRole('button', { name: 'All', exact: true }).click();
    const next = screen.products.getByRole('button', { name: 'Next page' });
    const pages = Math.ceil((330 + 1 + EXTRA_COUNT) / 60);
    await expect(screen.products.getByRole('status')).toHaveText(`Page 1 of ${String(pages)}`);
    for (let page_ = 2; page_ <= pages; page_ += 1) {
      await next.click();
      await expect(screen.products.getByRole('status')).toHaveText(`Page ${String(page_)} of ${String(pages)}`);
    }
    await expect(next).toBeDisabled();
    const last = screen.products.getByRole('button', { name: `${LAST_PRODUCT.name} ${euro(LAST_PRODUCT.priceMinor)}` });
    await last.scrollIntoViewIfNeeded();
    await expect(last).toBeVisible();
    await last.click();
    await expect(screen.lines.getByRole('button', { name: LAST_PRODUCT.name, exact: true })).toBeVisible();
    await snap(page, testInfo, 'all-last-page');
  });

  test('digits typed on the keyboard go to the keypad', async ({ page, layoutTill }) => {
    const screen = await openTill(page, layoutTill);
    await ringUp(screen, TWELVE.slice(0, 1));
    const item = TWELVE[0] ?? { name: '', sku: '' };
    await screen.lines.getByRole('button', { name: item.name, exact: true }).click();
    await page.keyboard.press('4');
    await page.keyboard.press('5');
    await page.keyboard.press('Backspace');
    await expect(screen.keypad.getByRole('status', { name: 'Typed on the keypad' })).toHaveText('4');
    await screen.keypad.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(screen.lines.getByRole('listitem').first()).toContainText(`4 × ${euro(101)}`);
  });

  test('"3 ×" then a tap adds three; "2 *" on the keyboard then a scan adds two', async ({ page, layoutTill }) => {
    const screen = await openTill(page, layoutTill);
    const keypad = screen.keypad;
    await keypad.getByRole('button', { name: '3', exact: true }).click();
    await keypad.getByRole('button', { name: 'Times', exact: true }).click();
    await expect(keypad.getByRole('status').filter({ hasText: 'Next product × 3' })).toBeVisible();
    await screen.search.fill('Layout item 0007');
    await screen.products.getByRole('button', { name: `${extraName(7)} ${euro(107)}` }).click();
    await expect(screen.lines.getByRole('listitem').first()).toContainText(`3 × ${euro(107)}`);
    // Used up: the next tap adds one.
    await expect(keypad.getByRole('status').filter({ hasText: 'Next product' })).toHaveCount(0);

    await screen.search.fill('');
    await screen.search.blur();
    await page.keyboard.press('2');
    await page.keyboard.press('*');
    await expect(keypad.getByRole('status').filter({ hasText: 'Next product × 2' })).toBeVisible();
    await scan(screen, PRODUCTS.milk.barcode);
    await expect(screen.line(PRODUCTS.milk)).toContainText(`2 × ${euro(PRODUCTS.milk.priceMinor)}`);
    // The scanner's digits did not stay on the keypad.
    const typed = keypad.getByRole('status', { name: 'Typed on the keypad' });
    await expect.poll(() => typed.textContent()).toBe('\u00a0');
  });

  test('arrow down from the search into the tiles, arrows to move, Enter to add, Esc back', async ({
    page,
    layoutTill,
  }) => {
    const screen = await openTill(page, layoutTill);
    await screen.search.fill('Layout item 001');
    const tiles = page.getByRole('group', { name: 'Products found' }).getByRole('button');
    await expect(tiles.first()).toHaveAccessibleName(`${extraName(10)} ${euro(110)}`);
    await screen.search.press('ArrowDown');
    await expect(tiles.first()).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(tiles.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(screen.lines.getByRole('button', { name: extraName(11), exact: true })).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect(screen.lines.getByRole('button', { name: extraName(10), exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(screen.search).toBeFocused();
  });
});

test.describe('themes', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  for (const [theme, label] of [
    ['light', 'Light'],
    ['dark', 'Dark'],
    ['high-contrast', 'High contrast'],
  ] as const) {
    test(`the ${theme} theme: chosen on the till, kept on reload, every text in contrast`, async ({
      page,
      layoutTill,
    }, testInfo) => {
      const screen = await openTill(page, layoutTill);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      await page.getByRole('combobox', { name: 'Screen' }).selectOption({ label });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await ringUp(screen, TWELVE.slice(0, 3));
      await screen.keypad.getByRole('button', { name: '2', exact: true }).click();
      await screen.keypad.getByRole('button', { name: 'Times', exact: true }).click();

      // WCAG AA: 4.5:1 for text, 3:1 for large text, as axe measures it on the sale screen.
      const contrast = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
      expect(contrast.violations.flatMap((violation) => violation.nodes.map((node) => node.target.join(' ')))).toEqual(
        [],
      );
      await snap(page, testInfo, `theme-${theme}`);

      await page.reload();
      await expect(screen.search).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      // Choosing the configured theme again forgets the till's own choice.
      await page.getByRole('combobox', { name: 'Screen' }).selectOption({ label: 'Light' });
      expect(await page.evaluate(() => window.localStorage.getItem('kassa.theme'))).toBeNull();
    });
  }
});
