/**
 * The result codes the simulator answers with, each with the description
 * OPP publishes for it (ACI's result-code list, as mirrored by its white
 * labels), and the outcome an amount's last three digits pick (the table in
 * docs/OPP.md). A client decides on `result.code`, never on the HTTP status,
 * so the code is the contract; the HTTP status is what OPP sends beside it.
 */

export interface Result {
  readonly code: string;
  readonly description: string;
}

const result = (code: string, description: string): Result => ({ code, description });

export const RESULTS = {
  /** Any approved payment in the test environment ("Integrator Test Mode"). */
  testSuccess: result('000.100.110', "Request successfully processed in 'Merchant in Integrator Test Mode'"),
  succeeded: result('000.000.000', 'Transaction succeeded'),
  /** A successful request that moved no money: reading a link. */
  request: result('000.000.100', 'successful request'),
  pending: result('000.200.000', 'transaction pending'),
  /** What ACI answers when a checkout (here: a link) is made. */
  linkCreated: result('000.200.100', 'successfully created checkout'),
  review: result('000.400.000', 'Transaction succeeded (please review manually due to fraud suspicion)'),
  shopperCancelled: result('100.396.101', 'Cancelled by user'),
  declined: result('800.100.100', 'transaction declined for unknown reason'),
  insufficientFunds: result('800.100.203', 'transaction declined (insufficient funds)'),
  invalidCvv: result('800.100.153', 'transaction declined (invalid CVV)'),
  uncertain: result('900.100.300', 'timeout, uncertain result'),
  communicationError: result('900.100.100', 'unexpected communication error with connector/acquirer'),
  tooLowAmount: result('100.550.300', 'request contains no amount or too low amount'),
  invalidParameter: result('200.300.404', 'invalid or missing parameter'),
  cannotCapture: result('700.400.100', 'cannot capture (PA value exceeded, PA reverted or invalid workflow?)'),
  cannotRefund: result('700.400.200', 'cannot refund (refund volume exceeded or tx reversed or invalid workflow?)'),
  cannotReverse: result(
    '700.400.300',
    'cannot reverse (already refunded|reversed, invalid workflow or amount exceeded)',
  ),
  notFound: result('700.400.580', 'cannot find transaction'),
  /** Kassa's choice for a link that is no longer ACTIVE (docs/OPP.md); ACI publishes no link codes. */
  linkNotActive: result('700.400.700', 'payment link is not active'),
  duplicate: result('800.110.100', 'duplicate transaction'),
  tooManyRequests: result('800.120.100', 'Too many requests. Please try again later.'),
  badToken: result('800.900.300', 'invalid authentication information'),
  wrongEntity: result('800.900.301', 'user authorization failed, user has no sufficent rights to process transaction'),
} as const satisfies Readonly<Record<string, Result>>;

/** A test card that is always declined, whatever the amount: the shopper's "wrong card" on a link. */
export const DECLINED_CARD = '4000000000000002';

export type Verdict = 'success' | 'review' | 'pending' | 'reject';

/** OPP's published groups (success, review, pending short and long), in a client's order; the rest reject. */
export function verdictOf(code: string): Verdict {
  if (/^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/.test(code)) return 'success';
  if (/^(000\.400\.0[^3]|000\.400\.100)/.test(code)) return 'review';
  if (/^(000\.200)/.test(code) || /^(800\.400\.5|100\.400\.500)/.test(code)) return 'pending';
  return 'reject';
}

/** Money moved (or will, for a pending one that turns): the transaction can be captured, refunded, reversed. */
export function isApproved(code: string): boolean {
  const verdict = verdictOf(code);
  return verdict === 'success' || verdict === 'review';
}

/** A payment's outcome: what the answer says now, and what it turns into a minute later, if anything. */
export interface Outcome {
  readonly now: Result;
  readonly later?: Result;
}

export interface MagicAmount {
  /** The amount's last three digits, in hundredths: 101.23 ends in 123. */
  readonly ending: number;
  readonly outcome: Outcome;
  /** For the control API's description and the docs' table. */
  readonly description: string;
}

export const OPP_MAGIC_AMOUNTS: readonly MagicAmount[] = [
  { ending: 121, outcome: { now: RESULTS.shopperCancelled }, description: 'the shopper cancels' },
  { ending: 123, outcome: { now: RESULTS.declined }, description: 'declined by the bank' },
  { ending: 124, outcome: { now: RESULTS.insufficientFunds }, description: 'insufficient funds' },
  { ending: 153, outcome: { now: RESULTS.invalidCvv }, description: 'invalid CVV' },
  {
    ending: 905,
    outcome: { now: RESULTS.uncertain, later: RESULTS.succeeded },
    description: 'the acquirer times out: uncertain, approved a minute later (scaled)',
  },
  {
    ending: 908,
    outcome: { now: RESULTS.pending, later: RESULTS.succeeded },
    description: 'pending, approved a minute later (scaled)',
  },
  { ending: 915, outcome: { now: RESULTS.review }, description: 'approved, but to review' },
];

const BY_ENDING = new Map(OPP_MAGIC_AMOUNTS.map((magic) => [magic.ending, magic.outcome]));

/**
 * The outcome of a debit or pre-authorisation (a webshop's, or a link's).
 * Captures, refunds and reversals are always approved when the rules allow
 * them, as in the other simulators: their failures are scripted with faults.
 */
export function paymentOutcome(hundredths: number, cardNumber: string): Outcome {
  if (cardNumber === DECLINED_CARD) return { now: RESULTS.declined };
  return BY_ENDING.get(hundredths % 1000) ?? { now: RESULTS.testSuccess };
}

/** HTTP status beside a result: 200 for success, review and pending; 400 for everything else, as OPP does. */
export function httpStatusOf(code: string): 200 | 400 {
  return verdictOf(code) === 'reject' ? 400 : 200;
}

/** The opposite verdict, for the `webhook-contradicting` fault: a success turns declined, anything else approved. */
export function contradiction(code: string): Result {
  return isApproved(code) ? RESULTS.declined : RESULTS.succeeded;
}
