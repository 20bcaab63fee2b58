import { useState } from 'react';
import { quickCashAmounts } from '../../shared/sale/tenders.ts';
import { useFormat } from '../i18n/format.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { en } from '../i18n/messages.ts';
import { useSaleStore } from './sale-store.ts';

/** Cash: what the customer handed over, by quick button or typed; the change follows. Main takes it and decides. */
export function CashPanel() {
  const exactDue = useSaleStore((state) => state.sale.dueMinor);
  // What cash pays, as main says: on a till that rounds cash, the due amount rounded.
  const due = useSaleStore((state) => state.sale.cashDueMinor ?? state.sale.dueMinor);
  const currency = useSaleStore((state) => state.currency);
  const busy = useSaleStore((state) => state.busy);
  const format = useFormat();
  const [typed, setTyped] = useState('');
  const tendered = parseTypedAmount(typed, currency);
  const change = tendered === undefined ? undefined : Math.max(0, tendered - due);
  const store = useSaleStore.getState();

  const take = (amount: number | undefined) => {
    if (amount === undefined || amount <= 0) store.say('error', 'Type the cash the customer handed over.');
    else void store.payCash(amount);
  };

  return (
    <section className="panel cash-panel" role="dialog" aria-modal="false" aria-labelledby="cash-title">
      <h2 id="cash-title">{en.tender.cashTitle}</h2>
      <p className="due-line">
        {en.tender.due}: <strong>{format.money(due)}</strong>
      </p>
      {due !== exactDue && <p className="hint rounding-note">{en.rounding.cashRounded(format.money(exactDue))}</p>}
      <div className="quick-cash" role="group" aria-label={en.tender.quickCash}>
        {quickCashAmounts(due, currency).map((amount) => (
          <button key={amount} type="button" className="button quick" disabled={busy} onClick={() => take(amount)}>
            {format.money(amount)}
          </button>
        ))}
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          take(tendered);
        }}
      >
        <label>
          {en.tender.tendered}
          <input
            inputMode="decimal"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            // The cashier opened this panel to type here.
            autoFocus
          />
        </label>
        {change !== undefined && change > 0 && (
          <p className="change-preview">
            {en.tender.changeDue}: <strong>{format.money(change)}</strong>
          </p>
        )}
        <div className="panel-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {en.tender.takeCash}
          </button>
          <button type="button" className="button" onClick={() => store.openPanel('none')}>
            {en.tender.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
