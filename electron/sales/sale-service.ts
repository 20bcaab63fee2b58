import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { catalogCodes } from '../../shared/catalog/catalog-codes.ts';
import type { Catalog } from '../../shared/catalog/catalog-item.ts';
import type { SellingConfig } from '../../shared/config/schema.ts';
import { formatMoney, type CurrencyCode } from '../../shared/money.ts';
import {
  addItem,
  CartLineSchema,
  cartTotals,
  overridePrice as cartWithPrice,
  SaleRuleError,
  type CartLine,
} from '../../shared/sale/cart.ts';
import { MAX_SALE_LINES, type FinishedSale, type ParkedSale } from '../../shared/sale/completed-sale.ts';
import {
  applySaleEvent,
  lineOf,
  linesChangedSince,
  linesLocked,
  newOpenSale,
  NO_CARDS,
  openSaleView,
  saleBalance,
  type OpenSale,
  type OpenSaleView,
  type SaleCards,
  type SaleEvent,
} from '../../shared/sale/open-sale.ts';
import type {
  AddItemSchema,
  AddOpenItemSchema,
  Approval,
  OpenItem,
  OverridePriceSchema,
  ParkSchema,
  PayCashSchema,
  RemoveLineSchema,
  SaleRefSchema,
  SaleStep,
  SetDiscountSchema,
  SetQuantitySchema,
  VoidSchema,
} from '../../shared/sale/sale-commands.ts';
import { cashTender } from '../../shared/sale/tenders.ts';
import type { StaffMember } from '../../shared/staff/staff.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { AttemptRecord } from '../payments/payment-book.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { PrinterService } from '../printing/printer-service.ts';
import type { StaffService } from '../staff/staff-service.ts';
import { TillError } from '../till-error.ts';
import { finishSale } from './finish-sale.ts';
import type { TillBooks } from '../till-books.ts';
import type { SaleWords } from './sale-words.ts';
import { discountBasisPoints, discountWithin, limitsByRole, type Limits } from './selling-limits.ts';

/**
 * The open sale, owned by main. The screen sends commands (add this code,
 * this quantity, this discount, this cash); main looks prices up in its own
 * catalogue, checks the cashier's limits (asking for a manager's PIN above
 * them), writes the change to its book and only then answers with the
 * sale as it now stands. Nothing the screen claims about a price, a name or
 * a VAT rate is ever taken: it cannot send one.
 *
 * One sale is open at a time; any number may be parked. A sale that is only
 * on screen and still empty is not written anywhere until its first line.
 * Card payments name the sale and take their amount from it; when the last
 * of the money comes in (cash, or a card approval however it arrives) main
 * records the sale itself, so a paid sale is never left unrecorded because a
 * screen was reloaded or a till restarted.
 *
 * On a till with staff the open sale belongs to whoever rang it: when they
 * leave the till (lock it, or it locks itself) a sale with lines is parked
 * and kept for them, so the next person starts on an empty sale, and it is
 * back on screen the moment they log in again. A sale with money on it (cash
 * taken, a card started) cannot be put aside: the lock is refused with words,
 * and the idle lock waits until the sale is finished or voided.
 */

type Request<S extends z.ZodType> = z.output<S>;

export interface SaleService {
  current(): OpenSaleView;
  addItem(request: Request<typeof AddItemSchema>): SaleStep;
  addOpenItem(request: Request<typeof AddOpenItemSchema>): SaleStep;
  setQuantity(request: Request<typeof SetQuantitySchema>): SaleStep;
  removeLine(request: Request<typeof RemoveLineSchema>): SaleStep;
  setDiscount(request: Request<typeof SetDiscountSchema>): Promise<SaleStep>;
  overridePrice(request: Request<typeof OverridePriceSchema>): Promise<SaleStep>;
  payCash(request: Request<typeof PayCashSchema>): Promise<SaleStep>;
  /** Records the sale once it is paid; asked again for a finished sale, answers it as recorded. */
  complete(request: Request<typeof SaleRefSchema>): Promise<SaleStep>;
  park(request: Request<typeof ParkSchema>): SaleStep;
  parked(): ParkedSale[];
  recall(request: Request<typeof SaleRefSchema>): SaleStep;
  /** Gives the open sale up; one a card has paid for needs a manager, or a manager's approval. */
  void(request: Request<typeof VoidSchema>): Promise<SaleStep>;
  /** Starts a card payment for the sale's due amount, or part of it; never more. */
  startCard(request: { saleId: string; amountMinor?: number | undefined }): AttemptRecord;
  /** Starts a payment link (pay by link / QR) for the sale's due amount, or part of it; never more. */
  startLink(request: { saleId: string; amountMinor?: number | undefined }): AttemptRecord;
  readonly openItems: readonly OpenItem[];
  /** Finishes the open sale if its cards paid it while nobody was asking (after card recovery at start). */
  resume(): Promise<void>;
  close(): void;
}

export interface SaleServiceOptions {
  /** Finished and open sales, their day and audit; a change that spans them is one transaction. */
  books: Pick<TillBooks, 'sales' | 'openSales' | 'days' | 'mode' | 'audit' | 'transaction'>;
  catalog: Catalog;
  openItems: readonly OpenItem[];
  selling: SellingConfig | undefined;
  currency: CurrencyCode;
  locale: string;
  /** What main tells the cashier, in the till's language (`saleWordsFor`). */
  words: SaleWords;
  /**
   * Every payment on the till's book, card terminal and online gateway alike: what the sale reads (what
   * is paid, what is still going) and follows (approvals, however late). The card terminal's unless
   * `cards` says otherwise.
   */
  payments: PaymentService | undefined;
  /** Card payments, when `payments` also covers a gateway; `payments` when absent. */
  cards?: PaymentService | undefined;
  /** Pay by link on the till's online gateway; absent: no link payments. */
  links?: PaymentService | undefined;
  printer: PrinterService | undefined;
  staff: StaffService;
  clock: Clock;
  logger: Logger;
  /** What the database's integrity check found wrong, once it has: then nothing more is written. */
  databaseDamage?: () => Error | undefined;
  /** Told the sale on the till after every change, with the recorded sale when one finished (the customer display). */
  onChanged?: (sale: OpenSaleView, finished?: FinishedSale['sale']) => void;
}

/** Finished sales whose answer (drawer and receipt included) is kept for a repeated `complete`. */
const REMEMBERED_FINISHES = 20;

export function createSaleService(options: SaleServiceOptions): SaleService {
  const { books, currency, payments, printer, staff, clock, logger, words: saleWords } = options;
  const sales = books.sales;
  const book = books.openSales;
  const index = catalogCodes(options.catalog.items);
  const limits = limitsByRole(options.selling);
  const money = (minor: number) => formatMoney(minor, currency, options.locale);
  /** Cash that settles a sale pays what is due rounded to this (1: not rounded); a card never is. */
  const cashIncrementMinor = options.selling?.cashRounding?.incrementMinor ?? 1;
  const now = () => clock.now().toISOString();

  const fresh = () => ({ sale: newOpenSale(randomUUID(), currency, now()), persisted: false });
  /** The sale on the till: the one the till's database left open, or a new empty one that is written with its first line. */
  let current: { sale: OpenSale; persisted: boolean } = (() => {
    const open = book.openSale();
    return open === undefined ? fresh() : { sale: open, persisted: true };
  })();
  if (current.persisted) {
    logger.info('sales.reopened', { saleId: current.sale.saleId, lines: current.sale.cart.lines.length });
  }

  const finishing = new Map<string, Promise<FinishedSale>>();

  const operator = (): StaffMember | undefined => staff.session().operator ?? undefined;
  const actorId = () => operator()?.staffId;
  /** A till without staff has nobody to ask, so whoever is at it works with a manager's limits. */
  const limitsNow = (): Limits => limits[staff.loginRequired ? (operator()?.role ?? 'cashier') : 'manager'];

  function writable(): void {
    const damage = options.databaseDamage?.();
    if (damage !== undefined) throw new TillError('UNAVAILABLE', saleWords.journalDamaged(damage.message));
  }

  /** The sale the command names, which must be the one open on the till. */
  function openSale(saleId: string): OpenSale {
    if (saleId !== current.sale.saleId) throw new TillError('CONFLICT', saleWords.notOnTill);
    return current.sale;
  }

  const cardsOf = (saleId: string): SaleCards => sales.cardsOf(saleId);

  /** A sale main finished by itself, whose receipt no screen has asked for yet. */
  let unshownReceipt: OpenSaleView['unshownReceipt'] = null;

  const view = (): OpenSaleView =>
    openSaleView(
      current.sale,
      current.persisted ? cardsOf(current.sale.saleId) : NO_CARDS,
      unshownReceipt,
      current.sale.cart.lines,
      cashIncrementMinor,
    );
  const step = (finished?: FinishedSale): SaleStep =>
    finished === undefined ? { sale: view() } : { sale: view(), finished };

  /**
   * The answer to a command made on `before`. When the screen said which
   * revision it holds and that is the one the command changed, only the lines
   * that changed go back (`linesSince`): on a long sale a line added is a few
   * hundred bytes to send, check and draw, not the whole sale again. The cart
   * functions keep every line they did not change, so a changed line is one
   * that is not the same object any more.
   */
  function answer(
    before: OpenSale,
    knownRevision: number | undefined,
    extra: { lineId?: string; finished?: FinishedSale } = {},
  ): SaleStep {
    if (knownRevision !== before.revision || before.saleId !== current.sale.saleId) return { sale: view(), ...extra };
    const { changed, removed } = linesChangedSince(before.cart.lines, current.sale.cart.lines);
    const cards = cardsOf(current.sale.saleId);
    return {
      sale: openSaleView(current.sale, cards, unshownReceipt, changed, cashIncrementMinor),
      linesSince: { revision: knownRevision, removed },
      ...extra,
    };
  }

  /** A refused rule becomes words for the cashier; anything else is a bug and stays one. */
  function rule<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof SaleRuleError) throw new TillError('CONFLICT', saleWords.broke(error.rule, money));
      throw error;
    }
  }

  /** Lines may change only while no money is held or asked for on the sale. */
  function changeable(saleId: string): OpenSale {
    writable();
    const sale = openSale(saleId);
    if (current.persisted && linesLocked(sale, cardsOf(saleId))) throw new TillError('CONFLICT', saleWords.linesLocked);
    return sale;
  }

  /**
   * An amount off grows as a share of its line when the line shrinks (fewer
   * items, a lower price): after such a change the discount must still be
   * one the person at the till may give. An approval covered the line as it
   * was approved, not whatever it becomes.
   */
  function discountStillAllowed(changed: CartLine): void {
    if (changed.discount?.kind !== 'amount') return;
    if (!discountWithin(changed, changed.discount, limitsNow().maxDiscountBasisPoints)) {
      throw new TillError('CONFLICT', saleWords.discountOutgrown);
    }
  }

  /** The open sale as money may be taken on it now: it has lines, and no card payment is still going. */
  function takingMoney(saleId: string): { sale: OpenSale; totalMinor: number; dueMinor: number } {
    writable();
    const sale = openSale(saleId);
    if (sale.cart.lines.length === 0) throw new TillError('CONFLICT', saleWords.nothingOnSale);
    const cards = cardsOf(saleId);
    if (cards.unsettled !== undefined) throw new TillError('CONFLICT', saleWords.cardGoing);
    const { totalMinor, dueMinor } = saleBalance(sale, cards);
    return { sale, totalMinor, dueMinor };
  }

  /**
   * Writes the change (and whatever must be written with it, in the same
   * transaction: an approval's audit entry), then makes it the sale: an
   * answer always describes what is on disk, and a failed write changes nothing.
   */
  function commit(event: SaleEvent, alsoWrite?: () => void): void {
    const next = rule(() => applySaleEvent(current.sale, event));
    const at = now();
    const persisted = current.persisted;
    const startedAt = persisted ? next.startedAt : at;
    books.transaction(() => {
      if (persisted) book.append(next.saleId, event, at, actorId());
      else book.start({ ...current.sale, startedAt }, event, at, actorId());
      alsoWrite?.();
    });
    current = { sale: { ...next, startedAt }, persisted: true };
    options.onChanged?.(view());
  }

  function line(sale: OpenSale, lineId: string): CartLine {
    const found = lineOf(sale, lineId);
    if (found === undefined) throw new TillError('NOT_FOUND', saleWords.lineGone);
    return found;
  }

  /**
   * A manager's approval for a change above the cashier's limits: the name
   * and PIN typed at the till, checked (wrong PINs count), and the manager's
   * own limits checked too.
   */
  async function approve(
    approval: Approval | undefined,
    needed: string,
    allowedFor: (manager: Limits) => string | undefined,
  ): Promise<string> {
    // A till without staff has no manager to ask: its limits are the manager's, and above them is a no.
    if (!staff.loginRequired) throw new TillError('FORBIDDEN', allowedFor(limits.manager) ?? needed);
    if (approval === undefined) throw new TillError('APPROVAL_REQUIRED', needed);
    const manager = await staff.approver(approval.staffId, approval.pin);
    const refusal = allowedFor(limits.manager);
    if (refusal !== undefined) throw new TillError('FORBIDDEN', refusal);
    return manager.staffId;
  }

  function auditApproval(sale: OpenSale, target: CartLine, approvedBy: string, detail: Record<string, unknown>): void {
    const actor = actorId();
    books.audit.record(
      {
        action: 'approval.given',
        ...(actor === undefined ? {} : { actor }),
        detail: {
          saleId: sale.saleId,
          lineId: target.lineId,
          sku: target.sku,
          // An open item has no catalogue price: its typed price stands in, and says so.
          catalogueMinor: target.unitPriceMinor,
          ...(sale.openItems.has(target.lineId) ? { openItem: true } : {}),
          quantity: target.quantity,
          approvedBy,
          ...detail,
        },
      },
      now(),
    );
  }

  /** Records a paid sale and closes it on the till, once however many times it is asked; then the drawer and the paper. */
  function finish(saleId: string): Promise<FinishedSale> {
    const already = finishing.get(saleId);
    if (already !== undefined) return already;
    const work = (async () => {
      const recorded = books.transaction(() => {
        const existing = sales.completed(saleId);
        if (existing !== undefined) return { sale: existing, repeated: true };
        const sale = openSale(saleId);
        const cards = cardsOf(saleId);
        const completed = sales.complete(
          {
            saleId,
            lines: sale.cart.lines,
            cashTendered: sale.cash.map((tender) => tender.tenderedMinor),
            cashIncrementMinor,
            cardAttemptIds: cards.approved.map((tender) => tender.attemptId),
          },
          actorId(),
          { approvals: sale.approvals, openItems: sale.openItems },
        );
        book.append(
          saleId,
          { type: 'completed', receiptNumber: completed.receiptNumber },
          completed.completedAt,
          actorId(),
        );
        return { sale: completed, repeated: false };
      });
      if (!recorded.repeated) {
        current = fresh();
        options.onChanged?.(view(), recorded.sale);
        logger.info('sales.completed', {
          saleId,
          receipt: recorded.sale.receiptNumber,
          totalMinor: recorded.sale.totalMinor,
        });
      }
      return finishSale(recorded, printer);
    })();
    finishing.set(saleId, work);
    work.then(
      () => {
        // Keep a few answers for a repeated ask (a reply lost on the way back); forget the oldest.
        while (finishing.size > REMEMBERED_FINISHES) finishing.delete(finishing.keys().next().value ?? '');
      },
      () => finishing.delete(saleId),
    );
    return work;
  }

  /**
   * A sale parked by an earlier Kassa holds lines its screen priced. Before
   * they can be sold, each goes back to the catalogue's name, price and VAT
   * (same quantity, no override or discount); one no longer in the catalogue
   * comes off. The changes are events like any other, so the till's database shows it.
   */
  function repricedFromCatalogue(sale: OpenSale): SaleEvent[] {
    const changes: SaleEvent[] = [];
    let revision = sale.revision + 1;
    for (const restored of sale.cart.lines.filter((candidate) => sale.restoredLines.has(candidate.lineId))) {
      changes.push({ type: 'line_removed', lineId: restored.lineId });
      revision += 1;
      const item = index.bySku(restored.sku);
      if (item === undefined) continue;
      revision += 1;
      changes.push({
        type: 'line_added',
        line: {
          lineId: `L${String(revision)}`,
          sku: item.sku,
          name: item.name,
          unitPriceMinor: item.priceMinor,
          quantity: restored.quantity,
          vatBasisPoints: item.vatBasisPoints,
        },
      });
    }
    return changes;
  }

  /** Whether the sale on the till is paid in full with nothing still going, so it can be recorded. */
  function paidInFull(sale: OpenSale): boolean {
    if (!current.persisted || sale.cart.lines.length === 0) return false;
    const cards = cardsOf(sale.saleId);
    return cards.unsettled === undefined && saleBalance(sale, cards).dueMinor === 0;
  }

  /**
   * Records the sale on the till when its cards have paid it off while no
   * screen asked (a card approval after a reload, a restart), and keeps its
   * receipt for the next screen that looks.
   */
  async function finishUnasked(saleId: string): Promise<void> {
    const finished = await finish(saleId);
    unshownReceipt = { saleId, receiptNumber: finished.sale.receiptNumber };
  }

  // A card approval, however it arrives (the held reply, a webhook, a status check, a manager), may pay the sale off.
  // It is recorded even once the database check has found damage: the money has moved, and a sale left
  // unrecorded would be worse than one written into a file IT is about to restore.
  // Followed on the payment service itself, not the screen's event hub, which drops an event that fails its contract.
  const unsubscribe =
    payments?.onAttemptChanged((attempt) => {
      if (attempt.state !== 'approved' || attempt.kind !== 'payment') return;
      if (attempt.saleId === current.sale.saleId) {
        if (paidInFull(current.sale)) {
          finishUnasked(attempt.saleId).catch((error: unknown) =>
            logger.error('sales.finish_failed', { saleId: attempt.saleId, error }),
          );
        }
        return;
      }
      const ended = book.load(attempt.saleId);
      if (ended === undefined || ended.status === 'open') return;
      const recorded = sales.completed(attempt.saleId);
      if (recorded?.tenders.some((tender) => tender.kind === 'card' && tender.attemptId === attempt.id) === true)
        return;
      // Money came in for a sale that is over (or set aside): never dropped, never moved to another sale. A manager decides.
      logger.warn('sales.late_approval', { saleId: attempt.saleId, attemptId: attempt.id, saleState: ended.status });
      books.audit.record(
        {
          action: 'payment.late_approval',
          detail: {
            saleId: attempt.saleId,
            attemptId: attempt.id,
            saleState: ended.status,
            amountMinor: attempt.authorisedMinor ?? attempt.amountMinor,
          },
        },
        now(),
      );
    }) ?? (() => undefined);

  /**
   * A card or a link for what is due, or part of it, never more: the amount from main's own sale. The
   * lines freeze until it ends (the book refuses a second attempt on the same terminal or gateway).
   */
  function startTender(service: PaymentService, saleId: string, amountMinor: number | undefined): AttemptRecord {
    const { totalMinor, dueMinor } = takingMoney(saleId);
    if (dueMinor === 0) throw new TillError('CONFLICT', saleWords.nothingDue);
    const amount = amountMinor ?? dueMinor;
    if (amount > dueMinor) throw new TillError('CONFLICT', saleWords.moreThanDue(money(dueMinor)));
    return service.startPayment({ saleId, amountMinor: amount, saleTotalMinor: totalMinor, currency });
  }

  /** Brings a parked sale back as the open sale, over an open sale with no lines (which makes way). */
  function recallParked(saleId: string): void {
    writable();
    if (current.sale.cart.lines.length > 0) throw new TillError('CONFLICT', saleWords.recallOverSale);
    const parked = book.load(saleId);
    if (parked?.status !== 'parked') throw new TillError('NOT_FOUND', saleWords.notParked);
    const at = now();
    const changes: SaleEvent[] = [{ type: 'recalled' }, ...repricedFromCatalogue(parked)];
    const recalled = rule(() => changes.reduce(applySaleEvent, parked));
    books.transaction(() => {
      // An open sale whose lines were all taken off makes way: at most one sale is open on a till.
      if (current.persisted) book.append(current.sale.saleId, { type: 'voided', reason: null }, at, actorId());
      for (const change of changes) book.append(saleId, change, at, actorId());
    });
    current = { sale: recalled, persisted: true };
    options.onChanged?.(view());
    logger.info('sales.recalled', { saleId, repriced: changes.length > 1 });
  }

  /**
   * The person at the till is leaving it: a sale they rang up is parked and
   * kept for them. One with money on it (cash, or any card payment started:
   * a late result can still turn it into money) cannot be put aside, so they
   * may not leave; an empty one stays as it is, for whoever comes next.
   */
  function parkForLeaving(leaving: StaffMember): void {
    const sale = current.sale;
    if (!current.persisted || sale.cart.lines.length === 0 || sale.status !== 'open') return;
    if (sale.cash.length > 0) throw new TillError('CONFLICT', staff.words.lockWithMoney);
    if (payments?.attemptsOf(sale.saleId).some((attempt) => attempt.kind === 'payment') === true) {
      throw new TillError('CONFLICT', staff.words.lockAfterCard);
    }
    writable();
    commit({ type: 'parked', note: null }, () => book.holdFor(sale.saleId, leaving.staffId));
    logger.info('sales.parked_at_lock', { saleId: sale.saleId, staffId: leaving.staffId });
    current = fresh();
    options.onChanged?.(view());
  }

  /** Someone logged in: the sale parked when they last left the till is back on screen, if the till has none open. */
  function welcomeBack(staffId: string): void {
    const held = book.heldFor(staffId);
    if (held === undefined || current.sale.cart.lines.length > 0) return;
    recallParked(held);
    logger.info('sales.recalled_at_login', { saleId: held, staffId });
  }

  const stopLeaving = staff.onLeave((leaving) => parkForLeaving(leaving));
  const stopWelcoming = staff.onSession((session) => {
    if (session.operator !== null) welcomeBack(session.operator.staffId);
  });

  const openItemsBySku = new Map(options.openItems.map((item) => [item.sku.toLowerCase(), item]));

  return {
    current: view,

    addItem({ saleId, code, by, quantity, knownRevision }) {
      const sale = changeable(saleId);
      const item =
        by === 'sku'
          ? index.bySku(code)
          : by === 'barcode'
            ? index.byBarcode(code)
            : (index.byBarcode(code) ?? index.bySku(code));
      if (item === undefined) throw new TillError('NOT_FOUND', saleWords.unknownCode(code));
      const lineId = `L${String(sale.revision + 1)}`;
      const after = rule(() => addItem(sale.cart, item, lineId, quantity ?? 1));
      if (after.lines.length > sale.cart.lines.length) {
        if (sale.cart.lines.length >= MAX_SALE_LINES) throw new TillError('CONFLICT', saleWords.tooManyLines);
        const added = after.lines.at(-1);
        if (added === undefined) throw new Error('addItem grew the sale by no line');
        commit({ type: 'line_added', line: added });
        return answer(sale, knownRevision, { lineId: added.lineId });
      }
      const merged = after.lines.findLast((candidate) => candidate.sku === item.sku);
      if (merged === undefined) throw new Error('addItem merged into no line');
      commit({ type: 'quantity_set', lineId: merged.lineId, quantity: merged.quantity });
      return answer(sale, knownRevision, { lineId: merged.lineId });
    },

    addOpenItem({ saleId, sku, priceMinor, quantity, knownRevision }) {
      const sale = changeable(saleId);
      const item = openItemsBySku.get(sku.toLowerCase());
      if (item === undefined) throw new TillError('NOT_FOUND', saleWords.unknownOpenItem(sku));
      if (priceMinor > item.maxPriceMinor) {
        throw new TillError('CONFLICT', saleWords.openItemTooDear(item.name, money(item.maxPriceMinor)));
      }
      if (sale.cart.lines.length >= MAX_SALE_LINES) throw new TillError('CONFLICT', saleWords.tooManyLines);
      const line = CartLineSchema.parse({
        lineId: `L${String(sale.revision + 1)}`,
        sku: item.sku,
        name: item.name,
        unitPriceMinor: priceMinor,
        quantity: quantity ?? 1,
        vatBasisPoints: item.vatBasisPoints,
      } satisfies CartLine);
      commit({ type: 'line_added', line, openItem: true });
      return answer(sale, knownRevision, { lineId: line.lineId });
    },

    setQuantity({ saleId, lineId, quantity, knownRevision }) {
      const sale = changeable(saleId);
      const target = line(sale, lineId);
      if (quantity === 0) {
        commit({ type: 'line_removed', lineId });
        return answer(sale, knownRevision);
      }
      if (quantity < target.quantity) discountStillAllowed({ ...target, quantity });
      commit({ type: 'quantity_set', lineId, quantity });
      return answer(sale, knownRevision, { lineId });
    },

    removeLine({ saleId, lineId, knownRevision }) {
      const sale = changeable(saleId);
      line(sale, lineId);
      commit({ type: 'line_removed', lineId });
      return answer(sale, knownRevision);
    },

    async setDiscount({ saleId, lineId, discount, approval, knownRevision }) {
      const target = line(changeable(saleId), lineId);
      let approvedBy: string | undefined;
      if (discount !== null && !discountWithin(target, discount, limitsNow().maxDiscountBasisPoints)) {
        const percent = `${String(discountBasisPoints(target, discount) / 100)} %`;
        approvedBy = await approve(approval, saleWords.discountNeedsManager(target.name, percent), (manager) =>
          discountWithin(target, discount, manager.maxDiscountBasisPoints)
            ? undefined
            : saleWords.discountAboveManager(`${String(manager.maxDiscountBasisPoints / 100)} %`),
        );
      }
      // Checking the PIN took a moment: the sale is checked again, as it is now.
      const sale = changeable(saleId);
      const latest = line(sale, lineId);
      if (approvedBy !== undefined && latest !== target) throw new TillError('CONFLICT', saleWords.lineChanged);
      commit({ type: 'discount_set', lineId, discount, ...(approvedBy === undefined ? {} : { approvedBy }) }, () => {
        if (approvedBy !== undefined && discount !== null) auditApproval(sale, latest, approvedBy, { discount });
      });
      return answer(sale, knownRevision, { lineId });
    },

    async overridePrice({ saleId, lineId, priceMinor, approval, knownRevision }) {
      const before = changeable(saleId);
      const target = line(before, lineId);
      const repriced = rule(() => cartWithPrice(before.cart, lineId, priceMinor ?? undefined));
      discountStillAllowed(line({ ...before, cart: repriced }, lineId));
      let approvedBy: string | undefined;
      if (priceMinor !== null && !limitsNow().priceOverride) {
        const from = money(target.priceOverrideMinor ?? target.unitPriceMinor);
        approvedBy = await approve(
          approval,
          saleWords.priceNeedsManager(target.name, from, money(priceMinor)),
          (manager) => (manager.priceOverride ? undefined : saleWords.priceNotAllowed),
        );
      }
      const sale = changeable(saleId);
      const latest = line(sale, lineId);
      if (approvedBy !== undefined && latest !== target) throw new TillError('CONFLICT', saleWords.lineChanged);
      commit({ type: 'price_set', lineId, priceMinor, ...(approvedBy === undefined ? {} : { approvedBy }) }, () => {
        if (approvedBy !== undefined && priceMinor !== null) auditApproval(sale, latest, approvedBy, { priceMinor });
      });
      return answer(sale, knownRevision, { lineId });
    },

    async payCash({ saleId, tenderedMinor, knownRevision }) {
      const { sale, dueMinor } = takingMoney(saleId);
      // Cash typed against a sale the screen no longer shows as it is (a reply lost on the way back, say, after
      // the first time this cash was taken) is refused: money is never counted twice because a screen was behind.
      if (knownRevision !== undefined && knownRevision !== sale.revision) {
        throw new TillError('CONFLICT', saleWords.screenBehind);
      }
      // On a till that rounds cash, cash that settles the sale pays the due amount rounded; the tender keeps the difference.
      const tender = rule(() => cashTender(dueMinor, tenderedMinor, cashIncrementMinor));
      commit({
        type: 'cash_taken',
        tenderedMinor,
        amountMinor: tender.amountMinor,
        changeMinor: tender.changeMinor,
        ...(tender.roundingMinor === undefined ? {} : { roundingMinor: tender.roundingMinor }),
      });
      if (dueMinor - tender.amountMinor > 0) return answer(sale, knownRevision);
      return step(await finish(saleId));
    },

    async complete({ saleId }) {
      if (unshownReceipt?.saleId === saleId) unshownReceipt = null;
      if (saleId !== current.sale.saleId && sales.completed(saleId) !== undefined) return step(await finish(saleId));
      const { dueMinor } = takingMoney(saleId);
      if (dueMinor > 0) throw new TillError('CONFLICT', saleWords.notPaid(money(dueMinor)));
      return step(await finish(saleId));
    },

    park({ saleId, note }) {
      writable();
      const sale = openSale(saleId);
      if (sale.cart.lines.length === 0) throw new TillError('CONFLICT', saleWords.nothingOnSale);
      if (sale.cash.length > 0) throw new TillError('CONFLICT', saleWords.parkWithMoney);
      // Even a declined card: a late result can still turn it into money, and money is never left on a parked sale.
      if (payments?.attemptsOf(saleId).some((attempt) => attempt.kind === 'payment') === true) {
        throw new TillError('CONFLICT', saleWords.parkAfterCard);
      }
      commit({ type: 'parked', note: note === undefined || note === '' ? null : note });
      logger.info('sales.parked', { saleId });
      current = fresh();
      options.onChanged?.(view());
      return step();
    },

    parked() {
      const names = new Map(staff.list().map((person) => [person.staffId, person.name]));
      return book.parked().map(({ sale, parkedAt, parkedBy, heldFor }) => {
        const totals = cartTotals(sale.cart);
        const by = parkedBy === undefined ? undefined : (names.get(parkedBy) ?? parkedBy);
        return {
          saleId: sale.saleId,
          parkedAt,
          ...(sale.note === undefined ? {} : { note: sale.note }),
          lineCount: sale.cart.lines.length,
          totalMinor: totals.totalMinor,
          ...(by === undefined ? {} : { parkedBy: by }),
          ...(heldFor === undefined ? {} : { atLock: true }),
        };
      });
    },

    recall({ saleId }) {
      recallParked(saleId);
      return step();
    },

    async void({ saleId, reason, approval }) {
      writable();
      let sale = openSale(saleId);
      if (!current.persisted) return step();
      let cards = cardsOf(saleId);
      if (cards.unsettled !== undefined) throw new TillError('CONFLICT', saleWords.cardGoing);
      // A card took money for this sale: giving it up means giving that money back, a manager's decision,
      // made by the manager at the till or approved with their PIN for the cashier.
      let approvedBy: string | undefined;
      if (cards.approved.length > 0) {
        const before = sale;
        approvedBy = (await staff.allow(saleWords.voidWithCard, approval))?.staffId;
        // Checking the PIN took a moment: the sale is checked again, as it is now.
        writable();
        sale = openSale(saleId);
        cards = cardsOf(saleId);
        if (sale !== before || cards.unsettled !== undefined) {
          throw new TillError('CONFLICT', staff.words.changedWhileApproving);
        }
      }
      const at = now();
      const actor = actorId();
      const { totalMinor } = cartTotals(sale.cart);
      const cashReturnedMinor = sale.cash.reduce((sum, tender) => sum + tender.amountMinor, 0);
      const cardsToGiveBack = cards.approved.map((tender) => ({
        attemptId: tender.attemptId,
        amountMinor: tender.amountMinor,
        ...(tender.card?.last4 === undefined ? {} : { last4: tender.card.last4 }),
      }));
      books.transaction(() => {
        book.append(
          saleId,
          { type: 'voided', reason: reason === undefined || reason === '' ? null : reason },
          at,
          actor,
        );
        if (sale.cart.lines.length === 0 && cardsToGiveBack.length === 0) return;
        // Goods were rung up and given up: the day's report counts it, and the audit log says who and why,
        // and which card money is owed back.
        books.days.recordVoid(books.days.dayFor(books.mode, at), {
          saleId,
          at,
          by: actor,
          lineCount: sale.cart.lines.length,
          totalMinor,
        });
        books.audit.record(
          {
            action: 'sale.voided',
            ...(actor === undefined ? {} : { actor }),
            ...(reason === undefined || reason === '' ? {} : { reason }),
            detail: {
              saleId,
              lineCount: sale.cart.lines.length,
              totalMinor,
              cashReturnedMinor,
              ...(cardsToGiveBack.length === 0 ? {} : { cardsToGiveBack }),
              ...(approvedBy === undefined ? {} : { approvedBy }),
            },
          },
          at,
        );
      });
      logger.info('sales.voided', { saleId, lines: sale.cart.lines.length, totalMinor });
      current = fresh();
      options.onChanged?.(view());
      return step();
    },

    startCard({ saleId, amountMinor }) {
      const cards = 'cards' in options ? options.cards : payments;
      if (cards === undefined) throw new TillError('UNAVAILABLE', saleWords.noCards);
      return startTender(cards, saleId, amountMinor);
    },

    startLink({ saleId, amountMinor }) {
      if (options.links === undefined) throw new TillError('UNAVAILABLE', saleWords.noLinks);
      return startTender(options.links, saleId, amountMinor);
    },

    openItems: options.openItems,

    async resume() {
      if (paidInFull(current.sale)) {
        logger.info('sales.finishing_after_restart', { saleId: current.sale.saleId });
        await finishUnasked(current.sale.saleId);
      }
    },

    close() {
      unsubscribe();
      stopLeaving();
      stopWelcoming();
    },
  };
}
