import { z } from 'zod';
import { DeviceStatusSchema } from '../devices.ts';
import { PaymentProgressSchema } from '../payments/payment-state.ts';
import { PrintJobViewSchema } from '../printing/print-job.ts';
import { RefundViewSchema } from '../refunds/refund.ts';
import { StaffSessionSchema } from '../staff/staff.ts';

/** Everything main pushes to the renderer without being asked. */
export const MainEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('device.status'), device: DeviceStatusSchema }),
  z.object({ type: z.literal('payment.progress'), progress: PaymentProgressSchema }),
  z.object({ type: z.literal('print.job'), job: PrintJobViewSchema }),
  z.object({ type: z.literal('refund.updated'), refund: RefundViewSchema }),
  /** Someone logged in, or the till locked (by hand or after sitting idle). */
  z.object({ type: z.literal('staff.session'), session: StaffSessionSchema }),
]);
export type MainEvent = z.infer<typeof MainEventSchema>;
export type MainEventType = MainEvent['type'];
