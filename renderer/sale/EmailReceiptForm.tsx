import { useId, useState, type SyntheticEvent } from 'react';
import { EmailAddressSchema, type ReceiptMailView } from '../../shared/receipt-mail/receipt-mail.ts';
import type { Result } from '../../shared/result.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import './email-receipt.css';

/**
 * "E-mail receipt": the customer's address, Send, and what came of it in the
 * cashier's words. Main checks the address again and decides; the screen only
 * says at once what main would refuse. Shown only when main says the till can
 * send e-mail. Give it a `key` per receipt, so a new receipt starts empty.
 */
export function EmailReceiptForm({ send }: { send: (address: string) => Promise<Result<ReceiptMailView>> }) {
  const available = useTillStore((state) => state.info?.emailReceipts === true);
  const [open, setOpen] = useState(false);
  /** Once the form has been put away, the focus goes back to the button that opened it. */
  const [closedOnce, setClosedOnce] = useState(false);
  const [address, setAddress] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<
    { kind: 'error' | 'info'; text: string; failed: boolean; sent?: boolean } | undefined
  >();
  const sent = outcome?.sent === true;
  const id = useId();
  if (!available) return null;

  if (!open) {
    return (
      <button
        type="button"
        className="button email-receipt-open"
        aria-expanded="false"
        // Only once the cashier has put the form away: the focus goes back where it was.
        autoFocus={closedOnce}
        onClick={() => setOpen(true)}
      >
        {t.email.open}
      </button>
    );
  }

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (sending) return;
    const typed = address.trim();
    if (typed === '') return setOutcome({ kind: 'error', text: t.email.empty, failed: false });
    if (!EmailAddressSchema.safeParse(typed).success) {
      return setOutcome({ kind: 'error', text: t.email.badAddress, failed: false });
    }
    setSending(true);
    setOutcome({ kind: 'info', text: t.email.sending, failed: false });
    const answer = await send(typed);
    setSending(false);
    if (!answer.ok) setOutcome({ kind: 'error', text: answer.error.message, failed: false });
    else if (answer.value.status === 'sent')
      setOutcome({ kind: 'info', text: t.email.sent(typed), failed: false, sent: true });
    else if (answer.value.status === 'queued') setOutcome({ kind: 'info', text: t.email.queued, failed: true });
    else {
      setOutcome({ kind: 'error', text: t.email.notSent(answer.value.problem ?? t.email.queued), failed: true });
    }
  };

  return (
    <form
      className="email-receipt"
      noValidate
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={`${id}-heading`}>{t.email.heading}</h3>
      <label className="email-receipt-field" htmlFor={`${id}-address`}>
        {t.email.addressLabel}
      </label>
      <input
        id={`${id}-address`}
        type="email"
        inputMode="email"
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        autoFocus
        value={address}
        aria-describedby={`${id}-hint`}
        aria-invalid={outcome?.kind === 'error' && !outcome.failed ? true : undefined}
        onChange={(event) => {
          setAddress(event.target.value);
          if (!sending) setOutcome(undefined);
        }}
      />
      <p className="hint" id={`${id}-hint`}>
        {t.email.addressHint}
      </p>
      {outcome !== undefined && (
        <p className={`email-receipt-outcome ${outcome.kind}`} role={outcome.kind === 'error' ? 'alert' : 'status'}>
          {outcome.text}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button" disabled={sending}>
          {outcome?.failed === true ? t.email.sendAgain : t.email.send}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(false);
            setClosedOnce(true);
          }}
        >
          {sent ? t.email.done : t.email.cancel}
        </button>
      </div>
    </form>
  );
}
