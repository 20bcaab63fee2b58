import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { CompleteSale, FinishedSale } from '../../shared/sale/completed-sale.ts';
import type { PrinterService } from '../printing/printer-service.ts';
import type { SaleJournal } from './sale-journal.ts';

/**
 * The end of a sale, in the order the counter needs it: record the sale (its
 * receipt is queued in the same transaction), open the drawer if cash
 * changed hands, then let the printer have the receipt. Asked again with the
 * same sale (a reply lost on the way back), it answers the recorded sale
 * without kicking the drawer a second time.
 */
export async function finishSale(
  request: CompleteSale,
  sales: SaleJournal,
  printer: PrinterService | undefined,
  /** Who is logged in: named in the audit log for any price change or discount on the sale. */
  actor?: string,
): Promise<FinishedSale> {
  const repeated = sales.completed(request.saleId) !== undefined;
  const sale = sales.complete(request, actor);
  const tookCash = sale.tenders.some((tender) => tender.kind === 'cash');
  let drawer: DrawerResult;
  if (!tookCash || repeated) drawer = { drawer: 'not_needed' };
  else if (printer === undefined) drawer = { drawer: 'none' };
  else drawer = await printer.kickDrawer();
  printer?.wake();
  return { sale, drawer, receipt: receiptJob(sale.receiptNumber, printer) };
}

function receiptJob(receiptNumber: string, printer: PrinterService | undefined): PrintJobView | null {
  return printer?.jobsForReceipt(receiptNumber).find((job) => job.kind === 'receipt') ?? null;
}
