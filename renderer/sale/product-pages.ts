import type { CatalogIndex } from '../../shared/catalog/catalog-index.ts';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';

/** Tiles per page: a page fills a 1920×1080 screen; "All" pages through every product, however many. */
export const TILES_PER_PAGE = 60;

export interface ProductPage {
  items: readonly CatalogItem[];
  /** There is a page after this one. */
  more: boolean;
  /** How many pages the list has; a search does not count its matches past the page shown. */
  pages: number | undefined;
}

/**
 * One page of what the picker lists: the search's matches when something is
 * typed, else the category's products (`inCategory`, sorted once by the
 * caller), else every product of the catalogue. A page past the end shows
 * the last one.
 */
export function pageOf(
  catalog: CatalogIndex,
  query: string,
  inCategory: readonly CatalogItem[] | undefined,
  page: number,
  perPage: number = TILES_PER_PAGE,
): ProductPage {
  if (query !== '') {
    // Ranked matches, only as far as this page and one more to know whether a next page exists.
    const matches = catalog.search(query, (page + 1) * perPage + 1);
    const start = Math.min(page, Math.max(0, Math.ceil(matches.length / perPage) - 1)) * perPage;
    return {
      items: matches.slice(start, start + perPage),
      more: matches.length > start + perPage,
      pages: undefined,
    };
  }
  const all = inCategory ?? catalog.items;
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const start = Math.min(Math.max(0, page), pages - 1) * perPage;
  return { items: all.slice(start, start + perPage), more: start + perPage < all.length, pages };
}

/**
 * Where an arrow key moves the highlight in a grid of tiles laid out in rows
 * (read from where the browser put them): the index of the next tile, the
 * search box (up from the first row), or nowhere.
 */
export function tileAfter(
  tiles: readonly Pick<HTMLElement, 'offsetTop'>[],
  at: number,
  key: string,
): number | 'search' | undefined {
  const last = tiles.length - 1;
  const firstRowTop = tiles[0]?.offsetTop;
  const columns = Math.max(1, tiles.filter((tile) => tile.offsetTop === firstRowTop).length);
  switch (key) {
    case 'ArrowRight':
      return at < last ? at + 1 : undefined;
    case 'ArrowLeft':
      return at > 0 ? at - 1 : undefined;
    case 'ArrowDown': {
      if (at + columns <= last) return at + columns;
      // The last row may be short: down from above its end goes to its last tile.
      const lastRowStart = last - (last % columns);
      return at < lastRowStart ? last : undefined;
    }
    case 'ArrowUp':
      return at - columns >= 0 ? at - columns : 'search';
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
