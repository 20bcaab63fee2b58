import { useMemo, useState, type SyntheticEvent } from 'react';
import type { PaymentAttemptView } from '../../shared/payments/payment-state.ts';
import type { StaffMember } from '../../shared/staff/staff.ts';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { PinField } from '../staff/PinField.tsx';
import { useTillStore } from '../store/till-store.ts';
import { needsManager, useUnsettledStore } from './unsettled-store.ts';
import './unsettled-panel.css';

/**
 * Every card payment main has not settled, with the way out of each: check
 * the status with the terminal first; only when that could not settle it, a
 * manager records what the terminal shows (approved with its reference, or
 * not), with a reason. Works with or without a sale on screen.
 */
export function UnsettledPanel() {
  const payments = useUnsettledStore((state) => state.payments);
  const notice = useUnsettledStore((state) => state.notice);
  return (
    <section className="panel unsettled-panel" role="dialog" aria-modal="true" aria-labelledby="unsettled-title">
      <h2 id="unsettled-title">{t.unsettled.title}</h2>
      {notice !== undefined && (
        <p className="unsettled-notice" role="status">
          {notice}
        </p>
      )}
      {payments.length === 0 ? (
        <p>{t.unsettled.none}</p>
      ) : (
        <>
          <p>{t.unsettled.intro}</p>
          <ul className="unsettled-list" aria-label={t.unsettled.title}>
            {payments.map((payment) => (
              <UnsettledPayment key={payment.attemptId} payment={payment} />
            ))}
          </ul>
        </>
      )}
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => useUnsettledStore.getState().closePanel()}>
          {t.unsettled.close}
        </button>
      </div>
    </section>
  );
}

function knownAbout(payment: PaymentAttemptView): string {
  if (!needsManager(payment)) return t.unsettled.stillGoing;
  return payment.attention === 'conflicting_result' ? t.unsettled.conflicting : t.unsettled.unconfirmed;
}

function UnsettledPayment({ payment }: { payment: PaymentAttemptView }) {
  const format = useFormat();
  const checked = useUnsettledStore((state) => state.checked[payment.attemptId] === true);
  const working = useUnsettledStore((state) => state.working === payment.attemptId);
  const said = useUnsettledStore((state) => state.said[payment.attemptId]);
  const heading = `${format.money(payment.amountMinor)} · ${format.dateTime(payment.createdAt)}`;
  return (
    <li className="unsettled-payment" aria-label={heading}>
      <dl>
        <dt>{t.unsettled.amount}</dt>
        <dd>{format.money(payment.amountMinor)}</dd>
        <dt>{payment.kind === 'payment' || payment.kind === undefined ? t.unsettled.sale : t.unsettled.refund}</dt>
        <dd>{payment.saleId}</dd>
        <dt>{t.unsettled.when}</dt>
        <dd>{format.dateTime(payment.createdAt)}</dd>
        <dt>{t.unsettled.terminal}</dt>
        <dd>{payment.terminalId}</dd>
        <dt>{t.unsettled.known}</dt>
        <dd>
          {knownAbout(payment)}
          {payment.reason !== undefined && (
            <span className="unsettled-reason">{t.unsettled.lastWords(payment.reason)}</span>
          )}
        </dd>
      </dl>
      {said !== undefined && (
        <p className={`unsettled-said unsettled-said-${said.kind}`} role={said.kind === 'error' ? 'alert' : 'status'}>
          {said.text}
        </p>
      )}
      {needsManager(payment) && (
        <div className="panel-actions">
          <button
            type="button"
            className="button primary"
            disabled={working}
            onClick={() => void useUnsettledStore.getState().check(payment.attemptId)}
          >
            {working ? t.unsettled.checking : t.unsettled.check}
          </button>
        </div>
      )}
      {needsManager(payment) && checked && <ManagerOutcomeForm attemptId={payment.attemptId} />}
    </li>
  );
}

/**
 * The manager's record. Who the manager is, main decides: on a till with
 * staff, the manager logged in, or one who picks their name and types their
 * PIN here; on a till without staff, the name typed.
 */
function ManagerOutcomeForm({ attemptId }: { attemptId: string }) {
  const session = useTillStore((state) => state.staff);
  const people = useTillStore((state) => state.people);
  const managers = useMemo(() => people.filter((person) => person.role === 'manager'), [people]);
  const [approved, setApproved] = useState<boolean | undefined>(undefined);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [managerName, setManagerName] = useState('');
  const [chosen, setChosen] = useState<StaffMember | undefined>(managers.length === 1 ? managers[0] : undefined);
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const working = useUnsettledStore((state) => state.working === attemptId);

  const withStaff = session?.loginRequired === true;
  const operator = session?.operator ?? null;
  const operatorIsManager = withStaff && operator?.role === 'manager';
  const needsPin = withStaff && !operatorIsManager;
  const who = !withStaff ? managerName.trim() !== '' : operatorIsManager || (chosen !== undefined && pin.length >= 4);
  const ready =
    approved !== undefined && reason.trim().length >= 3 && (!approved || reference.trim() !== '') && who && !working;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (approved === undefined) return;
    const refused = await useUnsettledStore.getState().resolve(attemptId, {
      approved,
      terminalReference: reference,
      reason,
      ...(needsPin && chosen !== undefined ? { approval: { staffId: chosen.staffId, pin } } : {}),
      ...(withStaff ? {} : { managerName }),
    });
    setPin('');
    setProblem(refused);
  };

  if (needsPin && managers.length === 0) return <p role="alert">{t.unsettled.noManagers}</p>;

  return (
    <form className="unsettled-resolve" aria-label={t.unsettled.resolveTitle} onSubmit={(event) => void submit(event)}>
      <h3>{t.unsettled.resolveTitle}</h3>
      <fieldset>
        <legend>{t.unsettled.outcome}</legend>
        <label>
          <input
            type="radio"
            name={`outcome-${attemptId}`}
            checked={approved === true}
            onChange={() => setApproved(true)}
          />
          {t.unsettled.outcomes.approved}
        </label>
        <label>
          <input
            type="radio"
            name={`outcome-${attemptId}`}
            checked={approved === false}
            onChange={() => setApproved(false)}
          />
          {t.unsettled.outcomes.notApproved}
        </label>
      </fieldset>
      <label className="field">
        <span>{t.unsettled.reference}</span>
        <input value={reference} onChange={(event) => setReference(event.target.value)} required={approved === true} />
      </label>
      <label className="field">
        <span>{t.unsettled.reason}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} required minLength={3} />
      </label>
      {!withStaff && (
        <label className="field">
          <span>{t.unsettled.managerName}</span>
          <input value={managerName} onChange={(event) => setManagerName(event.target.value)} required />
        </label>
      )}
      {operatorIsManager && <p>{t.unsettled.youSettle(operator.name)}</p>}
      {needsPin && (
        <>
          <fieldset>
            <legend>{t.unsettled.manager}</legend>
            {managers.map((manager) => (
              <label key={manager.staffId}>
                <input
                  type="radio"
                  name={`manager-${attemptId}`}
                  checked={chosen?.staffId === manager.staffId}
                  onChange={() => setChosen(manager)}
                />
                {manager.name}
              </label>
            ))}
          </fieldset>
          <PinField label={t.unsettled.pin} pin={pin} onPin={setPin} problem={undefined} />
        </>
      )}
      {problem !== undefined && <p role="alert">{problem}</p>}
      <div className="panel-actions">
        <button type="submit" className="button primary" disabled={!ready}>
          {t.unsettled.record}
        </button>
      </div>
    </form>
  );
}
