import { randomInt } from 'node:crypto';
import type { SaleToPOIServiceResponse, TransactionIdentification } from '../../../shared/payments/worldline/nexo.ts';
import type { Scenario } from '../scenarios.ts';
import type { SimTime } from '../sim-time.ts';
import { TIMINGS } from '../adyen/terminal.ts';
import { createFaultQueue, type FaultQueue, type TakenFaults } from './faults.ts';
import type { ParsedHeader, PoiIdentity } from './request-schemas.ts';
import { envelope, responseHeader, serviceResponse, type Card, type Outcome } from './responses.ts';

/**
 * One simulated SmartPOS terminal behind Worldline's cloud: connected or not,
 * the one transaction it runs at a time, and every transaction it has seen,
 * kept for the simulator's lifetime so status requests, referenced refunds
 * and reversals work. The shopper's and the bank's timings are the Adyen
 * terminal's (same magic amounts, same time scale), in simulated ms.
 */

export type TransactionKind = 'payment' | 'refund' | 'reversal';

/** `/payments/sync` holds the request for the result; `/payments` answers 202 and posts the result to the WebhookUrl. */
export type Channel = 'sync' | 'async';

export interface WebhookTarget {
  url: string;
  /** Attempts after the first. */
  retries: number;
}

export interface SimTransaction {
  readonly kind: TransactionKind;
  readonly channel: Channel;
  readonly exchangeId: string;
  /** The 202's requestId (asynchronous requests only). */
  readonly requestId: string | undefined;
  readonly header: ParsedHeader;
  readonly environment: PoiIdentity;
  /** Payments and refunds: the request's own. Reversals: the original's reference, at the reversal's time. */
  readonly identification: TransactionIdentification;
  /** Asked for (payments, refunds) or being reversed; 0 for a reversal refused before its amount was known. */
  readonly amountMinor: number;
  /** Null only for a reversal refused before its currency was known. */
  readonly currency: string | null;
  readonly faults: TakenFaults;
  readonly webhook: WebhookTarget | undefined;
  /** A referenced refund or a reversal: the payment it gives money back on. */
  readonly original: SimTransaction | undefined;
  state: 'running' | 'done';
  response: SaleToPOIServiceResponse | undefined;
  webhookAttempts: number;
  webhookDelivered: boolean;
  /** Approved card payments: how much was approved. */
  approvedMinor: number;
  /** Approved card payments: how much has been refunded or reversed, or is being. */
  returnedMinor: number;
  /** Resolves with the result once the terminal has one. */
  readonly done: Promise<SaleToPOIServiceResponse>;
}

export interface TransactionStart {
  kind: TransactionKind;
  channel: Channel;
  requestId: string | undefined;
  header: ParsedHeader;
  environment: PoiIdentity;
  identification: TransactionIdentification;
  amountMinor: number;
  currency: string | null;
  faults: TakenFaults;
  webhook: WebhookTarget | undefined;
  original?: SimTransaction | undefined;
}

/** What the cloud settles before the terminal sees a request: a terminal that is away or busy. */
export type TerminalScenario = Exclude<Scenario, { kind: 'terminal-offline' } | { kind: 'terminal-busy' }>;

export interface TerminalDependencies {
  time: SimTime;
  /** The terminal has a result; the cloud answers or posts it. */
  finished(terminal: SimulatedTerminal, transaction: SimTransaction): void;
}

export interface SimulatedTerminal {
  readonly utid: string;
  readonly faults: FaultQueue;
  readonly online: boolean;
  setOnline(online: boolean): void;
  /** The transaction in progress, if any. */
  readonly current: SimTransaction | undefined;
  /** Oldest first. */
  readonly transactions: readonly SimTransaction[];
  /** Requests refused because their ExchangeIdentification had been used. */
  readonly duplicates: number;
  /** True, and counted as a duplicate, if a payment, refund or reversal here already used this ExchangeIdentification. */
  refuseRepeat(exchangeId: string): boolean;
  /** A payment, refund or reversal is being processed under this ExchangeIdentification. */
  claimExchange(exchangeId: string): void;
  find(exchangeId: string): SimTransaction | undefined;
  /** The latest approved card payment with this reference at this instant. */
  approvedPayment(identification: TransactionIdentification): SimTransaction | undefined;
  startPayment(start: TransactionStart, scenario: TerminalScenario): SimTransaction;
  startReversal(start: TransactionStart): SimTransaction;
  /** A request answered without running (Busy, NotAllowed), kept so a status request finds it. */
  answerAtOnce(start: TransactionStart, outcome: Outcome): SimTransaction;
}

/** At or below this (minor units) the shopper taps a Visa card; above, they insert a Mastercard and enter a PIN. */
const CONTACTLESS_LIMIT_MINOR = 5_000;
const TAPPED_CARD: Card = { Brand: 'VISA', MaskedPAN: '411111******1111' };
const PIN_CARD: Card = { Brand: 'MASTERCARD', MaskedPAN: '541333******9999' };

export function createSimulatedTerminal(utid: string, dependencies: TerminalDependencies): SimulatedTerminal {
  const { time } = dependencies;
  const transactions: SimTransaction[] = [];
  const usedExchanges = new Set<string>();
  const resolvers = new WeakMap<SimTransaction, (response: SaleToPOIServiceResponse) => void>();
  /** Running refunds and reversals whose amount is set aside on their original. */
  const reserved = new WeakSet<SimTransaction>();
  let online = true;
  let current: SimTransaction | undefined;
  let duplicates = 0;

  const terminal: SimulatedTerminal = {
    utid,
    faults: createFaultQueue(),
    get online() {
      return online;
    },
    setOnline(next) {
      // A transaction already running goes on: only new requests find the terminal gone.
      online = next;
    },
    get current() {
      return current;
    },
    transactions,
    get duplicates() {
      return duplicates;
    },
    refuseRepeat(exchangeId) {
      if (!usedExchanges.has(exchangeId)) return false;
      duplicates += 1;
      return true;
    },
    claimExchange(exchangeId) {
      usedExchanges.add(exchangeId);
    },
    find: (exchangeId) => transactions.find((transaction) => transaction.exchangeId === exchangeId),
    approvedPayment(identification) {
      const instant = Date.parse(identification.TransactionDateTime);
      return transactions.findLast(
        (transaction) =>
          transaction.kind === 'payment' &&
          transaction.approvedMinor > 0 &&
          transaction.identification.TransactionReference === identification.TransactionReference &&
          // The same instant however it is written: "…Z" and "…+00:00" name one payment.
          Date.parse(transaction.identification.TransactionDateTime) === instant,
      );
    },
    startPayment(start, scenario) {
      const transaction = begin(start);
      reserve(transaction);
      current = transaction;
      void runPayment(transaction, scenario);
      return transaction;
    },
    startReversal(start) {
      const transaction = begin(start);
      reserve(transaction);
      current = transaction;
      void runReversal(transaction);
      return transaction;
    },
    answerAtOnce(start, outcome) {
      const transaction = begin(start);
      finish(transaction, outcome);
      return transaction;
    },
  };

  function begin(start: TransactionStart): SimTransaction {
    let resolve!: (response: SaleToPOIServiceResponse) => void;
    const done = new Promise<SaleToPOIServiceResponse>((settle) => (resolve = settle));
    const transaction: SimTransaction = {
      kind: start.kind,
      channel: start.channel,
      exchangeId: start.header.ExchangeIdentification,
      requestId: start.requestId,
      header: start.header,
      environment: start.environment,
      identification: start.identification,
      amountMinor: start.amountMinor,
      currency: start.currency,
      faults: start.faults,
      webhook: start.webhook,
      original: start.original,
      state: 'running',
      response: undefined,
      webhookAttempts: 0,
      webhookDelivered: false,
      approvedMinor: 0,
      returnedMinor: 0,
      done,
    };
    resolvers.set(transaction, resolve);
    transactions.push(transaction);
    return transaction;
  }

  /** Set aside now, so two refunds racing each other cannot both take the last of a payment. */
  function reserve(transaction: SimTransaction) {
    if (transaction.original === undefined) return;
    transaction.original.returnedMinor += transaction.amountMinor;
    reserved.add(transaction);
  }

  function finish(transaction: SimTransaction, outcome: Outcome) {
    const content = transaction.kind === 'reversal' ? 'reversal' : 'payment';
    const response = envelope(
      responseHeader(transaction.header, time.now()),
      serviceResponse(content, transaction.environment, transaction.identification, transaction.currency, outcome),
    );
    transaction.response = response;
    transaction.state = 'done';
    if (outcome.result === 'approved' && transaction.kind === 'payment') {
      transaction.approvedMinor = outcome.approvedMinor;
    }
    // Set aside when it started; a refund or reversal that did not go through gives it back.
    if (reserved.delete(transaction) && outcome.result !== 'approved' && transaction.original !== undefined) {
      transaction.original.returnedMinor -= transaction.amountMinor;
    }
    if (current === transaction) current = undefined;
    resolvers.get(transaction)?.(response);
    dependencies.finished(terminal, transaction);
  }

  function cardFor(transaction: SimTransaction): { card: Card; pin: boolean } {
    const pin = transaction.amountMinor > CONTACTLESS_LIMIT_MINOR;
    return { card: pin ? PIN_CARD : TAPPED_CARD, pin };
  }

  function approval(transaction: SimTransaction, approvedMinor: number, partial: boolean): Outcome {
    return {
      result: 'approved',
      approvedMinor,
      partial,
      card: cardFor(transaction).card,
      authorisationCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    };
  }

  /**
   * Runs a card payment or refund. Every wait ends early only when the
   * simulator closes; then the transaction is left unfinished, since nobody
   * is left to tell.
   */
  async function runPayment(transaction: SimTransaction, scenario: TerminalScenario): Promise<void> {
    if (scenario.kind === 'shopper-cancels') {
      if (!(await time.wait(TIMINGS.shopperCancels))) return;
      return finish(transaction, { result: 'failed', reason: 'Cancel', information: 'Cancelled by the customer' });
    }
    if (scenario.kind === 'no-card') {
      if (!(await time.wait(TIMINGS.cardWait))) return;
      return finish(transaction, { result: 'failed', reason: 'Cancel', information: 'No card presented' });
    }
    if (!(await time.wait(TIMINGS.presentCard))) return;
    if (cardFor(transaction).pin && !(await time.wait(TIMINGS.enterPin))) return;
    if (scenario.kind === 'issuer-timeout') {
      if (!(await time.wait(TIMINGS.issuerTimeout))) return;
      return finish(transaction, {
        result: 'failed',
        reason: 'CommunicationTimeout',
        information: 'The issuer did not answer in time',
      });
    }
    if (!(await time.wait(TIMINGS.authorise))) return;
    switch (scenario.kind) {
      case 'decline':
        return finish(transaction, {
          result: 'declined',
          reason: scenario.errorCondition,
          information: scenario.refusalReason,
        });
      case 'partial-approval':
        return finish(transaction, approval(transaction, Math.floor(transaction.amountMinor / 2), true));
      case 'approve':
      case 'signature':
        return finish(transaction, approval(transaction, transaction.amountMinor, false));
    }
  }

  async function runReversal(transaction: SimTransaction): Promise<void> {
    if (!(await time.wait(TIMINGS.refund))) return;
    finish(transaction, { result: 'approved', approvedMinor: transaction.amountMinor, partial: false });
  }

  return terminal;
}
