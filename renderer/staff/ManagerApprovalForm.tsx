import { useMemo, useState, type SyntheticEvent } from 'react';
import type { ManagerApproval, StaffMember } from '../../shared/staff/staff.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { PinField } from './PinField.tsx';

/**
 * A manager approves one thing at a cashier's till: picks their name, types
 * their PIN on the pad. Main checks the PIN (wrong ones count towards the
 * manager's lockout) and records who approved what; the cashier stays logged
 * in. `approve` answers main's refusal in its words, or undefined when done.
 */
export function ManagerApprovalForm({
  message,
  approve,
  onCancel,
  cancelLabel = t.approval.cancel,
}: {
  message: string;
  approve: (approval: ManagerApproval) => Promise<string | undefined>;
  onCancel: () => void;
  cancelLabel?: string;
}) {
  const people = useTillStore((state) => state.people);
  const managers = useMemo(() => people.filter((person) => person.role === 'manager'), [people]);
  const [chosen, setChosen] = useState<StaffMember | undefined>(managers.length === 1 ? managers[0] : undefined);
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (chosen === undefined || busy || pin.length < 4) return;
    setBusy(true);
    const refused = await approve({ staffId: chosen.staffId, pin });
    setBusy(false);
    setPin('');
    setProblem(refused);
  };

  const cancel = (
    <button type="button" className="button" onClick={onCancel}>
      {cancelLabel}
    </button>
  );

  return (
    <>
      <p>{message}</p>
      {managers.length === 0 ? (
        <>
          <p role="alert">{t.approval.noManagers}</p>
          <div className="panel-actions">{cancel}</div>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <fieldset className="approval-managers">
            <legend>{t.approval.who}</legend>
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
          <PinField label={t.approval.pin} pin={pin} onPin={setPin} problem={problem} busy={busy} />
          <div className="panel-actions">
            <button type="submit" className="button primary" disabled={busy || chosen === undefined || pin.length < 4}>
              {t.approval.approve}
            </button>
            {cancel}
          </div>
        </form>
      )}
    </>
  );
}
