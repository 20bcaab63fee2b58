import type { StateCreator } from 'zustand';
import type { CatalogItem } from '../../../shared/catalog/catalog-item.ts';
import type { ChannelRequest } from '../../../shared/ipc/contract.ts';
import { formatMoney } from '../../../shared/money.ts';
import { MAX_LINE_QUANTITY, type LineDiscount } from '../../../shared/sale/cart.ts';
import type { OpenItem } from '../../../shared/sale/sale-commands.ts';
import { t } from '../../i18n/words.ts';
import { useTillStore } from '../../store/till-store.ts';
import { notice } from './screen-slice.ts';
import type { SaleCommand, SaleState } from './slice-types.ts';

/** The lines of the sale: what the cashier adds, selects, changes and clears, each change a command to main. */
export interface CartSlice {
  selectedLineId: string | undefined;
  /** The open item whose price is being typed. */
  openItem: OpenItem | undefined;
  /** "3 ×" on the keypad: the next product scanned or tapped comes this many times. */
  nextQuantity: number | undefined;
  /** Sets (or with undefined, drops) the quantity for the next product; outside 1…MAX_LINE_QUANTITY, says why not. */
  setNextQuantity(quantity: number | undefined): boolean;
  /** Without `quantity`, the keypad's "×" quantity, if one is set, else one. */
  addProduct(item: CatalogItem, quantity?: number): Promise<void>;
  /** A barcode from the scanner, or typed and confirmed in the search box. */
  scan(code: string): Promise<void>;
  select(lineId: string | undefined): void;
  setQuantity(lineId: string, quantity: number): Promise<void>;
  /** One more or one fewer: counted from the line as main has it when the command is sent, so quick taps all count. */
  stepQuantity(lineId: string, by: 1 | -1): Promise<void>;
  removeLine(lineId: string): Promise<void>;
  setDiscount(lineId: string, discount: LineDiscount | undefined): Promise<void>;
  overridePrice(lineId: string, priceMinor: number | undefined): Promise<void>;
  /** Opens the panel to type the price of an open item. */
  chooseOpenItem(item: OpenItem): void;
  addOpenItem(priceMinor: number): Promise<void>;
  /** Gives up the open sale; with goods on it, main counts it as a void. */
  clearSale(): Promise<void>;
}

export const createCartSlice: StateCreator<SaleState, [], [], CartSlice> = (set, get) => {
  const lineChange = async <C extends SaleCommand>(channel: C, request: (saleId: string) => ChannelRequest<C>) => {
    if (get().sale.linesLocked) {
      get().say('error', t.sale.locked);
      return;
    }
    await get().command(channel, request, () => ({ notice: undefined }));
  };

  /** The quantity for this add: the one asked for, or the keypad's "×", which the first add that succeeds uses up. */
  const quantityFor = (asked: number | undefined) => {
    const quantity = asked ?? get().nextQuantity;
    return {
      request: quantity === undefined ? {} : { quantity },
      usedUp: asked === undefined && quantity !== undefined ? { nextQuantity: undefined } : {},
    };
  };

  return {
    selectedLineId: undefined,
    openItem: undefined,
    nextQuantity: undefined,

    setNextQuantity(quantity) {
      if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY)) {
        get().say('error', t.sale.timesRange(MAX_LINE_QUANTITY));
        return false;
      }
      set({ nextQuantity: quantity });
      return true;
    },

    async addProduct(item, asked) {
      if (get().sale.linesLocked) {
        get().say('error', t.sale.locked);
        return;
      }
      const quantity = quantityFor(asked);
      await get().command(
        'sales.addItem',
        (saleId) => ({ saleId, code: item.sku, by: 'sku', ...quantity.request }),
        (step) => ({
          ...quantity.usedUp,
          selectedLineId: step.lineId,
          notice: notice('info', t.sale.added(item.name)),
        }),
      );
    },

    async scan(code) {
      if (get().sale.linesLocked) {
        get().say('error', t.sale.locked);
        return;
      }
      const quantity = quantityFor(undefined);
      await get().command(
        'sales.addItem',
        (saleId) => ({ saleId, code, ...quantity.request }),
        (step) => {
          // A rescan raises its line's quantity rather than adding a line: main says which line it was.
          const changed = step.sale.lines.find((line) => line.lineId === step.lineId);
          return changed === undefined
            ? quantity.usedUp
            : {
                ...quantity.usedUp,
                selectedLineId: changed.lineId,
                notice: notice('info', t.sale.added(changed.name)),
              };
        },
      );
    },

    select: (lineId) => set({ selectedLineId: lineId }),

    setQuantity: (lineId, quantity) =>
      lineChange('sales.setQuantity', (saleId) => ({ saleId, lineId, quantity: Math.max(0, quantity) })),

    stepQuantity: (lineId, by) =>
      lineChange('sales.setQuantity', (saleId) => {
        const line = get().sale.lines.find((candidate) => candidate.lineId === lineId);
        return { saleId, lineId, quantity: Math.max(0, (line?.quantity ?? 0) + by) };
      }),

    removeLine: (lineId) => lineChange('sales.removeLine', (saleId) => ({ saleId, lineId })),

    setDiscount: (lineId, discount) =>
      lineChange('sales.setDiscount', (saleId) => ({ saleId, lineId, discount: discount ?? null })),

    overridePrice: (lineId, priceMinor) =>
      lineChange('sales.overridePrice', (saleId) => ({ saleId, lineId, priceMinor: priceMinor ?? null })),

    chooseOpenItem(item) {
      if (get().sale.linesLocked) {
        get().say('error', t.sale.locked);
        return;
      }
      set({ openItem: item, panel: 'openItem' });
    },

    async addOpenItem(priceMinor) {
      const item = get().openItem;
      if (item === undefined) return;
      await get().command(
        'sales.addOpenItem',
        (saleId) => ({ saleId, sku: item.sku, priceMinor }),
        (step) => ({
          openItem: undefined,
          panel: 'none',
          selectedLineId: step.lineId,
          notice: notice('info', t.sale.added(item.name)),
        }),
      );
    },

    async clearSale() {
      const sale = get().sale;
      if (sale.lines.length === 0) {
        set({ selectedLineId: undefined, notice: undefined });
        return;
      }
      const taken = (kind: 'cash' | 'card') =>
        sale.tenders.reduce((sum, tender) => sum + (tender.kind === kind ? tender.amountMinor : 0), 0);
      const [cash, card] = [taken('cash'), taken('card')];
      const step = await get().command('sales.void', (saleId) => ({ saleId }));
      if (step === undefined) return;
      const money = (minor: number) => formatMoney(minor, sale.currency, useTillStore.getState().info?.locale ?? 'en');
      set({
        selectedLineId: undefined,
        panel: 'none',
        notice:
          cash === 0 && card === 0
            ? undefined
            : notice(
                'info',
                t.sale.giveMoneyBack(cash > 0 ? money(cash) : undefined, card > 0 ? money(card) : undefined),
              ),
      });
    },
  };
};
