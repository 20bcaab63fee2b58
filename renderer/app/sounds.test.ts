import { describe, expect, it } from 'vitest';
import { cueForCard, cueForScan, shouldPlay } from './sounds.ts';

describe('when the till sounds a tone', () => {
  it('sounds a failed scan when the scan is answered with a new error', () => {
    expect(cueForScan(undefined, { kind: 'error', serial: 3 })).toBe('scanFailed');
    expect(cueForScan({ kind: 'info', serial: 2 }, { kind: 'error', serial: 3 })).toBe('scanFailed');
  });

  it('stays quiet for an item added, or an error that was already on screen before the scan', () => {
    expect(cueForScan(undefined, { kind: 'info', serial: 4 })).toBeUndefined();
    expect(cueForScan({ kind: 'error', serial: 3 }, { kind: 'error', serial: 3 })).toBeUndefined();
    expect(cueForScan(undefined, undefined)).toBeUndefined();
  });

  it('sounds a decline once, when the attempt becomes declined', () => {
    const sent = { attemptId: 'a1', state: 'in_progress' };
    const declined = { attemptId: 'a1', state: 'declined' };
    expect(cueForCard(sent, declined)).toBe('declined');
    expect(cueForCard(declined, declined)).toBeUndefined();
    // A declined attempt already on screen when the screen looked is not news… unless it is another attempt.
    expect(cueForCard({ attemptId: 'a0', state: 'declined' }, declined)).toBe('declined');
  });

  it('stays quiet for approvals, cancellations and failures', () => {
    for (const state of ['approved', 'cancelled', 'failed', 'needs_attention']) {
      expect(cueForCard({ attemptId: 'a1', state: 'in_progress' }, { attemptId: 'a1', state })).toBeUndefined();
    }
  });

  it('plays unless the till has sounds off', () => {
    expect(shouldPlay('declined', true)).toBe(true);
    expect(shouldPlay('declined', undefined)).toBe(true);
    expect(shouldPlay('declined', false)).toBe(false);
    expect(shouldPlay(undefined, true)).toBe(false);
  });
});
