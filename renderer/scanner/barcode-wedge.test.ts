import { describe, expect, it } from 'vitest';
import { createBarcodeWedge } from './barcode-wedge.ts';

/** Types `text` then Enter, `gapMs` apart, starting at `startMs`; returns what the wedge reported. */
function type(wedge: ReturnType<typeof createBarcodeWedge>, text: string, gapMs: number, startMs = 1_000) {
  let at = startMs;
  const reported: (string | undefined)[] = [];
  for (const key of [...Array.from(text), 'Enter']) {
    reported.push(wedge.key(key, at));
    at += gapMs;
  }
  return reported.filter((code) => code !== undefined);
}

describe('the barcode wedge', () => {
  it('reports a fast burst ending in Enter as one code', () => {
    expect(type(createBarcodeWedge(), '8710398500168', 5)).toEqual(['8710398500168']);
  });

  it('ignores the same characters typed at a person’s pace', () => {
    expect(type(createBarcodeWedge(), '8710398500168', 120)).toEqual([]);
  });

  it('ignores a burst shorter than the shortest code', () => {
    expect(type(createBarcodeWedge({ minLength: 4 }), '123', 5)).toEqual([]);
  });

  it('starts a new code after a pause, dropping what a person typed before', () => {
    const wedge = createBarcodeWedge();
    wedge.key('9', 0);
    wedge.key('9', 500);
    expect(type(wedge, '87103985', 5, 2_000)).toEqual(['87103985']);
  });

  it('reports two scans in a row separately', () => {
    const wedge = createBarcodeWedge();
    expect(type(wedge, '11112222', 4, 0)).toEqual(['11112222']);
    expect(type(wedge, '33334444', 4, 300)).toEqual(['33334444']);
  });

  it('lets modifier keys pass without breaking a scan', () => {
    const wedge = createBarcodeWedge();
    let at = 0;
    for (const key of ['A', 'Shift', 'B', 'C', 'D']) wedge.key(key, (at += 3));
    expect(wedge.key('Enter', at + 3)).toBe('ABCD');
  });

  it('says a burst is under way while keys keep coming fast, and not after a pause', () => {
    const wedge = createBarcodeWedge();
    wedge.key('1', 0);
    wedge.key('2', 5);
    expect(wedge.scanning(10)).toBe(true);
    expect(wedge.scanning(500)).toBe(false);
  });
});
