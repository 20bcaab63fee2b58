import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { useFormat } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
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
      <h2 id="receipt-title">{en.receipt.title}</h2>
      {sale.changeMinor > 0 && (
        <p className="change-due">
          {en.receipt.change}: <output aria-label={en.receipt.change}>{format.money(sale.changeMinor)}</output>
        </p>
      )}
      <DrawerNote drawer={drawer} />
      <div className="receipt-layout">
        <ReceiptPicture receiptNumber={sale.receiptNumber} svg={svg} />
        <div className="receipt-side">
          <table className="receipt-summary" aria-label={en.receipt.summary}>
            <tbody>
              <tr className="receipt-total">
                <th scope="row">{en.receipt.total}</th>
                <td>{format.money(sale.totalMinor)}</td>
              </tr>
              {sale.tenders.map((tender, index) => (
                <tr key={index} className="receipt-tender">
                  <th scope="row">
                    {tender.kind === 'card'
                      ? [
                          en.receipt.cardTender,
                          tender.card?.last4 === undefined ? '' : ` ••••${tender.card.last4}`,
                          tender.card?.authCode === undefined ? '' : ` · ${en.card.authCode(tender.card.authCode)}`,
                        ].join('')
                      : en.receipt.cashTender}
                  </th>
                  <td>{format.money(tender.kind === 'cash' ? tender.tenderedMinor : tender.amountMinor)}</td>
                </tr>
              ))}
              {sale.roundingMinor !== undefined && (
                <tr className="receipt-rounding">
                  <th scope="row">{en.rounding.row}</th>
                  <td>{format.money(sale.roundingMinor)}</td>
                </tr>
              )}
              {sale.changeMinor > 0 && (
                <tr>
                  <th scope="row">{en.receipt.change}</th>
                  <td>{format.money(sale.changeMinor)}</td>
                </tr>
              )}
            </tbody>
          </table>
          <p className="hint" role="status" aria-label="Printing">
            {noPrinter ? en.receipt.noPrinter : printWords(jobs)}
          </p>
          <div className="panel-actions">
            {!noPrinter && jobs.some((job) => job.status === 'queued' && job.problem !== undefined) && (
              <button type="button" className="button" onClick={() => void useSaleStore.getState().retryPrinting()}>
                {en.receipt.tryAgain}
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={noPrinter}
              onClick={() => void useSaleStore.getState().reprint()}
            >
              {en.receipt.reprint}
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
  if (drawer.drawer === 'opened') return <p className="drawer-note">{en.receipt.drawerOpened}</p>;
  if (drawer.drawer === 'none') return <p className="drawer-note">{en.receipt.drawerByHand}</p>;
  return (
    <p className="drawer-note warning" role="alert">
      {drawer.problem ?? en.receipt.drawerByHand}
    </p>
  );
}

/** The sale's own receipt decides what is said; a copy's progress shows once the receipt is out. */
function printWords(jobs: readonly PrintJobView[]): string {
  const latest = jobs.find((job) => job.status !== 'printed') ?? jobs.at(-1);
  if (latest === undefined) return '';
  if (latest.status === 'queued' && latest.problem !== undefined) return en.receipt.waiting(latest.problem);
  return en.receipt.printStatus[latest.status];
}
