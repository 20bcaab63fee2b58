import { useEffect, useState } from 'react';
import { FINAL_PAYMENT_STATES, IN_FLIGHT_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { useFormat } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
import { useSaleStore, type CardPaymentOnScreen } from './sale-store.ts';

/**
 * The card payment as main reports it, in plain words, with what the terminal
 * shows and how long it has been. While the outcome is unknown the cashier is
 * told not to retry; there is no "force done" anywhere: only a manager can
 * settle a payment the till could not, with the terminal's reference and a reason.
 */
export function CardPaymentPanel({ card }: { card: CardPaymentOnScreen }) {
  const { view, terminalMessage } = card;
  const format = useFormat();
  const due = useSaleStore((state) => state.sale.dueMinor);
  const store = useSaleStore.getState();
  const inFlight = IN_FLIGHT_PAYMENT_STATES.includes(view.state);
  const final = FINAL_PAYMENT_STATES.has(view.state);

  return (
    <section
      className={`panel card-panel card-${view.state}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="card-title"
    >
      <h2 id="card-title">{en.card.title}</h2>
      <p className="card-amount">
        {en.card.amount}: <strong>{format.money(view.amountMinor)}</strong>
      </p>
      <p className="card-state" role="status" aria-live="polite" data-state={view.state}>
        {en.card.states[view.state]}
      </p>
      {view.state === 'checking' && <p className="card-unknown">{en.card.unknown}</p>}
      {inFlight && <Elapsed since={view.createdAt} />}
      {inFlight && terminalMessage !== undefined && (
        <p className="terminal-message">
          {en.card.terminalSays}: <q>{terminalMessage}</q>
        </p>
      )}
      {view.state === 'approved' && (
        <div className="card-approved">
          {view.card?.last4 !== undefined && (
            <p>{en.card.approvedWith((view.card.brand ?? 'Card').toUpperCase(), view.card.last4)}</p>
          )}
          {view.card?.authCode !== undefined && <p>{en.card.authCode(view.card.authCode)}</p>}
          {view.authorisedMinor !== undefined && view.authorisedMinor < view.amountMinor && (
            <p className="partial">{en.card.partial(format.money(view.authorisedMinor), format.money(due))}</p>
          )}
        </div>
      )}
      {final && view.state !== 'approved' && view.reason !== undefined && (
        <p className="card-reason">{en.card.reason(view.reason)}</p>
      )}
      <div className="panel-actions">
        {inFlight && (
          <>
            <button type="button" className="button" onClick={() => void store.abortCard()}>
              {en.card.cancel}
            </button>
            <button type="button" className="button" onClick={() => void store.checkCard()}>
              {en.card.checkStatus}
            </button>
          </>
        )}
        {final && view.state !== 'approved' && (
          <button type="button" className="button primary" onClick={() => store.dismissCard()}>
            {en.card.anotherWay}
          </button>
        )}
        {view.state === 'approved' && due > 0 && (
          <button type="button" className="button primary" onClick={() => store.dismissCard()}>
            {en.card.done}
          </button>
        )}
      </div>
      {view.state === 'needs_attention' && <ManagerResolution />}
    </section>
  );
}

function Elapsed({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1_000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <p className="elapsed">
      {en.card.elapsed}: <time>{text}</time>
    </p>
  );
}

function ManagerResolution() {
  const [outcome, setOutcome] = useState<'approved' | 'declined' | 'cancelled' | 'failed'>('declined');
  const [manager, setManager] = useState('');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      className="manager-resolution"
      aria-label={en.card.managerTitle}
      onSubmit={(event) => {
        event.preventDefault();
        void useSaleStore.getState().resolveCard({
          outcome,
          reason,
          manager,
          ...(reference.trim() === '' ? {} : { terminalReference: reference.trim() }),
        });
      }}
    >
      <h3>{en.card.managerTitle}</h3>
      <p>{en.card.managerHint}</p>
      <label>
        {en.card.managerOutcome}
        <select value={outcome} onChange={(event) => setOutcome(event.target.value as typeof outcome)}>
          <option value="approved">{en.card.states.approved}</option>
          <option value="declined">{en.card.states.declined}</option>
          <option value="cancelled">{en.card.states.cancelled}</option>
          <option value="failed">{en.card.states.failed}</option>
        </select>
      </label>
      <label>
        {en.card.managerName}
        <input value={manager} onChange={(event) => setManager(event.target.value)} required />
      </label>
      <label>
        {en.card.managerReference}
        <input
          value={reference}
          onChange={(event) => setReference(event.target.value)}
          required={outcome === 'approved'}
        />
      </label>
      <label>
        {en.card.managerReason}
        <input value={reason} onChange={(event) => setReason(event.target.value)} required minLength={3} />
      </label>
      <button type="submit" className="button primary">
        {en.card.managerSave}
      </button>
    </form>
  );
}
