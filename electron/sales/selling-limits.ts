import {
  DEFAULT_ROLE_LIMITS,
  percentToBasisPoints,
  type RoleLimits,
  type SellingConfig,
} from '../../shared/config/schema.ts';
import { BASIS_POINTS, type CartLine, type LineDiscount } from '../../shared/sale/cart.ts';
import type { StaffRole } from '../../shared/staff/staff.ts';

/**
 * What a role may do to a price without a manager: the largest discount (in
 * basis points of what the line comes to before it) and whether it may type
 * a price. From `selling.limits`, with a cashier's default of 10 % and no
 * price changes.
 */
export interface Limits {
  maxDiscountBasisPoints: number;
  priceOverride: boolean;
}

function fromConfig(limits: RoleLimits): Limits {
  return {
    maxDiscountBasisPoints: percentToBasisPoints(limits.maxDiscountPercent),
    priceOverride: limits.priceOverride,
  };
}

export function limitsByRole(selling: SellingConfig | undefined): Readonly<Record<StaffRole, Limits>> {
  const configured = selling?.limits ?? DEFAULT_ROLE_LIMITS;
  return { cashier: fromConfig(configured.cashier), manager: fromConfig(configured.manager) };
}

/**
 * Whether `discount` on `line` stays within `maxBasisPoints`. An amount
 * discount is compared as the share of the line it takes, in whole numbers:
 * `amount × 10 000 ≤ max × gross`, so 10.01 % never passes for 10 %.
 */
export function discountWithin(line: CartLine, discount: LineDiscount, maxBasisPoints: number): boolean {
  if (discount.kind === 'percent') return discount.basisPoints <= maxBasisPoints;
  const gross = (line.priceOverrideMinor ?? line.unitPriceMinor) * line.quantity;
  return BigInt(discount.minor) * BigInt(BASIS_POINTS) <= BigInt(maxBasisPoints) * BigInt(gross);
}

/** The discount's size as basis points of the line, rounded up, for the words that refuse it. */
export function discountBasisPoints(line: CartLine, discount: LineDiscount): number {
  if (discount.kind === 'percent') return discount.basisPoints;
  const gross = (line.priceOverrideMinor ?? line.unitPriceMinor) * line.quantity;
  if (gross === 0) return BASIS_POINTS;
  return Number((BigInt(discount.minor) * BigInt(BASIS_POINTS) + BigInt(gross) - 1n) / BigInt(gross));
}
