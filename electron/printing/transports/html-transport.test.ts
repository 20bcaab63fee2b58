import { describe, expect, it } from 'vitest';
import { buildReceiptDocument } from '../receipt-document.ts';
import { paperFormat, renderSvg } from '../render-receipt.ts';
import { createHtmlTransport, type SystemPrinter } from './html-transport.ts';
import { PrintProblem, type PrintPayload } from './transport.ts';

interface PrintCall {
  svg: string;
  options: { deviceName: string; paperWidthMm: number };
}

/** A system printer that keeps what it is asked to print, or refuses with `refusal`. */
function systemPrinter(refusal?: string): SystemPrinter & { calls: PrintCall[] } {
  const calls: PrintCall[] = [];
  return {
    calls,
    printSvg(svg, options) {
      calls.push({ svg, options });
      return refusal === undefined ? Promise.resolve() : Promise.reject(new Error(refusal));
    },
  };
}

const SVG = renderSvg('^^Kassa Koffie\n---\nCoffee beans | 25.98', paperFormat(undefined));

function payload(): PrintPayload {
  return {
    escpos: () => {
      throw new Error('a system printer is sent the picture, never ESC/POS');
    },
    svg: () => SVG,
  };
}

async function problemOf(promise: Promise<unknown>): Promise<PrintProblem> {
  const error: unknown = await promise.then(
    () => new Error('expected the job to be refused, but it printed'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PrintProblem);
  return error as PrintProblem;
}

describe('printing on a system printer', () => {
  it("prints the receipt's picture on the named printer, on paper as wide as configured", async () => {
    const printer = systemPrinter();
    const transport = createHtmlTransport({ deviceName: 'TM-m30 Receipt', paperWidthMm: 58, printer });

    await transport.print(payload());

    expect(printer.calls).toEqual([{ svg: SVG, options: { deviceName: 'TM-m30 Receipt', paperWidthMm: 58 } }]);
    expect(printer.calls[0]?.svg).toMatch(/^<svg /);
  });

  it('prints the picture of a real receipt, which fetches nothing from the web', async () => {
    const printer = systemPrinter();
    const transport = createHtmlTransport({ deviceName: '', paperWidthMm: 80, printer });
    const document = buildReceiptDocument(
      {
        saleId: 'S-1',
        receiptNumber: 'TILL-1-000001',
        completedAt: '2025-03-01T10:15:00.000Z',
        tillId: 'TILL-1',
        currency: 'EUR',
        lines: [
          {
            lineId: 'l1',
            sku: 'TEA',
            name: 'Green tea',
            unitPriceMinor: 350,
            quantity: 1,
            vatBasisPoints: 900,
            totalMinor: 350,
            discountMinor: 0,
          },
        ],
        totalMinor: 350,
        discountMinor: 0,
        itemCount: 1,
        vat: [{ vatBasisPoints: 900, grossMinor: 350, vatMinor: 29, netMinor: 321 }],
        tenders: [{ kind: 'cash', tenderedMinor: 500, amountMinor: 350, changeMinor: 150 }],
        changeMinor: 150,
      },
      { storeName: 'Kassa Koffie', addressLines: [], tillName: 'Till 1', locale: 'en-GB', mode: 'live' },
    );

    await transport.print({
      escpos: () => {
        throw new Error('not ESC/POS');
      },
      svg: () => renderSvg(document, paperFormat(undefined)),
    });

    const svg = printer.calls[0]?.svg ?? '';
    expect(svg).toMatch(/^<svg [^>]*width="576px"/);
    expect(svg).not.toMatch(/@import|googleapis/);
    expect(printer.calls[0]?.options).toEqual({ deviceName: '', paperWidthMm: 80 });
  });

  it('refuses the job, saying why, when the system printer does not print it', async () => {
    const printer = systemPrinter('Printer "TM-m30" is paused');
    const transport = createHtmlTransport({ deviceName: 'TM-m30', paperWidthMm: 80, printer });

    const problem = await problemOf(transport.print(payload()));

    expect(problem.condition).toBe('offline');
    expect(problem.message).toBe('the system printer refused the job: Printer "TM-m30" is paused');
    expect(printer.calls).toHaveLength(1);
  });

  it('cannot kick a cash drawer', async () => {
    const printer = systemPrinter();
    const transport = createHtmlTransport({ deviceName: 'TM-m30', paperWidthMm: 80, printer });

    const problem = await problemOf(transport.sendRaw(Buffer.from([0x1b, 0x70, 0, 50, 200])));

    expect(problem.condition).toBe('unknown');
    expect(problem.message).toMatch(/cash drawer/);
    expect(printer.calls).toEqual([]);
  });

  it('says which printer it is, and that it has neither status nor ESC/POS', async () => {
    const printer = systemPrinter();
    const named = createHtmlTransport({ deviceName: 'TM-m30', paperWidthMm: 80, printer });
    const fallback = createHtmlTransport({ deviceName: '', paperWidthMm: 80, printer });

    expect(named.description).toBe('system printer TM-m30');
    expect(fallback.description).toBe('the default system printer');
    expect(named.hasStatus).toBe(false);
    expect(named.speaksEscPos).toBe(false);
    expect(await named.status()).toEqual({ condition: 'unknown', paperLow: false });
  });
});
