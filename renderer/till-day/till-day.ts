/** The till day panel's words, and the sentences that need a little logic. */

export const dayWords = {
  open: 'Till day (F5)',
  title: 'Till day',
  notOpen: 'The till day is not open',
  notOpenHint: 'Count the cash in the drawer, type it as the float and open the day.',
  openSince: (when: string) => `Open since ${when}`,
  float: (amount: string) => `float ${amount}`,
  floatNotCounted: 'The day opened by itself with its first sale: no float was counted.',
  lastZ: (zNumber: number) => `Last Z report: number ${zNumber}.`,
  floatCounted: 'Float counted',
  openDay: 'Open the day',
  opened: 'The till day is open. Put the float in the drawer.',
  badAmount: 'Type the amount as counted, for example 150.00.',
  managerApproves:
    'A manager approves cash moves, the day’s figures and closing the day: when asked, they pick their name and type their PIN here.',

  cashHeading: 'Cash into or out of the drawer',
  cashKind: 'Cash in or out',
  cashIn: 'Cash in',
  cashOut: 'Cash out',
  cashAmount: 'Cash amount',
  cashReason: 'Reason for the cash move',
  cashReasonHint: 'For example: change from the bank, or takings to the safe. It is kept in the audit log.',
  recordCashMove: 'Record cash move',
  cashMoved: (kind: 'in' | 'out', amount: string) =>
    kind === 'in' ? `Recorded ${amount} put into the drawer.` : `Recorded ${amount} taken out of the drawer.`,
  shortReason: 'Say why the cash moves (at least 3 characters).',

  reportsHeading: 'The day’s figures',
  xReport: 'X report',
  printX: 'Print X report',
  xPrinting: 'The X report is on its way to the printer.',

  closeHeading: 'Close the day',
  closeHint: 'Count every note and coin in the drawer first. The Z report is final: nothing can be added to the day.',
  countedCash: 'Counted cash',
  closeDay: 'Close the day (Z report)',
  closeConfirm: (counted: string) => `Close the till day with ${counted} counted in the drawer?`,
  closeYes: 'Yes, close the day',
  back: 'Back',
  closed: (zNumber: number) => `The till day is closed. Z report ${zNumber} is on its way to the printer.`,
  closedOnScreen: (zNumber: number) =>
    `The till day is closed. This till has no printer, so Z report ${zNumber} is not printed: read it on screen below.`,

  reprintHeading: 'Print a Z report again',
  zNumber: 'Z number',
  badZNumber: 'Type the number printed on the Z report, for example 12.',
  reprintZ: 'Reprint Z report',
  reprinted: (zNumber: number) => `A copy of Z report ${zNumber} is on its way to the printer.`,
  noPrinter: 'No printer is set up on this till: read the report on screen.',

  zTitle: 'Z report',
  close: 'Close',
  report: {
    day: (dayNumber: number, opened: string) => `Day ${dayNumber}, opened ${opened}`,
    generated: (when: string) => `Figures at ${when}`,
    closedAt: (when: string) => `Closed ${when}`,
    closedBy: (who: string) => `Closed by ${who}`,
    summary: 'Summary',
    salesCount: 'Sales',
    salesTotal: 'Sales total',
    items: 'Items sold',
    discounts: 'Discounts given',
    refundsCount: 'Refunds',
    refundsTotal: 'Refunds total',
    voidsCount: 'Sales cleared (voids)',
    voidsTotal: 'Value of cleared sales',
    netTakings: 'Net takings',
    tenders: 'Per tender',
    tender: 'Tender',
    sales: 'Sales',
    refunds: 'Refunds',
    net: 'Net',
    tenderNames: { cash: 'Cash', card: 'Card' },
    vat: 'VAT',
    rate: 'Rate',
    gross: 'Gross',
    vatAmount: 'VAT',
    netAmount: 'Net',
    drawer: 'Cash in the drawer',
    float: 'Float',
    cashSales: 'Cash sales',
    cashRefunds: 'Cash refunds',
    cashIn: 'Cash put in',
    cashOut: 'Cash taken out',
    expected: 'Expected in the drawer',
    counted: 'Counted',
    difference: 'Difference',
    moves: 'Cash moves',
    noMoves: 'No cash was put in or taken out.',
    moveKinds: { in: 'in', out: 'out' },
  },
} as const;

/**
 * The drawer count against what should be there, in words that carry the
 * sign: counted − expected, negative when cash is missing.
 */
export function differenceWords(differenceMinor: number, money: (minor: number) => string): string {
  if (differenceMinor < 0) return `Cash short by ${money(-differenceMinor)}`;
  if (differenceMinor > 0) return `Cash over by ${money(differenceMinor)}`;
  return 'No difference: the drawer matches';
}

/** A Z number as typed, or undefined when it is not one. */
export function parseZNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  const zNumber = Number(trimmed);
  return zNumber >= 1 ? zNumber : undefined;
}
