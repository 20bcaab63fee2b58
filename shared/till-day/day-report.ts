import { z } from 'zod';
import { TillModeSchema } from '../config/schema.ts';
import { CurrencyCodeSchema, MinorUnitsSchema } from '../money.ts';
import { VatRowSchema } from '../sale/completed-sale.ts';
import { ManagerApprovalSchema } from '../staff/staff.ts';

/**
 * The till day and its reports. A day opens with a counted float and closes
 * with a Z report; an X report is the same figures at any moment in between,
 * closing nothing. Every figure is summed here, from the day's immutable sale
 * and refund records and its cash moves, by one pure function: the X on the
 * screen, the Z on paper and the tests all use it.
 */

export const CashMoveKindSchema = z.enum(['in', 'out']);

export const CashMoveRequestSchema = z
  .object({
    kind: CashMoveKindSchema,
    amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, 'must be more than zero'),
    reason: z.string().trim().min(3, 'say why the cash moves (at least 3 characters)').max(200),
    approval: ManagerApprovalSchema.optional(),
  })
  .strict();

export const CashMoveSchema = z.object({
  at: z.iso.datetime(),
  kind: CashMoveKindSchema,
  amountMinor: MinorUnitsSchema,
  reason: z.string(),
  by: z.string().optional(),
});
export type CashMove = z.infer<typeof CashMoveSchema>;

export const TillDaySchema = z.object({
  dayNumber: z.number().int().min(1),
  mode: TillModeSchema,
  openedAt: z.iso.datetime(),
  openedBy: z.string().optional(),
  floatMinor: MinorUnitsSchema,
  /** False when the day opened by itself with its first sale, before anyone counted the drawer. */
  floatCounted: z.boolean(),
});
export type TillDay = z.infer<typeof TillDaySchema>;

/** A payment link the customer may still pay: the day asks before it closes over one. */
export const LiveLinkSchema = z.object({
  attemptId: z.string(),
  amountMinor: MinorUnitsSchema,
  createdAt: z.iso.datetime(),
});
export type LiveLink = z.infer<typeof LiveLinkSchema>;

export const TillDayStateSchema = z.object({
  /** The open day, if any; a sale opens one by itself when none is. */
  day: TillDaySchema.nullable(),
  /** The last Z report's number in this mode, 0 before the first. */
  lastZNumber: z.number().int().min(0),
  /** Payment links not settled yet; absent or empty when there are none (or no online gateway). */
  liveLinks: z.array(LiveLinkSchema).optional(),
});
export type TillDayState = z.infer<typeof TillDayStateSchema>;

export const VoidSummarySchema = z.object({ count: z.number().int(), totalMinor: MinorUnitsSchema });

/**
 * How the day was paid: cash, the card terminal, payment links (the online
 * gateway) on their own line, and online payments (a webshop order) refunded
 * here on theirs: that money went back through the gateway, not the drawer
 * or the terminal, and the books must find it there.
 */
const TenderTotalsSchema = z.object({
  kind: z.enum(['cash', 'card', 'link', 'online']),
  salesMinor: MinorUnitsSchema,
  refundsMinor: MinorUnitsSchema,
  netMinor: MinorUnitsSchema,
});

export const DayReportSchema = z.object({
  kind: z.enum(['X', 'Z']),
  tillId: z.string(),
  currency: CurrencyCodeSchema,
  day: TillDaySchema,
  generatedAt: z.iso.datetime(),
  sales: z.object({
    count: z.number().int(),
    itemCount: z.number().int(),
    totalMinor: MinorUnitsSchema,
    discountMinor: MinorUnitsSchema,
  }),
  refunds: z.object({ count: z.number().int(), totalMinor: MinorUnitsSchema }),
  voids: VoidSummarySchema,
  tenders: z.array(TenderTotalsSchema),
  /** Sales less refunds, per rate. */
  vat: z.array(VatRowSchema),
  cash: z.object({
    floatMinor: MinorUnitsSchema,
    salesMinor: MinorUnitsSchema,
    refundsMinor: MinorUnitsSchema,
    inMinor: MinorUnitsSchema,
    outMinor: MinorUnitsSchema,
    /**
     * Cash rounding over the day's sales (a till with `selling.cashRounding`):
     * what cash took above the sales' exact totals, negative when below.
     * Absent when nothing was rounded.
     */
    roundingMinor: MinorUnitsSchema.optional(),
    /** What should be in the drawer: float + cash sales + rounding − cash refunds + in − out. */
    expectedMinor: MinorUnitsSchema,
  }),
  cashMoves: z.array(CashMoveSchema),
  /** Sales less refunds. */
  netTakingsMinor: MinorUnitsSchema,
  /**
   * Deposits (pre-authorisations by link) over the day: holds the customers
   * authorised, captures and releases settled. Not takings: a captured deposit
   * is money taken for an order, reported beside the sales. Absent on a till
   * that takes no deposits.
   */
  deposits: z
    .object({
      taken: z.object({ count: z.number().int(), totalMinor: MinorUnitsSchema }),
      captured: z.object({ count: z.number().int(), totalMinor: MinorUnitsSchema }),
      released: z.object({ count: z.number().int(), totalMinor: MinorUnitsSchema }),
    })
    .optional(),
  /** Z only: the report's number in its mode's gap-free sequence, and the count of the drawer. */
  zNumber: z.number().int().min(1).optional(),
  closedBy: z.string().optional(),
  countedCashMinor: MinorUnitsSchema.optional(),
  /** counted − expected: negative is cash missing. */
  differenceMinor: MinorUnitsSchema.optional(),
});
export type DayReport = z.infer<typeof DayReportSchema>;

export const CloseDaySchema = z
  .object({
    countedCashMinor: MinorUnitsSchema.refine((amount) => amount >= 0, 'cannot be negative'),
    /** The manager saw the live payment links listed and chose to cancel them before the day closes. */
    cancelLiveLinks: z.literal(true).optional(),
    approval: ManagerApprovalSchema.optional(),
  })
  .strict();

/**
 * What a report reads of a recorded sale or refund: its totals, its VAT rows
 * and how it was paid. The journal reads these fields alone, so a day's
 * report costs a validation of the figures it sums, not of every line.
 */
const DayTenderSchema = z.object({
  kind: z.enum(['cash', 'card', 'online']),
  amountMinor: MinorUnitsSchema,
  byLink: z.literal(true).optional(),
});

/** The report's line for a tender: a card tender paid by link counts as "paid by link". */
const lineOf = (tender: z.infer<typeof DayTenderSchema>) => (tender.byLink === true ? 'link' : tender.kind);
export const DaySaleSchema = z.object({
  totalMinor: MinorUnitsSchema,
  itemCount: z.number().int(),
  discountMinor: MinorUnitsSchema,
  vat: z.array(VatRowSchema),
  tenders: z.array(DayTenderSchema),
  /** Cash rounding on the sale, if any (completed-sale.ts). */
  roundingMinor: MinorUnitsSchema.optional(),
});
export type DaySale = z.infer<typeof DaySaleSchema>;
export const DayRefundSchema = DaySaleSchema.pick({ totalMinor: true, vat: true, tenders: true });
export type DayRefund = z.infer<typeof DayRefundSchema>;

export interface DayFigures {
  readonly tillId: string;
  readonly currency: string;
  readonly day: TillDay;
  readonly sales: readonly DaySale[];
  readonly refunds: readonly DayRefund[];
  readonly cashMoves: readonly CashMove[];
  readonly voids: z.infer<typeof VoidSummarySchema>;
  readonly generatedAt: string;
}

/** The day's X report: every total, from the records, with nothing rounded again. */
export function dayReport(figures: DayFigures): DayReport {
  const vat = new Map<number, { grossMinor: number; vatMinor: number; netMinor: number }>();
  const addVat = (rows: DaySale['vat'], sign: 1 | -1) => {
    for (const row of rows) {
      const sum = vat.get(row.vatBasisPoints) ?? { grossMinor: 0, vatMinor: 0, netMinor: 0 };
      sum.grossMinor += sign * row.grossMinor;
      sum.vatMinor += sign * row.vatMinor;
      sum.netMinor += sign * row.netMinor;
      vat.set(row.vatBasisPoints, sum);
    }
  };
  const tenders = {
    cash: { sales: 0, refunds: 0 },
    card: { sales: 0, refunds: 0 },
    link: { sales: 0, refunds: 0 },
    online: { sales: 0, refunds: 0 },
  };
  let itemCount = 0;
  let salesTotal = 0;
  let discount = 0;
  let rounding = 0;
  for (const sale of figures.sales) {
    itemCount += sale.itemCount;
    rounding += sale.roundingMinor ?? 0;
    salesTotal += sale.totalMinor;
    discount += sale.discountMinor;
    addVat(sale.vat, 1);
    // Cash counts what stayed in the drawer: tendered less change, which is what `amountMinor` holds.
    for (const tender of sale.tenders) tenders[lineOf(tender)].sales += tender.amountMinor;
  }
  let refundsTotal = 0;
  for (const refund of figures.refunds) {
    refundsTotal += refund.totalMinor;
    addVat(refund.vat, -1);
    for (const tender of refund.tenders) tenders[lineOf(tender)].refunds += tender.amountMinor;
  }
  const cashIn = sumOf(figures.cashMoves.filter((move) => move.kind === 'in'));
  const cashOut = sumOf(figures.cashMoves.filter((move) => move.kind === 'out'));
  return {
    kind: 'X',
    tillId: figures.tillId,
    currency: figures.currency,
    day: figures.day,
    generatedAt: figures.generatedAt,
    sales: { count: figures.sales.length, itemCount, totalMinor: salesTotal, discountMinor: discount },
    refunds: { count: figures.refunds.length, totalMinor: refundsTotal },
    voids: figures.voids,
    // Cash and card always; "paid by link" and "online refunds in store" once the day has any.
    tenders: (['cash', 'card', 'link', 'online'] as const)
      .filter((kind) => kind === 'cash' || kind === 'card' || tenders[kind].sales !== 0 || tenders[kind].refunds !== 0)
      .map((kind) => ({
        kind,
        salesMinor: tenders[kind].sales,
        refundsMinor: tenders[kind].refunds,
        netMinor: tenders[kind].sales - tenders[kind].refunds,
      })),
    vat: [...vat]
      .map(([vatBasisPoints, sum]) => ({ vatBasisPoints, ...sum }))
      .sort((a, b) => a.vatBasisPoints - b.vatBasisPoints),
    cash: {
      floatMinor: figures.day.floatMinor,
      salesMinor: tenders.cash.sales,
      refundsMinor: tenders.cash.refunds,
      inMinor: cashIn,
      outMinor: cashOut,
      ...(rounding === 0 ? {} : { roundingMinor: rounding }),
      // Rounded cash stayed in (or was missing from) the drawer on top of the sales' exact cash.
      expectedMinor: figures.day.floatMinor + tenders.cash.sales + rounding - tenders.cash.refunds + cashIn - cashOut,
    },
    cashMoves: [...figures.cashMoves],
    netTakingsMinor: salesTotal - refundsTotal,
  };
}

/** The X report made final: numbered, with the counted drawer and the difference. */
export function zReport(x: DayReport, zNumber: number, countedCashMinor: number, closedBy?: string): DayReport {
  return {
    ...x,
    kind: 'Z',
    zNumber,
    ...(closedBy === undefined ? {} : { closedBy }),
    countedCashMinor,
    differenceMinor: countedCashMinor - x.cash.expectedMinor,
  };
}

function sumOf(moves: readonly CashMove[]): number {
  return moves.reduce((sum, move) => sum + move.amountMinor, 0);
}
