import type { CompletedSale } from '../../shared/sale/completed-sale.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { SaleChangeContext } from './sale-book.ts';

/**
 * Price changes, discounts and open items are where a till leaks money
 * quietly, so each one on a recorded sale goes in the audit log with the
 * person logged in and the manager who approved it: who changed what, on
 * which receipt, from the catalogue's price to what.
 */
export function auditSaleChanges(
  audit: AuditLog,
  sale: CompletedSale,
  actor: string | undefined,
  changes: SaleChangeContext | undefined,
): void {
  const who = actor === undefined ? {} : { actor };
  for (const line of sale.lines) {
    const approvals = changes?.approvals.get(line.lineId);
    if (changes?.openItems.has(line.lineId) === true) {
      audit.record(
        {
          action: 'open_item.sold',
          ...who,
          detail: {
            receipt: sale.receiptNumber,
            sku: line.sku,
            name: line.name,
            priceMinor: line.unitPriceMinor,
            quantity: line.quantity,
          },
        },
        sale.completedAt,
      );
    }
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
            ...(approvals?.price === undefined ? {} : { approvedBy: approvals.price }),
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
            catalogueMinor: line.unitPriceMinor,
            quantity: line.quantity,
            discountMinor: line.discountMinor,
            ...(line.discount === undefined ? {} : { discount: line.discount }),
            ...(approvals?.discount === undefined ? {} : { approvedBy: approvals.discount }),
          },
        },
        sale.completedAt,
      );
    }
  }
}
