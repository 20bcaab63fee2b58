import type { CompletedSale } from '../shared/sale/completed-sale.ts';

/**
 * A receipt as a busy supermarket till prints it: `lineCount` lines over two
 * VAT rates, discounts and a changed price here and there, paid by card (with
 * the terminal's customer copy on the receipt) and cash with change.
 */
export function benchSale(lineCount: number): CompletedSale {
  const lines = Array.from({ length: lineCount }, (_, index) => {
    const unitPriceMinor = 99 + ((index * 137) % 1_900);
    const quantity = 1 + (index % 3);
    const discountMinor = index % 7 === 0 ? Math.floor((unitPriceMinor * quantity) / 10) : 0;
    return {
      lineId: `l-${String(index)}`,
      sku: `SKU-${String(index).padStart(5, '0')}`,
      name: `Product ${String(index)} ${['organic oat milk 1 l', 'sourdough loaf', 'red wine 75 cl'][index % 3] ?? ''}`,
      unitPriceMinor,
      quantity,
      vatBasisPoints: index % 2 === 0 ? 900 : 2_100,
      ...(discountMinor > 0 ? { discount: { kind: 'percent' as const, basisPoints: 1_000 } } : {}),
      ...(index % 11 === 0 ? { priceOverrideMinor: unitPriceMinor } : {}),
      totalMinor: unitPriceMinor * quantity - discountMinor,
      discountMinor,
    };
  });
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  const cardMinor = Math.floor(totalMinor / 2);
  const cashMinor = totalMinor - cardMinor;
  const tenderedMinor = Math.ceil(cashMinor / 1_000) * 1_000;
  return {
    saleId: 'bench-sale',
    receiptNumber: 'TILL-1-004242',
    completedAt: '2026-11-21T14:03:00.000Z',
    tillId: 'TILL-1',
    currency: 'EUR',
    lines,
    totalMinor,
    discountMinor: lines.reduce((sum, line) => sum + line.discountMinor, 0),
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    vat: [
      { vatBasisPoints: 900, grossMinor: 0, vatMinor: 0, netMinor: 0 },
      { vatBasisPoints: 2_100, grossMinor: 0, vatMinor: 0, netMinor: 0 },
    ],
    tenders: [
      {
        kind: 'card',
        attemptId: 'a-1',
        amountMinor: cardMinor,
        card: { brand: 'mc', last4: '1111', authCode: '123456' },
        receipts: [
          {
            copy: 'customer',
            signatureRequired: false,
            lines: [
              { label: 'CARDHOLDER COPY', bold: true },
              { label: 'Date', value: '2026-11-21' },
              { label: 'Terminal', value: 'P400Plus-275000001' },
              { label: 'Card', value: '**** **** **** 1111' },
              { label: 'TOTAL', value: 'EUR 10.00', bold: true },
              { label: 'APPROVED', bold: true },
              { label: 'Auth. code', value: '123456' },
            ],
          },
        ],
      },
      { kind: 'cash', tenderedMinor, amountMinor: cashMinor, changeMinor: tenderedMinor - cashMinor },
    ],
    changeMinor: tenderedMinor - cashMinor,
  };
}
