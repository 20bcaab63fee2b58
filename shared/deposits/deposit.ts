import { z } from 'zod';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { PaymentAttemptViewSchema } from '../payments/payment-state.ts';
import { ManagerApprovalSchema } from '../staff/staff.ts';

/**
 * Deposits: a customer pre-authorises an amount by payment link (the money is
 * reserved on their card, not taken). At pick-up a manager captures it, all
 * or part and once, or releases it when the order is cancelled. Main decides
 * every amount: the screen names a deposit and, for a capture, the part to
 * take; main checks it against what the gateway holds.
 *
 * The hold is a link attempt like a payment by link, so its progress (the
 * link and its QR, the customer paying) arrives as `payment.progress` events
 * on `holdAttempt.attemptId`.
 */

/** Main's id for a deposit (not its number, which is what people read). */
export const DepositIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores');

const PositiveMinorSchema = MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero');
const WithApproval = { approval: ManagerApprovalSchema.optional() };

/**
 * Where a deposit stands, derived in main from its attempts:
 * - awaiting_customer: the link is out; the customer has not authorised yet.
 * - held: the money is reserved; it can be captured or released.
 * - capturing / releasing: a capture or release is on its way to the gateway (or being asked about).
 * - captured: taken (all or part); released: given back to the customer's card; both final.
 * - failed: the customer never authorised (the link ended without a hold).
 * - needs_attention: the till cannot tell how the hold, a capture or a release ended; a manager settles it
 *   as any unsettled payment.
 */
export const DepositStateSchema = z.enum([
  'awaiting_customer',
  'held',
  'capturing',
  'captured',
  'releasing',
  'released',
  'failed',
  'needs_attention',
]);
export type DepositState = z.infer<typeof DepositStateSchema>;

/** A deposit as the manager's screen lists it. */
export const DepositViewSchema = z.object({
  depositId: DepositIdSchema,
  /** What people read and say: D-0001, counted per till. */
  number: z.string(),
  customer: z.string(),
  contact: z.string().optional(),
  note: z.string().optional(),
  /** What the customer was asked to authorise. */
  amountMinor: MinorUnitsSchema,
  currency: CurrencyCodeSchema,
  state: DepositStateSchema,
  /** The pre-authorisation by link: its link (for the QR), state and card once authorised. */
  holdAttempt: PaymentAttemptViewSchema,
  /** The latest capture or release tried on it, when there is one: its progress and why it ended. */
  actionAttempt: PaymentAttemptViewSchema.optional(),
  /** When the customer authorised (the hold was approved). */
  authorisedAt: z.iso.datetime().optional(),
  /** When the hold may lapse at the acquirer: authorisedAt plus the acquirer's days (`holdValidDays`). */
  expiresAt: z.iso.datetime().optional(),
  /** Two days or less remain before `expiresAt`: capture or release it soon. */
  expiresSoon: z.boolean(),
  /** Past `expiresAt`: the acquirer may have let the money go; the till no longer captures it. */
  expired: z.boolean(),
  /** What was taken, once a capture was approved. */
  capturedMinor: MinorUnitsSchema.optional(),
  capturedAt: z.iso.datetime().optional(),
  releasedAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  /** Who took it (staff id); absent on a till without staff. */
  createdBy: z.string().optional(),
  /** What the person at the till should read and do next, in the till's language. */
  message: z.string(),
});
export type DepositView = z.infer<typeof DepositViewSchema>;

/** Takes a deposit: main sends the customer a link to authorise `amountMinor` (the till's currency). */
export const TakeDepositSchema = z
  .object({
    customer: z.string().trim().min(1, 'type the customer’s name').max(80),
    contact: z.string().trim().max(120).optional(),
    note: z.string().trim().max(200).optional(),
    amountMinor: PositiveMinorSchema,
  })
  .strict();
export type TakeDeposit = z.infer<typeof TakeDepositSchema>;

export const DepositRefSchema = z.object({ depositId: DepositIdSchema }).strict();

/** Takes all or part of what is held, once; a manager's call (a cashier sends a manager's `approval`). */
export const CaptureDepositSchema = z
  .object({
    depositId: DepositIdSchema,
    amountMinor: PositiveMinorSchema,
    reason: z.string().trim().max(200).optional(),
    ...WithApproval,
  })
  .strict();
export type CaptureDeposit = z.infer<typeof CaptureDepositSchema>;

/** Gives what is held back to the customer's card; a manager's call, with a reason. */
export const ReleaseDepositSchema = z
  .object({
    depositId: DepositIdSchema,
    reason: z.string().trim().min(1, 'say why the deposit is released').max(200),
    ...WithApproval,
  })
  .strict();
export type ReleaseDeposit = z.infer<typeof ReleaseDepositSchema>;

export const DepositListSchema = z.object({
  /** Open deposits (held, not captured or released) and those with a capture or release not settled. */
  deposits: z.array(DepositViewSchema),
  /** How many days the acquirer keeps a hold (config `online.opp.holdValidDays`). */
  holdValidDays: z.number().int().positive(),
});
export type DepositList = z.infer<typeof DepositListSchema>;

const NoParams = z.object({}).strict();

/**
 * The deposit channels as `shared/ipc/contract.ts` lists them (spread into
 * `contract`; their names are in `channels.ts`).
 */
export const depositChannels = {
  /** Takes a deposit by link; a cashier may. Progress of the link as `payment.progress`. */
  'deposits.take': { request: TakeDepositSchema, response: DepositViewSchema },
  /** The open deposits, with when each was authorised and may expire. */
  'deposits.list': { request: NoParams, response: DepositListSchema },
  'deposits.get': { request: DepositRefSchema, response: DepositViewSchema },
  /** Captures all or part of a deposit, once; manager only (approvable). */
  'deposits.capture': { request: CaptureDepositSchema, response: DepositViewSchema },
  /** Releases a deposit; manager only (approvable). */
  'deposits.release': { request: ReleaseDepositSchema, response: DepositViewSchema },
} as const;
