/**
 * What the simulated shopper, card and bank do, chosen by the amount, the way
 * Adyen's test environment does it: the last three digits of the amount in
 * minor units pick the outcome (10123 = 101.23 is declined as "Refused").
 * Codes 121–153 follow Adyen's published test acquirer responses; codes
 * 901–907 are Kassa's own, for what the test environment cannot script on
 * demand (a shopper who cancels or never taps, an offline or busy terminal, an
 * issuer that never answers, a card that covers only part). Any other amount is approved. The table is
 * documented in the README.
 */

export type Scenario =
  | { kind: 'approve' }
  | { kind: 'decline'; errorCondition: 'Refusal' | 'WrongPIN' | 'InvalidCard'; refusalReason: string }
  | { kind: 'shopper-cancels' }
  | { kind: 'no-card' }
  | { kind: 'terminal-offline' }
  | { kind: 'terminal-busy' }
  | { kind: 'issuer-timeout' }
  | { kind: 'partial-approval' }
  | { kind: 'signature' };

export interface MagicAmount {
  /** Last three digits of the amount in minor units. */
  ending: number;
  scenario: Scenario;
  /** For the README table. */
  description: string;
}

const decline = (
  ending: number,
  errorCondition: 'Refusal' | 'WrongPIN' | 'InvalidCard',
  refusalReason: string,
): MagicAmount => ({
  ending,
  scenario: { kind: 'decline', errorCondition, refusalReason },
  description: `Declined: ${errorCondition}, refusalReason "${refusalReason}"`,
});

export const MAGIC_AMOUNTS: readonly MagicAmount[] = [
  decline(121, 'Refusal', 'Cancelled'),
  decline(122, 'Refusal', 'Acquirer Fraud'),
  decline(123, 'Refusal', 'Refused'),
  decline(124, 'Refusal', 'Not enough balance'),
  decline(125, 'Refusal', 'Blocked Card'),
  decline(126, 'InvalidCard', 'Expired Card'),
  decline(127, 'Refusal', 'Invalid Amount'),
  decline(128, 'InvalidCard', 'Invalid Card Number'),
  decline(134, 'WrongPIN', 'Invalid Pin'),
  decline(135, 'WrongPIN', 'Pin tries exceeded'),
  decline(136, 'Refusal', 'Issuer Unavailable'),
  decline(146, 'Refusal', 'Transaction Not Permitted'),
  decline(148, 'InvalidCard', 'Restricted Card'),
  decline(151, 'Refusal', 'Issuer Suspected Fraud'),
  {
    ending: 901,
    scenario: { kind: 'shopper-cancels' },
    description: 'The shopper presses Cancel on the terminal: Cancel, "108 Shopper cancelled tx"',
  },
  {
    ending: 902,
    scenario: { kind: 'no-card' },
    description: 'The shopper never presents a card: after the 120 s card wait, Cancel',
  },
  {
    ending: 903,
    scenario: { kind: 'terminal-offline' },
    description: 'The terminal is offline: Reject "Did not receive a response from the POI."',
  },
  {
    ending: 904,
    scenario: { kind: 'terminal-busy' },
    description: 'The terminal is busy with another sale: Busy, nothing is charged',
  },
  {
    ending: 905,
    scenario: { kind: 'issuer-timeout' },
    description: 'The issuer never answers: after 150 s, Failure "Communication timeout"',
  },
  {
    ending: 906,
    scenario: { kind: 'partial-approval' },
    description: 'The card covers only half (rounded down): Result Partial, AuthorizedAmount half the request',
  },
  {
    ending: 907,
    scenario: { kind: 'signature' },
    description: 'Approved with a chip-and-signature card: the merchant receipt has RequiredSignatureFlag true',
  },
];

const BY_ENDING = new Map(MAGIC_AMOUNTS.map((magic) => [magic.ending, magic.scenario]));

/** Refunds are always approved at Adyen's test acquirer; only the terminal and shopper scenarios apply. */
const REFUND_SCENARIOS = new Set<Scenario['kind']>(['shopper-cancels', 'no-card', 'terminal-offline', 'terminal-busy']);

export function scenarioFor(amountMinor: number, kind: 'payment' | 'refund'): Scenario {
  const scenario = BY_ENDING.get(Math.abs(amountMinor) % 1000) ?? { kind: 'approve' };
  if (kind === 'refund' && !REFUND_SCENARIOS.has(scenario.kind)) return { kind: 'approve' };
  return scenario;
}
