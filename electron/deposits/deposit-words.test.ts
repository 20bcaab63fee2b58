import { describe, expect, it } from 'vitest';
import { depositWords, depositWordsFor, depositWordsNl } from './deposit-words.ts';

describe('the deposit words', () => {
  it('has a Dutch sentence for every English one, none left in English', () => {
    expect(Object.keys(depositWordsNl).sort()).toEqual(Object.keys(depositWords).sort());
    const same = Object.entries(depositWords).filter(
      ([key, word]) => String(word) === String(depositWordsNl[key as keyof typeof depositWordsNl]),
    );
    expect(same).toEqual([]);
    const sample = Object.entries(depositWords).filter(([, word]) => typeof word === 'function');
    for (const [key, word] of sample) {
      const dutch = depositWordsNl[key as keyof typeof depositWordsNl] as (...args: string[]) => string;
      const english = word as (...args: string[]) => string;
      expect(dutch('€1,00', '1 jan')).not.toBe(english('€1,00', '1 jan'));
    }
    expect(depositWordsFor('en')).toBe(depositWords);
    expect(depositWordsFor('nl')).toBe(depositWordsNl);
  });
});
