import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language } from '../../shared/config/schema.ts';
import type { DayReport } from '../../shared/till-day/day-report.ts';
import { header, money, percent, text, twoColumns, type ReceiptContext } from '../printing/receipt-document.ts';

/**
 * An X or Z report on receipt paper, from the same figures the screen shows.
 * A training or demo report carries the mode's watermark through the shared
 * receipt header, so practice figures can never pass for takings. Its
 * words follow the receipt context's language, as the receipt's do.
 */

/** The report's words in English; `reportWordsFor` picks the till's language. */
const ENGLISH = {
  x: 'X REPORT - DAY SO FAR',
  z: (n: number) => `Z REPORT No. ${String(n)}`,
  day: 'Till day',
  opened: 'Opened',
  floatNotCounted: 'Float not counted',
  sales: 'Sales',
  items: 'Items',
  discounts: 'Discounts given',
  refunds: 'Refunds',
  voids: 'Voided sales',
  net: 'NET TAKINGS',
  tenders: ['', 'Sales', 'Refunds', 'Net'],
  cash: 'Cash',
  card: 'Card',
  link: 'By link',
  online: 'Online refunds',
  vat: ['VAT', 'Net', 'VAT', 'Total'],
  float: 'Float',
  cashSales: 'Cash sales',
  cashRounding: 'Cash rounding',
  cashRefunds: 'Cash refunds',
  cashIn: 'Cash in',
  cashOut: 'Cash out',
  expected: 'Expected in drawer',
  counted: 'Counted',
  difference: 'Difference',
  deposits: 'Deposits (not in takings)',
  depositsTaken: 'Taken',
  depositsCaptured: 'Captured',
  depositsReleased: 'Released',
  closedBy: 'Closed by',
  printed: 'Printed',
  currency: 'Currency',
} as const;

/** A translation of the report's words: every key, each function with the same parameters. */
export type ReportWords = Translation<typeof ENGLISH>;

/**
 * The report as a Dutch shop prints it: "beginsaldo" for the float and
 * "Pin" for card as on the screen, "Retour" for refunds as on the refund
 * receipt; plain ASCII, as every printer code page has it. Labels are kept
 * within the 15 characters 58 mm paper leaves beside an amount where Dutch
 * allows, so the report wraps no more than it does in English.
 */
const DUTCH: ReportWords = {
  x: 'X-RAPPORT - TUSSENSTAND',
  z: (n: number) => `Z-RAPPORT nr. ${String(n)}`,
  day: 'Kassadag',
  opened: 'Geopend',
  floatNotCounted: 'Beginsaldo ongeteld',
  sales: 'Verkopen',
  items: 'Artikelen',
  discounts: 'Gegeven korting',
  refunds: 'Retour',
  voids: 'Gewist',
  net: 'NETTO-OMZET',
  tenders: ['', 'Verkoop', 'Retour', 'Netto'],
  cash: 'Contant',
  card: 'Pin',
  link: 'Via link',
  online: 'Online retour',
  vat: ['BTW', 'Netto', 'BTW', 'Totaal'],
  float: 'Beginsaldo',
  cashSales: 'Verkoop contant',
  cashRounding: 'Kasafronding',
  cashRefunds: 'Retour contant',
  cashIn: 'Geld in',
  cashOut: 'Geld uit',
  expected: 'Verwacht saldo',
  counted: 'Geteld',
  difference: 'Verschil',
  deposits: 'Aanbetalingen (niet in omzet)',
  depositsTaken: 'Genomen',
  depositsCaptured: 'Geind',
  depositsReleased: 'Vrijgegeven',
  closedBy: 'Afgesloten door',
  printed: 'Afgedrukt',
  currency: 'Valuta',
};

/** The report's words in the till's language; English when the context names none, as for the receipt. */
export function reportWordsFor(language: Language | undefined): ReportWords {
  switch (language) {
    case undefined:
    case 'en':
      return ENGLISH;
    case 'nl':
      return DUTCH;
  }
}

/** The tender column fits its longest name ("Contant"), and never narrower than the rate column needs. */
function tenderColumnWidth(words: ReportWords, kinds: readonly DayReport['tenders'][number]['kind'][]): number {
  // Only the lines the report has: a longer name of a line it has not must not narrow the amounts.
  return Math.max(5, ...kinds.map((kind) => words[kind].length), words.tenders[0].length, words.vat[0].length);
}

export function buildDayReportDocument(report: DayReport, context: ReceiptContext): string {
  const { currency } = report;
  const { locale } = context;
  const words = reportWordsFor(context.language);
  const amount = (minor: number) =>
    minor < 0 ? `\\-${money(-minor, currency, locale)}` : money(minor, currency, locale);
  const when = (iso: string) =>
    text(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
  const two = twoColumns(16);
  const lines = [
    ...header(context, {}),
    `"^^${report.kind === 'Z' && report.zNumber !== undefined ? words.z(report.zNumber) : words.x}"`,
    '{width:*}',
    `${words.day} ${String(report.day.dayNumber)} - ${text(context.tillName)}`,
    `${words.opened} ${when(report.day.openedAt)}${report.day.openedBy === undefined ? '' : ` (${text(report.day.openedBy)})`}`,
    '---',
    two,
    `${words.sales} (${String(report.sales.count)}) | ${amount(report.sales.totalMinor)}`,
    `${words.items} | ${String(report.sales.itemCount)}`,
    `${words.discounts} | ${amount(report.sales.discountMinor)}`,
    `${words.refunds} (${String(report.refunds.count)}) | ${amount(-report.refunds.totalMinor)}`,
    `${words.voids} (${String(report.voids.count)}) | ${amount(report.voids.totalMinor)}`,
    `"${words.net}" | "${amount(report.netTakingsMinor)}"`,
    '---',
    `{width:${String(
      tenderColumnWidth(
        words,
        report.tenders.map((tender) => tender.kind),
      ),
    )},*,*,*}`,
    words.tenders.join(' | '),
    ...report.tenders.map((tender) =>
      [words[tender.kind], amount(tender.salesMinor), amount(-tender.refundsMinor), amount(tender.netMinor)].join(
        ' | ',
      ),
    ),
  ];
  if (report.vat.length > 0) {
    lines.push(
      '---',
      words.vat.join(' | '),
      ...report.vat.map((row) =>
        [percent(row.vatBasisPoints, locale), amount(row.netMinor), amount(row.vatMinor), amount(row.grossMinor)].join(
          ' | ',
        ),
      ),
    );
  }
  lines.push(
    '---',
    two,
    `${report.day.floatCounted ? words.float : words.floatNotCounted} | ${amount(report.cash.floatMinor)}`,
    `${words.cashSales} | ${amount(report.cash.salesMinor)}`,
    ...(report.cash.roundingMinor === undefined
      ? []
      : [`${words.cashRounding} | ${amount(report.cash.roundingMinor)}`]),
    `${words.cashRefunds} | ${amount(-report.cash.refundsMinor)}`,
    `${words.cashIn} | ${amount(report.cash.inMinor)}`,
    `${words.cashOut} | ${amount(-report.cash.outMinor)}`,
    `"${words.expected}" | "${amount(report.cash.expectedMinor)}"`,
  );
  for (const move of report.cashMoves) {
    const sign = move.kind === 'in' ? move.amountMinor : -move.amountMinor;
    lines.push(
      '{width:*}',
      `|~~${when(move.at)} ${text(move.reason)}`,
      two,
      `~~${move.kind === 'in' ? words.cashIn : words.cashOut} | ${amount(sign)}`,
    );
  }
  if (report.countedCashMinor !== undefined && report.differenceMinor !== undefined) {
    lines.push(
      `${words.counted} | ${amount(report.countedCashMinor)}`,
      `"${words.difference}" | "${amount(report.differenceMinor)}"`,
    );
  }
  // Deposits are reported beside the takings, never in them: a hold is a reservation, not money taken.
  if (report.deposits !== undefined) {
    const { taken, captured, released } = report.deposits;
    lines.push(
      '---',
      '{width:*}',
      words.deposits,
      two,
      `${words.depositsTaken} (${String(taken.count)}) | ${amount(taken.totalMinor)}`,
      `${words.depositsCaptured} (${String(captured.count)}) | ${amount(captured.totalMinor)}`,
      `${words.depositsReleased} (${String(released.count)}) | ${amount(released.totalMinor)}`,
    );
  }
  lines.push(
    '---',
    '{width:*}',
    ...(report.closedBy === undefined ? [] : [`${words.closedBy}: ${text(report.closedBy)}`]),
    `${words.printed} ${when(report.generatedAt)}`,
    `${words.currency} ${currency}`,
  );
  return lines.join('\n');
}
