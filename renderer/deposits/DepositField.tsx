import { useId, type InputHTMLAttributes } from 'react';

/**
 * A labelled field of the deposits panel, with its hint beside the label
 * rather than in it: the field's name stays what it asks for, and the hint is
 * read as its description.
 */
export function DepositField({
  label,
  hint,
  ...input
}: { label: string; hint?: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const hintId = useId();
  return (
    <div className="deposit-field">
      <label className="field">
        <span>{label}</span>
        <input {...input} aria-describedby={hint === undefined ? undefined : hintId} />
      </label>
      {hint !== undefined && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
