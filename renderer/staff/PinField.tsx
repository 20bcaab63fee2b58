import { useId, useRef, type MouseEvent } from 'react';
import { t } from '../i18n/words.ts';
import './pin-pad.css';

const MAX_DIGITS = 8;
const DIGIT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * A PIN as typed at the till: digits only, up to 8, never shown, never
 * remembered by the browser. Typed on the touch pad below the field or on a
 * keyboard; the field keeps the focus while the pad is touched, so both work
 * at once, and its label is what a screen reader says. OK sends the form the
 * field is in. The field's problem (a wrong PIN, a lockout, in main's words)
 * is read out below it.
 */
export function PinField({
  label,
  pin,
  onPin,
  problem,
  busy = false,
}: {
  label: string;
  pin: string;
  onPin: (pin: string) => void;
  problem: string | undefined;
  /** While the PIN is being checked, OK waits. */
  busy?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const problemId = useId();
  const press = (next: string) => {
    onPin(next.slice(0, MAX_DIGITS));
    input.current?.focus();
  };
  // A touch on a key leaves the focus in the field, so a keyboard can go on typing there.
  const keepFocus = (event: MouseEvent) => event.preventDefault();
  return (
    <div className="pin-field">
      <label className="field">
        <span>{label}</span>
        <input
          ref={input}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={MAX_DIGITS}
          value={pin}
          autoFocus
          aria-describedby={problem === undefined ? hintId : `${hintId} ${problemId}`}
          onChange={(event) => onPin(event.target.value.replace(/\D/g, '').slice(0, MAX_DIGITS))}
        />
      </label>
      <p id={hintId} className="pin-digits" aria-live="polite">
        {t.staff.pinDigits(pin.length)}
      </p>
      <div className="pin-pad" role="group" aria-label={t.staff.pinPad}>
        {DIGIT_KEYS.map((digit) => (
          <button
            key={digit}
            type="button"
            className="pin-key"
            onMouseDown={keepFocus}
            onClick={() => press(pin + digit)}
            disabled={pin.length >= MAX_DIGITS}
          >
            {digit}
          </button>
        ))}
        <button
          type="button"
          className="pin-key pin-erase"
          aria-label={t.staff.erase}
          onMouseDown={keepFocus}
          onClick={() => press(pin.slice(0, -1))}
          disabled={pin.length === 0}
        >
          ⌫
        </button>
        <button
          type="button"
          className="pin-key"
          onMouseDown={keepFocus}
          onClick={() => press(pin + '0')}
          disabled={pin.length >= MAX_DIGITS}
        >
          0
        </button>
        <button type="submit" className="pin-key pin-ok" onMouseDown={keepFocus} disabled={busy || pin.length < 4}>
          {t.staff.ok}
        </button>
      </div>
      {problem !== undefined && (
        <p id={problemId} className="lock-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
