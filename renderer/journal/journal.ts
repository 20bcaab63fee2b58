import type { JournalSearch } from '../../shared/journal/journal-search.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { CardDetails, PaymentState } from '../../shared/payments/payment-state.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import type { RefundView } from '../../shared/refunds/refund.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { formatTypedDateTime, parseTypedDateTime } from '../i18n/date-input.ts';

/**
 * The journal panel's words and the little logic behind its search form:
 * what the manager typed becomes a `journal.search` request, or a sentence
 * saying what to fix. Main checks the request again; this only saves a trip.
 */

export const journalWords = {
  open: 'Journal (F7)',
  title: 'Journal',
  searchHeading: 'Find a sale',
  receiptNumber: 'Receipt number',
  from: 'From',
  to: 'To',
  amount: 'Amount',
  cardLast4: 'Card last 4',
  search: 'Search',
  searchHint: 'Fill in what you know. Leave everything empty to see the latest sales.',
  resultsLabel: 'Sales found',
  noResults: 'No sale matches. Check the receipt number, widen the times, or leave a box empty.',
  badAmount: 'Type the amount as on the receipt, for example 12.50.',
  badCard: 'Type the last 4 digits of the card, as printed on the receipt.',
  badTime: (field: string, example: string) =>
    `“${field}” is not a date and time. Type it like ${example}, or leave it empty.`,
  toBeforeFrom: '“To” is before “From”. Swap them, or leave one empty.',
  cash: 'Cash',
  sale: (receiptNumber: string) => `Sale ${receiptNumber}`,
  completedAt: (when: string) => `Completed ${when}`,
  total: 'Total',
  linesHeading: 'Lines',
  item: 'Item',
  quantity: 'Quantity',
  lineAmount: 'Amount',
  discount: (amount: string) => `discount ${amount}`,
  tendersHeading: 'Paid with',
  cashTendered: (tendered: string, change: string) => `handed over ${tendered}, change ${change}`,
  authCode: (code: string) => `approval code ${code}`,
  attemptsHeading: 'Card attempts',
  noAttempts: 'No card was used on this sale.',
  attemptKinds: { payment: 'Card payment', reversal: 'Refund to the card', refund: 'Refund to any card' },
  printHeading: 'Receipts on paper',
  noPrintJobs: 'Nothing was sent to a printer for this sale.',
  refundsHeading: 'Refunds of this sale',
  noRefunds: 'Nothing has been refunded on this sale.',
  refundNotNumbered: 'Not finished',
  showRefund: 'Show',
  refundableHeading: 'Still refundable',
  refundableTotal: (amount: string) => `Still refundable: ${amount}`,
  nothingRefundable: 'Everything on this sale has been refunded.',
  ofPaid: (left: string, paid: string) => `${left} of ${paid}`,
  close: 'Close',
} as const;

/** Short words for an attempt's states in its history. */
export const STATE_WORDS: Readonly<Record<PaymentState, string>> = {
  created: 'Created',
  sent: 'Sent to the terminal',
  in_progress: 'At the terminal',
  checking: 'Checking',
  approved: 'Approved',
  declined: 'Declined',
  cancelled: 'Cancelled',
  failed: 'Failed',
  needs_attention: 'Needs a manager',
};

export const REFUND_STATE_WORDS: Readonly<Record<RefundView['state'], string>> = {
  open: 'not finished',
  completed: 'completed',
  cancelled: 'cancelled',
};

const JOB_KIND_WORDS: Readonly<Record<PrintJobView['kind'], string>> = {
  receipt: 'Receipt',
  copy: 'Copy',
  merchant_copy: 'Store copy of the card slip',
  document: 'Document',
};

/** "Receipt: printed 10:02", "Copy: waiting for the printer (Out of paper.)". */
export function printJobWords(job: PrintJobView, time: (iso: string) => string): string {
  const kind = JOB_KIND_WORDS[job.kind];
  switch (job.status) {
    case 'printed':
      return `${kind}: printed${job.printedAt === undefined ? '' : ` ${time(job.printedAt)}`}`;
    case 'printing':
      return `${kind}: printing`;
    case 'queued':
      return `${kind}: waiting for the printer${job.problem === undefined ? '' : ` (${job.problem})`}`;
  }
}

/** "Card VISA ••••1234", as the receipt shows the card; "Card" when the terminal did not say. */
export function cardLabel(card: CardDetails | undefined): string {
  return ['Card', card?.brand?.toUpperCase(), card?.last4 === undefined ? undefined : `••••${card.last4}`]
    .filter((part) => part !== undefined && part !== '')
    .join(' ');
}

/** What the search form holds, as typed. `from` and `to` are dates (and times) as the till's locale writes them. */
export interface SearchForm {
  receiptNumber: string;
  from: string;
  to: string;
  amount: string;
  cardLast4: string;
}

export const EMPTY_SEARCH: SearchForm = { receiptNumber: '', from: '', to: '', amount: '', cardLast4: '' };

export type SearchRequestResult = { ok: true; request: JournalSearch } | { ok: false; problem: string };

/**
 * The `journal.search` request for what was typed: empty boxes are left out,
 * times (the till's local time, in its locale's order; a "to" without a time
 * means the end of that day) become ISO instants, the amount minor units.
 */
export function searchRequest(form: SearchForm, currency: CurrencyCode, locale = 'en-GB'): SearchRequestResult {
  const request: JournalSearch = {};
  const receiptNumber = form.receiptNumber.trim();
  if (receiptNumber !== '') request.receiptNumber = receiptNumber;

  for (const field of ['from', 'to'] as const) {
    const text = form[field].trim();
    if (text === '') continue;
    const when = parseTypedDateTime(text, locale, { endOfDay: field === 'to' });
    if (when === undefined) {
      const example = formatTypedDateTime(new Date(), locale);
      return {
        ok: false,
        problem: journalWords.badTime(field === 'from' ? journalWords.from : journalWords.to, example),
      };
    }
    request[field] = when.toISOString();
  }
  if (request.from !== undefined && request.to !== undefined && request.to < request.from) {
    return { ok: false, problem: journalWords.toBeforeFrom };
  }

  if (form.amount.trim() !== '') {
    const amountMinor = parseTypedAmount(form.amount, currency);
    if (amountMinor === undefined) return { ok: false, problem: journalWords.badAmount };
    request.amountMinor = amountMinor;
  }

  const cardLast4 = form.cardLast4.trim();
  if (cardLast4 !== '') {
    if (!/^\d{4}$/.test(cardLast4)) return { ok: false, problem: journalWords.badCard };
    request.cardLast4 = cardLast4;
  }
  return { ok: true, request };
}
