import path from 'node:path';
import type { Catalog } from '../shared/catalog/catalog-item.ts';
import { contract, type TillInfo } from '../shared/ipc/contract.ts';
import { IDLE_LOCK_MINUTES, type TillConfig } from '../shared/config/schema.ts';
import { EMPTY_CATALOG, loadTillCatalog } from './catalog/catalog-service.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDeviceStatusBoard, type DeviceStatusBoard } from './devices/device-status-board.ts';
import { deviceWordsFor } from './devices/device-words.ts';
import { createEventHub, type EventHub } from './events/event-hub.ts';
import { createHandlers } from './ipc/handlers.ts';
import { createRouter, type Router } from './ipc/router.ts';
import { ipcWordsFor } from './ipc/ipc-words.ts';
import type { Logger } from './logging/logger.ts';
import { chosenPayment } from './payments/providers/chosen-payment.ts';
import { chosenOnline } from './payments/providers/gateway-registry.ts';
import { startTillPayments } from './payments/till-payments.ts';
import type { ConnectedGateway } from './payments/providers/gateway-module.ts';
import { combinedPayments } from './payments/combined-payments.ts';
import { sendLinkMail, linkMailWordsFor } from './receipt-mail/link-mail.ts';
import type { CurrencyCode } from '../shared/money.ts';
import type { PaymentLink } from '../shared/payments/payment-state.ts';
import { TERMINAL_DEVICE_ID, type ConnectedTerminal } from './payments/providers/terminal-module.ts';
import type { CardPayments } from './payments/card-payments.ts';
import type { PaymentTiming } from './payments/payment-service.ts';
import { paymentWordsFor } from './payments/payment-words.ts';
import { openItemsOf } from './sales/open-items.ts';
import { createSaleService, type SaleService } from './sales/sale-service.ts';
import { screenSettings } from './sales/screen-settings.ts';
import { saleWordsFor } from './sales/sale-words.ts';
import { staffWordsFor } from './staff/staff-words.ts';
import { lockedEventFeed, type EventFeed } from './staff/locked-event-feed.ts';
import { createReceipts, type Receipts } from './printing/receipts.ts';
import { receiptLookupWordsFor } from './printing/receipt-words.ts';
import { paperFormat } from './printing/render-receipt.ts';
import { printerWordsFor } from './printing/printer-words.ts';
import {
  PRINTER_DEVICE_ID,
  startPrinterService,
  type PrinterService,
  type PrinterTiming,
} from './printing/printer-service.ts';
import { openPrinterTransport } from './printing/transports/open-transport.ts';
import type { SystemPrinter } from './printing/transports/html-transport.ts';
import { within, type PrinterTransport } from './printing/transports/transport.ts';
import { createStaffService, type StaffLockout, type StaffService } from './staff/staff-service.ts';
import { createRefundService, type RefundService } from './refunds/refund-service.ts';
import { refundWordsFor } from './refunds/refund-words.ts';
import { createDepositService, type DepositService } from './deposits/deposit-service.ts';
import { depositWordsFor } from './deposits/deposit-words.ts';
import { createTillDayService, type TillDayService } from './till-day/till-day-service.ts';
import { tillDayWordsFor } from './till-day/till-day-words.ts';
import { createJournalLookup } from './journal/journal-search.ts';
import { historyWordsFor } from './journal/history-words.ts';
import { retellIn } from './payments/recorded-words.ts';
import type { ReceiptContext } from './printing/receipt-document.ts';
import { checkDatabaseIntegrity, type DatabaseIntegrity } from './till-database/integrity-check.ts';
import { adyenRelayIntake } from './payments/adyen/webhook-intake.ts';
import { createDeliveryPipeline } from './payments/webhooks/webhook-listener.ts';
import { hqCredentials, type HqCredentials } from './hq-sync/hq-credentials.ts';
import { startHqSync, type HqSync } from './hq-sync/start-hq-sync.ts';
import type { HqSyncTiming } from './hq-sync/hq-sync-worker.ts';
import type { SecretCipher } from './secrets/secret-vault.ts';
import { tillDatabasePath, type TillDatabaseError } from './till-database/till-database.ts';
import { openTillBooks, type TillBooks } from './till-books.ts';
import { createSmtpTransport, type MailTransport, type SmtpTimeouts } from './receipt-mail/mail-transport.ts';
import { createReceiptMailService, type ReceiptMailService } from './receipt-mail/receipt-mail-service.ts';
import { mailWordsFor } from './receipt-mail/mail-words.ts';
import {
  createCustomerDisplay,
  followPaymentEvents,
  type CustomerDisplay,
} from './customer-display/customer-display.ts';

/**
 * The composition root: builds every main-process service of one till from its
 * configuration and wires them together. It never imports Electron, so the
 * same till runs inside the desktop app, headless in browser mode
 * (`kassa serve`), in the CLI and in tests. Electron only adapts it
 * (`electron/main.ts`, `electron/desktop/`).
 */

/** How long closing the day waits for the gateway to confirm each link it cancelled. */
const LINK_CANCEL_WAIT_MS = 20_000;

export interface TillDependencies {
  logger: Logger;
  /** The app's version, shown in the UI and in reports. */
  version: string;
  clock?: Clock;
  /** The card terminal, connected by `startTill`; without one the till takes no cards. */
  terminal?: ConnectedTerminal;
  /** Card payments on that terminal, started by `startTill` with the till's event hub. */
  payments?: CardPayments;
  /** Pay by link on the online gateway, on the same book and hub; without it the till makes no links. */
  links?: CardPayments;
  /** The online gateway `links` pays on, connected by `startTill` (its embedded simulator in demo mode). */
  gateway?: ConnectedGateway;
  /** The hub `payments` publishes to; the till makes its own when absent. */
  events?: EventHub;
  /** What the till sells; `startTill` loads it from the configuration. Empty when absent. */
  catalog?: Catalog;
  /** Every capability's book on the till's database, opened by `startTill`; the till closes it. */
  books?: TillBooks;
  /** The way to the receipt printer, opened by `startTill` from `printer.url`; no printer when absent. */
  printerTransport?: PrinterTransport;
  /** Tests shorten the printer's retry pauses. */
  printerTiming?: Partial<PrinterTiming>;
  /** Tests change how many wrong PINs lock a person out, and for how long. */
  staffLockout?: StaffLockout;
  /** The database's integrity check, run beside the till by `startTill`; money is refused if it finds damage. */
  databaseIntegrity?: Promise<DatabaseIntegrity>;
  /** Stops that check when the till closes. */
  stopDatabaseCheck?: () => Promise<void>;
  /** The way to the mail server, opened by `startTill` from `receipts.email`; no receipts by e-mail when absent. */
  mailTransport?: MailTransport;
  /** Tests shorten how long the customer display says thank you. */
  displayThanksMs?: number;
  /**
   * Where the till keeps its HQ token; `startTill` makes it beside the journal (in the desktop app's
   * vault when it has one) when the configuration has an `hq` section. No HQ sync without it.
   */
  hqCredentials?: HqCredentials;
  /** Tests with a real HQ shorten the sync's pauses (a push every 5 s, backoff up to 5 min in a shop). */
  hqTiming?: Partial<HqSyncTiming>;
}

export interface Till {
  readonly config: TillConfig;
  readonly info: TillInfo;
  /** Answers every contract call; transports (IPC, HTTP) only carry bytes to it. */
  readonly router: Router;
  /** Events inside main: device status, payment progress, refunds, print jobs, logins. */
  readonly events: EventHub;
  /** The events a screen may see: all of them while someone is logged in, device status and logins while locked. */
  readonly feed: EventFeed;
  readonly devices: DeviceStatusBoard;
  /** Absent on a till that takes no cards. */
  readonly payments: CardPayments | undefined;
  /** Pay by link on the online gateway; absent on a till without one. */
  readonly links: CardPayments | undefined;
  readonly catalog: Catalog;
  /** Absent on a till built without a database (tests, the bench). */
  readonly books: TillBooks | undefined;
  /** The open sale; absent without a database. */
  readonly selling: SaleService | undefined;
  /** Receipt pictures of recorded sales; absent without a database. */
  readonly receipts: Receipts | undefined;
  /** Absent on a till without a receipt printer. */
  readonly printer: PrinterService | undefined;
  /** Who is logged in; on a till without staff set up, nobody needs to be. */
  readonly staff: StaffService;
  /** Refunds and the till day; absent without a database. */
  readonly refunds: RefundService | undefined;
  /** Deposits by link; absent unless the online gateway pre-authorises (OPP) and the till has a database. */
  readonly deposits: DepositService | undefined;
  readonly tillDay: TillDayService | undefined;
  /** Receipts by e-mail; absent unless `receipts.email` is configured (and the till has a database). */
  readonly mailing: ReceiptMailService | undefined;
  /** What the customer display shows: the sale, a card or link to pay with, thank you; the display only receives it. */
  readonly customerDisplay: CustomerDisplay;
  /** The sync with Kassa HQ; absent unless `hq` is configured (and the till has a database). */
  readonly hq: HqSync | undefined;
  /** Stops the till's services; safe to call twice. */
  close(): Promise<void>;
}

export function createTill(config: TillConfig, dependencies: TillDependencies): Till {
  const { logger, version } = dependencies;
  const clock = dependencies.clock ?? systemClock;

  const events = dependencies.events ?? createEventHub(logger);
  const payments = dependencies.payments;
  const links = dependencies.links;
  // One service for the rest of the till: card terminal and online gateway share the book.
  const allPayments =
    payments !== undefined && links !== undefined
      ? combinedPayments(payments.service, links.service)
      : (payments?.service ?? links?.service);
  const recovered = Promise.all([payments?.recovered, links?.recovered]).then(() => undefined);
  const catalog = dependencies.catalog ?? EMPTY_CATALOG;
  const books = dependencies.books;
  const devices = createDeviceStatusBoard(events, clock);
  const deviceWords = deviceWordsFor(config.language);
  // Until a terminal provider and a printer are set up, the truth is that there are none.
  const terminal = dependencies.terminal;
  devices.register({
    id: TERMINAL_DEVICE_ID,
    kind: 'terminal',
    label: 'Card terminal',
    state: terminal === undefined ? 'not_configured' : 'unknown',
    detail: terminal === undefined ? deviceWords.noTerminal : terminal.firstWords,
  });
  // The terminal's module keeps its light true: by asking on a timer, or by following what payments learn.
  const unwatch = terminal?.watch({
    devices,
    deviceId: TERMINAL_DEVICE_ID,
    logger,
    currency: config.currency,
    recovered: payments?.recovered ?? Promise.resolve(),
    paymentsInFlight: () => payments?.service.inFlight().length ?? 0,
  });
  const listener = payments?.listener;
  // Adyen's results through HQ: for a till behind a router, on the same pipeline as the listener's.
  const relay =
    config.hq?.relayWebhooks === true && payments !== undefined && terminal?.provider === 'adyen'
      ? createDeliveryPipeline({
          intakes: [adyenRelayIntake()],
          book: payments.book,
          deliver: (body, seq) => {
            payments.service.handleNotification(body, seq);
          },
          logger,
          clock,
          sender: 'hq',
        })
      : undefined;
  devices.register({
    id: 'webhook',
    kind: 'webhook',
    label: 'Result listener',
    state: listener === undefined && relay === undefined ? 'not_configured' : 'online',
    detail:
      listener !== undefined
        ? deviceWords.listening(listener.url)
        : relay !== undefined
          ? deviceWords.relayed
          : deviceWords.noListener,
  });
  const transport = dependencies.printerTransport;
  devices.register({
    id: PRINTER_DEVICE_ID,
    kind: 'printer',
    label: 'Receipt printer',
    state: transport === undefined ? 'not_configured' : 'unknown',
    detail: transport === undefined ? deviceWords.noPrinter : deviceWords.checkingPrinter(transport.description),
  });
  const format = paperFormat(config.printer);
  const receiptContext: ReceiptContext = {
    storeName: config.store.name,
    addressLines: config.store.addressLines,
    tillName: config.till.name,
    locale: config.locale,
    language: config.language,
    mode: config.mode,
  };
  const receipts =
    books === undefined
      ? undefined
      : createReceipts({
          tillId: config.till.id,
          sale: (receiptNumber) => books.sales.completedByReceipt(receiptNumber),
          refund: (refundNumber) => books.refunds.completedByNumber(refundNumber),
          context: receiptContext,
          format,
          words: receiptLookupWordsFor(config.language),
        });
  const printer =
    transport === undefined || books === undefined || receipts === undefined || config.printer === undefined
      ? undefined
      : startPrinterService({
          printer: config.printer,
          transport,
          queue: books.printQueue,
          receipts,
          format,
          devices,
          events,
          logger,
          clock,
          words: printerWordsFor(config.language),
          ...(dependencies.printerTiming === undefined ? {} : { timing: dependencies.printerTiming }),
        });

  const emailConfig = config.receipts?.email;
  const mailTransport = dependencies.mailTransport;
  const mailing =
    books === undefined || receipts === undefined || emailConfig === undefined || mailTransport === undefined
      ? undefined
      : createReceiptMailService({
          config: emailConfig,
          outbox: books.mail,
          receipts,
          context: receiptContext,
          charactersPerLine: format.charactersPerLine,
          transport: mailTransport,
          logger,
          clock,
          words: mailWordsFor(config.language),
        });

  const info: TillInfo = {
    storeName: config.store.name,
    addressLines: config.store.addressLines,
    tillId: config.till.id,
    tillName: config.till.name,
    mode: config.mode,
    locale: config.locale,
    language: config.language,
    currency: config.currency,
    version,
    startedAt: clock.now().toISOString(),
    theme: config.display?.theme ?? 'light',
    screen: screenSettings(config),
    emailReceipts: mailing !== undefined,
    linkPayments: links !== undefined,
    deposits: books !== undefined && allPayments?.holds === true,
  };

  const staff = createStaffService({
    staff: config.staff ?? [],
    clock,
    logger,
    audit: books?.audit,
    failures: books?.pinFailures,
    idleLockMs: (config.session?.idleLockMinutes ?? IDLE_LOCK_MINUTES.default) * 60_000,
    // A deposit's link waiting for its customer (hours, perhaps) keeps no one logged in.
    busy: () => allPayments?.inFlight().some((attempt) => attempt.kind !== 'hold') ?? false,
    words: staffWordsFor(config.language),
    ...(dependencies.staffLockout === undefined ? {} : { lockout: dependencies.staffLockout }),
  });
  staff.onSession((session) => events.publish({ type: 'staff.session', session }));
  const feed = lockedEventFeed(events, staff);

  const hqConfig = config.hq;
  const hqSync =
    hqConfig === undefined || books === undefined || dependencies.hqCredentials === undefined
      ? undefined
      : startHqSync({
          config,
          hq: hqConfig,
          database: books.database,
          credentials: dependencies.hqCredentials,
          devices,
          words: deviceWords,
          version,
          logger,
          clock,
          printerDeviceId: PRINTER_DEVICE_ID,
          terminalDeviceId: TERMINAL_DEVICE_ID,
          ...(relay === undefined ? {} : { relay }),
          ...(dependencies.hqTiming === undefined ? {} : { timing: dependencies.hqTiming }),
        });
  // A refund is queued for HQ as it completes: sent at once, like a sale (the rest waits for the next look).
  const stopWakingHq = events.subscribe((event) => {
    if (event.type === 'refund.updated' && event.refund.state === 'completed') hqSync?.wake();
  });

  const openItems = openItemsOf(config.selling, catalog, config.currency);
  // The customer display follows the sale (told by the sale service) and payments (from the hub), and asks neither.
  const customerDisplay = createCustomerDisplay({
    language: config.language,
    locale: config.locale,
    currency: config.currency,
    // Read only once the till is built: `selling` is made below, with the display to tell.
    currentSale: () => selling?.current(),
    attempt: (attemptId) => allPayments?.attempt(attemptId),
    logger,
    ...(dependencies.displayThanksMs === undefined ? {} : { thanksMs: dependencies.displayThanksMs }),
  });
  const stopDisplayPayments = followPaymentEvents(customerDisplay, events);
  const databaseHealth: { damage: TillDatabaseError | undefined } = { damage: undefined };
  const selling =
    books === undefined
      ? undefined
      : createSaleService({
          books,
          catalog,
          openItems,
          selling: config.selling,
          currency: config.currency,
          locale: config.locale,
          words: saleWordsFor(config.language),
          payments: allPayments,
          cards: payments?.service,
          links: links?.service,
          printer,
          staff,
          clock,
          logger,
          databaseDamage: () => databaseHealth.damage,
          onChanged: (sale, finished) => {
            customerDisplay.saleChanged(sale, finished);
            // The sale is in the outbox with its record (a trigger, same transaction): off to HQ now.
            if (finished !== undefined) hqSync?.wake();
          },
        });
  const common = { tillId: config.till.id, currency: config.currency, receiptContext, logger, clock, printer };
  const refunds =
    books === undefined
      ? undefined
      : createRefundService({
          ...common,
          books,
          payments: allPayments,
          online: dependencies.gateway?.onlinePayments,
          events,
          locale: config.locale,
          words: refundWordsFor(config.language),
          retell: retellIn(config.language),
        });
  // Deposits ride on the gateway that can reserve money by link (OPP): a hold, then a capture or release.
  const deposits =
    books === undefined || allPayments?.holds !== true
      ? undefined
      : createDepositService({
          books,
          payments: allPayments,
          currency: config.currency,
          locale: config.locale,
          ...(config.online?.provider === 'opp' ? { holdValidDays: config.online.opp.holdValidDays } : {}),
          clock,
          logger,
          words: depositWordsFor(config.language),
        });
  const tillDay =
    books === undefined
      ? undefined
      : createTillDayService({
          ...common,
          books,
          words: tillDayWordsFor(config.language),
          ...(deposits === undefined
            ? {}
            : {
                deposits: {
                  figures: (from: string, to: string) => deposits.figures(from, to),
                  onTheirWay: () => deposits.inFlight().length,
                },
              }),
          ...(links === undefined
            ? {}
            : {
                // Links only: a refund on the gateway is the refund's, not a link the customer may still pay.
                liveLinks: () =>
                  links.service
                    .unsettled()
                    .filter((attempt) => attempt.terminalId === links.service.terminalId && attempt.kind === 'payment')
                    .map((attempt) => ({
                      attemptId: attempt.id,
                      amountMinor: attempt.amountMinor,
                      createdAt: attempt.createdAt,
                    })),
                cancelLink: async (attemptId) => {
                  // The gateway confirms a cancel at the till's next question: a bounded wait, then the list says.
                  const settled = links.service.whenSettled(attemptId);
                  await links.service.abort(attemptId).catch((error: unknown) => {
                    logger.warn('day.link_cancel_failed', { attemptId, error });
                  });
                  await within(settled, LINK_CANCEL_WAIT_MS, () => new Error('not settled in time')).catch(() => {
                    logger.warn('day.link_not_settled', { attemptId });
                  });
                },
              }),
        });
  // Receipts the mail server did not take before the till stopped go now.
  void mailing?.retryUnsent().catch((error: unknown) => logger.error('receipt_mail.retry_failed', { error }));
  const journal =
    books === undefined || refunds === undefined
      ? undefined
      : createJournalLookup({
          books,
          payments: allPayments,
          refunds,
          words: receiptLookupWordsFor(config.language),
          history: historyWordsFor(config.language),
        });
  void dependencies.databaseIntegrity?.then((integrity) => {
    if (integrity.kind === 'damaged') {
      databaseHealth.damage = integrity.error;
      logger.error('journal.damaged', { file: books?.database.file, finding: integrity.error.message });
    } else if (integrity.kind === 'unchecked') {
      // Stopped by close() is no news; a check that could not run is.
      if (closing === undefined) logger.warn('journal.unchecked', { reason: integrity.reason });
    } else {
      logger.info('journal.checked', { file: books?.database.file });
    }
  });
  // Refunds left open by a stop move on once their card attempts have been asked about, and a sale
  // its cards paid off while the till was down is recorded.
  void recovered
    .then(async () => {
      refunds?.resume();
      await selling?.resume();
    })
    .catch((error: unknown) => logger.error('till.resume_failed', { error }));

  const router = createRouter(
    contract,
    createHandlers({
      info,
      devices,
      logger,
      payments: allPayments,
      catalog,
      books,
      selling,
      openItems,
      receipts,
      printer,
      staff,
      clock,
      refunds,
      deposits,
      tillDay,
      journal,
      mailing,
      ...(emailConfig === undefined || mailTransport === undefined || links === undefined
        ? {}
        : {
            emailLink: (link: PaymentLink, amountMinor: number, currency: CurrencyCode, address: string) =>
              sendLinkMail({
                transport: mailTransport,
                from: emailConfig.from,
                address,
                link,
                amountMinor,
                currency,
                storeName: config.store.name,
                locale: config.locale,
                words: linkMailWordsFor(config.language),
              }),
          }),
      databaseDamage: () => databaseHealth.damage,
      language: config.language,
    }),
    logger,
    ipcWordsFor(config.language),
  );
  logger.info('till.started', {
    tillId: config.till.id,
    mode: config.mode,
    version,
    ...(terminal === undefined
      ? {}
      : { provider: terminal.provider, terminal: terminal.terminalId, terminalTarget: terminal.target }),
    ...(books === undefined ? {} : { database: books.database.file }),
    catalog: catalog.source,
    catalogItems: catalog.items.length,
    printer: printer?.description ?? 'none',
    mail: mailing === undefined ? 'none' : mailTransport?.description,
    staff: config.staff?.length ?? 0,
  });

  let closing: Promise<void> | undefined;
  return {
    config,
    info,
    router,
    events,
    feed,
    devices,
    payments,
    links,
    catalog,
    books,
    selling,
    receipts,
    printer,
    staff,
    refunds,
    deposits,
    tillDay,
    mailing,
    customerDisplay,
    hq: hqSync,
    close() {
      closing ??= (async () => {
        unwatch?.();
        stopWakingHq();
        // First: the relay hands webhooks to the payment services closed below.
        await hqSync?.close();
        stopDisplayPayments();
        customerDisplay.close();
        staff.close();
        selling?.close();
        await dependencies.stopDatabaseCheck?.();
        refunds?.close();
        await mailing?.close();
        await printer?.close();
        await payments?.close();
        await links?.close();
        await terminal?.close();
        await dependencies.gateway?.close();
        books?.close();
        logger.info('till.stopped', { tillId: config.till.id });
      })();
      return closing;
    },
  };
}

/**
 * Connects what the configuration names (the card terminal, in demo mode by
 * starting its provider's embedded simulator; the till's books; the webhook
 * listener) and builds the till on it. What it started is stopped by the
 * till's `close()`.
 */
export async function startTill(
  config: TillConfig,
  dependencies: Omit<
    TillDependencies,
    | 'terminal'
    | 'payments'
    | 'links'
    | 'gateway'
    | 'events'
    | 'catalog'
    | 'books'
    | 'printerTransport'
    | 'mailTransport'
  > & {
    /** Tests shorten how long the till waits on a mail server. */
    smtpTimeouts?: SmtpTimeouts;
    env?: NodeJS.ProcessEnv;
    /** The desktop app's system printing, for `html://` printers. */
    systemPrinter?: SystemPrinter;
    /** The `lp` program for `cups://` printers; tests put their own in its place. */
    lpCommand?: string;
    /** Tests shorten the payment deadlines; the configuration sets the result timeout. */
    paymentTiming?: Partial<PaymentTiming>;
    /** The desktop app's encrypted vault, where the HQ token is sealed; outside Electron there is none. */
    vault?: { file: string; cipher: SecretCipher; allowBasicText: boolean };
  },
): Promise<Till> {
  const { env, paymentTiming, systemPrinter, lpCommand, smtpTimeouts, vault, ...rest } = dependencies;
  const { logger } = dependencies;
  const payment = chosenPayment(config);
  const started: { close(): Promise<void> | void }[] = [];
  try {
    const catalog = loadTillCatalog(config);
    const printerTransport =
      config.printer === undefined
        ? undefined
        : openPrinterTransport(config.printer, {
            systemPrinter,
            ...(lpCommand === undefined ? {} : { lpCommand }),
          });
    const file = tillDatabasePath(config, env);
    const books = openTillBooks(file, {
      check: 'later',
      tillId: config.till.id,
      currency: config.currency,
      ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
      printReceipts: printerTransport !== undefined,
      mode: config.mode,
      language: config.language,
    });
    started.unshift(books);
    logger.info('till.database_opened', { file });
    // Read beside the till, not before it: on a database of years it takes seconds.
    const check = checkDatabaseIntegrity(file);
    started.unshift({ close: () => check.stop() });
    const databaseIntegrity = check.result;
    const stopDatabaseCheck = () => check.stop();
    // The HQ token beside the journal, where `kassa hq enrol` (which opens the same journal) put it.
    const withHqCredentials =
      config.hq === undefined || rest.hqCredentials !== undefined
        ? {}
        : {
            hqCredentials: hqCredentials({
              dataDir: path.dirname(file),
              logger,
              ...(vault === undefined ? {} : { vault }),
            }),
          };
    const email = config.receipts?.email;
    const printing = {
      ...(printerTransport === undefined ? {} : { printerTransport }),
      ...(email === undefined ? {} : { mailTransport: createSmtpTransport(email.smtp, smtpTimeouts) }),
    };
    if (payment === undefined && chosenOnline(config) === undefined)
      return createTill(config, {
        ...rest,
        ...withHqCredentials,
        catalog,
        books,
        databaseIntegrity,
        stopDatabaseCheck,
        ...printing,
      });
    const events = createEventHub(logger);
    const opened = await startTillPayments({
      config,
      book: books.payments,
      logger,
      events,
      words: paymentWordsFor(config.language),
      ...(env === undefined ? {} : { env }),
      ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
      ...(paymentTiming === undefined ? {} : { timing: paymentTiming }),
    });
    started.unshift(opened);
    const { terminal, payments, links, gateway } = opened;
    return createTill(config, {
      ...rest,
      ...withHqCredentials,
      ...(terminal === undefined ? {} : { terminal }),
      ...(payments === undefined ? {} : { payments }),
      ...(links === undefined ? {} : { links }),
      ...(gateway === undefined ? {} : { gateway }),
      events,
      catalog,
      books,
      databaseIntegrity,
      stopDatabaseCheck,
      ...printing,
    });
  } catch (error) {
    for (const service of started) await service.close();
    throw error;
  }
}
