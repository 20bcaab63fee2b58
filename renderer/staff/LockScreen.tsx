import { useEffect, useState, type SyntheticEvent } from 'react';
import type { StaffMember } from '../../shared/staff/staff.ts';
import { t } from '../i18n/words.ts';
import { listenForScans } from '../scanner/scanner-keys.ts';
import { useTillStore } from '../store/till-store.ts';
import { PinField } from './PinField.tsx';

/**
 * The locked till: pick your name, type your PIN on the touch pad (or a
 * keyboard). Main checks the PIN and counts wrong ones; this screen only
 * shows what main says.
 */
export function LockScreen() {
  const people = useTillStore((state) => state.people);
  const [chosen, setChosen] = useState<StaffMember | undefined>(undefined);
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  // A scanner's keys never reach the PIN (its Enter would count a wrong PIN): a scan here only says to log in.
  useEffect(() => listenForScans(window, { onScan: () => setProblem(t.scanner.logInFirst) }), []);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (chosen === undefined) return;
    setBusy(true);
    const refused = await useTillStore.getState().login(chosen.staffId, pin);
    setBusy(false);
    setPin('');
    setProblem(refused);
  };

  return (
    <section className="panel lock-screen" aria-labelledby="lock-title">
      <h2 id="lock-title">{t.staff.locked}</h2>
      {chosen === undefined ? (
        <>
          <p>{t.staff.whoAreYou}</p>
          <ul className="staff-list">
            {people.map((person) => (
              <li key={person.staffId}>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setChosen(person);
                    setProblem(undefined);
                  }}
                >
                  {person.name}
                  <small>{t.staff.roles[person.role]}</small>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <PinField label={t.staff.pinFor(chosen.name)} pin={pin} onPin={setPin} problem={problem} busy={busy} />
          <div className="panel-actions">
            <button type="submit" className="button primary" disabled={busy || pin.length < 4}>
              {t.staff.logIn}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setChosen(undefined);
                setPin('');
                setProblem(undefined);
              }}
            >
              {t.staff.someoneElse}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
