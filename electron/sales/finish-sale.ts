import type { DrawerResult, PrintJobView } from '../../shared/printing/print-job.ts';
import type { CompletedSale, FinishedSale } from '../../shared/sale/completed-sale.ts';
import type { PrinterService } from '../printing/printer-service.ts';

/**
 * The end of a sale after it is recorded (its receipt queued in the same
 * transaction), in the order the counter needs it: open the drawer if cash
 * changed hands, then let the printer have the receipt. A sale recorded
 * before (`repeated`: a reply lost on the way back, asked again) is answered
 * without kicking the drawer a second time.
 */
export async function finishSale(
  recorded: { sale: CompletedSale; repeated: boolean },
  printer: PrinterService | undefined,
): Promise<FinishedSale> {
  const { sale, repeated } = recorded;
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
