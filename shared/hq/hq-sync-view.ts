import { z } from 'zod';

/**
 * How the till's sync with Kassa HQ stands, as the status bar and `kassa
 * doctor` show it: when HQ last took the till's records, how many wait, and
 * what is wrong, if anything. Main works it out; the screen only words it.
 */
export const HqSyncProblemSchema = z.enum([
  /** HQ or the network is down: records wait on the till and go when it is back. */
  'unreachable',
  /** HQ answered with an error, or something the till cannot read: tried again later. */
  'hq_error',
  /** HQ refused what the till sent: it keeps trying, and IT should look. */
  'refused',
  /** HQ no longer accepts this till's token: IT must enrol it again. */
  'revoked',
  /** The till has an HQ address but has not enrolled (no code, or the code was refused). */
  'not_enrolled',
]);
export type HqSyncProblem = z.infer<typeof HqSyncProblemSchema>;

export const HqSyncViewSchema = z
  .object({
    /** When HQ last took a push (ISO 8601); absent before the first. */
    lastSyncedAt: z.iso.datetime().optional(),
    /** Records queued for HQ, and when the oldest of them was recorded. */
    waiting: z.number().int().nonnegative(),
    oldestWaitingAt: z.iso.datetime().optional(),
    problem: HqSyncProblemSchema.optional(),
  })
  .strict();
export type HqSyncView = z.infer<typeof HqSyncViewSchema>;
