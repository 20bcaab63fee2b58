import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREEN_SETTINGS } from '../../shared/ipc/contract.ts';
import { needsCashConfirm } from './cash-confirm.ts';

const limits = DEFAULT_SCREEN_SETTINGS.cashConfirm; // 20 × due, change above 1000.00

describe('asking before cash far above what is due', () => {
  it('takes ordinary notes without asking', () => {
    expect(needsCashConfirm(2000, 1789, limits)).toBe(false);
    expect(needsCashConfirm(5000, 842, limits)).toBe(false);
    expect(needsCashConfirm(842, 842, limits)).toBe(false);
  });

  it('asks when the cash is more than 20 times what is due', () => {
    expect(needsCashConfirm(20 * 189, 189, limits)).toBe(false);
    expect(needsCashConfirm(20 * 189 + 1, 189, limits)).toBe(true);
  });

  it('asks when the change would be more than 1000.00, however large the sale', () => {
    expect(needsCashConfirm(150_000, 50_000, limits)).toBe(false);
    expect(needsCashConfirm(150_001, 50_000, limits)).toBe(true);
  });

  it('asks for a barcode typed as an amount', () => {
    expect(needsCashConfirm(9_638_507_400, 189, limits)).toBe(true);
  });

  it('follows the till’s own limits', () => {
    expect(needsCashConfirm(5000, 189, { timesDue: 10, changeAboveMinor: 100_000 })).toBe(true);
    expect(needsCashConfirm(5000, 189, { timesDue: 50, changeAboveMinor: 100_000 })).toBe(false);
  });
});
