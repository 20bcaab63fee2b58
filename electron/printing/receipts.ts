import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { TillError } from '../till-error.ts';
import type { PrintJob } from './print-queue.ts';
import { buildMerchantCopyDocument, buildReceiptDocument, type ReceiptContext } from './receipt-document.ts';
import { renderSvg, type PaperFormat } from './render-receipt.ts';

/**
 * Receipts of recorded sales: the document a print job prints and the picture
 * the screen shows, both rebuilt from the sale's immutable record, so a
 * reprint next month is the receipt the customer got (marked COPY).
 */

export interface Receipts {
  /** The receiptline document a job prints. */
  documentFor(job: PrintJob): string;
  /** The SVG picture of a sale's receipt, as it prints. */
  preview(receiptNumber: string, options?: { copy?: boolean }): string;
  /** The recorded sale behind a receipt number; NOT_FOUND in the cashier's words when this till never issued it. */
  recorded(receiptNumber: string): CompletedSale;
}

export interface ReceiptsOptions {
  /** A completed sale by its receipt number. */
  sale: (receiptNumber: string) => CompletedSale | undefined;
  context: ReceiptContext;
  format: PaperFormat;
}

export function createReceipts({ sale, context, format }: ReceiptsOptions): Receipts {
  const recorded = (receiptNumber: string): CompletedSale => {
    const found = sale(receiptNumber);
    if (found === undefined) throw new TillError('NOT_FOUND', `There is no receipt ${receiptNumber} on this till.`);
    return found;
  };

  return {
    documentFor(job) {
      if (job.kind === 'document') return job.document ?? '';
      const completed = recorded(job.receiptNumber ?? '');
      if (job.kind === 'merchant_copy') return buildMerchantCopyDocument(completed, context);
      return buildReceiptDocument(completed, context, { copy: job.kind === 'copy' });
    },
    preview(receiptNumber, options = {}) {
      return renderSvg(buildReceiptDocument(recorded(receiptNumber), context, options), format);
    },
    recorded,
  };
}
