import { randomUUID } from 'node:crypto';
import type {
  AcceptedBody,
  ErrorBody,
  MessageReference,
  SaleToPOIServiceResponse,
  ServiceResponse,
  TransactionIdentification,
  WorldlineWebhookBody,
} from '../../../shared/payments/worldline/nexo.ts';
import type { Logger } from '../../logging/logger.ts';
import { scenarioFor, type Scenario } from '../scenarios.ts';
import type { SimTime } from '../sim-time.ts';
import { describeAmount } from './amounts.ts';
import type { FaultStatus, TakenFaults } from './faults.ts';
import { categoryOf, readRequest, type ParsedRequest } from './request-schemas.ts';
import { envelope, responseHeader, type Outcome } from './responses.ts';
import type { Channel, SimTransaction, SimulatedTerminal, TransactionStart } from './terminal.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';

/**
 * Worldline's cloud between the till and one terminal: reads a request the
 * HTTP layer has authenticated and routed, refuses what the cloud refuses,
 * hands the rest to the terminal, and answers on the request's channel
 * (`/payments/sync`: the result on the held request; `/payments`: 202 now,
 * the result to the WebhookUrl). Knows nothing of sockets; `simulator.ts`
 * carries the bytes.
 */

export type CloudReply =
  | { kind: 'json'; status: number; body: unknown; headers?: Readonly<Record<string, string>> }
  /** Cut the connection without an answer (a scripted fault). */
  | { kind: 'drop' }
  /** Hold the connection until the client gives up (a scripted fault, or the client already left). */
  | { kind: 'never' };

export interface CloudDependencies {
  time: SimTime;
  logger: Logger;
  delivery: WebhookDelivery;
}

export interface Cloud {
  handle(request: {
    terminal: SimulatedTerminal;
    channel: Channel;
    raw: string;
    /** Aborts when the client hangs up. */
    signal: AbortSignal;
  }): Promise<CloudReply>;
  /** The terminal has a result: post it if the request was asynchronous. */
  finished(terminal: SimulatedTerminal, transaction: SimTransaction): void;
}

/** Used when the request asks for no number of retries. */
export const DEFAULT_NUMBER_OF_RETRIES = 3;

const FAULT_MESSAGES: Readonly<Record<FaultStatus, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  404: 'Not found',
  408: 'Request timeout',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

export function errorReply(status: number, message: string, headers?: Readonly<Record<string, string>>): CloudReply {
  const body: ErrorBody = { message };
  return { kind: 'json', status, body, ...(headers === undefined ? {} : { headers }) };
}

/** The statuses that tell a client when to come back. */
export function retryAfter(status: number): Readonly<Record<string, string>> | undefined {
  return status === 429 || status === 503 ? { 'retry-after': '1' } : undefined;
}

function faultReply(status: FaultStatus): CloudReply {
  return errorReply(status, FAULT_MESSAGES[status], retryAfter(status));
}

const BUSY: Outcome = {
  result: 'failed',
  reason: 'Busy',
  information: 'The terminal is busy with another transaction',
};

function notAllowed(information: string): Outcome {
  return { result: 'failed', reason: 'NotAllowed', information };
}

type PaymentRequest = Extract<ParsedRequest, { content: 'payment' }>;
/** What every transaction a request starts gets from the request itself. */
type CommonStart = Omit<TransactionStart, 'kind' | 'identification' | 'amountMinor' | 'currency'>;

/** What the magic-amount table (shared with the Adyen simulator) says the shopper, card and bank do. */
function scenarioOf(request: PaymentRequest): Scenario {
  const { TransactionType, TransactionDetails } = request.transaction;
  return scenarioFor(TransactionDetails.amountMinor, TransactionType === 'Refund' ? 'refund' : 'payment');
}

/** Resolves with `promise`'s value, or undefined as soon as the client hangs up. */
function unlessHungUp<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}

export function createCloud(dependencies: CloudDependencies): Cloud {
  const { time, logger, delivery } = dependencies;

  /** The scripted faults on the answer, applied once the request has been processed. */
  function withReplyFaults(reply: CloudReply, faults: TakenFaults): CloudReply {
    if (faults.has('never-respond')) return { kind: 'never' };
    if (faults.has('drop-connection')) return { kind: 'drop' };
    const lost = faults.get('http-error');
    if (lost !== undefined) return faultReply(lost.status);
    return reply;
  }

  async function answer(transaction: SimTransaction, signal: AbortSignal): Promise<CloudReply> {
    if (transaction.channel === 'async') {
      const accepted: AcceptedBody = { requestId: transaction.requestId ?? randomUUID() };
      return withReplyFaults({ kind: 'json', status: 202, body: accepted }, transaction.faults);
    }
    // A client that hangs up does not stop the terminal: the payment goes on without anyone to tell.
    const result = await unlessHungUp(transaction.done, signal);
    if (result === undefined) return { kind: 'never' };
    return withReplyFaults({ kind: 'json', status: 200, body: result }, transaction.faults);
  }

  function notConnected(terminal: SimulatedTerminal): CloudReply {
    return errorReply(404, `Terminal ${terminal.utid} is not connected`);
  }

  function describeOriginal(identification: TransactionIdentification): string {
    return `${identification.TransactionReference} at ${identification.TransactionDateTime}`;
  }

  /** Why a referenced refund may not go ahead, or undefined if it may. */
  function refundRefusal(
    original: SimTransaction | undefined,
    identification: TransactionIdentification,
    amountMinor: number,
    currency: string,
  ): string | undefined {
    if (original === undefined) {
      return `No approved card payment ${describeOriginal(identification)} on this terminal`;
    }
    if (original.currency !== currency) {
      return `The original payment was in ${String(original.currency)}, not ${currency}`;
    }
    const left = original.approvedMinor - original.returnedMinor;
    if (left <= 0) return 'The original payment has already been refunded in full';
    if (amountMinor > left) {
      return `The refund exceeds what is left of the original payment (${describeAmount(left, currency)})`;
    }
    return undefined;
  }

  function payment(terminal: SimulatedTerminal, request: PaymentRequest, common: CommonStart): SimTransaction {
    const { TransactionType, TransactionIdentification, TransactionDetails, OriginalTransaction } = request.transaction;
    const scenario = scenarioOf(request);
    if (scenario.kind === 'terminal-offline') throw new Error('An offline terminal is answered before it gets here');
    const start: TransactionStart = {
      ...common,
      kind: TransactionType === 'Refund' ? 'refund' : 'payment',
      identification: {
        TransactionDateTime: TransactionIdentification.TransactionDateTime,
        TransactionReference: TransactionIdentification.TransactionReference,
      },
      amountMinor: TransactionDetails.amountMinor,
      currency: TransactionDetails.Currency,
    };
    if (terminal.current !== undefined || scenario.kind === 'terminal-busy') return terminal.answerAtOnce(start, BUSY);
    if (OriginalTransaction === undefined) return terminal.startPayment(start, scenario);
    const named = OriginalTransaction.TransactionIdentification;
    const original = terminal.approvedPayment(named);
    const refusal = refundRefusal(original, named, start.amountMinor, TransactionDetails.Currency);
    if (refusal !== undefined) return terminal.answerAtOnce({ ...start, original }, notAllowed(refusal));
    return terminal.startPayment({ ...start, original }, scenario);
  }

  function reversal(
    terminal: SimulatedTerminal,
    request: Extract<ParsedRequest, { content: 'reversal' }>,
    common: CommonStart,
  ): SimTransaction {
    const { OriginalTransaction, TransactionDetails: given } = request.reversal.ReversalTransaction;
    const named = OriginalTransaction.TransactionIdentification;
    const original = terminal.approvedPayment(named);
    const left = original === undefined ? 0 : original.approvedMinor - original.returnedMinor;
    const start: TransactionStart = {
      ...common,
      kind: 'reversal',
      // A reversal has no reference of its own: it answers with the original's, at its own time.
      identification: {
        TransactionReference: named.TransactionReference,
        TransactionDateTime: time.now().toISOString(),
      },
      amountMinor: given?.amountMinor ?? left,
      currency: given?.Currency ?? original?.currency ?? null,
      original,
    };
    const refuse = (information: string) => terminal.answerAtOnce(start, notAllowed(information));
    if (terminal.current !== undefined) return terminal.answerAtOnce(start, BUSY);
    if (original === undefined) return refuse(`No approved card payment ${describeOriginal(named)} on this terminal`);
    const currency = original.currency ?? '';
    if (given !== undefined && given.Currency !== currency) {
      return refuse(`The original payment was in ${currency}, not ${given.Currency}`);
    }
    if (left <= 0) return refuse('Nothing is left of the original payment to reverse');
    if (given !== undefined && given.amountMinor !== left) {
      return refuse(`TotalAmount must be what is left of the original payment (${describeAmount(left, currency)})`);
    }
    return terminal.startReversal(start);
  }

  function statusAnswer(
    terminal: SimulatedTerminal,
    request: Extract<ParsedRequest, { content: 'status' }>,
  ): SaleToPOIServiceResponse {
    const { reference } = request;
    const found = terminal.find(reference.ExchangeIdentification);
    // A reversal carries no reference of its own (its answer names the original's), so only a payment's or refund's is checked.
    const ownReference = found?.kind === 'reversal' ? undefined : found?.identification.TransactionReference;
    const mismatch =
      reference.TransactionReference !== undefined &&
      ownReference !== undefined &&
      reference.TransactionReference !== ownReference;
    const target = mismatch ? undefined : found;
    const echoedReference = reference.TransactionReference ?? (target === undefined ? undefined : ownReference);
    const messageReference: MessageReference = {
      ExchangeIdentification: reference.ExchangeIdentification,
      ...(echoedReference === undefined ? {} : { TransactionReference: echoedReference }),
    };
    const common = { Environment: request.environment, ServiceContent: 'TransactionStatusResponse' as const };
    const reply = (service: ServiceResponse) => envelope(responseHeader(request.header, time.now()), service);

    if (target === undefined) {
      return reply({
        ...common,
        Response: {
          Result: 'Failure',
          ResponseReason: 'NotFound',
          AdditionalResponseInformation: 'No request with this ExchangeIdentification reached the terminal',
        },
        TransactionStatusResponse: { MessageReference: messageReference },
      });
    }
    const original = target.response?.SaleToPOIServiceResponse.ServiceResponse;
    if (original === undefined) {
      return reply({
        ...common,
        Response: {
          Result: 'Failure',
          ResponseReason: 'InProgress',
          AdditionalResponseInformation: 'The terminal is still processing the request',
        },
        TransactionStatusResponse: { MessageReference: messageReference },
      });
    }
    return reply({
      ...common,
      Response: { Result: 'Success' },
      TransactionStatusResponse: {
        MessageReference: messageReference,
        RepeatedResponse:
          original.ReversalResponse === undefined
            ? {
                ServiceContent: 'FinancialPaymentResponse',
                Response: original.Response,
                ...(original.PaymentResponse === undefined ? {} : { PaymentResponse: original.PaymentResponse }),
              }
            : {
                ServiceContent: 'ReversalResponse',
                Response: original.Response,
                ReversalResponse: original.ReversalResponse,
              },
      },
    });
  }

  async function handle(incoming: {
    terminal: SimulatedTerminal;
    channel: Channel;
    raw: string;
    signal: AbortSignal;
  }): Promise<CloudReply> {
    const { terminal, channel, raw, signal } = incoming;
    let document: unknown;
    try {
      document = JSON.parse(raw);
    } catch {
      return errorReply(400, 'The body is not valid JSON');
    }
    const read = readRequest(document, terminal.utid);
    if (!read.ok) return errorReply(400, read.message);
    const { request } = read;
    const { header } = request;
    const exchangeId = header.ExchangeIdentification;

    if (request.content === 'status' && channel === 'async') {
      return errorReply(400, 'Transaction status requests are synchronous: send them to /payments/sync');
    }
    if (channel === 'async' && header.WebhookUrl === undefined) {
      return errorReply(400, 'Header.WebhookUrl is required on an asynchronous request');
    }
    const offline = request.content === 'payment' && scenarioOf(request).kind === 'terminal-offline';
    if (!terminal.online || offline) return notConnected(terminal);
    if (terminal.refuseRepeat(exchangeId)) {
      logger.warn('worldline_simulator.repeated_exchange', { utid: terminal.utid, exchangeId });
      return errorReply(400, `ExchangeIdentification ${exchangeId} was already used on terminal ${terminal.utid}`);
    }
    const faults = terminal.faults.take(categoryOf(request));
    if (faults.names.length > 0) {
      logger.info('worldline_simulator.fault_taken', { utid: terminal.utid, exchangeId, faults: faults.names });
    }
    const turnedAway = faults.turnedAway;
    // Turned away before processing: the ExchangeIdentification stays free for the client to send again.
    if (turnedAway !== undefined) return faultReply(turnedAway.status);
    if (request.content === 'status') {
      // Claims nothing: asking twice is harmless, and a till may re-send a question whose answer was lost.
      return withReplyFaults({ kind: 'json', status: 200, body: statusAnswer(terminal, request) }, faults);
    }
    terminal.claimExchange(exchangeId);
    const common: CommonStart = {
      channel,
      requestId: channel === 'async' ? randomUUID() : undefined,
      header,
      environment: request.environment,
      faults,
      webhook:
        channel === 'async' && header.WebhookUrl !== undefined
          ? { url: header.WebhookUrl, retries: header.NumberOfRetries ?? DEFAULT_NUMBER_OF_RETRIES }
          : undefined,
    };
    const transaction =
      request.content === 'payment' ? payment(terminal, request, common) : reversal(terminal, request, common);
    logger.info('worldline_simulator.transaction_started', {
      utid: terminal.utid,
      kind: transaction.kind,
      channel,
      exchangeId,
      state: transaction.state,
    });
    return answer(transaction, signal);
  }

  function finished(terminal: SimulatedTerminal, transaction: SimTransaction) {
    const response = transaction.response;
    logger.info('worldline_simulator.transaction_finished', {
      utid: terminal.utid,
      exchangeId: transaction.exchangeId,
      result: response?.SaleToPOIServiceResponse.ServiceResponse.Response.Result,
    });
    if (transaction.webhook === undefined || response === undefined) return;
    const { faults } = transaction;
    if (faults.has('lose-webhook')) return;
    const body: WorldlineWebhookBody = { data: response };
    delivery.send({
      target: transaction.webhook,
      body,
      delayMs: faults.get('delay-webhook')?.delayMs ?? 0,
      copies: faults.has('duplicate-webhook') ? 2 : 1,
      onAttempt(delivered) {
        transaction.webhookAttempts += 1;
        if (delivered) transaction.webhookDelivered = true;
      },
    });
  }

  return { handle, finished };
}
