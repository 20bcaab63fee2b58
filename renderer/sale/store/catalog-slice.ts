import type { StateCreator } from 'zustand';
import { buildCatalogIndex, type CatalogIndex } from '../../../shared/catalog/catalog-index.ts';
import type { OpenItem } from '../../../shared/sale/sale-commands.ts';
import type { MainLink } from './main-link.ts';
import type { SaleState } from './slice-types.ts';

/**
 * The catalogue the product picker searches, and the keys for goods without a
 * code. Only for finding things: main looks every code up again and prices it.
 */
export interface CatalogSlice {
  catalog: CatalogIndex | undefined;
  openItems: readonly OpenItem[];
  /** For attaching: reads the catalogue from main and builds the search index. */
  loadCatalog(): Promise<void>;
}

export const createCatalogSlice =
  (link: MainLink): StateCreator<SaleState, [], [], CatalogSlice> =>
  (set, get) => ({
    catalog: undefined,
    openItems: [],

    async loadCatalog() {
      const answer = await link.api()['catalog.get']({});
      if (answer.ok) set({ catalog: buildCatalogIndex(answer.value.items), openItems: answer.value.openItems });
      else get().say('error', answer.error.message);
    },
  });
