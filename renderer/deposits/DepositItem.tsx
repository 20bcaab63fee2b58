import { useEffect, useId, useRef } from 'react';
import type { DepositView } from '../../shared/deposits/deposit.ts';
import type { Formatters } from '../i18n/format.ts';
import { useUnsettledStore } from '../payments/unsettled-store.ts';
import { QrCode } from '../qr/QrCode.tsx';
import { DepositActions } from './DepositActions.tsx';
import { useDepositStore } from './deposit-store.ts';
import { depositWords } from './deposit-words.ts';

/** Where nothing more will happen: the person at the till reads how it ended, then puts it away. */
const ENDED: ReadonlySet<DepositView['state']> = new Set<DepositView['state']>(['captured', 'released', 'failed']);

/**
 * One deposit: main's words for where it stands and what to do next, its
 * facts (when the customer authorised it, when the reservation ends, a
 * warning when that is close or past), the link's QR code while the customer
 * has still to authorise, and what may be done with it now.
 */
export function DepositItem({ view, format }: { view: DepositView; format: Formatters }) {
  const titleId = useId();
  const link = view.holdAttempt.link;

  return (
    <li className={`deposit deposit-${view.state}`}>
      <article aria-labelledby={titleId}>
        <h4 id={titleId}>{depositWords.heading(view.number, view.customer)}</h4>
        <p className="deposit-message" role="status" aria-live="polite">
          {view.message}
        </p>
        {view.expired ? (
          <p className="deposit-warning">{depositWords.expired}</p>
        ) : (
          view.expiresSoon && <p className="deposit-warning">{depositWords.expiresSoon}</p>
        )}
        <DepositFacts view={view} format={format} />
        {view.state === 'awaiting_customer' && link !== undefined && (
          <DepositLink url={link.url} amount={format.money(view.amountMinor)} />
        )}
        {view.state === 'held' && <DepositActions view={view} />}
        <div className="panel-actions">
          {view.state === 'needs_attention' && (
            <button type="button" className="button primary" onClick={() => useUnsettledStore.getState().openPanel()}>
              {depositWords.settle}
            </button>
          )}
          {ENDED.has(view.state) && (
            <button type="button" className="button" onClick={() => useDepositStore.getState().dismiss(view.depositId)}>
              {depositWords.done}
            </button>
          )}
        </div>
      </article>
    </li>
  );
}

function DepositFacts({ view, format }: { view: DepositView; format: Formatters }) {
  return (
    <dl className="deposit-facts">
      <dt>{depositWords.state}</dt>
      <dd data-state={view.state}>{depositWords.states[view.state]}</dd>
      <dt>{depositWords.amountAsked}</dt>
      <dd>{format.money(view.amountMinor)}</dd>
      {view.contact !== undefined && (
        <>
          <dt>{depositWords.contactLabel}</dt>
          <dd>{view.contact}</dd>
        </>
      )}
      {view.note !== undefined && (
        <>
          <dt>{depositWords.noteLabel}</dt>
          <dd>{view.note}</dd>
        </>
      )}
      <dt>{depositWords.authorisedAt}</dt>
      <dd>{view.authorisedAt === undefined ? depositWords.notYet : format.dateTime(view.authorisedAt)}</dd>
      {view.expiresAt !== undefined && (
        <>
          <dt>{depositWords.expiresAt}</dt>
          <dd className={view.expired || view.expiresSoon ? 'deposit-ends-soon' : undefined}>
            {format.dateTime(view.expiresAt)}
          </dd>
        </>
      )}
      {view.capturedMinor !== undefined && (
        <>
          <dt>{depositWords.capturedAmount}</dt>
          <dd>{format.money(view.capturedMinor)}</dd>
        </>
      )}
    </dl>
  );
}

/** The link the customer authorises on, as a QR code for their phone, and its address to read out or copy. */
function DepositLink({ url, amount }: { url: string; amount: string }) {
  const box = useRef<HTMLDivElement>(null);
  // A deposit just taken is what the customer is shown next: bring its code into view (the panel scrolls).
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <div ref={box} className="deposit-link">
      <QrCode url={url} label={depositWords.qrLabel(amount)} size="12rem" />
      <div>
        <p>{depositWords.scan}</p>
        <p className="deposit-address">
          {depositWords.address}: <code>{url}</code>
        </p>
      </div>
    </div>
  );
}
