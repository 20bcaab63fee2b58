import { z } from 'zod';
import {
  type CurrencyCode,
  CurrencyCodeSchema,
  divideRounded,
  minorToDecimalString,
  MinorUnitsSchema,
} from '../money.ts';

/**
 * The cart of one sale, as pure data and functions: what is being bought, at
 * which price, with which discounts, and what that comes to with its VAT.
 *
 * Prices are VAT-inclusive, as on the shelf. Amounts are integer minor units
 * (see `shared/money.ts`); the only rounding is `divideRounded`, once per
 * percent discount (per line) and once per VAT rate (per cart). Every function
 * returns a new cart and leaves its argument alone. Hot functions
 * (`lineAmounts`, `cartTotals`) parse nothing: lines are checked once, when they
 * enter or change, by the functions below.
 */

/** A VAT rate in basis points: 2100 = 21 %, 0 = zero-rated. */
export const VatRateSchema = z.number().int().min(0).max(10_000);

/** Basis points in 100 %. */
export const BASIS_POINTS = 10_000;

export const LineDiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(BASIS_POINTS) }).strict(),
  z
    .object({
      kind: z.literal('amount'),
      minor: MinorUnitsSchema.refine((minor) => minor > 0, 'must be more than zero'),
    })
    .strict(),
]);
export type LineDiscount = z.infer<typeof LineDiscountSchema>;

export const MAX_LINE_QUANTITY = 9_999;

/**
 * The largest amount a line or a whole sale may come to, before discounts:
 * ⌊(2^53 − 1) / 10 000⌋ minor units (9 007 199 254.74 EUR). Below it, every
 * amount times a rate in basis points is still a safe integer, so the one
 * rounding rule stays exact. The cart functions refuse to go above it.
 */
export const MAX_SALE_AMOUNT_MINOR = Math.floor(Number.MAX_SAFE_INTEGER / BASIS_POINTS);

export const CartLineSchema = z
  .object({
    lineId: z.string().min(1).max(64),
    sku: z.string().min(1).max(40),
    name: z.string().min(1).max(80),
    /** The catalogue's VAT-inclusive unit price. */
    unitPriceMinor: MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative'),
    /** A price typed at the till instead of the catalogue's, VAT-inclusive. */
    priceOverrideMinor: MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative').optional(),
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
    discount: LineDiscountSchema.optional(),
    vatBasisPoints: VatRateSchema,
  })
  .strict();
export type CartLine = z.infer<typeof CartLineSchema>;

export interface Cart {
  readonly saleId: string;
  readonly currency: CurrencyCode;
  readonly lines: readonly CartLine[];
}

/**
 * A whole cart as it crosses a boundary (IPC, the journal): valid lines,
 * distinct line ids, and a total the till can compute exactly.
 */
export const CartSchema = z
  .object({
    saleId: z.string().min(1),
    currency: CurrencyCodeSchema,
    lines: z.array(CartLineSchema).readonly(),
  })
  .strict()
  .superRefine((cart, context) => {
    const seen = new Set<string>();
    for (const [index, line] of cart.lines.entries()) {
      if (seen.has(line.lineId)) {
        context.addIssue({ code: 'custom', path: ['lines', index, 'lineId'], message: 'must be unique in the cart' });
      }
      seen.add(line.lineId);
    }
    if (!withinSaleLimit(cart.lines)) {
      context.addIssue({ code: 'custom', path: ['lines'], message: 'come to more than the till can handle' });
    }
  });

/** The structural subset of a catalogue item the cart needs. */
export interface SellableItem {
  sku: string;
  name: string;
  priceMinor: number;
  vatBasisPoints: number;
}

/**
 * Which rule a refused change broke, with what the sentence about it needs:
 * main turns it into words in the till's language (electron/sales/sale-words.ts).
 * Amounts are minor units, names as the catalogue has them.
 */
export type SaleRule =
  | { readonly code: 'line_not_found' }
  | { readonly code: 'item_invalid'; readonly name: string; readonly field: ItemField | undefined }
  | { readonly code: 'quantity_invalid'; readonly zeroRemoves: boolean }
  | { readonly code: 'quantity_limit'; readonly name: string; readonly already: number; readonly most: number }
  | { readonly code: 'price_invalid' }
  | { readonly code: 'discount_invalid'; readonly kind: LineDiscount['kind'] }
  | {
      readonly code: 'discount_exceeds_line';
      readonly name: string;
      readonly currency: CurrencyCode;
      readonly discountMinor: number;
      readonly lineMinor: number;
    }
  | { readonly code: 'amount_too_large' }
  | { readonly code: 'nothing_due' }
  | { readonly code: 'tender_invalid' };

/** Which rule a refused change broke, for code that has to tell them apart. */
export type SaleRuleCode = SaleRule['code'];

/** The catalogue fields an item can be refused for. */
export type ItemField = 'sku' | 'name' | 'unitPriceMinor' | 'vatBasisPoints';

const ITEM_FIELDS: readonly string[] = ['sku', 'name', 'unitPriceMinor', 'vatBasisPoints'] satisfies ItemField[];
const isItemField = (field: unknown): field is ItemField => typeof field === 'string' && ITEM_FIELDS.includes(field);

const FIELD_WORDS: Readonly<Record<ItemField, string>> = {
  sku: 'article number',
  name: 'name',
  unitPriceMinor: 'price',
  vatBasisPoints: 'VAT rate',
};

/** The English sentence for a broken rule: plain, and saying what to do. */
export function saleRuleSentence(rule: SaleRule): string {
  switch (rule.code) {
    case 'line_not_found':
      return 'That line is no longer in the sale.';
    case 'item_invalid':
      return `"${rule.name}" cannot be sold: its catalogue entry has an invalid ${rule.field === undefined ? 'field' : FIELD_WORDS[rule.field]}.`;
    case 'quantity_invalid':
      return rule.zeroRemoves ? 'Enter a whole quantity, 0 to remove the line.' : 'Enter a quantity of at least 1.';
    case 'quantity_limit':
      return rule.already > 0
        ? `"${rule.name}" already has ${rule.already} on its line; at most ${rule.most - rule.already} more can be added (${rule.most} per line).`
        : `A line can hold at most ${rule.most} of "${rule.name}".`;
    case 'price_invalid':
      return 'Enter a price of zero or more.';
    case 'discount_invalid':
      return rule.kind === 'percent'
        ? 'Enter a discount between 0.01 % and 100 %.'
        : 'Enter a discount amount greater than zero.';
    case 'discount_exceeds_line':
      return (
        `A discount of ${minorToDecimalString(rule.discountMinor, rule.currency)} ${rule.currency} is more than ` +
        `"${rule.name}" comes to (${minorToDecimalString(rule.lineMinor, rule.currency)} ${rule.currency}).`
      );
    case 'amount_too_large':
      return 'That would make the sale larger than the till can handle.';
    case 'nothing_due':
      return 'Nothing is left to pay on this sale.';
    case 'tender_invalid':
      return 'Enter the cash the customer handed over.';
  }
}

/**
 * A change the sale's rules refuse. The message is the English sentence a
 * cashier can act on; `rule` says which rule and carries what a sentence in
 * another language needs. Programming mistakes (a duplicate line id, a
 * non-integer amount from code) are RangeErrors instead.
 */
export class SaleRuleError extends Error {
  readonly rule: SaleRule;

  constructor(rule: SaleRule) {
    super(saleRuleSentence(rule));
    this.name = 'SaleRuleError';
    this.rule = rule;
  }

  get code(): SaleRuleCode {
    return this.rule.code;
  }
}

export function emptyCart(saleId: string, currency: CurrencyCode): Cart {
  return { saleId, currency, lines: [] };
}

/**
 * Adds one unit (or `quantity`) of an item. Scanning the same item again adds
 * to the LAST line of that sku when that line has no override and no discount
 * (and still has the item's price and rate), otherwise it starts a new line
 * with the id `newLineId`. Throws SaleRuleError when the quantity would exceed
 * MAX_LINE_QUANTITY, the item is not sellable as given, or the sale would
 * grow past MAX_SALE_AMOUNT_MINOR.
 */
export function addItem(cart: Cart, item: SellableItem, newLineId: string, quantity = 1): Cart {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new SaleRuleError({ code: 'quantity_invalid', zeroRemoves: false });
  }
  const lastIndex = cart.lines.findLastIndex((line) => line.sku === item.sku);
  const last = cart.lines[lastIndex];
  if (
    last !== undefined &&
    last.priceOverrideMinor === undefined &&
    last.discount === undefined &&
    last.unitPriceMinor === item.priceMinor &&
    last.vatBasisPoints === item.vatBasisPoints
  ) {
    const merged = last.quantity + quantity;
    if (merged > MAX_LINE_QUANTITY) throw quantityLimitError(last.name, last.quantity);
    return grown(cart, replaceAt(cart.lines, lastIndex, { ...last, quantity: merged }));
  }

  if (quantity > MAX_LINE_QUANTITY) throw quantityLimitError(item.name, 0);
  if (cart.lines.some((line) => line.lineId === newLineId)) {
    throw new RangeError(`Line id "${newLineId}" is already in sale ${cart.saleId}`);
  }
  const parsed = CartLineSchema.safeParse({
    lineId: newLineId,
    sku: item.sku,
    name: item.name,
    unitPriceMinor: item.priceMinor,
    quantity,
    vatBasisPoints: item.vatBasisPoints,
  } satisfies CartLine);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    if (field === 'lineId') throw new RangeError(`Line id "${newLineId}" is not a valid line id`);
    throw new SaleRuleError({
      code: 'item_invalid',
      name: item.name || item.sku,
      field: isItemField(field) ? field : undefined,
    });
  }
  return grown(cart, [...cart.lines, parsed.data]);
}

/**
 * Adds a line as it is, after the others: for a line already priced (an open
 * item's typed price, a line read back from the journal). Throws
 * SaleRuleError when the sale would grow past MAX_SALE_AMOUNT_MINOR, and a
 * RangeError for a line id already in the sale.
 */
export function appendLine(cart: Cart, line: CartLine): Cart {
  if (cart.lines.some((existing) => existing.lineId === line.lineId)) {
    throw new RangeError(`Line id "${line.lineId}" is already in sale ${cart.saleId}`);
  }
  return grown(cart, [...cart.lines, line]);
}

/** Sets a line's quantity; 0 removes the line. */
export function setQuantity(cart: Cart, lineId: string, quantity: number): Cart {
  if (!Number.isInteger(quantity) || quantity < 0) {
    throw new SaleRuleError({ code: 'quantity_invalid', zeroRemoves: true });
  }
  const index = indexOfLine(cart, lineId);
  if (quantity === 0) return withLines(cart, removeAt(cart.lines, index));
  const line = lineAt(cart, index);
  if (quantity > MAX_LINE_QUANTITY) throw quantityLimitError(line.name, 0);
  const changed = { ...line, quantity };
  assertDiscountFits(cart.currency, changed, changed.discount);
  return grown(cart, replaceAt(cart.lines, index, changed));
}

export function removeLine(cart: Cart, lineId: string): Cart {
  return withLines(cart, removeAt(cart.lines, indexOfLine(cart, lineId)));
}

/**
 * Sets or (with `undefined`) clears a line's discount. A percent discount is
 * 1–10 000 basis points; an amount discount is positive and at most the
 * line's amount before discount, or the change is refused.
 */
export function setDiscount(cart: Cart, lineId: string, discount: LineDiscount | undefined): Cart {
  const index = indexOfLine(cart, lineId);
  const line = lineAt(cart, index);
  if (discount === undefined) return withLines(cart, replaceAt(cart.lines, index, withoutKey(line, 'discount')));
  let copy: LineDiscount;
  if (discount.kind === 'percent') {
    if (!Number.isInteger(discount.basisPoints) || discount.basisPoints < 1 || discount.basisPoints > BASIS_POINTS) {
      throw new SaleRuleError({ code: 'discount_invalid', kind: 'percent' });
    }
    copy = { kind: 'percent', basisPoints: discount.basisPoints };
  } else {
    if (!Number.isSafeInteger(discount.minor) || discount.minor < 1) {
      throw new SaleRuleError({ code: 'discount_invalid', kind: 'amount' });
    }
    copy = { kind: 'amount', minor: discount.minor };
  }
  assertDiscountFits(cart.currency, line, copy);
  return withLines(cart, replaceAt(cart.lines, index, { ...line, discount: copy }));
}

/**
 * Sets a price typed at the till for a line, VAT-inclusive, or (with
 * `undefined`) goes back to the catalogue's price. An override equal to the
 * catalogue price is kept as an override. A line with an override no longer
 * takes re-scans of its item.
 */
export function overridePrice(cart: Cart, lineId: string, priceMinor: number | undefined): Cart {
  const index = indexOfLine(cart, lineId);
  const line = lineAt(cart, index);
  let changed: CartLine;
  if (priceMinor === undefined) {
    changed = withoutKey(line, 'priceOverrideMinor');
  } else {
    if (!Number.isSafeInteger(priceMinor) || priceMinor < 0) {
      throw new SaleRuleError({ code: 'price_invalid' });
    }
    changed = { ...line, priceOverrideMinor: priceMinor };
  }
  assertDiscountFits(cart.currency, changed, changed.discount);
  return grown(cart, replaceAt(cart.lines, index, changed));
}

export interface LineAmounts {
  /** The effective unit price: the override if there is one. */
  unitPriceMinor: number;
  /** unit × quantity. */
  grossMinor: number;
  /** At most `grossMinor`. */
  discountMinor: number;
  /** gross − discount, never below 0. */
  totalMinor: number;
}

/**
 * What one line comes to. A percent discount is
 * `divideRounded(gross × basisPoints, 10 000)`, rounded per line; an amount
 * discount larger than the gross (only possible in a line built by hand) is
 * capped at the gross. Throws a RangeError for a line whose amounts are beyond
 * MAX_SALE_AMOUNT_MINOR; the cart functions never build one.
 */
export function lineAmounts(line: CartLine): LineAmounts {
  const unitPriceMinor = line.priceOverrideMinor ?? line.unitPriceMinor;
  const grossMinor = unitPriceMinor * line.quantity;
  if (!(grossMinor <= MAX_SALE_AMOUNT_MINOR)) {
    throw new RangeError(`Line ${line.lineId} comes to more than the till can handle`);
  }
  const discount = line.discount;
  const discountMinor =
    discount === undefined
      ? 0
      : discount.kind === 'percent'
        ? divideRounded(grossMinor * discount.basisPoints, BASIS_POINTS)
        : Math.min(discount.minor, grossMinor);
  return { unitPriceMinor, grossMinor, discountMinor, totalMinor: grossMinor - discountMinor };
}

export interface VatBreakdownRow {
  vatBasisPoints: number;
  /** What the lines at this rate come to after discounts, VAT included. */
  grossMinor: number;
  vatMinor: number;
  netMinor: number;
}

export interface CartTotals {
  /** The sum of the quantities. */
  itemCount: number;
  lineCount: number;
  /** Before discounts. */
  grossMinor: number;
  discountMinor: number;
  /** What the customer pays: gross − discount. */
  totalMinor: number;
  /** One row per rate present in the cart, ascending by rate; their gross adds up to `totalMinor`. */
  vat: VatBreakdownRow[];
}

/**
 * The cart's totals and VAT. Prices are VAT-inclusive: per rate,
 * vat = divideRounded(sumOfLineTotals × bp, 10 000 + bp), rounded once per
 * rate, not per line; net = gross − vat. A rate whose lines are discounted to
 * nothing still gets its (zero) row.
 */
export function cartTotals(cart: Cart): CartTotals {
  let itemCount = 0;
  let grossMinor = 0;
  let discountMinor = 0;
  const grossByRate = new Map<number, number>();
  for (const line of cart.lines) {
    const amounts = lineAmounts(line);
    itemCount += line.quantity;
    grossMinor += amounts.grossMinor;
    discountMinor += amounts.discountMinor;
    grossByRate.set(line.vatBasisPoints, (grossByRate.get(line.vatBasisPoints) ?? 0) + amounts.totalMinor);
  }
  if (grossMinor > MAX_SALE_AMOUNT_MINOR) {
    throw new RangeError(`Sale ${cart.saleId} comes to more than the till can handle`);
  }
  const vat: VatBreakdownRow[] = [];
  for (const [vatBasisPoints, rateGross] of grossByRate) {
    const vatMinor = divideRounded(rateGross * vatBasisPoints, BASIS_POINTS + vatBasisPoints);
    vat.push({ vatBasisPoints, grossMinor: rateGross, vatMinor, netMinor: rateGross - vatMinor });
  }
  vat.sort((a, b) => a.vatBasisPoints - b.vatBasisPoints);
  return {
    itemCount,
    lineCount: cart.lines.length,
    grossMinor,
    discountMinor,
    totalMinor: grossMinor - discountMinor,
    vat,
  };
}

// ── helpers ────────────────────────────────────────────────────────────────

function indexOfLine(cart: Cart, lineId: string): number {
  const index = cart.lines.findIndex((line) => line.lineId === lineId);
  if (index < 0) throw new SaleRuleError({ code: 'line_not_found' });
  return index;
}

function lineAt(cart: Cart, index: number): CartLine {
  const line = cart.lines[index];
  if (line === undefined) throw new RangeError(`No line at ${index} in sale ${cart.saleId}`);
  return line;
}

function quantityLimitError(name: string, already: number): SaleRuleError {
  return new SaleRuleError({ code: 'quantity_limit', name, already, most: MAX_LINE_QUANTITY });
}

/** An amount discount must fit in the line's amount before discount. */
function assertDiscountFits(currency: CurrencyCode, line: CartLine, discount: LineDiscount | undefined): void {
  const grossMinor = (line.priceOverrideMinor ?? line.unitPriceMinor) * line.quantity;
  if (grossMinor > MAX_SALE_AMOUNT_MINOR) throw tooLargeError();
  if (discount?.kind === 'amount' && discount.minor > grossMinor) {
    throw new SaleRuleError({
      code: 'discount_exceeds_line',
      name: line.name,
      currency,
      discountMinor: discount.minor,
      lineMinor: grossMinor,
    });
  }
}

function tooLargeError(): SaleRuleError {
  return new SaleRuleError({ code: 'amount_too_large' });
}

/** Whether these lines come to at most MAX_SALE_AMOUNT_MINOR before discounts, so they can be totalled exactly. */
function withinSaleLimit(lines: readonly CartLine[]): boolean {
  let gross = 0;
  for (const line of lines) {
    gross += (line.priceOverrideMinor ?? line.unitPriceMinor) * line.quantity;
    if (!(gross <= MAX_SALE_AMOUNT_MINOR)) return false;
  }
  return true;
}

function withLines(cart: Cart, lines: readonly CartLine[]): Cart {
  return { saleId: cart.saleId, currency: cart.currency, lines };
}

/** A change that may raise the sale's gross: the sale as a whole must stay within MAX_SALE_AMOUNT_MINOR. */
function grown(cart: Cart, lines: readonly CartLine[]): Cart {
  if (!withinSaleLimit(lines)) throw tooLargeError();
  return withLines(cart, lines);
}

function replaceAt(lines: readonly CartLine[], index: number, line: CartLine): CartLine[] {
  const copy = lines.slice();
  copy[index] = line;
  return copy;
}

function removeAt(lines: readonly CartLine[], index: number): CartLine[] {
  return lines.filter((_, i) => i !== index);
}

function withoutKey(line: CartLine, key: 'discount' | 'priceOverrideMinor'): CartLine {
  const copy = { ...line };
  if (key === 'discount') delete copy.discount;
  else delete copy.priceOverrideMinor;
  return copy;
}
