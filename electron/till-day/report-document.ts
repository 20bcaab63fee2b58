import type { DayReport } from '../../shared/till-day/day-report.ts';
import { header, money, percent, text, twoColumns, type ReceiptContext } from '../printing/receipt-document.ts';

/**
 * An X or Z report on receipt paper, from the same figures the screen shows.
 * A training or demo report carries the mode's watermark through the shared
 * receipt header, so practice figures can never pass for takings.
 */

const WORDS = {
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
  closedBy: 'Closed by',
  printed: 'Printed',
} as const;

export function buildDayReportDocument(report: DayReport, context: ReceiptContext): string {
  const { currency } = report;
  const { locale } = context;
  const amount = (minor: number) =>
    minor < 0 ? `\\-${money(-minor, currency, locale)}` : money(minor, currency, locale);
  const when = (iso: string) =>
    text(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
  const two = twoColumns(16);
  const lines = [
    ...header(context, {}),
    `"^^${report.kind === 'Z' && report.zNumber !== undefined ? WORDS.z(report.zNumber) : WORDS.x}"`,
    '{width:*}',
    `${WORDS.day} ${String(report.day.dayNumber)} - ${text(context.tillName)}`,
    `${WORDS.opened} ${when(report.day.openedAt)}${report.day.openedBy === undefined ? '' : ` (${text(report.day.openedBy)})`}`,
    '---',
    two,
    `${WORDS.sales} (${String(report.sales.count)}) | ${amount(report.sales.totalMinor)}`,
    `${WORDS.items} | ${String(report.sales.itemCount)}`,
    `${WORDS.discounts} | ${amount(report.sales.discountMinor)}`,
    `${WORDS.refunds} (${String(report.refunds.count)}) | ${amount(-report.refunds.totalMinor)}`,
    `${WORDS.voids} (${String(report.voids.count)}) | ${amount(report.voids.totalMinor)}`,
    `"${WORDS.net}" | "${amount(report.netTakingsMinor)}"`,
    '---',
    '{width:5,*,*,*}',
    WORDS.tenders.join(' | '),
    ...report.tenders.map((tender) =>
      [
        tender.kind === 'cash' ? WORDS.cash : WORDS.card,
        amount(tender.salesMinor),
        amount(-tender.refundsMinor),
        amount(tender.netMinor),
      ].join(' | '),
    ),
  ];
  if (report.vat.length > 0) {
    lines.push(
      '---',
      WORDS.vat.join(' | '),
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
    `${report.day.floatCounted ? WORDS.float : WORDS.floatNotCounted} | ${amount(report.cash.floatMinor)}`,
    `${WORDS.cashSales} | ${amount(report.cash.salesMinor)}`,
    ...(report.cash.roundingMinor === undefined
      ? []
      : [`${WORDS.cashRounding} | ${amount(report.cash.roundingMinor)}`]),
    `${WORDS.cashRefunds} | ${amount(-report.cash.refundsMinor)}`,
    `${WORDS.cashIn} | ${amount(report.cash.inMinor)}`,
    `${WORDS.cashOut} | ${amount(-report.cash.outMinor)}`,
    `"${WORDS.expected}" | "${amount(report.cash.expectedMinor)}"`,
  );
  for (const move of report.cashMoves) {
    const sign = move.kind === 'in' ? move.amountMinor : -move.amountMinor;
    lines.push(
      '{width:*}',
      `|~~${when(move.at)} ${text(move.reason)}`,
      two,
      `~~${move.kind === 'in' ? WORDS.cashIn : WORDS.cashOut} | ${amount(sign)}`,
    );
  }
  if (report.countedCashMinor !== undefined && report.differenceMinor !== undefined) {
    lines.push(
      `${WORDS.counted} | ${amount(report.countedCashMinor)}`,
      `"${WORDS.difference}" | "${amount(report.differenceMinor)}"`,
    );
  }
  lines.push(
    '---',
    '{width:*}',
    ...(report.closedBy === undefined ? [] : [`${WORDS.closedBy}: ${text(report.closedBy)}`]),
    `${WORDS.printed} ${when(report.generatedAt)}`,
    `Currency ${currency}`,
  );
  return lines.join('\n');
}
