import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { useSaleStore } from './sale-store.ts';

/** Sales put aside on this till, oldest first, and whose each is, to recall one. */
export function ParkedPanel() {
  const parked = useSaleStore((state) => state.parked);
  const format = useFormat();
  const store = useSaleStore.getState();
  return (
    <section className="panel parked-panel" role="dialog" aria-modal="true" aria-labelledby="parked-title">
      <h2 id="parked-title">{t.sale.parkedTitle}</h2>
      {parked.length === 0 ? (
        <p>{t.sale.noParked}</p>
      ) : (
        <ul className="parked-list">
          {parked.map((sale) => (
            <li key={sale.saleId}>
              <span>
                {format.time(sale.parkedAt)} · {t.sale.items(sale.lineCount)} · {format.money(sale.totalMinor)}
                {sale.note !== undefined && <em> · {sale.note}</em>}
                {sale.parkedBy !== undefined && (
                  <> · {sale.atLock === true ? t.staff.keptFor(sale.parkedBy) : t.staff.parkedBy(sale.parkedBy)}</>
                )}
              </span>
              <button type="button" className="button" onClick={() => void store.recall(sale.saleId)}>
                {t.sale.recall}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="panel-actions">
        <button type="button" className="button" onClick={() => store.openPanel('none')}>
          {t.app.close}
        </button>
      </div>
    </section>
  );
}
