import { describe, expect, it } from 'vitest';
import type { TerminalReceipt } from '../../shared/payments/terminal-receipt.ts';
import { CompletedSaleSchema, type CompletedSale } from '../../shared/sale/completed-sale.ts';
import {
  buildMerchantCopyDocument,
  buildReceiptDocument,
  needsMerchantCopy,
  terminalReceiptLines,
  text,
  type ReceiptContext,
} from './receipt-document.ts';
import { paperFormat, renderEscPos, type PaperFormat } from './render-receipt.ts';
import { decodeEscPos, type EscPosPrintout } from './testing/escpos-decoder.ts';

const FORMAT_80: PaperFormat = paperFormat(undefined);
const FORMAT_58: PaperFormat = { ...FORMAT_80, charactersPerLine: 32 };

const CONTEXT: ReceiptContext = {
  storeName: 'Kassa Koffie',
  addressLines: ['Keizersgracht 1', '1015 CJ Amsterdam'],
  tillName: 'Till 1',
  locale: 'en-GB',
  mode: 'live',
};

const CUSTOMER_RECEIPT: TerminalReceipt = {
  copy: 'customer',
  signatureRequired: false,
  lines: [
    { label: 'CARDHOLDER COPY', bold: true },
    { label: 'Terminal', value: 'V400m-324688179' },
    { label: 'Card', value: '**** **** **** 1111' },
    { label: 'AID', value: 'A0000000031010' },
    { label: '' },
    { label: 'APPROVED', bold: true },
    { label: 'Total', value: 'EUR 30.00', bold: true },
  ],
};

const MERCHANT_RECEIPT: TerminalReceipt = {
  copy: 'merchant',
  signatureRequired: true,
  lines: [
    { label: 'MERCHANT COPY' },
    { label: 'Card', value: '**** **** **** 1111' },
    { label: 'Auth. code', value: '654321' },
    { label: 'Signature required', bold: true },
  ],
};

/**
 * Two coffee bags at 12.99 (9 % VAT), oat milk with 10 % off (9 %), a mug
 * whose price was changed from 15.00 to 12.00 (21 %): 40.22, paid 30.00 by
 * card and 11.00 cash, 0.78 change.
 */
function completedSale(overrides: Partial<CompletedSale> = {}): CompletedSale {
  return CompletedSaleSchema.parse({
    saleId: 'SALE-42',
    receiptNumber: 'TILL-1-000042',
    completedAt: '2025-03-01T10:15:00.000Z',
    tillId: 'TILL-1',
    currency: 'EUR',
    lines: [
      {
        lineId: 'l1',
        sku: 'COF-500',
        name: 'Coffee beans 500g',
        unitPriceMinor: 1299,
        quantity: 2,
        vatBasisPoints: 900,
        totalMinor: 2598,
        discountMinor: 0,
      },
      {
        lineId: 'l2',
        sku: 'OAT-1',
        name: 'Oat milk',
        unitPriceMinor: 249,
        quantity: 1,
        vatBasisPoints: 900,
        discount: { kind: 'percent', basisPoints: 1000 },
        totalMinor: 224,
        discountMinor: 25,
      },
      {
        lineId: 'l3',
        sku: 'MUG-1',
        name: 'Kassa mug',
        unitPriceMinor: 1500,
        priceOverrideMinor: 1200,
        quantity: 1,
        vatBasisPoints: 2100,
        totalMinor: 1200,
        discountMinor: 0,
      },
    ],
    totalMinor: 4022,
    discountMinor: 25,
    itemCount: 4,
    vat: [
      { vatBasisPoints: 900, grossMinor: 2822, vatMinor: 233, netMinor: 2589 },
      { vatBasisPoints: 2100, grossMinor: 1200, vatMinor: 208, netMinor: 992 },
    ],
    tenders: [
      {
        kind: 'card',
        attemptId: 'attempt-1',
        amountMinor: 3000,
        terminalReference: '8515565295894301',
        card: { brand: 'visa', last4: '1111', authCode: '654321' },
        receipts: [CUSTOMER_RECEIPT, MERCHANT_RECEIPT],
      },
      { kind: 'cash', tenderedMinor: 1100, amountMinor: 1022, changeMinor: 78 },
    ],
    changeMinor: 78,
    ...overrides,
  });
}

function printed(document: string, format: PaperFormat = FORMAT_80): EscPosPrintout {
  return decodeEscPos(renderEscPos(document, format), { encoding: format.codePage });
}

const trimmed = (printout: EscPosPrintout): string[] => printout.lines.map((line) => line.trim());

/** Lines made of the rule character only. */
const rules = (printout: EscPosPrintout): number => printout.lines.filter((line) => /^─+$/.test(line)).length;

/** The index of the one printed line matching `pattern`; fails when there is none or more than one. */
function lineMatching(printout: EscPosPrintout, pattern: RegExp): number {
  const found = printout.lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  expect(found, `exactly one line matching ${String(pattern)} in\n${printout.lines.join('\n')}`).toHaveLength(1);
  return found[0] ?? -1;
}

describe('the customer receipt', () => {
  it('prints the store, every line with its details, the total, the tenders and the VAT table', () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT));
    const lines = trimmed(out);

    expect(lines.slice(0, 3)).toEqual(['Kassa Koffie', 'Keizersgracht 1', '1015 CJ Amsterdam']);
    expect(out.boldLines.has(0)).toBe(true);
    lineMatching(out, /^Coffee beans 500g\s+25\.98$/);
    lineMatching(out, /^\s+2 x 12\.99$/);
    lineMatching(out, /^Oat milk\s+2\.49$/);
    lineMatching(out, /^\s+Discount 10%\s+-0\.25$/);
    lineMatching(out, /^Kassa mug\s+12\.00$/);
    lineMatching(out, /^\s+Price changed from 15\.00$/);
    const total = lineMatching(out, /^TOTAL EUR\s+40\.22$/);
    expect(out.boldLines.has(total)).toBe(true);
    lineMatching(out, /^4 items$/);
    lineMatching(out, /^Card visa \*\*\*\*1111\s+30\.00$/i);
    lineMatching(out, /^\s+Approval code 654321$/);
    lineMatching(out, /^Cash\s+11\.00$/);
    lineMatching(out, /^Change\s+0\.78$/);
    lineMatching(out, /^VAT\s+Net\s+VAT\s+Total$/);
    lineMatching(out, /^9%\s+25\.89\s+2\.33\s+28\.22$/);
    lineMatching(out, /^21%\s+9\.92\s+2\.08\s+12\.00$/);
    expect(lines).toContain('Receipt TILL-1-000042');
    expect(lines.some((line) => /^Till 1, .*2025/.test(line))).toBe(true);
    expect(lines.at(-1)).toBe('Thank you');
  });

  it('keeps the order: items, total, tenders, VAT, terminal copy, receipt number', () => {
    const lines = trimmed(printed(buildReceiptDocument(completedSale(), CONTEXT)));
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const order = [
      /^Coffee/,
      /^TOTAL EUR/,
      /^Card visa/i,
      /^Cash/,
      /^Change/,
      /^VAT/,
      /^CARDHOLDER COPY$/,
      /^Receipt /,
    ];
    const positions = order.map(at);

    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("prints the terminal's customer copy, not its merchant copy", () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT));
    const lines = trimmed(out);

    expect(lines).toContain('CARDHOLDER COPY');
    expect(lines).toContain('APPROVED');
    lineMatching(out, /^Terminal\s+V400m-324688179$/);
    lineMatching(out, /^Card\s+\*\*\*\* \*\*\*\* \*\*\*\* 1111$/);
    lineMatching(out, /^AID\s+A0000000031010$/);
    const terminalTotal = lineMatching(out, /^Total\s+EUR 30\.00$/);
    expect(out.boldLines.has(terminalTotal)).toBe(true);
    expect(lines).not.toContain('MERCHANT COPY');
    expect(lines).not.toContain('Cardholder signature');
    expect(lines.join('\n')).not.toMatch(/Auth\. code/);
  });

  it('ends with one cut and a GS r 1, and never kicks the drawer', () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT));

    expect(out.cuts).toBe(1);
    expect(out.drawerKicks).toEqual([]);
    expect(out.statusRequests).toEqual([{ command: 'GS r', n: 1 }]);
    expect(out.events.at(-2)).toEqual({ kind: 'cut' });
  });

  it('marks a reprint COPY at the top and the bottom, and only a reprint', () => {
    const original = trimmed(printed(buildReceiptDocument(completedSale(), CONTEXT)));
    const copy = trimmed(printed(buildReceiptDocument(completedSale(), CONTEXT, { copy: true })));

    expect(original.filter((line) => line === 'COPY')).toEqual([]);
    expect(copy.filter((line) => line === 'COPY')).toHaveLength(2);
    expect(copy.indexOf('COPY')).toBe(3);
    expect(copy.at(-1)).toBe('COPY');
    expect(copy).not.toContain('Thank you');
    // The copy is the same receipt: the same lines apart from the COPY marks and the thanks.
    const body = (lines: string[]) => lines.filter((line) => !['COPY', 'Thank you', ''].includes(line));
    expect(body(copy)).toEqual(body(original));
  });

  it('leaves out what a sale did not have: change, discounts, the card and the VAT table', () => {
    const sale = completedSale({
      lines: [
        {
          lineId: 'l1',
          sku: 'TEA-1',
          name: 'Green tea',
          unitPriceMinor: 350,
          quantity: 1,
          vatBasisPoints: 0,
          totalMinor: 350,
          discountMinor: 0,
        },
      ],
      totalMinor: 350,
      discountMinor: 0,
      itemCount: 1,
      vat: [],
      tenders: [{ kind: 'cash', tenderedMinor: 350, amountMinor: 350, changeMinor: 0 }],
      changeMinor: 0,
    });
    const out = printed(buildReceiptDocument(sale, CONTEXT));
    const lines = trimmed(out);

    lineMatching(out, /^Green tea\s+3\.50$/);
    lineMatching(out, /^TOTAL EUR\s+3\.50$/);
    expect(lines).toContain('1 item');
    lineMatching(out, /^Cash\s+3\.50$/);
    for (const absent of [/^Change/, /Discount/, /Price changed/, /^Card/, /^VAT/, / x /, /APPROVED/]) {
      expect(lines.filter((line) => absent.test(line))).toEqual([]);
    }
  });

  it('prints a card without brand or code as just Card', () => {
    const sale = completedSale({
      tenders: [
        { kind: 'card', attemptId: 'a', amountMinor: 3000 },
        { kind: 'cash', tenderedMinor: 1100, amountMinor: 1022, changeMinor: 78 },
      ],
    });
    const out = printed(buildReceiptDocument(sale, CONTEXT));

    lineMatching(out, /^Card\s+30\.00$/);
    expect(trimmed(out).filter((line) => /Approval code|CARDHOLDER/.test(line))).toEqual([]);
  });

  it('writes amounts the way the locale does, without a currency sign', () => {
    const out = printed(buildReceiptDocument(completedSale(), { ...CONTEXT, locale: 'nl-NL' }));

    lineMatching(out, /^TOTAL EUR\s+40,22$/);
    lineMatching(out, /^\s+2 x 12,99$/);
    lineMatching(out, /^Change\s+0,78$/);
    expect(out.lines.join('\n')).not.toMatch(/€/);
  });

  /** A one-line sale of `totalMinor`, paid in cash. */
  const bigSale = (totalMinor: number, vatBasisPoints: number, vatMinor: number): CompletedSale =>
    completedSale({
      lines: [
        {
          lineId: 'l1',
          sku: 'GRINDER',
          name: 'Moulin à café',
          unitPriceMinor: totalMinor,
          quantity: 1,
          vatBasisPoints,
          totalMinor,
          discountMinor: 0,
        },
      ],
      totalMinor,
      discountMinor: 0,
      itemCount: 1,
      vat: [{ vatBasisPoints, grossMinor: totalMinor, vatMinor, netMinor: totalMinor - vatMinor }],
      tenders: [{ kind: 'cash', tenderedMinor: totalMinor, amountMinor: totalMinor, changeMinor: 0 }],
      changeMinor: 0,
    });

  // The TOTAL prints double width: its column must be twice the characters, or 123.45 wraps as "123.4" / "5".
  it.each([
    [12_345, /^TOTAL EUR\s+123\.45$/],
    [123_456, /^TOTAL EUR\s+1,234\.56$/],
  ])('prints a total of %i cents whole, on one line', (totalMinor, total) => {
    const out = printed(buildReceiptDocument(bigSale(totalMinor, 2100, 0), CONTEXT));

    lineMatching(out, total);
  });

  // fr-FR groups thousands with U+202F, which no receipt code page has: it must not reach the printer as "?".
  it('prints French amounts of a thousand euros without a question mark', () => {
    const out = printed(buildReceiptDocument(bigSale(123_456, 2000, 20_576), { ...CONTEXT, locale: 'fr-FR' }));

    lineMatching(out, /^Moulin à café\s+1\s234,56$/);
    lineMatching(out, /^Cash\s+1\s234,56$/);
    expect(out.lines.filter((line) => line.includes('?'))).toEqual([]);
  });
});

describe("what the till prints is the till's, not the catalogue's", () => {
  const MARKUP_NAMES = ['-', '===', 'a|b {x} "q" ^^ _u_ \\', '`inverted` ~~ \\x1b'];

  function saleNamed(names: readonly string[]): CompletedSale {
    return completedSale({
      lines: names.map((name, index) => ({
        lineId: `l${String(index)}`,
        sku: `SKU-${String(index)}`,
        name,
        unitPriceMinor: 100,
        quantity: 1,
        vatBasisPoints: 900,
        totalMinor: 100,
        discountMinor: 0,
      })),
      totalMinor: 100 * names.length,
      discountMinor: 0,
      itemCount: names.length,
      vat: [],
      tenders: [{ kind: 'cash', tenderedMinor: 100 * names.length, amountMinor: 100 * names.length, changeMinor: 0 }],
      changeMinor: 0,
    });
  }

  it('prints product names with receiptline markup literally, one line each, with their amount', () => {
    const plain = printed(buildReceiptDocument(saleNamed(['A', 'B', 'C', 'D']), CONTEXT));
    const out = printed(buildReceiptDocument(saleNamed(MARKUP_NAMES), CONTEXT));

    for (const name of MARKUP_NAMES) {
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      lineMatching(out, new RegExp(`^${escaped}\\s+1\\.00$`));
    }
    expect(rules(out)).toBe(rules(plain));
    expect(out.lines).toHaveLength(plain.lines.length);
    expect(out.cuts).toBe(1);
    expect(out.boldLines).toEqual(plain.boldLines);
  });

  it('prints markup in the store name, the address, the till name and terminal lines literally', () => {
    const context: ReceiptContext = {
      storeName: '"Kassa" ^ _Koffie_',
      addressLines: ['-', '==='],
      tillName: 'Till | 1 {x}',
      locale: 'en-GB',
      mode: 'live',
    };
    const receipt: TerminalReceipt = {
      copy: 'customer',
      signatureRequired: false,
      lines: [{ label: '---' }, { label: '=' }, { label: 'a|b', value: '{c}|d' }],
    };
    const sale = completedSale({
      tenders: [
        { kind: 'card', attemptId: 'a', amountMinor: 3000, receipts: [receipt] },
        { kind: 'cash', tenderedMinor: 1100, amountMinor: 1022, changeMinor: 78 },
      ],
    });
    const plain = printed(buildReceiptDocument(sale, { ...context, addressLines: ['x', 'y'] }));
    const out = printed(buildReceiptDocument(sale, context));
    const lines = trimmed(out);

    expect(lines.slice(0, 3)).toEqual(['"Kassa" ^ _Koffie_', '-', '===']);
    expect(lines).toContain('---');
    expect(lines).toContain('=');
    lineMatching(out, /^a\|b\s+\{c\}\|d$/);
    expect(lines.some((line) => line.startsWith('Till | 1 {x}, '))).toBe(true);
    expect(rules(out)).toBe(rules(plain));
    expect(out.cuts).toBe(1);
  });

  it('never lets a control character in a name reach the printer as a command', () => {
    // ESC p 0 25 250 would kick the drawer, ESC i would cut, ESC @ would reset, CSI is C1.
    const evil = 'Evil\u001bp\u0000\u0019\u00fa\u001bi\u001b@\u009bname';
    const receipt: TerminalReceipt = {
      copy: 'customer',
      signatureRequired: false,
      lines: [{ label: 'Bad\u001bi', value: '\u001bp\u00011' }],
    };
    const sale = saleNamed([evil]);
    const withCard = completedSale({
      ...sale,
      tenders: [{ kind: 'card', attemptId: 'a', amountMinor: 100, receipts: [receipt] }],
    });
    const context = { ...CONTEXT, storeName: 'Shop\u001bi', addressLines: ['\u001bp\u0000\u0019\u00fa'] };
    const bytes = renderEscPos(buildReceiptDocument(withCard, context), FORMAT_80);
    const out = decodeEscPos(bytes, { encoding: 'cp858' });

    expect(bytes.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
    expect(bytes.includes(Buffer.from([0x1b, 0x69]))).toBe(false);
    expect(bytes.indexOf(Buffer.from([0x1b, 0x40]), 1)).toBe(-1);
    expect(out.drawerKicks).toEqual([]);
    expect(out.cuts).toBe(1);
    lineMatching(out, /^Evil p\s+ú i @ name\s+1\.00$/);
    expect(trimmed(out)[0]).toBe('Shop i');
  });

  it('text() escapes every markup character and blanks control characters', () => {
    expect(text('a|b')).toBe('a\\|b');
    expect(text('-')).toBe('\\-');
    expect(text('{x}')).toBe('\\{x\\}');
    expect(text('\\')).toBe('\\\\');
    expect(text('"~_`^=')).toBe('\\"\\~\\_\\`\\^\\=');
    expect(text('a\u001bb\nc\u007fd\u0085e')).toBe('a b c d e');
    expect(text('Café 12,50')).toBe('Café 12,50');
  });
});

describe('training and demo receipts', () => {
  it.each([
    ['training', 'TRAINING - NOT A SALE'],
    ['demo', 'DEMO - NOT A SALE'],
  ] as const)('a %s till marks its receipt "%s" under the address', (mode, words) => {
    const lines = trimmed(printed(buildReceiptDocument(completedSale(), { ...CONTEXT, mode })));

    expect(lines.indexOf(words)).toBe(3);
    expect(lines.filter((line) => line.includes('NOT A SALE'))).toEqual([words]);
  });

  it('a live receipt says nothing of the kind', () => {
    const lines = trimmed(printed(buildReceiptDocument(completedSale(), CONTEXT)));

    expect(lines.filter((line) => /NOT A SALE|TRAINING|DEMO/.test(line))).toEqual([]);
  });

  it('the merchant copy of a training sale is marked too', () => {
    const lines = trimmed(printed(buildMerchantCopyDocument(completedSale(), { ...CONTEXT, mode: 'training' })));

    expect(lines).toContain('TRAINING - NOT A SALE');
  });
});

describe('58 mm paper (32 characters a line)', () => {
  it('keeps every line of the receipt and of the merchant copy within 32 columns', () => {
    for (const document of [
      buildReceiptDocument(completedSale(), { ...CONTEXT, mode: 'training' }, { copy: true }),
      buildMerchantCopyDocument(completedSale(), CONTEXT),
    ]) {
      const out = printed(document, FORMAT_58);
      expect(out.lines.filter((line) => line.length > 32)).toEqual([]);
      expect(out.lines.filter((line) => /^─+$/.test(line)).every((line) => line.length === 32)).toBe(true);
    }
  });

  it('still prints the lines, the total and the tenders whole', () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT), FORMAT_58);

    lineMatching(out, /^Coffee beans 500g\s+25\.98$/);
    lineMatching(out, /^TOTAL EUR\s+40\.22$/);
    lineMatching(out, /^Card visa \*\*\*\*1111\s+30\.00$/i);
    lineMatching(out, /^Change\s+0\.78$/);
  });

  // Detail lines must not keep an empty amount column, or the code wraps: "65432" / "1".
  it('prints the approval code and the price change on one line', () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT), FORMAT_58);

    lineMatching(out, /^\s*Approval code 654321$/);
    lineMatching(out, /^\s*Price changed from 15\.00$/);
  });

  // Fixed VAT column widths that suit 80 mm would leave the rate one character wide on 32 columns.
  it('prints each VAT row on one line', () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT), FORMAT_58);

    lineMatching(out, /^VAT\s+Net\s+VAT\s+Total$/);
    lineMatching(out, /^9%\s+25\.89\s+2\.33\s+28\.22$/);
    lineMatching(out, /^21%\s+9\.92\s+2\.08\s+12\.00$/);
  });

  // receiptline's `auto` width splits a line in two equal columns, so a 19-character card number would wrap.
  it("prints the terminal's card number on one line", () => {
    const out = printed(buildReceiptDocument(completedSale(), CONTEXT), FORMAT_58);

    lineMatching(out, /^Card\s+\*\*\*\* \*\*\*\* \*\*\*\* 1111$/);
  });
});

describe('the merchant copy', () => {
  const noSignature: TerminalReceipt = {
    copy: 'merchant',
    signatureRequired: false,
    lines: [{ label: 'MERCHANT COPY' }, { label: 'Card', value: '**** 2222' }],
  };

  it('needs one only when a card payment asks for a signature', () => {
    expect(needsMerchantCopy(completedSale())).toBe(true);
    const cardOnly = (receipts: TerminalReceipt[] | undefined) =>
      completedSale({
        tenders: [
          { kind: 'card', attemptId: 'a', amountMinor: 3000, ...(receipts === undefined ? {} : { receipts }) },
          { kind: 'cash', tenderedMinor: 1100, amountMinor: 1022, changeMinor: 78 },
        ],
      });
    expect(needsMerchantCopy(cardOnly([CUSTOMER_RECEIPT, noSignature]))).toBe(false);
    expect(needsMerchantCopy(cardOnly([CUSTOMER_RECEIPT]))).toBe(false);
    expect(needsMerchantCopy(cardOnly(undefined))).toBe(false);
    // The flag counts on the merchant copy only.
    expect(needsMerchantCopy(cardOnly([{ ...CUSTOMER_RECEIPT, signatureRequired: true }]))).toBe(false);
    expect(
      needsMerchantCopy(
        completedSale({ tenders: [{ kind: 'cash', tenderedMinor: 5000, amountMinor: 4022, changeMinor: 978 }] }),
      ),
    ).toBe(false);
  });

  it("carries the terminal's merchant lines of the tenders to be signed, a line to sign on and the receipt number", () => {
    const sale = completedSale({
      tenders: [
        { kind: 'card', attemptId: 'a', amountMinor: 2000, receipts: [CUSTOMER_RECEIPT, MERCHANT_RECEIPT] },
        { kind: 'card', attemptId: 'b', amountMinor: 2022, receipts: [noSignature] },
      ],
      changeMinor: 0,
    });
    const out = printed(buildMerchantCopyDocument(sale, CONTEXT));
    const lines = trimmed(out);

    expect(lines.slice(0, 3)).toEqual(['Kassa Koffie', 'Keizersgracht 1', '1015 CJ Amsterdam']);
    lineMatching(out, /^Card\s+\*\*\*\* \*\*\*\* \*\*\*\* 1111$/);
    lineMatching(out, /^Auth\. code\s+654321$/);
    expect(lines).toContain('Signature required');
    expect(lines.filter((line) => /^_{28}$/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => line === 'Cardholder signature')).toHaveLength(1);
    expect(lines.indexOf('Cardholder signature') - 1).toBe(lines.findIndex((line) => /^_{28}$/.test(line)));
    expect(lines).toContain('Receipt TILL-1-000042');
    expect(lines).toContain('Keep this copy with the till');
    // Not the unsigned tender, not the customer's copy, not the sale.
    expect(lines.join('\n')).not.toMatch(/2222|CARDHOLDER COPY|Coffee|TOTAL/);
    expect(out.cuts).toBe(1);
    expect(out.drawerKicks).toEqual([]);
  });

  it('gives each tender to be signed its own signature line', () => {
    const second: TerminalReceipt = { ...MERCHANT_RECEIPT, lines: [{ label: 'Card', value: '**** 3333' }] };
    const sale = completedSale({
      tenders: [
        { kind: 'card', attemptId: 'a', amountMinor: 2000, receipts: [MERCHANT_RECEIPT] },
        { kind: 'card', attemptId: 'b', amountMinor: 2022, receipts: [second] },
      ],
      changeMinor: 0,
    });
    const lines = trimmed(printed(buildMerchantCopyDocument(sale, CONTEXT)));

    expect(lines.filter((line) => line === 'Cardholder signature')).toHaveLength(2);
    expect(lines.findIndex((line) => line.endsWith('1111'))).toBeLessThan(
      lines.findIndex((line) => line.endsWith('3333')),
    );
  });
});

describe('terminalReceiptLines', () => {
  it('prints label and value as two columns, a lone label centred, bold where the terminal said', () => {
    const out = printed(terminalReceiptLines(CUSTOMER_RECEIPT).join('\n'));
    const lines = out.lines;

    expect(lines.map((line) => line.trim())).toEqual([
      'CARDHOLDER COPY',
      expect.stringMatching(/^Terminal\s+V400m-324688179$/),
      expect.stringMatching(/^Card\s+\*{4} \*{4} \*{4} 1111$/),
      expect.stringMatching(/^AID\s+A0000000031010$/),
      '',
      'APPROVED',
      expect.stringMatching(/^Total\s+EUR 30\.00$/),
    ]);
    // Centred: as much room on the left as on the right.
    const title = lines[0] ?? '';
    expect(title.length - title.trimStart().length).toBe(Math.floor((48 - 'CARDHOLDER COPY'.length) / 2));
    // The values end at the right edge.
    expect(lines[1]).toHaveLength(48);
    expect([...out.boldLines].map((index) => out.lines[index]?.trim())).toEqual([
      'CARDHOLDER COPY',
      'APPROVED',
      expect.stringMatching(/^Total/),
    ]);
  });
});
