import { useFormat } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
import { useSaleStore } from './sale-store.ts';

/** Sales put aside on this till, oldest first, and whose each is, to recall one. */
export function ParkedPanel() {
  const parked = useSaleStore((state) => state.parked);
  const format = useFormat();
  const store = useSaleStore.getState();
  return (
    <section className="panel parked-panel" role="dialog" aria-modal="true" aria-labelledby="parked-title">
      <h2 id="parked-title">{en.sale.parkedTitle}</h2>
      {parked.length === 0 ? (
        <p>{en.sale.noParked}</p>
      ) : (
        <ul className="parked-list">
          {parked.map((sale) => (
            <li key={sale.saleId}>
              <span>
                {format.time(sale.parkedAt)} · {en.sale.items(sale.lineCount)} · {format.money(sale.totalMinor)}
                {sale.note !== undefined && <em> · {sale.note}</em>}
                {sale.parkedBy !== undefined && (
                  <> · {sale.atLock === true ? en.staff.keptFor(sale.parkedBy) : en.staff.parkedBy(sale.parkedBy)}</>
                )}
              </span>
              <button type="button" className="button" onClick={() => void store.recall(sale.saleId)}>
                {en.sale.recall}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => store.openPanel('none')}>
          {en.app.close}
        </button>
      </div>
    </section>
  );
}
