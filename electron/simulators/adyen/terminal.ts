import type {
  DisplayNotificationEvent,
  MessageHeader,
  PaymentResponse,
  ReversalResponse,
  SaleToPOIResponse,
  TerminalNotification,
  TransactionIdentification,
} from '../../../shared/payments/adyen/nexo.ts';
import { minorToMajor } from './amounts.ts';
import { createFaultQueue, type FaultQueue, type TakenFaults } from './faults.ts';
import { formEncode } from './form-encoding.ts';
import { buildReceipts, type ReceiptFacts } from './receipts.ts';
import type { References } from './references.ts';
import type { RequestHeader } from './request-schemas.ts';
import type { Scenario } from '../scenarios.ts';
import type { SimTime } from '../sim-time.ts';

/**
 * One simulated payment terminal as Adyen's cloud sees it: online or not,
 * the transaction it is working on (one at a time), and every transaction it
 * has finished, kept for the simulator's lifetime so status requests and
 * referenced refunds work. The timings are a real terminal's, in simulated
 * milliseconds.
 */

/** How long a shopper takes, per step (simulated ms). */
export const TIMINGS = {
  presentCard: 2_000,
  enterPin: 2_500,
  authorise: 1_500,
  shopperCancels: 3_000,
  /** Adyen: "Insert, swipe, or tap card" times out after 120 s. */
  cardWait: 120_000,
  /** Adyen's platform cancels a cloud transaction the issuer has not answered within 150 s. */
  issuerTimeout: 150_000,
  refund: 1_500,
} as const;

/** Above this (in minor units) the shopper inserts the card and enters a PIN; at or below, they tap. */
const CONTACTLESS_LIMIT_MINOR = 5_000;

export type TransactionKind = 'payment' | 'refund' | 'reversal';

/** How the till asked: `/sync` waits for the result on the request, `/async` gets it at its event URLs. */
export type Channel = 'sync' | 'async';

export interface SimTransaction {
  readonly kind: TransactionKind;
  readonly category: 'Payment' | 'Reversal';
  readonly channel: Channel;
  readonly requestHeader: RequestHeader;
  readonly saleTransactionId: TransactionIdentification | undefined;
  readonly tenderReference: string;
  readonly startedAt: Date;
  readonly currency: string;
  readonly amountMinor: number;
  /** `metadata.*` from SaleToAcquirerData, echoed in AdditionalResponse. */
  readonly metadata: ReadonlyMap<string, string>;
  readonly faults: TakenFaults;
  /** Set when the terminal has finished; the cloud may not know yet (terminal offline). */
  response: SaleToPOIResponse | undefined;
  /** Set once the terminal's result has reached the cloud. */
  reported: boolean;
  /** Set on approved payments: the terminal's reference, for referenced refunds. */
  poiTransactionId: TransactionIdentification | undefined;
  /** Approved payments: how much has been refunded or is being refunded. */
  refundedMinor: number;
  readonly abortController: AbortController;
  /** Resolves when the cloud has the result. */
  readonly whenReported: Promise<SaleToPOIResponse>;
}

export interface TerminalNotifier {
  /** A display notification (progress), sent to the event URLs if any. */
  display(terminal: SimulatedTerminal, transaction: SimTransaction, event: DisplayNotificationEvent): void;
  /** The terminal's result reached the cloud. */
  reported(terminal: SimulatedTerminal, transaction: SimTransaction): void;
  /** The terminal came back online. */
  connected(terminal: SimulatedTerminal): void;
}

export interface TerminalDependencies {
  time: SimTime;
  references: References;
  merchantAccount: string;
  notifier: TerminalNotifier;
}

export interface SimulatedTerminal {
  readonly poiid: string;
  readonly deviceId: string;
  readonly store: string;
  readonly faults: FaultQueue;
  readonly online: boolean;
  setOnline(online: boolean): void;
  /** Resolves true when the terminal goes offline (at once if it is), false if `signal` aborts first. */
  untilOffline(signal: AbortSignal): Promise<boolean>;
  /** The transaction in progress, if any: the terminal runs one at a time. */
  readonly current: SimTransaction | undefined;
  readonly transactions: readonly SimTransaction[];
  /** Records a ServiceID; false if it was used on this terminal within the last 48 hours. */
  claimServiceId(serviceId: string): boolean;
  startPayment(start: PaymentStart): SimTransaction;
  startReversal(start: ReversalStart): SimTransaction;
  /** A transaction answered at once without reaching the card reader (Busy), kept for status requests. */
  recordImmediate(start: ImmediateStart): SimTransaction;
}

interface CommonStart {
  header: RequestHeader;
  channel: Channel;
  saleTransactionId: TransactionIdentification | undefined;
  currency: string;
  amountMinor: number;
  metadata: ReadonlyMap<string, string>;
  faults: TakenFaults;
}

export interface PaymentStart extends CommonStart {
  kind: 'payment' | 'refund';
  scenario: Scenario;
}

export interface ReversalStart extends CommonStart {
  original: SimTransaction;
  reversalReason: string;
}

export interface ImmediateStart extends CommonStart {
  kind: TransactionKind;
  errorCondition: string;
  message: string;
}

const SERVICE_ID_LIFETIME_MS = 48 * 60 * 60 * 1000;

export function responseHeader(header: RequestHeader): MessageHeader {
  return { ...header, MessageType: 'Response' } as MessageHeader;
}

export function createSimulatedTerminal(
  identity: { poiid: string; deviceId: string; store: string },
  dependencies: TerminalDependencies,
): SimulatedTerminal {
  const { time, references, notifier } = dependencies;
  const transactions: SimTransaction[] = [];
  const serviceIds = new Map<string, number>();
  let online = true;
  let current: SimTransaction | undefined;
  let offlineWaiters: (() => void)[] = [];

  const terminal: SimulatedTerminal = {
    ...identity,
    faults: createFaultQueue(),
    get online() {
      return online;
    },
    get current() {
      return current;
    },
    transactions,
    setOnline(next) {
      if (next === online) return;
      online = next;
      if (!online) {
        for (const wake of offlineWaiters) wake();
        offlineWaiters = [];
        return;
      }
      notifier.connected(terminal);
      // Whatever finished while the terminal was cut off reaches the cloud now.
      for (const transaction of transactions) {
        if (transaction.response !== undefined && !transaction.reported) report(transaction);
      }
    },
    untilOffline(signal) {
      if (!online) return Promise.resolve(true);
      if (signal.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', stop);
          resolve(true);
        };
        const stop = () => {
          offlineWaiters = offlineWaiters.filter((waiter) => waiter !== wake);
          resolve(false);
        };
        offlineWaiters.push(wake);
        signal.addEventListener('abort', stop, { once: true });
      });
    },
    claimServiceId(serviceId) {
      // Lifetimes run on simulated time, like every other rule here.
      const now = Date.now();
      const lifetime = SERVICE_ID_LIFETIME_MS * time.scale;
      // A Map iterates in insertion order, oldest first: stop at the first one still in force.
      for (const [id, claimedAt] of serviceIds) {
        if (now - claimedAt <= lifetime) break;
        serviceIds.delete(id);
      }
      if (serviceIds.has(serviceId)) return false;
      serviceIds.set(serviceId, now);
      return true;
    },
    startPayment(start) {
      const transaction = begin(start.kind, 'Payment', start);
      current = transaction;
      void runPayment(transaction, start.scenario);
      return transaction;
    },
    startReversal(start) {
      const transaction = begin('reversal', 'Reversal', start);
      current = transaction;
      void runReversal(transaction, start);
      return transaction;
    },
    recordImmediate(start) {
      const transaction = begin(start.kind, start.kind === 'reversal' ? 'Reversal' : 'Payment', start);
      finish(transaction, failure(transaction, start.errorCondition, { message: start.message }, false));
      return transaction;
    },
  };

  function begin(kind: TransactionKind, category: 'Payment' | 'Reversal', start: CommonStart): SimTransaction {
    let resolveReported!: (response: SaleToPOIResponse) => void;
    const whenReported = new Promise<SaleToPOIResponse>((resolve) => (resolveReported = resolve));
    const transaction: SimTransaction & { resolveReported: typeof resolveReported } = {
      kind,
      category,
      channel: start.channel,
      requestHeader: start.header,
      saleTransactionId: start.saleTransactionId,
      tenderReference: references.tenderReference(),
      startedAt: time.now(),
      currency: start.currency,
      amountMinor: start.amountMinor,
      metadata: start.metadata,
      faults: start.faults,
      response: undefined,
      reported: false,
      poiTransactionId: undefined,
      refundedMinor: 0,
      abortController: new AbortController(),
      whenReported,
      resolveReported,
    };
    transactions.push(transaction);
    const offline = start.faults.get('offline-mid-transaction');
    if (offline !== undefined) {
      void time.wait(offline.afterMs).then((elapsed) => elapsed && terminal.setOnline(false));
    }
    return transaction;
  }

  function report(transaction: SimTransaction) {
    if (transaction.response === undefined || transaction.reported) return;
    transaction.reported = true;
    (transaction as SimTransaction & { resolveReported(response: SaleToPOIResponse): void }).resolveReported(
      transaction.response,
    );
    notifier.reported(terminal, transaction);
  }

  function finish(
    transaction: SimTransaction,
    body: { PaymentResponse: PaymentResponse } | { ReversalResponse: ReversalResponse },
  ) {
    transaction.response = {
      SaleToPOIResponse: { MessageHeader: responseHeader(transaction.requestHeader), ...body },
    };
    if (current === transaction) current = undefined;
    if (online) report(transaction);
  }

  function display(transaction: SimTransaction, event: DisplayNotificationEvent) {
    if (online) notifier.display(terminal, transaction, event);
  }

  /** Waits on the shopper; false if the cash register aborted the transaction meanwhile. */
  function shopper(transaction: SimTransaction, ms: number): Promise<boolean> {
    return time.wait(ms, transaction.abortController.signal);
  }

  function additional(transaction: SimTransaction, fields: Record<string, string | undefined>): string {
    const metadata = Object.fromEntries(transaction.metadata);
    return formEncode({ ...fields, ...metadata });
  }

  function saleData(transaction: SimTransaction): PaymentResponse['SaleData'] {
    return transaction.saleTransactionId === undefined
      ? undefined
      : { SaleTransactionID: transaction.saleTransactionId };
  }

  function failure(
    transaction: SimTransaction,
    errorCondition: string,
    fields: { refusalReason?: string; message: string; pspReference?: string },
    cardRead: boolean,
    receipts?: ReceiptFacts,
  ): { PaymentResponse: PaymentResponse } | { ReversalResponse: ReversalResponse } {
    const transactionId =
      fields.pspReference === undefined
        ? transaction.tenderReference
        : `${transaction.tenderReference}.${fields.pspReference}`;
    const response = {
      Result: 'Failure' as const,
      ErrorCondition: errorCondition,
      AdditionalResponse: additional(transaction, {
        pspReference: fields.pspReference,
        ...(cardRead ? cardFields(transaction) : {}),
        refusalReason: fields.refusalReason,
        message: fields.message,
      }),
    };
    const poiData = {
      POITransactionID: { TransactionID: transactionId, TimeStamp: transaction.startedAt.toISOString() },
    };
    if (transaction.category === 'Reversal') {
      return { ReversalResponse: { Response: response, POIData: poiData } };
    }
    const sale = saleData(transaction);
    return {
      PaymentResponse: {
        Response: response,
        ...(sale === undefined ? {} : { SaleData: sale }),
        POIData: poiData,
        ...(receipts === undefined ? {} : { PaymentReceipt: buildReceipts(receipts) }),
      },
    };
  }

  function card(transaction: SimTransaction) {
    const tapped = transaction.amountMinor <= CONTACTLESS_LIMIT_MINOR;
    return {
      maskedPan: '541333 **** 9999',
      last4: '9999',
      brand: 'mc',
      brandName: 'MasterCard',
      holder: 'AD YEN-UK',
      entryMode: tapped ? ('Tapped' as const) : ('ICC' as const),
      pin: !tapped,
    };
  }

  function cardFields(transaction: SimTransaction): Record<string, string> {
    const used = card(transaction);
    return {
      cardType: used.brand,
      cardHolderName: used.holder,
      cardSummary: used.last4,
      paymentMethod: used.brand,
      posEntryMode: used.entryMode === 'Tapped' ? 'CLESS_CHIP' : 'CHIP',
    };
  }

  function receiptFacts(
    transaction: SimTransaction,
    outcome: 'approved' | 'declined',
    extra: { approvalCode?: string; refusalReason?: string },
  ): ReceiptFacts {
    const used = card(transaction);
    return {
      merchantName: dependencies.merchantAccount,
      poiid: terminal.poiid,
      when: time.now(),
      tenderReference: transaction.tenderReference,
      maskedPan: used.maskedPan,
      brandName: used.brandName,
      entryMode: used.entryMode,
      transactionType: transaction.kind === 'payment' ? 'GOODS_SERVICES' : 'REFUND',
      amountMinor: transaction.amountMinor,
      currency: transaction.currency,
      outcome,
      ...extra,
    };
  }

  async function runPayment(transaction: SimTransaction, scenario: Scenario): Promise<void> {
    display(transaction, 'TENDER_CREATED');
    /** Ended before any card was read; the terminal gives the same text as refusalReason and message. */
    const endedWithoutCard = (errorCondition: string, reason: string) =>
      finish(transaction, failure(transaction, errorCondition, { refusalReason: reason, message: reason }, false));
    const aborted = () => endedWithoutCard('Aborted', '104 Merchant cancelled tx');

    if (scenario.kind === 'shopper-cancels' || scenario.kind === 'no-card') {
      const cancels = scenario.kind === 'shopper-cancels';
      if (!(await shopper(transaction, cancels ? TIMINGS.shopperCancels : TIMINGS.cardWait))) return aborted();
      display(transaction, 'TENDER_FINAL');
      return endedWithoutCard('Cancel', cancels ? '108 Shopper cancelled tx' : '126 Shopper did not present card');
    }

    if (!(await shopper(transaction, TIMINGS.presentCard))) return aborted();
    const used = card(transaction);
    display(transaction, used.entryMode === 'Tapped' ? 'CARD_PRESENTED' : 'CARD_INSERTED');
    if (used.pin) {
      display(transaction, 'WAIT_FOR_PIN');
      if (!(await shopper(transaction, TIMINGS.enterPin))) return aborted();
      display(transaction, 'PIN_ENTERED');
    }
    // From here the card and PIN are with the acquirer: an abort no longer stops
    // the payment, exactly the race a till must survive (approved after "cancel").
    const pspReference = references.pspReference();
    if (scenario.kind === 'issuer-timeout') {
      await time.wait(TIMINGS.issuerTimeout);
      display(transaction, 'TENDER_FINAL');
      return finish(
        transaction,
        failure(
          transaction,
          'Communication timeout',
          { pspReference, refusalReason: 'Issuer Unavailable', message: 'Communication timeout' },
          true,
        ),
      );
    }
    await time.wait(TIMINGS.authorise);
    display(transaction, 'TENDER_FINAL');

    if (scenario.kind === 'decline') {
      const reason = scenario.refusalReason;
      return finish(
        transaction,
        failure(
          transaction,
          scenario.errorCondition,
          { pspReference, refusalReason: reason, message: reason },
          true,
          receiptFacts(transaction, 'declined', { refusalReason: reason }),
        ),
      );
    }
    approve(transaction, pspReference, scenario.kind === 'partial-approval', scenario.kind === 'signature');
  }

  function approve(transaction: SimTransaction, pspReference: string, partial = false, signature = false) {
    const used = card(transaction);
    const approvalCode = references.approvalCode();
    const now = time.now().toISOString();
    transaction.poiTransactionId = {
      TransactionID: `${transaction.tenderReference}.${pspReference}`,
      TimeStamp: transaction.startedAt.toISOString(),
    };
    const sale = saleData(transaction);
    const authorisedMinor = partial ? Math.floor(transaction.amountMinor / 2) : transaction.amountMinor;
    const authorised = minorToMajor(authorisedMinor, transaction.currency);
    finish(transaction, {
      PaymentResponse: {
        Response: {
          Result: partial ? 'Partial' : 'Success',
          AdditionalResponse: additional(transaction, {
            tid: terminal.deviceId,
            transactionType: transaction.kind === 'payment' ? 'GOODS_SERVICES' : 'REFUND',
            pspReference,
            ...cardFields(transaction),
            authCode: approvalCode,
            posAuthAmountCurrency: transaction.currency,
            posAuthAmountValue: String(authorisedMinor),
            iso8601TxDate: now,
            merchantReference: transaction.saleTransactionId?.TransactionID,
          }),
        },
        ...(sale === undefined ? {} : { SaleData: sale }),
        POIData: { POITransactionID: transaction.poiTransactionId, POIReconciliationID: '1000' },
        PaymentResult: {
          PaymentType: transaction.kind === 'payment' ? 'Normal' : 'Refund',
          OnlineFlag: true,
          AmountsResp: { AuthorizedAmount: authorised, Currency: transaction.currency },
          PaymentInstrumentData: {
            PaymentInstrumentType: 'Card',
            CardData: { MaskedPan: used.maskedPan, PaymentBrand: used.brand, EntryMode: [used.entryMode] },
          },
          PaymentAcquirerData: {
            ApprovalCode: approvalCode,
            MerchantID: dependencies.merchantAccount,
            AcquirerPOIID: terminal.poiid,
            AcquirerTransactionID: { TransactionID: pspReference, TimeStamp: now },
          },
        },
        PaymentReceipt: buildReceipts(receiptFacts(transaction, 'approved', { approvalCode }), { signature }),
      },
    });
  }

  async function runReversal(transaction: SimTransaction, start: ReversalStart): Promise<void> {
    display(transaction, 'TENDER_CREATED');
    await time.wait(TIMINGS.refund);
    display(transaction, 'TENDER_FINAL');
    const pspReference = references.pspReference();
    const original = start.original.poiTransactionId;
    transaction.poiTransactionId = {
      TransactionID: `${transaction.tenderReference}.${pspReference}`,
      TimeStamp: transaction.startedAt.toISOString(),
    };
    finish(transaction, {
      ReversalResponse: {
        Response: {
          Result: 'Success',
          AdditionalResponse: additional(transaction, {
            pspReference,
            originalReference: original?.TransactionID.split('.')[1],
            reversalReason: start.reversalReason,
            posAuthAmountCurrency: transaction.currency,
            posAuthAmountValue: String(transaction.amountMinor),
          }),
        },
        POIData: { POITransactionID: transaction.poiTransactionId, POIReconciliationID: '1000' },
        ...(original === undefined
          ? {}
          : { OriginalPOITransaction: { POITransactionID: original, POIID: start.original.requestHeader.POIID } }),
        ReversedAmount: minorToMajor(transaction.amountMinor, transaction.currency),
        PaymentReceipt: buildReceipts(receiptFacts(transaction, 'approved', {})),
      },
    });
  }

  return terminal;
}

/** The display notification a terminal posts for one step of a tender. */
export function displayNotification(
  terminal: SimulatedTerminal,
  transaction: SimTransaction,
  event: DisplayNotificationEvent,
  when: Date,
): TerminalNotification {
  const header = transaction.requestHeader;
  return {
    SaleToPOIRequest: {
      MessageHeader: {
        ProtocolVersion: '3.0',
        MessageClass: 'Device',
        MessageCategory: 'Display',
        MessageType: 'Request',
        ServiceID: header.ServiceID,
        DeviceID: terminal.deviceId,
        SaleID: header.SaleID,
        POIID: terminal.poiid,
      },
      DisplayRequest: {
        DisplayOutput: [
          {
            Device: 'CashierDisplay',
            InfoQualify: 'Status',
            ResponseRequiredFlag: false,
            OutputContent: {
              OutputFormat: 'MessageRef',
              PredefinedContent: {
                ReferenceID: formEncode({
                  TransactionID: transaction.tenderReference,
                  TimeStamp: when.toISOString(),
                  event,
                }),
              },
            },
          },
        ],
      },
    },
  };
}
