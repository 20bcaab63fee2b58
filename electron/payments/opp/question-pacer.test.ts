import { describe, expect, it } from 'vitest';
import { createQuestionPacer, JITTER_MARGIN } from './question-pacer.ts';

/** The pacer's arithmetic on a hand-moved clock: OPP's two a minute, per transaction, with room for jitter. */
describe('the question pacer', () => {
  it('lets two questions a minute through per transaction, and waits a twentieth longer than OPP’s minute', () => {
    let now = 0;
    const pacer = createQuestionPacer({ questions: 2, perMs: 60_000 }, () => new Date(now));
    expect(pacer.mayAsk('payments A')).toBe(true);
    now = 1_000;
    expect(pacer.mayAsk('payments A')).toBe(true);
    expect(pacer.mayAsk('payments A')).toBe(false);
    // Another transaction, or another endpoint about the same one, is counted on its own.
    expect(pacer.mayAsk('payments B')).toBe(true);
    expect(pacer.mayAsk('query A')).toBe(true);
    // OPP's minute has passed since the first, but a slow first and a quick second could still meet in it.
    now = 60_000;
    expect(pacer.mayAsk('payments A')).toBe(false);
    now = 60_000 * (1 + JITTER_MARGIN) - 1;
    expect(pacer.mayAsk('payments A')).toBe(false);
    now = 60_000 * (1 + JITTER_MARGIN);
    expect(pacer.mayAsk('payments A')).toBe(true);
    // A refused question is not counted: the second of the first pair frees its place on time.
    expect(pacer.mayAsk('payments A')).toBe(false);
    now = 1_000 + 60_000 * (1 + JITTER_MARGIN);
    expect(pacer.mayAsk('payments A')).toBe(true);
  });
});
