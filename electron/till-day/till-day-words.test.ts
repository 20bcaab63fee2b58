import { describe, expect, it } from 'vitest';
import { tillDayWords, tillDayWordsFor } from './till-day-words.ts';

describe('the till-day words', () => {
  it('has a Dutch sentence for every English one, none left in English', () => {
    const dutch = tillDayWordsFor('nl');
    const same = Object.entries(tillDayWords).filter(
      ([key, word]) => typeof word === 'string' && word === dutch[key as keyof typeof dutch],
    );
    expect(same).toEqual([]);
    expect(tillDayWordsFor('en')).toBe(tillDayWords);
  });
});
