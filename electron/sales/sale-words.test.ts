import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money.ts';
import { SaleRuleError, setQuantity, type SaleRule } from '../../shared/sale/cart.ts';
import { cashTender } from '../../shared/sale/tenders.ts';
import { saleWords, saleWordsNl } from './sale-words.ts';

const euros = (locale: string) => (minor: number) => formatMoney(minor, 'EUR', locale);

/** The rule a piece of the sale's own code refuses with. */
function ruleOf(work: () => unknown): SaleRule {
  try {
    work();
  } catch (error) {
    if (error instanceof SaleRuleError) return error.rule;
    throw error;
  }
  throw new Error('the rule was not broken');
}

describe('the sale’s own rules in the till’s language', () => {
  const tooMuchOff: SaleRule = {
    code: 'discount_exceeds_line',
    name: 'Red wine',
    currency: 'EUR',
    discountMinor: 1_300,
    lineMinor: 1_250,
  };

  it('writes the amounts of a refused discount as the till writes money, in both languages', () => {
    expect(saleWordsNl.broke(tooMuchOff, euros('nl-NL'))).toBe(
      'Een korting van €\u00a013,00 is meer dan “Red wine” kost (€\u00a012,50).',
    );
    expect(saleWords.broke(tooMuchOff, euros('en-IE'))).toBe(
      'A discount of €13.00 is more than “Red wine” comes to (€12.50).',
    );
  });

  it('says in English what shared/sale says, and in Dutch something else for every rule', () => {
    const cart = { saleId: 's', currency: 'EUR' as const, lines: [] };
    const rules: SaleRule[] = [
      ruleOf(() => setQuantity(cart, 'gone', 2)),
      ruleOf(() => setQuantity(cart, 'gone', 1.5)),
      ruleOf(() => cashTender(0, 100)),
      ruleOf(() => cashTender(100, 0)),
      { code: 'item_invalid', name: 'Red wine', field: 'vatBasisPoints' },
      { code: 'quantity_limit', name: 'Red wine', already: 0, most: 9_999 },
      { code: 'price_invalid' },
      { code: 'discount_invalid', kind: 'percent' },
      { code: 'amount_too_large' },
    ];
    expect(rules.map((rule) => rule.code)).toEqual([
      'line_not_found',
      'quantity_invalid',
      'nothing_due',
      'tender_invalid',
      'item_invalid',
      'quantity_limit',
      'price_invalid',
      'discount_invalid',
      'amount_too_large',
    ]);
    for (const rule of rules) {
      expect(saleWords.broke(rule, euros('en-IE'))).toBe(new SaleRuleError(rule).message);
      expect(saleWordsNl.broke(rule, euros('nl-NL'))).not.toBe(saleWords.broke(rule, euros('en-IE')));
    }
    const badItem: SaleRule = { code: 'item_invalid', name: 'Red wine', field: 'vatBasisPoints' };
    expect(saleWordsNl.broke(badItem, euros('nl-NL'))).toBe(
      '“Red wine” kan niet worden verkocht: het btw-tarief in het assortiment klopt niet. Laat het assortiment nakijken.',
    );
  });
});
