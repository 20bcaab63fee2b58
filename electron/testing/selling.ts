import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Channel } from '../../shared/ipc/channels.ts';
import type { Result } from '../../shared/result.ts';
import { OpenSaleViewSchema, type OpenSaleView } from '../../shared/sale/open-sale.ts';
import { SaleStepSchema, type SaleStep } from '../../shared/sale/sale-commands.ts';
import type { FinishedSale } from '../../shared/sale/completed-sale.ts';

/**
 * Ringing a sale up the way the screen does, through a till's router: the
 * sale main has open, items added by code, cash handed over. Tests sell
 * from a small catalogue of their own, priced so the sums are easy to check
 * by hand (and so amounts hit the simulators' magic endings when a test
 * wants them to).
 */

export interface TestItem {
  sku: string;
  name: string;
  /** VAT included, with a dot: "1.89". */
  price: string;
  /** Percent. */
  vatRate: number;
  barcodes?: string[];
  category?: string;
}

/** 1.89 at 9 %, 12.50 at 21 %, 3.50 at 9 %; a 19.06 gift box (the simulators approve half of an amount ending 906). */
export const TEST_ITEMS: readonly TestItem[] = [
  { sku: 'BAK-001', name: 'White bread', price: '1.89', vatRate: 9, barcodes: ['8713021110000'] },
  { sku: 'WIN-001', name: 'Red wine', price: '12.50', vatRate: 21, barcodes: ['8716102150001'] },
  { sku: 'CHE-001', name: 'Cheese', price: '3.50', vatRate: 9 },
  { sku: 'GIF-001', name: 'Gift box', price: '19.06', vatRate: 21 },
  { sku: 'MAG-001', name: 'Magazine', price: '2.50', vatRate: 9 },
  { sku: 'COF-001', name: 'Coffee beans', price: '8.42', vatRate: 9 },
];

/** Writes a JSON catalogue into `dir` and returns its path, for `catalog.path`. */
export function writeTestCatalog(dir: string, items: readonly TestItem[] = TEST_ITEMS): string {
  const file = path.join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify({ items }));
  return file;
}

export type Call = (channel: Channel, payload: unknown) => Promise<Result<unknown>>;

/** The value of an answer that must be ok; the error's words otherwise, so a failing test says why. */
export function value(answer: Result<unknown>, what: string): unknown {
  if (!answer.ok) throw new Error(`${what} was refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

/** The sale main has open. */
export async function currentSale(call: Call): Promise<OpenSaleView> {
  return OpenSaleViewSchema.parse(value(await call('sales.current', {}), 'sales.current'));
}

/** Adds each code (SKU or barcode) with its quantity to the open sale; answers the sale as it then stands. */
export async function ringUp(call: Call, lines: readonly { code: string; quantity?: number }[]): Promise<OpenSaleView> {
  let sale = await currentSale(call);
  for (const line of lines) {
    const step = SaleStepSchema.parse(
      value(await call('sales.addItem', { saleId: sale.saleId, ...line }), `sales.addItem ${line.code}`),
    );
    sale = step.sale;
  }
  return sale;
}

/** Hands `tenderedMinor` over in cash for the open sale. */
export async function payCash(call: Call, saleId: string, tenderedMinor: number): Promise<SaleStep> {
  return SaleStepSchema.parse(value(await call('sales.payCash', { saleId, tenderedMinor }), 'sales.payCash'));
}

/** Rings the lines up and pays them in cash (exactly, or `tenderedMinor`): the recorded sale. */
export async function sellForCash(
  call: Call,
  lines: readonly { code: string; quantity?: number }[],
  tenderedMinor?: number,
): Promise<FinishedSale> {
  const sale = await ringUp(call, lines);
  const step = await payCash(call, sale.saleId, tenderedMinor ?? sale.dueMinor);
  if (step.finished === undefined)
    throw new Error(`the cash did not pay the sale: ${String(step.sale.dueMinor)} still due`);
  return step.finished;
}
