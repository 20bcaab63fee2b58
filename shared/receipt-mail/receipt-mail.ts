import { z } from 'zod';

/**
 * A receipt asked for by e-mail, as the screen sees it: whether it has gone
 * and, when not, why. Never the address: the screen has what the cashier
 * typed, and main may already have erased it.
 */

/** `queued`: written, not handed to the mail server yet; `failed`: the server did not take it (tried again later). */
export const RECEIPT_MAIL_STATUSES = ['queued', 'sent', 'failed'] as const;
export const ReceiptMailStatusSchema = z.enum(RECEIPT_MAIL_STATUSES);
export type ReceiptMailStatus = z.infer<typeof ReceiptMailStatusSchema>;

export const ReceiptMailViewSchema = z
  .object({
    mailId: z.number().int().positive(),
    receiptNumber: z.string(),
    status: ReceiptMailStatusSchema,
    /** Why the mail server did not take it, in plain words. */
    problem: z.string().optional(),
  })
  .strict();
export type ReceiptMailView = z.infer<typeof ReceiptMailViewSchema>;

/**
 * An e-mail address as a person types it: one `@`, a dot in the domain, no
 * spaces. Shared so the screen can say at once what main would refuse.
 */
export const EmailAddressSchema = z
  .string()
  .trim()
  .max(254, 'is too long for an e-mail address')
  .pipe(z.email({ error: 'must be a whole e-mail address, like name@example.com' }));
