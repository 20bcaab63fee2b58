import { describe, expect, it } from 'vitest';
import { receiptLookupWordsFor, receiptWords } from './receipt-words.ts';

describe('the receipt-finding words', () => {
  it('has a Dutch sentence for every English one, none left in English', () => {
    const dutch = receiptLookupWordsFor('nl');
    const same = Object.entries(receiptWords).filter(
      ([key, word]) => word('T-1-000042') === dutch[key as keyof typeof dutch]('T-1-000042'),
    );
    expect(same).toEqual([]);
    expect(receiptLookupWordsFor('en')).toBe(receiptWords);
  });
});
