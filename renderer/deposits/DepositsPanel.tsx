import { useEffect, useId, useState, type ChangeEvent, type SyntheticEvent } from 'react';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useFormat } from '../i18n/format.ts';
import { isManager } from '../refunds/refund-store.ts';
import { useSaleStore } from '../sale/sale-store.ts';
import { useTillStore } from '../store/till-store.ts';
import { DepositField } from './DepositField.tsx';
import { DepositItem } from './DepositItem.tsx';
import { depositsOnScreen, takeRequest, useDepositStore } from './deposit-store.ts';
import { depositWords } from './deposit-words.ts';
import './deposits-panel.css';

/**
 * Deposits (F1, on a till whose gateway can reserve money on a card): take
 * one (the customer authorises it with a link, shown here as a QR code until
 * they have), and the open deposits with when each was authorised and when
 * its reservation ends; a manager captures one at pick-up (all or part, once)
 * or releases it. Main decides every amount and says where each deposit
 * stands; a cashier asking to capture or release gets the manager's PIN asked
 * on the spot (the bridge's ManagerApprovalDialog).
 */
export function DepositsPanel({ bridge }: { bridge: RendererBridge }) {
  const manager = useTillStore((state) => isManager(state.staff));
  useEffect(() => {
    const stop = useDepositStore.getState().attach(bridge);
    void useDepositStore.getState().load();
    return stop;
  }, [bridge]);

  return (
    <section className="panel deposits-panel" role="dialog" aria-modal="true" aria-labelledby="deposits-title">
      <h2 id="deposits-title">{depositWords.title}</h2>
      <TakeDepositForm />
      <OpenDeposits />
      {!manager && <p className="hint">{depositWords.managerOnly}</p>}
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
          {depositWords.close}
        </button>
      </div>
    </section>
  );
}

const EMPTY_ENTRY = { customer: '', contact: '', note: '', amount: '' };

/** Who the deposit is for and how much: main sends the customer a link for it. */
function TakeDepositForm() {
  const currency = useTillStore((state) => state.info?.currency ?? 'EUR');
  const busy = useDepositStore((state) => state.busy);
  const [entry, setEntry] = useState(EMPTY_ENTRY);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const titleId = useId();

  const type = (field: keyof typeof EMPTY_ENTRY) => (event: ChangeEvent<HTMLInputElement>) =>
    setEntry({ ...entry, [field]: event.target.value });

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const built = takeRequest(entry, currency);
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    const refused = await useDepositStore.getState().take(built.request);
    setProblem(refused);
    if (refused === undefined) setEntry(EMPTY_ENTRY);
  };

  return (
    <form className="deposit-take" aria-labelledby={titleId} onSubmit={(event) => void submit(event)}>
      <h3 id={titleId}>{depositWords.takeHeading}</h3>
      <p className="hint">{depositWords.takeHint}</p>
      <div className="deposit-fields">
        <DepositField
          label={depositWords.customer}
          value={entry.customer}
          onChange={type('customer')}
          maxLength={80}
          autoComplete="off"
        />
        <DepositField
          label={depositWords.contact}
          value={entry.contact}
          onChange={type('contact')}
          maxLength={120}
          autoComplete="off"
        />
        <DepositField
          label={depositWords.amount}
          hint={depositWords.amountHint}
          value={entry.amount}
          onChange={type('amount')}
          inputMode="decimal"
          autoComplete="off"
        />
        <DepositField
          label={depositWords.note}
          hint={depositWords.noteHint}
          value={entry.note}
          onChange={type('note')}
          maxLength={200}
          autoComplete="off"
        />
      </div>
      {problem !== undefined && (
        <p className="deposit-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {depositWords.take}
        </button>
      </div>
    </form>
  );
}

/** Main's open deposits, and those taken, captured or released here that have since ended. */
function OpenDeposits() {
  const known = useDepositStore((state) => state.known);
  const openIds = useDepositStore((state) => state.openIds);
  const followed = useDepositStore((state) => state.followed);
  const holdValidDays = useDepositStore((state) => state.holdValidDays);
  const listProblem = useDepositStore((state) => state.listProblem);
  const format = useFormat();
  const titleId = useId();
  const deposits = depositsOnScreen({ known, openIds, followed });

  return (
    <section className="deposit-list-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{depositWords.listHeading}</h3>
      {listProblem !== undefined && <p className="hint">{listProblem}</p>}
      {holdValidDays !== undefined && <p className="hint">{depositWords.holdDays(holdValidDays)}</p>}
      {deposits.length === 0 ? (
        listProblem === undefined && <p className="hint">{depositWords.noneOpen}</p>
      ) : (
        <ul className="deposit-list" aria-labelledby={titleId}>
          {deposits.map((view) => (
            <DepositItem key={view.depositId} view={view} format={format} />
          ))}
        </ul>
      )}
    </section>
  );
}
