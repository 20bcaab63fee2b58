import { useId, useState, type SyntheticEvent } from 'react';
import type { CaptureDeposit, DepositView, ReleaseDeposit } from '../../shared/deposits/deposit.ts';
import { parseTypedAmount, typedAmount } from '../i18n/amount-input.ts';
import { useFormat } from '../i18n/format.ts';
import { useTillStore } from '../store/till-store.ts';
import { DepositField } from './DepositField.tsx';
import { captureRequest, heldMinor, releaseRequest, useDepositStore, type Built } from './deposit-store.ts';
import { depositWords } from './deposit-words.ts';

type Open = 'none' | 'capture' | 'release';

/**
 * What a manager may do with a held deposit: capture it (what is held,
 * prefilled, or a part of it; once) or release it with a reason. A lapsed
 * reservation can only be released: main would refuse the capture.
 */
export function DepositActions({ view }: { view: DepositView }) {
  const [open, setOpen] = useState<Open>('none');
  const back = () => setOpen('none');
  if (open === 'capture') return <CaptureForm view={view} onBack={back} />;
  if (open === 'release') return <ReleaseForm view={view} onBack={back} />;
  return (
    <div className="panel-actions">
      {!view.expired && (
        <button type="button" className="button primary" onClick={() => setOpen('capture')}>
          {depositWords.capture}
        </button>
      )}
      <button type="button" className="button" onClick={() => setOpen('release')}>
        {depositWords.release}
      </button>
    </div>
  );
}

/** Sends a built request, or says what to put right; main's refusal stays on the form, in its words. */
function useSend<T>(send: (request: T) => Promise<string | undefined>) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const submit = async (event: SyntheticEvent, built: Built<T>) => {
    event.preventDefault();
    if (!built.ok) {
      setProblem(built.problem);
      return;
    }
    setProblem(await send(built.request));
  };
  return { problem, submit };
}

function CaptureForm({ view, onBack }: { view: DepositView; onBack: () => void }) {
  const format = useFormat();
  const locale = useTillStore((state) => state.info?.locale ?? 'en');
  const busy = useDepositStore((state) => state.busy);
  const held = heldMinor(view);
  const [amount, setAmount] = useState(() => typedAmount(held, view.currency, locale));
  const [reason, setReason] = useState('');
  const { problem, submit } = useSend<CaptureDeposit>((request) => useDepositStore.getState().capture(request));
  const titleId = useId();
  const typed = parseTypedAmount(amount, view.currency);

  return (
    <form
      className="deposit-action"
      aria-labelledby={titleId}
      onSubmit={(event) =>
        void submit(
          event,
          captureRequest(view, amount, reason, (minor) => format.money(minor)),
        )
      }
    >
      <h5 id={titleId}>{depositWords.captureHeading}</h5>
      <DepositField
        label={depositWords.captureAmount}
        hint={depositWords.captureHint(format.money(held))}
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        inputMode="decimal"
        autoComplete="off"
      />
      <DepositField
        label={depositWords.captureReason}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={200}
      />
      {problem !== undefined && (
        <p className="deposit-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {depositWords.captureDo(format.money(typed ?? 0))}
        </button>
        <button type="button" className="button" onClick={onBack}>
          {depositWords.back}
        </button>
      </div>
    </form>
  );
}

function ReleaseForm({ view, onBack }: { view: DepositView; onBack: () => void }) {
  const busy = useDepositStore((state) => state.busy);
  const [reason, setReason] = useState('');
  const { problem, submit } = useSend<ReleaseDeposit>((request) => useDepositStore.getState().release(request));
  const titleId = useId();

  return (
    <form
      className="deposit-action"
      aria-labelledby={titleId}
      onSubmit={(event) => void submit(event, releaseRequest(view, reason))}
    >
      <h5 id={titleId}>{depositWords.releaseHeading}</h5>
      <DepositField
        label={depositWords.releaseReason}
        hint={depositWords.releaseHint}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={200}
      />
      {problem !== undefined && (
        <p className="deposit-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="panel-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {depositWords.releaseDo}
        </button>
        <button type="button" className="button" onClick={onBack}>
          {depositWords.back}
        </button>
      </div>
    </form>
  );
}
