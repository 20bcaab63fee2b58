import { memo, useDeferredValue, useState, type KeyboardEvent, type RefObject } from 'react';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import { useFormat } from '../i18n/format.ts';
import { en } from '../i18n/messages.ts';
import { useSaleStore } from './sale-store.ts';

const TILE_LIMIT = 60;

/**
 * Search as you type, category buttons and product tiles. Enter in the search
 * box takes a barcode or SKU. Memoised: the sale changing does not redraw the tiles.
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

  if (catalog === undefined) return <p className="loading">{en.app.loadingCatalog}</p>;

  const trimmed = deferredQuery.trim();
  const items: readonly CatalogItem[] =
    trimmed !== ''
      ? catalog.search(trimmed, TILE_LIMIT)
      : category !== undefined
        ? catalog.inCategory(category, TILE_LIMIT)
        : catalog.items.slice(0, TILE_LIMIT);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const code = query.trim();
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

  return (
    <section className="product-picker" aria-label="Products">
      <input
        ref={searchRef}
        type="search"
        className="product-search"
        aria-label={en.sale.searchLabel}
        placeholder={en.sale.searchPlaceholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="categories" role="group" aria-label="Categories">
        <button
          type="button"
          className="category"
          aria-pressed={category === undefined}
          onClick={() => {
            setCategory(undefined);
            setQuery('');
          }}
        >
          {en.sale.allProducts}
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
        <div className="open-items" role="group" aria-label={en.sale.openItemsLabel}>
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
        <p className="no-matches">{en.sale.noMatches(trimmed)}</p>
      ) : (
        <div className="product-tiles">
          {items.map((item) => (
            <button key={item.sku} type="button" className="product-tile" onClick={() => addProduct(item)}>
              <span className="product-name">{item.name}</span>
              <span className="product-price">{format.money(item.priceMinor)}</span>
            </button>
          ))}
        </div>
      )}
    </section>
  );
});
