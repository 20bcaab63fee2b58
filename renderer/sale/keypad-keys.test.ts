import { describe, expect, it } from 'vitest';
import { keypadKeyFor, keypadScanned, offerKeypadKey, registerKeypadKeys, withoutScan } from './keypad-keys.ts';

describe('the keyboard on the keypad', () => {
  it('takes digits, the point (or comma), * for × and Backspace, and nothing else', () => {
    expect(['0', '7', '.', ',', '*', 'Backspace'].map(keypadKeyFor)).toEqual([
      'digit',
      'digit',
      'point',
      'point',
      'times',
      'backspace',
    ]);
    expect(['a', 'Enter', 'F2', 'ArrowDown', '+'].map(keypadKeyFor)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes back the one key of a scan that reached the keypad before the burst showed itself', () => {
    expect(withoutScan('38', '8713021110000')).toBe('3');
    expect(withoutScan('8', '8713021110000')).toBe('');
    expect(withoutScan('88', '8713021110000')).toBe('8');
    expect(withoutScan('12', '8713021110000')).toBe('12');
    expect(withoutScan('12', 'ABC-1')).toBe('12');
    expect(withoutScan('12', '')).toBe('12');
  });

  it('offers keys only while a keypad is on screen, and to the one registered last', () => {
    expect(offerKeypadKey('1')).toBe(false);
    const taken: string[] = [];
    const scans: string[] = [];
    const letGo = registerKeypadKeys({
      key: (key) => {
        taken.push(key);
        return key !== 'x';
      },
      scanned: (code) => scans.push(code),
    });
    expect(offerKeypadKey('1')).toBe(true);
    expect(offerKeypadKey('x')).toBe(false);
    keypadScanned('1234');
    expect(taken).toEqual(['1', 'x']);
    expect(scans).toEqual(['1234']);
    letGo();
    expect(offerKeypadKey('2')).toBe(false);
    expect(taken).toEqual(['1', 'x']);
  });

  it('a keypad letting go does not unregister the one that replaced it', () => {
    const first = registerKeypadKeys({ key: () => true, scanned: () => undefined });
    const second = registerKeypadKeys({ key: () => true, scanned: () => undefined });
    first();
    expect(offerKeypadKey('5')).toBe(true);
    second();
    expect(offerKeypadKey('5')).toBe(false);
  });
});
