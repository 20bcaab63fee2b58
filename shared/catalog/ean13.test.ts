import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, isValidEan13, withEan13CheckDigit } from './ean13.ts';

describe('EAN-13', () => {
  it('computes check digits', () => {
    expect(ean13CheckDigit('871234567890')).toBe(6);
    expect(withEan13CheckDigit('400638133393')).toBe('4006381333931');
    expect(withEan13CheckDigit('200000000001')).toBe('2000000000015');
  });

  it('accepts only thirteen digits with the right check digit', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidEan13('400638133393A')).toBe(false);
    expect(() => ean13CheckDigit('12345')).toThrow(RangeError);
  });
});
