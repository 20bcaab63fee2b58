import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addItem,
  type Cart,
  type CartLine,
  CartLineSchema,
  CartSchema,
  cartTotals,
  emptyCart,
  type LineAmounts,
  type LineDiscount,
  LineDiscountSchema,
  lineAmounts,
  MAX_LINE_QUANTITY,
  MAX_SALE_AMOUNT_MINOR,
  overridePrice,
  removeLine,
  type SaleRuleCode,
  SaleRuleError,
  type SellableItem,
  setDiscount,
  setQuantity,
  VatRateSchema,
} from './cart.ts';

const COFFEE: SellableItem = { sku: 'COF-1', name: 'Coffee beans 1 kg', priceMinor: 1299, vatBasisPoints: 900 };
const PAPER: SellableItem = { sku: 'NEWS', name: 'Newspaper', priceMinor: 250, vatBasisPoints: 0 };
const WINE: SellableItem = { sku: 'WINE-RED', name: 'Red wine', priceMinor: 899, vatBasisPoints: 2100 };
const CHOC: SellableItem = { sku: 'CHOC', name: 'Chocolate', priceMinor: 199, vatBasisPoints: 900 };
const CORKSCREW: SellableItem = { sku: 'CORK', name: 'Corkscrew', priceMinor: 1495, vatBasisPoints: 2100 };

/** A line id generator, so tests read like a till: l1, l2, … */
function ids(): () => string {
  let next = 0;
  return () => `l${++next}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function expectRule(action: () => unknown, code: SaleRuleCode): SaleRuleError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SaleRuleError);
  const error = caught as SaleRuleError;
  expect(error.code).toBe(code);
  expect(error.name).toBe('SaleRuleError');
  expect(error.message).toMatch(/^[A-Z"].*\.$/); // a sentence
  return error;
}

/** lineAmounts of the line at `index`, which must be there. */
function amountsAt(cart: Cart, index: number): LineAmounts {
  const found = cart.lines[index];
  if (found === undefined) throw new Error(`No line at ${index}`);
  return lineAmounts(found);
}

function line(overrides: Partial<CartLine> = {}): CartLine {
  return {
    lineId: 'x1',
    sku: 'SKU',
    name: 'Thing',
    unitPriceMinor: 1000,
    quantity: 1,
    vatBasisPoints: 2100,
    ...overrides,
  };
}

function cartOf(lines: CartLine[], currency = 'EUR'): Cart {
  return { saleId: 'S1', currency, lines };
}

describe('schemas', () => {
  it('takes VAT rates of 0–10 000 whole basis points', () => {
    for (const rate of [0, 900, 2100, 10_000]) expect(VatRateSchema.safeParse(rate).success).toBe(true);
    for (const rate of [-1, 10_001, 21.5, Number.NaN]) expect(VatRateSchema.safeParse(rate).success).toBe(false);
  });

  it('takes percent discounts of 1–10 000 bp and positive amount discounts, nothing else', () => {
    const ok: unknown[] = [
      { kind: 'percent', basisPoints: 1 },
      { kind: 'percent', basisPoints: 10_000 },
      { kind: 'amount', minor: 1 },
      { kind: 'amount', minor: Number.MAX_SAFE_INTEGER },
    ];
    const bad: unknown[] = [
      { kind: 'percent', basisPoints: 0 },
      { kind: 'percent', basisPoints: 10_001 },
      { kind: 'percent', basisPoints: 12.5 },
      { kind: 'amount', minor: 0 },
      { kind: 'amount', minor: -5 },
      { kind: 'amount', minor: 1.5 },
      { kind: 'amount', minor: Number.MAX_SAFE_INTEGER + 1 },
      { kind: 'amount', minor: 5, basisPoints: 100 },
      { kind: 'fixed', minor: 5 },
    ];
    for (const discount of ok)
      expect(LineDiscountSchema.safeParse(discount).success, JSON.stringify(discount)).toBe(true);
    for (const discount of bad)
      expect(LineDiscountSchema.safeParse(discount).success, JSON.stringify(discount)).toBe(false);
  });

  it('checks every field of a line and refuses unknown ones', () => {
    expect(CartLineSchema.safeParse(line()).success).toBe(true);
    expect(
      CartLineSchema.safeParse(line({ priceOverrideMinor: 0, discount: { kind: 'amount', minor: 1 } })).success,
    ).toBe(true);
    const bad: Partial<CartLine>[] = [
      { lineId: '' },
      { lineId: 'x'.repeat(65) },
      { sku: '' },
      { sku: 'x'.repeat(41) },
      { name: '' },
      { name: 'x'.repeat(81) },
      { unitPriceMinor: -1 },
      { unitPriceMinor: 1.5 },
      { priceOverrideMinor: -1 },
      { quantity: 0 },
      { quantity: MAX_LINE_QUANTITY + 1 },
      { quantity: 1.5 },
      { vatBasisPoints: 10_001 },
    ];
    for (const change of bad)
      expect(CartLineSchema.safeParse(line(change)).success, JSON.stringify(change)).toBe(false);
    expect(CartLineSchema.safeParse({ ...line(), colour: 'red' }).success).toBe(false);
  });

  it('checks a whole cart: line ids unique, a total the till can handle', () => {
    expect(CartSchema.safeParse(cartOf([line({ lineId: 'a' }), line({ lineId: 'b' })])).success).toBe(true);
    expect(CartSchema.safeParse(cartOf([line({ lineId: 'a' }), line({ lineId: 'a' })])).success).toBe(false);
    expect(CartSchema.safeParse(cartOf([line()], 'EURO')).success).toBe(false);
    const huge = line({ unitPriceMinor: MAX_SALE_AMOUNT_MINOR });
    expect(CartSchema.safeParse(cartOf([huge])).success).toBe(true);
    expect(CartSchema.safeParse(cartOf([huge, line({ lineId: 'x2', unitPriceMinor: 1 })])).success).toBe(false);
  });
});

describe('adding items', () => {
  it('starts an empty sale', () => {
    expect(emptyCart('S9', 'GBP')).toEqual({ saleId: 'S9', currency: 'GBP', lines: [] });
  });

  it('puts a new item on a new line with the catalogue price and rate', () => {
    const cart = addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1');
    expect(cart.lines).toEqual([
      { lineId: 'l1', sku: 'COF-1', name: 'Coffee beans 1 kg', unitPriceMinor: 1299, quantity: 1, vatBasisPoints: 900 },
    ]);
    expect(addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1', 3).lines[0]?.quantity).toBe(3);
  });

  it('adds a re-scan to the existing line instead of a new one', () => {
    const next = ids();
    let cart = emptyCart('S1', 'EUR');
    cart = addItem(cart, COFFEE, next());
    cart = addItem(cart, PAPER, next());
    cart = addItem(cart, COFFEE, next());
    cart = addItem(cart, COFFEE, next(), 4);
    expect(cart.lines.map((l) => [l.lineId, l.sku, l.quantity])).toEqual([
      ['l1', 'COF-1', 6],
      ['l2', 'NEWS', 1],
    ]);
  });

  it('starts a new line when the last line of that item has a discount or a typed price', () => {
    const next = ids();
    let cart = addItem(emptyCart('S1', 'EUR'), COFFEE, next());
    cart = setDiscount(cart, 'l1', { kind: 'percent', basisPoints: 1000 });
    cart = addItem(cart, COFFEE, next());
    expect(cart.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 1],
    ]);
    cart = overridePrice(cart, 'l2', 999);
    cart = addItem(cart, COFFEE, next());
    cart = addItem(cart, COFFEE, next()); // the last line, l3, is plain again: merges there
    expect(cart.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 1],
      ['l3', 2],
    ]);
    expect(cart.lines[0]?.discount).toEqual({ kind: 'percent', basisPoints: 1000 });
    expect(cart.lines[1]?.priceOverrideMinor).toBe(999);
  });

  it('looks only at the last line of the item, even when an earlier one could take it', () => {
    let cart = addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1');
    cart = setDiscount(cart, 'l1', { kind: 'amount', minor: 100 });
    cart = addItem(cart, COFFEE, 'l2'); // a new line: l1 has a discount
    cart = addItem(cart, PAPER, 'l3');
    cart = setDiscount(cart, 'l2', { kind: 'amount', minor: 100 });
    cart = setDiscount(cart, 'l1', undefined);
    // l1 is plain again, but l2 is the last coffee line and has a discount: a new line
    cart = addItem(cart, COFFEE, 'l4');
    expect(cart.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 1],
      ['l3', 1],
      ['l4', 1],
    ]);
    // l4 is the last coffee line now, and plain: the next scan goes there, not to l1
    cart = addItem(cart, COFFEE, 'l5');
    expect(cart.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['l1', 1],
      ['l2', 1],
      ['l3', 1],
      ['l4', 2],
    ]);
  });

  it('does not merge a re-scan into a line whose price or rate the catalogue has since changed', () => {
    const next = ids();
    let cart = addItem(emptyCart('S1', 'EUR'), COFFEE, next());
    cart = addItem(cart, { ...COFFEE, priceMinor: 1399 }, next());
    cart = addItem(cart, { ...COFFEE, priceMinor: 1399, vatBasisPoints: 2100 }, next());
    expect(cart.lines.map((l) => [l.unitPriceMinor, l.vatBasisPoints, l.quantity])).toEqual([
      [1299, 900, 1],
      [1399, 900, 1],
      [1399, 2100, 1],
    ]);
  });

  it('holds at most MAX_LINE_QUANTITY on a line', () => {
    let cart = addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1', MAX_LINE_QUANTITY - 1);
    cart = addItem(cart, COFFEE, 'l2');
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(9_999);
    const full = cart;
    const error = expectRule(() => addItem(full, COFFEE, 'l3'), 'quantity_limit');
    expect(error.message).toContain('9999');
    expectRule(() => addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1', MAX_LINE_QUANTITY + 1), 'quantity_limit');
    expectRule(
      () => addItem(addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1', 5000), COFFEE, 'l2', 5000),
      'quantity_limit',
    );
  });

  it('refuses a quantity below 1 or not whole', () => {
    for (const quantity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectRule(() => addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1', quantity), 'quantity_invalid');
    }
  });

  it('refuses an item whose catalogue entry a line cannot hold', () => {
    const cart = emptyCart('S1', 'EUR');
    expect(expectRule(() => addItem(cart, { ...COFFEE, priceMinor: -1 }, 'l1'), 'item_invalid').message).toContain(
      'price',
    );
    expect(expectRule(() => addItem(cart, { ...COFFEE, priceMinor: 12.5 }, 'l1'), 'item_invalid').message).toContain(
      'price',
    );
    expect(
      expectRule(() => addItem(cart, { ...COFFEE, vatBasisPoints: 10_001 }, 'l1'), 'item_invalid').message,
    ).toContain('VAT rate');
    expectRule(() => addItem(cart, { ...COFFEE, name: '' }, 'l1'), 'item_invalid');
    expectRule(() => addItem(cart, { ...COFFEE, sku: 'x'.repeat(41) }, 'l1'), 'item_invalid');
  });

  it('treats a bad or reused line id as a programming mistake', () => {
    const cart = addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1');
    expect(() => addItem(cart, PAPER, 'l1')).toThrow(RangeError);
    expect(() => addItem(cart, PAPER, '')).toThrow(RangeError);
    expect(() => addItem(cart, PAPER, 'x'.repeat(65))).toThrow(RangeError);
    expect(addItem(cart, COFFEE, 'l1').lines[0]?.quantity).toBe(2); // merging needs no new id
  });

  it('accepts a free item', () => {
    const cart = addItem(emptyCart('S1', 'EUR'), { ...PAPER, priceMinor: 0 }, 'l1');
    expect(cartTotals(cart)).toMatchObject({
      totalMinor: 0,
      itemCount: 1,
      vat: [{ vatBasisPoints: 0, grossMinor: 0 }],
    });
  });

  it('refuses to grow a sale past what the till can total exactly', () => {
    const big: SellableItem = { ...COFFEE, priceMinor: MAX_SALE_AMOUNT_MINOR };
    const cart = addItem(emptyCart('S1', 'EUR'), big, 'l1');
    expect(cartTotals(cart).totalMinor).toBe(MAX_SALE_AMOUNT_MINOR);
    expectRule(() => addItem(cart, big, 'l2'), 'amount_too_large');
    expectRule(() => addItem(cart, { ...PAPER, priceMinor: 1 }, 'l2'), 'amount_too_large');
    expectRule(
      () => addItem(emptyCart('S1', 'EUR'), { ...COFFEE, priceMinor: Number.MAX_SAFE_INTEGER }, 'l1'),
      'amount_too_large',
    );
    const half = addItem(
      emptyCart('S1', 'EUR'),
      { ...COFFEE, priceMinor: Math.floor(MAX_SALE_AMOUNT_MINOR / 2) + 1 },
      'l1',
    );
    expectRule(() => setQuantity(half, 'l1', 2), 'amount_too_large');
    const cheap = addItem(emptyCart('S1', 'EUR'), COFFEE, 'l1');
    expectRule(() => overridePrice(cheap, 'l1', MAX_SALE_AMOUNT_MINOR + 1), 'amount_too_large');
  });
});

describe('changing lines', () => {
  const base = (): Cart => {
    const next = ids();
    let cart = addItem(emptyCart('S1', 'EUR'), COFFEE, next(), 2);
    cart = addItem(cart, PAPER, next());
    cart = addItem(cart, WINE, next(), 3);
    return cart;
  };

  it('sets a quantity, and removes the line at 0', () => {
    const cart = base();
    expect(setQuantity(cart, 'l2', 7).lines.map((l) => l.quantity)).toEqual([2, 7, 3]);
    expect(setQuantity(cart, 'l2', MAX_LINE_QUANTITY).lines[1]?.quantity).toBe(MAX_LINE_QUANTITY);
    expect(setQuantity(cart, 'l2', 0).lines.map((l) => l.lineId)).toEqual(['l1', 'l3']);
  });

  it('refuses a quantity that is negative, not whole, or above the limit', () => {
    const cart = base();
    for (const quantity of [-1, 2.5, Number.NaN])
      expectRule(() => setQuantity(cart, 'l1', quantity), 'quantity_invalid');
    expectRule(() => setQuantity(cart, 'l1', MAX_LINE_QUANTITY + 1), 'quantity_limit');
  });

  it('removes a line', () => {
    expect(removeLine(base(), 'l1').lines.map((l) => l.lineId)).toEqual(['l2', 'l3']);
    expect(removeLine(removeLine(removeLine(base(), 'l1'), 'l3'), 'l2').lines).toEqual([]);
  });

  it('says so when a line is no longer there', () => {
    const cart = removeLine(base(), 'l2');
    expectRule(() => removeLine(cart, 'l2'), 'line_not_found');
    expectRule(() => setQuantity(cart, 'l2', 1), 'line_not_found');
    expectRule(() => setQuantity(cart, 'l2', 0), 'line_not_found');
    expectRule(() => setDiscount(cart, 'l2', undefined), 'line_not_found');
    expectRule(() => overridePrice(cart, 'l2', 100), 'line_not_found');
  });

  it('sets, replaces and clears a discount', () => {
    let cart = setDiscount(base(), 'l3', { kind: 'percent', basisPoints: 1000 });
    expect(cart.lines[2]?.discount).toEqual({ kind: 'percent', basisPoints: 1000 });
    cart = setDiscount(cart, 'l3', { kind: 'amount', minor: 500 });
    expect(cart.lines[2]?.discount).toEqual({ kind: 'amount', minor: 500 });
    cart = setDiscount(cart, 'l3', undefined);
    expect(cart.lines[2]).not.toHaveProperty('discount');
    expect(CartSchema.safeParse(cart).success).toBe(true);
  });

  it('keeps its own copy of a discount, without stray fields', () => {
    const discount = { kind: 'percent', basisPoints: 500, note: 'staff' } as LineDiscount;
    const cart = setDiscount(base(), 'l1', discount);
    expect(cart.lines[0]?.discount).toEqual({ kind: 'percent', basisPoints: 500 });
    expect(cart.lines[0]?.discount).not.toBe(discount);
  });

  it('refuses a discount that is not a valid percentage or amount', () => {
    const cart = base();
    for (const basisPoints of [0, -100, 10_001, 2.5]) {
      expectRule(() => setDiscount(cart, 'l1', { kind: 'percent', basisPoints }), 'discount_invalid');
    }
    for (const minor of [0, -1, 0.5, Number.NaN]) {
      expectRule(() => setDiscount(cart, 'l1', { kind: 'amount', minor }), 'discount_invalid');
    }
  });

  it('refuses an amount discount larger than the line, and allows one that makes it free', () => {
    const cart = base(); // l1: 2 × 12.99 = 25.98
    const error = expectRule(() => setDiscount(cart, 'l1', { kind: 'amount', minor: 2599 }), 'discount_exceeds_line');
    expect(error.message).toBe('A discount of 25.99 EUR is more than "Coffee beans 1 kg" comes to (25.98 EUR).');
    const free = setDiscount(cart, 'l1', { kind: 'amount', minor: 2598 });
    expect(amountsAt(free, 0)).toEqual({
      unitPriceMinor: 1299,
      grossMinor: 2598,
      discountMinor: 2598,
      totalMinor: 0,
    });
    expect(amountsAt(setDiscount(cart, 'l1', { kind: 'percent', basisPoints: 10_000 }), 0).totalMinor).toBe(0);
  });

  it('keeps an amount discount within the line when its quantity or price goes down', () => {
    const cart = setDiscount(base(), 'l1', { kind: 'amount', minor: 2000 }); // 25.98 − 20.00
    expectRule(() => setQuantity(cart, 'l1', 1), 'discount_exceeds_line');
    expectRule(() => overridePrice(cart, 'l1', 999), 'discount_exceeds_line'); // 2 × 9.99 = 19.98
    expect(amountsAt(overridePrice(cart, 'l1', 1000), 0).totalMinor).toBe(0);
    expect(setQuantity(cart, 'l1', 0).lines).toHaveLength(2); // removing is always fine
  });

  it('prices a line at the typed price, and goes back to the catalogue when it is cleared', () => {
    let cart = overridePrice(base(), 'l3', 750);
    expect(amountsAt(cart, 2)).toEqual({
      unitPriceMinor: 750,
      grossMinor: 2250,
      discountMinor: 0,
      totalMinor: 2250,
    });
    expect(cart.lines[2]?.unitPriceMinor).toBe(899); // the catalogue price is kept
    cart = overridePrice(cart, 'l3', 0);
    expect(amountsAt(cart, 2).totalMinor).toBe(0);
    cart = overridePrice(cart, 'l3', undefined);
    expect(cart.lines[2]).not.toHaveProperty('priceOverrideMinor');
    expect(amountsAt(cart, 2).totalMinor).toBe(2697);
    for (const price of [-1, 1.5, Number.NaN]) expectRule(() => overridePrice(cart, 'l3', price), 'price_invalid');
  });

  it('takes a percent discount off the typed price, not the catalogue price', () => {
    let cart = overridePrice(base(), 'l3', 1000); // 3 × 10.00
    cart = setDiscount(cart, 'l3', { kind: 'percent', basisPoints: 2500 });
    expect(amountsAt(cart, 2)).toEqual({
      unitPriceMinor: 1000,
      grossMinor: 3000,
      discountMinor: 750,
      totalMinor: 2250,
    });
    // An amount discount is checked against the typed price too: 26.98 is more than the
    // catalogue's 3 × 8.99 = 26.97 but within the typed 30.00.
    expectRule(() => setDiscount(cart, 'l3', { kind: 'amount', minor: 3001 }), 'discount_exceeds_line');
    expect(setDiscount(cart, 'l3', { kind: 'amount', minor: 2698 }).lines[2]?.discount).toEqual({
      kind: 'amount',
      minor: 2698,
    });
  });

  it('never changes the cart it was given', () => {
    const cart = deepFreeze(setDiscount(overridePrice(base(), 'l2', 300), 'l1', { kind: 'percent', basisPoints: 500 }));
    const before = structuredClone(cart);
    const results = [
      addItem(cart, COFFEE, 'l9'),
      addItem(cart, WINE, 'l9'),
      setQuantity(cart, 'l1', 5),
      setQuantity(cart, 'l1', 0),
      removeLine(cart, 'l3'),
      setDiscount(cart, 'l1', undefined),
      setDiscount(cart, 'l3', { kind: 'amount', minor: 1 }),
      overridePrice(cart, 'l2', undefined),
      overridePrice(cart, 'l3', 1),
    ];
    expect(cart).toEqual(before);
    for (const result of results) {
      expect(result).not.toBe(cart);
      expect(result.lines).not.toBe(cart.lines);
      expect(result.saleId).toBe('S1');
      expect(result.currency).toBe('EUR');
    }
  });
});

describe('line amounts', () => {
  it.each([
    // gross, percent (bp), expected discount: halves go away from zero, once per line
    [5, 1000, 1], // 0.5
    [15, 1000, 2], // 1.5
    [25, 1000, 3], // 2.5 (half-to-even would say 2)
    [24, 1000, 2], // 2.4
    [26, 1000, 3], // 2.6
    [2697, 1000, 270], // 269.7
    [1, 5000, 1], // 0.5
    [1, 4999, 0],
    [0, 5000, 0],
    [999, 10_000, 999],
  ])('takes a percent discount off a gross of %i at %i bp as %i', (gross, basisPoints, discountMinor) => {
    const amounts = lineAmounts(line({ unitPriceMinor: gross, discount: { kind: 'percent', basisPoints } }));
    expect(amounts).toEqual({
      unitPriceMinor: gross,
      grossMinor: gross,
      discountMinor,
      totalMinor: gross - discountMinor,
    });
  });

  it('rounds a percent discount on the line, not per unit', () => {
    // 3 × 0.05 at 10 %: per unit 3 × round(0.5) = 3, on the line round(1.5) = 2
    expect(
      lineAmounts(line({ unitPriceMinor: 5, quantity: 3, discount: { kind: 'percent', basisPoints: 1000 } })),
    ).toEqual({
      unitPriceMinor: 5,
      grossMinor: 15,
      discountMinor: 2,
      totalMinor: 13,
    });
  });

  it('caps an amount discount at the gross of a line built by hand', () => {
    expect(lineAmounts(line({ unitPriceMinor: 300, discount: { kind: 'amount', minor: 500 } }))).toEqual({
      unitPriceMinor: 300,
      grossMinor: 300,
      discountMinor: 300,
      totalMinor: 0,
    });
  });

  it('refuses to total a hand-built line beyond the sale limit rather than lose precision', () => {
    expect(() => lineAmounts(line({ unitPriceMinor: MAX_SALE_AMOUNT_MINOR, quantity: 2 }))).toThrow(RangeError);
    expect(() =>
      cartTotals(cartOf([line({ unitPriceMinor: MAX_SALE_AMOUNT_MINOR }), line({ lineId: 'x2', unitPriceMinor: 1 })])),
    ).toThrow(RangeError);
  });
});

describe('cart totals and VAT', () => {
  it('totals an empty cart as nothing, with no VAT rows', () => {
    expect(cartTotals(emptyCart('S1', 'EUR'))).toEqual({
      itemCount: 0,
      lineCount: 0,
      grossMinor: 0,
      discountMinor: 0,
      totalMinor: 0,
      vat: [],
    });
  });

  it('breaks a mixed cart down by rate (figures checked by hand)', () => {
    const next = ids();
    let cart = emptyCart('S1', 'EUR');
    cart = addItem(cart, WINE, next(), 3); // l1 21 %: 3 × 8.99 = 26.97, −10 % = −2.697 → −2.70 → 24.27
    cart = addItem(cart, COFFEE, next(), 2); // l2 9 %: 2 × 12.99 = 25.98
    cart = addItem(cart, PAPER, next()); // l3 0 %: 2.50
    cart = addItem(cart, CHOC, next()); // l4 9 %: 1.99 − 0.50 = 1.49
    cart = addItem(cart, CORKSCREW, next()); // l5 21 %: typed price 10.00 instead of 14.95
    cart = setDiscount(cart, 'l1', { kind: 'percent', basisPoints: 1000 });
    cart = setDiscount(cart, 'l4', { kind: 'amount', minor: 50 });
    cart = overridePrice(cart, 'l5', 1000);

    expect(cartTotals(cart)).toEqual({
      itemCount: 8,
      lineCount: 5,
      grossMinor: 2697 + 2598 + 250 + 199 + 1000, // 67.44, typed price included
      discountMinor: 270 + 50,
      totalMinor: 6424,
      vat: [
        { vatBasisPoints: 0, grossMinor: 250, vatMinor: 0, netMinor: 250 },
        // 27.47 × 9/109 = 2.26816… → 2.27
        { vatBasisPoints: 900, grossMinor: 2747, vatMinor: 227, netMinor: 2520 },
        // 34.27 × 21/121 = 5.94768… → 5.95
        { vatBasisPoints: 2100, grossMinor: 3427, vatMinor: 595, netMinor: 2832 },
      ],
    });
  });

  it('rounds VAT once per rate, not per line', () => {
    // Three 0.03 items at 21 %: per line 3 × round(0.52) = 0.03; per rate round(1.56) = 0.02.
    let cart = emptyCart('S1', 'EUR');
    for (const n of [1, 2, 3])
      cart = addItem(cart, { sku: `S${n}`, name: `Sweet ${n}`, priceMinor: 3, vatBasisPoints: 2100 }, `l${n}`);
    expect(cartTotals(cart).vat).toEqual([{ vatBasisPoints: 2100, grossMinor: 9, vatMinor: 2, netMinor: 7 }]);
  });

  it.each([
    // gross at 20 %: VAT = gross / 6, halves away from zero
    [3, 1], // 0.5
    [9, 2], // 1.5
    [15, 3], // 2.5
    [2, 0], // 0.333…
    [4, 1], // 0.666…
    [600, 100],
    [1199, 200], // 199.83…
  ])('takes the VAT out of %i at 2000 bp as %i', (gross, vatMinor) => {
    const cart = cartOf([line({ unitPriceMinor: gross, vatBasisPoints: 2000 })], 'GBP');
    expect(cartTotals(cart).vat).toEqual([
      { vatBasisPoints: 2000, grossMinor: gross, vatMinor, netMinor: gross - vatMinor },
    ]);
  });

  it('takes the whole of a 100 % rate as… half, since prices include VAT', () => {
    expect(cartTotals(cartOf([line({ unitPriceMinor: 1001, vatBasisPoints: 10_000 })])).vat).toEqual([
      { vatBasisPoints: 10_000, grossMinor: 1001, vatMinor: 501, netMinor: 500 },
    ]);
  });

  it('keeps a row for a rate whose lines are discounted to nothing', () => {
    const cart = cartOf([
      line({ lineId: 'a', vatBasisPoints: 900, discount: { kind: 'percent', basisPoints: 10_000 } }),
      line({ lineId: 'b', vatBasisPoints: 2100 }),
    ]);
    expect(cartTotals(cart).vat).toEqual([
      { vatBasisPoints: 900, grossMinor: 0, vatMinor: 0, netMinor: 0 },
      { vatBasisPoints: 2100, grossMinor: 1000, vatMinor: 174, netMinor: 826 },
    ]);
  });

  it('works in currencies without minor units or with three', () => {
    const yen = cartOf([line({ unitPriceMinor: 1080, quantity: 2, vatBasisPoints: 800 })], 'JPY');
    expect(cartTotals(yen).vat).toEqual([{ vatBasisPoints: 800, grossMinor: 2160, vatMinor: 160, netMinor: 2000 }]);
    const dinar = cartOf([line({ unitPriceMinor: 1155, vatBasisPoints: 500 })], 'KWD'); // 1.155 KWD at 5 %
    expect(cartTotals(dinar).vat).toEqual([{ vatBasisPoints: 500, grossMinor: 1155, vatMinor: 55, netMinor: 1100 }]);
  });

  it('totals a 500-line cart in well under a millisecond', () => {
    let cart = emptyCart('S1', 'EUR');
    const rates = [0, 600, 900, 1300, 2100];
    for (let i = 0; i < 500; i++) {
      cart = addItem(
        cart,
        { sku: `SKU${i}`, name: `Item ${i}`, priceMinor: 100 + i * 37, vatBasisPoints: rates[i % 5] ?? 0 },
        `l${i}`,
        1 + (i % 7),
      );
      if (i % 3 === 0) cart = setDiscount(cart, `l${i}`, { kind: 'percent', basisPoints: 1500 });
      if (i % 11 === 0) cart = setDiscount(cart, `l${i}`, { kind: 'amount', minor: 50 });
    }
    for (let i = 0; i < 200; i++) cartTotals(cart); // warm up
    const runs = 1000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) cartTotals(cart);
    const perCall = (performance.now() - started) / runs;
    expect(cartTotals(cart).vat).toHaveLength(5);
    expect(perCall).toBeLessThan(0.5);
  });
});

// ── properties ──────────────────────────────────────────────────────────────

const rateArb = fc.constantFrom(0, 500, 600, 900, 1300, 2000, 2100, 2500, 10_000);
const discountArb: fc.Arbitrary<LineDiscount | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ kind: fc.constant('percent' as const), basisPoints: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ kind: fc.constant('amount' as const), minor: fc.integer({ min: 1, max: 5_000_000 }) }),
);
/** Hand-built lines (an amount discount may exceed the line: lineAmounts caps it). */
const linesArb = fc
  .array(
    fc.record({
      unitPriceMinor: fc.integer({ min: 0, max: 1_000_000 }),
      priceOverrideMinor: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
      quantity: fc.integer({ min: 1, max: MAX_LINE_QUANTITY }),
      discount: discountArb,
      vatBasisPoints: rateArb,
    }),
    { maxLength: 40 },
  )
  .map((specs) =>
    specs.map(({ priceOverrideMinor, discount, ...spec }, index): CartLine => {
      const built: CartLine = { lineId: `p${index}`, sku: `SKU${index % 7}`, name: 'Thing', ...spec };
      if (priceOverrideMinor !== undefined) built.priceOverrideMinor = priceOverrideMinor;
      if (discount !== undefined) built.discount = discount;
      return built;
    }),
  );

describe('cart totals, for any cart', () => {
  it('adds up: rows to the total, vat + net to each row, discounts within gross, nothing negative', () => {
    fc.assert(
      fc.property(linesArb, (lines) => {
        const totals = cartTotals(cartOf(lines));
        const amounts = lines.map(lineAmounts);
        expect(totals.lineCount).toBe(lines.length);
        expect(totals.itemCount).toBe(lines.reduce((sum, l) => sum + l.quantity, 0));
        expect(totals.grossMinor).toBe(amounts.reduce((sum, a) => sum + a.grossMinor, 0));
        expect(totals.totalMinor).toBe(amounts.reduce((sum, a) => sum + a.totalMinor, 0));
        expect(totals.totalMinor).toBe(totals.grossMinor - totals.discountMinor);
        expect(totals.totalMinor).toBeGreaterThanOrEqual(0);
        expect(totals.discountMinor).toBeGreaterThanOrEqual(0);
        expect(totals.vat.reduce((sum, row) => sum + row.grossMinor, 0)).toBe(totals.totalMinor);
        for (const row of totals.vat) {
          expect(row.vatMinor + row.netMinor).toBe(row.grossMinor);
          expect(row.vatMinor).toBeGreaterThanOrEqual(0);
          expect(row.netMinor).toBeGreaterThanOrEqual(0);
        }
        for (const a of amounts) {
          expect(a.discountMinor).toBeGreaterThanOrEqual(0);
          expect(a.discountMinor).toBeLessThanOrEqual(a.grossMinor);
          expect(a.totalMinor).toBe(a.grossMinor - a.discountMinor);
        }
      }),
    );
  });

  it('has one row per rate present, ascending, and each row is the exact VAT within half a minor unit', () => {
    fc.assert(
      fc.property(linesArb, (lines) => {
        const { vat } = cartTotals(cartOf(lines));
        expect(vat.map((row) => row.vatBasisPoints)).toEqual(
          [...new Set(lines.map((l) => l.vatBasisPoints))].sort((a, b) => a - b),
        );
        for (const row of vat) {
          const atRate = lines.filter((l) => l.vatBasisPoints === row.vatBasisPoints);
          expect(row.grossMinor).toBe(atRate.reduce((sum, l) => sum + lineAmounts(l).totalMinor, 0));
          // |vat − gross × bp / (10 000 + bp)| ≤ ½, in integers
          const divisor = 10_000 + row.vatBasisPoints;
          const error = Math.abs(row.vatMinor * divisor - row.grossMinor * row.vatBasisPoints);
          expect(2 * error).toBeLessThanOrEqual(divisor);
        }
      }),
    );
  });

  it('takes every percent discount within half a minor unit of exact', () => {
    fc.assert(
      fc.property(linesArb, (lines) => {
        for (const l of lines) {
          if (l.discount?.kind !== 'percent') continue;
          const { grossMinor, discountMinor } = lineAmounts(l);
          expect(2 * Math.abs(discountMinor * 10_000 - grossMinor * l.discount.basisPoints)).toBeLessThanOrEqual(
            10_000,
          );
        }
      }),
    );
  });

  it('does not depend on the order of the lines', () => {
    const linesAndShuffled = linesArb.chain((lines) =>
      fc.tuple(fc.constant(lines), fc.shuffledSubarray(lines, { minLength: lines.length, maxLength: lines.length })),
    );
    fc.assert(
      fc.property(linesAndShuffled, ([lines, shuffled]) => {
        expect(shuffled).toHaveLength(lines.length);
        expect(cartTotals(cartOf(shuffled))).toEqual(cartTotals(cartOf(lines)));
      }),
    );
  });
});

type Step =
  | { op: 'add'; item: SellableItem; quantity: number }
  | { op: 'quantity'; line: number; quantity: number }
  | { op: 'remove'; line: number }
  | { op: 'discount'; line: number; discount: LineDiscount | undefined }
  | { op: 'override'; line: number; price: number | undefined };

const ITEMS: readonly SellableItem[] = [COFFEE, PAPER, WINE, CHOC, CORKSCREW, { ...WINE, priceMinor: 799 }];
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      item: fc.constantFrom(...ITEMS),
      quantity: fc.integer({ min: 0, max: 6000 }),
    }),
  },
  fc.record({ op: fc.constant('quantity' as const), line: fc.nat(20), quantity: fc.integer({ min: -1, max: 10_000 }) }),
  fc.record({ op: fc.constant('remove' as const), line: fc.nat(20) }),
  fc.record({ op: fc.constant('discount' as const), line: fc.nat(20), discount: discountArb }),
  fc.record({
    op: fc.constant('override' as const),
    line: fc.nat(20),
    price: fc.option(fc.integer({ min: -5, max: 5000 }), { nil: undefined }),
  }),
);

describe('a cart built by any sequence of till actions', () => {
  it('stays valid: every line passes its schema, ids are unique, no line exceeds its limits', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        let cart = emptyCart('S1', 'EUR');
        let nextId = 0;
        for (const step of steps) {
          const lineId =
            cart.lines[step.op === 'add' ? 0 : step.line % Math.max(1, cart.lines.length)]?.lineId ?? 'none';
          try {
            switch (step.op) {
              case 'add':
                cart = addItem(cart, step.item, `l${++nextId}`, step.quantity);
                break;
              case 'quantity':
                cart = setQuantity(cart, lineId, step.quantity);
                break;
              case 'remove':
                cart = removeLine(cart, lineId);
                break;
              case 'discount':
                cart = setDiscount(cart, lineId, step.discount);
                break;
              case 'override':
                cart = overridePrice(cart, lineId, step.price);
                break;
            }
          } catch (error) {
            expect(error).toBeInstanceOf(SaleRuleError); // refused in the cashier's words, never a crash
          }
          const parsed = CartSchema.safeParse(cart);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          for (const l of cart.lines) {
            // the rule the cart functions enforce, so lineAmounts never has to cap
            if (l.discount?.kind === 'amount') expect(l.discount.minor).toBeLessThanOrEqual(lineAmounts(l).grossMinor);
          }
        }
      }),
    );
  });
});
