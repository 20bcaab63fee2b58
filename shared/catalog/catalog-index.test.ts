import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCatalog, TYPED_QUERIES } from '../../bench/catalog-fixture.ts';
import { buildCatalogIndex, DEFAULT_SEARCH_LIMIT } from './catalog-index.ts';
import type { CatalogItem } from './catalog-item.ts';
import { foldForSearch, searchWords } from './search-text.ts';

function item(sku: string, name: string, extra: Partial<CatalogItem> = {}): CatalogItem {
  return { sku, barcodes: [], name, priceMinor: 100, vatBasisPoints: 900, ...extra };
}

const names = (items: readonly CatalogItem[]) => items.map((found) => found.name);

/**
 * The rule, written the slow, obvious way: what search must return, in order.
 * Assumes SKUs are unique case-insensitively and barcodes unique, as in every
 * catalogue the parser accepts.
 */
function referenceSearch(items: readonly CatalogItem[], query: string, limit?: number): CatalogItem[] {
  return referenceIndex(items)(query, limit);
}

function referenceIndex(items: readonly CatalogItem[]) {
  const entries = items.map((candidate, input) => {
    const words = searchWords(candidate.name);
    return { item: candidate, input, words, key: words.join(' '), sku: candidate.sku.trim().toLowerCase() };
  });
  return (query: string, limit = DEFAULT_SEARCH_LIMIT): CatalogItem[] => {
    const trimmed = query.trim();
    const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
    if (trimmed === '' || max === 0) return [];
    const queryWords = searchWords(trimmed);
    const queryKey = queryWords.join(' ');
    const skuQuery = trimmed.toLowerCase();
    const bySku = entries.filter((entry) => entry.sku === skuQuery);
    const byBarcode = entries.filter((entry) => entry.item.barcodes.includes(trimmed) && !bySku.includes(entry));
    const exact = [...bySku, ...byBarcode];
    const rest = entries
      .filter((entry) => !exact.includes(entry))
      .filter(
        (entry) =>
          (queryWords.length > 0 &&
            queryWords.every((word) => entry.words.some((nameWord) => nameWord.startsWith(word)))) ||
          entry.sku.startsWith(skuQuery),
      )
      .map((entry) => ({ ...entry, tier: queryWords.length > 0 && entry.key.startsWith(queryKey) ? 1 : 2 }))
      .sort(
        (a, b) =>
          a.tier - b.tier ||
          compare(a.key, b.key) ||
          compare(a.item.name, b.item.name) ||
          compare(a.item.sku, b.item.sku) ||
          a.input - b.input,
      );
    return [...exact, ...rest].slice(0, max).map((entry) => entry.item);
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('search text', () => {
  it('folds case, accents and compatibility forms', () => {
    expect(foldForSearch('Crème Brûlée')).toBe('creme brulee');
    expect(foldForSearch('STRAßE Ærø İstanbul ﬁne')).toBe('strasse aero istanbul fine');
    expect(foldForSearch('Plain ASCII')).toBe('plain ascii');
  });

  it('splits into words of letters and digits, joining apostrophes', () => {
    expect(searchWords("Ben & Jerry's Crème 1.5 L")).toEqual(['ben', 'jerrys', 'creme', '1', '5', 'l']);
    expect(searchWords('  Coca-Cola, Zero!  ')).toEqual(['coca', 'cola', 'zero']);
    expect(searchWords('Jalapeño-Käse')).toEqual(['jalapeno', 'kase']);
    expect(searchWords(' - & ')).toEqual([]);
  });
});

describe('catalogue index', () => {
  const items: CatalogItem[] = [
    item('DAI-010', 'Crème fraîche 200 ml', { barcodes: ['8710000000011'], category: 'Dairy' }),
    item('SNA-001', 'Dark chocolate 200 g', { barcodes: ['8710000000028'], category: 'Snacks' }),
    item('SNA-002', 'Milk chocolate 100 g', { category: 'Snacks' }),
    item('BAK-001', 'Chocolate croissant', { category: 'Bakery' }),
    item('SNA-003', "Ben & Jerry's Cookie Dough", { category: 'Snacks' }),
    item('DRI-001', 'Chocolate milk 1 L', { barcodes: ['8710000000035', '2000000000015'], category: 'Drinks' }),
    item('BAK-002', 'Dark rye bread', { category: 'Bakery' }),
    item('CHO', 'Hot drink powder'),
    item('DAI-001', 'Creamy yoghurt 500 g', { category: 'Dairy' }),
  ];
  const index = buildCatalogIndex(items);

  it('finds names whatever the case and accents', () => {
    expect(names(index.search('creme'))).toEqual(['Crème fraîche 200 ml']);
    expect(names(index.search('CRÈME FRAI'))).toEqual(['Crème fraîche 200 ml']);
    expect(names(index.search('jerrys'))).toEqual(["Ben & Jerry's Cookie Dough"]);
    expect(names(index.search("jerry's cook"))).toEqual(["Ben & Jerry's Cookie Dough"]);
  });

  it('needs every query word to start a word of the name', () => {
    expect(names(index.search('dark choc'))).toEqual(['Dark chocolate 200 g']);
    expect(names(index.search('choc dark'))).toEqual(['Dark chocolate 200 g']);
    expect(names(index.search('ark'))).toEqual([]);
    expect(names(index.search('dark chocx'))).toEqual([]);
  });

  it('ranks exact SKU and barcode first, then names starting with the query, then the rest, each alphabetically', () => {
    // "cho": SKU "CHO" exactly, then the names that start with "cho", then names with a word starting with it.
    expect(names(index.search('cho'))).toEqual([
      'Hot drink powder',
      'Chocolate croissant',
      'Chocolate milk 1 L',
      'Dark chocolate 200 g',
      'Milk chocolate 100 g',
    ]);
    expect(names(index.search('milk'))).toEqual(['Milk chocolate 100 g', 'Chocolate milk 1 L']);
    expect(names(index.search('2000000000015'))).toEqual(['Chocolate milk 1 L']);
  });

  it('finds SKUs by prefix, case-insensitively, and barcodes only whole', () => {
    expect(index.search('sna-').map((found) => found.sku)).toEqual(['SNA-003', 'SNA-001', 'SNA-002']);
    expect(index.search(' bak-002 ').map((found) => found.sku)).toEqual(['BAK-002']);
    expect(index.search('871000000002')).toEqual([]);
    expect(names(index.search('8710000000028'))).toEqual(['Dark chocolate 200 g']);
  });

  it('keeps to the limit and answers an empty query with nothing', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('c', 2)).toHaveLength(2);
    expect(index.search('c', 0)).toEqual([]);
    expect(index.search('c', -3)).toEqual([]);
    expect(index.search('c', 2.9)).toHaveLength(2);
    expect(index.search('c', Number.NaN)).toEqual([]);
    expect(index.search('c', Infinity)).toEqual(referenceSearch(items, 'c', Infinity));
    const many = buildCatalogIndex(Array.from({ length: 100 }, (_, i) => item(`X-${i}`, `Cola ${i}`)));
    expect(many.search('cola')).toHaveLength(DEFAULT_SEARCH_LIMIT);
    expect(many.search('cola', 75)).toHaveLength(75);
  });

  it('looks up barcodes exactly and SKUs case-insensitively, after trimming', () => {
    expect(index.byBarcode(' 8710000000035\n')?.sku).toBe('DRI-001');
    expect(index.byBarcode('2000000000015')?.sku).toBe('DRI-001');
    expect(index.byBarcode('871000000003')).toBeUndefined();
    expect(index.bySku('dai-010')?.name).toBe('Crème fraîche 200 ml');
    expect(index.bySku(' SNA-001 ')?.name).toBe('Dark chocolate 200 g');
    expect(index.bySku('SNA-00')).toBeUndefined();
  });

  it('lists categories in order of first appearance and their items alphabetically', () => {
    expect(index.categories).toEqual(['Dairy', 'Snacks', 'Bakery', 'Drinks']);
    expect(names(index.inCategory('Snacks'))).toEqual([
      "Ben & Jerry's Cookie Dough",
      'Dark chocolate 200 g',
      'Milk chocolate 100 g',
    ]);
    expect(names(index.inCategory('Snacks', 1))).toEqual(["Ben & Jerry's Cookie Dough"]);
    expect(index.inCategory('snacks')).toEqual([]);
    expect(index.inCategory('Snacks', 0)).toEqual([]);
  });

  it('keeps the items in the order given, and the first of duplicates for look-ups', () => {
    expect(index.items).toEqual(items);
    const duplicates = buildCatalogIndex([
      item('A-1', 'Zebra', { barcodes: ['1111'] }),
      item('a-1', 'Aardvark', { barcodes: ['1111'] }),
    ]);
    expect(duplicates.bySku('A-1')?.name).toBe('Zebra');
    expect(duplicates.byBarcode('1111')?.name).toBe('Zebra');
    expect(names(duplicates.search('a-1'))).toEqual(['Zebra', 'Aardvark']);
  });

  it('copes with no items and queries of many words', () => {
    expect(buildCatalogIndex([]).search('anything')).toEqual([]);
    const long = 'a b c d e f g h i j k l m n o p q r';
    const many = buildCatalogIndex([item('L-1', long), item('L-2', 'a b c')]);
    expect(names(many.search(long))).toEqual([long]);
    expect(names(many.search('b c d e f g h i j k l m n o p q r a'))).toEqual([long]);
  });

  it('agrees with the rule on a large catalogue, for every typed query (scanning and candidate paths)', () => {
    const large = generateCatalog(20_000, 7);
    const largeIndex = buildCatalogIndex(large);
    const reference = referenceIndex(large);
    // Pairs of common word prefixes: too many candidates to sort, so ids are scanned in order.
    const common = ['1', 'b s', 'c c', '1 m', 'p c', 's 1', 'g c', 'l s'];
    for (const query of [...TYPED_QUERIES, ...common]) {
      expect(
        largeIndex.search(query).map((found) => found.sku),
        query,
      ).toEqual(reference(query).map((found) => found.sku));
    }
  });
});

// prettier-ignore
const WORDS = [
  'Crème', 'creme', 'CREAM', 'Brûlée', 'Ben', "Jerry's", 'Coca-Cola', 'cola', 'Straße', 'strasse', 'Øl', 'chocolate',
  'choc', 'dark', 'Milk', '1.5', 'L', '500g', 'Æble', 'apple', 'İstanbul', 'a', 'ab', 'abc', 'B2', 'b', 'x',
];
const separators = fc.constantFrom(' ', '-', ', ', ' & ', '/');
const nameArbitrary = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), separators), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([word, separator], i) => (i === 0 ? word : separator + word)).join(''));
const catalogArbitrary = fc
  .uniqueArray(fc.stringMatching(/^[AaBb][Bb1-]{0,3}$/), { selector: (sku) => sku.toLowerCase(), maxLength: 30 })
  .chain((skus) =>
    fc.tuple(
      fc.constant(skus),
      fc.array(nameArbitrary, { minLength: skus.length, maxLength: skus.length }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: skus.length, maxLength: skus.length }),
    ),
  )
  .map(([skus, itemNames, barcodeCounts]) =>
    skus.map((sku, i) =>
      item(sku, itemNames[i] ?? 'x', {
        barcodes: Array.from({ length: barcodeCounts[i] ?? 0 }, (_, b) => `${1000 + i}${b}`),
      }),
    ),
  );
const queryArbitrary = fc.oneof(
  // Prefixes of name words, in any case, one or more.
  fc
    .array(
      fc.tuple(fc.constantFrom(...WORDS), fc.nat(), fc.boolean()).map(([word, cut, upper]) => {
        const prefix = word.slice(0, 1 + (cut % word.length));
        return upper ? prefix.toUpperCase() : prefix.toLowerCase();
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((words) => words.join(' ')),
  fc.stringMatching(/^[AaBb][Bb1-]{0,3}$/),
  fc.integer({ min: 1000, max: 1030 }).chain((code) => fc.constantFrom(`${code}0`, `${code}1`, ` ${code}2 `)),
  fc.string({ maxLength: 6 }),
);

describe('catalogue search, for any catalogue and query', () => {
  it('returns exactly what the rule says, in its order, within the limit', () => {
    fc.assert(
      fc.property(
        catalogArbitrary,
        queryArbitrary,
        fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        (catalog, query, limit) => {
          const found = buildCatalogIndex(catalog).search(query, limit);
          expect(found.length).toBeLessThanOrEqual(limit ?? DEFAULT_SEARCH_LIMIT);
          expect(found).toEqual(referenceSearch(catalog, query, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds every item by its SKU and by each of its barcodes, first', () => {
    fc.assert(
      fc.property(catalogArbitrary, (catalog) => {
        const index = buildCatalogIndex(catalog);
        for (const entry of catalog) {
          expect(index.search(entry.sku)[0]).toBe(entry);
          expect(index.search(entry.sku.toLowerCase(), 1)).toEqual([entry]);
          expect(index.bySku(entry.sku)).toBe(entry);
          for (const barcode of entry.barcodes) {
            expect(index.search(barcode)[0]).toBe(entry);
            expect(index.byBarcode(barcode)).toBe(entry);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
