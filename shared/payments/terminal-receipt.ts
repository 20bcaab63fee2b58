import { z } from 'zod';

/**
 * The receipt text a card terminal hands back with its result, in the till's
 * own words rather than a provider's encoding: which copy it is, whether the
 * cardholder must sign it, and its lines as label/value pairs. The till prints
 * these on its own receipt (customer copy) and, when a signature is asked for,
 * as a merchant copy to be signed and kept.
 */

/** Terminals print about 40 characters a line; anything longer is cut, not wrapped into the next field. */
export const TERMINAL_RECEIPT_TEXT_MAX = 64;
export const TERMINAL_RECEIPT_LINES_MAX = 80;

export const TerminalReceiptLineSchema = z.object({
  /** The left part, or the whole line: "Card", "APPROVED", a merchant's name. Empty for a blank line. */
  label: z.string().max(TERMINAL_RECEIPT_TEXT_MAX),
  /** The right part when the line is a label and a value: "**** 1111". */
  value: z.string().max(TERMINAL_RECEIPT_TEXT_MAX).optional(),
  bold: z.boolean().optional(),
});
export type TerminalReceiptLine = z.infer<typeof TerminalReceiptLineSchema>;

export const TerminalReceiptSchema = z.object({
  /** `merchant`: the copy the store keeps (Adyen's CashierReceipt); `customer`: the cardholder's. */
  copy: z.enum(['merchant', 'customer']),
  /** The cardholder must sign the merchant copy (chip-and-signature cards). */
  signatureRequired: z.boolean(),
  lines: z.array(TerminalReceiptLineSchema).max(TERMINAL_RECEIPT_LINES_MAX),
});
export type TerminalReceipt = z.infer<typeof TerminalReceiptSchema>;

export const TerminalReceiptsSchema = z.array(TerminalReceiptSchema).max(2);
