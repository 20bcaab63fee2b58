import type { EmptyTextForm } from './hash.ts';

/**
 * What the simulated customer, card and bank do, picked by the last three
 * digits of the amount in minor units (docs/WORLDNET.md, "The simulator").
 * Worldnet publishes no test amounts of its own; these follow the other
 * simulators' habit (121–153 card outcomes, 901–906 the gateway's own
 * behaviour a till must survive). Any other amount is approved.
 */

/** The hosted page's RESPONSECODE. */
export type ResponseCode = 'A' | 'E' | 'D' | 'R' | 'C';

/** How the background validation goes out. */
export type Delivery = 'now' | 'late' | 'never' | 'twice';

export type PaymentOutcome =
  | { kind: 'cancelled' }
  | {
      kind: 'result';
      responseCode: ResponseCode;
      responseText: string;
      emptyText: EmptyTextForm;
      delivery: Delivery;
    };

/** A validation marked `late` (…904) goes out this long after the payment (simulated). */
export const LATE_VALIDATION_MS = 20 * 60_000;

/** What RESPONSETEXT says when nothing more particular is chosen. */
export const RESPONSE_TEXTS: Readonly<Record<ResponseCode, string>> = {
  A: 'APPROVAL',
  E: 'ACCEPTED',
  D: 'DECLINED',
  R: 'REFERRAL',
  C: 'PICK UP',
};

export interface MagicAmount {
  readonly ending: number;
  readonly outcome: PaymentOutcome;
  /** For `GET /_simulator` and the usage text. */
  readonly description: string;
}

const result = (
  responseCode: ResponseCode,
  responseText: string,
  delivery: Delivery = 'now',
  emptyText: EmptyTextForm = 'dropped',
): PaymentOutcome => ({ kind: 'result', responseCode, responseText, emptyText, delivery });

export const MAGIC_AMOUNTS: readonly MagicAmount[] = [
  { ending: 121, outcome: { kind: 'cancelled' }, description: 'The customer cancels on the page: nothing is sent' },
  { ending: 123, outcome: result('D', 'DECLINED'), description: 'Declined: D, DECLINED' },
  { ending: 124, outcome: result('D', 'INSUFFICIENT FUNDS'), description: 'Declined: D, INSUFFICIENT FUNDS' },
  { ending: 131, outcome: result('R', 'REFERRAL'), description: 'Referral: R, REFERRAL' },
  { ending: 132, outcome: result('C', 'PICK UP'), description: 'Pick up: C, PICK UP' },
  { ending: 133, outcome: result('E', 'ACCEPTED'), description: 'China UnionPay acceptance: E, ACCEPTED' },
  {
    ending: 901,
    outcome: result('A', '', 'now', 'dropped'),
    description: 'Approved, RESPONSETEXT empty and dropped with its colon from the hash (…:A:SECRET)',
  },
  {
    ending: 902,
    outcome: result('A', '', 'now', 'kept'),
    description: 'Approved, RESPONSETEXT empty and kept as an empty element in the hash (…:A::SECRET)',
  },
  {
    ending: 904,
    outcome: result('A', 'APPROVAL', 'late'),
    description: 'Approved, the validation sent 20 simulated minutes after the payment',
  },
  {
    ending: 905,
    outcome: result('A', 'APPROVAL', 'never'),
    description: 'Approved, no validation ever sent: only the REST search finds it',
  },
  { ending: 906, outcome: result('A', 'APPROVAL', 'twice'), description: 'Approved, the validation sent twice' },
];

const BY_ENDING = new Map(MAGIC_AMOUNTS.map((magic) => [magic.ending, magic.outcome]));

export function paymentOutcome(amountMinor: number): PaymentOutcome {
  return BY_ENDING.get(amountMinor % 1000) ?? result('A', RESPONSE_TEXTS.A);
}

/** A refund whose amount ends in 123 is declined; any other is approved. */
export function refundDeclined(amountMinor: number): boolean {
  return amountMinor % 1000 === 123;
}
