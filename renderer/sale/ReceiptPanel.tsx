import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { useFormat } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
import { useTillStore } from '../store/till-store.ts';
import { useSaleStore } from './sale-store.ts';

/** The finished sale: change to give, the receipt as it will print, and New sale. */
export function ReceiptPanel({ sale }: { sale: CompletedSale }) {
  const format = useFormat();
  const info = useTillStore((state) => state.info);
  const printer = useTillStore((state) => state.devices.printer);
  const noPrinter = printer === undefined || printer.state === 'not_configured';
  return (
    <section className="panel receipt-panel" role="dialog" aria-modal="false" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{en.receipt.title}</h2>
      {sale.changeMinor > 0 && (
        <p className="change-due">
          {en.receipt.change}: <output aria-label={en.receipt.change}>{format.money(sale.changeMinor)}</output>
        </p>
      )}
      {sale.drawer === 'none' && <p className="drawer-note">{en.receipt.drawerByHand}</p>}
      <article className="receipt-preview" aria-label="Receipt preview">
        <header>
          <strong>{info?.storeName}</strong>
          {info?.addressLines.map((line, index) => (
            <span key={`${index}:${line}`}>{line}</span>
          ))}
          <span>{en.receipt.number(sale.receiptNumber)}</span>
          <span>{format.dateTime(sale.completedAt)}</span>
        </header>
        <table>
          <tbody>
            {sale.lines.map((line) => (
              <tr key={line.lineId}>
                <td>
                  {line.quantity} × {line.name}
                </td>
                <td>{format.money(line.totalMinor)}</td>
              </tr>
            ))}
            <tr className="receipt-total">
              <th scope="row">{en.sale.total}</th>
              <td>{format.money(sale.totalMinor)}</td>
            </tr>
            {sale.vat.map((row) => (
              <tr key={row.vatBasisPoints} className="receipt-vat">
                <td>{en.sale.vatRow(format.rate(row.vatBasisPoints))}</td>
                <td>{format.money(row.vatMinor)}</td>
              </tr>
            ))}
            {sale.tenders.map((tender, index) => (
              <tr key={index} className="receipt-tender">
                <td>
                  {tender.kind === 'card'
                    ? [
                        en.receipt.cardTender,
                        tender.card?.last4 === undefined ? '' : ` ••••${tender.card.last4}`,
                        tender.card?.authCode === undefined ? '' : ` · ${en.card.authCode(tender.card.authCode)}`,
                      ].join('')
                    : en.receipt.cashTender}
                </td>
                <td>{format.money(tender.kind === 'cash' ? tender.tenderedMinor : tender.amountMinor)}</td>
              </tr>
            ))}
            {sale.changeMinor > 0 && (
              <tr>
                <td>{en.receipt.change}</td>
                <td>{format.money(sale.changeMinor)}</td>
              </tr>
            )}
          </tbody>
        </table>
      </article>
      <div className="panel-actions">
        <button type="button" className="button" disabled={noPrinter} title={noPrinter ? en.receipt.noPrinter : ''}>
          {en.receipt.print}
        </button>
        <button
          type="button"
          className="button primary"
          data-shortcut="F10"
          onClick={() => useSaleStore.getState().newSale()}
        >
          {en.receipt.newSale}
        </button>
      </div>
      {noPrinter && <p className="hint">{en.receipt.noPrinter}</p>}
    </section>
  );
}
