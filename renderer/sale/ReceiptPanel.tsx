import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { useTillStore } from '../store/till-store.ts';
import { EmailReceiptForm } from './EmailReceiptForm.tsx';
import { ReceiptPicture } from './ReceiptPicture.tsx';
import { useSaleStore } from './sale-store.ts';

/**
 * The finished sale: change to give, what the drawer did, the receipt exactly
 * as it prints (main draws it as SVG from the same document the printer
 * gets, shown as a picture so it cannot fetch or run anything), whether it has
 * printed, the receipt by e-mail when the till can send it, and New sale.
 */
export function ReceiptPanel({ sale }: { sale: CompletedSale }) {
  const format = useFormat();
  const svg = useSaleStore((state) => state.receiptSvg);
  const drawer = useSaleStore((state) => state.drawer);
  const jobs = useSaleStore((state) => state.receiptJobs);
  const printer = useTillStore((state) => state.devices.printer);
  const noPrinter = printer === undefined || printer.state === 'not_configured';
  return (
    <section className="panel receipt-panel" role="dialog" aria-modal="true" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t.receipt.title}</h2>
      {sale.changeMinor > 0 && (
        <p className="change-due">
          {t.receipt.change}: <output aria-label={t.receipt.change}>{format.money(sale.changeMinor)}</output>
        </p>
      )}
      <DrawerNote drawer={drawer} />
      <div className="receipt-layout">
        <ReceiptPicture receiptNumber={sale.receiptNumber} svg={svg} />
        <div className="receipt-side">
          <table className="receipt-summary" aria-label={t.receipt.summary}>
            <tbody>
              <tr className="receipt-total">
                <th scope="row">{t.receipt.total}</th>
                <td>{format.money(sale.totalMinor)}</td>
              </tr>
              {sale.tenders.map((tender, index) => (
                <tr key={index} className="receipt-tender">
                  <th scope="row">
                    {tender.kind === 'card'
                      ? [
                          t.receipt.cardTender,
                          tender.card?.last4 === undefined ? '' : ` ••••${tender.card.last4}`,
                          tender.card?.authCode === undefined ? '' : ` · ${t.card.authCode(tender.card.authCode)}`,
                        ].join('')
                      : t.receipt.cashTender}
                  </th>
                  <td>{format.money(tender.kind === 'cash' ? tender.tenderedMinor : tender.amountMinor)}</td>
                </tr>
              ))}
              {sale.roundingMinor !== undefined && (
                <tr className="receipt-rounding">
                  <th scope="row">{t.rounding.row}</th>
                  <td>{format.money(sale.roundingMinor)}</td>
                </tr>
              )}
              {sale.changeMinor > 0 && (
                <tr>
                  <th scope="row">{t.receipt.change}</th>
                  <td>{format.money(sale.changeMinor)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <p className="hint" role="status" aria-label={t.layout.printing}>
            {noPrinter ? t.receipt.noPrinter : printWords(jobs)}
          </p>
          <div className="panel-actions">
            {!noPrinter && jobs.some((job) => job.status === 'queued' && job.problem !== undefined) && (
              <button type="button" className="button" onClick={() => void useSaleStore.getState().retryPrinting()}>
                {t.receipt.tryAgain}
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={noPrinter}
              onClick={() => void useSaleStore.getState().reprint()}
            >
              {t.receipt.reprint}
            </button>
            <button
              type="button"
              className="button primary"
              data-shortcut="F10"
              onClick={() => useSaleStore.getState().newSale()}
            >
              {t.receipt.newSale}
            </button>
          </div>
          <EmailReceiptForm
            key={sale.receiptNumber}
            send={(address) => useSaleStore.getState().emailReceipt(address)}
          />
        </div>
      </div>
    </section>
  );
}

function DrawerNote({ drawer }: { drawer: DrawerResult | undefined }) {
  if (drawer === undefined || drawer.drawer === 'not_needed') return null;
  if (drawer.drawer === 'opened') return <p className="drawer-note">{t.receipt.drawerOpened}</p>;
  if (drawer.drawer === 'none') return <p className="drawer-note">{t.receipt.drawerByHand}</p>;
  return (
    <p className="drawer-note warning" role="alert">
      {drawer.problem ?? t.receipt.drawerByHand}
    </p>
  );
}

/** The sale's own receipt decides what is said; a copy's progress shows once the receipt is out. */
function printWords(jobs: readonly PrintJobView[]): string {
  const latest = jobs.find((job) => job.status !== 'printed') ?? jobs.at(-1);
  if (latest === undefined) return '';
  if (latest.status === 'queued' && latest.problem !== undefined) return t.receipt.waiting(latest.problem);
  return t.receipt.printStatus[latest.status];
}
