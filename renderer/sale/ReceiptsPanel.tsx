import { useState, type SyntheticEvent } from 'react';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { EmailReceiptForm } from './EmailReceiptForm.tsx';
import { ReceiptPicture } from './ReceiptPicture.tsx';
import { useSaleStore } from './sale-store.ts';

/**
 * Receipts and the drawer away from a sale: find any receipt this till
 * issued by its number, see it as it prints (marked COPY) and print it again;
 * open the cash drawer with a reason, which main writes to the audit log.
 */
export function ReceiptsPanel({ bridge }: { bridge: RendererBridge }) {
  const printer = useTillStore((state) => state.devices.printer);
  const noPrinter = printer === undefined || printer.state === 'not_configured';
  const [number, setNumber] = useState(useSaleStore.getState().completed?.receiptNumber ?? '');
  const [shown, setShown] = useState<{ receiptNumber: string; kind: 'sale' | 'refund'; svg: string } | undefined>(
    undefined,
  );
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | undefined>(undefined);

  const show = async (event: SyntheticEvent) => {
    event.preventDefault();
    const answer = await bridge.api['receipts.preview']({ receiptNumber: number.trim(), copy: true });
    if (answer.ok) {
      setShown(answer.value);
      setMessage(undefined);
    } else {
      setShown(undefined);
      setMessage({ kind: 'error', text: answer.error.message });
    }
  };

  const reprint = async () => {
    if (shown === undefined) return;
    const answer = await bridge.api['receipts.reprint']({ receiptNumber: shown.receiptNumber });
    setMessage(
      answer.ok
        ? { kind: 'info', text: t.receipts.copyQueued(shown.receiptNumber) }
        : { kind: 'error', text: answer.error.message },
    );
  };

  const openDrawer = async (event: SyntheticEvent) => {
    event.preventDefault();
    const answer = await bridge.api['drawer.open']({ reason: reason.trim() });
    if (!answer.ok) setMessage({ kind: 'error', text: answer.error.message });
    else if (answer.value.drawer === 'opened') {
      setReason('');
      setMessage({ kind: 'info', text: t.receipts.drawerOpened });
    } else setMessage({ kind: 'error', text: answer.value.problem ?? t.receipt.drawerByHand });
  };

  return (
    <section className="panel receipts-panel" role="dialog" aria-modal="true" aria-labelledby="receipts-title">
      <h2 id="receipts-title">{t.receipts.title}</h2>
      {message !== undefined && (
        <p className={`receipts-message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="receipt-layout">
        <div className="receipt-side">
          <form onSubmit={(event) => void show(event)}>
            <h3>{t.receipts.reprintHeading}</h3>
            <label className="field">
              <span>{t.receipts.numberLabel}</span>
              <input
                value={number}
                onChange={(event) => setNumber(event.target.value)}
                placeholder={t.receipts.numberHint}
                aria-describedby="receipt-number-help"
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            <p className="hint" id="receipt-number-help">
              {t.receipts.numberHelp}
            </p>
            <div className="panel-actions">
              <button type="submit" className="button" disabled={number.trim() === ''}>
                {t.receipts.show}
              </button>
              <button
                type="button"
                className="button"
                disabled={shown === undefined || noPrinter}
                title={noPrinter ? t.receipt.noPrinter : ''}
                onClick={() => void reprint()}
              >
                {t.receipts.printCopy}
              </button>
            </div>
          </form>
          <form onSubmit={(event) => void openDrawer(event)}>
            <h3>{t.receipts.drawerHeading}</h3>
            <label className="field">
              <span>{t.receipts.reasonLabel}</span>
              <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} />
            </label>
            <p className="hint">{t.receipts.reasonHint}</p>
            <div className="panel-actions">
              <button type="submit" className="button" disabled={reason.trim().length < 3 || noPrinter}>
                {t.receipts.openDrawer}
              </button>
            </div>
          </form>
        </div>
        {shown !== undefined && (
          <div className="email-receipt-beside">
            <ReceiptPicture receiptNumber={shown.receiptNumber} svg={shown.svg} />
            {/* The e-mail outbox holds sales' receipts; a refund's goes on paper. */}
            {shown.kind === 'sale' && (
              <EmailReceiptForm
                key={shown.receiptNumber}
                send={(address) => bridge.api['receipts.email']({ receiptNumber: shown.receiptNumber, address })}
              />
            )}
          </div>
        )}
      </div>
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
          {t.app.close}
        </button>
      </div>
    </section>
  );
}
