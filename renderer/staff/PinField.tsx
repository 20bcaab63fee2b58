/**
 * A PIN as typed at the till: digits only, up to 8, never shown, never
 * remembered by the browser. The field has focus when it appears, since the
 * PIN is what the person came to type; its problem (a wrong PIN, a lockout,
 * in main's words) is read out below it.
 */
export function PinField({
  label,
  pin,
  onPin,
  problem,
}: {
  label: string;
  pin: string;
  onPin: (pin: string) => void;
  problem: string | undefined;
}) {
  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          autoFocus
          onChange={(event) => onPin(event.target.value.replace(/\D/g, ''))}
        />
      </label>
      {problem !== undefined && (
        <p className="lock-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
