import { describe, expect, it } from 'vitest';
import { nextStop } from './use-modal.ts';

describe('Tab inside a modal', () => {
  it('goes forward and from the last stop back to the first', () => {
    expect(nextStop(3, 0, false)).toBe(1);
    expect(nextStop(3, 2, false)).toBe(0);
  });

  it('goes backward with Shift and from the first stop to the last', () => {
    expect(nextStop(3, 1, true)).toBe(0);
    expect(nextStop(3, 0, true)).toBe(2);
  });

  it('comes in from outside at the first stop, or the last going backward', () => {
    expect(nextStop(3, -1, false)).toBe(0);
    expect(nextStop(3, -1, true)).toBe(2);
  });

  it('has nowhere to go in a modal with nothing to focus', () => {
    expect(nextStop(0, -1, false)).toBe(-1);
  });
});
