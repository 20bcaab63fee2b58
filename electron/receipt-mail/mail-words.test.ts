import { describe, expect, it } from 'vitest';
import { mailWords, mailWordsFor } from './mail-words.ts';

describe('the mail words', () => {
  it('has a Dutch sentence for every English one, none left in English', () => {
    const dutch = mailWordsFor('nl');
    const same = Object.entries(mailWords).filter(
      ([key, word]) => typeof word === 'string' && word === dutch[key as keyof typeof dutch],
    );
    expect(same).toEqual([]);
    expect(dutch.gaveUp(5)).not.toBe(mailWords.gaveUp(5));
    expect(mailWordsFor('en')).toBe(mailWords);
  });
});
