import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { AuditLog } from '../audit/audit-log.ts';

/**
 * Price changes and discounts are where a till leaks money quietly, so each
 * one on a recorded sale goes in the audit log with the person logged in:
 * who changed what, on which receipt, from what to what.
 */
export function auditSaleChanges(audit: AuditLog, sale: CompletedSale, actor: string | undefined): void {
  const who = actor === undefined ? {} : { actor };
  for (const line of sale.lines) {
    if (line.priceOverrideMinor !== undefined) {
      audit.record(
        {
          action: 'price.overridden',
          ...who,
          detail: {
            receipt: sale.receiptNumber,
            sku: line.sku,
            fromMinor: line.unitPriceMinor,
            toMinor: line.priceOverrideMinor,
            quantity: line.quantity,
          },
        },
        sale.completedAt,
      );
    }
    if (line.discountMinor > 0) {
      audit.record(
        {
          action: 'discount.given',
          ...who,
          detail: {
            receipt: sale.receiptNumber,
            sku: line.sku,
            discountMinor: line.discountMinor,
            ...(line.discount === undefined ? {} : { discount: line.discount }),
          },
        },
        sale.completedAt,
      );
    }
  }
}
