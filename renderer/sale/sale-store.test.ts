import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogItem } from '../../shared/catalog/catalog-item.ts';
import type { KassaApi } from '../../shared/ipc/contract.ts';
import { emptyCart } from '../../shared/sale/cart.ts';
import type { RendererBridge } from '../api/renderer-bridge.ts';
import { useSaleStore } from './sale-store.ts';

const BREAD: CatalogItem = { sku: 'BRD-001', barcodes: [], name: 'Bread', priceMinor: 245, vatBasisPoints: 900 };

function bridgeWith(voidSale: KassaApi['sales.void']): RendererBridge {
  const api: Partial<KassaApi> = {
    'catalog.get': () => Promise.resolve({ ok: true, value: { items: [BREAD], source: 'test' } }),
    'sales.void': voidSale,
  };
  return {
    api: api as KassaApi,
    onEvent: () => () => undefined,
    onConnection: (listener) => {
      listener('connected');
      return () => undefined;
    },
  };
}

describe('clearing a sale', () => {
  afterEach(() => {
    useSaleStore.setState({ cart: emptyCart('fresh', 'EUR'), tenders: [], card: undefined, notice: undefined });
  });

  it('reports goods given up as a void, and the next sale gets a new id', async () => {
    const voidSale = vi.fn<KassaApi['sales.void']>(() => Promise.resolve({ ok: true, value: { recorded: true } }));
    const stop = useSaleStore.getState().attach(bridgeWith(voidSale), 'EUR');
    useSaleStore.getState().addProduct(BREAD, 2);
    const saleId = useSaleStore.getState().cart.saleId;

    useSaleStore.getState().clearSale();
    expect(useSaleStore.getState().cart.lines).toEqual([]);
    expect(useSaleStore.getState().cart.saleId).not.toBe(saleId);
    await vi.waitFor(() => expect(voidSale).toHaveBeenCalledWith({ saleId, lineCount: 1, totalMinor: 490 }));
    expect(useSaleStore.getState().notice).toBeUndefined();

    // Nothing on it: nothing to report.
    useSaleStore.getState().clearSale();
    expect(voidSale).toHaveBeenCalledTimes(1);
    stop();
  });

  it('never voids a sale money was taken on, and says so when main could not record the void', async () => {
    const voidSale = vi.fn<KassaApi['sales.void']>(() =>
      Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'The till keeps no journal.' } }),
    );
    const stop = useSaleStore.getState().attach(bridgeWith(voidSale), 'EUR');
    useSaleStore.getState().addProduct(BREAD);
    useSaleStore.setState({ tenders: [{ kind: 'cash', tenderedMinor: 100, amountMinor: 100, changeMinor: 0 }] });
    useSaleStore.getState().clearSale();
    expect(useSaleStore.getState().cart.lines).toHaveLength(1);
    expect(voidSale).not.toHaveBeenCalled();

    useSaleStore.setState({ tenders: [] });
    useSaleStore.getState().clearSale();
    await vi.waitFor(() => expect(useSaleStore.getState().notice?.text).toBe('The till keeps no journal.'));
    expect(useSaleStore.getState().notice?.kind).toBe('error');
    stop();
  });
});
