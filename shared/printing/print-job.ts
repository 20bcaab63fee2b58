import { z } from 'zod';

/**
 * Receipts on their way to paper, as the renderer and the command line see
 * them. A job stays `queued` until the printer has taken it, however long the
 * printer is offline; it is never dropped.
 */

export const PrintJobKindSchema = z.enum([
  /** A sale's receipt, printed when the sale is finished. */
  'receipt',
  /** A reprint, marked COPY. */
  'copy',
  /** The store's copy of a card payment, for the cardholder to sign. */
  'merchant_copy',
  /** Anything else with its own document: a test page. */
  'document',
]);
export type PrintJobKind = z.infer<typeof PrintJobKindSchema>;

export const PrintJobStatusSchema = z.enum(['queued', 'printing', 'printed']);
export type PrintJobStatus = z.infer<typeof PrintJobStatusSchema>;

export const PrintJobViewSchema = z.object({
  jobId: z.number().int().positive(),
  kind: PrintJobKindSchema,
  receiptNumber: z.string().optional(),
  status: PrintJobStatusSchema,
  /** How many times the till tried to print it. */
  tries: z.number().int().nonnegative(),
  /** Why the last try did not print, in the cashier's words. */
  problem: z.string().optional(),
  createdAt: z.iso.datetime(),
  printedAt: z.iso.datetime().optional(),
});
export type PrintJobView = z.infer<typeof PrintJobViewSchema>;

/** What came of kicking the cash drawer. */
export const DrawerOutcomeSchema = z.enum([
  /** The printer took the kick. */
  'opened',
  /** A drawer is set up but did not open (printer offline, out of paper…): open it with the key. */
  'failed',
  /** No drawer is set up on this till: open it by hand. */
  'none',
  /** No cash changed hands. */
  'not_needed',
]);
export type DrawerOutcome = z.infer<typeof DrawerOutcomeSchema>;

export const DrawerResultSchema = z.object({
  drawer: DrawerOutcomeSchema,
  /** Why it did not open, in the cashier's words. */
  problem: z.string().optional(),
});
export type DrawerResult = z.infer<typeof DrawerResultSchema>;
