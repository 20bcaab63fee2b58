import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';

/**
 * The provider-neutral life of one card payment attempt. The payment service
 * drives it and the journal refuses any step this table does not allow, so a
 * bug cannot, say, turn an approval into a decline without a trace.
 *
 *   created ─► sent ─► in_progress ─► approved | declined | cancelled | failed
 *      │         │          │          ▲                      │ a conflicting late result
 *      └─────────┴──────────┴► checking┘                      ▼
 *        sent, in_progress, checking ──────────────► needs_attention ─► a final state
 *
 * `checking`: the outcome is unknown and the till is asking the terminal.
 * `needs_attention`: asking could not settle it, or the terminal reported
 * something that contradicts what the till had recorded; a manager settles it.
 * Both block the terminal, like any attempt that is not final.
 */
export const PaymentStateSchema = z.enum([
  'created',
  'sent',
  'in_progress',
  'checking',
  'approved',
  'declined',
  'cancelled',
  'failed',
  'needs_attention',
]);
export type PaymentState = z.infer<typeof PaymentStateSchema>;

/**
 * Where each state stands, written once. Every list of final, in-flight or
 * unsettled states (the journal's SQL included) is derived from it, and a new
 * state does not compile until it is placed here.
 * - in_flight: a request may be on its way or running at the terminal; the till is still after the truth.
 * - with_manager: the till has stopped asking; a person settles it.
 * - final: the terminal's (or a manager's) word is in; only a contradicting late result reopens it.
 */
const STANDING = {
  created: 'in_flight',
  sent: 'in_flight',
  in_progress: 'in_flight',
  checking: 'in_flight',
  needs_attention: 'with_manager',
  approved: 'final',
  declined: 'final',
  cancelled: 'final',
  failed: 'final',
} as const satisfies Record<PaymentState, 'in_flight' | 'with_manager' | 'final'>;
type Standing = (typeof STANDING)[PaymentState];
type StatesThat<S extends Standing> = { [K in PaymentState]: (typeof STANDING)[K] extends S ? K : never }[PaymentState];

function statesThat<S extends Standing>(...standing: readonly S[]): StatesThat<S>[] {
  // In the schema's order, so lists (and the SQL built from them) read the same on every run.
  return PaymentStateSchema.options.filter((state): state is StatesThat<S> =>
    (standing as readonly Standing[]).includes(STANDING[state]),
  );
}

export type FinalPaymentState = StatesThat<'final'>;
/** The final states, in the schema's order: also the outcomes a manager may record. */
export const FINAL_OUTCOMES: readonly FinalPaymentState[] = statesThat('final');
export const FINAL_PAYMENT_STATES: ReadonlySet<PaymentState> = new Set(FINAL_OUTCOMES);

export function isFinalPaymentState(state: PaymentState): state is FinalPaymentState {
  return STANDING[state] === 'final';
}

/** A request may be on its way or running at the terminal: the terminal takes nothing else. */
export const IN_FLIGHT_PAYMENT_STATES: readonly PaymentState[] = statesThat('in_flight');

/** Not final: in flight or waiting for a manager. Either blocks the terminal and keeps a sale from closing. */
export const UNSETTLED_PAYMENT_STATES: readonly PaymentState[] = statesThat('in_flight', 'with_manager');

const ALLOWED: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  // `sent` is written before the request leaves. A till that stopped at `created` most likely never sent
  // it, but only the terminal knows: a restart checks, and NotFound then fails it (from `checking`).
  created: ['sent', 'checking'],
  sent: ['in_progress', 'checking', 'needs_attention', ...FINAL_OUTCOMES],
  in_progress: ['checking', 'needs_attention', ...FINAL_OUTCOMES],
  // "In progress" answers keep it checking: it does not go back to in_progress.
  checking: ['needs_attention', ...FINAL_OUTCOMES],
  // A later status answer, or a manager, settles it; the till does not start asking again by itself.
  needs_attention: [...FINAL_OUTCOMES],
  // Final, except that the terminal may still contradict it (approved after a cancel).
  approved: ['needs_attention'],
  declined: ['needs_attention'],
  cancelled: ['needs_attention'],
  failed: ['needs_attention'],
};

export function canTransition(from: PaymentState, to: PaymentState): boolean {
  return ALLOWED[from].includes(to);
}

/** What the cashier reads for each state, and what to do next. */
export const CASHIER_WORDS: Readonly<Record<PaymentState, string>> = {
  created: 'Starting the card payment…',
  sent: 'Sent to the card terminal. Ask the customer to follow the terminal.',
  in_progress: 'The customer is paying on the card terminal.',
  checking:
    'Checking with the card terminal whether the payment went through. Please wait; do not take another payment.',
  approved: 'Card payment approved.',
  declined: 'Card payment declined. Ask the customer for another card or another way to pay.',
  cancelled: 'Card payment cancelled. Nothing was charged.',
  failed: 'The card payment did not go through. Nothing was charged; you can try again.',
  needs_attention:
    'The till cannot tell whether this card payment went through. Call a manager before taking another payment on this terminal.',
};

/** Why a manager is needed, kept with the attempt. */
export const AttentionReasonSchema = z.enum([
  /** Asking the terminal did not settle the outcome in time. */
  'unconfirmed',
  /** A result arrived that contradicts the recorded outcome (e.g. approved after cancelled). */
  'conflicting_result',
]);
export type AttentionReason = z.infer<typeof AttentionReasonSchema>;

/**
 * The card as the terminal reported it, for the cashier and the receipt. Only
 * the last four digits are ever kept: nothing here is cardholder data to protect.
 */
export const CardDetailsSchema = z.object({
  /** "mc", "visa", "maestro": the provider's brand code. */
  brand: z.string().max(40).optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  /** The issuer's approval (authorisation) code. */
  authCode: z.string().max(20).optional(),
});
export type CardDetails = z.infer<typeof CardDetailsSchema>;

/**
 * What an attempt asks of the card: a payment, a referenced refund (a
 * reversal of one of our approved payments, by the terminal's identifier for
 * it) or an unreferenced refund (money back to whatever card is presented).
 * A deposit adds three, on an online gateway only: a `hold` (a
 * pre-authorisation by link: approved means the money is reserved on the
 * card, not taken), and the `capture` (takes all or part of it) or `release`
 * (gives it back) of that hold, by the gateway's id for it.
 * All of them run through the same states and the same rules.
 */
export const AttemptKindSchema = z.enum(['payment', 'reversal', 'refund', 'hold', 'capture', 'release']);
export type AttemptKind = z.infer<typeof AttemptKindSchema>;

/**
 * A payment link (pay by link / QR) as the gateway answered it: the address the
 * customer opens (the QR is drawn from it) and the gateway's own expiry, never
 * one the till assumes. `stage` is how far the customer has got, when the
 * gateway says: the link opened on their phone, a payment under way, a card
 * declined there (the link stays live: the customer may try another card).
 */
export const PaymentLinkSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  expiresAt: z.iso.datetime({ offset: true }),
  stage: z.enum(['waiting', 'opened', 'paying', 'declined']).optional(),
});
export type PaymentLink = z.infer<typeof PaymentLinkSchema>;

/** One payment attempt as the renderer and the command line see it: no secrets, no raw messages. */
export const PaymentAttemptViewSchema = z.object({
  attemptId: z.string().min(1),
  /** Absent on views from before refunds existed: a payment. */
  kind: AttemptKindSchema.optional(),
  saleId: z.string().min(1),
  tenderId: z.string().min(1),
  terminalId: z.string().min(1),
  amountMinor: MinorUnitsSchema,
  currency: CurrencyCodeSchema,
  state: PaymentStateSchema,
  /** Set once approved: what the card was charged, less than `amountMinor` for a partial approval. */
  authorisedMinor: MinorUnitsSchema.optional(),
  /** The terminal's transaction reference (Adyen: the PSP reference), for refunds and disputes. */
  terminalReference: z.string().optional(),
  /** Why it ended as it did, in words (e.g. "Refused", "Shopper cancelled"). */
  reason: z.string().optional(),
  attention: AttentionReasonSchema.optional(),
  /** Set when the terminal approved it and said with which card. */
  card: CardDetailsSchema.optional(),
  cashierMessage: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /**
   * Until when the till waits for the terminal's result before it asks about
   * the payment instead (its start plus the result deadline, as main keeps it):
   * what the screen counts down to after a cancel.
   */
  resultDeadlineAt: z.iso.datetime().optional(),
  /** A pay-by-link attempt's link, once the gateway has created it. */
  link: PaymentLinkSchema.optional(),
  /** How the customer pays: on the card terminal (absent: the card terminal), or by a link on their phone. */
  tender: z.enum(['card', 'link']).optional(),
});
export type PaymentAttemptView = z.infer<typeof PaymentAttemptViewSchema>;

/** One step of a running payment, pushed from main to the renderer as it happens. */
export const PaymentProgressSchema = z.object({
  attemptId: z.string().min(1),
  saleId: z.string().min(1),
  terminalId: z.string().min(1),
  state: PaymentStateSchema,
  /** What the cashier should read and do now. */
  cashierMessage: z.string(),
  /** What the terminal itself displays, when it tells us. */
  terminalMessage: z.string().optional(),
  /** A pay-by-link attempt's link, once the gateway has created it. */
  link: PaymentLinkSchema.optional(),
  at: z.iso.datetime(),
});
export type PaymentProgress = z.infer<typeof PaymentProgressSchema>;
