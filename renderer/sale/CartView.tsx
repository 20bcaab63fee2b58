import { memo } from 'react';
import { lineAmounts, type CartLine } from '../../shared/sale/cart.ts';
import { useFormat, type Formatters } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
import { linesLocked, saleTotals, useSaleStore } from './sale-store.ts';

/** The sale's lines, newest last, with quantity buttons, and the totals with VAT per rate. */
export function CartView() {
  const cart = useSaleStore((state) => state.cart);
  const tenders = useSaleStore((state) => state.tenders);
  const card = useSaleStore((state) => state.card);
  const selected = useSaleStore((state) => state.selectedLineId);
  const format = useFormat();
  const locked = linesLocked({ tenders, card });
  const totals = saleTotals({ cart, tenders });

  return (
    <section className="cart" aria-label={en.sale.cartLabel}>
      {cart.lines.length === 0 ? (
        <p className="cart-empty">{en.sale.emptyCart}</p>
      ) : (
        <ol className="cart-lines" aria-label={en.sale.cartLabel}>
          {cart.lines.map((line) => (
            <CartLineRow
              key={line.lineId}
              line={line}
              selected={line.lineId === selected}
              locked={locked}
              format={format}
            />
          ))}
        </ol>
      )}
      <div className="totals" aria-label={en.sale.total}>
        {totals.discountMinor > 0 && (
          <>
            <div className="totals-row">
              <span>{en.sale.subtotal}</span>
              <span>{format.money(totals.grossMinor)}</span>
            </div>
            <div className="totals-row">
              <span>{en.sale.discounts}</span>
              <span>−{format.money(totals.discountMinor)}</span>
            </div>
          </>
        )}
        <div className="totals-row grand-total">
          <span>
            {en.sale.total} <small>({en.sale.items(totals.itemCount)})</small>
          </span>
          <output aria-label={en.sale.total}>{format.money(totals.totalMinor)}</output>
        </div>
        {totals.vat.length > 0 && (
          <table className="vat-breakdown" aria-label={en.sale.vatHeading}>
            <tbody>
              {totals.vat.map((row) => (
                <tr key={row.vatBasisPoints}>
                  <th scope="row">{en.sale.vatRow(format.rate(row.vatBasisPoints))}</th>
                  <td>{format.money(row.vatMinor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** One line; memoised so adding a line to a long sale repaints one row, not all of them. */
const CartLineRow = memo(function CartLineRow({
  line,
  selected,
  locked,
  format,
}: {
  line: CartLine;
  selected: boolean;
  locked: boolean;
  format: Formatters;
}) {
  const amounts = lineAmounts(line);
  const store = useSaleStore.getState();
  return (
    <li className={selected ? 'cart-line selected' : 'cart-line'} aria-current={selected ? 'true' : undefined}>
      <button type="button" className="line-main" onClick={() => store.select(line.lineId)} aria-label={line.name}>
        <span className="line-name">{line.name}</span>
        <span className="line-detail">
          {line.quantity} × {format.money(amounts.unitPriceMinor)}
          {line.priceOverrideMinor !== undefined && <em> · {en.sale.priceChanged}</em>}
          {amounts.discountMinor > 0 && <em> · {en.sale.discountShort(`−${format.money(amounts.discountMinor)}`)}</em>}
        </span>
      </button>
      <span className="line-total">{format.money(amounts.totalMinor)}</span>
      {!locked && (
        <span className="line-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={en.sale.decrease(line.name)}
            onClick={() => store.setQuantity(line.lineId, line.quantity - 1)}
          >
            −
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={en.sale.increase(line.name)}
            onClick={() => store.setQuantity(line.lineId, line.quantity + 1)}
          >
            +
          </button>
          <button
            type="button"
            className="icon-button remove"
            aria-label={en.sale.remove(line.name)}
            onClick={() => store.removeLine(line.lineId)}
          >
            ×
          </button>
        </span>
      )}
    </li>
  );
});
