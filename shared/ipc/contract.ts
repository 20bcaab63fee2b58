import { z } from 'zod';
import { TillModeSchema } from '../config/schema.ts';
import { DeviceStatusSchema } from '../devices.ts';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { CatalogSchema } from '../catalog/catalog-item.ts';
import { PaymentAttemptViewSchema } from '../payments/payment-state.ts';
import { DrawerResultSchema, PrintJobViewSchema } from '../printing/print-job.ts';
import { PinSchema, StaffMemberSchema, StaffSessionSchema } from '../staff/staff.ts';
import {
  CompletedSaleSchema,
  CompleteSaleSchema,
  FinishedSaleSchema,
  ParkedSaleSchema,
  ParkSaleSchema,
  RecalledSaleSchema,
  SaleIdSchema,
} from '../sale/completed-sale.ts';
import { JournalSearchSchema, SaleDetailSchema, SaleSummarySchema } from '../journal/journal-search.ts';
import { RefundViewSchema, StartRefundSchema, StartUnreferencedRefundSchema } from '../refunds/refund.ts';
import { CashMoveRequestSchema, CloseDaySchema, DayReportSchema, TillDayStateSchema } from '../till-day/day-report.ts';
import type { Result } from '../result.ts';
import type { Channel } from './channels.ts';
import type { MainEvent } from './events.ts';

/**
 * The IPC contract: every call the renderer can make into main, with the exact
 * shape of its request and response. Main validates each request before a
 * handler runs and each response before it leaves, so a handler can trust its
 * input and the renderer can trust its output.
 *
 * Schemas here describe plain data only (no transforms), so a value parses to
 * itself and can cross any transport unchanged.
 */

export interface ChannelSchemas {
  request: z.ZodType;
  response: z.ZodType;
}

const NoParams = z.object({}).strict();

/** `<till id>-<sequence>`: what is printed under "Receipt". */
const ReceiptNumberSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,16}-\d{6,}$/, 'must be a receipt number such as TILL-1-000042');

export const TillInfoSchema = z.object({
  storeName: z.string(),
  addressLines: z.array(z.string()),
  tillId: z.string(),
  tillName: z.string(),
  mode: TillModeSchema,
  locale: z.string(),
  currency: CurrencyCodeSchema,
  version: z.string(),
  startedAt: z.iso.datetime(),
});
export type TillInfo = z.infer<typeof TillInfoSchema>;

export const RendererErrorReportSchema = z
  .object({
    /** Where in the UI it happened, e.g. "window.onerror" or "TillShell". */
    where: z.string().min(1).max(200),
    message: z.string().min(1).max(2_000),
    stack: z.string().max(20_000).optional(),
  })
  .strict();

const AttemptRef = z.object({ attemptId: z.string().min(1).max(64) }).strict();
const RefundRef = z.object({ refundId: z.string().min(1).max(64) }).strict();

export const StartPaymentSchema = z
  .object({
    saleId: z.string().regex(/^[A-Za-z0-9._-]{1,36}$/, 'must be 1–36 letters, digits, dots, dashes or underscores'),
    /** In the till's currency. */
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero'),
    /** The sale's total, when this payment is only part of it. */
    saleTotalMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero').optional(),
  })
  .strict();

export const ResolvePaymentSchema = z
  .object({
    attemptId: z.string().min(1).max(64),
    outcome: z.enum(['approved', 'declined', 'cancelled', 'failed']),
    terminalReference: z.string().trim().min(1).max(80).optional(),
    authorisedMinor: MinorUnitsSchema.optional(),
    reason: z.string().trim().min(3).max(500),
    manager: z.string().trim().min(1).max(80),
  })
  .strict();

export const contract = {
  /** Who this till is: store, till, mode, locale, currency, version. */
  'till.getInfo': { request: NoParams, response: TillInfoSchema },
  /** The current status of every device, for the status bar. Changes arrive as `device.status` events. */
  'devices.list': { request: NoParams, response: z.array(DeviceStatusSchema) },
  /** The renderer reports an error it could not handle, so it lands in the till's log for IT. */
  'diagnostics.reportRendererError': {
    request: RendererErrorReportSchema,
    response: z.object({ recorded: z.literal(true) }),
  },
  /** Starts a card payment on the till's terminal; progress arrives as `payment.progress` events. */
  'payments.start': { request: StartPaymentSchema, response: PaymentAttemptViewSchema },
  'payments.get': { request: AttemptRef, response: PaymentAttemptViewSchema },
  /** Asks the terminal to stop; the payment still ends as the terminal decided (an approval can win the race). */
  'payments.abort': { request: AttemptRef, response: PaymentAttemptViewSchema },
  /** Asks the terminal about the payment now. */
  'payments.checkStatus': { request: AttemptRef, response: PaymentAttemptViewSchema },
  /** A manager settles a payment the till could not, with the terminal's reference and a reason. */
  'payments.resolve': { request: ResolvePaymentSchema, response: PaymentAttemptViewSchema },
  /** Payments not final: in flight, or waiting for a manager. */
  'payments.unsettled': { request: NoParams, response: z.array(PaymentAttemptViewSchema) },
  /** Everything this till sells, loaded by main from the provisioned file. */
  'catalog.get': { request: NoParams, response: CatalogSchema },
  /**
   * Records a paid sale (main checks the sums and the card payments), numbers
   * and queues its receipt, and opens the cash drawer when cash was taken.
   */
  'sales.complete': { request: CompleteSaleSchema, response: FinishedSaleSchema },
  /** A completed sale, for a reprint; without a saleId, the last one. */
  'sales.get': { request: z.object({ saleId: SaleIdSchema.optional() }).strict(), response: CompletedSaleSchema },
  /** Puts an unpaid sale aside to serve the next customer. */
  'sales.park': { request: ParkSaleSchema, response: ParkedSaleSchema },
  'sales.parked': { request: NoParams, response: z.array(ParkedSaleSchema) },
  /** Brings a parked sale back to the screen and takes it off the parked list. */
  'sales.recall': { request: z.object({ saleId: SaleIdSchema }).strict(), response: RecalledSaleSchema },
  /** The picture of a receipt as it prints (SVG), for the screen; `copy` marks it as a reprint. */
  'receipts.preview': {
    request: z.object({ receiptNumber: ReceiptNumberSchema, copy: z.boolean().optional() }).strict(),
    response: z.object({ receiptNumber: z.string(), svg: z.string() }),
  },
  /** Prints a receipt again, marked COPY. */
  'receipts.reprint': {
    request: z.object({ receiptNumber: ReceiptNumberSchema }).strict(),
    response: PrintJobViewSchema,
  },
  /** A receipt's print jobs: whether it has printed, and why not. */
  'receipts.jobs': {
    request: z.object({ receiptNumber: ReceiptNumberSchema }).strict(),
    response: z.array(PrintJobViewSchema),
  },
  /** The printer was fixed: try the waiting receipts now instead of after the pause. */
  'printer.retry': { request: NoParams, response: z.array(PrintJobViewSchema) },
  /** The people who may log in at this till, for the lock screen. */
  'staff.list': { request: NoParams, response: z.array(StaffMemberSchema) },
  /** Who is logged in now, and whether this till needs a login at all. */
  'staff.session': { request: NoParams, response: StaffSessionSchema },
  /** Logs a person in with their PIN; wrong PINs count towards a lockout. */
  'staff.login': {
    request: z.object({ staffId: z.string().min(1).max(32), pin: PinSchema }).strict(),
    response: StaffSessionSchema,
  },
  /** Locks the till (or switches user): nobody is logged in until the next PIN. */
  'staff.lock': { request: NoParams, response: StaffSessionSchema },
  /** Opens the cash drawer without a sale (change for the float, a count); written to the audit log with the reason. */
  'drawer.open': {
    request: z.object({ reason: z.string().trim().min(3, 'say why the drawer is opened').max(200) }).strict(),
    response: DrawerResultSchema,
  },
  /** Finished sales by receipt number, time range, amount or card, newest first. */
  'journal.search': { request: JournalSearchSchema, response: z.array(SaleSummarySchema) },
  /** One finished sale with its card attempts and their history, its receipts and its refunds. */
  'journal.sale': { request: z.object({ receiptNumber: ReceiptNumberSchema }).strict(), response: SaleDetailSchema },
  /** Gives lines or an amount of a sale back on the tenders that paid it; progress arrives as `refund.updated`. */
  'refunds.start': { request: StartRefundSchema, response: RefundViewSchema },
  /** Money back to any card presented, with no sale to refer to: a manager's decision, with a reason. */
  'refunds.startUnreferenced': { request: StartUnreferencedRefundSchema, response: RefundViewSchema },
  'refunds.get': { request: RefundRef, response: RefundViewSchema },
  /** Refunds started and not finished: a card that has not taken its money back yet. */
  'refunds.open': { request: NoParams, response: z.array(RefundViewSchema) },
  /** Tries the card part that did not go through again, as a new attempt. */
  'refunds.retry': { request: RefundRef, response: RefundViewSchema },
  /** Gives up a refund no money has moved on yet. */
  'refunds.cancel': {
    request: RefundRef.extend({ reason: z.string().trim().min(3).max(200) }).strict(),
    response: RefundViewSchema,
  },
  /** The open till day, if any. */
  'day.current': { request: NoParams, response: TillDayStateSchema },
  /** Opens the till day with the float counted into the drawer. */
  'day.open': {
    request: z.object({ floatMinor: MinorUnitsSchema.refine((amount) => amount >= 0, 'cannot be negative') }).strict(),
    response: TillDayStateSchema,
  },
  /** Cash put into or taken out of the drawer outside a sale, with the reason; opens the drawer. */
  'day.cashMove': { request: CashMoveRequestSchema, response: DayReportSchema },
  /** The day's figures so far (X report); `print` also puts it on paper. */
  'day.xReport': { request: z.object({ print: z.boolean().optional() }).strict(), response: DayReportSchema },
  /** Closes the day with the counted drawer: the Z report, numbered, printed and never changed. */
  'day.close': { request: CloseDaySchema, response: DayReportSchema },
  /** A Z report as it was written, printed again. */
  'day.reprintZ': {
    request: z.object({ zNumber: z.number().int().min(1) }).strict(),
    response: DayReportSchema,
  },
  /** A sale given up with goods on it, for the report's voids. */
  'sales.void': {
    request: z
      .object({ saleId: SaleIdSchema, lineCount: z.number().int().min(1).max(1_000), totalMinor: MinorUnitsSchema })
      .strict(),
    response: z.object({ recorded: z.boolean() }),
  },
} as const satisfies Record<Channel, ChannelSchemas>;

export type Contract = typeof contract;
export type ChannelRequest<C extends Channel> = z.input<Contract[C]['request']>;
export type ChannelResponse<C extends Channel> = z.output<Contract[C]['response']>;

/** One function per channel, as the renderer sees it. */
export type KassaApi = {
  [C in Channel]: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;
};

/** What the preload exposes as `window.kassa`, and what browser mode imitates over HTTP. */
export interface KassaBridge {
  api: KassaApi;
  /** Calls `listener` for every event from main; returns the function that stops it. */
  onEvent(listener: (event: MainEvent) => void): () => void;
}
