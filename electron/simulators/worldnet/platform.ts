import { randomInt } from 'node:crypto';
import type { CurrencyCode } from '../../../shared/money.ts';
import type { SimTime } from '../sim-time.ts';
import {
  paymentOutcome,
  refundDeclined,
  RESPONSE_TEXTS,
  type PaymentOutcome,
  type ResponseCode,
} from './magic-amounts.ts';

/**
 * Worldnet's side in memory: orders (each accepted hosted page request)
 * and transactions (the payment made on a page, and the refunds of it made
 * through the Merchant API). Knows nothing of HTTP, hashes or validations;
 * every time read here is simulated. Refusals are thrown as `Refusal`, and
 * each caller turns them into its own answer (a REST error, a control
 * status, an HTML page).
 */

export type OrderStatus = 'OPEN' | 'PAID' | 'DECLINED' | 'CANCELLED' | 'ABANDONED';

export interface Order {
  orderId: string;
  currency: CurrencyCode;
  /** AMOUNT exactly as the request wrote it: the validation sends it back so. */
  amount: string;
  amountMinor: number;
  /** The request's DATETIME, as sent. */
  dateTime: string;
  receiptPageUrl: string | undefined;
  validationUrl: string | undefined;
  method: 'GET' | 'POST';
  receivedAt: Date;
  status: OrderStatus;
  uniqueReference: string | undefined;
  changedAt: Date;
}

/** REST's `transactionResult.status` values (docs/WORLDNET.md); the simulator makes READY, DECLINED, REFERRAL, PICKUP and EXPIRED. */
export type RestStatus =
  | 'READY'
  | 'PENDING'
  | 'VOID'
  | 'DECLINED'
  | 'COMPLETE'
  | 'REFERRAL'
  | 'PICKUP'
  | 'REVERSAL'
  | 'SENT'
  | 'ADMIN'
  | 'EXPIRED'
  | 'ACCEPTED'
  | 'REVIEW'
  | 'OTHER';

export interface Card {
  cardType: string;
  maskedPan: string;
  /** MMYY. */
  expiryDate: string;
}

export interface Transaction {
  uniqueReference: string;
  type: 'SALE' | 'REFUND';
  terminalId: string;
  orderId: string;
  operator: string | undefined;
  currency: CurrencyCode;
  /** What was asked, positive. */
  amountMinor: number;
  /** What was approved, positive (0 when declined); REST writes a refund's negative. */
  authorizedMinor: number;
  status: RestStatus;
  resultCode: ResponseCode;
  resultMessage: string;
  approvalCode: string;
  dateTime: Date;
  /** A refund's payment. */
  paymentReference: string | undefined;
  refundReason: string | undefined;
  /** A payment whose background validation some try delivered. */
  validated: boolean;
  card: Card;
}

export class Refusal extends Error {
  readonly kind: 'not-found' | 'conflict' | 'rule';

  constructor(kind: Refusal['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** What paying an order did: a cancelled page makes no transaction. */
export interface Paid {
  order: Order;
  outcome: PaymentOutcome;
  transaction: Transaction | undefined;
}

export interface TransactionFilter {
  terminal: string;
  afterMs?: number | undefined;
  beforeMs?: number | undefined;
  batchType?: 'OPEN' | 'CLOSED' | undefined;
  resourceType?: 'PAYMENT' | 'REFUND' | undefined;
  orderId?: string | undefined;
  uniqueReference?: string | undefined;
  operator?: string | undefined;
  statusGroup?: keyof typeof STATUS_GROUPS | undefined;
}

/** `statusGroup` as the contract lists it; IN_PROGRESS is not a status the simulator makes. */
export const STATUS_GROUPS = {
  APPROVAL: ['PENDING', 'READY', 'COMPLETE'],
  REVERSAL: ['VOID', 'REVERSAL'],
  ACCEPTED: ['IN_PROGRESS'],
  DECLINED: ['DECLINED'],
  REFERRAL: ['REFERRAL'],
} as const satisfies Record<string, readonly string[]>;

const REFUNDABLE: ReadonlySet<RestStatus> = new Set(['READY', 'PENDING', 'COMPLETE']);
const UNIQUE_REF_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Visa's common test number: every payment on the simulated page is made with it. */
const TEST_PAN = '4111111111111111';

export interface Platform {
  /** Keeps an accepted page request; a Refusal (conflict) when its ORDERID was used before. */
  openOrder(order: Omit<Order, 'status' | 'uniqueReference' | 'receivedAt' | 'changedAt'>): Order;
  knowsOrder(orderId: string): boolean;
  order(orderId: string): Order;
  /** The customer pays: the amount decides, unless a result is chosen. */
  pay(orderId: string, chosen?: { responseCode: ResponseCode; responseText?: string | undefined }): Paid;
  /** The customer cancels on the page, or leaves it: nothing happens at Worldnet. */
  abandon(orderId: string, status?: 'CANCELLED' | 'ABANDONED'): Order;
  payment(uniqueReference: string): Transaction;
  refundOf(uniqueReference: string): Transaction;
  refund(
    paymentReference: string,
    request: { amountMinor: number; reason: string; operator: string },
  ): { refund: Transaction; payment: Transaction };
  search(filter: TransactionFilter): Transaction[];
  markValidated(uniqueReference: string): void;
  /** Flags a payment whose validation was given up: true when this changed it. */
  expire(uniqueReference: string): boolean;
  orders(): Order[];
  transactions(): Transaction[];
  reset(): void;
}

export function createPlatform(dependencies: { time: SimTime; terminalId: string }): Platform {
  const { time, terminalId } = dependencies;
  let orders = new Map<string, Order>();
  let transactions = new Map<string, Transaction>();

  function newUniqueReference(): string {
    for (;;) {
      const made = Array.from({ length: 10 }, () => UNIQUE_REF_ALPHABET[randomInt(UNIQUE_REF_ALPHABET.length)]).join(
        '',
      );
      if (!transactions.has(made)) return made;
    }
  }

  const newApprovalCode = () => String(randomInt(1_000_000)).padStart(6, '0');

  function testCard(): Card {
    const now = time.now();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    const year = String((now.getUTCFullYear() + 3) % 100).padStart(2, '0');
    return {
      cardType: 'VISA',
      maskedPan: `${TEST_PAN.slice(0, 6)}******${TEST_PAN.slice(-4)}`,
      expiryDate: month + year,
    };
  }

  function order(orderId: string): Order {
    const found = orders.get(orderId);
    if (found === undefined) throw new Refusal('not-found', `No order ${orderId}`);
    return found;
  }

  function openOrder(orderId: string): Order {
    const found = order(orderId);
    if (found.status !== 'OPEN') throw new Refusal('conflict', `Order ${orderId} is ${found.status}, not OPEN`);
    return found;
  }

  function transactionOf(type: Transaction['type'], uniqueReference: string): Transaction {
    const found = transactions.get(uniqueReference);
    if (found?.type !== type) {
      throw new Refusal('not-found', `No ${type === 'SALE' ? 'payment' : 'refund'} ${uniqueReference}`);
    }
    return found;
  }

  /** Approved refunds of `payment` so far, in minor units. */
  function refunded(payment: Transaction): number {
    let sum = 0;
    for (const one of transactions.values()) {
      if (one.type === 'REFUND' && one.paymentReference === payment.uniqueReference && one.resultCode === 'A') {
        sum += one.authorizedMinor;
      }
    }
    return sum;
  }

  function matches(one: Transaction, filter: TransactionFilter): boolean {
    const groups: readonly string[] | undefined =
      filter.statusGroup === undefined ? undefined : STATUS_GROUPS[filter.statusGroup];
    const at = one.dateTime.getTime();
    return (
      one.terminalId === filter.terminal &&
      // The simulator never closes a batch: everything sits in the open one.
      filter.batchType !== 'CLOSED' &&
      (filter.afterMs === undefined || at > filter.afterMs) &&
      (filter.beforeMs === undefined || at < filter.beforeMs) &&
      (filter.resourceType === undefined || (filter.resourceType === 'PAYMENT') === (one.type === 'SALE')) &&
      (filter.orderId === undefined || one.orderId === filter.orderId) &&
      (filter.uniqueReference === undefined || one.uniqueReference === filter.uniqueReference) &&
      (filter.operator === undefined || one.operator === filter.operator) &&
      (groups === undefined || groups.includes(one.status))
    );
  }

  return {
    openOrder(input) {
      if (orders.has(input.orderId)) throw new Refusal('conflict', `ORDERID ${input.orderId} has been used before`);
      const now = time.now();
      const made: Order = {
        ...input,
        status: 'OPEN',
        uniqueReference: undefined,
        receivedAt: now,
        changedAt: now,
      };
      orders.set(made.orderId, made);
      return made;
    },
    knowsOrder: (orderId) => orders.has(orderId),
    order,
    pay(orderId, chosen) {
      const found = openOrder(orderId);
      const outcome: PaymentOutcome =
        chosen === undefined
          ? paymentOutcome(found.amountMinor)
          : {
              kind: 'result',
              responseCode: chosen.responseCode,
              responseText: chosen.responseText ?? RESPONSE_TEXTS[chosen.responseCode],
              emptyText: 'dropped',
              delivery: 'now',
            };
      const now = time.now();
      found.changedAt = now;
      if (outcome.kind === 'cancelled') {
        found.status = 'CANCELLED';
        return { order: found, outcome, transaction: undefined };
      }
      const approved = outcome.responseCode === 'A' || outcome.responseCode === 'E';
      const made: Transaction = {
        uniqueReference: newUniqueReference(),
        type: 'SALE',
        terminalId,
        orderId,
        operator: undefined,
        currency: found.currency,
        amountMinor: found.amountMinor,
        authorizedMinor: approved ? found.amountMinor : 0,
        status: approved
          ? 'READY'
          : outcome.responseCode === 'D'
            ? 'DECLINED'
            : outcome.responseCode === 'R'
              ? 'REFERRAL'
              : 'PICKUP',
        resultCode: outcome.responseCode,
        // REST has a message even where the page's RESPONSETEXT was empty (…901, …902).
        resultMessage: outcome.responseText === '' ? RESPONSE_TEXTS[outcome.responseCode] : outcome.responseText,
        approvalCode: approved ? newApprovalCode() : '',
        dateTime: now,
        paymentReference: undefined,
        refundReason: undefined,
        validated: false,
        card: testCard(),
      };
      transactions.set(made.uniqueReference, made);
      found.status = approved ? 'PAID' : 'DECLINED';
      found.uniqueReference = made.uniqueReference;
      return { order: found, outcome, transaction: made };
    },
    abandon(orderId, status = 'ABANDONED') {
      const found = openOrder(orderId);
      found.status = status;
      found.changedAt = time.now();
      return found;
    },
    payment: (uniqueReference) => transactionOf('SALE', uniqueReference),
    refundOf: (uniqueReference) => transactionOf('REFUND', uniqueReference),
    refund(paymentReference, request) {
      const payment = transactionOf('SALE', paymentReference);
      if (!REFUNDABLE.has(payment.status) || payment.authorizedMinor === 0) {
        throw new Refusal('rule', `The payment is ${payment.status} and cannot be refunded`);
      }
      const left = payment.authorizedMinor - refunded(payment);
      if (request.amountMinor > left) {
        throw new Refusal('rule', 'refundAmount is more than is left to refund of the payment');
      }
      const declined = refundDeclined(request.amountMinor);
      const made: Transaction = {
        uniqueReference: newUniqueReference(),
        type: 'REFUND',
        terminalId,
        // A refund carries its payment's orderId: unverified at Worldnet, and what Kassa's search relies on.
        orderId: payment.orderId,
        operator: request.operator,
        currency: payment.currency,
        amountMinor: request.amountMinor,
        authorizedMinor: declined ? 0 : request.amountMinor,
        status: declined ? 'DECLINED' : 'READY',
        resultCode: declined ? 'D' : 'A',
        resultMessage: declined ? RESPONSE_TEXTS.D : RESPONSE_TEXTS.A,
        approvalCode: declined ? '' : newApprovalCode(),
        dateTime: time.now(),
        paymentReference,
        refundReason: request.reason,
        validated: false,
        card: payment.card,
      };
      transactions.set(made.uniqueReference, made);
      return { refund: made, payment };
    },
    search: (filter) => [...transactions.values()].filter((one) => matches(one, filter)),
    markValidated(uniqueReference) {
      const found = transactions.get(uniqueReference);
      if (found !== undefined) found.validated = true;
    },
    expire(uniqueReference) {
      const found = transactions.get(uniqueReference);
      if (found === undefined || found.validated || found.status === 'EXPIRED') return false;
      found.status = 'EXPIRED';
      return true;
    },
    orders: () => [...orders.values()],
    transactions: () => [...transactions.values()],
    reset() {
      orders = new Map();
      transactions = new Map();
    },
  };
}
