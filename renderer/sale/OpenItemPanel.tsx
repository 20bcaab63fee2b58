import { useState } from 'react';
import { useFormat } from '../i18n/format.ts';
import { parseTypedAmount } from '../i18n/amount-input.ts';
import { en } from '../i18n/messages.ts';
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
      <h2 id="open-item-title">{en.sale.openItemTitle(item.name)}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const price = parseTypedAmount(typed, currency);
          if (price === undefined || price <= 0 || price > item.maxPriceMinor) {
            useSaleStore.getState().say('error', en.sale.openItemPriceInvalid(max));
            return;
          }
          void useSaleStore.getState().addOpenItem(price);
        }}
      >
        <label>
          {en.sale.openItemPrice}
          <input
            inputMode="decimal"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            // The cashier opened this panel to type the price.
            autoFocus
          />
        </label>
        <p className="hint">{en.sale.openItemMax(max)}</p>
        <div className="panel-actions">
          <button type="submit" className="button primary">
            {en.sale.openItemAdd}
          </button>
          <button type="button" className="button" onClick={() => useSaleStore.getState().openPanel('none')}>
            {en.tender.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
