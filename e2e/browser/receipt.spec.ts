import type { TestInfo } from '@playwright/test';
import type { FakePrinter } from '../../electron/printing/testing/fake-printer.ts';
import { expect, test } from '../fixtures/browser-mode.ts';
import {
  amount,
  euro,
  lastApprovalCode,
  openTill,
  pick,
  PRODUCTS,
  receiptOnScreen,
  scan,
  summaryRow,
  type CashierScreen,
} from '../fixtures/cashier.ts';
import { drawerKicksSince, isCopy, printoutsOf, printoutsSince, type Printout } from '../fixtures/printouts.ts';
import { E2E_DRAWER } from '../fixtures/till-config.ts';

/**
 * Receipts on paper and the cash drawer, in browser mode: the worker's till
 * prints to the worker's fake ESC/POS network printer over TCP, and the test
 * reads back what the printer was sent (decoded to lines, cuts and drawer
 * kicks). The printer is shared by the tests of a worker, so each test finds
 * its own receipt by number and its own drawer kicks among the connections
 * that came after it started selling.
 */

test.describe.configure({ mode: 'parallel' });
test.use({ viewport: { width: 1024, height: 768 } });

const PRINTED = 'Receipt printed.';
const DRAWER_OPEN = 'The cash drawer is open.';
const PAPER_OUT = 'Printer is out of paper: load a new roll.';
const NO_ANSWER = 'Printer does not answer: check that it is switched on and its cable is in.';

/** `ESC p 0 50 200`: pin 2, on for 100 ms, off four times as long. */
const KICK = { pin: E2E_DRAWER.pin, onMs: E2E_DRAWER.pulseMs, offMs: 4 * E2E_DRAWER.pulseMs };

/** A printout's lines as a person reads them: without the margins. */
const read = (printout: Printout): string[] => printout.lines.map((line) => line.trim());

/** Lines of text, spacing and column breaks aside, rules and blank lines left out: to hold paper against screen. */
function words(lines: readonly string[]): string[] {
  return lines
    .map((line) => line.replaceAll(' | ', ' ').replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '' && !/^─+$/.test(line));
}

/** Waits until the printer holds `count` printouts of the receipt and every connection has ended, then answers them. */
async function printedReceipts(printer: FakePrinter, receiptNumber: string, count: number): Promise<Printout[]> {
  await expect.poll(() => printoutsOf(printer, receiptNumber).length).toBe(count);
  await printer.waitForConnections(printer.connections().length);
  const printouts = printoutsOf(printer, receiptNumber);
  expect(printouts).toHaveLength(count);
  return printouts;
}

/** The one printout of a receipt, once it is whole. */
async function printedReceipt(printer: FakePrinter, receiptNumber: string): Promise<Printout> {
  const [receipt] = await printedReceipts(printer, receiptNumber, 1);
  if (receipt === undefined) throw new Error(`No printout of receipt ${receiptNumber}.`);
  return receipt;
}

/** Pays the whole sale in cash with the quick amount that covers it exactly. */
async function payExactCash(screen: CashierScreen, totalMinor: number): Promise<void> {
  await screen.page.keyboard.press('F9');
  await screen.cashDialog
    .getByRole('group', { name: 'Quick amounts' })
    .getByRole('button', { name: euro(totalMinor), exact: true })
    .click();
}

/** A picture of the finished sale's panel, kept with the test's output and attached to its report. */
async function attachPanel(screen: CashierScreen, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await screen.receipt.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/**
 * "Try printing now", the way it happens at the counter: the printer is fixed,
 * then the cashier presses the button. The fix is made as the press reaches
 * the till (its call is held until then), so a retry the till makes on its
 * own meanwhile (2 s, 4 s, … after the failure) finds the printer still broken
 * and cannot print the receipt and take the button away from under the click.
 */
async function fixPrinterAndTryNow(screen: CashierScreen, fix: () => Promise<void>): Promise<void> {
  const { page } = screen;
  const pattern = '**/api/call/printer.retry';
  await page.route(pattern, async (route) => {
    await fix();
    await route.continue();
  });
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/call/printer.retry'));
  await screen.receipt.getByRole('button', { name: 'Try printing now' }).click();
  expect((await answered).status()).toBe(200);
  await page.unroute(pattern);
}

/** The drawer did not open and nothing was printed: the printer refused them all before any bytes were sent. */
function expectNothingReachedPaper(printer: FakePrinter, since: number): void {
  for (const printout of printoutsSince(printer, since)) {
    expect(printout.drawerKicks).toEqual([]);
    expect(printout.lines).toEqual([]);
    expect(printout.cuts).toBe(0);
  }
}

/** The status bar's Receipt printer: its state in a word, and the detail (its title) in the cashier's words. */
async function expectPrinterLight(screen: CashierScreen, state: string, detail: string): Promise<void> {
  const light = screen.device('Receipt printer');
  await expect(light).toContainText(state);
  await expect(light).toHaveAttribute('title', detail);
}

test('a cash sale with change opens the drawer, then prints its receipt once, as the screen shows it', async ({
  page,
  till,
  printer,
}, testInfo) => {
  const screen = await openTill(page, till);
  const { sourdough, baguette } = PRODUCTS;
  await scan(screen, sourdough.barcode);
  await scan(screen, baguette.barcode);
  await scan(screen, baguette.barcode);
  const totalMinor = 349 + 2 * 129; // 6.07
  await expect(screen.total).toHaveText(euro(totalMinor));
  const before = printer.connections().length;

  await page.keyboard.press('F9');
  await screen.cashDialog.getByRole('textbox', { name: 'Cash handed over' }).fill('10');
  await screen.cashDialog.getByRole('button', { name: 'Take cash' }).click();

  const { receiptNumber, lines: onScreen } = await receiptOnScreen(screen);
  await expect(screen.receipt.getByRole('status', { name: 'Give change' })).toHaveText(euro(393));
  await expect(screen.receipt.getByText(DRAWER_OPEN)).toBeVisible();
  await expect(screen.printing).toHaveText(PRINTED);
  await expect(summaryRow(screen, 'Total')).toContainText(euro(totalMinor));
  await expect(summaryRow(screen, 'Cash')).toContainText(euro(1000));
  await expect(summaryRow(screen, 'Give change')).toContainText(euro(393));
  await expect(screen.receipt.getByRole('button', { name: 'Try printing now' })).toHaveCount(0);
  await attachPanel(screen, testInfo, 'receipt-panel-cash');

  const receipt = await printedReceipt(printer, receiptNumber);
  const paper = read(receipt);
  expect(paper).toEqual(
    expect.arrayContaining([
      'E2E Corner Shop',
      'DEMO - NOT A SALE',
      expect.stringMatching(new RegExp(`^${sourdough.name}\\s+${amount(349)}$`)),
      expect.stringMatching(new RegExp(`^${baguette.name}\\s+${amount(258)}$`)),
      `2 x ${amount(129)}`,
      expect.stringMatching(new RegExp(`^TOTAL EUR\\s+${amount(totalMinor)}$`)),
      expect.stringMatching(new RegExp(`^Cash\\s+${amount(1000)}$`)),
      expect.stringMatching(new RegExp(`^Change\\s+${amount(393)}$`)),
      `Receipt ${receiptNumber}`,
      'Thank you',
    ]),
  );
  expect(receipt.cuts).toBe(1);
  expect(receipt.drawerKicks).toEqual([]);
  expect(isCopy(receipt)).toBe(false);
  // The till asked how the printer was before sending (DLE EOT 1, 2, 4) and waited for it to finish (GS r 1).
  expect(receipt.statusRequests).toEqual([
    { command: 'DLE EOT', n: 1 },
    { command: 'DLE EOT', n: 2 },
    { command: 'DLE EOT', n: 4 },
    { command: 'GS r', n: 1 },
  ]);
  expect(receipt.events.findIndex((event) => event.kind === 'cut')).toBeLessThan(
    receipt.events.findLastIndex((event) => event.kind === 'status'),
  );
  // What the cashier sees is what the customer gets: the picture is the printed receipt, line for line.
  expect(words(onScreen)).toEqual(words(receipt.lines));

  // The drawer was kicked once, on pin 2, on a connection of its own before the receipt's.
  const kicks = drawerKicksSince(printer, before);
  expect(kicks).toHaveLength(1);
  expect(kicks[0]?.drawerKicks).toEqual([KICK]);
  expect(kicks[0]?.lines).toEqual([]);
  expect(kicks[0]?.connection).toBeLessThan(receipt.connection);
});

test('a card sale prints the terminal’s customer copy on the receipt and leaves the drawer shut', async ({
  page,
  till,
  simulator,
  printer,
}, testInfo) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.cityMap);
  await pick(screen, PRODUCTS.milk);
  const totalMinor = 995 + 115; // 11.10
  await expect(screen.total).toHaveText(euro(totalMinor));
  const before = printer.connections().length;

  await screen.cardButton.click();
  const { receiptNumber } = await receiptOnScreen(screen);
  const approvalCode = await lastApprovalCode(simulator);
  await expect(screen.printing).toHaveText(PRINTED);
  await expect(summaryRow(screen, `Card ••••9999 · Approval code ${approvalCode}`)).toContainText(euro(totalMinor));
  // No cash changed hands: nothing is said about the drawer.
  await expect(screen.receipt.getByText(/drawer/i)).toHaveCount(0);
  await attachPanel(screen, testInfo, 'receipt-panel-card');

  const receipt = await printedReceipt(printer, receiptNumber);
  const paper = read(receipt);
  expect(paper).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`^TOTAL EUR\\s+${amount(totalMinor)}$`)),
      // The brand as the terminal names the scheme ("mc"; the card panel shows it as "MC").
      expect.stringMatching(new RegExp(`^Card mc \\*{4}9999\\s+${amount(totalMinor)}$`, 'i')),
      `Approval code ${approvalCode}`,
      // The terminal's customer copy, as the terminal wrote it.
      'CARDHOLDER COPY',
      expect.stringMatching(/^Card\s+541333 \*{4} 9999$/),
      expect.stringMatching(/^Type\s+GOODS_SERVICES$/),
      'APPROVED',
      expect.stringMatching(new RegExp(`^Auth\\. code\\s+${approvalCode}$`)),
      `Receipt ${receiptNumber}`,
    ]),
  );
  // The customer's receipt carries the customer's copy only.
  expect(paper).not.toContain('MERCHANT COPY');
  expect(paper.filter((line) => line === 'APPROVED')).toHaveLength(1);
  expect(receipt.cuts).toBe(1);

  expect(drawerKicksSince(printer, before)).toEqual([]);
});

test('out of paper: the drawer stays shut, the receipt waits, and prints once when the paper is in', async ({
  page,
  till,
  printer,
}, testInfo) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.saturdayPaper);
  await pick(screen, PRODUCTS.brownRolls);
  const totalMinor = 425 + 159; // 5.84
  await expect(screen.total).toHaveText(euro(totalMinor));
  printer.setStatus({ paperEnd: true });
  const before = printer.connections().length;

  await payExactCash(screen, totalMinor);
  const { receiptNumber } = await receiptOnScreen(screen);
  // The drawer hangs off the printer: a printer that is not ready is sent no kick, and the cashier is told.
  await expect(screen.receipt.getByRole('alert')).toHaveText(
    `The drawer did not open. ${PAPER_OUT} Open the drawer with its key.`,
  );
  await expect(screen.printing).toHaveText(
    `Receipt not printed yet. ${PAPER_OUT} It prints as soon as the printer is back.`,
  );
  await expectPrinterLight(screen, 'Offline', `${PAPER_OUT} 1 receipt is waiting to print.`);
  await attachPanel(screen, testInfo, 'receipt-panel-paper-out');
  expect(printoutsOf(printer, receiptNumber)).toEqual([]);
  expectNothingReachedPaper(printer, before);

  await fixPrinterAndTryNow(screen, () => {
    printer.setStatus({ paperEnd: false });
    return Promise.resolve();
  });
  await expect(screen.printing).toHaveText(PRINTED);
  await expect(screen.receipt.getByRole('button', { name: 'Try printing now' })).toHaveCount(0);
  await expectPrinterLight(screen, 'Ready', 'Printer is ready.');

  // Printed exactly once, whole, for all the tries; and the drawer was not opened late.
  const receipt = await printedReceipt(printer, receiptNumber);
  expect(receipt.cuts).toBe(1);
  expect(drawerKicksSince(printer, before)).toEqual([]);
});

test('a printer switched off: the receipt waits, and prints once when it is back on', async ({
  page,
  till,
  printer,
}, testInfo) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.financialDaily);
  const totalMinor = 350;
  await expect(screen.total).toHaveText(euro(totalMinor));
  await printer.powerOff();
  const before = printer.connections().length;

  await payExactCash(screen, totalMinor);
  const { receiptNumber } = await receiptOnScreen(screen);
  await expect(screen.receipt.getByRole('alert')).toHaveText(
    `The drawer did not open. ${NO_ANSWER} Open the drawer with its key.`,
  );
  await expect(screen.printing).toHaveText(
    `Receipt not printed yet. ${NO_ANSWER} It prints as soon as the printer is back.`,
  );
  await expectPrinterLight(screen, 'Offline', `${NO_ANSWER} 1 receipt is waiting to print.`);
  await attachPanel(screen, testInfo, 'receipt-panel-printer-off');
  // Switched off, it took no connection at all.
  expect(printer.connections()).toHaveLength(before);

  await fixPrinterAndTryNow(screen, () => printer.powerOn());
  await expect(screen.printing).toHaveText(PRINTED);
  await expectPrinterLight(screen, 'Ready', 'Printer is ready.');
  const receipt = await printedReceipt(printer, receiptNumber);
  expect(receipt.cuts).toBe(1);
  expect(drawerKicksSince(printer, before)).toEqual([]);
});

test('Print a copy prints the receipt again, marked COPY', async ({ page, till, printer }) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.crosswords);
  await pick(screen, PRODUCTS.spicedCake);
  const totalMinor = 395 + 169; // 5.64
  await payExactCash(screen, totalMinor);
  const { receiptNumber } = await receiptOnScreen(screen);
  await expect(screen.printing).toHaveText(PRINTED);
  const before = printer.connections().length;

  await screen.receipt.getByRole('button', { name: 'Print a copy' }).click();
  await expect(page.getByText('A copy of the receipt is on its way to the printer.')).toBeVisible();
  const [original, copy] = await printedReceipts(printer, receiptNumber, 2);
  if (original === undefined || copy === undefined) throw new Error(`Receipt ${receiptNumber} was not printed twice.`);
  await expect(screen.printing).toHaveText(PRINTED);

  expect(isCopy(original)).toBe(false);
  expect(read(copy).filter((line) => line === 'COPY')).toHaveLength(2); // at the top and at the foot
  expect(read(copy)).not.toContain('Thank you');
  expect(copy.connection).toBeGreaterThanOrEqual(before);
  expect(copy.cuts).toBe(1);
  // The same sale, line for line, apart from the marks.
  const sale = (printout: Printout) => words(printout.lines).filter((line) => !['COPY', 'Thank you'].includes(line));
  expect(sale(copy)).toEqual(sale(original));
  // A copy is paper only: the drawer stays shut.
  expect(drawerKicksSince(printer, before)).toEqual([]);
});

test('the panel says the receipt printed even when the printer was quicker than the till’s answer', async ({
  page,
  till,
  printer,
}) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.milk);
  const before = printer.connections().length;
  // A slow answer (a busy till, a slow network): it reaches the page only after the receipt is on paper,
  // so the till's "printed" news for this receipt comes before the page knows the sale is done.
  await page.route('**/api/call/sales.complete', async (route) => {
    const answer = await route.fetch();
    await expect.poll(() => printoutsSince(printer, before).filter((printout) => printout.cuts > 0)).toHaveLength(1);
    await route.fulfill({ response: answer });
  });

  await payExactCash(screen, PRODUCTS.milk.priceMinor);
  const { receiptNumber } = await receiptOnScreen(screen);
  await expect(screen.printing).toHaveText(PRINTED);
  expect(await printedReceipt(printer, receiptNumber)).toMatchObject({ cuts: 1 });
});

test('any receipt can be found by its number and printed again, and the drawer opened with a reason', async ({
  page,
  till,
  printer,
}, testInfo) => {
  const screen = await openTill(page, till);
  await pick(screen, PRODUCTS.crosswords);
  await payExactCash(screen, 395);
  const { receiptNumber } = await receiptOnScreen(screen);
  await expect(screen.printing).toHaveText(PRINTED);
  await page.keyboard.press('F10');
  const panel = page.getByRole('dialog', { name: 'Receipts and cash drawer' });
  const before = printer.connections().length;

  await page.keyboard.press('F6');
  await panel.getByLabel('Receipt number').fill('E2E-7-999999');
  await panel.getByRole('button', { name: 'Show' }).click();
  await expect(panel.getByRole('alert')).toHaveText(
    'There is no receipt E2E-7-999999 on this till. Check the number on the receipt; a receipt from another till can only be found there.',
  );
  await panel.getByLabel('Receipt number').fill(receiptNumber);
  await panel.getByRole('button', { name: 'Show' }).click();
  const picture = panel.getByRole('img', { name: `Receipt ${receiptNumber} as it prints` });
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
  const file = testInfo.outputPath('receipts-panel.png');
  await panel.screenshot({ path: file });
  await testInfo.attach('receipts-panel', { path: file, contentType: 'image/png' });
  await panel.getByRole('button', { name: 'Print a copy' }).click();
  await expect(panel.getByRole('status')).toHaveText(
    `A copy of receipt ${receiptNumber} is on its way to the printer.`,
  );
  const [, copy] = await printedReceipts(printer, receiptNumber, 2);
  expect(copy !== undefined && isCopy(copy)).toBe(true);
  expect(drawerKicksSince(printer, before)).toEqual([]);

  // Too short a reason is not accepted; a real one opens the drawer.
  const reason = panel.getByLabel('Why is the drawer opened?');
  await reason.fill('x');
  await expect(panel.getByRole('button', { name: 'Open drawer' })).toBeDisabled();
  await reason.fill('Change for the float');
  await panel.getByRole('button', { name: 'Open drawer' }).click();
  await expect(panel.getByRole('status')).toHaveText('The cash drawer is open. Close it when you are done.');
  await expect
    .poll(() => drawerKicksSince(printer, before).flatMap((printout) => printout.drawerKicks))
    .toEqual([KICK]);
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
});
