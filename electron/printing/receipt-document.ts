import type { Translation } from '../../shared/i18n/translation.ts';
import type { Language, TillMode } from '../../shared/config/schema.ts';
import { formatAmount, type CurrencyCode } from '../../shared/money.ts';
import type { TerminalReceipt } from '../../shared/payments/terminal-receipt.ts';
import type { CompletedRefund } from '../../shared/refunds/refund.ts';
import type { CompletedSale, RecordedTender } from '../../shared/sale/completed-sale.ts';

/**
 * A sale's receipt as one receiptline document: the single source for the
 * on-screen preview (SVG) and the printer (ESC/POS), so what the cashier sees
 * is what the customer gets. Amounts are printed bare and the currency named
 * once by code: a printer's code page may have no euro or pound sign.
 *
 * Everything that comes from outside this file (product names, the store's
 * address, the terminal's receipt lines) goes through `text()`, which escapes
 * receiptline's markup characters, so a product called "-" cannot become a
 * rule and a name with "|" cannot shift the columns.
 */

export interface ReceiptContext {
  readonly storeName: string;
  readonly addressLines: readonly string[];
  readonly tillName: string;
  readonly locale: string;
  /** The receipt's words; English when absent. Amounts and dates follow `locale`. */
  readonly language?: Language;
  readonly mode: TillMode;
}

export interface ReceiptOptions {
  /** A reprint: marked COPY at the top and the bottom. */
  readonly copy?: boolean;
}

/** The receipt's words in English; `receiptWordsFor` picks the till's language. */
const ENGLISH = {
  copy: 'COPY',
  training: 'TRAINING - NOT A SALE',
  demo: 'DEMO - NOT A SALE',
  total: 'TOTAL',
  items: (count: number) => (count === 1 ? '1 item' : `${String(count)} items`),
  discount: 'Discount',
  priceChanged: 'Price changed from',
  card: 'Card',
  approval: 'Approval code',
  cash: 'Cash',
  cashRounding: 'Cash rounding',
  change: 'Change',
  vatHeader: ['VAT', 'Net', 'VAT', 'Total'],
  receipt: 'Receipt',
  merchantCopy: 'MERCHANT COPY',
  signHere: 'Cardholder signature',
  keepCopy: 'Keep this copy with the till',
  thanks: 'Thank you',
  refund: 'REFUND',
  refundNumber: 'Refund',
  original: 'Original receipt',
  noOriginal: 'No original receipt',
  refundTotal: 'REFUNDED',
  toCard: 'Back to card',
  onlinePayment: 'Online payment',
  cashBack: 'Cash back',
  reason: 'Reason',
  by: 'By',
  keepRefund: 'Keep this receipt as proof of your refund',
} as const;

/** A translation of the receipt's words: every key, each function with the same parameters. */
export type ReceiptWords = Translation<typeof ENGLISH>;

/** The receipt's words as a Dutch shop prints them; plain ASCII, as every printer code page has it. */
const DUTCH: ReceiptWords = {
  copy: 'KOPIE',
  training: 'TRAINING - GEEN VERKOOP',
  demo: 'DEMO - GEEN VERKOOP',
  total: 'TOTAAL',
  items: (count: number) => (count === 1 ? '1 artikel' : `${String(count)} artikelen`),
  discount: 'Korting',
  priceChanged: 'Prijs gewijzigd van',
  card: 'Pin',
  approval: 'Autorisatiecode',
  cash: 'Contant',
  cashRounding: 'Afronding contant',
  change: 'Wisselgeld',
  vatHeader: ['BTW', 'Netto', 'BTW', 'Totaal'],
  receipt: 'Bon',
  merchantCopy: 'KOPIE WINKELIER',
  signHere: 'Handtekening kaarthouder',
  keepCopy: 'Bewaar deze kopie bij de kassa',
  thanks: 'Bedankt voor uw aankoop',
  refund: 'RETOURBON',
  refundNumber: 'Retournummer',
  original: 'Oorspronkelijke bon',
  noOriginal: 'Geen oorspronkelijke bon',
  refundTotal: 'RETOUR',
  toCard: 'Terug op pas',
  onlinePayment: 'Online betaling',
  cashBack: 'Contant terug',
  reason: 'Reden',
  by: 'Door',
  keepRefund: 'Bewaar deze bon als bewijs van uw retour',
};

/** The receipt's words in the till's language; English when the context names none. */
export function receiptWordsFor(language: Language | undefined): ReceiptWords {
  switch (language) {
    case undefined:
    case 'en':
      return ENGLISH;
    case 'nl':
      return DUTCH;
  }
}

/** A longer terminal value wraps rather than squeeze its label to nothing on 58 mm paper. */
const TERMINAL_VALUE_WIDTH_MAX = 24;

/** Literal underscores to sign on: `_` alone would be receiptline's underline. */
const SIGNATURE_LINE = '\\_'.repeat(28);

/** Intl groups thousands with these in some locales (fr: "1 234,56"); no receipt code page has them, cp858 has U+00A0. */
const THIN_SPACES = /[\u2009\u202f]/g;

const MARKUP = /[\\|{}\-=~_"`^]/g;
/* eslint-disable-next-line no-control-regex -- control characters must never reach the printer */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text as receiptline prints it literally. */
export function text(value: string): string {
  return value
    .replace(CONTROL, ' ')
    .replace(THIN_SPACES, '\u00a0')
    .replace(MARKUP, (character) => `\\${character}`);
}

export function money(minor: number, currency: CurrencyCode, locale: string): string {
  return text(formatAmount(minor, currency, locale));
}

export function percent(basisPoints: number, locale: string): string {
  return text(
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000),
  );
}

export function header(context: ReceiptContext, options: ReceiptOptions): string[] {
  const words = receiptWordsFor(context.language);
  const lines = ['{width:*; border:space; text:wrap}', `^^${text(context.storeName)}`];
  for (const line of context.addressLines) lines.push(text(line));
  if (context.mode !== 'live') lines.push(`\`${context.mode === 'training' ? words.training : words.demo}\``);
  if (options.copy === true) lines.push(`"^^${words.copy}"`);
  lines.push('---');
  return lines;
}

/** One column across the paper, for detail lines under an item (written `|text`, left-aligned): they must not keep an empty amount column. */
const ONE_COLUMN = '{width:*}';

/** Name and amount, the amount column as wide as the widest amount on the receipt. */
export function twoColumns(amountWidth: number): string {
  return `{width:*,${String(amountWidth)}}`;
}

/** The widest amount printed in the amount column, plus room for a minus sign. */
function amountWidth(sale: CompletedSale, locale: string): number {
  const amounts = [
    ...sale.lines.flatMap((line) => [line.totalMinor + line.discountMinor, line.discountMinor]),
    ...sale.tenders.map((tender) => (tender.kind === 'cash' ? tender.tenderedMinor : tender.amountMinor)),
    sale.changeMinor,
  ];
  return Math.max(6, ...amounts.map((minor) => formatAmount(minor, sale.currency, locale).length + 1));
}

function saleLines(sale: CompletedSale, locale: string, words: ReceiptWords): string[] {
  const two = twoColumns(amountWidth(sale, locale));
  const lines = [two];
  const detail = (words: string) => lines.push(ONE_COLUMN, `|~~${words}`, two);
  for (const line of sale.lines) {
    const unit = line.priceOverrideMinor ?? line.unitPriceMinor;
    lines.push(`${text(line.name)} | ${money(line.totalMinor + line.discountMinor, sale.currency, locale)}`);
    if (line.quantity > 1) detail(`${String(line.quantity)} x ${money(unit, sale.currency, locale)}`);
    if (line.priceOverrideMinor !== undefined) {
      detail(`${words.priceChanged} ${money(line.unitPriceMinor, sale.currency, locale)}`);
    }
    if (line.discountMinor > 0) {
      const rate = line.discount?.kind === 'percent' ? ` ${percent(line.discount.basisPoints, locale)}` : '';
      lines.push(`~~${words.discount}${rate} | \\-${money(line.discountMinor, sale.currency, locale)}`);
    }
  }
  // The total prints double width: its column needs twice the characters.
  const total = money(sale.totalMinor, sale.currency, locale);
  lines.push(
    '---',
    twoColumns(2 * formatAmount(sale.totalMinor, sale.currency, locale).length + 1),
    `^"${words.total} ${sale.currency}" | ^"${total}"`,
    ONE_COLUMN,
    `${words.items(sale.itemCount)} |`,
  );
  return lines;
}

function cardName(tender: Pick<Extract<RecordedTender, { kind: 'card' }>, 'card'>, words: ReceiptWords): string {
  const brand = tender.card?.brand;
  const last4 = tender.card?.last4;
  return [words.card, brand === undefined ? '' : text(brand.toUpperCase()), last4 === undefined ? '' : `****${last4}`]
    .filter((part) => part !== '')
    .join(' ');
}

function tenderLines(sale: CompletedSale, locale: string, words: ReceiptWords): string[] {
  const two = twoColumns(amountWidth(sale, locale));
  const lines = ['---', two];
  for (const tender of sale.tenders) {
    if (tender.kind === 'card') {
      lines.push(`${cardName(tender, words)} | ${money(tender.amountMinor, sale.currency, locale)}`);
      if (tender.card?.authCode !== undefined) {
        lines.push(ONE_COLUMN, `|~~${words.approval} ${text(tender.card.authCode)}`, two);
      }
    } else {
      // Cash rounding (a till that rounds cash): the difference to the total, then the cash as handed over.
      const rounding = tender.roundingMinor ?? 0;
      if (rounding !== 0) {
        const sign = rounding < 0 ? '\\-' : '';
        lines.push(`${words.cashRounding} | ${sign}${money(Math.abs(rounding), sale.currency, locale)}`);
      }
      lines.push(`${words.cash} | ${money(tender.tenderedMinor, sale.currency, locale)}`);
    }
  }
  if (sale.changeMinor > 0) lines.push(`"${words.change}" | "${money(sale.changeMinor, sale.currency, locale)}"`);
  return lines;
}

function vatLines(sale: Pick<CompletedSale, 'vat' | 'currency'>, locale: string, words: ReceiptWords): string[] {
  if (sale.vat.length === 0) return [];
  // The rate column is narrow and the amounts share the rest, so the table fits 58 mm paper too.
  const lines = ['---', '{width:5,*,*,*}', words.vatHeader.join(' | ')];
  for (const row of sale.vat) {
    lines.push(
      [
        percent(row.vatBasisPoints, locale),
        money(row.netMinor, sale.currency, locale),
        money(row.vatMinor, sale.currency, locale),
        money(row.grossMinor, sale.currency, locale),
      ].join(' | '),
    );
  }
  return lines;
}

function footer(sale: CompletedSale, context: ReceiptContext, options: ReceiptOptions): string[] {
  const words = receiptWordsFor(context.language);
  const when = new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(sale.completedAt),
  );
  const lines = [
    '---',
    '{width:*}',
    `${words.receipt} ${text(sale.receiptNumber)}`,
    `${text(context.tillName)}, ${text(when)}`,
  ];
  if (options.copy === true) lines.push(`"${words.copy}"`);
  else lines.push('', words.thanks);
  return lines;
}

/** The terminal's own receipt lines: label left, value right, bold where the terminal said so. */
export function terminalReceiptLines(receipt: TerminalReceipt): string[] {
  // The value column as wide as the longest value (receiptline's `auto` would split the line in halves).
  const widest = Math.max(1, ...receipt.lines.map((line) => line.value?.length ?? 0));
  const two = twoColumns(Math.min(TERMINAL_VALUE_WIDTH_MAX, widest));
  const lines = [two];
  for (const line of receipt.lines) {
    const bold = (value: string) => (line.bold === true && value !== '' ? `"${value}"` : value);
    if (line.value === undefined) {
      // A one-column line: receiptline centres it, as terminals print titles.
      lines.push(line.label === '' ? '' : `${ONE_COLUMN}\n${bold(text(line.label))}\n${two}`);
    } else {
      lines.push(`${bold(text(line.label))} | ${bold(text(line.value))}`);
    }
  }
  return lines;
}

function customerCopies(sale: CompletedSale): string[] {
  const lines: string[] = [];
  for (const tender of sale.tenders) {
    if (tender.kind !== 'card') continue;
    const receipt = tender.receipts?.find((candidate) => candidate.copy === 'customer');
    if (receipt === undefined) continue;
    lines.push('---', ...terminalReceiptLines(receipt));
  }
  return lines;
}

/** The customer's receipt for a completed sale, with the terminal's customer copy of each card payment. */
export function buildReceiptDocument(
  sale: CompletedSale,
  context: ReceiptContext,
  options: ReceiptOptions = {},
): string {
  const words = receiptWordsFor(context.language);
  return [
    ...header(context, options),
    ...saleLines(sale, context.locale, words),
    ...tenderLines(sale, context.locale, words),
    ...vatLines(sale, context.locale, words),
    ...customerCopies(sale),
    ...footer(sale, context, options),
  ].join('\n');
}

/** Whether a sale needs a merchant copy: a card payment the cardholder must sign for. */
export function needsMerchantCopy(sale: CompletedSale): boolean {
  return sale.tenders.some(
    (tender) =>
      tender.kind === 'card' &&
      tender.receipts?.some((receipt) => receipt.copy === 'merchant' && receipt.signatureRequired) === true,
  );
}

/** The store's copy of each card payment that needs a signature, with a line to sign on. */
export function buildMerchantCopyDocument(sale: CompletedSale, context: ReceiptContext): string {
  const words = receiptWordsFor(context.language);
  const lines = [...header(context, {}), `"^^${words.merchantCopy}"`];
  for (const tender of sale.tenders) {
    if (tender.kind !== 'card') continue;
    const receipt = tender.receipts?.find((candidate) => candidate.copy === 'merchant');
    if (receipt?.signatureRequired !== true) continue;
    lines.push('---', ...terminalReceiptLines(receipt), '{width:*}', '', '', '', SIGNATURE_LINE, words.signHere);
  }
  lines.push('---', '{width:*}', `${words.receipt} ${text(sale.receiptNumber)}`, words.keepCopy);
  return lines.join('\n');
}

/**
 * The customer's proof of a refund: what came back, at what it was paid, and
 * where the money went (which card, or cash from the drawer), with the
 * original receipt's number and the reason. Amounts print as positive sums
 * under REFUND, as a customer reads them.
 */
export function buildRefundDocument(
  refund: CompletedRefund,
  context: ReceiptContext,
  options: ReceiptOptions = {},
): string {
  const { currency } = refund;
  const { locale } = context;
  const words = receiptWordsFor(context.language);
  const width = Math.max(
    6,
    ...[refund.totalMinor, ...refund.lines.map((line) => line.amountMinor)].map(
      (minor) => formatAmount(minor, currency, locale).length + 1,
    ),
  );
  const two = twoColumns(width);
  const lines = [...header(context, options), `"^^${words.refund}"`, '---', two];
  for (const line of refund.lines) {
    lines.push(`${text(line.name)} | ${money(line.amountMinor, currency, locale)}`);
    if (line.quantity > 1) lines.push(ONE_COLUMN, `|~~${String(line.quantity)} x`, two);
  }
  const total = money(refund.totalMinor, currency, locale);
  lines.push(
    '---',
    twoColumns(2 * formatAmount(refund.totalMinor, currency, locale).length + 1),
    `^"${words.refundTotal} ${currency}" | ^"${total}"`,
    '---',
    two,
  );
  for (const tender of refund.tenders) {
    if (tender.kind === 'card' || tender.kind === 'online') {
      lines.push(
        `${words.toCard} ${cardName(tender, words).slice(words.card.length).trim()} | ${money(tender.amountMinor, currency, locale)}`,
      );
      // Which order the money came back on: the gateway's id, as the customer's webshop account shows it.
      if (tender.kind === 'online') lines.push(ONE_COLUMN, `|~~${words.onlinePayment} ${text(tender.paymentId)}`, two);
    } else {
      lines.push(`${words.cashBack} | ${money(tender.amountMinor, currency, locale)}`);
    }
  }
  lines.push(...vatLines(refund, locale, words));
  for (const tender of refund.tenders) {
    if (tender.kind !== 'card') continue;
    const receipt = tender.receipts?.find((candidate) => candidate.copy === 'customer');
    if (receipt !== undefined) lines.push('---', ...terminalReceiptLines(receipt));
  }
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(refund.completedAt),
  );
  lines.push(
    '---',
    '{width:*}',
    `${words.refundNumber} ${text(refund.refundNumber)}`,
    refund.originalReceiptNumber === undefined
      ? words.noOriginal
      : `${words.original} ${text(refund.originalReceiptNumber)}`,
    `${words.reason}: ${text(refund.reason)}`,
    ...(refund.by === undefined ? [] : [`${words.by}: ${text(refund.by)}`]),
    `${text(context.tillName)}, ${text(when)}`,
    '',
    words.keepRefund,
  );
  return lines.join('\n');
}
