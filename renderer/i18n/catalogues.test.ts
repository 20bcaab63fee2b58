import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../shared/config/schema.ts';
import { CATALOGUES, chooseCatalogue } from './catalogues.ts';
import { en } from './messages.ts';
import { nl } from './nl.ts';

/**
 * Every catalogue carries every word English has, in the same shape, none of
 * them empty, and Dutch really is Dutch: a word left in English would be a
 * word the cashier reads in the wrong language.
 */

/** Entries where Dutch and English are the same word, and rightly so. */
const SAME_IN_DUTCH = new Set([
  // Dutch shops call the role "manager".
  'messages.approval.who',
  'messages.staff.roles.manager',
  'messages.unsettled.manager',
  // The keypad's times key and the PIN pad's OK key are signs, the same in every language.
  'messages.sale.keypadTimes',
  'messages.staff.ok',
  // Cash "in" is "in" in Dutch too.
  'day.report.moveKinds.in',
  // Amount and reason only, no words.
  'refund.openItem',
  // Kassa HQ is its name in every language.
  'shell.deviceKinds.hq',
  // A deposit's number and its customer's name only, no words.
  'deposit.heading',
  // "Link" is the Dutch word for a web link too.
  'messages.link.address',
  'messages.tender.link',
]);

/** Arguments to call every sentence with: text, zero, one, more, nothing, and the `'in' | 'out'` of a cash move. */
const SAMPLE_ARGUMENTS: readonly (readonly unknown[])[] = [
  ['€ 12,50', 'Brood', '€ 3,00'],
  [0, 0, 0],
  [1, 'Brood', 1],
  [3, 'Brood', 3],
  [undefined, undefined, undefined],
  ['in', '€ 12,50'],
];

interface Leaf {
  path: string;
  value: unknown;
}

function leaves(value: unknown, path = ''): Leaf[] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path === '' ? key : `${path}.${key}`));
  }
  return [{ path, value }];
}

/** What a leaf says: the text itself, or a sentence's text for each set of sample arguments. */
function texts(leaf: Leaf): string[] {
  if (typeof leaf.value === 'string') return [leaf.value];
  if (typeof leaf.value === 'function') {
    const sentence = leaf.value as (...args: unknown[]) => unknown;
    return SAMPLE_ARGUMENTS.map((args) => {
      const text = sentence(...args.slice(0, sentence.length));
      expect(typeof text, `${leaf.path}(${args.join(', ')})`).toBe('string');
      return text as string;
    });
  }
  throw new Error(`${leaf.path} is neither text nor a sentence: ${String(leaf.value)}`);
}

const english = leaves(CATALOGUES.en);

describe.each(LanguageSchema.options)('the %s catalogue', (language) => {
  const catalogue = leaves(CATALOGUES[language]);

  it('has exactly the keys English has', () => {
    expect(catalogue.map((leaf) => leaf.path)).toEqual(english.map((leaf) => leaf.path));
  });

  it('has a text or a sentence of the same parameters where English has one', () => {
    for (const [index, leaf] of catalogue.entries()) {
      const theirs = english[index]?.value;
      expect(typeof leaf.value, leaf.path).toBe(typeof theirs);
      if (typeof leaf.value === 'function' && typeof theirs === 'function') {
        expect(leaf.value.length, `${leaf.path}'s parameters`).toBe(theirs.length);
      }
    }
  });

  it('says something for every entry, whatever the sentence is given', () => {
    for (const leaf of catalogue) {
      for (const text of texts(leaf)) expect(text.trim(), leaf.path).not.toBe('');
    }
  });
});

describe('the Dutch catalogue', () => {
  it('leaves no entry in English but a short list of words that are the same', () => {
    const dutch = leaves(CATALOGUES.nl);
    const same = dutch
      .filter((leaf, index) => {
        const theirs = english[index];
        return theirs !== undefined && texts(leaf).some((text, at) => text === texts(theirs)[at]);
      })
      .map((leaf) => leaf.path);

    expect(same.sort()).toEqual([...SAME_IN_DUTCH].sort());
  });

  it('speaks as a Dutch till does', () => {
    expect(nl.tender.due).toBe('Te betalen');
    expect(nl.tender.card).toMatch(/^Pinnen/);
    expect(nl.tender.cash).toMatch(/^Contant/);
    expect(nl.tender.changeDue).toBe('Wisselgeld');
    expect(nl.sale.park).toMatch(/^Parkeren/);
    expect(nl.receipt.number('T-1-000042')).toBe('Bon T-1-000042');
    expect(nl.sale.items(1)).toBe('1 artikel');
    expect(nl.sale.items(3)).toBe('3 artikelen');
  });
});

describe('choosing a catalogue', () => {
  it('gives the configured language, and English until the till has said', () => {
    expect(chooseCatalogue('nl').messages).toBe(nl);
    expect(chooseCatalogue('en').messages).toBe(en);
    expect(chooseCatalogue(undefined).messages).toBe(en);
    expect(chooseCatalogue('nl').shell.deviceStates.online).toBe('Gereed');
  });
});
