import { describe, expect, it } from 'vitest';
import { readDayRange, todayIn } from './date-range.ts';

describe('the overview’s days', () => {
  it('are today in HQ’s time zone unless asked', () => {
    const lateEvening = new Date('2026-03-02T23:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2026-03-02');
    expect(todayIn('Europe/Amsterdam', lateEvening)).toBe('2026-03-03');
    expect(readDayRange(new URLSearchParams(''), '2026-03-03')).toEqual({
      ok: true,
      range: { from: '2026-03-03', to: '2026-03-03' },
    });
    expect(readDayRange(new URLSearchParams('from=2026-02-01&to='), 'x')).toEqual({
      ok: true,
      range: { from: '2026-02-01', to: '2026-02-01' },
    });
  });

  it.each(['from=2026-02-30', 'from=yesterday', 'from=2026-03-02&to=2026-03-01', 'from=2024-01-01&to=2026-01-01'])(
    'refuses %s in plain words',
    (query) => {
      const range = readDayRange(new URLSearchParams(query), '2026-03-02');
      expect(range.ok).toBe(false);
      if (!range.ok) expect(range.problem).toMatch(/^[A-Z].+\.$/);
    },
  );
});
