import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from '@playwright/test';
import { minorToDecimalString } from '../shared/money.ts';
import { startBrowserMode } from '../electron/browser-mode/server.ts';
import { PROJECT_ROOT } from '../electron/cli/project.ts';
import { loadTillConfig } from '../electron/config/load-config.ts';
import type { Logger } from '../electron/logging/logger.ts';
import { startTill } from '../electron/till.ts';
import { generateCatalog } from './catalog-fixture.ts';
import { summarise, type Sample } from './measure.ts';

/**
 * The cashier's screen in Debian's Chromium, against a real till in browser
 * mode: how long from starting the till to a sale screen a cashier can use,
 * and how long adding a line to a long sale takes to reach the screen.
 */

const RENDERER_DIR = path.join(PROJECT_ROOT, 'out/renderer');
const CHROMIUM = process.env.KASSA_CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface SaleScreenFigures {
  coldStart: Sample;
  /** A tap on a product tile until the new row is laid out: the command to main, its journal write, the answer, the render. */
  addLineAt500: Sample;
  /** `sales.addItem` on a 500-line sale from the page, as the screen sends it: request, journal write (synced), answer parsed. */
  addItemRoundTrip: Sample;
}

/** A catalogue file big enough for a 500-line sale with distinct products. */
function writeCatalog(dir: string, count: number): string {
  const file = path.join(dir, 'catalog.csv');
  const rows = generateCatalog(count).map((item) =>
    [
      item.sku,
      item.barcodes.join('|'),
      `"${item.name.replaceAll('"', '""')}"`,
      minorToDecimalString(item.priceMinor, 'EUR'),
      String(item.vatBasisPoints / 100),
      item.category ?? '',
    ].join(','),
  );
  writeFileSync(file, ['sku,barcodes,name,price,vat_rate,category', ...rows].join('\n'));
  return file;
}

async function startServedTill(dir: string, catalogFile: string | undefined, logger: Logger) {
  const tillDir = mkdtempSync(path.join(dir, 'till-'));
  const configFile = path.join(tillDir, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      mode: 'demo',
      payment: null,
      journal: { path: path.join(tillDir, 'journal.sqlite') },
      ...(catalogFile === undefined ? {} : { catalog: { path: catalogFile } }),
    }),
  );
  const config = loadTillConfig({ configFile });
  const till = await startTill(config, { logger, version: 'bench' });
  const server = await startBrowserMode({
    router: till.router,
    events: till.feed,
    rendererDir: RENDERER_DIR,
    logger,
    port: 0,
  });
  return {
    url: `${server.origin}/#token=${server.token}`,
    token: server.token,
    async close() {
      await server.close();
      await till.close();
    },
  };
}

/** Until the first product tile is on screen and the search box takes typing. */
async function openSaleScreen(page: Page, url: string) {
  await page.goto(url);
  await page.locator('.product-tile').first().waitFor();
  await page.getByRole('searchbox').focus();
}

/** From `startTill` to a usable sale screen, in a tab of an already running Chromium. */
async function measureColdStart(browser: Browser, dir: string, logger: Logger, runs: number): Promise<Sample> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const started = performance.now();
    const till = await startServedTill(dir, undefined, logger);
    await openSaleScreen(page, till.url);
    times.push(performance.now() - started);
    await context.close();
    await till.close();
  }
  return summarise(
    times,
    times.reduce((sum, time) => sum + time, 0),
  );
}

/**
 * Time from a tap on a product tile until the new line is committed and laid
 * out, with 500 lines on the sale. Main owns the sale: the tap is a command
 * to main, written to the journal (synced to disk) before it is answered with
 * the sale, and the screen draws the answer. Then the command's round trip on
 * its own, from the page: add a line and take it off again, so every sample
 * is on a sale of the same size.
 */
async function measureAddLine(
  browser: Browser,
  dir: string,
  logger: Logger,
  adds: number,
  roundTrips: number,
): Promise<{ addLine: Sample; roundTrip: Sample }> {
  const items = generateCatalog(600);
  const till = await startServedTill(dir, writeCatalog(dir, 600), logger);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  try {
    await openSaleScreen(page, till.url);
    const search = page.getByRole('searchbox');
    // Items 100… go on the sale by SKU; the tiles on screen (items 0…59) are then each a new line.
    for (const item of items.slice(100, 600)) {
      await search.fill(item.sku);
      await search.press('Enter');
    }
    await page
      .getByRole('button', { name: items[599]?.name ?? '' })
      .first()
      .waitFor();
    await search.fill('');
    const times: number[] = [];
    for (let tile = 0; tile < adds; tile += 1) {
      times.push(
        await page.evaluate(
          (index) =>
            new Promise<number>((resolve) => {
              const target = document.querySelectorAll<HTMLButtonElement>('.product-tile')[index];
              const list = document.querySelector('.cart-lines');
              if (target === undefined || list === null) throw new Error(`no product tile ${String(index)}`);
              const before = performance.now();
              // The new row is in the DOM once React has committed; laying it out is the rest of the
              // work a frame needs before it can be painted. Measured this way the figure is the work,
              // not the wait for the display's next 60 Hz tick, which a real screen adds on top.
              const observer = new MutationObserver(() => {
                observer.disconnect();
                list.lastElementChild?.getBoundingClientRect();
                resolve(performance.now() - before);
              });
              observer.observe(list, { childList: true });
              target.click();
            }),
          tile,
        ),
      );
    }
    const trips = await page.evaluate(
      async ({ token, codes, count }) => {
        const call = async (channel: string, body: unknown) => {
          const response = await fetch(`/api/call/${channel}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const answer = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
          if (!answer.ok) throw new Error(`${channel} failed: ${JSON.stringify(answer.error)}`);
          return answer.value as { sale: { saleId: string; revision: number }; lineId: string };
        };
        const sale = (await call('sales.current', {})) as unknown as { saleId: string; revision: number };
        const saleId = sale.saleId;
        // As the screen sends it: naming the revision it holds, so the answer is the change.
        let knownRevision = sale.revision;
        const samples: number[] = [];
        for (let index = 0; index < count; index += 1) {
          const code = codes[index % codes.length] ?? '';
          const before = performance.now();
          const added = await call('sales.addItem', { saleId, code, by: 'sku', knownRevision });
          samples.push(performance.now() - before);
          const removed = await call('sales.removeLine', {
            saleId,
            lineId: added.lineId,
            knownRevision: added.sale.revision,
          });
          knownRevision = removed.sale.revision;
        }
        return samples;
      },
      { token: till.token, codes: items.slice(60, 100).map((item) => item.sku), count: roundTrips },
    );
    return {
      addLine: summarise(
        times,
        times.reduce((sum, time) => sum + time, 0),
      ),
      roundTrip: summarise(
        trips,
        trips.reduce((sum, time) => sum + time, 0),
      ),
    };
  } finally {
    await page.close();
    await till.close();
  }
}

export async function measureSaleScreen(logger: Logger): Promise<SaleScreenFigures> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('There is no built UI in out/renderer: run `npm run build` first (npm run bench does).');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'kassa-bench-ui-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    // One unmeasured start warms Chromium's caches and the till's modules, as on a till that has run before.
    await measureColdStart(browser, dir, logger, 1);
    const coldStart = await measureColdStart(browser, dir, logger, 5);
    const { addLine, roundTrip } = await measureAddLine(browser, dir, logger, 60, 200);
    return { coldStart, addLineAt500: addLine, addItemRoundTrip: roundTrip };
  } finally {
    await browser.close();
  }
}
