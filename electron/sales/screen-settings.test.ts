import { describe, expect, it } from 'vitest';
import { TillConfigSchema } from '../../shared/config/schema.ts';
import { screenSettings } from './screen-settings.ts';

const base = {
  store: { name: 'Shop', addressLines: [] },
  till: { id: 'T-1', name: 'Till 1' },
  locale: 'nl-NL',
  currency: 'EUR',
  mode: 'live',
  payment: null,
};

describe('what the screen is told of the configuration', () => {
  it('sounds on, and cash confirmed above 20 × due or 1000.00 change, when nothing is set', () => {
    expect(screenSettings(TillConfigSchema.parse(base))).toEqual({
      sounds: true,
      cashConfirm: { timesDue: 20, changeAboveMinor: 100_000 },
    });
  });

  it('follows the till’s settings, the change limit in the till’s minor units', () => {
    const config = TillConfigSchema.parse({
      ...base,
      currency: 'JPY',
      display: { sounds: false },
      selling: { cashConfirm: { timesDue: 50, changeAbove: '20000' } },
    });
    expect(screenSettings(config)).toEqual({ sounds: false, cashConfirm: { timesDue: 50, changeAboveMinor: 20_000 } });
  });
});
