import { memo, useDeferredValue, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import { useFormat } from '../i18n/format.ts';
import { t } from '../i18n/words.ts';
import { pageOf, tileAfter } from './product-pages.ts';
import { useSaleStore } from './sale-store.ts';

/** Which page of which list: a new search or category starts at its first page. */
interface Paging {
  list: string;
  page: number;
}

/**
 * Search as you type, category buttons and product tiles, a page at a time.
 * Enter in the search box takes a barcode or SKU; arrow down moves into the
 * tiles, arrows move between them, Enter adds the one highlighted, Esc goes
 * back to the search. Memoised: the sale changing does not redraw the tiles.
 */
export const ProductPicker = memo(function ProductPicker({
  searchRef,
}: {
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const catalog = useSaleStore((state) => state.catalog);
  const openItems = useSaleStore((state) => state.openItems);
  const addProduct = (item: CatalogItem) => void useSaleStore.getState().addProduct(item);
  const scan = (code: string) => void useSaleStore.getState().scan(code);

  const format = useFormat();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState<string | undefined>(undefined);
  // Typing stays instant on a big catalogue: the tiles follow a frame behind.
  const deferredQuery = useDeferredValue(query);
  const tilesRef = useRef<HTMLDivElement>(null);
  const trimmed = deferredQuery.trim();
  const list = trimmed !== '' ? `search:${trimmed}` : `category:${category ?? ''}`;
  const [paging, setPaging] = useState<Paging>({ list, page: 0 });
  const page = paging.list === list ? paging.page : 0;
  // A category's products are sorted once, not on every page turn.
  const inCategory = useMemo(
    () => (catalog === undefined || category === undefined ? undefined : catalog.inCategory(category)),
    [catalog, category],
  );

  if (catalog === undefined) return <p className="loading">{t.app.loadingCatalog}</p>;

  const shown = pageOf(catalog, trimmed, inCategory, page);
  const items = shown.items;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      const first = tilesRef.current?.querySelector<HTMLButtonElement>('.product-tile');
      if (first !== null && first !== undefined) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // The field itself, not the last render: keys held back as a possible scan may have just gone back in.
      const code = event.currentTarget.value.trim();
      if (code === '') return;
      // A scan into the search box, or a SKU typed in full; otherwise the only match.
      const exact = catalog.byBarcode(code) ?? catalog.bySku(code);
      const only = catalog.search(code, 2);
      if (exact !== undefined) addProduct(exact);
      else if (only.length === 1 && only[0] !== undefined) addProduct(only[0]);
      else if (/^\d{6,}$/.test(code)) scan(code);
      else return;
      setQuery('');
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  // In the tiles: arrows move the highlight (the focus), Enter presses the tile, Esc goes back to the search.
  const onTilesKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      searchRef.current?.focus();
      return;
    }
    const tiles = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.product-tile'));
    const at = tiles.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const target = tileAfter(tiles, at, event.key);
    if (target === undefined) return;
    event.preventDefault();
    if (target === 'search') searchRef.current?.focus();
    else tiles[target]?.focus();
  };

  const turnTo = (next: number) => {
    setPaging({ list, page: next });
    tilesRef.current?.scrollTo({ top: 0 });
  };

  return (
    <section className="product-picker" aria-label={t.layout.productsLabel}>
      <input
        ref={searchRef}
        type="search"
        className="product-search"
        aria-label={t.sale.searchLabel}
        placeholder={t.sale.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="categories" role="group" aria-label={t.layout.categoriesLabel}>
        <button
          type="button"
          className="category"
          aria-pressed={category === undefined}
          onClick={() => {
            setCategory(undefined);
            setQuery('');
          }}
        >
          {t.sale.allProducts}
        </button>
        {catalog.categories.map((name) => (
          <button
            key={name}
            type="button"
            className="category"
            aria-pressed={category === name}
            onClick={() => {
              setCategory(name);
              setQuery('');
            }}
          >
            {name}
          </button>
        ))}
      </div>
      {openItems.length > 0 && (
        <div className="open-items" role="group" aria-label={t.sale.openItemsLabel}>
          {openItems.map((item) => (
            <button
              key={item.sku}
              type="button"
              className="category open-item"
              onClick={() => useSaleStore.getState().chooseOpenItem(item)}
            >
              {item.name}
            </button>
          ))}
        </div>
      )}
      {trimmed !== '' && items.length === 0 ? (
        <p className="no-matches">{t.sale.noMatches(trimmed)}</p>
      ) : (
        <>
          <div
            ref={tilesRef}
            className="product-tiles"
            role="group"
            aria-label={t.layout.resultsLabel}
            onKeyDown={onTilesKeyDown}
          >
            {items.map((item) => (
              <button
                key={item.sku}
                type="button"
                className="product-tile"
                title={item.name}
                onClick={() => addProduct(item)}
              >
                {/* The name is cut short at two lines, never the price. */}
                <span className="product-name">{item.name}</span>
                <span className="product-price">{format.money(item.priceMinor)}</span>
              </button>
            ))}
          </div>
          {(page > 0 || shown.more) && (
            <nav className="product-pager" aria-label={t.layout.pagesLabel}>
              <button type="button" className="button" disabled={page === 0} onClick={() => turnTo(page - 1)}>
                {t.layout.previousPage}
              </button>
              <span className="product-page" role="status">
                {shown.pages === undefined ? t.layout.pageOnly(page + 1) : t.layout.page(page + 1, shown.pages)}
              </span>
              <button type="button" className="button" disabled={!shown.more} onClick={() => turnTo(page + 1)}>
                {t.layout.nextPage}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
});
