import { describe, expect, it } from 'vitest';
import { TillConfigSchema } from './schema.ts';

/** The parts of the configuration that decide what a cashier may do, and where updates may come from. */

const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'nl-NL',
  currency: 'EUR',
  mode: 'live',
  payment: null,
};

const issues = (extra: Record<string, unknown>) => {
  const result = TillConfigSchema.safeParse({ ...base, ...extra });
  return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('selling limits and open items', () => {
  it('gives a cashier 10 % and no price changes, a manager everything, and no open items, when nothing is set', () => {
    const config = TillConfigSchema.parse({ ...base, selling: {} });
    expect(config.selling).toEqual({
      limits: {
        cashier: { maxDiscountPercent: 10, priceOverride: false },
        manager: { maxDiscountPercent: 100, priceOverride: true },
      },
      openItems: [],
      cashConfirm: { timesDue: 20, changeAbove: '1000' },
    });
  });

  it('asks before cash far above what is due, 20 times or 1000.00 change unless set, in the till’s decimals', () => {
    expect(issues({ selling: { cashConfirm: { timesDue: 50, changeAbove: '500' } } })).toEqual([]);
    expect(issues({ selling: { cashConfirm: { changeAbove: '500.001' } } })).toEqual([
      ['selling.cashConfirm.changeAbove', 'has more decimals than EUR has'],
    ]);
    expect(issues({ selling: { cashConfirm: { timesDue: 1 } } })).toHaveLength(1);
  });

  it('sounds tones unless the display says not to', () => {
    expect(TillConfigSchema.parse({ ...base, display: {} }).display?.sounds).toBe(true);
    expect(TillConfigSchema.parse({ ...base, display: { sounds: false } }).display?.sounds).toBe(false);
  });

  it('takes limits with up to two decimals, and refuses more, or more than 100 %', () => {
    const cashier = (maxDiscountPercent: number) => ({
      selling: { limits: { cashier: { maxDiscountPercent, priceOverride: false } } },
    });
    expect(issues(cashier(12.5))).toEqual([]);
    expect(issues(cashier(12.345))).toEqual([
      ['selling.limits.cashier.maxDiscountPercent', 'must have at most two decimals'],
    ]);
    expect(issues(cashier(101))).toHaveLength(1);
  });

  it('refuses an open item whose maximum has more decimals than the currency, or two with one code in any case', () => {
    const misc = { sku: 'MISC', name: 'Miscellaneous', vatRate: 21, maxPrice: '50.00' };
    expect(issues({ selling: { openItems: [misc] } })).toEqual([]);
    expect(issues({ selling: { openItems: [{ ...misc, maxPrice: '50.001' }] } })).toEqual([
      ['selling.openItems.0.maxPrice', 'has more decimals than EUR has'],
    ]);
    expect(issues({ currency: 'JPY', selling: { openItems: [{ ...misc, maxPrice: '50.5' }] } })).toEqual([
      ['selling.openItems.0.maxPrice', 'has more decimals than JPY has'],
    ]);
    expect(issues({ selling: { openItems: [misc, { ...misc, sku: 'misc' }] } })).toEqual([
      ['selling.openItems', 'each open item sku must be unique'],
    ]);
  });

  it('locks an idle till after 5 minutes unless told otherwise; 0 never locks', () => {
    expect(TillConfigSchema.parse({ ...base, session: {} }).session).toEqual({ idleLockMinutes: 5 });
    expect(issues({ session: { idleLockMinutes: 0 } })).toEqual([]);
    expect(issues({ session: { idleLockMinutes: 1.5 } })).toHaveLength(1);
  });
});

describe('updates', () => {
  it('come only over https: what is downloaded is installed and run', () => {
    expect(issues({ updates: { url: 'https://updates.shop.example/kassa/' } })).toEqual([]);
    expect(issues({ updates: { url: 'http://updates.shop.example/kassa/' } })).toEqual([
      ['updates.url', 'must be the https address of the update folder'],
    ]);
  });
});
