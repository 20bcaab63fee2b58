import type {
  EventNotification,
  PaymentReceipt,
  SaleToPOIResponse,
  TerminalNotification,
  TransactionStatusResponse,
} from '../../../shared/payments/adyen/nexo.ts';
import type { Logger } from '../../logging/logger.ts';
import { majorToMinor } from './amounts.ts';
import type { EventDelivery } from './event-delivery.ts';
import type { TakenFaults } from './faults.ts';
import { formEncode, formEncodePlus, parseSaleToAcquirerData } from './form-encoding.ts';
import {
  adyenErrors,
  isSupportedCategory,
  MessageHeaderSchema,
  parseBody,
  type ParsedAbortRequest,
  type ParsedPaymentRequest,
  type ParsedReversalRequest,
  type ParsedTransactionStatusRequest,
  type RequestHeader,
  type SupportedCategory,
} from './request-schemas.ts';
import { scenarioFor } from '../scenarios.ts';
import type { SimTime } from '../sim-time.ts';
import {
  displayNotification,
  responseHeader,
  type Channel,
  type SimTransaction,
  type SimulatedTerminal,
  type TerminalNotifier,
} from './terminal.ts';

/**
 * Adyen's cloud between the till and the terminals: reads a Terminal API
 * request, refuses what Adyen refuses, hands the rest to the terminal, and
 * answers on the channel the request came in on (`/sync`: the held HTTP
 * reply; `/async`: `ok` now, the result later to the event URLs). Knows
 * nothing about HTTP itself; `simulator.ts` carries the bytes.
 */

export type { Channel } from './terminal.ts';

export type CloudReply =
  | { kind: 'json'; body: unknown; status?: number; contentType?: string }
  | { kind: 'text'; body: string; status?: number }
  /** 200 with no body: a successful AbortRequest on /sync. */
  | { kind: 'empty' }
  /** Hold the connection until the client gives up (a scripted fault). */
  | { kind: 'never' }
  /** Cut the connection without a reply (a scripted fault). */
  | { kind: 'drop' };

/** How long the cloud waits on a terminal that does not answer before rejecting (simulated ms). */
export const OFFLINE_REJECT_AFTER_MS = 6_000;
/** A status request about a transaction still in progress is held this long before answering InProgress. */
export const STATUS_HOLD_MS = 5_000;

const NO_RESPONSE_FROM_POI = 'Did not receive a response from the POI.';

export interface CloudDependencies {
  time: SimTime;
  logger: Logger;
  terminal(poiid: string): SimulatedTerminal | undefined;
  /** Every terminal of the merchant: a referenced refund may name a payment taken on another one. */
  terminals(): Iterable<SimulatedTerminal>;
  delivery(): EventDelivery;
}

export interface Cloud {
  handle(request: {
    raw: string;
    channel: Channel;
    /** The Cloud device API's `{deviceId}`, which must equal the header's POIID. */
    deviceId?: string;
    /** Aborts when the client hangs up. */
    signal: AbortSignal;
  }): Promise<CloudReply>;
  readonly notifier: TerminalNotifier;
}

function json(body: unknown): CloudReply {
  return { kind: 'json', body };
}

export function createCloud(dependencies: CloudDependencies): Cloud {
  const { time, logger } = dependencies;
  /** Display notifications held back by a reorder fault, released after the result. */
  const heldDisplays = new WeakMap<SimTransaction, TerminalNotification[]>();

  function reject(details: {
    message: string;
    header?: { POIID?: string | undefined; SaleID?: string | undefined; ServiceID?: string | undefined };
    raw: string;
    terminal?: SimulatedTerminal;
  }): CloudReply {
    const notification: EventNotification = {
      EventToNotify: 'Reject',
      EventDetails: formEncodePlus({ message: details.message }),
      RejectedMessage: Buffer.from(details.raw).toString('base64'),
      TimeStamp: time.now().toISOString(),
    };
    return json({
      SaleToPOIRequest: {
        EventNotification: notification,
        MessageHeader: {
          DeviceID: details.terminal?.deviceId ?? '0',
          MessageCategory: 'Event',
          MessageClass: 'Event',
          MessageType: 'Notification',
          POIID: details.header?.POIID ?? 'N/A',
          ProtocolVersion: '3.0',
          SaleID: details.header?.SaleID ?? 'N/A',
          ...(details.header?.ServiceID === undefined ? {} : { ServiceID: details.header.ServiceID }),
        },
      },
    });
  }

  /** `raw` is the request as received, carried back (Base64) in the Reject a refused Abort gets. */
  function messageFormat(header: RequestHeader, category: SupportedCategory, errors: string, raw = ''): CloudReply {
    const response = { Result: 'Failure', ErrorCondition: 'MessageFormat', AdditionalResponse: formEncode({ errors }) };
    const bodyName = `${category}Response`;
    if (category === 'Abort') {
      // There is no AbortResponse in nexo: a refused abort comes back as a Reject.
      return reject({ message: errors, header, raw });
    }
    return json({ SaleToPOIResponse: { MessageHeader: responseHeader(header), [bodyName]: { Response: response } } });
  }

  async function offlineReject(
    terminal: SimulatedTerminal,
    header: RequestHeader,
    raw: string,
    signal: AbortSignal,
  ): Promise<CloudReply> {
    if (!(await time.wait(OFFLINE_REJECT_AFTER_MS, signal))) return { kind: 'never' };
    return reject({ message: NO_RESPONSE_FROM_POI, header, raw, terminal });
  }

  /** The scripted faults on the HTTP reply, applied last. */
  async function withReplyFaults(reply: CloudReply, faults: TakenFaults, signal: AbortSignal): Promise<CloudReply> {
    if (faults.has('never-respond')) return { kind: 'never' };
    if (faults.has('drop-connection')) return { kind: 'drop' };
    const gatewayError = faults.get('http-error');
    if (gatewayError !== undefined) return { kind: 'text', status: gatewayError.status, body: 'Bad Gateway' };
    const late = faults.get('respond-late');
    if (late !== undefined && !(await time.wait(late.delayMs, signal))) return { kind: 'never' };
    return reply;
  }

  async function awaitResult(
    terminal: SimulatedTerminal,
    transaction: SimTransaction,
    raw: string,
    signal: AbortSignal,
  ): Promise<CloudReply> {
    const stop = new AbortController();
    const stopOnHangUp = () => stop.abort();
    signal.addEventListener('abort', stopOnHangUp, { once: true });
    try {
      const outcome = await Promise.race([
        transaction.whenReported.then((response) => ({ kind: 'result' as const, response })),
        terminal
          .untilOffline(stop.signal)
          .then((offline) => ({ kind: offline ? ('offline' as const) : ('gone' as const) })),
      ]);
      if (outcome.kind === 'result') return json(outcome.response);
      if (outcome.kind === 'gone') return { kind: 'never' };
      // The terminal dropped off mid-transaction: the cloud waits, then gives up on it.
      const late = await Promise.race([
        transaction.whenReported.then((response) => json(response)),
        offlineReject(terminal, transaction.requestHeader, raw, stop.signal),
      ]);
      return late;
    } finally {
      stop.abort();
      signal.removeEventListener('abort', stopOnHangUp);
    }
  }

  async function started(
    terminal: SimulatedTerminal,
    transaction: SimTransaction,
    raw: string,
    signal: AbortSignal,
  ): Promise<CloudReply> {
    const reply =
      transaction.channel === 'async'
        ? { kind: 'text' as const, body: 'ok' }
        : await awaitResult(terminal, transaction, raw, signal);
    return withReplyFaults(reply, transaction.faults, signal);
  }

  /**
   * A transaction the terminal answered at once (Busy, a refused refund). On
   * /async that answer is a notification like any other result: the HTTP
   * reply only says the request reached the terminal.
   */
  function answeredAtOnce(transaction: SimTransaction, faults: TakenFaults, signal: AbortSignal): Promise<CloudReply> {
    const reply: CloudReply =
      transaction.channel === 'async' ? { kind: 'text', body: 'ok' } : json(transaction.response);
    return withReplyFaults(reply, faults, signal);
  }

  function metadataOf(saleToAcquirerData: string | undefined): Map<string, string> | string {
    if (saleToAcquirerData === undefined) return new Map();
    const pairs = parseSaleToAcquirerData(saleToAcquirerData);
    if (pairs === undefined) return 'Invalid value, must be form-encoded key=value pairs or Base64 JSON';
    return pairs;
  }

  function onlyMetadata(pairs: Map<string, string>): Map<string, string> {
    return new Map([...pairs].filter(([key]) => key.startsWith('metadata.')));
  }

  async function payment(
    terminal: SimulatedTerminal,
    header: RequestHeader,
    body: ParsedPaymentRequest,
    context: { channel: Channel; raw: string; signal: AbortSignal; faults: TakenFaults },
  ): Promise<CloudReply> {
    const amounts = body.PaymentTransaction.AmountsReq;
    const amountMinor = majorToMinor(amounts.RequestedAmount, amounts.Currency);
    const prefix = 'SaleToPOIRequest.PaymentRequest';
    if (amountMinor === undefined) {
      return messageFormat(
        header,
        'Payment',
        `At ${prefix}.PaymentTransaction.AmountsReq, field RequestedAmount: Invalid value, more decimals than ${amounts.Currency} has`,
      );
    }
    const pairs = metadataOf(body.SaleData.SaleToAcquirerData);
    if (typeof pairs === 'string') {
      return messageFormat(header, 'Payment', `At ${prefix}.SaleData, field SaleToAcquirerData: ${pairs}`);
    }
    const kind = body.PaymentData?.PaymentType === 'Refund' ? 'refund' : 'payment';
    const scenario = scenarioFor(amountMinor, kind);
    const common = {
      header,
      channel: context.channel,
      saleTransactionId: body.SaleData.SaleTransactionID,
      currency: amounts.Currency,
      amountMinor,
      metadata: onlyMetadata(pairs),
      faults: context.faults,
    };
    if (scenario.kind === 'terminal-offline') {
      // The request never reaches the terminal, so a status request will say NotFound.
      return offlineReject(terminal, header, context.raw, context.signal);
    }
    if (terminal.current !== undefined || scenario.kind === 'terminal-busy') {
      const busy = terminal.recordImmediate({
        ...common,
        kind,
        errorCondition: 'Busy',
        message: busyMessage(terminal),
      });
      return answeredAtOnce(busy, context.faults, context.signal);
    }
    const transaction = terminal.startPayment({ ...common, kind, scenario });
    return started(terminal, transaction, context.raw, context.signal);
  }

  function findOriginal(
    transactionId: string,
  ): { terminal: SimulatedTerminal; transaction: SimTransaction } | undefined {
    for (const terminal of dependencies.terminals()) {
      const transaction = terminal.transactions.find(
        (candidate) => candidate.poiTransactionId?.TransactionID === transactionId,
      );
      if (transaction !== undefined) return { terminal, transaction };
    }
    return undefined;
  }

  async function reversal(
    terminal: SimulatedTerminal,
    header: RequestHeader,
    body: ParsedReversalRequest,
    context: { channel: Channel; raw: string; signal: AbortSignal; faults: TakenFaults },
  ): Promise<CloudReply> {
    const prefix = 'SaleToPOIRequest.ReversalRequest';
    const pairs = metadataOf(body.SaleData?.SaleToAcquirerData);
    if (typeof pairs === 'string') {
      return messageFormat(header, 'Reversal', `At ${prefix}.SaleData, field SaleToAcquirerData: ${pairs}`);
    }
    const givenCurrency = pairs.get('currency');
    const found = findOriginal(body.OriginalPOITransaction.POITransactionID.TransactionID);
    const currency = found?.transaction.currency ?? givenCurrency ?? 'EUR';
    const answerAtOnce = (errorCondition: 'NotAllowed' | 'Busy', message: string, amountMinor: number) =>
      answeredAtOnce(
        terminal.recordImmediate({
          header,
          channel: context.channel,
          saleTransactionId: body.SaleData?.SaleTransactionID,
          currency,
          amountMinor,
          metadata: onlyMetadata(pairs),
          faults: context.faults,
          kind: 'reversal',
          errorCondition,
          message,
        }),
        context.faults,
        context.signal,
      );
    const refuse = (message: string, amountMinor = 0) => answerAtOnce('NotAllowed', message, amountMinor);

    if (found === undefined) return refuse('Original transaction not found');
    const original = found.transaction;
    // Adyen finds the original's currency only on the terminal that took it (adyen-node-api-library #968).
    if (found.terminal !== terminal && givenCurrency === undefined) {
      return refuse('Original currency not found and none given');
    }
    if (givenCurrency !== undefined && givenCurrency !== original.currency) {
      return refuse(`Currency ${givenCurrency} does not match the original ${original.currency}`);
    }
    if (original.kind !== 'payment') return refuse('Only a payment can be refunded');
    const remaining = original.amountMinor - original.refundedMinor;
    const amountMinor =
      body.ReversedAmount === undefined ? remaining : majorToMinor(body.ReversedAmount, original.currency);
    if (amountMinor === undefined) {
      return messageFormat(
        header,
        'Reversal',
        `At ${prefix}, field ReversedAmount: Invalid value, more decimals than ${original.currency} has`,
      );
    }
    if (remaining <= 0) return refuse('The original transaction has already been refunded in full', amountMinor);
    if (amountMinor > remaining) {
      return refuse(
        `Refund amount exceeds the amount still refundable (${String(remaining)} minor units)`,
        amountMinor,
      );
    }
    if (terminal.current !== undefined) return answerAtOnce('Busy', busyMessage(terminal), amountMinor);
    // Reserved now, so two refunds racing each other cannot both take the last of it.
    original.refundedMinor += amountMinor;
    const transaction = terminal.startReversal({
      header,
      channel: context.channel,
      saleTransactionId: body.SaleData?.SaleTransactionID,
      currency: original.currency,
      amountMinor,
      metadata: onlyMetadata(pairs),
      faults: context.faults,
      original,
      reversalReason: body.ReversalReason,
    });
    return started(terminal, transaction, context.raw, context.signal);
  }

  function repeatedBody(
    transaction: SimTransaction,
    request: ParsedTransactionStatusRequest,
  ): NonNullable<TransactionStatusResponse['RepeatedMessageResponse']> {
    const original = transaction.response?.SaleToPOIResponse;
    if (original === undefined) throw new Error('repeatedBody needs a finished transaction');
    const wanted = new Set(request.DocumentQualifier ?? ['CashierReceipt', 'CustomerReceipt']);
    const receipts = (list: PaymentReceipt[] | undefined) =>
      request.ReceiptReprintFlag === true
        ? list?.filter((receipt) => wanted.has(receipt.DocumentQualifier))
        : undefined;
    const strip = <T extends { PaymentReceipt?: PaymentReceipt[] }>(message: T): T => {
      const { PaymentReceipt: list, ...rest } = message;
      const kept = receipts(list);
      return (kept === undefined || kept.length === 0 ? rest : { ...rest, PaymentReceipt: kept }) as T;
    };
    return {
      MessageHeader: original.MessageHeader,
      RepeatedResponseMessageBody:
        original.PaymentResponse !== undefined
          ? { PaymentResponse: strip(original.PaymentResponse) }
          : original.ReversalResponse !== undefined
            ? { ReversalResponse: strip(original.ReversalResponse) }
            : {},
    };
  }

  async function transactionStatus(
    terminal: SimulatedTerminal,
    header: RequestHeader,
    body: ParsedTransactionStatusRequest,
    context: { raw: string; signal: AbortSignal; faults: TakenFaults },
  ): Promise<CloudReply> {
    const reference = body.MessageReference;
    const category = reference?.MessageCategory ?? 'Payment';
    const sameCategory = terminal.transactions.filter((transaction) =>
      reference?.MessageCategory === undefined ? true : transaction.category === reference.MessageCategory,
    );
    const transaction =
      reference?.ServiceID === undefined
        ? sameCategory.at(-1)
        : // The newest: a ServiceID may be used again once its 48 hours are over.
          sameCategory.findLast(
            (candidate) =>
              candidate.requestHeader.ServiceID === reference.ServiceID &&
              (reference.SaleID === undefined || candidate.requestHeader.SaleID === reference.SaleID),
          );
    const answer = (response: TransactionStatusResponse) =>
      withReplyFaults(
        json({ SaleToPOIResponse: { MessageHeader: responseHeader(header), TransactionStatusResponse: response } }),
        context.faults,
        context.signal,
      );

    if (transaction === undefined) {
      const last = sameCategory.at(-1)?.requestHeader;
      const message =
        `Message not found. Category=${category}` +
        (last === undefined ? '' : `, last such Request has SaleID=${last.SaleID} ServiceID=${last.ServiceID}`);
      return answer({
        Response: { Result: 'Failure', ErrorCondition: 'NotFound', AdditionalResponse: formEncode({ message }) },
      });
    }
    if (!transaction.reported) {
      // Adyen: no polling delay needed, the terminal holds the request for you.
      const hold = new AbortController();
      const stop = () => hold.abort();
      context.signal.addEventListener('abort', stop, { once: true });
      await Promise.race([transaction.whenReported, time.wait(STATUS_HOLD_MS, hold.signal)]);
      hold.abort();
      context.signal.removeEventListener('abort', stop);
      if (context.signal.aborted) return { kind: 'never' };
    }
    const messageReference = {
      MessageCategory: transaction.category,
      SaleID: transaction.requestHeader.SaleID,
      ServiceID: transaction.requestHeader.ServiceID,
    };
    if (!transaction.reported) {
      return answer({
        Response: {
          Result: 'Failure',
          ErrorCondition: 'InProgress',
          AdditionalResponse: formEncode({ message: 'Uncompleted transaction' }),
        },
        MessageReference: messageReference,
      });
    }
    return answer({
      Response: { Result: 'Success' },
      MessageReference: messageReference,
      RepeatedMessageResponse: repeatedBody(transaction, body),
    });
  }

  function abort(terminal: SimulatedTerminal, body: ParsedAbortRequest, channel: Channel): CloudReply {
    const reference = body.MessageReference;
    const target = terminal.current;
    if (
      target?.requestHeader.ServiceID === reference.ServiceID &&
      (reference.SaleID === undefined || target.requestHeader.SaleID === reference.SaleID)
    ) {
      target.abortController.abort();
    } else {
      logger.info('simulator.abort_matched_nothing', { poiid: terminal.poiid, serviceId: reference.ServiceID });
    }
    return channel === 'sync' ? { kind: 'empty' } : { kind: 'text', body: 'ok' };
  }

  async function handle(request: {
    raw: string;
    channel: Channel;
    deviceId?: string;
    signal: AbortSignal;
  }): Promise<CloudReply> {
    const { raw, channel, signal } = request;
    if (raw.trim() === '') {
      return reject({ message: 'Empty input which would have resulted in a null result.', raw });
    }
    let document: unknown;
    try {
      document = JSON.parse(raw);
    } catch (error) {
      return { kind: 'text', status: 400, body: badJson(raw, error as Error) };
    }
    const envelope = (document as { SaleToPOIRequest?: unknown } | null)?.SaleToPOIRequest;
    if (envelope === null || typeof envelope !== 'object') {
      return reject({ message: 'At root, field SaleToPOIRequest: Missing', raw });
    }
    const message = envelope as Record<string, unknown>;
    const rawHeader = message.MessageHeader as Partial<RequestHeader> | undefined;
    const headerResult = MessageHeaderSchema.safeParse(rawHeader, { reportInput: true });
    const category = typeof rawHeader?.MessageCategory === 'string' ? rawHeader.MessageCategory : undefined;
    if (!headerResult.success) {
      const errors = adyenErrors('SaleToPOIRequest.MessageHeader', headerResult.error);
      if (category !== undefined && isSupportedCategory(category) && rawHeader?.POIID !== undefined) {
        return messageFormat({ ...(rawHeader as RequestHeader), MessageType: 'Request' }, category, errors, raw);
      }
      return reject({ message: errors, header: rawHeader ?? {}, raw });
    }
    const header = headerResult.data;
    if (request.deviceId !== undefined && request.deviceId !== header.POIID) {
      return {
        kind: 'json',
        status: 422,
        contentType: 'application/problem+json',
        body: {
          type: 'https://docs.adyen.com/errors/validation',
          title: 'Invalid request',
          status: 422,
          errorCode: '00_422',
          detail: 'The deviceId in the path must be the same as the POIID in the MessageHeader.',
          invalidFields: [{ name: 'MessageHeader.POIID', value: header.POIID, message: `must be ${request.deviceId}` }],
        },
      };
    }
    if (!isSupportedCategory(header.MessageCategory)) {
      return reject({
        message: `MessageCategory ${header.MessageCategory} is not supported by this simulator`,
        header,
        raw,
      });
    }
    const supported = header.MessageCategory;
    const read = parseBody(supported, message);
    if (!read.ok) return messageFormat(header, supported, read.errors, raw);
    const { parsed } = read;
    const terminal = dependencies.terminal(header.POIID);
    if (terminal === undefined) {
      logger.warn('simulator.unknown_poiid', { poiid: header.POIID });
      return reject({ message: NO_RESPONSE_FROM_POI, header, raw });
    }
    if (!terminal.claimServiceId(header.ServiceID)) {
      return messageFormat(
        header,
        supported,
        `At SaleToPOIRequest.MessageHeader, field ServiceID: Invalid value, ${header.ServiceID} was already used on ${header.POIID} in the last 48 hours`,
        raw,
      );
    }
    const faults = terminal.faults.take(supported);
    const gatewayError = faults.get('http-error');
    if (gatewayError?.beforeTerminal === true)
      return { kind: 'text', status: gatewayError.status, body: 'Bad Gateway' };
    if (!terminal.online) return withReplyFaults(await offlineReject(terminal, header, raw, signal), faults, signal);

    const context = { channel, raw, signal, faults };
    switch (parsed.category) {
      case 'Payment':
        return payment(terminal, header, parsed.body, context);
      case 'Reversal':
        return reversal(terminal, header, parsed.body, context);
      case 'TransactionStatus':
        // Adyen answers status on /sync only; on /async the answer you wait for is the payment's own notification.
        if (channel === 'async') return withReplyFaults({ kind: 'text', body: 'ok' }, faults, signal);
        return transactionStatus(terminal, header, parsed.body, context);
      case 'Abort':
        return withReplyFaults(abort(terminal, parsed.body, channel), faults, signal);
    }
  }

  const notifier: TerminalNotifier = {
    display(terminal, transaction, event) {
      const notification = displayNotification(terminal, transaction, event, time.now());
      if (transaction.faults.has('reorder-notifications')) {
        heldDisplays.set(transaction, [...(heldDisplays.get(transaction) ?? []), notification]);
        return;
      }
      dependencies.delivery().send(notification);
    },
    reported(_terminal, transaction) {
      const delivery = dependencies.delivery();
      const held = heldDisplays.get(transaction) ?? [];
      heldDisplays.delete(transaction);
      const sendHeld = () => {
        for (const notification of held) delivery.send(notification);
      };
      if (transaction.channel !== 'async' || transaction.response === undefined) {
        sendHeld();
        return;
      }
      const result: SaleToPOIResponse = transaction.response;
      const faults = transaction.faults;
      if (faults.has('lose-notification')) {
        sendHeld();
        return;
      }
      const delay = faults.get('delay-notification');
      const sendResult = () => {
        delivery.send(result);
        if (faults.has('duplicate-notification')) delivery.send(result);
      };
      if (delay !== undefined) {
        sendHeld();
        void time.wait(delay.delayMs).then((elapsed) => elapsed && sendResult());
        return;
      }
      sendResult();
      sendHeld();
    },
    connected(terminal) {
      dependencies.delivery().send({
        SaleToPOIRequest: {
          EventNotification: {
            EventToNotify: 'NetworkConnected',
            EventDetails: formEncodePlus({ message: 'Terminal connected' }),
            TimeStamp: time.now().toISOString(),
          },
          MessageHeader: {
            DeviceID: terminal.deviceId,
            MessageCategory: 'Event',
            MessageClass: 'Event',
            MessageType: 'Notification',
            POIID: terminal.poiid,
            ProtocolVersion: '3.0',
            SaleID: 'N/A',
          },
        },
      });
    },
  };

  return { handle, notifier };
}

/** Adyen names the dialogue already running, not the one refused. */
function busyMessage(terminal: SimulatedTerminal): string {
  return `Forbidden Request, Service Dialogue ${terminal.current?.category ?? 'Payment'}Request is in Progress`;
}

/** Adyen answers unparsable JSON with a plain-text "Bad JSON" reply naming the line. */
function badJson(raw: string, error: Error): string {
  // V8 names no position when the input stops short; the problem is then at its end.
  const position =
    /position (\d+)/.exec(error.message)?.[1] ??
    (error.message.includes('Unexpected end of JSON input') ? String(raw.length) : undefined);
  if (position === undefined) return `Bad JSON: ${error.message}`;
  const before = raw.slice(0, Number(position));
  const line = before.split('\n').length;
  return `Bad JSON: line ${String(line)}: ${error.message}`;
}
