import { describe, expect, it } from 'vitest';
import { DayReportSchema, type DayReport } from '../../shared/till-day/day-report.ts';
import type { ReceiptContext } from '../printing/receipt-document.ts';
import { paperFormat, renderEscPos, type PaperFormat } from '../printing/render-receipt.ts';
import { decodeEscPos, type EscPosPrintout } from '../printing/testing/escpos-decoder.ts';
import { buildDayReportDocument, reportWordsFor } from './report-document.ts';

/**
 * The X and Z reports on paper, decoded back from real ESC/POS bytes: a till
 * configured with `language: "nl"` prints every label in Dutch, amounts as
 * its locale writes them; one without a language prints English.
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

/** Day 4: two sales (one cash, one card), a card refund, 20,00 to the safe; closed as Z 12 with 0,52 short. */
const Z: DayReport = DayReportSchema.parse({
  kind: 'Z',
  tillId: 'SHOP1-TILL2',
  currency: 'EUR',
  day: {
    dayNumber: 4,
    mode: 'live',
    openedAt: '2026-03-02T07:30:00.000Z',
    openedBy: 'Bo',
    floatMinor: 10_000,
    floatCounted: true,
  },
  generatedAt: '2026-03-02T18:00:00.000Z',
  sales: { count: 2, itemCount: 3, totalMinor: 3_200, discountMinor: 100 },
  refunds: { count: 1, totalMinor: 1_250 },
  voids: { count: 1, totalMinor: 439 },
  tenders: [
    { kind: 'cash', salesMinor: 350, refundsMinor: 0, netMinor: 350 },
    { kind: 'card', salesMinor: 2_850, refundsMinor: 1_250, netMinor: 1_600 },
  ],
  vat: [{ vatBasisPoints: 2_100, grossMinor: 1_950, vatMinor: 338, netMinor: 1_612 }],
  cash: {
    floatMinor: 10_000,
    salesMinor: 350,
    roundingMinor: 2,
    refundsMinor: 0,
    inMinor: 0,
    outMinor: 2_000,
    expectedMinor: 8_352,
  },
  cashMoves: [{ at: '2026-03-02T12:00:00.000Z', kind: 'out', amountMinor: 2_000, reason: 'Naar de kluis' }],
  netTakingsMinor: 1_950,
  zNumber: 12,
  closedBy: 'Bo',
  countedCashMinor: 8_300,
  differenceMinor: -52,
});

function printed(document: string, format: PaperFormat = FORMAT_80): EscPosPrintout {
  return decodeEscPos(renderEscPos(document, format), { encoding: format.codePage });
}

const trimmed = (printout: EscPosPrintout): string[] => printout.lines.map((line) => line.trim());

function lineMatching(printout: EscPosPrintout, pattern: RegExp): void {
  const found = printout.lines.filter((line) => pattern.test(line));
  expect(found, `exactly one line matching ${String(pattern)} in\n${printout.lines.join('\n')}`).toHaveLength(1);
}

/** The report's own English words, none of which may be left on a Dutch report. */
const ENGLISH =
  /REPORT|Till day|Opened|Float|Sales|Items|Discounts|Refunds|Voided|TAKINGS|^Cash|^Card|Expected|Counted|Difference|Closed by|Printed|Currency/;

describe('a Dutch till’s X and Z reports', () => {
  it('prints every label of the Z report in Dutch, amounts as nl-NL writes them', () => {
    const out = printed(buildDayReportDocument(Z, DUTCH));
    const lines = trimmed(out);

    expect(lines).toContain('Z-RAPPORT nr. 12');
    expect(lines).toContain('Kassadag 4 - Kassa 2');
    expect(lines).toContain('Geopend 2 mrt 2026, 07:30 (Bo)');
    lineMatching(out, /^Verkopen \(2\)\s+32,00$/);
    lineMatching(out, /^Artikelen\s+3$/);
    lineMatching(out, /^Gegeven korting\s+1,00$/);
    lineMatching(out, /^Retour \(1\)\s+-12,50$/);
    lineMatching(out, /^Gewist \(1\)\s+4,39$/);
    lineMatching(out, /^NETTO-OMZET\s+19,50$/);
    lineMatching(out, /^Verkoop\s+Retour\s+Netto$/);
    lineMatching(out, /^Contant\s+3,50\s+0,00\s+3,50$/);
    lineMatching(out, /^Pin\s+28,50\s+-12,50\s+16,00$/);
    lineMatching(out, /^BTW\s+Netto\s+BTW\s+Totaal$/);
    lineMatching(out, /^Beginsaldo\s+100,00$/);
    lineMatching(out, /^Verkoop contant\s+3,50$/);
    lineMatching(out, /^Kasafronding\s+0,02$/);
    lineMatching(out, /^Retour contant\s+0,00$/);
    lineMatching(out, /^Geld in\s+0,00$/);
    lineMatching(out, /^Geld uit\s+-20,00$/);
    lineMatching(out, /^\s+Geld uit\s+-20,00$/);
    lineMatching(out, /^Verwacht saldo\s+83,52$/);
    lineMatching(out, /^Geteld\s+83,00$/);
    lineMatching(out, /^Verschil\s+-0,52$/);
    expect(lines).toContain('Afgesloten door: Bo');
    expect(lines).toContain('Afgedrukt 2 mrt 2026, 18:00');
    expect(lines.at(-1)).toBe('Valuta EUR');
    expect(lines.filter((line) => ENGLISH.test(line))).toEqual([]);
  });

  it('prints the X report in Dutch within 58 mm paper, an uncounted float said so', () => {
    const x: DayReport = {
      ...Z,
      kind: 'X',
      day: { ...Z.day, floatCounted: false },
      zNumber: undefined,
      closedBy: undefined,
      countedCashMinor: undefined,
      differenceMinor: undefined,
    };
    const wide = printed(buildDayReportDocument(x, DUTCH));
    expect(trimmed(wide)).toContain('X-RAPPORT - TUSSENSTAND');
    lineMatching(wide, /^Beginsaldo ongeteld\s+100,00$/);

    const narrow = printed(buildDayReportDocument(x, DUTCH), FORMAT_58);
    expect(trimmed(narrow)).toContain('X-RAPPORT - TUSSENSTAND');
    lineMatching(narrow, /^Pin\s+28,50\s+-12,50\s+16,00$/);
    lineMatching(narrow, /^Verkoop contant\s+3,50$/);
    expect(narrow.lines.filter((line) => line.length > 32)).toEqual([]);
    expect(trimmed(narrow).filter((line) => ENGLISH.test(line))).toEqual([]);
  });

  it('prints English when the context names no language', () => {
    const english: ReceiptContext = {
      storeName: DUTCH.storeName,
      addressLines: DUTCH.addressLines,
      tillName: DUTCH.tillName,
      locale: DUTCH.locale,
      mode: DUTCH.mode,
    };
    const lines = trimmed(printed(buildDayReportDocument(Z, english)));

    expect(lines).toContain('Z REPORT No. 12');
    expect(lines).toContain('Till day 4 - Kassa 2');
    expect(lines.at(-1)).toBe('Currency EUR');
  });

  it('prints deposits beside the takings when the till takes them, and no deposit line when it does not', () => {
    const deposits = {
      taken: { count: 2, totalMinor: 6_500 },
      captured: { count: 1, totalMinor: 1_500 },
      released: { count: 1, totalMinor: 2_500 },
    };
    const out = printed(buildDayReportDocument({ ...Z, deposits }, DUTCH), FORMAT_58);
    expect(trimmed(out)).toContain('Aanbetalingen (niet in omzet)');
    lineMatching(out, /^Genomen \(2\)\s+65,00$/);
    lineMatching(out, /^Geind \(1\)\s+15,00$/);
    lineMatching(out, /^Vrijgegeven \(1\)\s+25,00$/);
    // The takings are what they were: a deposit is not a sale.
    lineMatching(out, /^NETTO-OMZET\s+19,50$/);
    expect(out.lines.filter((line) => line.length > 32)).toEqual([]);

    const english: ReceiptContext = { ...DUTCH, language: 'en' };
    lineMatching(printed(buildDayReportDocument({ ...Z, deposits }, english)), /^Captured \(1\)\s+15,00$/);
    expect(trimmed(printed(buildDayReportDocument(Z, DUTCH))).filter((line) => /^Aanbet|^Genomen/.test(line))).toEqual(
      [],
    );
  });

  it('has a Dutch word for every English one', () => {
    const english = reportWordsFor('en');
    const dutch = reportWordsFor('nl');
    const same = Object.entries(english).filter(
      ([key, word]) => typeof word === 'string' && word === dutch[key as keyof typeof dutch],
    );
    expect(same).toEqual([]);
  });
});
