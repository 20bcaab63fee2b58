import { useEffect, useRef, useState } from 'react';
import { FINAL_PAYMENT_STATES, IN_FLIGHT_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { contactLost } from '../payments/terminal-light.ts';
import { useUnsettledStore } from '../payments/unsettled-store.ts';
import { QrCode } from '../qr/QrCode.tsx';
import { useTillStore } from '../store/till-store.ts';
import { useSaleStore, type CardPaymentOnScreen } from './sale-store.ts';
import './card-panel.css';

/** m:ss, or h:mm:ss for a link that lives hours. */
function clock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${s}` : `${String(m)}:${s}`;
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * A payment by link, as main reports it: the QR (drawn here from the link
 * main was given by the gateway; the customer display shows it too), the link
 * to copy for a phone order, how far the customer has got, and a countdown to
 * the gateway's own expiry. Cancel asks main to cancel the link; the outcome
 * still comes from the gateway, so a customer who paid first is never lost.
 * Closing is only possible once the payment has ended: a live link stays on
 * screen (and main watches it whatever the screen does).
 */
export function LinkPaymentPanel({ card }: { card: CardPaymentOnScreen }) {
  const { view } = card;
  const format = useFormat();
  const lost = contactLost(useTillStore((state) => state.connection));
  const store = useSaleStore.getState();
  const inFlight = IN_FLIGHT_PAYMENT_STATES.includes(view.state);
  const final = FINAL_PAYMENT_STATES.has(view.state);
  const cancelSent = card.cancelSentAt !== undefined;
  const [said, say] = useState<string | undefined>(undefined);

  const wasLost = useRef(lost);
  useEffect(() => {
    if (wasLost.current && !lost) void useSaleStore.getState().refreshCard(view.attemptId);
    wasLost.current = lost;
  }, [lost, view.attemptId]);

  const link = view.link;
  const printer = useTillStore((state) => state.devices.printer);
  const canPrint = printer !== undefined && printer.state !== 'not_configured';
  const canEmail = useTillStore((state) => state.info?.emailReceipts === true);
  const [address, setAddress] = useState('');
  const emailLink = (event: React.SyntheticEvent) => {
    event.preventDefault();
    const to = address.trim();
    void store.emailLink(to).then((problem) => say(problem ?? t.link.emailed(to)));
  };
  const printSlip = () => {
    void store.printLink().then((problem) => say(problem ?? t.link.printed));
  };
  const copy = () => {
    if (link === undefined) return;
    navigator.clipboard.writeText(link.url).then(
      () => say(t.link.copied),
      () => say(t.link.copyFailed),
    );
  };

  return (
    <section
      className={`panel card-panel link-panel card-${view.state}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="link-title"
    >
      <h2 id="link-title">{t.link.title}</h2>
      <p className="card-amount">
        {t.link.amount}: <strong>{format.money(view.amountMinor)}</strong>
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
          {card.wonRace === true
            ? t.card.wonRace
            : view.state === 'in_progress' && link?.stage !== undefined
              ? t.link.stages[link.stage]
              : t.link.states[view.state]}
        </p>
      )}
      {inFlight && link !== undefined && !lost && (
        <div className="link-live">
          <QrCode url={link.url} label={t.link.qrLabel} />
          <p className="link-scan">{t.link.scan}</p>
          <p className="link-address">
            {t.link.address}: <code>{link.url}</code>
          </p>
          <Countdown until={link.expiresAt} />
          {canEmail && (
            <form className="link-email" onSubmit={emailLink}>
              <label>
                {t.link.emailLabel}
                <input type="email" value={address} onChange={(event) => setAddress(event.target.value)} />
              </label>
              <button type="submit" className="button" disabled={address.trim() === ''}>
                {t.link.email}
              </button>
            </form>
          )}
          {said !== undefined && (
            <p className="link-copied" role="status">
              {said}
            </p>
          )}
        </div>
      )}
      {inFlight && cancelSent && !lost && <p className="card-cancel-title">{t.link.cancelSent}</p>}
      {final && view.state !== 'approved' && view.reason !== undefined && (
        <p className="card-reason">{t.card.reason(view.reason)}</p>
      )}
      {view.state === 'needs_attention' && !lost && <p className="card-needs-manager">{t.card.needsManager}</p>}
      <div className="panel-actions">
        {inFlight && !lost && (
          <>
            {link !== undefined && (
              <button type="button" className="button" onClick={copy}>
                {t.link.copy}
              </button>
            )}
            {link !== undefined && canPrint && (
              <button type="button" className="button" onClick={printSlip}>
                {t.link.print}
              </button>
            )}
            <button type="button" className="button" disabled={cancelSent} onClick={() => void store.abortCard()}>
              {t.link.cancel}
            </button>
            <button type="button" className="button" onClick={() => void store.checkCard()}>
              {t.link.checkStatus}
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
            {t.link.anotherWay}
          </button>
        )}
        {view.state === 'approved' && card.wonRace === true && (
          <button type="button" className="button primary" onClick={() => void store.continueAfterRace()}>
            {t.card.continueAfterRace}
          </button>
        )}
      </div>
    </section>
  );
}

/** Time left on the link, from the gateway's own expiry. */
function Countdown({ until }: { until: string }) {
  const now = useNow();
  const left = Math.ceil((Date.parse(until) - now) / 1_000);
  return (
    <p className="link-expiry" aria-live="off">
      {left > 0 ? t.link.expiresIn(clock(left)) : t.link.expired}
    </p>
  );
}
