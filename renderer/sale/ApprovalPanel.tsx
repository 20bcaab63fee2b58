import { useMemo, useState, type SyntheticEvent } from 'react';
import type { StaffMember } from '../../shared/staff/staff.ts';
import { en } from '../i18n/messages.ts';
import { PinField } from '../staff/PinField.tsx';
import { useTillStore } from '../store/till-store.ts';
import { useSaleStore } from './sale-store.ts';

/**
 * A change above the cashier's limits, approved on the spot: the manager
 * picks their name and types their PIN; the cashier stays logged in. Main
 * checks the PIN (wrong ones count towards the manager's lockout), records
 * who approved what, and only then makes the change.
 */
export function ApprovalPanel() {
  const approval = useSaleStore((state) => state.approval);
  const people = useTillStore((state) => state.people);
  const managers = useMemo(() => people.filter((person) => person.role === 'manager'), [people]);
  const [chosen, setChosen] = useState<StaffMember | undefined>(managers.length === 1 ? managers[0] : undefined);
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  if (approval === undefined) return null;

  const close = () => useSaleStore.setState({ approval: undefined, panel: 'none' });
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (chosen === undefined) return;
    setBusy(true);
    const refused = await approval.approve({ staffId: chosen.staffId, pin });
    setBusy(false);
    setPin('');
    setProblem(refused);
  };

  return (
    <section className="panel approval-panel" role="dialog" aria-modal="true" aria-labelledby="approval-title">
      <h2 id="approval-title">{en.approval.title}</h2>
      <p>{approval.message}</p>
      {managers.length === 0 ? (
        <p role="alert">{en.approval.noManagers}</p>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <fieldset className="approval-managers">
            <legend>{en.approval.who}</legend>
            {managers.map((manager) => (
              <label key={manager.staffId} className="approval-manager">
                <input
                  type="radio"
                  name="approver"
                  checked={chosen?.staffId === manager.staffId}
                  onChange={() => setChosen(manager)}
                />
                {manager.name}
              </label>
            ))}
          </fieldset>
          <PinField label={en.approval.pin} pin={pin} onPin={setPin} problem={problem} />
          <div className="panel-actions">
            <button type="submit" className="button primary" disabled={busy || chosen === undefined || pin.length < 4}>
              {en.approval.approve}
            </button>
            <button type="button" className="button" onClick={close}>
              {en.approval.cancel}
            </button>
          </div>
        </form>
      )}
      {managers.length === 0 && (
        <div className="panel-actions">
          <button type="button" className="button" onClick={close}>
            {en.approval.cancel}
          </button>
        </div>
      )}
    </section>
  );
}
