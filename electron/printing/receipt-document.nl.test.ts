import { describe, expect, it } from 'vitest';
import { CompletedRefundSchema } from '../../shared/refunds/refund.ts';
import { CompletedSaleSchema, type CompletedSale } from '../../shared/sale/completed-sale.ts';
import {
  buildMerchantCopyDocument,
  buildReceiptDocument,
  buildRefundDocument,
  type ReceiptContext,
} from './receipt-document.ts';
import { paperFormat, renderEscPos, type PaperFormat } from './render-receipt.ts';
import { decodeEscPos, type EscPosPrintout } from './testing/escpos-decoder.ts';

/**
 * A till configured with `language: "nl"` prints its receipts in Dutch, on
 * real ESC/POS bytes decoded back to lines. Amounts and dates still follow
 * the locale; what the terminal printed stays the terminal's.
 */

const FORMAT_80: PaperFormat = paperFormat(undefined);
const FORMAT_58: PaperFormat = { ...FORMAT_80, charactersPerLine: 32 };

const DUTCH: ReceiptContext = {
  storeName: 'De Hoek',
  addressLines: ['Prinsengracht 263'],
  tillName: 'Kassa 2',
  locale: 'nl-NL',
  language: 'nl',
  mode: 'live',
};

/** Two bags of coffee, tea at a changed price and 10 % off; 28.98 paid 20.00 by card and 10.00 cash, 1.02 change. */
const SALE: CompletedSale = CompletedSaleSchema.parse({
  saleId: 'SALE-7',
  receiptNumber: 'SHOP1-TILL2-000007',
  completedAt: '2026-03-01T10:15:00.000Z',
  tillId: 'SHOP1-TILL2',
  currency: 'EUR',
  lines: [
    {
      lineId: 'l1',
      sku: 'KOF-500',
      name: 'Koffiebonen 500g',
      unitPriceMinor: 1299,
      quantity: 2,
      vatBasisPoints: 900,
      totalMinor: 2598,
      discountMinor: 0,
    },
    {
      lineId: 'l2',
      sku: 'THEE-1',
      name: 'Thee',
      unitPriceMinor: 400,
      priceOverrideMinor: 333,
      quantity: 1,
      vatBasisPoints: 900,
      discount: { kind: 'percent', basisPoints: 1000 },
      totalMinor: 300,
      discountMinor: 33,
    },
  ],
  totalMinor: 2898,
  discountMinor: 33,
  itemCount: 3,
  vat: [{ vatBasisPoints: 900, grossMinor: 2898, vatMinor: 239, netMinor: 2659 }],
  tenders: [
    {
      kind: 'card',
      attemptId: 'attempt-1',
      amountMinor: 2000,
      card: { brand: 'maestro', last4: '4321', authCode: '123456' },
      receipts: [
        {
          copy: 'merchant',
          signatureRequired: true,
          lines: [{ label: 'KOPIE WINKELIER' }, { label: 'Kaart', value: '**** 4321' }],
        },
      ],
    },
    { kind: 'cash', tenderedMinor: 1000, amountMinor: 898, changeMinor: 102 },
  ],
  changeMinor: 102,
});

function printed(document: string, format: PaperFormat = FORMAT_80): EscPosPrintout {
  return decodeEscPos(renderEscPos(document, format), { encoding: format.codePage });
}

const trimmed = (printout: EscPosPrintout): string[] => printout.lines.map((line) => line.trim());

function lineMatching(printout: EscPosPrintout, pattern: RegExp): void {
  const found = printout.lines.filter((line) => pattern.test(line));
  expect(found, `exactly one line matching ${String(pattern)} in\n${printout.lines.join('\n')}`).toHaveLength(1);
}

/** The receipt's own English words, none of which may be left on a Dutch receipt. */
const ENGLISH =
  /TOTAL\b|\bitems?\b|Discount|Price changed|^Card|Approval code|^Cash|^Change|\bNet\b|Receipt|Thank you|COPY|NOT A SALE/;

describe('a Dutch till’s receipt', () => {
  it('prints every word of the receipt in Dutch, amounts as nl-NL writes them', () => {
    const out = printed(buildReceiptDocument(SALE, DUTCH));
    const lines = trimmed(out);

    lineMatching(out, /^Koffiebonen 500g\s+25,98$/);
    lineMatching(out, /^\s+2 x 12,99$/);
    lineMatching(out, /^\s+Prijs gewijzigd van 4,00$/);
    lineMatching(out, /^\s+Korting 10%\s+-0,33$/);
    lineMatching(out, /^TOTAAL EUR\s+28,98$/);
    lineMatching(out, /^3 artikelen$/);
    lineMatching(out, /^Pin MAESTRO \*\*\*\*4321\s+20,00$/);
    lineMatching(out, /^\s+Autorisatiecode 123456$/);
    lineMatching(out, /^Contant\s+10,00$/);
    lineMatching(out, /^Wisselgeld\s+1,02$/);
    lineMatching(out, /^BTW\s+Netto\s+BTW\s+Totaal$/);
    lineMatching(out, /^9%\s+26,59\s+2,39\s+28,98$/);
    expect(lines).toContain('Bon SHOP1-TILL2-000007');
    expect(lines.at(-1)).toBe('Bedankt voor uw aankoop');
    expect(lines.filter((line) => ENGLISH.test(line))).toEqual([]);
  });

  it('marks a reprint and a training receipt in Dutch, within 58 mm paper', () => {
    const out = printed(buildReceiptDocument(SALE, { ...DUTCH, mode: 'training' }, { copy: true }), FORMAT_58);
    const lines = trimmed(out);

    expect(lines.filter((line) => line === 'KOPIE')).toHaveLength(2);
    expect(lines).toContain('TRAINING - GEEN VERKOOP');
    expect(lines).not.toContain('Bedankt voor uw aankoop');
    lineMatching(out, /^TOTAAL EUR\s+28,98$/);
    expect(out.lines.filter((line) => line.length > 32)).toEqual([]);
    expect(lines.filter((line) => ENGLISH.test(line))).toEqual([]);
  });

  it('prints the store’s copy of the card slip in Dutch', () => {
    const lines = trimmed(printed(buildMerchantCopyDocument(SALE, DUTCH)));

    expect(lines.filter((line) => line === 'KOPIE WINKELIER')).toHaveLength(2);
    expect(lines).toContain('Handtekening kaarthouder');
    expect(lines.at(-1)).toBe('Bewaar deze kopie bij de kassa');
  });

  it('prints a refund in Dutch: what came back, where the money went, and why', () => {
    const refund = CompletedRefundSchema.parse({
      refundId: 'r1',
      refundNumber: 'SHOP1-TILL2-R000003',
      originalReceiptNumber: 'SHOP1-TILL2-000007',
      completedAt: '2026-03-02T09:00:00.000Z',
      tillId: 'SHOP1-TILL2',
      mode: 'live',
      currency: 'EUR',
      lines: [
        { lineIndex: 0, sku: 'KOF-500', name: 'Koffiebonen 500g', quantity: 2, vatBasisPoints: 900, amountMinor: 2598 },
      ],
      totalMinor: 2598,
      vat: [{ vatBasisPoints: 900, grossMinor: 2598, vatMinor: 215, netMinor: 2383 }],
      tenders: [
        { kind: 'card', attemptId: 'a2', amountMinor: 2000, card: { brand: 'maestro', last4: '4321' } },
        { kind: 'cash', amountMinor: 598 },
      ],
      reason: 'Verkeerde maling',
      by: 'Anna',
    });
    const out = printed(buildRefundDocument(refund, DUTCH));
    const lines = trimmed(out);

    expect(lines).toContain('RETOURBON');
    lineMatching(out, /^RETOUR EUR\s+25,98$/);
    lineMatching(out, /^Terug op pas MAESTRO \*\*\*\*4321\s+20,00$/);
    lineMatching(out, /^Contant terug\s+5,98$/);
    expect(lines).toContain('Retournummer SHOP1-TILL2-R000003');
    expect(lines).toContain('Oorspronkelijke bon SHOP1-TILL2-000007');
    expect(lines).toContain('Reden: Verkeerde maling');
    expect(lines).toContain('Door: Anna');
    expect(lines.at(-1)).toBe('Bewaar deze bon als bewijs van uw retour');
  });

  it('prints English when the context names no language', () => {
    const english: ReceiptContext = {
      storeName: 'Shop',
      addressLines: [],
      tillName: 'Till 1',
      locale: 'nl-NL',
      mode: 'live',
    };
    const lines = trimmed(printed(buildReceiptDocument(SALE, english)));

    expect(lines).toContain('Receipt SHOP1-TILL2-000007');
    expect(lines.at(-1)).toBe('Thank you');
  });
});
