import { useState } from 'react';
import { useFormat } from '../i18n/format.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { t } from '../i18n/words.ts';
import { useSaleStore } from './sale-store.ts';

/** An item without a code: the cashier types its price, up to the key's maximum; main checks it again and audits it. */
export function OpenItemPanel() {
  const item = useSaleStore((state) => state.openItem);
  const currency = useSaleStore((state) => state.currency);
  const format = useFormat();
  const [typed, setTyped] = useState('');
  if (item === undefined) return null;
  const max = format.money(item.maxPriceMinor);

  return (
    <section className="panel open-item-panel" role="dialog" aria-modal="true" aria-labelledby="open-item-title">
      <h2 id="open-item-title">{t.sale.openItemTitle(item.name)}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const price = parseTypedAmount(typed, currency);
          if (price === undefined || price <= 0 || price > item.maxPriceMinor) {
            useSaleStore.getState().say('error', t.sale.openItemPriceInvalid(max));
            return;
          }
          void useSaleStore.getState().addOpenItem(price);
        }}
      >
        <label>
          {t.sale.openItemPrice}
          <input
            inputMode="decimal"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            // The cashier opened this panel to type the price.
            autoFocus
          />
        </label>
        <p className="hint">{t.sale.openItemMax(max)}</p>
        <div className="panel-actions">
          <button type="submit" className="button primary">
            {t.sale.openItemAdd}
          </button>
          <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
            {t.tender.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
