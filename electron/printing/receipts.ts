import { receiptNumberFrom } from '../../shared/printing/receipt-number.ts';
import type { CurrencyCode } from '../../shared/money.ts';
import type { PaymentLink } from '../../shared/payments/payment-state.ts';
import { buildLinkSlip } from './link-slip.ts';
import type { CompletedRefund } from '../../shared/refunds/refund.ts';
import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import { TillError } from '../till-error.ts';
import type { PrintJob } from './print-queue.ts';
import {
  buildMerchantCopyDocument,
  buildReceiptDocument,
  buildRefundDocument,
  type ReceiptContext,
} from './receipt-document.ts';
import type { ReceiptLookupWords } from './receipt-words.ts';
import { renderSvg, type PaperFormat } from './render-receipt.ts';

/**
 * Receipts of recorded sales: the document a print job prints and the picture
 * the screen shows, both rebuilt from the sale's immutable record, so a
 * reprint next month is the receipt the customer got (marked COPY).
 */

/** A receipt this till issued: a sale's or a refund's, by the number printed on it. */
export type FoundReceipt =
  | { kind: 'sale'; receiptNumber: string; sale: CompletedSale }
  | { kind: 'refund'; receiptNumber: string; refund: CompletedRefund };

export interface Receipts {
  /** The receiptline document a job prints. */
  documentFor(job: PrintJob): string;
  /**
   * The receipt a number typed at the till names: full (`TILL-1-000042`), in
   * any case, or only its last digits for this till's (`42`, `R1` for a
   * refund). BAD_REQUEST or NOT_FOUND in the cashier's words otherwise.
   */
  find(typed: string): FoundReceipt;
  /** The receiptline document of a receipt found, as it prints (marked COPY when asked). */
  documentOf(receipt: FoundReceipt, options?: { copy?: boolean }): string;
  /** The SVG picture of a sale's or refund's receipt, as it prints. */
  preview(receiptNumber: string, options?: { copy?: boolean }): string;
  /** The recorded sale behind a receipt number; NOT_FOUND in the cashier's words when this till never issued it. */
  recorded(receiptNumber: string): CompletedSale;
  /** A live payment link's QR code on paper, with its amount and expiry (link-slip.ts). */
  linkSlip(link: PaymentLink, amountMinor: number, currency: CurrencyCode): string;
}

export interface ReceiptsOptions {
  /** This till's id: the front of its receipt numbers, which a short number leaves off. */
  tillId: string;
  /** A completed sale by its receipt number. */
  sale: (receiptNumber: string) => CompletedSale | undefined;
  /** A completed refund by its number; no refund receipts are found when absent. */
  refund?: (refundNumber: string) => CompletedRefund | undefined;
  context: ReceiptContext;
  format: PaperFormat;
  /** What the cashier reads when a receipt cannot be found, in the till's language. */
  words: ReceiptLookupWords;
}

export function createReceipts({ tillId, sale, refund, context, format, words }: ReceiptsOptions): Receipts {
  const recorded = (receiptNumber: string): CompletedSale => {
    const found = sale(receiptNumber);
    if (found === undefined) throw new TillError('NOT_FOUND', words.notFound(receiptNumber));
    return found;
  };

  function find(typed: string): FoundReceipt {
    const parts = receiptNumberFrom(typed, tillId);
    if (parts === undefined) throw new TillError('BAD_REQUEST', words.notANumber(typed.trim().slice(0, 40)));
    const { receiptNumber } = parts;
    if (parts.kind === 'refund') {
      const found = refund?.(receiptNumber);
      if (found === undefined) throw new TillError('NOT_FOUND', words.notFound(receiptNumber));
      return { kind: 'refund', receiptNumber, refund: found };
    }
    return { kind: 'sale', receiptNumber, sale: recorded(receiptNumber) };
  }

  const documentOf = (receipt: FoundReceipt, options: { copy?: boolean } = {}): string =>
    receipt.kind === 'sale'
      ? buildReceiptDocument(receipt.sale, context, options)
      : buildRefundDocument(receipt.refund, context, options);

  return {
    documentFor(job) {
      if (job.kind === 'document') return job.document ?? '';
      const completed = recorded(job.receiptNumber ?? '');
      if (job.kind === 'merchant_copy') return buildMerchantCopyDocument(completed, context);
      return buildReceiptDocument(completed, context, { copy: job.kind === 'copy' });
    },
    find,
    documentOf,
    preview(receiptNumber, options = {}) {
      return renderSvg(documentOf(find(receiptNumber), options), format);
    },
    recorded,
    linkSlip: (link, amountMinor, currency) => buildLinkSlip(link, amountMinor, currency, context),
  };
}
