import type { CatalogItem } from '../shared/catalog/catalog-item.ts';
import { withEan13CheckDigit } from '../shared/catalog/ean13.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * A large, deterministic, realistic-ish catalogue for `npm run bench`: names
 * are built from a few word lists, so prefix queries ("c", "ch", "che", …)
 * hit many items, as they do in a real shop. SKUs and barcodes follow the
 * item's position, so they are unique and known in advance.
 */

interface CategorySpec {
  readonly code: string;
  readonly name: string;
  readonly vatBasisPoints: number;
  readonly nouns: readonly string[];
  readonly sizes: readonly string[];
  /** Price range in cents. */
  readonly minCents: number;
  readonly maxCents: number;
}

// prettier-ignore
const CATEGORIES: readonly CategorySpec[] = [
  { code: 'BAK', name: 'Bakery', vatBasisPoints: 900, minCents: 79, maxCents: 499,
    nouns: ['Bread', 'Baguette', 'Croissant', 'Rolls', 'Ciabatta', 'Muffin', 'Brioche', 'Crackers', 'Rusks', 'Cake', 'Cookies', 'Pie'],
    sizes: ['400 g', '800 g', '4 pcs', '6 pcs', '1 pc', '250 g'] },
  { code: 'DAI', name: 'Dairy', vatBasisPoints: 900, minCents: 59, maxCents: 899,
    nouns: ['Milk', 'Yoghurt', 'Cheese', 'Butter', 'Cream', 'Quark', 'Buttermilk', 'Custard', 'Crème Fraîche', 'Eggs', 'Gouda', 'Brie'],
    sizes: ['1 L', '500 ml', '250 g', '500 g', '150 g', '10 pcs', '6 pcs'] },
  { code: 'FRV', name: 'Fruit & Veg', vatBasisPoints: 900, minCents: 49, maxCents: 599,
    nouns: ['Apples', 'Bananas', 'Carrots', 'Cherry Tomatoes', 'Cucumber', 'Onions', 'Potatoes', 'Pears', 'Spinach', 'Lettuce', 'Peppers', 'Jalapeños'],
    sizes: ['1 kg', '500 g', '250 g', '1 pc', '2 kg', '3 pcs'] },
  { code: 'DRI', name: 'Drinks', vatBasisPoints: 900, minCents: 69, maxCents: 699,
    nouns: ['Cola', 'Orange Juice', 'Apple Juice', 'Sparkling Water', 'Still Water', 'Iced Tea', 'Lemonade', 'Coffee', 'Tea', 'Energy Drink', 'Smoothie', 'Chocolate Milk'],
    sizes: ['1.5 L', '1 L', '330 ml', '500 ml', '6 x 330 ml', '250 g', '20 bags'] },
  { code: 'ALC', name: 'Beer & Wine', vatBasisPoints: 2100, minCents: 99, maxCents: 2499,
    nouns: ['Lager', 'Pilsner', 'IPA', 'Red Wine', 'White Wine', 'Rosé', 'Cider', 'Stout', 'Prosecco', 'Wheat Beer'],
    sizes: ['330 ml', '500 ml', '750 ml', '6 x 330 ml', '24 x 300 ml'] },
  { code: 'SNA', name: 'Snacks', vatBasisPoints: 900, minCents: 49, maxCents: 499,
    nouns: ['Chocolate', 'Chips', 'Crisps', 'Peanuts', 'Liquorice', 'Stroopwafels', 'Biscuits', 'Candy', 'Popcorn', 'Nuts', 'Wafers', 'Chocolate Bar'],
    sizes: ['100 g', '200 g', '150 g', '300 g', '45 g', '8 pcs'] },
  { code: 'HOU', name: 'Household', vatBasisPoints: 2100, minCents: 99, maxCents: 1299,
    nouns: ['Dish Soap', 'Laundry Detergent', 'Kitchen Roll', 'Toilet Paper', 'Bin Bags', 'Sponges', 'Cleaner', 'Candles', 'Batteries', 'Light Bulb', 'Foil', 'Matches'],
    sizes: ['500 ml', '1 L', '4 rolls', '8 rolls', '20 pcs', '3 pcs', '1 pc'] },
  { code: 'PER', name: 'Personal care', vatBasisPoints: 2100, minCents: 99, maxCents: 999,
    nouns: ['Shampoo', 'Conditioner', 'Shower Gel', 'Toothpaste', 'Toothbrush', 'Deodorant', 'Hand Soap', 'Razor', 'Sun Cream', 'Lip Balm', 'Tissues', 'Plasters'],
    sizes: ['250 ml', '300 ml', '75 ml', '150 ml', '1 pc', '10 pcs', '50 ml'] },
  { code: 'FRO', name: 'Frozen', vatBasisPoints: 900, minCents: 129, maxCents: 899,
    nouns: ['Pizza', 'Ice Cream', 'Fries', 'Peas', 'Spinach', 'Fish Fingers', 'Croquettes', 'Berries', 'Lasagne', 'Spring Rolls'],
    sizes: ['1 pc', '900 ml', '1 kg', '450 g', '10 pcs', '400 g'] },
  { code: 'DEL', name: 'Deli', vatBasisPoints: 900, minCents: 99, maxCents: 1299,
    nouns: ['Ham', 'Salami', 'Chicken Breast', 'Hummus', 'Olives', 'Pâté', 'Smoked Salmon', 'Pesto', 'Salad', 'Chorizo', 'Tapenade'],
    sizes: ['100 g', '150 g', '200 g', '125 g', '250 g'] },
  { code: 'NEW', name: 'Newspapers & magazines', vatBasisPoints: 900, minCents: 199, maxCents: 899,
    nouns: ['Newspaper', 'Weekend Paper', 'Puzzle Book', 'Cooking Magazine', 'Gardening Magazine', 'Comic', 'Crossword', 'Travel Guide'],
    sizes: ['1 pc', 'weekly', 'monthly'] },
];

// prettier-ignore
const BRANDS: readonly string[] = [
  'Hollandia', 'Zuiderzee', 'Molenaar', 'Van Dijk', 'De Gouden Korenaar', 'Boerenland', 'Noordkaap', 'Lindeboom',
  'Café Noir', 'Maison Crème', 'Óptima', 'Grünwald', 'Sørensen', 'Het Zonnehuis', 'Polderfris', 'Duinrand',
  'Klaverblad', 'Oranjeboom', 'Zeeuwse Vlag', 'Tulpenhof', 'Kaasmeester', 'Veldzicht', 'Rijnmond', 'Groenhart',
  'Bakkerij Bos', 'Smit & Zn', 'Vrolijke Koe', 'Blauwe Reiger', 'Dorpshuis', 'Eerlijk', 'Huismerk', 'Primo',
  'Natuurlijk', 'Lekker Thuis', 'Stadsbrouwerij', 'Wijnhuis Rood', 'Glanz', 'Frisse Start', 'Zacht & Zo', 'Citroentje',
];

// prettier-ignore
const VARIANTS: readonly string[] = [
  'Organic', 'Classic', 'Extra', 'Light', 'Dark', 'Mild', 'Spicy', 'Fresh', 'Original', 'Sweet', 'Salted', 'Smoked',
  'Wholegrain', 'Vanilla', 'Strawberry', 'Lemon', 'Family Pack', 'Mini', 'Crème', 'Premium', 'Sugar-free', 'Zero',
  'Honey', 'Garlic', 'Herb', 'Mediterranean', 'Farmhouse', 'Crunchy', 'Creamy', 'Café', 'Jalapeño', 'Caramel',
  'Coconut', 'Hazelnut', 'Chili', 'Sensitive', 'Fresh Mint', 'Lavender', 'Rustic', 'Golden',
];

/** The EAN-13 of item `index` (0-based) of any generated catalogue: Dutch GS1 prefix 871. */
export function fixtureBarcode(index: number): string {
  return withEan13CheckDigit(`871${String(index).padStart(9, '0')}`);
}

/** The second, in-store (prefix 20) barcode that every seventh item also carries. */
export function fixtureInStoreBarcode(index: number): string {
  return withEan13CheckDigit(`20${String(index).padStart(10, '0')}`);
}

function pick<T>(list: readonly T[], next: () => number): T {
  const value = list[Math.floor(next() * list.length)];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}

/**
 * `count` items, the same for the same `count` and `seed`. Item `i` has SKU
 * `<CAT>-<i + 1, six digits>` and barcode `fixtureBarcode(i)`; every seventh
 * item also has `fixtureInStoreBarcode(i)`.
 */
export function generateCatalog(count: number, seed = 20_240_601): CatalogItem[] {
  const next = seededRandom(seed);
  const items: CatalogItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const category = pick(CATEGORIES, next);
    const brand = pick(BRANDS, next);
    const noun = pick(category.nouns, next);
    const size = pick(category.sizes, next);
    const variant = next() < 0.8 ? `${pick(VARIANTS, next)} ` : '';
    const cents = category.minCents + Math.floor(next() * (category.maxCents - category.minCents));
    const barcodes = i % 7 === 0 ? [fixtureBarcode(i), fixtureInStoreBarcode(i)] : [fixtureBarcode(i)];
    items.push({
      sku: `${category.code}-${String(i + 1).padStart(6, '0')}`,
      barcodes,
      name: `${brand} ${variant}${noun} ${size}`,
      // Shop prices end in 9.
      priceMinor: cents - (cents % 10) + 9,
      vatBasisPoints: category.vatBasisPoints,
      category: category.name,
    });
  }
  return items;
}

/** Every prefix of `text`, as a cashier types it: "ch" → ["c", "ch"]. */
function keystrokes(text: string): string[] {
  return Array.from({ length: text.length }, (_, end) => text.slice(0, end + 1));
}

/**
 * What cashiers type, one keystroke at a time: product words and word
 * pairs (with accents and without), SKU prefixes, and barcodes typed or scanned.
 */
export const TYPED_QUERIES: readonly string[] = [
  ...keystrokes('chocolate'),
  ...keystrokes('cheese'),
  ...keystrokes('coffee'),
  ...keystrokes('milk'),
  ...keystrokes('creme fraiche'),
  ...keystrokes('Crème'),
  ...keystrokes('organic bananas'),
  ...keystrokes('sparkling water'),
  ...keystrokes('dark choc'),
  ...keystrokes('hollandia gouda 500'),
  ...keystrokes('toilet paper'),
  ...keystrokes('shampoo'),
  ...keystrokes('jalapeno'),
  ...keystrokes('stroopwafels'),
  ...keystrokes('red wine'),
  ...keystrokes('pizza'),
  ...keystrokes('a'),
  ...keystrokes('bread'),
  ...keystrokes('DAI-0012'),
  ...keystrokes('snA-00'),
  ...keystrokes('FRV-09'),
  ...keystrokes(fixtureBarcode(4711)),
  fixtureBarcode(0),
  fixtureBarcode(12_345),
  fixtureBarcode(54_321),
  fixtureBarcode(99_999),
  fixtureInStoreBarcode(7 * 1234),
  fixtureBarcode(250_000),
  'zzz',
  'xq',
];
