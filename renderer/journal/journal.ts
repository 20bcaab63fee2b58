import type { JournalSearch } from '../../shared/journal/journal-search.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { CardDetails, PaymentState } from '../../shared/payments/payment-state.ts';
import type { PrintJobView } from '../../shared/printing/print-job.ts';
import type { RefundView } from '../../shared/refunds/refund.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { formatTypedDateTime, parseTypedDateTime } from '../i18n/date-input.ts';
import { liveArea } from '../i18n/live-words.ts';
import { catalogue } from '../i18n/words.ts';

/**
 * The journal panel's words and the little logic behind its search form: what
 * the manager typed becomes a `journal.search` request, or a sentence saying
 * what to fix. Main checks the request again; this only saves a trip.
 */

/**
 * The journal panel's words (`journal` in en-areas.ts and nl-areas.ts), read
 * live so they follow the till's language. Besides the panel's own words it
 * holds the short words below: attempt and refund states, print jobs, cards.
 */
export const journalWords = liveArea('journal');

/** Short words for an attempt's states in its history. */
export const STATE_WORDS: Readonly<Record<PaymentState, string>> = journalWords.attemptStates;

export const REFUND_STATE_WORDS: Readonly<Record<RefundView['state'], string>> = journalWords.refundStates;

/** "Receipt: printed 10:02", "Copy: waiting for the printer (Out of paper.)". */
export function printJobWords(job: PrintJobView, time: (iso: string) => string): string {
  const { jobKinds, printJob } = catalogue().journal;
  const kind = jobKinds[job.kind];
  switch (job.status) {
    case 'printed':
      return printJob.printed(kind, job.printedAt === undefined ? undefined : time(job.printedAt));
    case 'printing':
      return printJob.printing(kind);
    case 'queued':
      return printJob.queued(kind, job.problem);
  }
}

/** "Card VISA ••••1234", as the receipt shows the card; "Card" when the terminal did not say. */
export function cardLabel(card: CardDetails | undefined): string {
  return [
    catalogue().journal.cardLabel,
    card?.brand?.toUpperCase(),
    card?.last4 === undefined ? undefined : `••••${card.last4}`,
  ]
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
