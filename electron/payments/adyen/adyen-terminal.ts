import { createSecretKey } from 'node:crypto';
import type { SaleToPOIRequest } from '../../../shared/payments/adyen/nexo.ts';
import { describeFetchError } from '../fetch-error.ts';
import type { Logger } from '../../logging/logger.ts';
import type { PaymentRequestIds, SendResult, StatusResult, TerminalProvider } from '../terminal-provider.ts';
import { abortRequest, paymentRequest, reversalRequest, transactionStatusRequest } from './messages.ts';
import { readNotification, readPaymentReply, readStatusReply } from './replies.ts';
import { signatureMatches, signRequest } from './request-signature.ts';
import { newServiceId } from './service-ids.ts';
import type { AdyenTerminalConnection } from './terminal-connection.ts';
import { systemClock, type Clock } from '../../clock.ts';

/**
 * The Adyen cloud Terminal API as a `TerminalProvider`: requests go over
 * HTTPS with the X-API-Key header to the endpoint family the till is set up
 * for. Every transport failure (timeout, dropped connection, 5xx, an empty or
 * unreadable body) comes back as `unknown`, never as a decline.
 */

/** How long a held /sync payment may stay open beyond the result deadline before the transport gives up. */
const SYNC_HTTP_MARGIN_MS = 30_000;
/** /async answers at once; Odoo uses 10 s. */
const ASYNC_HTTP_TIMEOUT_MS = 10_000;
/** A status request the terminal holds while the payment runs. */
const STATUS_HTTP_TIMEOUT_MS = 60_000;
const ABORT_HTTP_TIMEOUT_MS = 15_000;

type Reply = { kind: 'reply'; status: number; text: string } | { kind: 'failed'; reason: string };

export function createAdyenTerminal(options: {
  connection: AdyenTerminalConnection;
  delivery: 'sync' | 'async';
  resultTimeoutMs: number;
  signingKey: Buffer;
  logger: Logger;
  clock?: Clock;
  /**
   * What a payment's reply says about the terminal: the cloud could not
   * reach it (a Reject) or it answered. The status bar's light follows it
   * between the device status checks.
   */
  onReading?: (reading: 'online' | 'offline') => void;
}): TerminalProvider {
  const { connection, delivery, resultTimeoutMs, logger } = options;
  // Made once: building a key object for every HMAC costs more than the HMAC.
  const signingKey = createSecretKey(options.signingKey);
  const clock = options.clock ?? systemClock;

  function url(endpoint: 'sync' | 'async'): string {
    if (connection.api === 'terminal-api') return `${connection.endpoints.legacy}/${endpoint}`;
    return (
      `${connection.endpoints.device}/merchants/${encodeURIComponent(connection.merchantAccount)}` +
      `/devices/${encodeURIComponent(connection.poiId)}/${endpoint}`
    );
  }

  async function post(
    endpoint: 'sync' | 'async',
    message: SaleToPOIRequest,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<Reply> {
    // The caller's signal, plus the transport's own time limit.
    const limited = new AbortController();
    const onAbort = () => limited.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => limited.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
    try {
      const response = await fetch(url(endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': connection.apiKey },
        body: JSON.stringify(message),
        signal: limited.signal,
      });
      return { kind: 'reply', status: response.status, text: await response.text() };
    } catch (error) {
      const reason = signal.aborted ? 'stopped waiting' : describeFetchError(error);
      const header = message.SaleToPOIRequest.MessageHeader;
      logger.warn('adyen.request_failed', { category: header.MessageCategory, serviceId: header.ServiceID, reason });
      return { kind: 'failed', reason };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** What an HTTP status that is not 200 means for a request. */
  function notOk(status: number, text: string): { kind: 'refused' | 'unknown'; reason: string } {
    // The cloud turned the till away before anything reached the terminal.
    if (status === 401 || status === 403)
      return { kind: 'refused', reason: `Adyen refused the API key (HTTP ${status})` };
    if (status === 400 || status === 404 || status === 413 || status === 422) {
      return { kind: 'refused', reason: `Adyen refused the request (HTTP ${status}: ${text.slice(0, 120)})` };
    }
    return { kind: 'unknown', reason: `HTTP ${status}` };
  }

  return {
    name: 'adyen',
    terminalId: connection.poiId,
    saleSystemId: connection.saleId,
    delivery,
    canAbort: true,
    newServiceId,

    async sendPayment(request, signal): Promise<SendResult> {
      const build = request.kind === 'reversal' ? reversalRequest : paymentRequest;
      const message = build(request, signRequest(signingKey, request), clock.now());
      const timeout = delivery === 'sync' ? resultTimeoutMs + SYNC_HTTP_MARGIN_MS : ASYNC_HTTP_TIMEOUT_MS;
      const reply = await post(delivery, message, timeout, signal);
      if (reply.kind === 'failed') return { kind: 'unknown', reason: reply.reason };
      if (reply.status !== 200) return notOk(reply.status, reply.text);
      const result = readPaymentReply(reply.text, request);
      // `ok` is only an answer on /async; on /sync a result must come back.
      if (result.kind === 'accepted' && delivery === 'sync') return { kind: 'unknown', reason: 'unexpected "ok"' };
      if (result.kind === 'not_started') options.onReading?.('offline');
      if (result.kind === 'outcome') options.onReading?.('online');
      return result;
    },

    async askStatus(request, serviceId, signal): Promise<StatusResult> {
      // Status is always asked on /sync, even for an async till (Adyen's verify-status guide).
      const reply = await post('sync', transactionStatusRequest(request, serviceId), STATUS_HTTP_TIMEOUT_MS, signal);
      if (reply.kind === 'failed') return { kind: 'unknown', reason: reply.reason };
      if (reply.status !== 200) return notOk(reply.status, reply.text);
      return readStatusReply(reply.text, request);
    },

    async abort(request, serviceId, signal) {
      const reply = await post(delivery, abortRequest(request, serviceId), ABORT_HTTP_TIMEOUT_MS, signal);
      if (reply.kind === 'failed') return { delivered: false, reason: reply.reason };
      if (reply.status !== 200) return { delivered: false, reason: `HTTP ${reply.status}` };
      // Success is an empty body on /sync and `ok` on /async; anything else is a Reject.
      const text = reply.text.trim();
      return text === '' || text === 'ok' ? { delivered: true } : { delivered: false, reason: 'rejected' };
    },

    readNotification: (body, requestOf) => readNotification(body, requestOf),

    verifySignature: (request: PaymentRequestIds, signature: string) =>
      signatureMatches(signingKey, request, signature),
  };
}
