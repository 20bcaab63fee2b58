import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import { lineAmounts, type CartLine } from '../../shared/sale/cart.ts';
import { useFormat, type Formatters } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { useSaleStore } from './sale-store.ts';

/** A line's height before it is measured, in rem: one name line, one detail line, the 2.75rem touch targets. */
const LINE_HEIGHT_REM = 3.3;

/** The root font size in px: the cashier's text size (150 %, 200 %) makes every line taller. */
const rootFontPx = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

/**
 * Scrolls the list just enough for the line at `index` to be wholly in view,
 * once the virtualizer has put it on the page; measures nothing when it is.
 */
function revealLine(list: HTMLElement, index: number) {
  const row = list.querySelector<HTMLElement>(`[data-index="${String(index)}"]`);
  if (row === null) return;
  const top = row.offsetTop;
  const bottom = top + row.offsetHeight;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
}

/**
 * The sale's lines as main holds them, newest last, with quantity buttons, and
 * main's totals with VAT per rate. Only the lines in view (and a few around
 * them) are on the page: a sale of 500 lines costs what a sale of 20 does when
 * one more is added. After every change the list scrolls to the line just
 * added, changed or picked, as the cashier expects after a scan.
 */
export function CartView() {
  const lines = useSaleStore((state) => state.sale.lines);
  const totals = useSaleStore((state) => state.sale.totals);
  const locked = useSaleStore((state) => state.sale.linesLocked);
  const selected = useSaleStore((state) => state.selectedLineId);
  const revision = useSaleStore((state) => state.sale.revision);
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Read once per render, not once per line: a 500-line sale asks for 500 estimates when its length changes.
  const estimatePx = LINE_HEIGHT_REM * rootFontPx();
  // The virtualizer hands back functions that change on every render, which the compiler cannot memoise; none is kept.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimatePx,
    getItemKey: (index) => lines[index]?.lineId ?? index,
    overscan: 8,
  });
  const selectedIndex = selected === undefined ? -1 : lines.findIndex((line) => line.lineId === selected);
  // The line just added, changed or picked is in view; with none picked (a sale back after a reload), the newest is.
  const inView = selectedIndex >= 0 ? selectedIndex : lines.length - 1;
  useEffect(() => {
    if (inView < 0) return undefined;
    // In the next frame, where the browser lays the page out anyway: asking the list's size now would make it
    // lay the page out twice for one new line. The virtualizer scrolls by its estimates; the frame after, the
    // row is on the page and measured, and is brought wholly into view if an estimate was off.
    let frame = requestAnimationFrame(() => {
      rows.scrollToIndex(inView, { align: 'auto' });
      frame = requestAnimationFrame(() => {
        if (scrollRef.current !== null) revealLine(scrollRef.current, inView);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [rows, inView, revision]);
  const shown = rows.getVirtualItems();
  const first = shown[0];
  const last = shown.at(-1);

  return (
    <section className="cart" aria-label={t.sale.cartLabel}>
      {lines.length === 0 ? (
        <p className="cart-empty">{t.sale.emptyCart}</p>
      ) : (
        <div ref={scrollRef} className="cart-scroll">
          <ol
            className="cart-lines"
            aria-label={t.sale.cartLabel}
            // The lines out of view are room, not rows: the scrollbar still says how long the sale is.
            style={{
              paddingTop: first?.start ?? 0,
              paddingBottom: last === undefined ? 0 : rows.getTotalSize() - last.end,
            }}
          >
            {shown.map((row) => {
              const line = lines[row.index];
              if (line === undefined) return null;
              return (
                <CartLineRow
                  key={line.lineId}
                  line={line}
                  index={row.index}
                  count={lines.length}
                  measure={rows.measureElement}
                  selected={line.lineId === selected}
                  locked={locked}
                  format={format}
                />
              );
            })}
          </ol>
        </div>
      )}
      <div className="totals" role="group" aria-label={t.sale.total}>
        {totals.discountMinor > 0 && (
          <>
            <div className="totals-row">
              <span>{t.sale.subtotal}</span>
              <span>{format.money(totals.grossMinor)}</span>
            </div>
            <div className="totals-row">
              <span>{t.sale.discounts}</span>
              <span>−{format.money(totals.discountMinor)}</span>
            </div>
          </>
        )}
        <div className="totals-row grand-total">
          <span>
            {t.sale.total} <small>({t.sale.items(totals.itemCount)})</small>
          </span>
          <output aria-label={t.sale.total}>{format.money(totals.totalMinor)}</output>
        </div>
        {totals.vat.length > 0 && (
          <table className="vat-breakdown" aria-label={t.sale.vatHeading}>
            <tbody>
              {totals.vat.map((row) => (
                <tr key={row.vatBasisPoints}>
                  <th scope="row">{t.sale.vatRow(format.rate(row.vatBasisPoints))}</th>
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

/** One line; memoised on main's line object, which the store keeps while the line is unchanged. */
const CartLineRow = memo(function CartLineRow({
  line,
  index,
  count,
  measure,
  selected,
  locked,
  format,
}: {
  line: CartLine;
  index: number;
  count: number;
  measure: (element: Element | null) => void;
  selected: boolean;
  locked: boolean;
  format: Formatters;
}) {
  const amounts = lineAmounts(line);
  const store = useSaleStore.getState();
  return (
    <li
      ref={measure}
      data-index={index}
      // Assistive technology hears the whole sale's length, not only the rows on the page.
      aria-setsize={count}
      aria-posinset={index + 1}
      className={selected ? 'cart-line selected' : 'cart-line'}
      aria-current={selected ? 'true' : undefined}
    >
      <button type="button" className="line-main" onClick={() => store.select(line.lineId)} aria-label={line.name}>
        <span className="line-name">{line.name}</span>
        <span className="line-detail">
          {line.quantity} × {format.money(amounts.unitPriceMinor)}
          {line.priceOverrideMinor !== undefined && <em> · {t.sale.priceChanged}</em>}
          {amounts.discountMinor > 0 && <em> · {t.sale.discountShort(`−${format.money(amounts.discountMinor)}`)}</em>}
        </span>
      </button>
      <span className="line-total">{format.money(amounts.totalMinor)}</span>
      {!locked && (
        <span className="line-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t.sale.decrease(line.name)}
            onClick={() => void store.stepQuantity(line.lineId, -1)}
          >
            −
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t.sale.increase(line.name)}
            onClick={() => void store.stepQuantity(line.lineId, 1)}
          >
            +
          </button>
          <button
            type="button"
            className="icon-button remove"
            aria-label={t.sale.remove(line.name)}
            onClick={() => void store.removeLine(line.lineId)}
          >
            ×
          </button>
        </span>
      )}
    </li>
  );
});
