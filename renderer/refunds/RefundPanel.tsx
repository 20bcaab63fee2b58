import { useCallback, useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { SaleDetail } from '../../shared/journal/journal-search.ts';
import type { OnlinePaymentView } from '../../shared/refunds/online-refund.ts';
import type { RefundPartView, RefundView } from '../../shared/refunds/refund.ts';
import { parseTypedAmount, typedAmount } from '../i18n/amount-input.ts';
import { useFormat } from '../i18n/format.ts';
import { cardLabel } from '../journal/journal.ts';
import { useTillStore } from '../store/till-store.ts';
import {
  onlineReference,
  onlineRefundRequest,
  refundRequest,
  refundSelection,
  shownRefund,
  useRefundStore,
} from './refund-store.ts';
import { refundWords } from './refund-words.ts';

/**
 * Giving money back, for a manager: lines or an amount of a sale found in the
 * journal, or an amount with no sale at all after a confirmation; then the
 * refund's progress as main reports it, with a retry or a cancel when a card
 * did not take the money back. The amount on the button is for the eye: main
 * works out what goes back from the sale's record.
 */

/** The refund form inside a sale's detail; the journal reloads the sale once the refund has started. */
export function SaleRefundForm({ detail }: { detail: SaleDetail }) {
  const format = useFormat();
  const busy = useRefundStore((state) => state.busy);
  const [quantities, setQuantities] = useState<Readonly<Record<number, string>>>({});
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const { sale, refundable } = detail;
  const selection = refundSelection(sale, refundable, { quantities, amount }, sale.currency, (minor) =>
    format.money(minor),
  );
  const linesChosen = Object.values(quantities).some((typed) => typed.trim() !== '' && typed.trim() !== '0');
  const shownProblem = problem ?? selection.problem;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const built = refundRequest(sale.receiptNumber, selection, reason);
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    const refused = await useRefundStore.getState().start(built.request);
    setProblem(refused);
    if (refused !== undefined) return;
    setQuantities({});
    setAmount('');
    setReason('');
  };

  return (
    <form className="refund-form" aria-label={refundWords.formHeading} onSubmit={(event) => void submit(event)}>
      <h4>{refundWords.formHeading}</h4>
      {refundable.lines.map((left) => {
        const line = sale.lines[left.lineIndex];
        if (line === undefined) return null;
        return (
          <label key={left.lineIndex} className="field refund-line">
            <span>{refundWords.quantityFor(line.name)}</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={left.refundableQuantity}
              step={1}
              value={quantities[left.lineIndex] ?? ''}
              placeholder="0"
              disabled={left.refundableQuantity === 0}
              onChange={(event) => {
                setQuantities({ ...quantities, [left.lineIndex]: event.target.value });
                setProblem(undefined);
              }}
            />
            <small>{refundWords.canRefund(left.refundableQuantity)}</small>
          </label>
        );
      })}
      <label className="field">
        <span>{refundWords.amount}</span>
        <input
          inputMode="decimal"
          value={linesChosen ? '' : amount}
          disabled={linesChosen}
          onChange={(event) => {
            setAmount(event.target.value);
            setProblem(undefined);
          }}
        />
      </label>
      <p className="hint">{linesChosen ? refundWords.amountDisabled : refundWords.amountHint}</p>
      <ReasonField value={reason} onChange={setReason} />
      {shownProblem !== undefined && (
        <p className="refund-problem" role="alert">
          {shownProblem}
        </p>
      )}
      <div className="panel-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || selection.displayMinor === 0 || selection.problem !== undefined || reason.trim().length < 3}
        >
          {refundWords.refund(format.money(selection.displayMinor))}
        </button>
      </div>
    </form>
  );
}

function ReasonField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label className="field">
        <span>{refundWords.reason}</span>
        <input value={value} onChange={(event) => onChange(event.target.value)} maxLength={200} required />
      </label>
      <p className="hint">{refundWords.reasonHint}</p>
    </>
  );
}

/** Money back to any card with no sale to refer to: amount and reason, then a confirmation of both. */
export function UnreferencedRefund({ onDone }: { onDone: () => void }) {
  const format = useFormat();
  const currency = useTillStore((state) => state.info?.currency) ?? 'EUR';
  const busy = useRefundStore((state) => state.busy);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const confirmId = useId();
  const amountMinor = parseTypedAmount(amount, currency);

  const review = (event: SyntheticEvent) => {
    event.preventDefault();
    if (amountMinor === undefined || amountMinor === 0) setProblem(refundWords.badAmount);
    else if (reason.trim().length < 3) setProblem(refundWords.shortReason);
    else {
      setProblem(undefined);
      setConfirming(true);
    }
  };

  const confirm = async () => {
    if (amountMinor === undefined) return;
    const refused = await useRefundStore.getState().startUnreferenced(amountMinor, reason);
    setProblem(refused);
    if (refused === undefined) onDone();
  };

  const problemLine = problem !== undefined && (
    <p className="refund-problem" role="alert">
      {problem}
    </p>
  );

  if (confirming && amountMinor !== undefined) {
    return (
      // A group, not a region: the only region about a refund is its progress ("Refund").
      <div className="refund-confirm" role="group" aria-labelledby={confirmId}>
        <h3 id={confirmId}>{refundWords.confirmHeading}</h3>
        <p className="refund-confirm-amount">{refundWords.confirmAmount(format.money(amountMinor))}</p>
        <p>{refundWords.confirmTerminal}</p>
        <p>{refundWords.confirmNoSale}</p>
        <p>{refundWords.confirmReason(reason.trim())}</p>
        {problemLine}
        <div className="panel-actions">
          <button type="button" className="button primary" disabled={busy} onClick={() => void confirm()}>
            {refundWords.confirm}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            {refundWords.back}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="refund-form" aria-label={refundWords.withoutReceipt} onSubmit={review}>
      <h3>{refundWords.withoutReceipt}</h3>
      <p className="hint">{refundWords.withoutReceiptHint}</p>
      <label className="field">
        <span>{refundWords.amount}</span>
        <input inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
      </label>
      <ReasonField value={reason} onChange={setReason} />
      {problemLine}
      <div className="panel-actions">
        <button type="submit" className="button primary">
          {refundWords.review}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {refundWords.back}
        </button>
      </div>
    </form>
  );
}

/** How far a refund is, as far as what is left on its payment goes. */
function stepOf(view: RefundView | undefined): string | undefined {
  return view === undefined ? undefined : `${view.state}|${view.parts.map((part) => part.state).join(',')}`;
}

/** The gateways' names as a manager knows them from their portal. */
const GATEWAY_NAMES: Readonly<Record<string, string>> = {
  'worldline-direct': 'Worldline',
  opp: 'ACI (OPP)',
  worldnet: 'Worldnet',
};

/**
 * Money back on a payment made online (a webshop order, a paid link): find it
 * by payment id or order reference, read what the gateway says is paid and
 * left, then refund part or all of it to the card that paid. What is left is
 * the gateway's word: the screen asks again after every refund it starts and
 * whenever the refund on screen moves on.
 */
export function OnlineRefund({ onDone }: { onDone: () => void }) {
  const format = useFormat();
  const locale = useTillStore((state) => state.info?.locale) ?? 'en';
  const busy = useRefundStore((state) => state.busy);
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<OnlinePaymentView | undefined>(undefined);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [started, setStarted] = useState<string | undefined>(undefined);
  const foundId = useId();
  const titleId = useId();
  const refundsId = useId();

  /** Asks main again about the payment; with `prefill`, the amount becomes what is left. */
  const lookUp = useCallback(
    async (reference: string, prefill: boolean): Promise<void> => {
      const answer = await useRefundStore.getState().findOnline(reference);
      if (!answer.ok) {
        // Figures main could not confirm are not shown as if they were still true (a gateway that takes
        // only so many questions a minute may say "later"): the manager finds the payment again.
        setFound(undefined);
        setProblem(answer.problem);
        return;
      }
      setFound(answer.found);
      setProblem(undefined);
      if (prefill) {
        setAmount(
          answer.found.refundableMinor > 0
            ? typedAmount(answer.found.refundableMinor, answer.found.currency, locale)
            : '',
        );
      }
    },
    [locale],
  );

  // The refund this form started moves on (requested, then refunded): what is left changes with it.
  const paymentId = found?.paymentId;
  useEffect(() => {
    if (started === undefined || paymentId === undefined) return undefined;
    let last = stepOf(useRefundStore.getState().known[started]);
    return useRefundStore.subscribe((state) => {
      const step = stepOf(state.known[started]);
      if (step === last) return;
      last = step;
      void lookUp(paymentId, false);
    });
  }, [started, paymentId, lookUp]);

  const find = async (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = onlineReference(typed);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setStarted(undefined);
    setFound(undefined);
    await lookUp(checked.reference, true);
  };

  const refund = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (found === undefined) return;
    const built = onlineRefundRequest(found, amount, reason, (minor) => format.money(minor));
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    const refused = await useRefundStore.getState().startOnline(built.request);
    if (refused !== undefined) {
      setProblem(refused);
      return;
    }
    setStarted(useRefundStore.getState().shownId);
    setReason('');
    await lookUp(found.paymentId, true);
  };

  const typedMinor = found === undefined ? undefined : parseTypedAmount(amount, found.currency);

  return (
    <section className="online-refund" aria-labelledby={titleId}>
      <form className="refund-form" onSubmit={(event) => void find(event)} noValidate>
        <h3 id={titleId}>{refundWords.online}</h3>
        <p className="hint">{refundWords.onlineHint}</p>
        <label className="field">
          <span>{refundWords.onlineReference}</span>
          <input
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value);
              setProblem(undefined);
            }}
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
            placeholder="3066019730"
          />
        </label>
        <p className="hint">{refundWords.onlineReferenceHint}</p>
        <div className="panel-actions">
          <button type="submit" className="button" disabled={busy}>
            {refundWords.find}
          </button>
        </div>
      </form>
      {found !== undefined && (
        <section className="online-payment" aria-labelledby={foundId}>
          <h4 id={foundId}>{refundWords.onlineFound(found.paymentId)}</h4>
          <p>
            {refundWords.onlineGateway(GATEWAY_NAMES[found.gateway] ?? found.gateway)}
            {found.merchantReference !== undefined && ` · ${refundWords.onlineOrder(found.merchantReference)}`}
          </p>
          <p className="refund-message" role="status">
            {found.message}
          </p>
          <ul className="detail-list" aria-label={refundWords.onlineFigures}>
            <li>{refundWords.onlinePaid(format.money(found.paidMinor))}</li>
            <li>{refundWords.onlineRefunded(format.money(found.refundedMinor))}</li>
            {found.requestedMinor > 0 && <li>{refundWords.onlineRequested(format.money(found.requestedMinor))}</li>}
            <li>
              <strong>{refundWords.onlineLeft(format.money(found.refundableMinor))}</strong>
            </li>
            {found.card !== undefined && <li>{refundWords.onlineCard(cardLabel(found.card))}</li>}
            {found.receiptNumber !== undefined && <li>{refundWords.onlineReceipt(found.receiptNumber)}</li>}
          </ul>
          <h4 id={refundsId}>{refundWords.onlineRefundsHeading}</h4>
          {found.refunds.length === 0 ? (
            <p>{refundWords.onlineNoRefunds}</p>
          ) : (
            <ul className="detail-list" aria-labelledby={refundsId}>
              {found.refunds.map((seen, index) => (
                <li key={index} data-state={seen.state}>
                  {format.money(seen.amountMinor)}: {refundWords.onlineRefundStates[seen.state]}
                  {seen.refundNumber !== undefined && ` · ${refundWords.onlineRefundNumber(seen.refundNumber)}`}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {found !== undefined && found.refundableMinor > 0 && (
        <form className="refund-form" onSubmit={(event) => void refund(event)} noValidate>
          <label className="field">
            <span>{refundWords.onlineAmount}</span>
            <input
              inputMode="decimal"
              value={amount}
              onChange={(event) => {
                setAmount(event.target.value);
                setProblem(undefined);
              }}
            />
          </label>
          <p className="hint">{refundWords.onlineAmountHint(format.money(found.refundableMinor))}</p>
          <ReasonField value={reason} onChange={setReason} />
          <div className="panel-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {refundWords.onlineRefund(format.money(typedMinor ?? 0))}
            </button>
          </div>
        </form>
      )}
      {problem !== undefined && (
        <p className="refund-problem" role="alert">
          {problem}
        </p>
      )}
      {started !== undefined && problem === undefined && <p className="hint">{refundWords.onlineStarted}</p>}
      <div className="panel-actions">
        <button type="button" className="button" onClick={onDone}>
          {refundWords.back}
        </button>
      </div>
    </section>
  );
}

function partLabel(part: RefundPartView): string {
  switch (part.kind) {
    case 'card':
      return cardLabel(part.card);
    case 'any_card':
      return part.card?.last4 === undefined ? refundWords.anyCard : cardLabel(part.card);
    case 'cash':
      return refundWords.cash;
    case 'online':
      return refundWords.onlinePart(cardLabel(part.card));
  }
}

/** How far a part got, in words for where its money goes: a terminal's, or the gateway's for an online payment. */
function partState(part: RefundPartView): string {
  return part.kind === 'online' ? refundWords.onlinePartStates[part.state] : refundWords.partStates[part.state];
}

/** Whether the manager can move a refund on: a card part that did not go through, or never started. */
function stuck(refund: RefundView): boolean {
  return (
    refund.state === 'open' &&
    refund.parts.some((part) => part.state === 'failed' || (part.kind !== 'cash' && part.state === 'to_do')) &&
    !refund.parts.some((part) => part.state === 'waiting' || part.state === 'needs_attention')
  );
}

/** The refund on screen, live: main's message, where each part of the money goes and how far it got. */
export function RefundStatus() {
  const refund = useRefundStore(shownRefund);
  const busy = useRefundStore((state) => state.busy);
  const format = useFormat();
  const titleId = useId();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const section = useRef<HTMLElement>(null);
  const refundId = refund?.refundId;
  // A refund just started or picked up is what the manager watches now: bring it into view.
  useEffect(() => {
    if (refundId !== undefined) section.current?.scrollIntoView({ block: 'nearest' });
  }, [refundId]);
  if (refund === undefined) return null;

  const act = async (action: () => Promise<string | undefined>) => {
    const refused = await action();
    setProblem(refused);
    if (refused === undefined) {
      setCancelling(false);
      setReason('');
    }
  };

  return (
    <section ref={section} className={`refund-status refund-${refund.state}`} aria-labelledby={titleId}>
      <h3 id={titleId}>{refundWords.statusHeading}</h3>
      <p className="refund-message" role="status" aria-live="polite">
        {refund.message}
      </p>
      {refund.state === 'completed' && refund.refundNumber !== undefined && (
        <p className="refund-number">{refundWords.number(refund.refundNumber)}</p>
      )}
      <p>
        {refundWords.total(format.money(refund.totalMinor))}
        {refund.originalReceiptNumber !== undefined && ` · ${refundWords.forReceipt(refund.originalReceiptNumber)}`}
      </p>
      <ul className="refund-parts" aria-label={refundWords.partsLabel}>
        {refund.parts.map((part, index) => (
          <li key={index} data-state={part.state}>
            {partLabel(part)}: {format.money(part.amountMinor)}, {partState(part)}
          </li>
        ))}
      </ul>
      {problem !== undefined && (
        <p className="refund-problem" role="alert">
          {problem}
        </p>
      )}
      {cancelling ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => useRefundStore.getState().cancel(reason));
          }}
        >
          <label className="field">
            <span>{refundWords.cancelReason}</span>
            <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} required />
          </label>
          <div className="panel-actions">
            <button type="submit" className="button" disabled={busy || reason.trim().length < 3}>
              {refundWords.cancel}
            </button>
            <button type="button" className="button" onClick={() => setCancelling(false)}>
              {refundWords.back}
            </button>
          </div>
        </form>
      ) : (
        <div className="panel-actions">
          {stuck(refund) && (
            <>
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => void act(() => useRefundStore.getState().retry())}
              >
                {refundWords.retry}
              </button>
              <button type="button" className="button" onClick={() => setCancelling(true)}>
                {refundWords.cancel}
              </button>
            </>
          )}
          {refund.state !== 'open' && (
            <button type="button" className="button" onClick={() => useRefundStore.getState().dismiss()}>
              {refundWords.done}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Refunds main still has open (a card that has not taken its money back), to pick one up again. */
export function OpenRefunds() {
  const openIds = useRefundStore((state) => state.openIds);
  const known = useRefundStore((state) => state.known);
  const shownId = useRefundStore((state) => state.shownId);
  const format = useFormat();
  const open = openIds.flatMap((refundId) => {
    const view = known[refundId];
    return view?.state === 'open' && refundId !== shownId ? [view] : [];
  });
  if (open.length === 0) return null;
  return (
    <div className="open-refunds">
      <h3>{refundWords.openHeading}</h3>
      <ul>
        {open.map((view) => (
          <li key={view.refundId}>
            <span>
              {format.dateTime(view.createdAt)} · {refundWords.openItem(format.money(view.totalMinor), view.reason)}
            </span>
            <button type="button" className="button" onClick={() => void useRefundStore.getState().show(view.refundId)}>
              {refundWords.show}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
