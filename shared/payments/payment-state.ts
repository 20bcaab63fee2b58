import { z } from 'zod';

/**
 * The provider-neutral states of one card payment attempt, as the payment
 * service reports them. `checking` means the outcome is unknown and the till is
 * asking the terminal; `needs_attention` means a manager must settle it.
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
  at: z.iso.datetime(),
});
export type PaymentProgress = z.infer<typeof PaymentProgressSchema>;
