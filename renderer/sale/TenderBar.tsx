import { useState } from 'react';
import { useFormat } from '../i18n/format.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { useSaleStore } from './sale-store.ts';

/**
 * What is due and how it will be paid, as main says. The amount starts at
 * everything due; typing less splits the sale: this tender takes that much,
 * the rest stays due. Main refuses more than is due whatever is typed here.
 */
export function TenderBar() {
  const sale = useSaleStore((state) => state.sale);
  const busy = useSaleStore((state) => state.busy);
  const panel = useSaleStore((state) => state.panel);
  const currency = useSaleStore((state) => state.currency);
  const terminal = useTillStore((state) => state.devices.terminal);
  const links = useTillStore((state) => state.info?.linkPayments === true);
  const format = useFormat();
  const totals = { paidMinor: sale.paidMinor, dueMinor: sale.dueMinor };
  const tenders = sale.tenders;
  // What was typed belongs to the amount due when it was typed: a tender taken or a line added clears it.
  const [entry, setEntry] = useState({ text: '', forDue: totals.dueMinor });
  const typed = entry.forDue === totals.dueMinor ? entry.text : '';

  if (sale.lines.length === 0 || panel === 'receipt') return null;
  const amount = typed.trim() === '' ? undefined : parseTypedAmount(typed, currency);
  const amountOk = typed.trim() === '' || (amount !== undefined && amount > 0 && amount <= totals.dueMinor);
  const noCards = terminal?.state === 'not_configured';

  const payByCard = () => {
    if (!amountOk) useSaleStore.getState().say('error', t.tender.notMoreThanDue);
    else void useSaleStore.getState().payByCard(amount);
  };
  const payByLink = () => {
    if (!amountOk) useSaleStore.getState().say('error', t.tender.notMoreThanDue);
    else void useSaleStore.getState().payByLink(amount);
  };

  return (
    <section className="tender-bar" aria-label={t.layout.payment}>
      <div className="due">
        {tenders.length > 0 && (
          <span className="paid">
            {t.tender.paid}: {format.money(totals.paidMinor)}
          </span>
        )}
        <span className="due-label">{t.tender.due}</span>
        <output className="due-amount" aria-label={t.tender.due}>
          {format.money(totals.dueMinor)}
        </output>
      </div>
      {totals.dueMinor > 0 && (
        <>
          <label className="split-amount">
            {t.tender.amountToPay}
            <input
              inputMode="decimal"
              value={typed}
              placeholder={format.money(totals.dueMinor)}
              onChange={(event) => setEntry({ text: event.target.value, forDue: totals.dueMinor })}
              aria-invalid={!amountOk}
            />
          </label>
          <div className="tender-buttons">
            <button
              type="button"
              className="button tender card-tender"
              data-shortcut="F8"
              disabled={busy || noCards}
              title={noCards ? t.tender.noCards : undefined}
              onClick={payByCard}
            >
              {t.tender.card}
            </button>
            <button
              type="button"
              className="button tender cash-tender"
              data-shortcut="F9"
              disabled={busy}
              onClick={() => useSaleStore.getState().openPanel('cash')}
            >
              {t.tender.cash}
            </button>
            {links && (
              <button
                type="button"
                className="button tender link-tender"
                data-shortcut="F11"
                disabled={busy}
                onClick={payByLink}
              >
                {t.tender.link}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
