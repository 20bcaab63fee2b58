import { useCallback, useEffect, useState, type InputHTMLAttributes, type SyntheticEvent } from 'react';
import type { SaleDetail, SaleSummary } from '../../shared/journal/journal-search.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { formatTypedDateTime } from '../i18n/date-input.ts';
import { useFormat } from '../i18n/format.ts';
import { OnlineRefund, OpenRefunds, RefundStatus, UnreferencedRefund } from '../refunds/RefundPanel.tsx';
import { isManager, shownRefund, useRefundStore, type RefundState } from '../refunds/refund-store.ts';
import { refundWords } from '../refunds/refund-words.ts';
import { useSaleStore } from '../sale/sale-store.ts';
import { useTillStore } from '../store/till-store.ts';
import { SaleDetailView } from './SaleDetailView.tsx';
import { cardLabel, EMPTY_SEARCH, journalWords, searchRequest, type SearchForm } from './journal.ts';

/**
 * The journal (F7): find a finished sale by receipt number, time, amount or
 * card, see everything about it and, as a manager, refund it; or refund
 * without a receipt, or refund a payment made online (a webshop order). A
 * refund's progress stays on top while it runs.
 */
export function JournalPanel({ bridge }: { bridge: RendererBridge }) {
  const manager = useTillStore((state) => isManager(state.staff));
  // Beside the search: a refund with no sale at this till, to any card presented or of a payment made online.
  const [elsewhere, setElsewhere] = useState<'unreferenced' | 'online' | undefined>(undefined);
  const [detail, setDetail] = useState<SaleDetail | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const loadSale = useCallback(
    async (receiptNumber: string) => {
      const answer = await bridge.api['journal.sale']({ receiptNumber });
      if (answer.ok) {
        setDetail(answer.value);
        setProblem(undefined);
      } else setProblem(answer.error.message);
    },
    [bridge],
  );

  useEffect(() => {
    if (manager) void useRefundStore.getState().loadOpen();
  }, [manager]);

  // The sale on screen changes as its refund starts and ends: reload it, so what is refundable is current.
  const receiptNumber = detail?.sale.receiptNumber;
  useEffect(() => {
    if (receiptNumber === undefined) return undefined;
    let last = refundStepOf(useRefundStore.getState(), receiptNumber);
    return useRefundStore.subscribe((state) => {
      const step = refundStepOf(state, receiptNumber);
      if (step === last) return;
      last = step;
      if (step !== undefined) void loadSale(receiptNumber);
    });
  }, [receiptNumber, loadSale]);

  return (
    <section className="panel journal-panel" aria-labelledby="journal-title">
      <h2 id="journal-title">{journalWords.title}</h2>
      {problem !== undefined && (
        <p className="journal-problem" role="alert">
          {problem}
        </p>
      )}
      <RefundStatus />
      {manager && <OpenRefunds />}
      {elsewhere === 'unreferenced' ? (
        <UnreferencedRefund onDone={() => setElsewhere(undefined)} />
      ) : elsewhere === 'online' ? (
        <OnlineRefund onDone={() => setElsewhere(undefined)} />
      ) : (
        <>
          <SearchPanel bridge={bridge} onChoose={(number) => void loadSale(number)} onProblem={setProblem} />
          {detail !== undefined && <SaleDetailView detail={detail} manager={manager} />}
        </>
      )}
      <div className="panel-actions">
        {elsewhere === undefined && (
          <>
            <button type="button" className="button" onClick={() => setElsewhere('unreferenced')}>
              {refundWords.withoutReceipt}
            </button>
            <button type="button" className="button" onClick={() => setElsewhere('online')}>
              {refundWords.online}
            </button>
          </>
        )}
        <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
          {journalWords.close}
        </button>
      </div>
    </section>
  );
}

function SearchPanel({
  bridge,
  onChoose,
  onProblem,
}: {
  bridge: RendererBridge;
  onChoose: (receiptNumber: string) => void;
  onProblem: (problem: string | undefined) => void;
}) {
  const currency = useTillStore((state) => state.info?.currency) ?? 'EUR';
  const locale = useTillStore((state) => state.info?.locale) ?? 'en-GB';
  // The browser's date picker follows the computer's language (mm/dd/yyyy); the boxes follow the till's.
  const dateExample = formatTypedDateTime(new Date(2026, 10, 21, 9, 0), locale);
  const format = useFormat();
  const [form, setForm] = useState<SearchForm>(EMPTY_SEARCH);
  const [results, setResults] = useState<SaleSummary[] | undefined>(undefined);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const search = async (event: SyntheticEvent) => {
    event.preventDefault();
    const built = searchRequest(form, currency, locale);
    if (!built.ok) {
      onProblem(built.problem);
      return;
    }
    setBusy(true);
    const answer = await bridge.api['journal.search'](built.request);
    setBusy(false);
    if (answer.ok) {
      setResults(answer.value);
      onProblem(undefined);
    } else onProblem(answer.error.message);
  };

  const field = (name: keyof SearchForm, label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        {...props}
        value={form[name]}
        onChange={(event) => setForm({ ...form, [name]: event.target.value })}
        autoComplete="off"
        spellCheck={false}
      />
    </label>
  );

  return (
    <>
      <form className="journal-search" aria-label={journalWords.searchHeading} onSubmit={(event) => void search(event)}>
        <h3>{journalWords.searchHeading}</h3>
        <div className="journal-fields">
          {field('receiptNumber', journalWords.receiptNumber, { placeholder: 'TILL-1-000042' })}
          {field('from', journalWords.from, { placeholder: dateExample })}
          {field('to', journalWords.to, { placeholder: dateExample })}
          {field('amount', journalWords.amount, { inputMode: 'decimal' })}
          {field('cardLast4', journalWords.cardLast4, { inputMode: 'numeric', maxLength: 4 })}
        </div>
        <p className="hint">{journalWords.searchHint}</p>
        <div className="panel-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {journalWords.search}
          </button>
        </div>
      </form>
      {results !== undefined &&
        (results.length === 0 ? (
          <p className="hint" role="status">
            {journalWords.noResults}
          </p>
        ) : (
          <ul className="journal-results" aria-label={journalWords.resultsLabel}>
            {results.map((sale) => (
              <li key={sale.receiptNumber}>
                <button
                  type="button"
                  className="button journal-result"
                  aria-current={chosen === sale.receiptNumber ? 'true' : undefined}
                  onClick={() => {
                    setChosen(sale.receiptNumber);
                    onChoose(sale.receiptNumber);
                  }}
                >
                  <strong>{sale.receiptNumber}</strong>
                  {` · ${format.dateTime(sale.completedAt)} · ${format.money(sale.totalMinor)} · ${tenderWords(sale)}`}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}

/** Which refund of a sale is on screen and how far it is; undefined when none of its refunds is. */
function refundStepOf(state: RefundState, receiptNumber: string): string | undefined {
  const refund = shownRefund(state);
  return refund?.originalReceiptNumber === receiptNumber ? `${refund.refundId}:${refund.state}` : undefined;
}

/** How a sale was paid, for its line in the results: its cards, and cash. */
function tenderWords(sale: SaleSummary): string {
  return [...sale.cards.map(cardLabel), ...(sale.paidInCash ? [journalWords.cash] : [])].join(' + ');
}
