import { useEffect, useRef, useState } from 'react';
import { FINAL_PAYMENT_STATES, IN_FLIGHT_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { contactLost } from '../payments/terminal-light.ts';
import { useUnsettledStore } from '../payments/unsettled-store.ts';
import { useTillStore } from '../store/till-store.ts';
import { useSaleStore, type CardPaymentOnScreen } from './sale-store.ts';
import './card-panel.css';

/** m:ss, for the time waited and the time left. */
const minutesSeconds = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** Now, every second, while the panel shows a clock. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The card payment as main reports it, in plain words, with what the terminal
 * shows and how long it has been. While the outcome is unknown the cashier is
 * told not to retry; there is no "force done" anywhere: a payment the till
 * could not settle goes to a manager in the payments to settle. While this
 * screen cannot hear the till it says so, not what it last heard.
 */
export function CardPaymentPanel({ card }: { card: CardPaymentOnScreen }) {
  const { view, terminalMessage } = card;
  const format = useFormat();
  const due = useSaleStore((state) => state.sale.dueMinor);
  const lost = contactLost(useTillStore((state) => state.connection));
  const store = useSaleStore.getState();
  const inFlight = IN_FLIGHT_PAYMENT_STATES.includes(view.state);
  const final = FINAL_PAYMENT_STATES.has(view.state);
  const cancelSent = card.cancelSentAt !== undefined;

  // Contact is back: what became of the payment meanwhile, main says.
  const wasLost = useRef(lost);
  useEffect(() => {
    if (wasLost.current && !lost) void useSaleStore.getState().refreshCard(view.attemptId);
    wasLost.current = lost;
  }, [lost, view.attemptId]);

  return (
    <section
      className={`panel card-panel card-${view.state}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="card-title"
    >
      <h2 id="card-title">{t.card.title}</h2>
      <p className="card-amount">
        {t.card.amount}: <strong>{format.money(view.amountMinor)}</strong>
      </p>
      {lost ? (
        <div className="card-lost" role="alert">
          <p className="card-state" data-state="unknown">
            {t.card.lostContact}
          </p>
          <p>{t.card.lostContactCarriesOn}</p>
        </div>
      ) : (
        <p className="card-state" role="status" aria-live="polite" data-state={view.state}>
          {card.wonRace === true ? t.card.wonRace : t.card.states[view.state]}
        </p>
      )}
      {!lost && inFlight && cancelSent && <CancelSent deadlineAt={view.resultDeadlineAt} />}
      {!lost && view.state === 'checking' && !cancelSent && <p className="card-unknown">{t.card.unknown}</p>}
      {inFlight && <Elapsed since={view.createdAt} />}
      {!lost && inFlight && terminalMessage !== undefined && (
        <p className="terminal-message">
          {t.card.terminalSays}: <q>{terminalMessage}</q>
        </p>
      )}
      {view.state === 'approved' && (
        <div className="card-approved">
          {view.card?.last4 !== undefined && (
            <p>{t.card.approvedWith((view.card.brand ?? 'Card').toUpperCase(), view.card.last4)}</p>
          )}
          {view.card?.authCode !== undefined && <p>{t.card.authCode(view.card.authCode)}</p>}
          {view.authorisedMinor !== undefined && view.authorisedMinor < view.amountMinor && (
            <p className="partial">{t.card.partial(format.money(view.authorisedMinor), format.money(due))}</p>
          )}
        </div>
      )}
      {final && view.state !== 'approved' && view.reason !== undefined && (
        <p className="card-reason">{t.card.reason(view.reason)}</p>
      )}
      {view.state === 'needs_attention' && !lost && <p className="card-needs-manager">{t.card.needsManager}</p>}
      <div className="panel-actions">
        {inFlight && !lost && (
          <>
            <button type="button" className="button" disabled={cancelSent} onClick={() => void store.abortCard()}>
              {t.card.cancel}
            </button>
            <button type="button" className="button" onClick={() => void store.checkCard()}>
              {t.card.checkStatus}
            </button>
          </>
        )}
        {view.state === 'needs_attention' && !lost && (
          <button type="button" className="button primary" onClick={() => useUnsettledStore.getState().openPanel()}>
            {t.card.settle}
          </button>
        )}
        {final && view.state !== 'approved' && (
          <button type="button" className="button primary" onClick={() => store.dismissCard()}>
            {t.card.anotherWay}
          </button>
        )}
        {view.state === 'approved' && card.wonRace === true && (
          <button type="button" className="button primary" onClick={() => void store.continueAfterRace()}>
            {(view.authorisedMinor ?? view.amountMinor) < due
              ? t.card.continueAfterRacePartly
              : t.card.continueAfterRace}
          </button>
        )}
        {view.state === 'approved' && card.wonRace !== true && due > 0 && (
          <button type="button" className="button primary" onClick={() => store.dismissCard()}>
            {t.card.done}
          </button>
        )}
      </div>
    </section>
  );
}

/** Cancel was pressed: said at once, with how long the till may still wait for the terminal's word (main's deadline). */
function CancelSent({ deadlineAt }: { deadlineAt: string | undefined }) {
  const now = useNow();
  const left = deadlineAt === undefined ? undefined : Math.ceil((Date.parse(deadlineAt) - now) / 1_000);
  return (
    <div className="card-cancel-sent" aria-live="assertive">
      <p className="card-cancel-title">{t.card.cancelSent}</p>
      {left !== undefined && (
        <p className="card-cancel-wait">{left > 0 ? t.card.cancelWait(minutesSeconds(left)) : t.card.cancelWaitOver}</p>
      )}
    </div>
  );
}

function Elapsed({ since }: { since: string }) {
  const now = useNow();
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1_000));
  return (
    <p className="elapsed">
      {t.card.elapsed}: <time>{minutesSeconds(seconds)}</time>
    </p>
  );
}
