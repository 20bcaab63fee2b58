import { describe, expect, it } from 'vitest';
import { refundWords, refundWordsFor } from './refund-words.ts';

describe('the refund words', () => {
  it('has a Dutch sentence for every English one, none left in English', () => {
    const dutch = refundWordsFor('nl');
    const same = Object.entries(refundWords).filter(
      ([key, word]) => typeof word === 'string' && word === dutch[key as keyof typeof dutch],
    );
    expect(same).toEqual([]);
    expect(refundWordsFor('en')).toBe(refundWords);
  });
});
