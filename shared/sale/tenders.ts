import { z } from 'zod';
import { type CurrencyCode, currencyExponent, MinorUnitsSchema, roundToIncrement } from '../money.ts';
import { SaleRuleError } from './cart.ts';

/**
 * How a sale is paid: card and cash tenders, what is still due, and the change
 * for cash. Amounts are integer minor units. The one rounding here is cash
 * rounding (`cashToPay`, through `roundToIncrement` in money.ts), on a till
 * configured for it: cash that settles a sale pays what is due rounded to the
 * increment, and the difference is kept on the tender. A card is never rounded.
 */

const PositiveMinorSchema = MinorUnitsSchema.refine((minor) => minor > 0, 'must be more than zero');
const NonNegativeMinorSchema = MinorUnitsSchema.refine((minor) => minor >= 0, 'must not be negative');

export const TenderSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('card'),
      attemptId: z.string().min(1).max(64),
      /** What the card actually paid (the authorised amount). */
      amountMinor: PositiveMinorSchema,
    })
    .strict(),
  z
    .object({
      kind: z.literal('cash'),
      /** What the customer handed over. */
      tenderedMinor: PositiveMinorSchema,
      /** The part of it applied to the sale. */
      amountMinor: PositiveMinorSchema,
      /** The part of it handed back. */
      changeMinor: NonNegativeMinorSchema,
      /**
       * Cash rounding: what the customer paid in cash above (or, negative,
       * below) the exact amount due, when this cash settled the sale on a till
       * that rounds cash. Absent when nothing was rounded.
       */
      roundingMinor: MinorUnitsSchema.refine((minor) => minor !== 0, 'is left out when nothing was rounded').optional(),
    })
    .strict()
    .refine((cash) => cash.amountMinor + (cash.roundingMinor ?? 0) + cash.changeMinor === cash.tenderedMinor, {
      message: 'the amount applied, the rounding and the change must add up to the cash tendered',
      path: ['changeMinor'],
    }),
]);
export type Tender = z.infer<typeof TenderSchema>;
export type CashTender = Extract<Tender, { kind: 'cash' }>;
export type CardTender = Extract<Tender, { kind: 'card' }>;

/** What the tenders have applied to the sale (cash change excluded). */
export function paidMinor(tenders: readonly Tender[]): number {
  let paid = 0;
  for (const tender of tenders) paid += tender.amountMinor;
  return paid;
}

/** What is still to pay; never negative (a card that paid more than was due leaves 0). */
export function balanceDue(totalMinor: number, tenders: readonly Tender[]): number {
  return Math.max(0, totalMinor - paidMinor(tenders));
}

/**
 * Cash handed over against what is due: applies up to the due amount, the
 * rest is change. When less than is due is handed over, all of it is applied
 * and the change is 0 (a partial cash tender in a split payment).
 * Throws SaleRuleError when nothing is due or the cash handed over is not a
 * positive whole number of minor units.
 */
export function cashTender(dueMinor: number, tenderedMinor: number, incrementMinor = 1): CashTender {
  if (!Number.isSafeInteger(dueMinor) || dueMinor < 0) {
    throw new RangeError(`Amount due ${String(dueMinor)} is not a non-negative safe integer`);
  }
  if (dueMinor === 0) throw new SaleRuleError({ code: 'nothing_due' });
  if (!Number.isSafeInteger(tenderedMinor) || tenderedMinor <= 0) {
    throw new SaleRuleError({ code: 'tender_invalid' });
  }
  const toPay = cashToPay(dueMinor, incrementMinor);
  const settled = (amountMinor: number, changeMinor: number): CashTender => {
    const roundingMinor = tenderedMinor - changeMinor - amountMinor;
    return { kind: 'cash', tenderedMinor, amountMinor, changeMinor, ...(roundingMinor === 0 ? {} : { roundingMinor }) };
  };
  // Enough for what cash pays (the due amount, rounded): it settles the sale, the rest is change.
  if (tenderedMinor >= toPay) return settled(dueMinor, tenderedMinor - toPay);
  // Less: what is left after it would round to nothing in cash (a cent or two), so it settles the sale too.
  if (cashToPay(dueMinor - Math.min(dueMinor, tenderedMinor), incrementMinor) === 0) return settled(dueMinor, 0);
  // Part of a split payment: all of it goes to the sale, the rest stays due.
  return { kind: 'cash', tenderedMinor, amountMinor: tenderedMinor, changeMinor: 0 };
}

/**
 * What cash pays for `dueMinor` on a till that rounds cash to `incrementMinor`
 * (1: no rounding): the due amount rounded to the nearest increment, halves up.
 * A card always pays the exact amount due.
 */
export function cashToPay(dueMinor: number, incrementMinor = 1): number {
  return roundToIncrement(dueMinor, incrementMinor);
}

/** 1, 5, 10, 20, 50, 100, 200, 500, 1000, … major units, as long as they are safe integers in minor units. */
function roundSteps(currency: CurrencyCode): number[] {
  const major = 10 ** currencyExponent(currency);
  const steps = [major, 5 * major];
  for (let decade = 10 * major; decade <= Number.MAX_SAFE_INTEGER; decade *= 10) {
    for (const factor of [1, 2, 5]) {
      if (decade * factor <= Number.MAX_SAFE_INTEGER) steps.push(decade * factor);
    }
  }
  return steps;
}

const stepsByCurrency = new Map<CurrencyCode, readonly number[]>();

/** At most this many quick-cash buttons. */
export const MAX_QUICK_CASH_AMOUNTS = 5;

/**
 * Quick-cash buttons for the amount due: the exact amount first, then the next
 * round amounts a customer is likely to hand over, that is the amount rounded
 * up to a multiple of 1, 5, 10, 20, 50, 100, 200, 500, … major units of the
 * currency (1 = one euro, one yen, one dinar), distinct, ascending, at most 5.
 * EUR 12.34 → 12.34, 13, 15, 20, 50. Nothing due: no buttons.
 */
export function quickCashAmounts(dueMinor: number, currency: CurrencyCode): number[] {
  if (!Number.isSafeInteger(dueMinor) || dueMinor < 0) {
    throw new RangeError(`Amount due ${String(dueMinor)} is not a non-negative safe integer`);
  }
  if (dueMinor === 0) return [];
  let steps = stepsByCurrency.get(currency);
  if (steps === undefined) {
    steps = roundSteps(currency);
    stepsByCurrency.set(currency, steps);
  }
  // A larger step does not always round to a larger amount (42 → 60 in twenties,
  // 50 in fifties; the tens offered that 50 already), so every step is tried and
  // the results are sorted rather than trusted to come in order.
  const amounts = new Set<number>([dueMinor]);
  for (const step of steps) {
    const remainder = dueMinor % step;
    const rounded = remainder === 0 ? dueMinor : dueMinor - remainder + step;
    if (rounded <= Number.MAX_SAFE_INTEGER) amounts.add(rounded);
  }
  return [...amounts].sort((a, b) => a - b).slice(0, MAX_QUICK_CASH_AMOUNTS);
}
