import { useState } from 'react';
import { DEFAULT_SCREEN_SETTINGS } from '../../shared/ipc/contract.ts';
import { quickCashAmounts } from '../../shared/sale/tenders.ts';
import { useFormat } from '../i18n/format.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { needsCashConfirm } from './cash-confirm.ts';
import { useSaleStore } from './sale-store.ts';

/**
 * Cash: what the customer handed over, by quick button or typed; the change
 * follows. Enter on an empty box takes exactly what is due. Typed cash far
 * above what is due (a barcode, zeros too many) is asked about first, with
 * both amounts. Main takes the cash and decides; this is the cashier's safety net.
 */
export function CashPanel() {
  const exactDue = useSaleStore((state) => state.sale.dueMinor);
  // What cash pays, as main says: on a till that rounds cash, the due amount rounded.
  const due = useSaleStore((state) => state.sale.cashDueMinor ?? state.sale.dueMinor);
  const currency = useSaleStore((state) => state.currency);
  const busy = useSaleStore((state) => state.busy);
  const limits = useTillStore((state) => state.info?.screen ?? DEFAULT_SCREEN_SETTINGS).cashConfirm;
  const format = useFormat();
  const [typed, setTyped] = useState('');
  const [asking, setAsking] = useState<number | undefined>(undefined);
  const tendered = parseTypedAmount(typed, currency);
  const change = tendered === undefined ? undefined : Math.max(0, tendered - due);
  const store = useSaleStore.getState();

  const take = (amount: number | undefined) => {
    if (amount === undefined || amount <= 0) store.say('error', t.tender.typeCash);
    else if (needsCashConfirm(amount, due, limits)) setAsking(amount);
    else void store.payCash(amount);
  };

  if (asking !== undefined) {
    return (
      <section className="panel cash-panel" role="dialog" aria-modal="true" aria-labelledby="cash-title">
        <h2 id="cash-title">{t.tender.cashTitle}</h2>
        <div className="cash-confirm" role="group" aria-labelledby="cash-confirm-question">
          <p id="cash-confirm-question" className="cash-confirm-question">
            <strong>{t.tender.confirmCash(format.money(asking), format.money(due))}</strong>
          </p>
          <p className="hint">{t.tender.confirmWhy}</p>
          <div className="panel-actions">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => {
                setAsking(undefined);
                void store.payCash(asking);
              }}
            >
              {t.tender.confirmYes}
            </button>
            <button
              type="button"
              className="button"
              // The safe answer has the focus: a stray Enter changes nothing.
              autoFocus
              onClick={() => setAsking(undefined)}
            >
              {t.tender.confirmNo}
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section className="panel cash-panel" role="dialog" aria-modal="true" aria-labelledby="cash-title">
      <h2 id="cash-title">{t.tender.cashTitle}</h2>
      <p className="due-line">
        {t.tender.due}: <strong>{format.money(due)}</strong>
      </p>
      {due !== exactDue && <p className="hint rounding-note">{t.rounding.cashRounded(format.money(exactDue))}</p>}
      <div className="quick-cash" role="group" aria-label={t.tender.quickCash}>
        {quickCashAmounts(due, currency).map((amount) => (
          // A note the till offers is not a typing mistake: taken without asking.
          <button
            key={amount}
            type="button"
            className="button quick"
            disabled={busy}
            onClick={() => void store.payCash(amount)}
          >
            {format.money(amount)}
          </button>
        ))}
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // Nothing typed: the customer handed over exactly what is due.
          take(typed.trim() === '' ? due : tendered);
        }}
      >
        <label>
          {t.tender.tendered}
          <input
            inputMode="decimal"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            // The cashier opened this panel to type here.
            autoFocus
          />
        </label>
        <p className="hint">{t.tender.exactHint(format.money(due))}</p>
        {change !== undefined && change > 0 && (
          <p className="change-preview">
            {t.tender.changeDue}: <strong>{format.money(change)}</strong>
          </p>
        )}
        <div className="panel-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t.tender.takeCash}
          </button>
          <button type="button" className="button" onClick={() => store.openPanel('none')}>
            {t.tender.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
