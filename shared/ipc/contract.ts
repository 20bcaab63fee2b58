import { z } from 'zod';
import { LanguageSchema, ThemeSchema, TillModeSchema } from '../config/schema.ts';
import { DeviceStatusSchema } from '../devices.ts';
import { depositChannels } from '../deposits/deposit.ts';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { CatalogSchema } from '../catalog/catalog-item.ts';
import { FINAL_OUTCOMES, PaymentAttemptViewSchema } from '../payments/payment-state.ts';
import { DrawerResultSchema, PrintJobViewSchema } from '../printing/print-job.ts';
import { ReceiptMailViewSchema } from '../receipt-mail/receipt-mail.ts';
import { FindOnlinePaymentSchema, OnlinePaymentViewSchema, StartOnlineRefundSchema } from '../refunds/online-refund.ts';
import { ManagerApprovalSchema, PinSchema, StaffMemberSchema, StaffSessionSchema } from '../staff/staff.ts';
import { CompletedSaleSchema, SaleIdSchema } from '../sale/completed-sale.ts';
import { OpenSaleViewSchema } from '../sale/open-sale.ts';
import {
  AddItemSchema,
  ApprovalSchema,
  AddOpenItemSchema,
  OpenItemSchema,
  OverridePriceSchema,
  ParkedListSchema,
  ParkSchema,
  PayCashSchema,
  RemoveLineSchema,
  SaleRefSchema,
  SaleStepSchema,
  SetDiscountSchema,
  SetQuantitySchema,
  VoidSchema,
} from '../sale/sale-commands.ts';
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

/**
 * A Z report with where it went: `queued` for the printer, or `screen` when
 * the till has no printer and the report is read on screen. Main says so;
 * the screen never claims a report is printing that is not.
 */
const ZReportAnswerSchema = DayReportSchema.extend({ paper: z.enum(['queued', 'screen']) });

/** `<till id>-<sequence>`: what is printed under "Receipt". */
const ReceiptNumberSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,16}-\d{6,}$/, 'must be a receipt number such as TILL-1-000042');
/** A receipt number as typed at the till: main reads `42`, `000042`, `till-1-000042` or `R1` as this till's receipt. */
const TypedReceiptNumberSchema = z.string().max(60);

/** How the cashier's screen behaves, from the till's configuration (`display`, `selling.cashConfirm`). */
export const ScreenSettingsSchema = z.object({
  sounds: z.boolean(),
  /** Cash above `timesDue` × due, or giving more than `changeAboveMinor` change, is confirmed first. */
  cashConfirm: z.object({ timesDue: z.number().positive(), changeAboveMinor: MinorUnitsSchema }),
});
export type ScreenSettings = z.infer<typeof ScreenSettingsSchema>;

/** The defaults, for a main that does not say (and the tests). */
export const DEFAULT_SCREEN_SETTINGS: ScreenSettings = {
  sounds: true,
  cashConfirm: { timesDue: 20, changeAboveMinor: 100_000 },
};

export const TillInfoSchema = z.object({
  storeName: z.string(),
  addressLines: z.array(z.string()),
  tillId: z.string(),
  tillName: z.string(),
  mode: TillModeSchema,
  locale: z.string(),
  /** The language of the cashier's words; amounts and dates follow `locale`. */
  language: LanguageSchema,
  currency: CurrencyCodeSchema,
  version: z.string(),
  startedAt: z.iso.datetime(),
  /** The configured theme (`display.theme`); the cashier may choose another on this till. */
  theme: ThemeSchema,
  /** Absent from a main older than these settings: the screen uses DEFAULT_SCREEN_SETTINGS. */
  screen: ScreenSettingsSchema.optional(),
  /** Whether the till can send receipts by e-mail (receipts.email is configured); nothing more of it. */
  emailReceipts: z.boolean(),
  /** Whether the till takes payments by link / QR (an online gateway is set up); absent: no. */
  linkPayments: z.boolean().optional(),
  /** Whether the till takes deposits (its online gateway pre-authorises by link: OPP); absent: no. */
  deposits: z.boolean().optional(),
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

/**
 * On a call only a manager may make, a cashier sends a manager's name and PIN
 * along (after main refused with APPROVAL_REQUIRED): the cashier stays logged in.
 */
const WithApproval = { approval: ManagerApprovalSchema.optional() };

/**
 * A card payment names the open sale; main takes the amount from it. For a
 * split, `amountMinor` is the part to pay now, refused when above what is due.
 */
export const StartPaymentSchema = z
  .object({
    saleId: SaleIdSchema,
    /** The part of what is due to pay now; all of it when absent. */
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero').optional(),
    /** On the card terminal (the default), or by a payment link the customer pays on their phone. */
    tender: z.enum(['card', 'link']).optional(),
  })
  .strict();

/** The catalogue as the screen sells from it: the items, and the keys for goods without a code. */
export const TillCatalogSchema = CatalogSchema.extend({ openItems: z.array(OpenItemSchema) });

/**
 * A manager's word on a payment the till could not settle. Who the manager is
 * is decided in main: on a till with staff, the manager logged in, or a
 * manager's `approval` (name and PIN typed at the till); `manager` (a typed
 * name) counts only on a till without staff.
 */
export const ResolvePaymentSchema = z
  .object({
    attemptId: z.string().min(1).max(64),
    outcome: z.enum(FINAL_OUTCOMES),
    terminalReference: z.string().trim().min(1).max(80).optional(),
    authorisedMinor: MinorUnitsSchema.optional(),
    reason: z.string().trim().min(3).max(500),
    manager: z.string().trim().min(1).max(80).optional(),
    approval: ApprovalSchema.optional(),
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
  /** Prints a live payment link's QR code on the receipt printer, for a customer to scan or take along. */
  'payments.printLink': { request: AttemptRef, response: z.object({ queued: z.literal(true) }) },
  /** E-mails a live payment link to the customer through the store's mail server (receipts.email). */
  'payments.emailLink': {
    request: z.object({ attemptId: z.string().min(1), address: z.string().max(320) }).strict(),
    response: z.object({ sent: z.literal(true) }),
  },
  /** A manager settles a payment the till could not, with the terminal's reference and a reason. */
  'payments.resolve': { request: ResolvePaymentSchema, response: PaymentAttemptViewSchema },
  /** Payments not final: in flight, or waiting for a manager. */
  'payments.unsettled': { request: NoParams, response: z.array(PaymentAttemptViewSchema) },
  /** Everything this till sells, loaded by main from the provisioned file, and its open item keys. */
  'catalog.get': { request: NoParams, response: TillCatalogSchema },
  /**
   * The sale open on the till (after a reload or a restart, the same one).
   * Every `sales.*` command below names it, is written to the journal before
   * it is answered, and answers with the sale as it now stands.
   */
  'sales.current': { request: NoParams, response: OpenSaleViewSchema },
  /** Adds an item by barcode or SKU, at the catalogue's price; a rescan adds one to its line. */
  'sales.addItem': { request: AddItemSchema, response: SaleStepSchema },
  /** Adds an open item (a department key) at a typed price, up to its maximum; audited. */
  'sales.addOpenItem': { request: AddOpenItemSchema, response: SaleStepSchema },
  /** Sets a line's quantity; 0 takes the line off. */
  'sales.setQuantity': { request: SetQuantitySchema, response: SaleStepSchema },
  'sales.removeLine': { request: RemoveLineSchema, response: SaleStepSchema },
  /** A discount on a line; above the cashier's limit it needs `approval` (APPROVAL_REQUIRED without). */
  'sales.setDiscount': { request: SetDiscountSchema, response: SaleStepSchema },
  /** A price typed for a line; needs `approval` unless the cashier may change prices. */
  'sales.overridePrice': { request: OverridePriceSchema, response: SaleStepSchema },
  /** Cash handed over; when it pays the rest, the sale is recorded, its receipt queued and the drawer opened. */
  'sales.payCash': { request: PayCashSchema, response: SaleStepSchema },
  /**
   * Records a paid sale (main recomputes the sums and takes the card payments
   * from the payment journal). Main records a sale by itself the moment it is
   * paid; asked for a recorded sale, this answers it as recorded.
   */
  'sales.complete': { request: SaleRefSchema, response: SaleStepSchema },
  /** A completed sale, for a reprint; without a saleId, the last one. */
  'sales.get': { request: z.object({ saleId: SaleIdSchema.optional() }).strict(), response: CompletedSaleSchema },
  /** Puts an unpaid sale aside to serve the next customer. */
  'sales.park': { request: ParkSchema, response: SaleStepSchema },
  'sales.parked': { request: NoParams, response: ParkedListSchema },
  /** Brings a parked sale back as the open sale. */
  'sales.recall': { request: SaleRefSchema, response: SaleStepSchema },
  /** Gives the open sale up; with goods on it, it counts as a void in the day's report. */
  'sales.void': { request: VoidSchema, response: SaleStepSchema },
  /** The picture of a receipt as it prints (SVG), for the screen; `copy` marks it as a reprint. */
  'receipts.preview': {
    request: z.object({ receiptNumber: TypedReceiptNumberSchema, copy: z.boolean().optional() }).strict(),
    /** `kind`: a sale's receipt or a refund's (a refund's is not sent by e-mail). */
    response: z.object({ receiptNumber: z.string(), kind: z.enum(['sale', 'refund']), svg: z.string() }),
  },
  /** Prints a receipt again, marked COPY. */
  'receipts.reprint': {
    request: z.object({ receiptNumber: TypedReceiptNumberSchema }).strict(),
    response: PrintJobViewSchema,
  },
  /** A receipt's print jobs: whether it has printed, and why not. */
  'receipts.jobs': {
    request: z.object({ receiptNumber: ReceiptNumberSchema }).strict(),
    response: z.array(PrintJobViewSchema),
  },
  /**
   * Sends a receipt to the customer's e-mail address; answers whether it went
   * and, if not, why. Written before it is sent; sending the same receipt to
   * the same address again retries it. The address is checked by main (a
   * plain refusal), so the schema only bounds it.
   */
  'receipts.email': {
    request: z.object({ receiptNumber: ReceiptNumberSchema, address: z.string().max(320) }).strict(),
    response: ReceiptMailViewSchema,
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
  /** The person at the till touched it: the idle lock starts counting again. */
  'staff.activity': {
    request: NoParams,
    response: z.object({ idleLockSeconds: z.number().int().positive().nullable() }),
  },
  /** Opens the cash drawer without a sale (change for the float, a count); written to the audit log with the reason. */
  'drawer.open': {
    request: z
      .object({ reason: z.string().trim().min(3, 'say why the drawer is opened').max(200), ...WithApproval })
      .strict(),
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
  /** What the gateway says of a payment made online (webshop, link): paid, refunded, what is left. */
  'refunds.findOnline': { request: FindOnlinePaymentSchema, response: OnlinePaymentViewSchema },
  /** Gives part or all of an online payment back to the card that paid, by its gateway; progress as `refund.updated`. */
  'refunds.startOnline': { request: StartOnlineRefundSchema, response: RefundViewSchema },
  'refunds.get': { request: RefundRef, response: RefundViewSchema },
  /** Refunds started and not finished: a card that has not taken its money back yet. */
  'refunds.open': { request: NoParams, response: z.array(RefundViewSchema) },
  /** Tries the card part that did not go through again, as a new attempt. */
  'refunds.retry': { request: RefundRef.extend(WithApproval).strict(), response: RefundViewSchema },
  /** Gives up a refund no money has moved on yet. */
  'refunds.cancel': {
    request: RefundRef.extend({ reason: z.string().trim().min(3).max(200), ...WithApproval }).strict(),
    response: RefundViewSchema,
  },
  ...depositChannels,
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
  'day.xReport': {
    request: z.object({ print: z.boolean().optional(), ...WithApproval }).strict(),
    response: DayReportSchema,
  },
  /** Closes the day with the counted drawer: the Z report, numbered, printed (when a printer is set up) and never changed. */
  'day.close': { request: CloseDaySchema, response: ZReportAnswerSchema },
  /** A Z report as it was written, printed again (when a printer is set up). */
  'day.reprintZ': {
    request: z.object({ zNumber: z.number().int().min(1), ...WithApproval }).strict(),
    response: ZReportAnswerSchema,
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
