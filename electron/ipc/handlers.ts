import { isOnlineGateway } from '../../shared/config/online-schema.ts';
import type { Language } from '../../shared/config/schema.ts';
import type { Contract, TillInfo } from '../../shared/ipc/contract.ts';
import type { DeviceStatusBoard } from '../devices/device-status-board.ts';
import type { Logger } from '../logging/logger.ts';
import type { Catalog } from '../../shared/catalog/catalog-item.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { SaleService } from '../sales/sale-service.ts';
import type { TillBooks } from '../till-books.ts';
import type { OpenItem } from '../../shared/sale/sale-commands.ts';
import type { PrinterService } from '../printing/printer-service.ts';
import type { Receipts } from '../printing/receipts.ts';
import type { Clock } from '../clock.ts';
import type { StaffService } from '../staff/staff-service.ts';
import { guardHandlers, managerWordsFor } from '../staff/channel-access.ts';
import { TillError } from '../till-error.ts';
import { IN_FLIGHT_PAYMENT_STATES } from '../../shared/payments/payment-state.ts';
import { CurrencyCodeSchema, type CurrencyCode } from '../../shared/money.ts';
import type { PaymentLink } from '../../shared/payments/payment-state.ts';
import type { JournalLookup } from '../journal/journal-search.ts';
import type { RefundService } from '../refunds/refund-service.ts';
import type { DepositService } from '../deposits/deposit-service.ts';
import { depositWordsFor } from '../deposits/deposit-words.ts';
import type { TillDayService } from '../till-day/till-day-service.ts';
import type { Approval } from '../../shared/sale/sale-commands.ts';
import { paymentWordsFor } from '../payments/payment-words.ts';
import { handlerWordsFor } from './handler-words.ts';
import { saleWordsFor } from '../sales/sale-words.ts';
import type { ReceiptMailService } from '../receipt-mail/receipt-mail-service.ts';
import { mailWordsFor } from '../receipt-mail/mail-words.ts';
import type { Handlers } from './router.ts';

/**
 * Where each contract channel meets the service that answers it. Handlers stay
 * one line where they can: the work belongs in the services, so that reading
 * this file shows the whole surface the renderer can reach.
 */
export interface HandlerServices {
  info: TillInfo;
  devices: DeviceStatusBoard;
  logger: Logger;
  /** Absent on a till without card payments. */
  payments?: PaymentService | undefined;
  catalog: Catalog;
  /** Absent only on a till built without a journal (some tests, the bench). */
  /** The till's books: finished sales, the audit log; absent on a till built without a database. */
  books?: Pick<TillBooks, 'sales' | 'audit' | 'transaction' | 'printQueue'> | undefined;
  /** The open sale; present whenever `books` are. */
  selling?: SaleService | undefined;
  /** Keys for goods without a code, offered with the catalogue. */
  openItems?: readonly OpenItem[];
  /** Receipt pictures; present whenever `books` are. */
  receipts?: Receipts | undefined;
  /** Absent on a till without a receipt printer. */
  printer?: PrinterService | undefined;
  staff: StaffService;
  clock: Clock;
  /** Present whenever `books` are. */
  refunds?: RefundService | undefined;
  /** Deposits by link; absent unless the online gateway pre-authorises (OPP) and the till has a database. */
  deposits?: DepositService | undefined;
  tillDay?: TillDayService | undefined;
  journal?: JournalLookup | undefined;
  /** Receipts by e-mail; absent unless the till is set up to send them. */
  mailing?: ReceiptMailService | undefined;
  /** Sends a payment link to an address through the store's mail server; absent without receipts.email. */
  emailLink?:
    ((link: PaymentLink, amountMinor: number, currency: CurrencyCode, address: string) => Promise<void>) | undefined;
  /** What the journal's integrity check found wrong, once it has: no money is taken or given back then. */
  databaseDamage?: () => Error | undefined;
  /** The language main's refusals are in (config `language`); English when absent. */
  language?: Language;
}

export function createHandlers({
  info,
  devices,
  logger,
  payments,
  catalog,
  books,
  selling,
  openItems = [],
  receipts,
  printer,
  staff,
  clock,
  refunds,
  deposits,
  tillDay,
  journal,
  mailing,
  emailLink,
  databaseDamage,
  language = 'en',
}: HandlerServices): Handlers<Contract> {
  const paymentWords = paymentWordsFor(language);
  const words = handlerWordsFor(language);
  /** Money waits while the journal is damaged: a sale written into a broken file may not be there tomorrow. */
  const databaseSound = () => {
    const damage = databaseDamage?.();
    if (damage !== undefined) throw new TillError('UNAVAILABLE', saleWordsFor(language).journalDamaged(damage.message));
  };
  const noJournal = () => new TillError('UNAVAILABLE', words.noJournal);
  const refunding = (): RefundService => {
    if (refunds === undefined) throw noJournal();
    return refunds;
  };
  const depositing = (): DepositService => {
    if (deposits === undefined) throw new TillError('UNAVAILABLE', depositWordsFor(language).noDeposits);
    return deposits;
  };
  const day = (): TillDayService => {
    if (tillDay === undefined) throw noJournal();
    return tillDay;
  };
  const lookup = (): JournalLookup => {
    if (journal === undefined) throw noJournal();
    return journal;
  };
  /** Who is logged in, for the audit log and the records; nobody on a till without staff. */
  const actor = () => staff.session().operator?.staffId;
  const cards = (): PaymentService => {
    if (payments === undefined) throw new TillError('UNAVAILABLE', words.noCards);
    return payments;
  };
  const noSales = () => new TillError('UNAVAILABLE', words.noSales);
  const book = () => {
    if (books === undefined) throw noSales();
    return books;
  };
  const sale = (): SaleService => {
    if (selling === undefined) throw noSales();
    return selling;
  };
  const pictures = (): Receipts => {
    if (receipts === undefined) throw new TillError('UNAVAILABLE', words.noReceipts);
    return receipts;
  };
  const paper = (): PrinterService => {
    if (printer === undefined) throw new TillError('UNAVAILABLE', words.noPrinter);
    return printer;
  };
  /**
   * The manager who settles a card payment by hand, proved in main. On a till
   * with staff: the manager logged in, or a manager's name and PIN typed at
   * the till (checked like a discount's approval; wrong PINs count). A typed
   * name counts only on a till without staff, where nobody logs in.
   */
  const resolvingManager = async (
    approval: Approval | undefined,
    typedName: string | undefined,
  ): Promise<{ id: string; staffId?: string; name?: string; approvedAtTill: boolean }> => {
    if (!staff.loginRequired) {
      if (typedName === undefined) throw new TillError('BAD_REQUEST', paymentWords.nameTheManager);
      return { id: typedName, approvedAtTill: false };
    }
    if (approval !== undefined) {
      const approver = await staff.approver(approval.staffId, approval.pin);
      return { id: approver.staffId, staffId: approver.staffId, name: approver.name, approvedAtTill: true };
    }
    const operator = staff.session().operator;
    if (operator?.role === 'manager') {
      return { id: operator.staffId, staffId: operator.staffId, name: operator.name, approvedAtTill: false };
    }
    throw new TillError('FORBIDDEN', paymentWords.managerMustSettle);
  };
  const mail = (): ReceiptMailService => {
    if (mailing === undefined) throw new TillError('UNAVAILABLE', mailWordsFor(language).notSetUp);
    return mailing;
  };
  const known = (attemptId: string) => {
    const record = cards().attempt(attemptId);
    if (record === undefined) throw new TillError('NOT_FOUND', words.noSuchCardPayment);
    return record;
  };

  return guardHandlers(
    {
      'till.getInfo': () => info,

      'devices.list': () => devices.list(),

      'diagnostics.reportRendererError': (report, context) => {
        logger.error('renderer.error', { ...report, transport: context.transport });
        return { recorded: true };
      },

      'payments.start': ({ saleId, amountMinor, tender }) => {
        databaseSound();
        if (tender === 'link') return cards().view(sale().startLink({ saleId, amountMinor }));
        return cards().view(sale().startCard({ saleId, amountMinor }));
      },

      'payments.get': ({ attemptId }) => cards().view(known(attemptId)),

      'payments.abort': async ({ attemptId }) => cards().view(await cards().abort(known(attemptId).id)),

      'payments.printLink': ({ attemptId }) => {
        const record = known(attemptId);
        if (record.link === undefined || !IN_FLIGHT_PAYMENT_STATES.includes(record.state)) {
          throw new TillError('CONFLICT', words.linkNotLive);
        }
        if (printer === undefined || receipts === undefined) throw new TillError('UNAVAILABLE', words.noPrinter);
        const slip = receipts.linkSlip(record.link, record.amountMinor, CurrencyCodeSchema.parse(record.currency));
        book().printQueue.enqueueDocument('Payment link QR', slip, clock.now().toISOString());
        printer.wake();
        return { queued: true as const };
      },

      'payments.emailLink': async ({ attemptId, address }) => {
        const record = known(attemptId);
        if (record.link === undefined || !IN_FLIGHT_PAYMENT_STATES.includes(record.state)) {
          throw new TillError('CONFLICT', words.linkNotLive);
        }
        if (emailLink === undefined) throw new TillError('UNAVAILABLE', words.noLinkMail);
        await emailLink(record.link, record.amountMinor, CurrencyCodeSchema.parse(record.currency), address);
        logger.info('payments.link_emailed', { attemptId });
        return { sent: true as const };
      },

      'payments.checkStatus': async ({ attemptId }) => cards().view(await cards().checkStatus(known(attemptId).id)),

      'payments.resolve': async ({ attemptId, approval, manager: typedName, ...resolution }) => {
        // Who settles it is decided here, before anything is looked up or written.
        const manager = await resolvingManager(approval, typedName);
        const id = known(attemptId).id;
        // The manager's word and its audit row commit together: a crash leaves both or neither.
        const resolved = book().transaction(() => {
          const settled = cards().resolve(id, { ...resolution, manager: manager.id });
          book().audit.record(
            {
              action: 'payment.resolved',
              actor: actor() ?? manager.id,
              reason: resolution.reason,
              detail: {
                attemptId,
                outcome: resolution.outcome,
                manager: manager.id,
                ...(manager.staffId === undefined
                  ? {}
                  : { managerStaffId: manager.staffId, managerName: manager.name }),
                ...(manager.approvedAtTill ? { approvedAtTill: true } : {}),
                ...(resolution.terminalReference === undefined
                  ? {}
                  : { terminalReference: resolution.terminalReference }),
              },
            },
            clock.now().toISOString(),
          );
          return settled;
        });
        return cards().view(resolved);
      },

      'payments.unsettled': () =>
        cards()
          .unsettled()
          // A refund an online gateway has taken may stay "requested" for hours: its refund follows it, and
          // only once it needs a manager is it a payment to settle.
          .filter(
            (record) =>
              record.kind === 'payment' || record.state === 'needs_attention' || !isOnlineGateway(record.provider),
          )
          .map((record) => cards().view(record)),

      'catalog.get': () => ({ ...catalog, openItems: [...openItems] }),

      'sales.current': () => sale().current(),

      'sales.addItem': (request) => sale().addItem(request),

      'sales.addOpenItem': (request) => sale().addOpenItem(request),

      'sales.setQuantity': (request) => sale().setQuantity(request),

      'sales.removeLine': (request) => sale().removeLine(request),

      'sales.setDiscount': (request) => sale().setDiscount(request),

      'sales.overridePrice': (request) => sale().overridePrice(request),

      'sales.payCash': (request) => sale().payCash(request),

      'sales.complete': (request) => sale().complete(request),

      'sales.get': ({ saleId }) => {
        const found = saleId === undefined ? book().sales.lastCompleted() : book().sales.completed(saleId);
        if (found === undefined) throw new TillError('NOT_FOUND', words.noSuchSale);
        return found;
      },

      'sales.park': (request) => sale().park(request),

      'sales.parked': () => sale().parked(),

      'sales.recall': (request) => sale().recall(request),

      'sales.void': (request) => sale().void(request),

      'receipts.preview': ({ receiptNumber, copy }) => {
        // The number as typed (`42`, `till-1-000042`, `R1`) finds the receipt; the answer names it as printed.
        const found = pictures().find(receiptNumber);
        return {
          receiptNumber: found.receiptNumber,
          kind: found.kind,
          svg: pictures().preview(found.receiptNumber, copy === undefined ? {} : { copy }),
        };
      },

      'receipts.reprint': ({ receiptNumber }) => {
        const job = paper().reprint(receiptNumber);
        logger.info('receipts.reprinted', { receipt: receiptNumber, jobId: job.jobId });
        return job;
      },

      'receipts.jobs': ({ receiptNumber }) => printer?.jobsForReceipt(receiptNumber) ?? [],

      'receipts.email': ({ receiptNumber, address }) => mail().send(receiptNumber, address),

      'printer.retry': () => {
        paper().retryNow();
        return paper().waiting();
      },

      'drawer.open': async ({ reason }) => {
        if (printer === undefined) throw new TillError('UNAVAILABLE', words.noDrawer);
        const result = await printer.kickDrawer();
        // Written whatever came of it: an attempt to open the drawer without a sale is what the log is for.
        const actor = staff.session().operator?.staffId;
        book().audit.record(
          {
            action: 'drawer.opened_without_sale',
            ...(actor === undefined ? {} : { actor }),
            reason,
            detail: { outcome: result.drawer },
          },
          clock.now().toISOString(),
        );
        logger.info('drawer.opened_without_sale', { outcome: result.drawer });
        return result;
      },

      'journal.search': (criteria) => lookup().search(criteria),

      'journal.sale': ({ receiptNumber }) => lookup().sale(receiptNumber),

      'refunds.start': (request) => {
        databaseSound();
        return refunding().start(request, actor());
      },

      'refunds.startUnreferenced': ({ amountMinor, reason }) => {
        databaseSound();
        return refunding().startUnreferenced({ amountMinor, reason }, actor());
      },

      'refunds.findOnline': ({ reference }) => refunding().findOnline(reference),

      'refunds.startOnline': ({ paymentId, amountMinor, reason }) => {
        databaseSound();
        return refunding().startOnline({ paymentId, amountMinor, reason }, actor());
      },

      'refunds.get': ({ refundId }) => refunding().get(refundId),

      'refunds.open': () => refunding().open(),

      'refunds.retry': ({ refundId }) => refunding().retry(refundId),

      'refunds.cancel': ({ refundId, reason }) => refunding().cancel(refundId, reason, actor()),

      'deposits.take': (request) => {
        databaseSound();
        return depositing().take(request, actor());
      },

      'deposits.list': () => ({ deposits: depositing().list(), holdValidDays: depositing().holdValidDays }),

      'deposits.get': ({ depositId }) => depositing().get(depositId),

      'deposits.capture': ({ depositId, amountMinor, reason }) => {
        databaseSound();
        return depositing().capture(depositId, amountMinor, reason, actor());
      },

      'deposits.release': ({ depositId, reason }) => {
        databaseSound();
        return depositing().release(depositId, reason, actor());
      },

      'day.current': () => day().state(),

      'day.open': ({ floatMinor }) => day().open(floatMinor, actor()),

      'day.cashMove': (move) => day().cashMove(move, actor()),

      'day.xReport': ({ print }) => day().xReport(print === true),

      // A Z report goes in the print queue only when the till has a printer: the answer says which.
      'day.close': async ({ countedCashMinor, cancelLiveLinks }) => {
        // Asked for: live links are cancelled first; one the gateway has not confirmed still keeps the day open.
        if (cancelLiveLinks === true) await day().cancelLiveLinks(actor());
        return { ...day().close(countedCashMinor, actor()), paper: printer === undefined ? 'screen' : 'queued' };
      },

      'day.reprintZ': ({ zNumber }) => ({
        ...day().reprintZ(zNumber),
        paper: printer === undefined ? 'screen' : 'queued',
      }),

      'staff.list': () => staff.list(),

      'staff.session': () => staff.session(),

      'staff.login': ({ staffId, pin }) => staff.login(staffId, pin),

      'staff.lock': () => {
        // A deposit's link may wait hours for its customer: the till locks meanwhile, as it does not for a sale's.
        const atTheCounter = payments?.inFlight().filter((attempt) => attempt.kind !== 'hold') ?? [];
        if (atTheCounter.length > 0) throw new TillError('CONFLICT', words.lockDuringCard);
        return staff.lock();
      },

      'staff.activity': () => {
        staff.touch();
        return { idleLockSeconds: staff.idleLockMs === undefined ? null : Math.round(staff.idleLockMs / 1_000) };
      },
    },
    staff,
    // A manager's approval at a cashier's till is written down before the call it allows is made.
    ({ channel, what, manager }) => {
      const cashier = actor();
      books?.audit.record(
        {
          action: 'approval.given',
          ...(cashier === undefined ? {} : { actor: cashier }),
          detail: { channel, what, approvedBy: manager.staffId },
        },
        clock.now().toISOString(),
      );
      logger.info('staff.approval_given', { channel, approvedBy: manager.staffId });
    },
    managerWordsFor(language),
  );
}
